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
    # PL-L00007 billed £25 a week over its fee: 30 days x 2,500 / 7 = 10,714.29p, the billed
    # and expected totals each rounded half up once: 10,714p (10,715p when the fee's own
    # fraction of a penny carries). The missing month is minus June 2020's charge; the late
    # payment moves no money. The uplift discrepancies fall on PRV-S011, which asked for an
    # increase in the SEND 2020/21 round (effective 1 April 2020).
    assert [(d.reason, d.invoice, d.placement, d.amount.pence) for d in sample.seeded] == [
        (R.WRONG_RATE, "PRV-F005-PL-L00007-2019-11", "PL-L00007", 10_714),
        (R.UPLIFT_EARLY, "PRV-S011-PL-S00152-2020-03", "PL-S00152", 9_749),
        (R.UPLIFT_NOT_APPLIED, "PRV-S011-PL-S00384-2020-04", "PL-S00384", -6_488),
        (R.DAYS_OUTSIDE_PLACEMENT, "PRV-F005-PL-L03639-2020-01", "PL-L03639", 289_554),
        (R.DUPLICATE, "PRV-F005-PL-L00039-2020-06-again", "PL-L00039", 388_517),
        (R.OVERLAP, "PRV-F005-PL-L00640-2019-11", "PL-L00640", 135_582),
        (R.MISSING, None, "PL-L00647", -617_927),
        (R.LATE_PAYMENT, "PRV-F005-PL-L01425-2019-11", "PL-L01425", 0),
    ]
    assert {d.reason for d in sample.seeded} == set(DiscrepancyReason)
    assert len(sample.invoices) == 472
    assert len({i.id for i in sample.invoices}) == 472  # numbers are unique


def test_reconciliation_finds_exactly_the_seeded_discrepancies(sample: SampleInvoices) -> None:
    result = reconcile_invoices(south_london(), sample.invoices, window=sample.window)

    def key(d):  # type: ignore[no-untyped-def]
        return (d.reason.value, d.invoice or "", d.placement, d.amount.pence, d.period)

    assert sorted(map(key, result.discrepancies)) == sorted(map(key, sample.seeded))
    # six invoices carry a charge discrepancy (the late one is charged right; the missing
    # one has no invoice): the other 466 match their charge to the penny
    assert sum(1 for c in result.checks if c.reason is None) == 472 - 6


def test_the_shipped_csv_is_the_sample(sample: SampleInvoices) -> None:
    shipped = resources.files("slcp") / "data" / "sample-invoices.csv"
    text = shipped.read_text(encoding="utf-8")
    assert text == write_invoices(sample.invoices)
    assert read_invoices(text.encode()).records == sample.invoices
