"""Rule 5's adoption exception (REFERENCE §4 rule 5, issue: a child moved from long-term foster
carers to new adopters shortly before 31 March was counted as unstable).

Census date 31 March 2018 (``FinancialYear(2017)``). The long-term cohort needs care since on
or before 30 Sep 2015; the carer rule needs the current carer since on or before 31 Mar 2016;
the adoption exception needs the placement *before* the adoptive one, in the same period of
care, to have begun on or before 31 Mar 2016. Every child is born April 2010 (aged 7).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from slcp.domain import CareEpisode, ChildRef
from slcp.io import load_ssda903
from slcp.outcomes import measure_stability
from slcp.outcomes.stability import (
    ChildCount,
    LongTermReason,
    StabilityMeasure,
    derive_placement_history,
    measure_long_term,
)
from slcp.periods import DateRange, FinancialYear, YearMonth

YEAR = FinancialYear(2017)
d = dt.date


def ep(
    start: dt.date,
    end: dt.date | None,
    rne: str,
    place: str,
    *,
    rec: str | None = None,
    district: str | None = None,
) -> CareEpisode:
    return CareEpisode(
        child=ChildRef("0001"),
        period=DateRange(start=start, end=end),
        reason_new_episode=rne,
        legal_status="E1" if place.startswith("A") else "C2",
        place=place,
        reason_ceased=(rec or "X1") if end is not None else None,
        placement_district=district,
    )


def long_term_child(*episodes: CareEpisode) -> ChildCount:
    history = derive_placement_history(ChildRef("0001"), episodes)
    measure = measure_long_term([history], {ChildRef("0001"): YearMonth(2010, 4)}, year=YEAR)
    assert isinstance(measure, StabilityMeasure)
    (child,) = measure.children
    return child


def test_a4_after_a_long_foster_placement_is_in_by_the_exception() -> None:
    # Foster carers (U4) from 1 Jan 2015 — 3 years 3 months by the census — then new adopters
    # (A4, RNE P: a new carer) from 1 Feb 2018. The carer rule fails (carer since 1 Feb 2018,
    # after 31 Mar 2016); the placement before the adoptive one began 1 Jan 2015 <= 31 Mar
    # 2016, so the two together have lasted 2 years: in the numerator by the exception.
    child = long_term_child(
        ep(d(2015, 1, 1), d(2018, 2, 1), "S", "U4"),
        ep(d(2018, 2, 1), None, "P", "A4"),
    )
    assert child.is_counted
    assert child.carer_began == d(2018, 2, 1)
    assert child.in_numerator
    assert child.long_term_reason is LongTermReason.ADOPTION_EXCEPTION


def test_a4_after_a_short_foster_placement_is_out() -> None:
    # In care since 1 Jan 2015 (cohort), but the foster placement before the adoptive one
    # began 1 Apr 2016, one day after the 31 Mar 2016 cut-off: 1 year 10 months together.
    child = long_term_child(
        ep(d(2015, 1, 1), d(2016, 4, 1), "S", "K2"),
        ep(d(2016, 4, 1), d(2018, 2, 1), "P", "U4"),
        ep(d(2018, 2, 1), None, "P", "A6"),
    )
    assert child.is_counted
    assert not child.in_numerator
    assert child.long_term_reason is LongTermReason.NEITHER


def test_the_exception_boundary_is_31_march_y_minus_2_inclusive() -> None:
    # The same as above with the foster placement beginning on 31 Mar 2016 itself: in.
    child = long_term_child(
        ep(d(2015, 1, 1), d(2016, 3, 31), "S", "K2"),
        ep(d(2016, 3, 31), d(2018, 2, 1), "P", "U4"),
        ep(d(2018, 2, 1), None, "P", "A6"),
    )
    assert child.long_term_reason is LongTermReason.ADOPTION_EXCEPTION


def test_a3_and_a5_with_the_same_carers_are_already_in_by_the_carer_rule() -> None:
    # Placed for adoption with the current foster carers: RNE T (placement change, same
    # carer), so the carer has been the same since 1 Jan 2015 and the carer rule applies first.
    for place in ("A3", "A5"):
        child = long_term_child(
            ep(d(2015, 1, 1), d(2018, 1, 15), "S", "U4"),
            ep(d(2018, 1, 15), None, "T", place),
        )
        assert child.carer_began == d(2015, 1, 1)
        assert child.long_term_reason is LongTermReason.CARER_TWO_YEARS


def test_an_adoptive_placement_interrupted_by_a_temporary_one_still_combines() -> None:
    # Foster from 1 Jan 2015; adopters (A4) from 1 Dec 2017 in SE25; a temporary placement
    # (T1) 1–8 Mar 2018; back to the same PLACE and district, so rule 3 resumes the A4
    # placement, and the placement before it is still the foster one from 2015: in.
    child = long_term_child(
        ep(d(2015, 1, 1), d(2017, 12, 1), "S", "U4", district="CR0"),
        ep(d(2017, 12, 1), d(2018, 3, 1), "P", "A4", district="SE25"),
        ep(d(2018, 3, 1), d(2018, 3, 8), "T", "T1", district="SE25"),
        ep(d(2018, 3, 8), None, "T", "A4", district="SE25"),
    )
    assert child.long_term_reason is LongTermReason.ADOPTION_EXCEPTION
    # Still in the temporary placement on 31 March: the interrupted A4 placement is current.
    in_temporary = long_term_child(
        ep(d(2015, 1, 1), d(2017, 12, 1), "S", "U4", district="CR0"),
        ep(d(2017, 12, 1), d(2018, 3, 1), "P", "A4", district="SE25"),
        ep(d(2018, 3, 1), None, "T", "T1", district="SE25"),
    )
    assert in_temporary.long_term_reason is LongTermReason.ADOPTION_EXCEPTION


def test_an_adoption_placement_is_not_combined_with_an_earlier_period_of_care() -> None:
    # A foster placement from 1 Jan 2013 ended the first period of care (E8) on 1 Jun 2015.
    # Back in care on 15 Jun 2015 in a children's home (K2) and with new adopters (A4, RNE P)
    # from 1 May 2016. The placement before the A4 *in its period of care* is the K2 from
    # 15 Jun 2015 (on or before 31 Mar 2016): in by the exception, combined with the K2 —
    # never with the 2013 foster placement of the earlier period.
    child = long_term_child(
        ep(d(2013, 1, 1), d(2015, 6, 1), "S", "U4", rec="E8"),
        ep(d(2015, 6, 15), d(2016, 5, 1), "S", "K2"),
        ep(d(2016, 5, 1), None, "P", "A4"),
    )
    assert child.care_began == d(2015, 6, 15)
    assert child.long_term_reason is LongTermReason.ADOPTION_EXCEPTION
    # With the home placement beginning after the cut-off, the earlier period's long foster
    # placement does not rescue it. (The cohort still holds: care since 1 Sep 2015.)
    child = long_term_child(
        ep(d(2013, 1, 1), d(2015, 6, 1), "S", "U4", rec="E8"),
        ep(d(2015, 9, 1), d(2016, 6, 1), "S", "U4"),
        ep(d(2016, 6, 1), d(2018, 2, 1), "P", "K2"),
        ep(d(2018, 2, 1), None, "P", "A4"),
    )
    assert child.long_term_reason is LongTermReason.NEITHER
    assert not child.in_numerator


def test_children_outside_the_cohort_and_other_measures_carry_no_long_term_reason() -> None:
    # Care began 1 Oct 2015, one day after the 30 Sep 2015 cohort cut-off: excluded.
    child = long_term_child(ep(d(2015, 10, 1), None, "S", "A4"))
    assert not child.is_counted
    assert child.long_term_reason is None


def test_the_full_shared_extract_gains_fifteen_children_by_the_exception() -> None:
    # The synthetic extract (tests/data/ssda903/full_extract_*.csv, collection year ending
    # 31 March 2018). Before the exception the long-term measure was 36 of 135 (26.7%); 15
    # cohort children are placed for adoption on 31 March 2018 after a placement begun on or
    # before 31 March 2016 — e.g. CHILD 217266: U6 from 20 Apr 2015, then A4 (RNE P, new
    # carers) from 5 Oct 2017 — so it is now 51 of 135 (37.8%). The other measures are
    # untouched: 225/1196 short term, 62/291 two year.
    data = Path(__file__).parent.parent / "data" / "ssda903"
    read = load_ssda903(
        data / "full_extract_episodes.csv",
        data / "full_extract_header.csv",
        collection_year=YEAR,
    )
    result = measure_stability(read.episodes, read.children, year=YEAR).partnership
    assert isinstance(result.long_term, StabilityMeasure)
    reasons = Counter(c.long_term_reason for c in result.long_term.children if c.is_counted)
    assert reasons == {
        LongTermReason.CARER_TWO_YEARS: 36,
        LongTermReason.ADOPTION_EXCEPTION: 15,
        LongTermReason.NEITHER: 84,
    }
    assert (result.long_term.numerator, result.long_term.denominator) == (51, 135)
    assert result.long_term.percent_text == "37.8"
    assert (result.short_term.numerator, result.short_term.denominator) == (225, 1196)
    assert (result.two_year.numerator, result.two_year.denominator) == (62, 291)
    by_child = {c.child: c for c in result.long_term.children}
    assert by_child[ChildRef("217266")].long_term_reason is LongTermReason.ADOPTION_EXCEPTION
