"""Month-end states over columns: :func:`~slcp.demand.monthly_states`, vectorised.

:func:`~slcp.demand.monthly_states` is the readable reference: it derives each child's
periods of care episode by episode (:func:`~slcp.outcomes.stability.derive_placement_histories`)
and walks every month end. The report needs the states on only the month ends of one fit
window, for every child of a programme, in a few milliseconds; this module applies the same
rules to whole columns with numpy. A differential property test holds both to the same
:class:`~slcp.demand.ChildMonths` (STYLE principle 9); a fix goes into both.

The rules, as the reference applies them: V3/V4 short breaks are set aside; a child's
episodes are sorted by (DECOM, DEC with open last), stably; an episode overlapped by the
child's next one ends when the next begins; a period of care ends at a gap or an E-code
reason ceased; a temporary placement (T0-T4) keeps the group of the last other episode
before it in its period of care, or OTHER when none. A month end belongs to the episode whose
(clipped, half-open) range contains it: within a period of care the ranges tile the period.

numpy is imported when a function runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from slcp.demand._fit import OUT, ChildMonths, TransitionRates, month_number, month_of_number
from slcp.demand._forecast import REFERENCE_MONTHS, DemandForecast, _fit_window, census_month
from slcp.demand._projection import (
    BootstrapSettings,
    ProjectedCount,
    _bootstrap,
    _grid_contributions,
    _wanted,
    project_population,
)
from slcp.demand._states import CARE_STATES, PlacementGroup, month_end, placement_group_of
from slcp.domain import CareEpisode, ChildRef, GssCode
from slcp.errors import InvalidValueError
from slcp.periods import FinancialYear, YearMonth

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["forecast_demand_columns", "monthly_states_columns"]

_OPEN = 2**31 - 1
_SHORT_BREAK = frozenset({"V3", "V4"})
_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
_GROUPS = tuple(PlacementGroup)
_OTHER = _GROUPS.index(PlacementGroup.OTHER)
_UNKNOWN_BAND = 5  # AgeBand.UNKNOWN's position
_N_GROUPS = len(_GROUPS)


@attrs.frozen(kw_only=True, eq=False)
class _Columns:
    """The episodes that are not short breaks, as columns, and the data's first and last
    months (every episode's DECOM and DEC, short breaks included, as
    :func:`~slcp.demand.data_months`)."""

    children: tuple[tuple[GssCode | None, ChildRef], ...]  # sorted: borough, then child
    child: npt.NDArray[np.int64]  # per episode, the index into ``children``
    start: npt.NDArray[np.int64]  # day numbers
    end: npt.NDArray[np.int64]  # day numbers, _OPEN while open
    group: npt.NDArray[np.int64]
    temporary: npt.NDArray[np.bool]
    ends_period: npt.NDArray[np.bool]
    data_first: YearMonth | None
    data_last: YearMonth | None


def _area_child_key(key: tuple[GssCode | None, ChildRef]) -> tuple[bool, str, str]:
    return (key[0] is None, key[0] or "", key[1])


def _columns(episodes: Iterable[CareEpisode]) -> _Columns:
    import numpy as np

    # one list comprehension per attribute, then an array (a comprehension runs in about
    # half the time of the generator np.fromiter would pull from); codes (places, reasons,
    # children) through small vocabularies, so the per-episode work is a dictionary look-up
    eps = list(episodes)
    n = len(eps)
    periods = [e.period for e in eps]
    start_all = np.array([p.start.toordinal() for p in periods], dtype=np.int64)
    end_all = np.array(
        [_OPEN if (d := p.end) is None else d.toordinal() for p in periods], dtype=np.int64
    )
    keep = np.array([e.legal_status not in _SHORT_BREAK for e in eps], dtype=np.bool_)  # rule 1
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    if n:
        closed = end_all[end_all != _OPEN]
        first_day = dt.date.fromordinal(int(start_all.min()))
        last_day = dt.date.fromordinal(
            int(max(start_all.max(), closed.max() if closed.size else 0))
        )
    places: dict[str, int] = {}
    place_code = np.array([places.setdefault(e.place, len(places)) for e in eps], dtype=np.int64)
    reasons: dict[str | None, int] = {}
    reason_code = np.array(
        [reasons.setdefault(e.reason_ceased, len(reasons)) for e in eps], dtype=np.int64
    )
    keys: dict[tuple[GssCode | None, ChildRef], int] = {}
    key_code = np.array(
        [keys.setdefault((e.borough, e.child), len(keys)) for e in eps], dtype=np.int64
    )
    group_v = np.array([_GROUPS.index(placement_group_of(p)) for p in places], dtype=np.int64)
    temp_v = np.array([p in _TEMPORARY for p in places], dtype=np.bool_)
    ends_v = np.array([r is not None and r.startswith("E") for r in reasons], dtype=np.bool_)
    every = list(keys)
    # children with an episode that is not a break, in code order (marked, not np.unique:
    # that would import numpy.ma on first use, a fifth of this step's time)
    marked = np.zeros(len(keys), dtype=np.bool_)
    marked[key_code[keep]] = True
    used = np.flatnonzero(marked).tolist()
    ordered = sorted((every[c] for c in used), key=_area_child_key)
    rank = np.full(len(every), -1, dtype=np.int64)
    rank[[keys[k] for k in ordered]] = np.arange(len(ordered))
    return _Columns(
        children=tuple(ordered),
        child=rank[key_code[keep]],
        start=start_all[keep],
        end=end_all[keep],
        group=group_v[place_code[keep]] if n else np.zeros(0, dtype=np.int64),
        temporary=temp_v[place_code[keep]] if n else np.zeros(0, dtype=np.bool_),
        ends_period=ends_v[reason_code[keep]] if n else np.zeros(0, dtype=np.bool_),
        data_first=None if first_day is None else YearMonth.of(first_day),
        data_last=None if last_day is None else YearMonth.of(last_day),
    )


def _grid(
    cols: _Columns,
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    first: int,
    count: int,
) -> npt.NDArray[np.int64]:
    """State indices of every child (rows in ``cols.children`` order) on ``count`` month
    ends from month number ``first``."""
    import numpy as np

    n = len(cols.children)
    states = np.full((n, count), OUT, dtype=np.int64)
    m = len(cols.child)
    if m == 0:
        return states
    # as derive_placement_history: by DECOM, then DEC with open last, stably (lexsort is)
    order = np.lexsort((cols.end, cols.start, cols.child))
    child, start, end = cols.child[order], cols.start[order], cols.end[order]
    group, temp = cols.group[order], cols.temporary[order]
    ends_period = cols.ends_period[order]
    same_next = np.zeros(m, dtype=np.bool_)
    same_next[:-1] = child[1:] == child[:-1]
    # an episode overlapped by the child's next one ends when the next begins
    clipped = end.copy()
    overlapped = same_next[:-1] & (end[:-1] > start[1:])
    clipped[:-1][overlapped] = start[1:][overlapped]
    # a period of care ends at a gap or an E-code
    new_run = np.ones(m, dtype=np.bool_)
    new_run[1:] = ~same_next[:-1] | (clipped[:-1] != start[1:]) | ends_period[:-1]
    run_first = np.maximum.accumulate(np.where(new_run, np.arange(m), 0))
    # a temporary placement keeps the group of the last other episode in its period of care
    last_other = np.maximum.accumulate(np.where(~temp, np.arange(m), -1))
    carried = last_other >= run_first
    kept = np.where(temp, np.where(carried, group[np.maximum(last_other, 0)], _OTHER), group)
    days = np.array(
        [month_end(month_of_number(first + i)).toordinal() for i in range(count)], dtype=np.int64
    )
    # the month ends each episode holds, start <= day < clipped: the columns lo to hi - 1
    # of the sorted days, listed episode by episode (as np.nonzero of the episodes × days
    # matrix lists them, without the matrix)
    lo = np.searchsorted(days, start, side="left")
    held = np.maximum(np.searchsorted(days, clipped, side="left") - lo, 0)
    ep = np.repeat(np.arange(m), held)
    col = np.arange(len(ep)) - np.repeat(np.cumsum(held) - held, held) + lo[ep]
    births = months_of_birth or {}
    born = np.array(
        [-1 if (ym := births.get(c)) is None else month_number(ym) for _, c in cols.children],
        dtype=np.int64,
    )
    rows = child[ep]
    b = born[rows]
    # age in completed years on a month end, the birthday the 1st of the month of birth
    age = (first + col - b) // 12
    band = np.where(
        b < 0,
        _UNKNOWN_BAND,
        np.select([age < 1, age < 5, age < 10, age < 16], [0, 1, 2, 3], default=4),
    )
    states[rows, col] = band * _N_GROUPS + kept[ep]
    return states


def monthly_states_columns(
    episodes: Iterable[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    first_month: YearMonth,
    last_month: YearMonth,
) -> tuple[ChildMonths, ...]:
    """:func:`~slcp.demand.monthly_states` computed over columns: the same records.

    Raises:
        InvalidValueError: ``last_month`` before ``first_month``.
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
    cols = _columns(episodes)
    grid = _grid(cols, months_of_birth, first, count)
    return tuple(
        ChildMonths(
            child=c,
            area=a,
            first_month=first_month,
            states=tuple(None if i == OUT else CARE_STATES[i] for i in row),
        )
        for (a, c), row in zip(cols.children, grid.tolist(), strict=True)
    )


def _area_key(area: GssCode | None) -> tuple[bool, str]:
    return (area is None, area or "")


def _rates(
    grid: Any, areas: list[GssCode | None], area_of: Any, first: YearMonth, last: YearMonth
) -> TransitionRates:
    """:func:`~slcp.demand.estimate_transition_rates` from a grid whose column 0 is the month
    end before ``first`` and whose last column is ``last``'s."""
    import numpy as np

    n_states = len(CARE_STATES)
    prev, cur = grid[:, :-1], grid[:, 1:]
    moved = prev != OUT
    counts = np.bincount(
        prev[moved] * (n_states + 1) + cur[moved], minlength=n_states * (n_states + 1)
    ).reshape(n_states, n_states + 1)
    entered = (prev == OUT) & (cur != OUT)
    rows = np.broadcast_to(area_of[:, None], prev.shape)[entered]
    entries = np.bincount(rows * n_states + cur[entered], minlength=len(areas) * n_states)
    entries = entries.reshape(len(areas), n_states)
    return TransitionRates(
        first_month=first,
        last_month=last,
        counts=tuple(tuple(r) for r in counts.tolist()),
        entries=tuple((a, tuple(entries[i].tolist())) for i, a in enumerate(areas)),
        children=int((grid != OUT).any(axis=1).sum()),
    )


def forecast_demand_columns(
    episodes: Iterable[CareEpisode],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    year: FinancialYear,
    years: int,
    reference_months: int = REFERENCE_MONTHS,
    bootstrap: BootstrapSettings | None = BootstrapSettings(),  # noqa: B008 - frozen value
    data_end: dt.date | None = None,
) -> DemandForecast:
    """:func:`~slcp.demand.forecast_demand` computed over columns: the same forecast.

    Only the month ends of the fit window are derived, for every child at once, so a
    programme's forecast takes milliseconds (the report's market section makes one).

    Raises:
        InvalidValueError: as :func:`~slcp.demand.forecast_demand`.
    """
    import numpy as np

    if years < 1:
        raise InvalidValueError(
            "a forecast needs at least one year", field="years", value=years, expected=">= 1"
        )
    cols = _columns(episodes)
    if cols.data_first is None or cols.data_last is None:
        raise InvalidValueError(
            "there are no episodes to forecast from", field="episodes", value=0, expected=">= 1"
        )
    data_last = cols.data_last if data_end is None else YearMonth.of(data_end)
    census = census_month(year)
    first, last = _fit_window(cols.data_first, data_last, census, reference_months)
    lo = month_number(first) - 1
    grid = _grid(cols, months_of_birth, lo, month_number(last) - lo + 1)
    areas = sorted({a for a, _ in cols.children}, key=_area_key)
    position = {a: i for i, a in enumerate(areas)}
    area_of = np.array([position[a] for a, _ in cols.children], dtype=np.int64)
    rates = _rates(grid, areas, area_of, first, last)
    at_census = np.zeros((len(areas), len(CARE_STATES) + 1), dtype=np.int64)
    np.add.at(at_census, (area_of, grid[:, -1]), 1)
    start = {a: tuple(at_census[i, :-1].tolist()) for i, a in enumerate(areas)}
    projection = project_population(rates, start, start_month=census, months=12 * years)
    counts: tuple[ProjectedCount, ...] = ()
    if bootstrap is not None:
        counts = _bootstrap(
            _grid_contributions(grid, area_of),
            rates,
            projection,
            start,
            settings=bootstrap,
            wanted=_wanted(projection, [m for m in projection.months if m.month == 3]),
        )
    return DemandForecast(
        year=year,
        rates=rates,
        start=tuple((a, start[a]) for a in (p.area for p in projection.areas) if a in start),
        projection=projection,
        counts=counts,
        bootstrap=bootstrap,
    )
