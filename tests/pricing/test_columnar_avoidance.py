"""Cost avoidance in columns gives the object path's pence (STYLE principle 9).

Hand-worked examples at the edges the object path's tests name (several rounds, two rounds on
one day, a negative adjustment, both timings, a renegotiation), then the differential property
over generated portfolios, then the embedded sample.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import (
    FeeUpliftRound,
    Placement,
    PlacementId,
    Programme,
    ProviderId,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
)
from slcp.errors import InvalidValueError, UnknownReferenceError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import (
    CostAvoidance,
    compare_avoidance_conventions,
    cost_avoidance,
    cost_portfolio,
)
from slcp.pricing.columnar import (
    cost_and_avoidance_programme_columns,
    cost_avoidance_programme_columns,
)
from tests.pricing.builders import placement, programme, uplift_round
from tests.pricing.test_columnar import assert_same_as_object_path
from tests.strategies import TEST_SOURCE, costed_portfolios, financial_years, rates

FY19, FY20 = FinancialYear(2019), FinancialYear(2020)


def avoided(prog: Programme, horizon: FinancialYear) -> CostAvoidance:
    """The columnar figures, after checking them against the object path's."""
    got = cost_avoidance_programme_columns(prog, horizon=horizon)
    assert got == cost_avoidance(prog, horizon=horizon)
    return got


# --- hand-worked edges ------------------------------------------------------------------------


def test_several_rounds_in_year_full_year_and_carried() -> None:
    # £1,000 a week from Sept 2018; P1 asks 3% in 2019/20 and 2020/21, the cap is 1%.
    # 2019/20: 103,000p requested vs 101,000p agreed: 2,000p a week × 366 ÷ 7 = 104,571.43p.
    # 2020/21: 103,000 × 1.01 = 104,030p against 101,000 × 1.01 = 102,010p: 2,020p a week
    #   × 365 ÷ 7 = 105,328.57p carried; the 2020/21 round itself: 101,000 × 1.03 = 104,030p
    #   against 102,010p, the same 105,329p.
    p = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    rounds = [uplift_round(2019), uplift_round(2020)]
    result = avoided(programme([p], rounds), FY20)
    first = result.round("SEND-2019/20")
    assert (first.in_year, first.full_year) == (Money(104_571), Money(104_571))
    assert first.by_year == {FY19: Money(104_571), FY20: Money(105_329)}
    assert result.round("SEND-2020/21").in_year == Money(105_329)
    assert result.total == Money(315_229)


def test_avoidance_too_large_for_int64_is_summed_in_python_integers() -> None:
    # £1tn a week from Sept 2018, 3% asked and 1% agreed: 2,000,000,000,000p a week avoided
    # from 1 April 2019, × 366 ÷ 7 = 104,571,428,571,428.57p in 2019/20. Its numerator,
    # 2e12 × 366 days × 133,590 (7 × 365 × 366 ÷ 7 a day), is about 9.8e19, beyond int64.
    p = placement("PL1", start="2018-09-01", weekly_pence=10**14)
    result = avoided(programme([p], [uplift_round(2019)]), FY19)
    assert result.round("SEND-2019/20").in_year == Money(104_571_428_571_429)


def test_two_rounds_on_one_day_compound_in_id_order() -> None:
    # both on 1 April 2019, R-A before R-B. Agreed: 100,000 × 1.01 = 101,000, × 1.02 =
    # 103,020p. R-A at its requested 3%: 103,000 × 1.02 = 105,060p, so R-A avoids 2,040p a
    # week: × 366 ÷ 7 = 106,662.86p -> 106,663p. Its full-year effect is its own step's
    # difference, 103,000 − 101,000 = 2,000p a week: 104,571.43p -> 104,571p. R-B agreed what
    # was asked: nothing avoided.
    p = placement("PL1", start="2018-09-01", weekly_pence=100_000)
    rounds = [
        uplift_round(2019, rid="R-B", requests=(("P1", "0.02", None),), cap=None),
        uplift_round(2019, rid="R-A", requests=(("P1", "0.03", None),), cap="0.01"),
    ]
    result = avoided(programme([p], rounds), FY19)
    assert (result.round("R-A").in_year, result.round("R-A").full_year) == (
        Money(106_663),
        Money(104_571),
    )
    assert (result.round("R-B").placements, result.round("R-B").total) == (1, Money(0))


def test_a_negative_adjustment_on_the_anniversary() -> None:
    # £1,000 from 1 Oct 2018 to 1 Apr 2020; on 1 Oct 2019 P1 asks −1% and −2.5% is agreed:
    # 99,000p requested against 97,500p agreed, 1,500p a week for the 183 days to 31 March:
    # 1,500 × 183 ÷ 7 = 39,214.29p -> 39,214p. Full year from 1 Oct 2019: 366 days (29 Feb
    # 2020): 1,500 × 366 ÷ 7 = 78,428.57p -> 78,429p.
    p = placement("PL1", start="2018-10-01", end="2020-04-01")
    r = uplift_round(
        2019,
        requests=(("P1", "-0.01", "-0.025"),),
        timing=UpliftTiming.PLACEMENT_ANNIVERSARY,
    )
    result = avoided(programme([p], [r]), FY20)
    assert (result.round("SEND-2019/20").in_year, result.round("SEND-2019/20").full_year) == (
        Money(39_214),
        Money(78_429),
    )
    assert result.total == Money(39_214)


def test_a_renegotiation_ends_the_effect() -> None:
    # 2,000p a week avoided from 1 April 2019 until the new fee of 1 October 2019: 183 days,
    # 2,000 × 183 ÷ 7 = 52,285.71p -> 52,286p; nothing after.
    p = placement(
        "PL1", start="2018-09-01", fees=(("2018-09-01", 100_000), ("2019-10-01", 120_000))
    )
    result = avoided(programme([p], [uplift_round(2019)]), FY20)
    assert result.by_placement() == {PlacementId("PL1"): Money(52_286)}


def test_the_object_paths_refusals() -> None:
    p = placement("PL1", start="2018-09-01")
    unknown = programme([p], [uplift_round(2019, requests=(("P9", "0.03", None),))])
    with pytest.raises(UnknownReferenceError, match="P9"):
        cost_avoidance_programme_columns(unknown, horizon=FY19)
    twice = programme([p], [uplift_round(2019), uplift_round(2019)])
    with pytest.raises(InvalidValueError, match="share an id"):
        cost_avoidance_programme_columns(twice, horizon=FY19)


# --- differential property --------------------------------------------------------------------

RATE = rates(min_value="-0.3", max_value="0.3", places=4)


@st.composite
def contested_rounds(
    draw: st.DrawFn, *, count: int, placements: tuple[Placement, ...]
) -> tuple[FeeUpliftRound, ...]:
    """Rounds aimed at the placements in which every portfolio provider asks for something
    (so that they change fees and avoid or add cost): caps below or above the requests,
    exceptions, service-specific requests beside general ones, bands by tier; the second round
    sometimes on the first's day (same year, workstream and timing)."""
    made: list[FeeUpliftRound] = []
    for k in range(count):
        # aimed at a placement: its workstream, in its first three years
        aim = draw(st.sampled_from(placements))
        ws = aim.workstream
        first = FinancialYear.containing(aim.period.start).start_year
        year = FinancialYear(first + draw(st.integers(min_value=0, max_value=2)))
        timing = draw(st.sampled_from(UpliftTiming))
        if k == 1 and draw(st.booleans()):
            ws, year, timing = made[0].workstream, made[0].financial_year, made[0].timing
        services = [s for s in ServiceKind if s.workstream is ws]
        requests = [
            UpliftRequest(
                provider=ProviderId(provider),
                requested=draw(RATE),
                agreed=draw(st.none() | RATE),
                service=draw(st.none() | st.sampled_from(services)),
            )
            for provider in ("P1", "P2", "P3")
        ]
        requests += [
            UpliftRequest(provider=ProviderId(r.provider), requested=draw(RATE))
            for r in requests
            if r.service is not None and draw(st.booleans())
        ]
        bands = tuple(
            UpliftBand(
                cap=draw(RATE),
                provider_tier=draw(st.none() | st.sampled_from(("A", "B"))),
                service=draw(st.none() | st.sampled_from(services)),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        )
        made.append(
            FeeUpliftRound(
                id=UpliftId(f"R{k}"),
                workstream=ws,
                financial_year=year,
                timing=timing,
                position=UpliftPosition(
                    default_cap=draw(st.none() | RATE), bands=bands, source=TEST_SOURCE
                ),
                requests=tuple(requests),
                source=TEST_SOURCE,
            )
        )
    return tuple(made)


@st.composite
def contested_portfolios(draw: st.DrawFn) -> tuple[Programme, FinancialYear]:
    """A generated portfolio (every charging basis, fee changes, open and ended placements,
    edge dates) with one to four contested rounds, and a horizon at or after the first."""
    prog = draw(costed_portfolios(max_rounds=0).filter(lambda p: len(p.placements) >= 2))
    count = draw(st.integers(min_value=1, max_value=4))
    rounds = draw(contested_rounds(count=count, placements=prog.placements))
    first = min(r.financial_year for r in rounds).start_year
    horizon = draw(financial_years(min_start_year=first, max_start_year=first + 4))
    return attrs.evolve(prog, uplift_rounds=rounds), horizon


@given(contested_portfolios())
def test_columns_give_the_object_paths_avoidance_when_rounds_are_contested(
    case: tuple[Programme, FinancialYear],
) -> None:
    prog, horizon = case
    assert cost_avoidance_programme_columns(prog, horizon=horizon) == cost_avoidance(
        prog, horizon=horizon
    )


@given(costed_portfolios(), financial_years(min_start_year=2016, max_start_year=2026))
def test_columns_give_the_object_paths_avoidance(prog: Programme, horizon: FinancialYear) -> None:
    # every field: per-round counts, weights, averages, in-year, full-year and yearly figures,
    # and every line by round, placement and year
    assert cost_avoidance_programme_columns(prog, horizon=horizon) == cost_avoidance(
        prog, horizon=horizon
    )


@given(contested_portfolios())
def test_costing_and_avoidance_planned_once_give_both_object_path_figures(
    case: tuple[Programme, FinancialYear],
) -> None:
    prog, horizon = case
    years = [FinancialYear(y) for y in range(horizon.start_year - 2, horizon.start_year + 1)]
    cost, avoidance, conventions = cost_and_avoidance_programme_columns(
        prog, years, horizon=horizon
    )
    assert_same_as_object_path(cost.to_portfolio_cost(), cost_portfolio(prog, years))
    expected = cost_avoidance(prog, horizon=horizon)
    assert avoidance == expected
    # every round at its requested rate at once, against the per-round figures
    assert conventions == compare_avoidance_conventions(prog, expected)


# --- the embedded sample ----------------------------------------------------------------------


def test_the_samples_avoidance_to_2019_20_matches_the_object_path() -> None:
    from slcp.sample import south_london

    prog = south_london()
    expected = avoided(prog, FY19)
    _, _, conventions = cost_and_avoidance_programme_columns(prog, [FY19], horizon=FY19)
    assert conventions == compare_avoidance_conventions(prog, expected)
