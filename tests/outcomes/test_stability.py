"""Placement stability rules 1-6 (REFERENCE §4), one hand-worked example per rule.

Census date throughout: 31 March 2018, i.e. ``FinancialYear(2017)``. The windows are
short term [1 Apr 2017, 31 Mar 2018], two year [1 Apr 2016, 31 Mar 2018]; the long-term
cohort needs care since on or before 30 Sep 2015 (30 months before 31 Mar 2018) and the
numerator a carer since on or before 31 Mar 2016.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from slcp.domain import CareEpisode, Child, ChildRef, GssCode
from slcp.outcomes.stability import (
    ExclusionReason,
    PlacementHistory,
    StabilityMeasure,
    StartRule,
    UnavailableMeasure,
    count_naive_episodes,
    derive_placement_history,
    format_percent,
    measure_long_term,
    measure_short_term,
    measure_stability,
    measure_two_year,
)
from slcp.periods import DateRange, FinancialYear, YearMonth

YEAR = FinancialYear(2017)  # year ending 31 March 2018
d = dt.date


def ep(
    start: dt.date,
    end: dt.date | None,
    rne: str,
    place: str,
    *,
    child: str = "0001",
    ls: str = "C2",
    rec: str | None = None,
    district: str | None = None,
    borough: str | None = None,
) -> CareEpisode:
    return CareEpisode(
        child=ChildRef(child),
        borough=None if borough is None else GssCode(borough),
        period=DateRange(start=start, end=end),
        reason_new_episode=rne,
        legal_status=ls,
        place=place,
        reason_ceased=(rec or "X1") if end is not None else None,
        placement_district=district,
    )


def history(*episodes: CareEpisode) -> PlacementHistory:
    return derive_placement_history(ChildRef("0001"), episodes)


def only(measure: StabilityMeasure) -> tuple[int, int]:
    return measure.numerator, measure.denominator


# -- rule 1: short breaks -------------------------------------------------------------------


def test_short_break_episodes_are_ignored() -> None:
    # V4 episodes in May and June, then care from September: one placement, not three.
    h = history(
        ep(d(2017, 5, 1), d(2017, 5, 2), "S", "U4", ls="V4", rec="E8"),
        ep(d(2017, 6, 1), d(2017, 6, 2), "S", "U4", ls="V4", rec="E8"),
        ep(d(2017, 9, 1), None, "S", "U4"),
    )
    assert len(h.placements) == 1
    assert h.short_break_episodes == 2


def test_a_child_with_only_short_breaks_is_left_out() -> None:
    h = history(ep(d(2017, 6, 1), None, "S", "U4", ls="V3"))
    assert h.has_only_short_breaks
    m = measure_short_term([h], year=YEAR)
    assert only(m) == (0, 0)
    assert m.exclusions() == {ExclusionReason.SHORT_BREAKS_ONLY: 1}


# -- rule 2: placements start at S/P/B/T/U; L continues --------------------------------------


@pytest.mark.parametrize("rne", ["P", "B", "T", "U"])
def test_each_placement_rne_starts_a_placement(rne: str) -> None:
    h = history(ep(d(2017, 1, 1), d(2017, 6, 1), "S", "U4"), ep(d(2017, 6, 1), None, rne, "U5"))
    assert [p.reason_new_episode for p in h.placements] == ["S", rne]


def test_legal_status_only_changes_continue_the_placement() -> None:
    # S then two L episodes: one placement, three episodes. Short-term: 1 placement, not
    # in the numerator; the naive count sees 3 episodes and counts the child.
    h = history(
        ep(d(2017, 1, 1), d(2017, 6, 1), "S", "U4", ls="C1"),
        ep(d(2017, 6, 1), d(2017, 9, 1), "L", "U4", ls="C2"),
        ep(d(2017, 9, 1), None, "L", "U4", ls="E1"),
    )
    assert len(h.placements) == 1
    assert h.placements[0].period == DateRange(start=d(2017, 1, 1))
    assert only(measure_short_term([h], year=YEAR)) == (0, 1)
    assert only(count_naive_episodes([h], year=YEAR)) == (1, 1)


# -- rule 3: temporary placements ------------------------------------------------------------


def test_return_from_temporary_placement_to_same_place_and_district_continues() -> None:
    # K2, U4 in CR0, T1 (temporary), back to U4 in CR0: placements K2 and U4 only (2).
    h = history(
        ep(d(2017, 2, 1), d(2017, 5, 1), "S", "K2", district="BR1"),
        ep(d(2017, 5, 1), d(2017, 7, 1), "P", "U4", district="CR0"),
        ep(d(2017, 7, 1), d(2017, 7, 15), "P", "T1", district="CR2"),
        ep(d(2017, 7, 15), None, "P", "U4", district="CR0"),
    )
    assert [p.place for p in h.placements] == ["K2", "U4"]
    # the resumed placement spans the interruption: [1 May 2017, open)
    assert h.placements[1].period == DateRange(start=d(2017, 5, 1))
    assert only(measure_short_term([h], year=YEAR)) == (0, 1)


def test_return_to_another_district_after_temporary_placement_is_a_new_placement() -> None:
    # Same as above but back to U4 in SE15: K2, U4 (CR0), U4 (SE15) = 3 placements.
    h = history(
        ep(d(2017, 2, 1), d(2017, 5, 1), "S", "K2", district="BR1"),
        ep(d(2017, 5, 1), d(2017, 7, 1), "P", "U4", district="CR0"),
        ep(d(2017, 7, 1), d(2017, 7, 15), "P", "T1", district="CR2"),
        ep(d(2017, 7, 15), None, "P", "U4", district="SE15"),
    )
    assert [p.place for p in h.placements] == ["K2", "U4", "U4"]
    assert h.placements[2].start_rule is StartRule.AFTER_TEMPORARY
    # the interrupted placement ends where the temporary one began (1 July 2017)
    assert h.placements[1].period == DateRange(start=d(2017, 5, 1), end=d(2017, 7, 1))
    assert only(measure_short_term([h], year=YEAR)) == (1, 1)


def test_return_to_another_place_type_after_temporary_placement_is_new() -> None:
    h = history(
        ep(d(2017, 5, 1), d(2017, 7, 1), "S", "U4", district="CR0"),
        ep(d(2017, 7, 1), d(2017, 7, 15), "P", "T3", district="CR0"),
        ep(d(2017, 7, 15), None, "P", "U5", district="CR0"),
    )
    assert [p.place for p in h.placements] == ["U4", "U5"]


def test_a_period_starting_in_a_temporary_placement() -> None:
    # T0 then U4: only U4 is a placement and it is the first of the period.
    h = history(
        ep(d(2017, 5, 1), d(2017, 5, 8), "S", "T0"),
        ep(d(2017, 5, 8), None, "P", "U4"),
    )
    assert [(p.place, p.start_rule) for p in h.placements] == [("U4", StartRule.FIRST_IN_PERIOD)]


# -- rule 4: short term and two year ----------------------------------------------------------


def test_three_placements_in_the_year() -> None:
    h = history(
        ep(d(2017, 5, 1), d(2017, 8, 1), "S", "U4"),
        ep(d(2017, 8, 1), d(2017, 12, 1), "P", "U5"),
        ep(d(2017, 12, 1), None, "P", "K2"),
    )
    m = measure_short_term([h], year=YEAR)
    assert only(m) == (1, 1)
    assert m.percent == Fraction(100)
    assert m.children[0].placements == 3


def test_placement_ending_on_1_april_is_not_in_the_year() -> None:
    # U4 ends with DEC 1 April 2017 (its last night 31 March 2017): half-open, not in
    # [1 Apr 2017, 1 Apr 2018). U5 and U6 are: 2 placements, not 3.
    h = history(
        ep(d(2016, 6, 1), d(2017, 4, 1), "S", "U4"),
        ep(d(2017, 4, 1), d(2017, 10, 1), "P", "U5"),
        ep(d(2017, 10, 1), None, "P", "U6"),
    )
    m = measure_short_term([h], year=YEAR)
    assert (m.numerator, m.children[0].placements) == (0, 2)


def test_placement_starting_on_31_march_counts() -> None:
    # U4 (in force 1 Apr 2017), U5, U6 from 31 March 2018: 3 placements.
    h = history(
        ep(d(2016, 6, 1), d(2017, 9, 1), "S", "U4"),
        ep(d(2017, 9, 1), d(2018, 3, 31), "P", "U5"),
        ep(d(2018, 3, 31), None, "P", "U6"),
    )
    assert only(measure_short_term([h], year=YEAR)) == (1, 1)


def test_ceasing_on_31_march_means_not_looked_after_that_day() -> None:
    # DEC 31 March 2018 with E4A: the period is [.., 31 Mar 2018), which leaves out 31 March.
    h = history(
        ep(d(2017, 5, 1), d(2017, 8, 1), "S", "U4"),
        ep(d(2017, 8, 1), d(2017, 12, 1), "P", "U5"),
        ep(d(2017, 12, 1), d(2018, 3, 31), "P", "K2", rec="E4A"),
    )
    m = measure_short_term([h], year=YEAR)
    assert only(m) == (0, 0)
    assert m.exclusions() == {ExclusionReason.NOT_LOOKED_AFTER: 1}


def test_placements_in_an_earlier_period_of_care_in_the_year_count() -> None:
    # U4 ends E4A 1 July; care starts again 1 September: U4, U5, K2 = 3 in the year.
    h = history(
        ep(d(2017, 5, 1), d(2017, 7, 1), "S", "U4", rec="E4A"),
        ep(d(2017, 9, 1), d(2017, 11, 1), "S", "U5"),
        ep(d(2017, 11, 1), None, "P", "K2"),
    )
    assert len(h.periods_of_care) == 2
    assert only(measure_short_term([h], year=YEAR)) == (1, 1)


def test_e_code_on_the_day_the_next_episode_starts_ends_the_period() -> None:
    h = history(
        ep(d(2017, 5, 1), d(2017, 7, 1), "S", "U4", rec="E3"),
        ep(d(2017, 7, 1), None, "S", "U5"),
    )
    assert [str(p.period) for p in h.periods_of_care] == [
        "[2017-05-01, 2017-07-01)",
        "[2017-07-01, open)",
    ]


def test_a_gap_of_one_day_ends_the_period() -> None:
    h = history(
        ep(d(2016, 1, 1), d(2016, 3, 1), "S", "U4"),
        ep(d(2016, 3, 2), None, "P", "U5"),
    )
    assert len(h.periods_of_care) == 2
    # the current period began 2 March 2016, on or before 1 April 2016: in the cohort
    assert only(measure_two_year([h], year=YEAR)) == (0, 1)


@pytest.mark.parametrize(
    ("began", "in_cohort"),
    [(d(2016, 4, 1), True), (d(2016, 4, 2), False)],
)
def test_two_year_cohort_boundary_is_1_april_two_years_before(
    began: dt.date, in_cohort: bool
) -> None:
    h = history(ep(began, None, "S", "U4"))
    assert measure_two_year([h], year=YEAR).denominator == int(in_cohort)


def test_two_year_window_counts_placements_since_1_april_y_minus_2() -> None:
    # U4 [1 Jan 2016, 1 Jun 2016) touches the window; U5, U6 too: 3. Short term: only U6.
    h = history(
        ep(d(2016, 1, 1), d(2016, 6, 1), "S", "U4"),
        ep(d(2016, 6, 1), d(2017, 1, 1), "P", "U5"),
        ep(d(2017, 1, 1), None, "P", "U6"),
    )
    assert only(measure_two_year([h], year=YEAR)) == (1, 1)
    assert only(measure_short_term([h], year=YEAR)) == (0, 1)


# -- rule 5: long term ---------------------------------------------------------------------


def long_term(h: PlacementHistory, born: YearMonth) -> StabilityMeasure | UnavailableMeasure:
    return measure_long_term([h], {ChildRef("0001"): born}, year=YEAR)


def test_same_carer_moves_keep_the_carer() -> None:
    # S U4 1 Jan 2015, T U5 1 Jan 2016, U U6 1 Jun 2017: three placements, one carer since
    # 1 Jan 2015 (on or before 31 Mar 2016): in the numerator.
    h = history(
        ep(d(2015, 1, 1), d(2016, 1, 1), "S", "U4"),
        ep(d(2016, 1, 1), d(2017, 6, 1), "T", "U5"),
        ep(d(2017, 6, 1), None, "U", "U6", ls="C1"),
    )
    assert [p.carer_number for p in h.placements] == [1, 1, 1]
    m = long_term(h, YearMonth(2008, 6))
    assert isinstance(m, StabilityMeasure)
    assert only(m) == (1, 1)


@pytest.mark.parametrize(
    ("carer_from", "numerator"),
    [(d(2016, 3, 31), 1), (d(2016, 4, 1), 0)],
)
def test_carer_boundary_is_31_march_two_years_before(carer_from: dt.date, numerator: int) -> None:
    h = history(
        ep(d(2015, 1, 1), carer_from, "S", "U4"),
        ep(carer_from, None, "P", "U5"),
    )
    m = long_term(h, YearMonth(2005, 4))
    assert isinstance(m, StabilityMeasure)
    assert only(m) == (numerator, 1)


@pytest.mark.parametrize(
    ("began", "in_cohort"),
    [(d(2015, 9, 30), True), (d(2015, 10, 1), False)],
)
def test_two_and_a_half_year_boundary(began: dt.date, in_cohort: bool) -> None:
    # 30 months before 31 March 2018 is 30 September 2015 (clamped from 31 September).
    h = history(ep(began, None, "S", "U4"))
    m = long_term(h, YearMonth(2006, 1))
    assert isinstance(m, StabilityMeasure)
    assert only(m) == (int(in_cohort), int(in_cohort))


@pytest.mark.parametrize(
    ("born", "in_cohort"),
    # born March 2002: 16 on 1 March 2018, so 16 on 31 March; April 2002: still 15.
    [(YearMonth(2002, 3), False), (YearMonth(2002, 4), True)],
)
def test_under_16_on_31_march_from_month_of_birth(born: YearMonth, in_cohort: bool) -> None:
    h = history(ep(d(2014, 1, 1), None, "S", "U4"))
    m = long_term(h, born)
    assert isinstance(m, StabilityMeasure)
    assert m.denominator == int(in_cohort)


def test_temporary_placement_does_not_break_the_carer() -> None:
    # U4 since 1 Jan 2015, in a temporary T2 on 31 March 2018: the carer is still carer 1.
    h = history(
        ep(d(2015, 1, 1), d(2018, 3, 1), "S", "U4"),
        ep(d(2018, 3, 1), None, "P", "T2"),
    )
    carer = h.carer_on(d(2018, 3, 31))
    assert carer is not None
    assert carer.period.start == d(2015, 1, 1)
    m = long_term(h, YearMonth(2010, 2))
    assert isinstance(m, StabilityMeasure)
    assert only(m) == (1, 1)


def test_long_term_without_months_of_birth_is_unavailable_not_zero() -> None:
    h = history(ep(d(2014, 1, 1), None, "S", "U4"))
    no_months: dict[ChildRef, YearMonth] = {}
    for months in (None, no_months):
        m = measure_long_term([h], months, year=YEAR)
        assert isinstance(m, UnavailableMeasure)
        assert m.available is False


def test_child_without_month_of_birth_is_excluded_with_reason() -> None:
    a = derive_placement_history(ChildRef("A"), [ep(d(2014, 1, 1), None, "S", "U4", child="A")])
    b = derive_placement_history(ChildRef("B"), [ep(d(2014, 1, 1), None, "S", "U4", child="B")])
    m = measure_long_term([a, b], {ChildRef("A"): YearMonth(2010, 1)}, year=YEAR)
    assert isinstance(m, StabilityMeasure)
    assert only(m) == (1, 1)
    assert m.exclusions() == {ExclusionReason.NO_MONTH_OF_BIRTH: 1}


# -- per borough and partnership -------------------------------------------------------------


def test_per_borough_and_partnership() -> None:
    # Croydon: child 1 with 3 placements, child 2 with 1. Sutton: child 1 (a different
    # child: ids are per authority) with 1. Partnership: 1 of 3.
    croydon, sutton = "E09000008", "E09000029"
    episodes = [
        ep(d(2017, 5, 1), d(2017, 8, 1), "S", "U4", child="1", borough=croydon),
        ep(d(2017, 8, 1), d(2017, 12, 1), "P", "U5", child="1", borough=croydon),
        ep(d(2017, 12, 1), None, "P", "K2", child="1", borough=croydon),
        ep(d(2017, 5, 1), None, "S", "U4", child="2", borough=croydon),
        ep(d(2017, 5, 1), None, "S", "U4", child="1", borough=sutton),
    ]
    s = measure_stability(episodes, [Child(ref=ChildRef("1"), month_of_birth=None)], year=YEAR)
    assert only(s.partnership.short_term) == (1, 3)
    assert [(r.borough, only(r.short_term)) for r in s.boroughs] == [
        (croydon, (1, 2)),
        (sutton, (0, 1)),
    ]
    assert s.year_ending == d(2018, 3, 31)
    # children given but none with a month of birth: unavailable
    assert s.partnership.long_term.available is False


def test_percent_is_exact_and_display_rounds_half_up() -> None:
    # 1 of 8 = 12.5 % exactly; 1 of 3 = 33.33...% shown 33.3; 2 of 3 = 66.66...% shown 66.7
    assert format_percent(Fraction(100, 8)) == "12.5"
    assert format_percent(Fraction(100, 3)) == "33.3"
    assert format_percent(Fraction(200, 3)) == "66.7"
    assert format_percent(Fraction(25, 200)) == "0.1"  # 0.125 -> half up at 2nd place: 0.1
    assert format_percent(Fraction(15, 100)) == "0.2"  # 0.15 -> 0.2 (half up, not to even)
