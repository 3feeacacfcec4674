"""Cost avoidance of fee-uplift rounds: hand-worked examples."""

from __future__ import annotations

import pytest

from slcp.domain import FeeUpliftRound, PlacementId, UpliftId, Workstream
from slcp.errors import UnknownReferenceError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import cost_avoidance
from tests.pricing.builders import CROYDON, SUTTON, placement, programme, uplift_round

FY19, FY20 = FinancialYear(2019), FinancialYear(2020)


def _two_rounds() -> list[FeeUpliftRound]:
    # both rounds: P1 asks 3%, the cap is 1%; P2 asks 2% and is agreed 2% by exception
    reqs = [("P1", "0.03", None), ("P2", "0.02", "0.02")]
    return [uplift_round(2019, requests=reqs), uplift_round(2020, requests=reqs)]


def test_in_year_full_year_and_carried_effect() -> None:
    # PL1: £1,000 a week from Sept 2018, open.
    # 2019/20: requested 103,000p vs agreed 101,000p -> 2,000p a week avoided; 366 days:
    #   2,000 × 366 ÷ 7 = 104,571.43p -> 104,571p in year; full year (1 Apr 2019 + 12 months,
    #   366 days) the same.
    # 2020/21: actual 101,000 × 1.01 = 102,010p; had 2019/20 given 3%: 103,000 × 1.01 =
    #   104,030p -> the 2019/20 round still avoids 2,020p a week: 2,020 × 365 ÷ 7 =
    #   105,328.57p -> 105,329p. The 2020/21 round: 101,000 × 1.03 = 104,030p vs 102,010p
    #   -> 2,020p a week, 105,329p in year.
    p = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    result = cost_avoidance(programme([p], _two_rounds()), horizon=FY20)
    first = result.round("SEND-2019/20")
    assert (first.in_year, first.full_year) == (Money(104_571), Money(104_571))
    assert first.by_year == {FY19: Money(104_571), FY20: Money(105_329)}
    second = result.round("SEND-2020/21")
    assert second.in_year == Money(105_329)
    assert result.total == Money(104_571 + 105_329 + 105_329)
    assert result.by_workstream() == {Workstream.SEND: Money(315_229)}
    assert result.by_workstream(through=FY19) == {Workstream.SEND: Money(104_571)}


def test_agreed_equal_to_requested_avoids_exactly_nothing() -> None:
    p = placement("PL2", start="2018-09-01", weekly_pence=100_000, provider="P2", borough=SUTTON)
    result = cost_avoidance(programme([p], _two_rounds()), horizon=FY20)
    assert result.total == Money(0)
    assert result.lines == ()
    first = result.round("SEND-2019/20")
    assert (first.placements, first.in_year, first.full_year) == (1, Money(0), Money(0))


def test_ended_placement_in_year_vs_full_year() -> None:
    # ends 1 Oct 2019: 183 days in 2019/20 (Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 +
    # Sep 30) × 2,000p ÷ 7 = 52,285.71p -> 52,286p; the full-year effect still counts twelve
    # months: 104,571p
    p = placement("PL3", start="2018-09-01", end="2019-10-01", weekly_pence=100_000)
    result = cost_avoidance(programme([p], _two_rounds()), horizon=FY20)
    first = result.round("SEND-2019/20")
    assert (first.in_year, first.full_year, first.total) == (
        Money(52_286),
        Money(104_571),
        Money(52_286),
    )


def test_breakdowns_by_borough_and_placement_add_up() -> None:
    a = placement("PL1", start="2018-09-01", weekly_pence=100_000, borough=CROYDON)
    b = placement("PL4", start="2018-09-01", weekly_pence=100_000, borough=SUTTON)
    result = cost_avoidance(programme([a, b], _two_rounds()), horizon=FY19)
    # each placement 2,000p a week × 366 ÷ 7 = 104,571.43p; the round-year total
    # 209,142.86p -> 209,143p, allocated 104,572p + 104,571p (tie broken by id: PL1 first)
    assert result.by_round() == {UpliftId("SEND-2019/20"): Money(209_143)}
    assert result.by_placement() == {
        PlacementId("PL1"): Money(104_572),
        PlacementId("PL4"): Money(104_571),
    }
    assert result.by_borough() == {CROYDON: Money(104_572), SUTTON: Money(104_571)}


def test_weighted_averages_of_requested_and_agreed() -> None:
    # weights: the fee before the round, 100,000p each. Requested (3% + 2%) ÷ 2 = 2.5%,
    # agreed (1% + 2%) ÷ 2 = 1.5%
    a = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    b = placement("PL2", start="2018-09-01", weekly_pence=100_000, provider="P2")
    first = cost_avoidance(programme([a, b], _two_rounds()), horizon=FY19).round("SEND-2019/20")
    assert (str(first.requested_average), str(first.agreed_average)) == ("1/40", "3/200")


def test_round_naming_an_unknown_provider_is_refused() -> None:
    p = placement("PL1", start="2018-09-01")
    r = uplift_round(2019, requests=[("P9", "0.03", None)])
    with pytest.raises(UnknownReferenceError, match="P9"):
        cost_avoidance(programme([p], [r]), horizon=FY19)


def test_rounds_after_the_horizon_are_not_assessed() -> None:
    p = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    result = cost_avoidance(programme([p], _two_rounds()), horizon=FY19)
    assert [r.round_id for r in result.rounds] == ["SEND-2019/20"]


def test_exception_above_the_request_gives_negative_avoidance_that_still_adds_up() -> None:
    # PL1 (P1): asked 3%, capped at 1% -> +2,000p a week avoided -> +104,571.43p in 2019/20.
    # PL2 (P2): asked 1%, agreed 2% by exception -> −1,000p a week -> −52,285.71p.
    # Round-year total 52,285.71p -> 52,286p; mixed signs: floors 104,571 and −52,286 sum to
    # 52,285, the spare penny goes to the larger remainder (PL1: .43 against PL2: .29).
    a = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    b = placement("PL2", start="2018-09-01", weekly_pence=100_000, provider="P2")
    r = uplift_round(2019, requests=[("P1", "0.03", None), ("P2", "0.01", "0.02")])
    result = cost_avoidance(programme([a, b], [r]), horizon=FY19)
    assert result.round("SEND-2019/20").in_year == Money(52_286)
    assert result.by_placement() == {
        PlacementId("PL1"): Money(104_572),
        PlacementId("PL2"): Money(-52_286),
    }


def test_per_round_and_all_rounds_together_and_their_interaction() -> None:
    # The two rounds of _two_rounds on PL1 (£1,000 a week from Sept 2018, open; P1 asks 3%,
    # agreed 1% each year). 2019/20: both conventions 2,000p a week × 366 ÷ 7 = 104,571p.
    # 2020/21, per round: each round alone 2,020p a week (see the test above) → 105,329p +
    # 105,329p = 210,658p (£2,106.58). All rounds together: 100,000 × 1.03 × 1.03 = 106,090p
    # against 102,010p agreed = 4,080p a week × 365 ÷ 7 = 212,742.86p → 212,743p (£2,127.43).
    # The interaction: 4,080 − 2 × 2,020 = 40p a week, 212,743 − 210,658 = 2,085p.
    from slcp.pricing import compare_avoidance_conventions

    p = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    prog = programme([p], _two_rounds())
    lines = compare_avoidance_conventions(prog, cost_avoidance(prog, horizon=FY20))
    got = [(x.financial_year, x.per_round, x.all_rounds, x.interaction) for x in lines]
    assert got == [
        (FY19, Money(104_571), Money(104_571), Money(0)),
        (FY20, Money(210_658), Money(212_743), Money(2_085)),
    ]
