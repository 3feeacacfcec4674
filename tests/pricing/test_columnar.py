"""The columnar engine gives the object path's pence in every cell (STYLE principle 9).

Example tests first (hand-worked figures at the edges the object path's tests name), then the
differential properties over generated portfolios, then the embedded sample.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import ChargingBasis, ChargingMethod, Programme, ServiceKind, UpliftTiming
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import (
    PortfolioCost,
    cost_for_range,
    cost_portfolio,
    spend_by_borough,
    weekly_fees_on,
)
from slcp.pricing.columnar import (
    OPEN_END,
    Category,
    FeeColumns,
    PlacementColumns,
    cost_columns,
    cost_programme_columns,
    to_epoch_day,
    weekly_fees_on_programme_columns,
)
from tests.pricing.builders import TERM_TIME, WHOLE_WEEKS, placement, programme, uplift_round
from tests.strategies import costed_portfolios, dates, financial_years

FY2019 = FinancialYear(2019)
FY2020 = FinancialYear(2020)


def assert_same_as_object_path(got: PortfolioCost, expected: PortfolioCost) -> None:
    assert got.years == expected.years
    assert got.rounds == expected.rounds
    assert got.exact_totals == expected.exact_totals
    assert got.totals == expected.totals
    assert got.cell_numerators == expected.cell_numerators
    assert list(got.cells) == list(expected.cells)
    assert got.cells == expected.cells
    assert got.placements == expected.placements


def costed(prog: Programme, years: list[FinancialYear]) -> PortfolioCost:
    """The columnar figures, after checking them against the object path's."""
    got = cost_programme_columns(prog, years).to_portfolio_cost()
    assert_same_as_object_path(got, cost_portfolio(prog, years))
    return got


# --- hand-worked edges ------------------------------------------------------------------------


def test_leap_day_and_year_end_are_charged_in_their_years() -> None:
    # £700 a week = £100 a day, 29 Feb 2020 to 1 Apr 2020 inclusive: 2019/20 has 29 Feb and
    # the 31 days of March (32 days, £3,200); 2020/21 has 1 April (£100).
    p = placement(start="2020-02-29", end="2020-04-02", weekly_pence=70_000)
    cost = costed(programme([p]), [FY2019, FY2020])
    assert cost.totals == {FY2019: Money(320_000), FY2020: Money(10_000)}


def test_term_time_spreads_the_weeks_over_the_academic_year_by_day() -> None:
    # 38 weeks × £1,000 over the academic year 1 Sep 2019 - 31 Aug 2020 (366 days, a leap
    # year): 2019/20 holds 213 of its days (Sep-Mar: 30+31+30+31+31+29+31),
    # 3,800,000 × 213/366 = 2,211,475.41p; 2020/21 holds 153 (Apr-Aug): 1,588,524.59p.
    p = placement(start="2019-09-01", end="2020-09-01", charging=TERM_TIME)
    cost = costed(programme([p]), [FY2019, FY2020])
    assert cost.totals == {FY2019: Money(2_211_475), FY2020: Money(1_588_525)}


def test_whole_weeks_drop_the_trailing_part_week() -> None:
    # 1-10 April 2019 is one whole week and 3 days: one week of £700 is charged.
    p = placement(start="2019-04-01", end="2019-04-11", weekly_pence=70_000, charging=WHOLE_WEEKS)
    assert costed(programme([p]), [FY2019]).totals == {FY2019: Money(70_000)}


def test_zero_length_placement_and_one_penny_fee() -> None:
    # a placement of no days costs nothing and is not counted; 1p a week for one day is
    # 1/7p, which rounds to 0p but is still a charged placement in its cell.
    empty = placement("PL1", start="2019-06-01", end="2019-06-01", weekly_pence=70_000)
    penny = placement("PL2", start="2019-06-01", end="2019-06-02", weekly_pence=1)
    cost = costed(programme([empty, penny]), [FY2019])
    assert cost.totals == {FY2019: Money(0)}
    assert cost.exact_totals == {FY2019: Fraction(1, 7)}
    assert list(cost.placements.values()) == [1]


def test_a_round_on_the_start_day_does_not_uplift_a_fee_set_that_day() -> None:
    # starts 1 April 2019 at £1,000: the 2019/20 round's day is the fee's own first day, so the
    # fee is already the new price: 2019/20 is 366 days (29 Feb 2020) at £1,000 ÷ 7 a day,
    # 100,000 × 366/7 = 5,228,571.43p.
    p = placement(start="2019-04-01", end="2020-04-01")
    prog = programme([p], [uplift_round(2019, requests=(("P1", "0.05", None),), cap=None)])
    assert costed(prog, [FY2019]).totals == {FY2019: Money(5_228_571)}


def test_two_rounds_on_one_day_apply_in_id_order() -> None:
    # 10p a week; R-A (+10%) then R-B (-5%) on 1 April 2019: 10 → 11 → 10.45 → 10p
    # (the other order would give 10 → 9.5 → 10 → 11p). 1-7 April costs 10p.
    p = placement(start="2019-03-01", end="2019-04-08", weekly_pence=10)
    rounds = [
        uplift_round(2019, rid="R-B", requests=(("P1", "-0.05", None),), cap=None),
        uplift_round(2019, rid="R-A", requests=(("P1", "0.10", None),), cap=None),
    ]
    cost = costed(programme([p], rounds), [FY2019])
    assert cost.totals == {FY2019: Money(10)}


def test_a_negative_adjustment_on_the_anniversary() -> None:
    # £1,000 from 1 Oct 2018; a 2019/20 anniversary round agrees -2.5% from 1 Oct 2019:
    # 1 Apr-30 Sep 2019 is 183 days at 100,000p, 1 Oct 2019-31 Mar 2020 is 183 days at
    # 97,500p: (100,000 + 97,500) × 183/7 = 5,163,214.29p.
    p = placement(start="2018-10-01", end="2020-04-01")
    r = uplift_round(
        2019,
        requests=(("P1", "-0.025", None),),
        cap=None,
        timing=UpliftTiming.PLACEMENT_ANNIVERSARY,
    )
    assert costed(programme([p], [r]), [FY2019]).totals == {FY2019: Money(5_163_214)}


def test_fees_too_large_for_int64_fall_back_to_python_integers() -> None:
    # 10**17p a week on 52 weeks a year, uplifted 1%: 2 × fee × 101 and fee × 52 × days
    # both pass 2**63, so the engine computes in Python integers.
    big = placement(
        start="2018-09-01",
        end="2021-09-01",
        weekly_pence=10**17,
        charging=ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=52),
    )
    prog = programme([big], [uplift_round(2019, requests=(("P1", "0.01", None),), cap=None)])
    cost = costed(prog, [FY2019, FY2020])
    # 2020/21 at 10**17 × 1.01 a week, 52 weeks a year: it spans 1 Apr-31 Aug 2020 (153 of
    # the academic year's 366 days) and 1 Sep 2020-31 Mar 2021 (212 of 365 days).
    weekly = 101 * 10**15
    exact = Fraction(52 * weekly * 153, 366) + Fraction(52 * weekly * 212, 365)
    assert cost.exact_totals[FY2020] == exact


def test_a_placement_without_a_fee_on_its_first_day_is_refused() -> None:
    cols = PlacementColumns(
        ids=("PL-1",),
        borough=Category.from_values(["E09000008"]),
        workstream=Category.from_values(["lac"]),
        lot=Category.from_values([None]),
        provider=Category.from_values([None]),
        service=Category.from_values([ServiceKind.CHILDRENS_HOME.value]),
        start_day=np.array([to_epoch_day(dt.date(2019, 4, 1))], np.int64),
        end_day=np.array([OPEN_END], np.int64),
        method=np.array([0], np.int8),
        weeks_per_year=np.array([0], np.int64),
    )
    late = FeeColumns(
        placement=np.array([0], np.int64),
        effective_day=np.array([to_epoch_day(dt.date(2019, 4, 2))], np.int64),
        weekly_pence=np.array([100_000], np.int64),
    )
    with pytest.raises(InvalidValueError, match="fee history must start"):
        cost_columns(cols, late, [FY2019])


def test_a_cell_drills_into_its_placements() -> None:
    # two Croydon placements with P1 and one with P2: the P1 cell holds exactly PL1 and PL2
    a = placement("PL1", start="2019-04-01", end="2019-05-01")
    b = placement("PL2", start="2019-06-01")
    c = placement("PL3", start="2019-06-01", provider="P2")
    old = placement("PL4", start="2017-01-01", end="2018-01-01")
    cost = cost_programme_columns(programme([a, b, c, old]), [FY2019])
    cell = next(k for k in cost.cell_keys if k[3] == "P1")
    assert cost.placements_in(cell, FY2019) == ("PL1", "PL2")
    assert cost.placements_in(("E09000001", "send", None, None, "send_day"), FY2019) == ()


# --- differential properties ------------------------------------------------------------------

YEAR_SETS = st.lists(
    financial_years(min_start_year=2016, max_start_year=2026), min_size=1, max_size=4
)


@given(costed_portfolios(), YEAR_SETS)
def test_columns_give_the_object_paths_pence_in_every_cell(
    prog: Programme, years: list[FinancialYear]
) -> None:
    got = cost_programme_columns(prog, years).to_portfolio_cost()
    assert_same_as_object_path(got, cost_portfolio(prog, years))


@given(costed_portfolios(max_rounds=0), YEAR_SETS)
def test_columns_agree_at_contractual_fees(prog: Programme, years: list[FinancialYear]) -> None:
    got = cost_programme_columns(prog, years, rounds=()).to_portfolio_cost()
    assert_same_as_object_path(got, cost_portfolio(prog, years, rounds=()))


@given(costed_portfolios(), financial_years(min_start_year=2017, max_start_year=2025))
def test_spend_by_each_dimension_adds_up_within_a_penny_of_each_share(
    prog: Programme, year: FinancialYear
) -> None:
    cost = cost_programme_columns(prog, [year])
    total = cost.total(year)
    numerators = cost.sums[year].numerators()
    exact_total = sum(numerators)
    for dimension in ("borough", "workstream", "lot", "provider", "service"):
        parts = cost.spend_by(dimension, year)  # type: ignore[arg-type]
        assert sum(parts.values(), Money(0)) == (total if exact_total else Money(0))
        at = ("borough", "workstream", "lot", "provider", "service").index(dimension)
        for group, share in parts.items():
            exact = sum(
                n for key, n in zip(cost.cell_keys, numerators, strict=True) if key[at] == group
            )
            assert abs(share.pence - Fraction(total.pence * exact, exact_total)) < 1


@given(costed_portfolios(), financial_years(min_start_year=2017, max_start_year=2025))
def test_each_cell_drills_into_the_placements_the_object_path_charges(
    prog: Programme, year: FinancialYear
) -> None:
    cost = cost_programme_columns(prog, [year])
    tiers = {p.id: p.tier for p in prog.providers}
    for key in cost.cell_keys:
        expected = set()
        for p in prog.placements:
            cell = (p.borough, p.workstream.value, p.route.lot, p.provider, p.service.value)
            if cell != key:
                continue
            rounds = [r for r in prog.uplift_rounds if r.workstream is p.workstream]
            tier = tiers.get(p.provider) if p.provider is not None else None
            if cost_for_range(p, year.range, rounds, tier=tier).exact > 0:
                expected.add(p.id)
        assert set(cost.placements_in(key, year)) == expected


@given(
    costed_portfolios(),
    dates(min_value=dt.date(2016, 12, 31), max_value=dt.date(2030, 1, 1)),
    st.data(),
)
def test_fees_on_a_day_are_the_object_paths(
    prog: Programme, day: dt.date, data: st.DataObject
) -> None:
    # every placement running on the day, in order, at the object path's pence; a subset of
    # the placements gives the same fee for each (a fee depends on its placement alone)
    fees = weekly_fees_on_programme_columns(prog, day)
    expected = weekly_fees_on(prog, day)
    assert list(fees.items()) == list(expected.items())
    if prog.placements:
        some = data.draw(st.lists(st.sampled_from(prog.placements), unique_by=lambda p: p.id))
        subset = weekly_fees_on_programme_columns(prog, day, placements=some)
        assert subset == {p.id: expected[p.id] for p in some if p.id in expected}
        assert weekly_fees_on(prog, day, placements=some) == subset


def test_fees_on_a_day_count_the_rounds_in_force() -> None:
    # £700 a week from 1 Jan 2019; a 10% round on 1 April 2019: £770 from that day (the day
    # before still £700); the placement ended on 1 April 2020 runs no more that day
    prog = programme(
        [placement("PL-1", start="2019-01-01", end="2020-04-01", weekly_pence=70_000)],
        [uplift_round(2019, requests=(("P1", "0.10", None),), cap=None)],
    )
    assert weekly_fees_on_programme_columns(prog, dt.date(2019, 3, 31)) == {"PL-1": Money(70_000)}
    assert weekly_fees_on_programme_columns(prog, dt.date(2019, 4, 1)) == {"PL-1": Money(77_000)}
    assert weekly_fees_on_programme_columns(prog, dt.date(2020, 4, 1)) == {}


# --- the embedded sample ----------------------------------------------------------------------


def test_the_samples_borough_spend_in_2019_20_matches_the_object_path() -> None:
    from slcp.sample import south_london

    prog = south_london()
    cost = cost_programme_columns(prog, [FY2019]).to_portfolio_cost()
    assert cost.total_by(lambda k: k.borough, year=FY2019) == spend_by_borough(prog, FY2019)
