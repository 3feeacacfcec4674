"""The sample's invoices: reconciliation finds every seeded discrepancy and nothing else."""

from __future__ import annotations

from importlib import resources

import pytest

from slcp.finance import DiscrepancyReason, SampleInvoices, reconcile_invoices, sample_invoices
from slcp.io.invoices import read_invoices, write_invoices
from slcp.sample import south_london

R = DiscrepancyReason


@pytest.fixture(scope="module")
def sample() -> SampleInvoices:
    return sample_invoices()


def test_seeded_discrepancies_are_pinned(sample: SampleInvoices) -> None:
    # Amounts are invoiced - expected in pence. Worked for the wrong rate: November 2019 for
    # PL-L00005 billed £25 a week over its fee: 30 days x 2,500 / 7 = 10,714.29p, the billed
    # and expected totals each rounded half up once: 10,715p. The missing month is minus
    # June 2020's charge; the late payment moves no money.
    assert [(d.reason, d.invoice, d.placement, d.amount.pence) for d in sample.seeded] == [
        (R.WRONG_RATE, "PRV-F003-PL-L00005-2019-11", "PL-L00005", 10_715),
        (R.UPLIFT_EARLY, "PRV-F003-PL-L01784-2020-03", "PL-L01784", 4_105),
        (R.UPLIFT_NOT_APPLIED, "PRV-F023-PL-L01847-2020-04", "PL-L01847", -17_610),
        (R.DAYS_OUTSIDE_PLACEMENT, "PRV-F023-PL-L01644-2019-11", "PL-L01644", 161_317),
        (R.DUPLICATE, "PRV-F003-PL-L00458-2020-06-again", "PL-L00458", 444_004),
        (R.OVERLAP, "PRV-F003-PL-L00128-2019-11", "PL-L00128", 98_599),
        (R.MISSING, None, "PL-L00810", -456_060),
        (R.LATE_PAYMENT, "PRV-F003-PL-L01295-2019-11", "PL-L01295", 0),
    ]
    assert {d.reason for d in sample.seeded} == set(DiscrepancyReason)
    assert len(sample.invoices) == 467
    assert len({i.id for i in sample.invoices}) == 467  # numbers are unique


def test_reconciliation_finds_exactly_the_seeded_discrepancies(sample: SampleInvoices) -> None:
    result = reconcile_invoices(south_london(), sample.invoices, window=sample.window)

    def key(d):  # type: ignore[no-untyped-def]
        return (d.reason.value, d.invoice or "", d.placement, d.amount.pence, d.period)

    assert sorted(map(key, result.discrepancies)) == sorted(map(key, sample.seeded))
    # six invoices carry a charge discrepancy (the late one is charged right; the missing
    # one has no invoice): the other 461 match their charge to the penny
    assert sum(1 for c in result.checks if c.reason is None) == 467 - 6


def test_the_shipped_csv_is_the_sample(sample: SampleInvoices) -> None:
    shipped = resources.files("slcp") / "data" / "sample-invoices.csv"
    text = shipped.read_text(encoding="utf-8")
    assert text == write_invoices(sample.invoices)
    assert read_invoices(text.encode()).records == sample.invoices
