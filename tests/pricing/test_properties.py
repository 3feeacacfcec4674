"""Properties of costing, uplifts, avoidance and roll-ups (hypothesis)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.domain import (
    ChargingBasis,
    ChargingMethod,
    Placement,
    Programme,
    ProviderId,
    UpliftTiming,
    Workstream,
)
from slcp.money import Money, Rate, round_pence
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import (
    apply_uplift,
    charge_for_period,
    cost_avoidance,
    cost_for_range,
    cost_portfolio,
    fee_on,
    fee_schedule,
    spend_by_borough,
    uplift_date,
)
from slcp.pricing._exact import allocate_signed
from slcp.pricing._fees import _build_schedule
from tests.pricing.builders import TERM_TIME, WHOLE_WEEKS, placement, programme, uplift_round
from tests.strategies import dates, money, placements, programmes, rates

BASES = st.sampled_from(
    [
        ChargingBasis(),
        ChargingBasis(method=ChargingMethod.WHOLE_WEEKS),
        ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
        ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=52),
    ]
)
WINDOW = DateRange(start=dt.date(2010, 1, 1), end=dt.date(2040, 1, 1))


@st.composite
def charged_placements(draw: st.DrawFn) -> Placement:
    """A placement on any charging basis, provider P1, SEND or LAC."""
    p = draw(placements(provider=ProviderId("P1")))
    return attrs.evolve(p, charging=draw(BASES))


@st.composite
def split_ranges(draw: st.DrawFn) -> tuple[dt.date, dt.date, dt.date]:
    """Three dates ``a <= m <= b`` in 2013-2035."""
    a = draw(dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2035, 1, 1)))
    m = a + dt.timedelta(days=draw(st.integers(min_value=0, max_value=800)))
    b = m + dt.timedelta(days=draw(st.integers(min_value=0, max_value=800)))
    return a, m, b


@given(charged_placements(), split_ranges())
@example(
    placement(start="2019-03-01", charging=TERM_TIME),
    (dt.date(2019, 3, 31), dt.date(2019, 4, 1), dt.date(2020, 3, 1)),
)
@example(
    placement(start="2020-02-01", end="2020-03-20", charging=WHOLE_WEEKS),
    (dt.date(2020, 2, 28), dt.date(2020, 2, 29), dt.date(2020, 3, 1)),
)
def test_cost_is_additive_over_split_ranges_before_rounding(
    p: Placement, cut: tuple[dt.date, dt.date, dt.date]
) -> None:
    a, m, b = cut
    whole = cost_for_range(p, DateRange(start=a, end=b)).exact
    left = cost_for_range(p, DateRange(start=a, end=m)).exact
    right = cost_for_range(p, DateRange(start=m, end=b)).exact
    assert left + right == whole


@given(charged_placements())
def test_financial_year_breakdown_sums_to_the_total(p: Placement) -> None:
    cost = cost_for_range(p, WINDOW)
    assert sum(cost.by_financial_year.values(), Money(0)) == cost.total
    assert sum(cost.exact_by_financial_year.values(), Fraction(0)) == cost.exact
    for year, part in cost.by_financial_year.items():
        assert abs(part.pence - cost.exact_by_financial_year[year]) < 1 + Fraction(1, 2)


@given(
    money(min_pence=0, max_pence=2_000_000),
    money(min_pence=0, max_pence=2_000_000),
    split_ranges(),
    BASES,
)
def test_charge_is_monotone_in_fee_and_days(
    fee_a: Money, fee_b: Money, cut: tuple[dt.date, dt.date, dt.date], basis: ChargingBasis
) -> None:
    a, m, b = cut
    low, high = sorted([fee_a, fee_b])
    short, long_ = DateRange(start=a, end=m), DateRange(start=a, end=b)
    assert charge_for_period(low, long_, basis).exact <= charge_for_period(high, long_, basis).exact
    assert charge_for_period(low, short, basis).exact <= charge_for_period(low, long_, basis).exact


@given(money(min_pence=0, max_pence=5_000_000))
def test_zero_uplift_is_the_identity(fee: Money) -> None:
    assert apply_uplift(fee, Rate.zero()) == fee


@given(money(), rates(min_value="-2", max_value="2", places=6))
@example(Money(150), Rate.of("-0.01"))  # 148.5p exactly: half rounds up to 149
@example(Money(-150), Rate.of("-0.01"))  # -148.5p: half rounds away from zero, to -149
@example(Money(333), Rate.of("0.015"))  # 337.995p
@example(Money(1), Rate.of("-1.5"))  # a new fee below zero: -0.5p rounds to -1
@example(Money(0), Rate.of("0.1"))
def test_uplift_rounds_exactly_as_round_pence(fee: Money, rate: Rate) -> None:
    # apply_uplift rounds in integers; the rule must be round_pence's, for every sign
    assert apply_uplift(fee, rate) == Money(round_pence(fee.pence * (1 + rate.fraction)))


@given(
    placements(provider=ProviderId("P1")),
    st.lists(
        st.tuples(
            st.integers(min_value=2012, max_value=2026),
            st.sampled_from(Workstream),
            st.sampled_from(UpliftTiming),
        ),
        max_size=6,
        unique_by=lambda t: (t[0], t[1]),
    ),
)
def test_schedule_applies_rounds_on_their_uplift_dates(
    p: Placement, specs: list[tuple[int, Workstream, UpliftTiming]]
) -> None:
    # the schedule's steps fall exactly on the days uplift_date names (every round here has
    # a request from P1, so none is skipped); days before the first fee entry have no fee
    rounds = [uplift_round(y, workstream=w, timing=t, cap=None) for y, w, t in specs]
    years = {r.id: r.financial_year.start_year for r in rounds}
    first_fee = p.fees.entries[0].effective
    expected = sorted(
        (day, r.financial_year.start_year)
        for r in rounds
        if (day := uplift_date(p, r)) is not None and day > first_fee
    )
    found = sorted(
        {
            (step.effective, years[step.decision.round_id])
            for seg in fee_schedule(p, rounds).segments
            for step in seg.steps
        }
    )
    assert found == expected
    # a schedule asked for again (kept) is the one a fresh build gives
    fresh = _build_schedule(p, rounds, tier=None, at_requested=None, decisions=None)
    assert fee_schedule(p, rounds) == fresh
    assert fee_schedule(p, tuple(rounds)) == fresh


@given(
    money(min_pence=0, max_pence=2_000_000),
    rates(min_value="0", max_value="0.2"),
    rates(min_value="0", max_value="0.2"),
)
def test_rounds_compound_step_by_step(fee: Money, first: Rate, second: Rate) -> None:
    p = placement(start="2018-09-01", weekly_pence=fee.pence)
    rounds = [
        uplift_round(2019, requests=[("P1", str(first.value), None)], cap=None),
        uplift_round(2020, requests=[("P1", str(second.value), None)], cap=None),
    ]
    expected = apply_uplift(apply_uplift(fee, first), second)
    assert fee_on(p, dt.date(2020, 4, 1), rounds).weekly_fee == expected


@given(
    placements(provider=ProviderId("P1"), workstream=Workstream.SEND),
    rates(min_value="0", max_value="0.1"),
    rates(min_value="0", max_value="0.1"),
    st.sampled_from(UpliftTiming),
)
@settings(max_examples=60)
def test_avoidance_is_non_negative_when_agreed_at_most_requested(
    p: Placement, a: Rate, b: Rate, timing: UpliftTiming
) -> None:
    agreed, requested = sorted([a, b])
    rounds = [
        uplift_round(
            year, requests=[("P1", str(requested.value), str(agreed.value))], timing=timing
        )
        for year in range(2015, 2032)
    ]
    result = cost_avoidance(programme([p], rounds), horizon=FinancialYear(2032))
    assert all(line.amount.pence >= 0 and line.exact >= 0 for line in result.lines)
    assert all(r.full_year.pence >= 0 for r in result.rounds)
    if agreed == requested:
        assert result.total == Money(0)
        assert all(r.full_year == Money(0) for r in result.rounds)


@given(programmes(max_children=8))
@settings(max_examples=40)
def test_borough_spend_adds_up_to_the_programme_total(prog: Programme) -> None:
    for start_year in (2018, 2020, 2023):
        year = FinancialYear(start_year)
        total = cost_portfolio(prog, [year]).total(year)
        assert sum(spend_by_borough(prog, year).values(), Money(0)) == total


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(-(10**6), 10**6), min_size=1),
    st.integers(0, 7),
)
def test_signed_allocation_conserves_the_rounded_total(
    parts: dict[str, int], denominator_power: int
) -> None:
    denominator = 7**denominator_power
    exact = {k: Fraction(v, denominator) for k, v in parts.items()}
    total_exact = sum(exact.values(), Fraction(0))
    total = round(total_exact)  # any integer within 1/2 of the exact sum
    allocated = allocate_signed(total, parts, denominator=denominator)
    assert sum(allocated.values()) == total
    assert all(abs(allocated[k] - exact[k]) < 1 + Fraction(1, 2) for k in exact)


@given(
    dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=1999, max_value=2035),
)
def test_anniversary_shortcut_agrees_with_periods_anniversaries(
    origin: dt.date, start_year: int
) -> None:
    from slcp.periods import anniversaries
    from slcp.pricing._fees import _anniversary_in

    year = FinancialYear(start_year)
    expected = anniversaries(origin, year.range)
    assert _anniversary_in(origin, year) == (expected[0] if expected else None)
