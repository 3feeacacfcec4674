"""Bad pricing input: findings that name the record, and typed errors for fee rows."""

from __future__ import annotations

import pytest

from slcp.domain import FeeComponents
from slcp.errors import PeriodError
from slcp.findings import Finding
from slcp.money import Money
from slcp.periods import DateRange
from slcp.pricing import check_pricing, fee_history_from_periods
from tests.pricing.builders import SOURCE, d, placement, programme, uplift_round

FEE = FeeComponents(core=Money(100_000))


def _codes(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    return [(f.code, f.subject_id) for f in findings]


def test_clean_programme_has_no_findings() -> None:
    assert check_pricing(programme([placement()], [uplift_round(2019)])) == ()


def test_fee_history_gap_and_fee_after_end_and_zero_fee() -> None:
    gap = placement("GAP", start="2019-04-01", end="2020-04-01", fees_end="2019-10-01")
    late = placement(
        "LATE",
        start="2019-04-01",
        end="2019-06-01",
        fees=[("2019-04-01", 100_000), ("2019-07-01", 120_000)],
    )
    free = placement("FREE", weekly_pence=0)
    findings = check_pricing(programme([gap, late, free]))
    assert _codes(findings) == [
        ("fee-history-gap", "GAP"),
        ("fee-after-placement", "LATE"),
        ("fee-zero", "FREE"),
    ]
    assert findings[1].location == "$.placements[1].fees[1]"


def test_round_problems() -> None:
    rounds = [
        uplift_round(2019, requests=[("P9", "0.03", None), ("P1", "0.01", "0.02")]),
        uplift_round(2019, rid="SEND-2019/20-b"),
    ]
    findings = check_pricing(programme([], rounds))
    # the unknown provider P9 and the second 2019/20 round are domain validation's findings
    # (unknown-provider, repeated-uplift-round), not repeated here
    assert _codes(findings) == [("uplift-agreed-above-requested", "SEND-2019/20")]
    assert findings[0].location == "$.uplift_rounds[0].requests[1].agreed"


def test_fee_rows_that_tile_make_a_history() -> None:
    rows = [
        (DateRange(start=d("2019-04-01"), end=d("2019-09-01")), FEE, SOURCE),
        (DateRange(start=d("2019-09-01"), end=d("2020-04-01")), FEE, SOURCE),
    ]
    history = fee_history_from_periods(rows)
    assert [e.effective for e in history.entries] == [d("2019-04-01"), d("2019-09-01")]
    assert history.ends == d("2020-04-01")


def test_fee_rows_with_a_gap_or_overlap_are_refused() -> None:
    first = (DateRange(start=d("2019-04-01"), end=d("2019-09-01")), FEE, SOURCE)
    with pytest.raises(PeriodError, match="gap") as gap:
        fee_history_from_periods([first, (DateRange(start=d("2019-09-02")), FEE, SOURCE)])
    assert gap.value.field == "rows[1].start"
    with pytest.raises(PeriodError, match="overlap"):
        fee_history_from_periods([first, (DateRange(start=d("2019-08-31")), FEE, SOURCE)])
    with pytest.raises(PeriodError, match="only the last"):
        fee_history_from_periods([(DateRange(start=d("2019-04-01")), FEE, SOURCE), first])
