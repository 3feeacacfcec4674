"""The demand model on a tiny history worked by hand: states, counts, rates, projection."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from fractions import Fraction

import pytest

from slcp.demand import (
    CARE_STATES,
    AgeBand,
    BootstrapSettings,
    CareState,
    PlacementGroup,
    TransitionCount,
    estimate_transition_rates,
    monthly_states,
    project_population,
    start_population,
)
from slcp.domain import CareEpisode, ChildRef
from slcp.errors import InvalidValueError
from slcp.periods import DateRange, YearMonth

F, R, OTHER = PlacementGroup.FOSTERING, PlacementGroup.RESIDENTIAL, PlacementGroup.OTHER


def ep(
    child: str,
    start: dt.date,
    end: dt.date | None,
    rne: str,
    place: str,
    *,
    rec: str | None = "X1",
) -> CareEpisode:
    return CareEpisode(
        child=ChildRef(child),
        period=DateRange(start=start, end=end),
        reason_new_episode=rne,
        legal_status="C2",
        place=place,
        reason_ceased=rec if end is not None else None,
    )


d = dt.date
# The tiny history. Month ends observed: 31 Jan, 28 Feb, 31 Mar, 30 Apr 2017.
#   A (born June 2010, aged 6): fostered from 15 Jan, moves to a children's home on 10 Mar.
#   B (born Feb 2017): fostered 20 Feb to 5 Apr, then adopted (E11): an entry and a leaver.
#   C (born March 2001): other placement (H5) throughout; 15 on 28 Feb, 16 on 31 Mar (the
#     birthday is taken as 1 March): ages from the 10-15 band into 16+ in March.
#   D (no month of birth): fostered, a temporary placement (T1) from 10 Feb to 5 Mar that keeps
#     the fostering group, then fostered again.
EPISODES = [
    ep("A", d(2017, 1, 15), d(2017, 3, 10), "S", "U4"),
    ep("A", d(2017, 3, 10), None, "P", "K2"),
    ep("B", d(2017, 2, 20), d(2017, 4, 5), "S", "U4", rec="E11"),
    ep("C", d(2016, 12, 1), None, "S", "H5"),
    ep("D", d(2016, 11, 1), d(2017, 2, 10), "S", "U4"),
    ep("D", d(2017, 2, 10), d(2017, 3, 5), "T", "T1"),
    ep("D", d(2017, 3, 5), None, "T", "U4"),
]
BORN = {
    ChildRef("A"): YearMonth(2010, 6),
    ChildRef("B"): YearMonth(2017, 2),
    ChildRef("C"): YearMonth(2001, 3),
}


def state(band: AgeBand, group: PlacementGroup) -> CareState:
    return CareState(band=band, group=group)


def histories() -> tuple:
    return monthly_states(
        EPISODES, BORN, first_month=YearMonth(2017, 1), last_month=YearMonth(2017, 4)
    )


def test_month_end_states_worked_by_hand() -> None:
    got = {h.child: [None if s is None else str(s) for s in h.states] for h in histories()}
    assert got == {
        # A: 6 on every month end (born June); fostering, then residential from 10 March
        "A": ["5-9 fostering", "5-9 fostering", "5-9 residential", "5-9 residential"],
        # B: not looked after on 31 Jan; under 1; left on 5 April
        "B": [None, "under 1 fostering", "under 1 fostering", None],
        # C: 15 on 31 Jan and 28 Feb, 16 from 1 March
        "C": ["10-15 other", "10-15 other", "16+ other", "16+ other"],
        # D: on 28 Feb in the temporary placement, which keeps the fostering group
        "D": ["unknown fostering"] * 4,
    }


def test_transition_counts_and_rates_worked_by_hand() -> None:
    rates = estimate_transition_rates(
        histories(), first_month=YearMonth(2017, 2), last_month=YearMonth(2017, 4)
    )
    # Transitions Jan->Feb, Feb->Mar, Mar->Apr (3 months):
    #   A: 5-9 F -> 5-9 F; 5-9 F -> 5-9 R; 5-9 R -> 5-9 R
    #   B: entry -> <1 F; <1 F -> <1 F; <1 F -> left
    #   C: 10-15 O -> 10-15 O; 10-15 O -> 16+ O (ageing); 16+ O -> 16+ O
    #   D: unknown F -> unknown F, three times
    got = {(str(t.source), str(t.target), t.count, t.exposure) for t in rates.transitions()}
    assert got == {
        ("5-9 fostering", "5-9 fostering", 1, 2),
        ("5-9 fostering", "5-9 residential", 1, 2),
        ("5-9 residential", "5-9 residential", 1, 1),
        ("under 1 fostering", "under 1 fostering", 1, 2),
        ("under 1 fostering", "None", 1, 2),
        ("10-15 other", "10-15 other", 1, 2),
        ("10-15 other", "16+ other", 1, 2),
        ("16+ other", "16+ other", 1, 1),
        ("unknown fostering", "unknown fostering", 3, 3),
        # entries: 1 over the 3 months of the window
        ("None", "under 1 fostering", 1, 3),
    }
    assert rates.children == 4
    assert rates.months == 3
    five_f = state(AgeBand.AGED_5_TO_9, F)
    assert rates.probability(five_f, state(AgeBand.AGED_5_TO_9, R)) == Fraction(1, 2)
    assert rates.probability(state(AgeBand.UNDER_1, F), None) == Fraction(1, 2)
    # never observed: children stay where they are
    never = state(AgeBand.UNDER_1, R)
    assert rates.probability(never, never) == 1
    assert rates.probability(never, None) == 0
    [entry] = rates.entry_counts()
    assert (entry.area, str(entry.target), entry.per_month) == (
        None,
        "under 1 fostering",
        Fraction(1, 3),
    )
    assert TransitionCount(source=None, target=None, count=0, exposure=0).rate == 0


def test_projection_worked_by_hand() -> None:
    hs = histories()
    rates = estimate_transition_rates(
        hs, first_month=YearMonth(2017, 2), last_month=YearMonth(2017, 4)
    )
    start = start_population(hs, YearMonth(2017, 4))
    # on 30 April: A (5-9 residential), C (16+ other), D (unknown fostering)
    assert {CARE_STATES[i].__str__(): n for i, n in enumerate(start[None]) if n} == {
        "5-9 residential": 1,
        "16+ other": 1,
        "unknown fostering": 1,
    }
    p = project_population(rates, start, start_month=YearMonth(2017, 4), months=3)
    [area] = p.areas
    under1 = state(AgeBand.UNDER_1, F).index
    # Units are thousandths of a child. The three children stay put (each state's only
    # observed move is staying). Entries: 1 a 3 months -> cumulative floor(1000 k / 3):
    # 333, 666, 1000, so 333, 333, 334 a month, all into under-1 fostering.
    # May: under 1 starts 0, gets 333.                      total 3000 + 333 = 3333
    # June: 333 split 1/2 stay, 1/2 leave = 166.5 each: floors 166 + 166, one unit left,
    #       equal remainders -> the lower destination (staying) gets it: 167 stay, 166 leave;
    #       plus 333 entries -> 500.                        total 3000 + 500 = 3500
    # July: 500 -> 250 stay, 250 leave; plus 334 -> 584.    total 3584
    assert [m.month for m in area.months] == [YearMonth(2017, m) for m in (5, 6, 7)]
    assert [m.end[under1] for m in area.months] == [333, 500, 584]
    assert [m.left[under1] for m in area.months] == [0, 166, 250]
    assert [m.entered[under1] for m in area.months] == [333, 333, 334]
    assert [p.units_on(YearMonth(2017, m)) for m in (4, 5, 6, 7)] == [3000, 3333, 3500, 3584]
    assert area.children_on(YearMonth(2017, 7), F) == Fraction(1584, 1000)
    assert p.units_on(YearMonth(2017, 7), OTHER) == 1000
    with pytest.raises(InvalidValueError, match="outside the projection"):
        area.units_on(YearMonth(2017, 8))


def test_bootstrap_rank_rule() -> None:
    # r = floor((B + 1) x (100 - level) / 200): (199 + 1) x 10 / 200 = 10; (19 + 1) x 10 / 200 = 1
    assert BootstrapSettings().rank == 10
    assert BootstrapSettings(resamples=19).rank == 1
    assert BootstrapSettings(resamples=999, level_pct=95).rank == 25
    with pytest.raises(InvalidValueError, match="at least one resample"):
        BootstrapSettings(resamples=0)
    with pytest.raises(InvalidValueError, match="1-99 percent"):
        BootstrapSettings(level_pct=100)


def test_fit_window_must_be_covered_and_non_empty() -> None:
    hs = histories()
    with pytest.raises(InvalidValueError, match="do not cover"):
        estimate_transition_rates(hs, first_month=YearMonth(2017, 1), last_month=YearMonth(2017, 4))
    with pytest.raises(InvalidValueError, match="at least one month"):
        estimate_transition_rates(hs, first_month=YearMonth(2017, 3), last_month=YearMonth(2017, 2))


def test_importing_the_package_loads_no_numpy() -> None:
    script = "import sys, slcp.demand; print('numpy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_backtest_needs_data_before_its_fit() -> None:
    from slcp.demand import backtest_demand
    from slcp.periods import FinancialYear

    # the data starts in November 2016; a backtest to March 2017 would fit to March 2015.
    # The earliest possible: fit to March 2017 (after November 2016), so Y ends March 2019.
    with pytest.raises(InvalidValueError, match="it needs data before 2015-03") as e:
        backtest_demand(EPISODES, BORN, year=FinancialYear(2016))
    assert e.value.expected == "a year ending 31 March 2019 or later"


def test_last_covered_day() -> None:
    from slcp.demand import last_covered_day

    # DEC is the first day out of care: an episode ending 1 April 2018 covers 31 March
    ended = ep("E", d(2017, 6, 1), d(2018, 4, 1), "S", "U4")
    assert last_covered_day([ended]) == d(2018, 3, 31)
    # a later DECOM wins; an open episode covers its DECOM
    assert last_covered_day([ended, ep("F", d(2018, 4, 2), None, "S", "K2")]) == d(2018, 4, 2)
    # a zero-length episode (DECOM = DEC) covers its DECOM
    assert last_covered_day([ep("G", d(2018, 5, 1), d(2018, 5, 1), "S", "U4")]) == d(2018, 5, 1)
    with pytest.raises(InvalidValueError, match="no episodes"):
        last_covered_day([])
