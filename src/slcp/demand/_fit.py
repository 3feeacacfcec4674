"""Month-end states of each child, and the transition counts and rates estimated from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from slcp.demand._states import (
    CARE_STATES,
    CareState,
    PlacementGroup,
    age_band_index,
    month_end,
    placement_group_of,
)
from slcp.domain import CareEpisode, ChildRef, GssCode
from slcp.errors import InvalidValueError
from slcp.outcomes.stability import PlacementHistory, derive_placement_histories
from slcp.periods import YearMonth

__all__ = [
    "ChildMonths",
    "EntryCount",
    "TransitionCount",
    "TransitionRates",
    "estimate_transition_rates",
    "month_number",
    "month_of_number",
    "monthly_states",
]

#: Index standing for "not looked after" in the model's state arrays.
OUT = len(CARE_STATES)
_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
_GROUP_INDEX = {g: i for i, g in enumerate(PlacementGroup)}


def month_number(month: YearMonth) -> int:
    """Months since January of year 0: consecutive months have consecutive numbers.

    >>> month_number(YearMonth(2018, 3)) - month_number(YearMonth(2017, 12))
    3
    """
    return month.year * 12 + month.month - 1


def month_of_number(number: int) -> YearMonth:
    """The inverse of :func:`month_number`.

    >>> month_of_number(month_number(YearMonth(2018, 12)))
    YearMonth(year=2018, month=12)
    """
    return YearMonth(number // 12, number % 12 + 1)


@attrs.frozen(kw_only=True)
class ChildMonths:
    """One child's state on each month end from :attr:`first_month` on.

    Attributes:
        child: the child's reference.
        area: the responsible borough's GSS code, where known (``None``: not given).
        first_month: the month of ``states[0]``.
        states: the state on each month end (the month's last day), ``None`` when the child
            is not looked after that day.
    """

    child: ChildRef
    area: GssCode | None
    first_month: YearMonth
    states: tuple[CareState | None, ...]

    def state_in(self, month: YearMonth) -> CareState | None:
        """The state on ``month``'s last day (``None`` outside the span or out of care)."""
        i = month_number(month) - month_number(self.first_month)
        return self.states[i] if 0 <= i < len(self.states) else None


def _episode_groups(episodes: Sequence[CareEpisode]) -> list[int]:
    # a temporary placement keeps the group of the placement it interrupted; one that opens
    # a period of care has nothing to keep and counts as OTHER (decision record 1110)
    out: list[int] = []
    carried: int | None = None
    for ep in episodes:
        if ep.place in _TEMPORARY:
            out.append(carried if carried is not None else _GROUP_INDEX[PlacementGroup.OTHER])
        else:
            carried = _GROUP_INDEX[placement_group_of(ep.place)]
            out.append(carried)
    return out


def _state_indices(
    history: PlacementHistory, born: YearMonth | None, first: int, days: Sequence[dt.date]
) -> list[int]:
    """State indices on each of ``days`` (the month ends from month number ``first``)."""
    count = len(days)
    states = [OUT] * count
    n_groups = len(PlacementGroup)
    for poc in history.periods_of_care:
        episodes = poc.episodes
        groups = _episode_groups(episodes)
        start, end = poc.period.start, poc.period.end
        j = 0
        for i in range(max(month_number(YearMonth.of(start)) - first, 0), count):
            day = days[i]
            if end is not None and day >= end:
                break
            if day < start:
                continue
            while j + 1 < len(episodes) and episodes[j + 1].start <= day:
                j += 1
            band = age_band_index(None if born is None else born.age_on(day))
            states[i] = band * n_groups + groups[j]
    return states


def monthly_states(
    episodes: Iterable[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    first_month: YearMonth,
    last_month: YearMonth,
) -> tuple[ChildMonths, ...]:
    """Each child's state on every month end from ``first_month`` to ``last_month`` inclusive.

    A child is looked after on a day when a period of care contains it, half-open (an episode
    with DEC on the month end has ended that day). Periods of care and short breaks follow the
    stability rules (V3/V4 episodes are ignored: rule 1; decision record 0503). The placement
    group is that of the episode in force that day; a temporary placement (T0-T4) keeps the
    group of the placement it interrupted, or OTHER when it opens the period of care. The age
    band is the age in completed years that day from the month of birth (birthday the 1st),
    ``UNKNOWN`` without one.

    Args:
        episodes: SSDA903 episodes, any order, any boroughs (CHILD ids are per borough).
        months_of_birth: month of birth per child; ``None`` when unknown.
        first_month: the first month observed.
        last_month: the last month observed (inclusive).

    Returns:
        One :class:`ChildMonths` per child with a non-short-break episode, sorted by borough
        (unknown last) then child.
    """
    first = month_number(first_month)
    count = month_number(last_month) - first + 1
    if count < 1:
        raise InvalidValueError(
            "the last month must not be before the first",
            field="last_month",
            value=str(last_month),
            expected=f"{first_month} or later",
        )
    births = months_of_birth or {}
    days = [month_end(month_of_number(first + i)) for i in range(count)]
    out: list[ChildMonths] = []
    for h in derive_placement_histories(episodes):
        if h.has_only_short_breaks:
            continue
        indices = _state_indices(h, births.get(h.child), first, days)
        out.append(
            ChildMonths(
                child=h.child,
                area=h.borough,
                first_month=first_month,
                states=tuple(None if i == OUT else CARE_STATES[i] for i in indices),
            )
        )
    return tuple(out)


@attrs.frozen(kw_only=True)
class TransitionCount:
    """A transition observed over a fit window, with its rate.

    Attributes:
        source: the state on the previous month end (``None``: an entry to care).
        target: the state on the month end (``None``: left care).
        count: how many times it was observed (children × months).
        exposure: the denominator: child-months spent in ``source`` on a month end that
            was followed by an observed month end; for an entry, the number of months in the
            window (entries are a count a month, not a share of anyone).
    """

    source: CareState | None
    target: CareState | None
    count: int
    exposure: int

    @property
    def rate(self) -> Fraction:
        """``count ÷ exposure``: a monthly probability, or entries a month; exact."""
        return Fraction(self.count, self.exposure) if self.exposure else Fraction(0)


@attrs.frozen(kw_only=True)
class EntryCount:
    """Entries to care in one area over a fit window.

    Attributes:
        area: the borough (``None``: not given).
        target: the state entered (the state on the first month end looked after).
        count: entries observed.
        months: months in the window (the rate's denominator).
    """

    area: GssCode | None
    target: CareState
    count: int
    months: int

    @property
    def per_month(self) -> Fraction:
        """Entries a month, ``count ÷ months``, exact."""
        return Fraction(self.count, self.months)


def _area_key(area: GssCode | None) -> tuple[bool, str]:
    return (area is None, area or "")


@attrs.frozen(kw_only=True)
class TransitionRates:
    """Monthly transition counts between states, pooled over areas, and entries per area.

    The transition from month ``m-1``'s last day to month ``m``'s last day is counted for
    every month ``m`` from :attr:`first_month` to :attr:`last_month` inclusive.

    Attributes:
        first_month: the first month whose transitions were counted.
        last_month: the last (inclusive).
        counts: ``counts[i][j]`` children moving from state ``CARE_STATES[i]`` to state
            ``CARE_STATES[j]`` (``j == len(CARE_STATES)``: left care); staying is ``i == j``.
        entries: per area (sorted, unknown last), ``(area, counts)`` with ``counts[j]`` the
            entries into ``CARE_STATES[j]``.
        children: children contributing at least one observation.
    """

    first_month: YearMonth
    last_month: YearMonth
    counts: tuple[tuple[int, ...], ...]
    entries: tuple[tuple[GssCode | None, tuple[int, ...]], ...]
    children: int

    @property
    def months(self) -> int:
        """Months in the window."""
        return month_number(self.last_month) - month_number(self.first_month) + 1

    @property
    def areas(self) -> tuple[GssCode | None, ...]:
        """The areas with entries recorded (possibly zero), in order."""
        return tuple(a for a, _ in self.entries)

    def exposure(self, source: CareState) -> int:
        """Child-months observed in ``source`` (the denominator of its transitions)."""
        return sum(self.counts[source.index])

    def probability(self, source: CareState, target: CareState | None) -> Fraction:
        """The monthly probability of moving from ``source`` to ``target`` (``None``: leaving).

        A state never observed as a source keeps its children (probability 1 of staying):
        there is no evidence to move them (decision record 1110).
        """
        n = self.exposure(source)
        j = OUT if target is None else target.index
        if n == 0:
            return Fraction(1 if j == source.index else 0)
        return Fraction(self.counts[source.index][j], n)

    def transitions(self) -> tuple[TransitionCount, ...]:
        """Every transition observed at least once (staying included), then entries pooled
        over areas, in state order."""
        out: list[TransitionCount] = []
        for i, row in enumerate(self.counts):
            n = sum(row)
            for j, c in enumerate(row):
                if c:
                    out.append(
                        TransitionCount(
                            source=CARE_STATES[i],
                            target=None if j == OUT else CARE_STATES[j],
                            count=c,
                            exposure=n,
                        )
                    )
        pooled = [sum(e[j] for _, e in self.entries) for j in range(len(CARE_STATES))]
        out.extend(
            TransitionCount(source=None, target=CARE_STATES[j], count=c, exposure=self.months)
            for j, c in enumerate(pooled)
            if c
        )
        return tuple(out)

    def entry_counts(self) -> tuple[EntryCount, ...]:
        """Entries by area and state, non-zero ones only."""
        return tuple(
            EntryCount(area=a, target=CARE_STATES[j], count=c, months=self.months)
            for a, row in self.entries
            for j, c in enumerate(row)
            if c
        )


def estimate_transition_rates(
    histories: Sequence[ChildMonths],
    *,
    first_month: YearMonth,
    last_month: YearMonth,
) -> TransitionRates:
    """Count every month's transitions over ``[first_month, last_month]``.

    Each child is observed on the last day of month ``first_month - 1`` and of every month to
    ``last_month``: a looked-after child on one month end is counted in the transition to its
    state on the next (staying, moving, ageing into the next band, or leaving care); a child
    not looked after on one month end and looked after on the next is an entry.

    Args:
        histories: from :func:`monthly_states`, covering ``first_month - 1`` to
            ``last_month``.
        first_month: the first month whose transitions count.
        last_month: the last (inclusive).

    Raises:
        InvalidValueError: the window is empty or outside the histories' span.
    """
    first = month_number(first_month)
    last = month_number(last_month)
    if last < first:
        raise InvalidValueError(
            "a fit window needs at least one month",
            field="last_month",
            value=str(last_month),
            expected=f"{first_month} or later",
        )
    n_states = len(CARE_STATES)
    counts = [[0] * (n_states + 1) for _ in range(n_states)]
    entries: dict[GssCode | None, list[int]] = {}
    children = 0
    for h in histories:
        offset = month_number(h.first_month)
        if first - 1 < offset or last - offset >= len(h.states):
            raise InvalidValueError(
                "the histories do not cover the fit window",
                field="first_month",
                value=str(first_month),
                expected=f"histories from {month_of_number(first - 1)} to {last_month}",
            )
        row = entries.setdefault(h.area, [0] * n_states)
        seen = False
        prev = h.states[first - 1 - offset]
        for m in range(first, last + 1):
            cur = h.states[m - offset]
            if prev is not None:
                counts[prev.index][OUT if cur is None else cur.index] += 1
                seen = True
            elif cur is not None:
                row[cur.index] += 1
                seen = True
            prev = cur
        children += seen
    return TransitionRates(
        first_month=first_month,
        last_month=last_month,
        counts=tuple(tuple(r) for r in counts),
        entries=tuple((a, tuple(entries[a])) for a in sorted(entries, key=_area_key)),
        children=children,
    )
