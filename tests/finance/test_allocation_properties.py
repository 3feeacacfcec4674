"""Months and streams add up exactly, for any placements and any funding shares.

The month allocation (a forecast line's months add up to the line, the lines' months to the
year) and the stream allocation (a figure's streams add up to it, each within 1p of its exact
share) for the forecast, the pooled budgets and the call-off values.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import (
    LotId,
    Placement,
    PurchaseRoute,
    RouteKind,
    VehicleId,
)
from slcp.finance import (
    FundingStream,
    PoolContribution,
    PooledBudget,
    assess_pooled_budget,
    forecast_outturn,
    split_call_offs_by_funding,
    stream_weights,
)
from slcp.money import Money
from slcp.periods import FinancialYear, YearMonth
from slcp.pricing import call_off_activity
from tests.finance.test_funding import shares
from tests.pricing.builders import programme
from tests.strategies import placements

FY = FinancialYear(2019)
FW = VehicleId("FW")


@st.composite
def funded(draw: st.DrawFn, *, lots: bool = False) -> list[Placement]:
    """One to five placements, each with any funding shares (to 0.01%); on the framework's
    lots ``FW/1`` or ``FW/2`` when ``lots``."""
    drawn = draw(st.lists(placements(max_fee_changes=2), min_size=1, max_size=5))
    out = []
    for i, p in enumerate(drawn):
        route = p.route
        if lots:
            lot = LotId(draw(st.sampled_from(["FW/1", "FW/2"])))
            route = PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=FW, lot=lot)
        out.append(attrs.evolve(p, id=f"PL-{i}", funding=draw(shares()), route=route))
    return out


@settings(max_examples=25)
@given(funded(), st.dates(min_value=dt.date(2019, 3, 1), max_value=dt.date(2020, 4, 30)))
def test_forecast_months_and_streams_add_up_for_any_shares(
    drawn: list[Placement], as_of: dt.date
) -> None:
    f = forecast_outturn(programme(drawn, providers=("PRV-1",)), FY, as_of, compare_previous=False)
    months = [YearMonth(FY.start_year, m) for m in range(4, 13)] + [
        YearMonth(FY.start_year + 1, m) for m in range(1, 4)
    ]
    for line in f.lines:
        # the months of the year, April to March, each once, adding up to the line exactly
        assert [m.month for m in line.months] == months
        assert sum(m.forecast.pence for m in line.months) == line.forecast.pence
        assert sum(m.actual.pence for m in line.months) == line.actual.pence
        assert sum(m.committed.pence for m in line.months) == line.committed.pence
        assert line.forecast == line.actual + line.committed + line.demand
    assert sum(f.by_month().values(), Money(0)) == f.total
    assert sum((line.forecast for line in f.lines), Money(0)) == f.total
    # a stream has a line only where a placement of that borough and service has a share of it
    for line in f.lines:
        assert any(
            p.borough == line.borough
            and p.service is line.service
            and stream_weights(p.funding)[line.stream] > 0
            for p in drawn
        )


@settings(max_examples=25)
@given(
    funded(),
    st.lists(st.integers(0, 10**9), min_size=3, max_size=3).filter(any),
)
def test_a_pools_streams_and_variance_shares_add_up(
    drawn: list[Placement], amounts: list[int]
) -> None:
    first = drawn[0]
    f = forecast_outturn(
        programme(drawn, providers=("PRV-1",)), FY, dt.date(2020, 3, 31), compare_previous=False
    )
    pool = PooledBudget(
        id="POOL",
        borough=first.borough,
        workstream=first.workstream,
        financial_year=FY,
        contributions=tuple(
            PoolContribution(stream=s, amount=Money(a))
            for s, a in zip(FundingStream, amounts, strict=True)
        ),
    )
    x = assess_pooled_budget(pool, f)
    covered = [
        line
        for line in f.lines
        if line.borough == first.borough and line.workstream is first.workstream
    ]
    assert x.forecast == sum((line.forecast for line in covered), Money(0))
    assert sum(x.forecast_by_stream.values(), Money(0)) == x.forecast
    assert x.variance == x.forecast - pool.amount == -x.balance
    assert sum(x.variance_shares.values(), Money(0)) == x.variance
    for s, share in x.variance_shares.items():
        exact = Fraction(x.variance.pence * x.contribution(s).pence, pool.amount.pence)
        assert abs(share.pence - exact) < 1


@settings(max_examples=25)
@given(funded(lots=True))
def test_call_off_values_split_exactly_for_any_shares(drawn: list[Placement]) -> None:
    prog = programme(drawn, providers=("PRV-1",))
    years = (FinancialYear(2018), FY, FinancialYear(2020))
    activity = call_off_activity(prog, FW, [y.range for y in years])
    split = split_call_offs_by_funding(prog, activity)
    assert list(split) == [(line.period, line.lot) for line in activity.lines]
    for line in activity.lines:
        parts = split[(line.period, line.lot)]
        assert sum(parts.values(), Money(0)) == line.value
        # each stream within 1p of the value times its part of the line's exact cost,
        # costed here placement by placement
        members = [p for p in drawn if p.route.lot == line.lot and p.period.start in line.period]
        exact = {s: Fraction(0) for s in FundingStream}
        for p in members:
            one = call_off_activity(prog.with_placements([p]), FW, [line.period])
            for s, w in stream_weights(p.funding).items():
                exact[s] += sum((x.exact for x in one.lines), Fraction(0)) * w
        whole = sum(exact.values(), Fraction(0))
        for s in FundingStream:
            if whole:
                assert abs(parts[s].pence - line.value.pence * exact[s] / whole) < 1
            else:
                assert parts[s] == Money(0)
