"""Every stability rule end to end: hand-built 903 tables -> reader -> measures.

Tables: ``tests/data/ssda903/episodes_rules.csv`` and ``header_rules.csv``, one child per
rule. Census 31 March 2018 (``--year 2018``). Windows: short term [1 Apr 2017, 31 Mar 2018];
two year [1 Apr 2016, 31 Mar 2018], cohort in care since on or before 1 Apr 2016; long term:
under 16 on 31 Mar 2018 (born April 2002 or later), in care since on or before 30 Sep 2015,
numerator carer since on or before 31 Mar 2016.

Worked by hand, child by child (P = placements in force in the window):

====  ==============================================  =========  =========  ============  =====
id    what it shows                                   short      two year   long term     naive
====  ==============================================  =========  =========  ============  =====
0101  S, P, P in the year                             P=3 num    late       late          3 num
0102  S then two L (legal status only)                P=1        late       late          3 num
0103  K2, U4 CR0, T1, back to U4 CR0 (resumes)        P=2        late       late          4 num
0104  K2, U4 CR0, T1, then U4 SE15 (new placement)    P=3 num    late       late          4 num
0105  S U4 2015, T U5, U U6 (same carer throughout)   P=2        P=2        carer 2015 ✓  2
0106  S U4 2015, P U5 1 May 2016                      P=1        P=2        carer late ✗  1
0107  carer from 31 Mar 2016 (boundary, in)           P=1        P=1        ✓             1
0108  carer from 1 Apr 2016 (boundary, out)           P=1        P=1        ✗             1
0109  care from 30 Sep 2015 (2.5-year boundary, in)   P=1        P=1        ✓             1
0110  care from 1 Oct 2015 (boundary, out)            P=1        P=1        late          1
0111  born March 2002: 16 on 31 Mar 2018              P=1        P=1        aged 16       1
0112  born April 2002: 15                             P=1        P=1        ✓             1
0113  U4 ends 1 Apr 2017 (DEC): not in the year       P=2        late       late          2
0114  U6 starts 31 Mar 2018: in the year              P=3 num    late       late          3 num
0115  ceased (E4A) on 31 Mar 2018: not looked after   out        out        out           out
0116  V3 short breaks only                            out        out        out           out
0117  V4 short breaks, then care from Sep 2017        P=1        late       late          1
0118  two periods of care in the year (E4A between)   P=3 num    late       late          3 num
0119  care from 1 Jan 2016; U4, U5, U6                P=1        P=3 num    late          1
0120  care from 1 Apr 2016 (two-year boundary, in)    P=1        P=1        late          1
0121  care from 2 Apr 2016 (boundary, out)            P=1        late       late          1
0122  U4 since 2015, in temporary T2 on 31 March      P=1        P=1        ✓ (carer)     2
====  ==============================================  =========  =========  ============  =====

Short term: 20 children looked after (22 less 0115 and 0116); numerator 0101, 0104, 0114,
0118 = 4; 4/20 = 20 % -> "20.0".
Two year: cohort 0105-0112, 0119, 0120, 0122 = 11; numerator 0119 = 1; 100/11 = 9.0909... %
-> "9.1".
Long term: cohort 0105, 0106, 0107, 0108, 0109, 0112, 0122 = 7; numerator 0105, 0107, 0109,
0112, 0122 = 5; 500/7 = 71.428... % -> "71.4".
Naive (not a DfE measure): 3+ episodes in the year: 0101, 0102, 0103, 0104, 0114, 0118 = 6;
6/20 = 30 % -> "30.0".
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from slcp.io.ssda903 import Ssda903Return, load_ssda903
from slcp.outcomes.stability import (
    ExclusionReason,
    StabilityMeasure,
    StabilityResult,
    measure_stability,
)
from slcp.periods import FinancialYear

DATA = Path(__file__).parent.parent / "data" / "ssda903"
YEAR = FinancialYear(2017)


@pytest.fixture(scope="module")
def loaded() -> Ssda903Return:
    return load_ssda903(
        DATA / "episodes_rules.csv", DATA / "header_rules.csv", collection_year=YEAR
    )


@pytest.fixture(scope="module")
def result(loaded: Ssda903Return) -> StabilityResult:
    return measure_stability(loaded.episodes, loaded.children, year=YEAR).partnership


def test_the_hand_built_tables_are_clean(loaded: Ssda903Return) -> None:
    assert loaded.findings == ()
    assert len(loaded.episodes) == 50
    assert loaded.children is not None
    assert len(loaded.children) == 22


def test_short_term(result: StabilityResult) -> None:
    m = result.short_term
    assert (m.numerator, m.denominator) == (4, 20)
    assert m.numerator_children == ("0101", "0104", "0114", "0118")
    assert m.percent == Fraction(20)
    assert m.percent_text == "20.0"
    assert m.exclusions() == {
        ExclusionReason.SHORT_BREAKS_ONLY: 1,  # 0116
        ExclusionReason.NOT_LOOKED_AFTER: 1,  # 0115
    }
    placements = {str(c.child): c.placements for c in m.children if c.is_counted}
    assert placements["0103"] == 2  # the temporary placement returned: K2 and U4
    assert placements["0113"] == 2  # the placement ending with DEC 1 April is outside
    assert placements["0102"] == 1  # legal-status changes only


def test_two_year(result: StabilityResult) -> None:
    m = result.two_year
    assert (m.numerator, m.denominator) == (1, 11)
    assert m.numerator_children == ("0119",)
    assert m.percent == Fraction(100, 11)
    assert m.percent_text == "9.1"
    assert "0120" in m.denominator_children
    assert "0121" not in m.denominator_children


def test_long_term(result: StabilityResult) -> None:
    m = result.long_term
    assert isinstance(m, StabilityMeasure)
    assert m.denominator_children == ("0105", "0106", "0107", "0108", "0109", "0112", "0122")
    assert m.numerator_children == ("0105", "0107", "0109", "0112", "0122")
    assert m.percent == Fraction(500, 7)
    assert m.percent_text == "71.4"
    excluded = {str(c.child): c.excluded for c in m.children if c.excluded is not None}
    assert excluded["0111"] is ExclusionReason.AGED_16_OR_OVER
    assert excluded["0110"] is ExclusionReason.CARE_BEGAN_TOO_LATE


def test_naive_count_is_separate_and_higher(result: StabilityResult) -> None:
    m = result.naive_episodes
    assert (m.numerator, m.denominator) == (6, 20)
    assert m.rule.startswith("NAIVE COUNT, not the DfE measure")


def test_without_header_long_term_is_unavailable() -> None:
    loaded = load_ssda903(DATA / "episodes_rules.csv", collection_year=YEAR)
    r = measure_stability(loaded.episodes, loaded.children, year=YEAR).partnership
    assert r.long_term.available is False
    assert (r.short_term.numerator, r.short_term.denominator) == (4, 20)
