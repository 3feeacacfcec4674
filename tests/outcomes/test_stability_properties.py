"""Properties of the stability measures over generated episode histories."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import CareEpisode, Child, ChildRef
from slcp.outcomes.stability import (
    StabilityMeasure,
    StabilityResult,
    derive_placement_history,
    measure_stability,
)
from slcp.periods import DateRange, FinancialYear, YearMonth

YEAR = FinancialYear(2017)
_PLACES = ["U4", "U5", "K2", "T1", "T3"]
_DISTRICTS = ["CR0", "SE15"]


@st.composite
def child_histories(draw: st.DrawFn, *, child: str = "1") -> list[CareEpisode]:
    """Consecutive episodes from a start in 2014-2018, some ending periods with E-codes."""
    day = dt.date(2014, 1, 1) + dt.timedelta(days=draw(st.integers(0, 1600)))
    n = draw(st.integers(1, 7))
    out: list[CareEpisode] = []
    for i in range(n):
        last = i == n - 1
        length = draw(st.integers(0, 500))
        open_ended = last and draw(st.booleans())
        end = None if open_ended else day + dt.timedelta(days=length)
        rec = None if end is None else draw(st.sampled_from(["X1", "X1", "X1", "E4A"]))
        rne = (
            "S"
            if not out or out[-1].reason_ceased == "E4A"
            else draw(st.sampled_from(["L", "P", "T", "U", "B"]))
        )
        out.append(
            CareEpisode(
                child=ChildRef(child),
                period=DateRange(start=day, end=end),
                reason_new_episode=rne,
                legal_status=draw(st.sampled_from(["C2", "C2", "C2", "V3"])),
                place=draw(st.sampled_from(_PLACES)),
                placement_district=draw(st.sampled_from(_DISTRICTS)),
                reason_ceased=rec,
            )
        )
        if end is None:
            break
        # usually contiguous; sometimes a gap
        day = end + dt.timedelta(days=draw(st.sampled_from([0, 0, 0, 3])))
    return out


@st.composite
def partnerships(draw: st.DrawFn) -> list[CareEpisode]:
    episodes: list[CareEpisode] = []
    for i in range(draw(st.integers(1, 5))):
        episodes.extend(draw(child_histories(child=str(i))))
    return episodes


def _measures(r: StabilityResult) -> list[StabilityMeasure]:
    out = [r.short_term, r.two_year, r.naive_episodes]
    if isinstance(r.long_term, StabilityMeasure):
        out.append(r.long_term)
    return out


def _children(episodes: list[CareEpisode]) -> list[Child]:
    return [Child(ref=e.child, month_of_birth=YearMonth(2008, 1)) for e in episodes]


@settings(max_examples=60)
@given(partnerships())
def test_counts_are_bounded_and_percent_exact(episodes: list[CareEpisode]) -> None:
    s = measure_stability(episodes, _children(episodes), year=YEAR)
    for m in _measures(s.partnership):
        assert 0 <= m.numerator <= m.denominator
        if m.percent is not None:
            assert 0 <= m.percent <= 100
            assert m.percent * m.denominator == 100 * m.numerator


@settings(max_examples=60)
@given(partnerships(), st.randoms(use_true_random=False))
def test_order_of_episodes_does_not_matter(episodes: list[CareEpisode], rnd: random.Random) -> None:
    shuffled = list(episodes)
    rnd.shuffle(shuffled)
    a = measure_stability(episodes, _children(episodes), year=YEAR).partnership
    b = measure_stability(shuffled, _children(episodes), year=YEAR).partnership
    assert [(m.numerator, m.denominator) for m in _measures(a)] == [
        (m.numerator, m.denominator) for m in _measures(b)
    ]


@settings(max_examples=60)
@given(partnerships())
def test_placements_never_exceed_episodes(episodes: list[CareEpisode]) -> None:
    # Distinct placements never overlap, and each one in force in the year holds an
    # episode in force in the year: the DfE numerator is within the naive one.
    r = measure_stability(episodes, year=YEAR).partnership
    naive = {c.child: c.placements for c in r.naive_episodes.children}
    for c in r.short_term.children:
        assert c.placements <= naive[c.child]
    assert set(r.short_term.numerator_children) <= set(r.naive_episodes.numerator_children)


@settings(max_examples=60)
@given(child_histories(), st.integers(1, 400))
def test_splitting_an_episode_by_a_legal_status_change_changes_no_placement(
    episodes: list[CareEpisode], offset: int
) -> None:
    # Cut the first non-temporary, non-short-break, long-enough episode in two with an L
    # episode in the same place: the placements (and carers) are the same.
    target = next(
        (
            i
            for i, e in enumerate(episodes)
            if not e.is_temporary
            and not e.is_short_break
            and (e.period.end is None or (e.period.end - e.start).days > offset)
        ),
        None,
    )
    if target is None:
        return
    e = episodes[target]
    cut = e.start + dt.timedelta(days=offset)
    first = CareEpisode(
        child=e.child,
        period=DateRange(start=e.start, end=cut),
        reason_new_episode=e.reason_new_episode,
        legal_status=e.legal_status,
        place=e.place,
        placement_district=e.placement_district,
        reason_ceased="X1",
    )
    second = CareEpisode(
        child=e.child,
        period=DateRange(start=cut, end=e.period.end),
        reason_new_episode="L",
        legal_status="C1",
        place=e.place,
        placement_district=e.placement_district,
        reason_ceased=e.reason_ceased,
    )
    split = [*episodes[:target], first, second, *episodes[target + 1 :]]
    before = derive_placement_history(ChildRef("1"), episodes)
    after = derive_placement_history(ChildRef("1"), split)
    assert [(p.period, p.carer_number) for p in before.placements] == [
        (p.period, p.carer_number) for p in after.placements
    ]


@settings(max_examples=40)
@given(partnerships())
def test_short_break_only_children_change_nothing(episodes: list[CareEpisode]) -> None:
    extra = CareEpisode(
        child=ChildRef("sb"),
        period=DateRange(start=dt.date(2017, 6, 1)),
        reason_new_episode="S",
        legal_status="V4",
        place="U4",
    )
    a = measure_stability(episodes, year=YEAR).partnership
    b = measure_stability([*episodes, extra], year=YEAR).partnership
    assert [(m.numerator, m.denominator) for m in _measures(a)] == [
        (m.numerator, m.denominator) for m in _measures(b)
    ]


_days = st.integers(0, 60).map(lambda n: dt.date(2017, 3, 1) + dt.timedelta(days=n))


@settings(max_examples=100)
@given(_days, st.one_of(st.none(), st.integers(0, 30)), _days, st.integers(0, 30))
def test_in_force_agrees_with_overlaps(
    start: dt.date, length: int | None, w_start: dt.date, w_length: int
) -> None:
    from slcp.outcomes.stability import _in_force

    period = DateRange(start=start, end=None if length is None else start + dt.timedelta(length))
    window = DateRange(start=w_start, end=w_start + dt.timedelta(w_length))
    assert _in_force(period, window) == period.overlaps(window)
