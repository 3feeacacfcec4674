"""Projecting the looked-after population forward month by month, and its bootstrap interval.

Populations are held in whole thousandths of a child (:data:`UNITS_PER_CHILD`) so that every
month's flows are integers that add up: the children in a state are split over the states
they move to by the largest-remainder rule (as :func:`slcp.money.allocate_pence` splits
pence), so ``start + moved in + entered = moved out + left + end`` holds exactly, month by
month, state by state. numpy is imported when a function runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from slcp.demand._fit import (
    OUT,
    ChildMonths,
    TransitionRates,
    month_number,
    month_of_number,
)
from slcp.demand._states import CARE_STATES, PlacementGroup
from slcp.domain import GssCode
from slcp.errors import InvalidValueError
from slcp.periods import YearMonth

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "UNITS_PER_CHILD",
    "AreaProjection",
    "BootstrapSettings",
    "PopulationProjection",
    "ProjectedCount",
    "ProjectedMonth",
    "bootstrap_counts",
    "project_population",
    "start_population",
]

#: Populations are whole thousandths of a child: 1,000 units are one child.
UNITS_PER_CHILD = 1000

_N = len(CARE_STATES)
#: Resamples drawn and counted together (bounds the memory a national return needs).
_CHUNK = 25
_GROUPS = tuple(PlacementGroup)
#: The most key comparisons a month's split makes at once (booleans: 4 MiB).
_RANK_CELLS = 1 << 22


def _children(units: int) -> Fraction:
    return Fraction(units, UNITS_PER_CHILD)


@attrs.frozen(kw_only=True)
class ProjectedMonth:
    """One area's flows in one projected month, per state, in thousandths of a child.

    Each tuple is indexed like :data:`~slcp.demand.CARE_STATES`. For every state
    ``start + moved_in + entered == moved_out + left + end``.

    Attributes:
        month: the month (the population is counted on its last day).
        start: population on the previous month end.
        moved_in: arrivals from other states (placement moves and ageing into the band).
        entered: entries to care.
        moved_out: departures to other states.
        left: departures from care.
        end: population on this month end.
    """

    month: YearMonth
    start: tuple[int, ...]
    moved_in: tuple[int, ...]
    entered: tuple[int, ...]
    moved_out: tuple[int, ...]
    left: tuple[int, ...]
    end: tuple[int, ...]


@attrs.frozen(kw_only=True)
class AreaProjection:
    """The projection for one area (borough).

    Attributes:
        area: the borough's GSS code (``None``: episodes with no borough).
        months: one :class:`ProjectedMonth` per projected month, in order.
    """

    area: GssCode | None
    months: tuple[ProjectedMonth, ...]

    def units_on(self, month: YearMonth, group: PlacementGroup | None = None) -> int:
        """Population on ``month``'s last day in thousandths of a child (``group=None``: all).

        Raises:
            InvalidValueError: ``month`` is not the start month or a projected month.
        """
        first = month_number(self.months[0].month)
        i = month_number(month) - first
        if not -1 <= i < len(self.months):
            raise InvalidValueError(
                "the month is outside the projection",
                field="month",
                value=str(month),
                expected=f"{month_of_number(first - 1)} to {self.months[-1].month}",
            )
        row = self.months[0].start if i == -1 else self.months[i].end
        return sum(u for s, u in zip(CARE_STATES, row, strict=True) if group in (None, s.group))

    def children_on(self, month: YearMonth, group: PlacementGroup | None = None) -> Fraction:
        """Population on ``month``'s last day in children, exact."""
        return _children(self.units_on(month, group))


@attrs.frozen(kw_only=True)
class PopulationProjection:
    """The projected population of every area, month by month.

    Attributes:
        start_month: the month whose last day is the starting count (observed).
        areas: one projection per area, sorted by GSS code (unknown last).
    """

    start_month: YearMonth
    areas: tuple[AreaProjection, ...]

    @property
    def months(self) -> tuple[YearMonth, ...]:
        """The projected months, in order."""
        return tuple(m.month for m in self.areas[0].months) if self.areas else ()

    def units_on(self, month: YearMonth, group: PlacementGroup | None = None) -> int:
        """Population of every area together, in thousandths of a child."""
        return sum(a.units_on(month, group) for a in self.areas)


def start_population(
    histories: Sequence[ChildMonths], month: YearMonth
) -> dict[GssCode | None, tuple[int, ...]]:
    """Children in each state on ``month``'s last day, by area (whole children).

    Args:
        histories: from :func:`~slcp.demand.monthly_states`, covering ``month``.
        month: the month whose last day is counted.
    """
    out: dict[GssCode | None, list[int]] = {}
    for h in histories:
        row = out.setdefault(h.area, [0] * _N)
        state = h.state_in(month)
        if state is not None:
            row[state.index] += 1
    return {a: tuple(r) for a, r in out.items()}


def _area_key(area: GssCode | None) -> tuple[bool, str]:
    return (area is None, area or "")


def _step(
    pop: npt.NDArray[np.int64], num: npt.NDArray[np.int64], den: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Split each state's population over its destinations: flows ``(B, A, S, S+1)``.

    Largest remainder: each flow first gets the floor of its exact share
    ``pop × num ÷ den``; the units left go one each to the largest remainders, ties to the
    lower destination index (the rule of :func:`slcp.money.allocate_pence`).
    """
    import numpy as np

    prod = pop[:, :, :, None] * num[:, None, :, :]
    d = den[:, None, :, None]
    floor = prod // d
    rem = prod - floor * d
    short = pop - floor.sum(axis=-1)
    # the short-th largest remainder is the threshold: every remainder above it gets a unit,
    # and of those equal to it the lowest-indexed get the units still left (more remainders
    # are positive than units are short, as each is below its denominator)
    ordered = np.sort(rem, axis=-1)
    t = np.take_along_axis(ordered, (rem.shape[-1] - np.maximum(short, 1))[..., None], axis=-1)
    above = rem > t
    tie = rem == t
    left = short - above.sum(axis=-1)
    extra = above | (tie & (np.cumsum(tie, axis=-1) <= left[..., None]))
    flows: npt.NDArray[np.int64] = floor + extra
    return flows


def _splitter(
    num: npt.NDArray[np.int64],
    den: npt.NDArray[np.int64],
    areas: int,
    *,
    rank_cells: int = _RANK_CELLS,
) -> Callable[[npt.NDArray[np.int64]], npt.NDArray[np.int64]]:
    """:func:`_step` for a run whose rates stay fixed: the returned function maps ``pop``
    ``(B, A, S)`` to the same flows laid out ``(S+1, B, A, S)`` (destination first).

    The projection splits a few thousand small rows a month, so :func:`_step`'s time is
    numpy's per-call and short-axis overhead, not arithmetic. Here the rates are spread
    once to one contiguous row per destination, each month's arithmetic runs along rows
    of ``B × A × S``, and the units left over go by rank instead of by a sort: each flow's
    key ``remainder × (S+1) + (S − destination)`` is unique in its row and orders flows as
    the largest-remainder rule does (larger remainder first, then the lower destination),
    so a flow gets a unit when fewer than ``short`` keys of its row are larger. The keys
    are compared all at once while the comparisons fit in ``rank_cells`` booleans (the
    sample's do many times over), one destination at a time otherwise (a national
    bootstrap's would not fit in memory). Equal to :func:`_step` on every input (a
    differential property in ``tests/demand``).
    """
    import numpy as np

    b, s, w = num.shape
    rows = np.broadcast_to(num.transpose(2, 0, 1)[:, :, None, :], (w, b, areas, s))
    num_rows = np.ascontiguousarray(rows).reshape(w, -1)
    den_row = np.ascontiguousarray(np.broadcast_to(den[:, None, :], (b, areas, s))).reshape(-1)
    order = np.arange(w - 1, -1, -1, dtype=np.int64)[:, None]

    def split(pop: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        p = pop.reshape(-1)
        prod = num_rows * p
        floor = prod // den_row
        key = (prod - floor * den_row) * w + order
        short = p - floor.sum(axis=0)
        if w * key.size <= rank_cells:
            larger = (key[:, None, :] < key[None, :, :]).sum(axis=1)
        else:
            larger = np.zeros(key.shape, dtype=np.int64)
            for row in key:
                larger += row > key
        flows: npt.NDArray[np.int64] = (floor + (larger < short)).reshape(w, *pop.shape)
        return flows

    return split


def _entries_in(entries: npt.NDArray[np.int64], fit_months: int, k: int) -> npt.NDArray[np.int64]:
    # cumulative rounding down: entries by month k are floor(units × count × k ÷ months), so
    # the months' entries never drift from the rate by a unit or more
    done = entries * UNITS_PER_CHILD * k // fit_months
    before = entries * UNITS_PER_CHILD * (k - 1) // fit_months
    out: npt.NDArray[np.int64] = done - before
    return out


def _matrices(counts: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Numerators ``(B, S, S+1)`` and denominators ``(B, S)``; unobserved states stay put."""
    import numpy as np

    num = np.array(counts, dtype=np.int64)
    den = num.sum(axis=-1)
    empty = den == 0
    if empty.any():
        b, s = np.nonzero(empty)
        num[b, s, s] = 1
        den = num.sum(axis=-1)
    return num, den


def _run(
    pop0: npt.NDArray[np.int64],
    *,
    counts: Any,
    entries: npt.NDArray[np.int64],
    fit_months: int,
    months: int,
    on_month: Any,
    flows_wanted: bool = True,
) -> None:
    """Project ``pop0`` (``(B, A, S)`` units) ``months`` months on, calling
    ``on_month(k, pop, flows, entered, end)`` for each month ``k`` from 1; ``flows`` is the
    ``(B, A, S, S+1)`` split, or ``None`` when not ``flows_wanted`` (then the split is held
    only over the states that can hold children, a few of the states, and never spread)."""
    import numpy as np

    num, den = _matrices(counts)
    # only the states a child can ever be in take part in the split: those holding children
    # at the start or entered, and those a positive rate leads to from them (the others
    # hold nothing, and a zero rate never gets a unit), so the arrays stay small
    reach: npt.NDArray[np.bool] = np.asarray(
        (pop0.reshape(-1, _N) > 0).any(axis=0) | (entries.reshape(-1, _N) > 0).any(axis=0)
    )
    leads: npt.NDArray[np.bool] = np.asarray((num[:, :, :_N] > 0).any(axis=0))  # (S, S)
    while True:
        more = reach | leads[reach].any(axis=0)
        if (more == reach).all():
            break
        reach = more
    src = np.flatnonzero(reach)
    dst = np.append(src, _N)
    sub_num = num[:, src][:, :, dst]
    sub_den = den[:, src]
    split = _splitter(sub_num, sub_den, pop0.shape[1])
    pop = pop0
    for k in range(1, months + 1):
        sub = split(np.ascontiguousarray(pop[:, :, src]))  # (S'+1, B, A, S')
        flows = None
        if flows_wanted:
            flows = np.zeros((*pop.shape, _N + 1), dtype=np.int64)
            flows[:, :, src[:, None], dst] = sub.transpose(1, 2, 3, 0)
        # arrivals in each state: the flows into it summed over the states they leave (the
        # destinations but the last, leaving care, are the states `src`; no other state
        # receives anything)
        arrived = np.zeros(pop.shape, dtype=np.int64)
        arrived[:, :, src] = sub[:-1].sum(axis=-1).transpose(1, 2, 0)
        entered = _entries_in(entries, fit_months, k)
        end = arrived + entered
        on_month(k, pop, flows, entered, end)
        pop = end


def project_population(
    rates: TransitionRates,
    start: Mapping[GssCode | None, Sequence[int]],
    *,
    start_month: YearMonth,
    months: int,
) -> PopulationProjection:
    """Project each area's population ``months`` months on from ``start_month``'s last day.

    Each month, the children in a state move by the fitted monthly probabilities (pooled over
    areas), split into whole thousandths of a child by largest remainder; then the area's
    entries arrive at its fitted rate a month (entries ÷ months of the window, spread so
    that the first ``k`` months hold ``floor(1000 × entries × k ÷ months)`` units).

    Args:
        rates: the fitted transition counts.
        start: whole children per state on the start month's last day, by area.
        start_month: the month whose last day is the starting count.
        months: how many months to project (at least 1).

    Raises:
        InvalidValueError: ``months`` below 1, or a start row of the wrong length.
    """
    import numpy as np

    if months < 1:
        raise InvalidValueError(
            "a projection needs at least one month", field="months", value=months, expected=">= 1"
        )
    areas = sorted(set(start) | set(rates.areas), key=_area_key)
    entries_by_area = dict(rates.entries)
    rows = []
    for a in areas:
        row = tuple(start.get(a, (0,) * _N))
        if len(row) != _N:
            raise InvalidValueError(
                "a start population needs one count per state",
                field="start",
                value=len(row),
                expected=str(_N),
            )
        rows.append(row)
    pop0 = np.array([rows], dtype=np.int64) * UNITS_PER_CHILD
    entries = np.array([[entries_by_area.get(a, (0,) * _N) for a in areas]], dtype=np.int64)
    first = month_number(start_month) + 1
    recorded: list[list[ProjectedMonth]] = [[] for _ in areas]

    def keep(k: int, pop: Any, flows: Any, entered: Any, end: Any) -> None:
        idx = np.arange(_N)
        stay = flows[0, :, idx, idx].T  # (A, S)
        moved_out = (flows[0, :, :, :_N].sum(axis=-1) - stay).tolist()
        moved_in = (flows[0, :, :, :_N].sum(axis=1) - stay).tolist()
        starts, entries_k = pop[0].tolist(), entered[0].tolist()
        lefts, ends = flows[0, :, :, OUT].tolist(), end[0].tolist()
        month = month_of_number(first + k - 1)
        for ai in range(len(areas)):
            recorded[ai].append(
                ProjectedMonth(
                    month=month,
                    start=tuple(starts[ai]),
                    moved_in=tuple(moved_in[ai]),
                    entered=tuple(entries_k[ai]),
                    moved_out=tuple(moved_out[ai]),
                    left=tuple(lefts[ai]),
                    end=tuple(ends[ai]),
                )
            )

    _run(
        pop0,
        counts=[rates.counts],
        entries=entries,
        fit_months=rates.months,
        months=months,
        on_month=keep,
    )
    return PopulationProjection(
        start_month=start_month,
        areas=tuple(AreaProjection(area=a, months=tuple(recorded[i])) for i, a in enumerate(areas)),
    )


@attrs.frozen(kw_only=True)
class BootstrapSettings:
    """How the interval is found: a bootstrap over children (decision record 1110).

    Children are resampled with replacement within each area (as many as the area has), the
    transition counts and entries are re-counted from the resampled children, and the
    population is projected again from the same observed start. The interval's ends are order
    statistics of the ``resamples`` projections: the ``r``-th smallest and the ``r``-th
    largest, ``r = max(1, floor((resamples + 1) × (100 − level_pct) ÷ 200))`` — the 10th and
    190th of 199 for a 90% interval.

    Attributes:
        resamples: how many resamples (at least 1).
        seed: the seed of numpy's PCG64 generator; the same seed, data and numpy give the same
            interval.
        level_pct: the interval's nominal coverage in percent (1-99).
    """

    resamples: int = 199
    seed: int = 1110
    level_pct: int = 90

    def __attrs_post_init__(self) -> None:
        if self.resamples < 1:
            raise InvalidValueError(
                "the bootstrap needs at least one resample",
                field="resamples",
                value=self.resamples,
                expected=">= 1",
            )
        if not 1 <= self.level_pct <= 99:
            raise InvalidValueError(
                "the interval's level must be 1-99 percent",
                field="level_pct",
                value=self.level_pct,
                expected="1-99",
            )

    @property
    def rank(self) -> int:
        """``r``: the interval runs from the ``r``-th smallest to the ``r``-th largest.

        >>> BootstrapSettings().rank, BootstrapSettings(resamples=19).rank
        (10, 1)
        """
        return max(1, (self.resamples + 1) * (100 - self.level_pct) // 200)


@attrs.frozen(kw_only=True)
class ProjectedCount:
    """A projected count on a month end with its bootstrap interval.

    Attributes:
        area: the borough (``None``: no borough given, or, with ``all_areas``, every area).
        all_areas: True when the count is every area's together.
        group: the placement group (``None``: every group).
        month: the month whose last day is counted.
        central_units: the projection from the full data, in thousandths of a child.
        low_units: the interval's lower end (see :class:`BootstrapSettings`).
        high_units: the interval's upper end.
    """

    area: GssCode | None
    all_areas: bool = False
    group: PlacementGroup | None
    month: YearMonth
    central_units: int
    low_units: int
    high_units: int

    @property
    def central(self) -> Fraction:
        """The central projection in children, exact."""
        return _children(self.central_units)

    @property
    def low(self) -> Fraction:
        """The interval's lower end in children."""
        return _children(self.low_units)

    @property
    def high(self) -> Fraction:
        """The interval's upper end in children."""
        return _children(self.high_units)


def _contributions(
    histories: Sequence[ChildMonths], rates: TransitionRates, areas: Sequence[GssCode | None]
) -> tuple[Any, Any, Any, Any]:
    """Per child: its area's index, its transition counts and its entries, for resampling.

    The same counts as :func:`~slcp.demand.estimate_transition_rates`, child by child: the
    transition matrix has one column per cell used (``used``: ``from × (S + 1) + to``), and
    its columns sum to those cells of ``rates.counts``.
    """
    import numpy as np

    first = month_number(rates.first_month)
    last = month_number(rates.last_month)
    position = {a: i for i, a in enumerate(areas)}
    n = len(histories)
    width = last - first + 2  # the month end before the window, then the window's
    grid = np.full((n, width), OUT, dtype=np.int64)
    for row, h in enumerate(histories):
        offset = first - 1 - month_number(h.first_month)
        grid[row] = [OUT if s is None else s.index for s in h.states[offset : offset + width]]
    area_of = np.array([position[h.area] for h in histories], dtype=np.int64)
    return _grid_contributions(grid, area_of)


def _grid_contributions(grid: Any, area_of: Any) -> tuple[Any, Any, Any, Any]:
    """:func:`_contributions` from the state indices on the window's month ends (one row per
    child, the month end before the window first) and each child's area index."""
    import numpy as np

    n = len(grid)
    prev, cur = grid[:, :-1], grid[:, 1:]
    child = np.broadcast_to(np.arange(n)[:, None], prev.shape)
    moved = prev != OUT
    # only the cells some child uses, so the matrix stays narrow for a national return
    used, column = np.unique(prev[moved] * (_N + 1) + cur[moved], return_inverse=True)
    trans = np.bincount(child[moved] * len(used) + column.ravel(), minlength=n * len(used)).reshape(
        n, len(used)
    )
    entered = (prev == OUT) & (cur != OUT)
    ents = np.bincount(child[entered] * _N + cur[entered], minlength=n * _N).reshape(n, _N)
    return area_of, used, trans.astype(np.int64), ents.astype(np.int64)


def bootstrap_counts(
    histories: Sequence[ChildMonths],
    rates: TransitionRates,
    projection: PopulationProjection,
    start: Mapping[GssCode | None, Sequence[int]],
    *,
    settings: BootstrapSettings,
    report_months: Sequence[YearMonth],
) -> tuple[ProjectedCount, ...]:
    """The central projection and its bootstrap interval on each of ``report_months``.

    Counts come by area and group, by area for every group, and for every area together
    (by group and in all), in that order within each month.

    Args:
        histories: the children the rates were fitted from (:func:`monthly_states`).
        rates: the full-data fit.
        projection: the full-data projection from ``start`` (the central figures).
        start: the observed start population.
        settings: resamples, seed and level.
        report_months: projected months to report (each within the projection).
    """
    areas = [a.area for a in projection.areas]
    return _bootstrap(
        _contributions(histories, rates, areas),
        rates,
        projection,
        start,
        settings=settings,
        wanted=_wanted(projection, report_months),
    )


def _wanted(
    projection: PopulationProjection, report_months: Sequence[YearMonth]
) -> dict[int, YearMonth]:
    """The reported months by their position in the projection (1 is the first month)."""
    n_months = len(projection.months)
    first = month_number(projection.start_month) + 1
    wanted = {month_number(m) - first + 1: m for m in report_months}
    for k, m in wanted.items():
        if not 1 <= k <= n_months:
            raise InvalidValueError(
                "a reported month must be a projected month",
                field="report_months",
                value=str(m),
                expected=f"{projection.months[0]} to {projection.months[-1]}",
            )
    return wanted


def _bootstrap(
    contributions: tuple[Any, Any, Any, Any],
    rates: TransitionRates,
    projection: PopulationProjection,
    start: Mapping[GssCode | None, Sequence[int]],
    *,
    settings: BootstrapSettings,
    wanted: Mapping[int, YearMonth],
) -> tuple[ProjectedCount, ...]:
    """:func:`bootstrap_counts` from each child's contributions (``wanted``: the reported
    months by their position in the projection, checked)."""
    import numpy as np

    areas = [a.area for a in projection.areas]
    n_months = len(projection.months)
    area_of, used, trans, ents = contributions
    b = settings.resamples
    rng = np.random.Generator(np.random.PCG64(settings.seed))
    members = [np.flatnonzero(area_of == ai) for ai in range(len(areas))]
    flat_counts = np.zeros((b, _N * (_N + 1)), dtype=np.int64)
    entries = np.zeros((b, len(areas), _N), dtype=np.int64)
    # resamples in chunks, so a national return's weights never fill memory; the draws come
    # chunk by chunk, area by area, from the one seeded generator
    for lo in range(0, b, _CHUNK):
        size = min(_CHUNK, b - lo)
        weights = np.zeros((size, len(area_of)), dtype=np.int64)
        for ai, rows in enumerate(members):
            n = len(rows)
            if n == 0:
                continue
            draws = rng.integers(0, n, size=(size, n))
            flat = (draws + (np.arange(size) * n)[:, None]).ravel()
            weights[:, rows] = np.bincount(flat, minlength=size * n).reshape(size, n)
            # whole numbers throughout: numpy's integer product is exact, and (unlike a
            # float product handed to a threaded BLAS) costs no idle threads' time
            entries[lo : lo + size, ai, :] = weights[:, rows] @ ents[rows]
        flat_counts[lo : lo + size, used] = weights @ trans
    counts = flat_counts.reshape(b, _N, _N + 1)
    pop0 = np.broadcast_to(
        np.array([start.get(a, (0,) * _N) for a in areas], dtype=np.int64) * UNITS_PER_CHILD,
        (b, len(areas), _N),
    ).copy()
    group_of = np.array([list(_GROUPS).index(s.group) for s in CARE_STATES])
    kept: dict[int, Any] = {}

    def keep(k: int, _pop: Any, _flows: Any, _entered: Any, end: Any) -> None:
        if k in wanted:
            by_group = np.zeros((b, len(areas), len(_GROUPS)), dtype=np.int64)
            for gi in range(len(_GROUPS)):
                by_group[:, :, gi] = end[:, :, group_of == gi].sum(axis=-1)
            kept[k] = by_group

    _run(
        pop0,
        counts=counts,
        entries=entries,
        fit_months=rates.months,
        months=n_months,
        on_month=keep,
        flows_wanted=False,
    )
    r = settings.rank
    out: list[ProjectedCount] = []

    def interval(values: Any) -> tuple[int, int]:
        ordered = np.sort(values)
        return int(ordered[r - 1]), int(ordered[b - r])

    for k in sorted(wanted):
        month = wanted[k]
        by_group = kept[k]
        for ai, a in enumerate(areas):
            for gi, g in enumerate(_GROUPS):
                low, high = interval(by_group[:, ai, gi])
                out.append(
                    ProjectedCount(
                        area=a,
                        group=g,
                        month=month,
                        central_units=projection.areas[ai].units_on(month, g),
                        low_units=low,
                        high_units=high,
                    )
                )
            low, high = interval(by_group[:, ai, :].sum(axis=-1))
            out.append(
                ProjectedCount(
                    area=a,
                    group=None,
                    month=month,
                    central_units=projection.areas[ai].units_on(month),
                    low_units=low,
                    high_units=high,
                )
            )
        for gi, g in enumerate(_GROUPS):
            low, high = interval(by_group[:, :, gi].sum(axis=-1))
            out.append(
                ProjectedCount(
                    area=None,
                    all_areas=True,
                    group=g,
                    month=month,
                    central_units=projection.units_on(month, g),
                    low_units=low,
                    high_units=high,
                )
            )
        low, high = interval(by_group.sum(axis=(1, 2)))
        out.append(
            ProjectedCount(
                area=None,
                all_areas=True,
                group=None,
                month=month,
                central_units=projection.units_on(month),
                low_units=low,
                high_units=high,
            )
        )
    return tuple(out)
