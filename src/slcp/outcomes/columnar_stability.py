"""Placement stability computed over columns: the same measures, vectorised over children.

:mod:`slcp.outcomes.stability` is the readable reference: one :class:`PlacementHistory` per
child, built episode by episode. This module applies the same rules (REFERENCE §4 rules 1-6,
decision records 0500-0507) to whole columns at once with numpy, so a national return of a
million episodes is measured without building an object per episode or per child. A
differential property test checks that both give the same numerators, denominators and the
same per-child membership, reasons included (STYLE principle 9); a fix goes into both.

Dates are day numbers (:meth:`datetime.date.toordinal`); an open end is :data:`OPEN`. Codes are
small integers into a vocabulary (:class:`CodeColumn`). Results keep their explanations:
:meth:`ColumnarMeasure.child_counts` builds the reference's :class:`ChildCount` records on
demand, for drilling into a figure.

numpy is imported when a function runs, never when the module is imported.

Imports only :mod:`slcp.outcomes.stability`, :mod:`slcp.domain` and the vocabulary modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from slcp.domain import CareEpisode, Child, ChildRef, GssCode
from slcp.errors import InvalidValueError
from slcp.outcomes._stability_history import RECODES
from slcp.outcomes.stability import (
    LONG_TERM_AGE_LIMIT,
    LONG_TERM_CARE_MONTHS,
    LONG_TERM_CARER_YEARS,
    PLACED_FOR_ADOPTION,
    UNSTABLE_AT,
    ChildCount,
    ExclusionReason,
    LongTermReason,
    StabilityMeasure,
    StabilityMeasureKind,
    StabilityResult,
    StabilitySummary,
    UnavailableMeasure,
    format_percent,
    measure_stability,
)
from slcp.periods import DateRange, FinancialYear, YearMonth, anniversary, months_after

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "OPEN",
    "CodeColumn",
    "ColumnarMeasure",
    "ColumnarStabilityResult",
    "EpisodeTable",
    "measure_stability_columns",
    "measure_stability_summary_columns",
]

#: The day number standing for an open end (an episode not ceased): later than any date.
OPEN = 2**31 - 1

# Rule 2: RNE codes starting a placement; rule 5: those also changing the carer.
_STARTS_PLACEMENT = frozenset({"S", "P", "B", "T", "U"})
_CHANGES_CARER = frozenset({"S", "P", "B"})
_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
_SHORT_BREAK = frozenset({"V3", "V4"})
# ExclusionReason by small integer (-1: counted), LongTermReason likewise (-1: none)
_EXCLUSIONS = tuple(ExclusionReason)
_LONG_TERM_REASONS = tuple(LongTermReason)
_SHORT_BREAKS_ONLY = _EXCLUSIONS.index(ExclusionReason.SHORT_BREAKS_ONLY)
_NOT_LOOKED_AFTER = _EXCLUSIONS.index(ExclusionReason.NOT_LOOKED_AFTER)
_TOO_LATE = _EXCLUSIONS.index(ExclusionReason.CARE_BEGAN_TOO_LATE)
_AGED_16 = _EXCLUSIONS.index(ExclusionReason.AGED_16_OR_OVER)
_NO_MONTH = _EXCLUSIONS.index(ExclusionReason.NO_MONTH_OF_BIRTH)


def _day(ordinal: int) -> dt.date | None:
    return None if ordinal in (0, OPEN) else dt.date.fromordinal(int(ordinal))


@attrs.frozen(kw_only=True, eq=False)
class CodeColumn:
    """A column of codes (or other short texts) as integers into a vocabulary.

    Attributes:
        values: the distinct texts; ``codes`` index into it.
        codes: one integer per row; ``-1`` is a blank cell (``None``).

    >>> import numpy as np
    >>> c = CodeColumn(values=("S", "L"), codes=np.array([0, 1, -1], dtype=np.int32))
    >>> c.isin({"S"}).tolist(), [c.value_at(i) for i in range(3)]
    ([True, False, False], ['S', 'L', None])
    """

    values: tuple[str, ...]
    codes: npt.NDArray[np.int32]

    def isin(self, allowed: Collection[str]) -> npt.NDArray[np.bool]:
        """Per row, True when the code is one of ``allowed`` (a blank never is)."""
        import numpy as np

        table = np.array([v in allowed for v in self.values] + [False], dtype=np.bool_)
        return table[self.codes]  # -1 picks the trailing False

    def starts_with(self, prefix: str) -> npt.NDArray[np.bool]:
        """Per row, True when the code begins with ``prefix`` (a blank never does)."""
        import numpy as np

        table = np.array([v.startswith(prefix) for v in self.values] + [False], dtype=np.bool_)
        return table[self.codes]

    def value_at(self, row: int) -> str | None:
        """The text of one row, ``None`` when blank."""
        code = int(self.codes[row])
        return None if code < 0 else self.values[code]

    def take(self, rows: npt.NDArray[np.intp]) -> CodeColumn:
        """The rows ``rows`` (indices), in that order, with the same vocabulary."""
        return CodeColumn(values=self.values, codes=self.codes[rows])


@attrs.frozen(kw_only=True, eq=False)
class EpisodeTable:
    """SSDA903 episodes of one local authority, one array element per episode.

    What the stability rules read, and nothing else. Episodes may come in any order; an
    episode overlapped by the child's next one is treated as ending when the next begins, as
    in :func:`~slcp.outcomes.stability.derive_placement_history`.

    Attributes:
        child_refs: the children's references (903 CHILD ids, strings), sorted; ``child``
            indexes into it.
        borough: GSS code of the local authority, where known.
        child: per episode, the index of its child in ``child_refs``.
        start: DECOM as a day number (:meth:`datetime.date.toordinal`).
        end: DEC as a day number, or :data:`OPEN` while the episode has not ceased; the
            episode is the half-open ``[start, end)``.
        reason_new_episode: RNE.
        legal_status: LS.
        place: PLACE.
        placement_district: district of PL_POST (blank when unknown).
        reason_ceased: REC (blank while open).
    """

    child_refs: tuple[ChildRef, ...]
    borough: GssCode | None = None
    child: npt.NDArray[np.int32]
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]
    reason_new_episode: CodeColumn
    legal_status: CodeColumn
    place: CodeColumn
    placement_district: CodeColumn
    reason_ceased: CodeColumn

    def __len__(self) -> int:
        return len(self.child)

    @classmethod
    def from_episodes(cls, episodes: Iterable[CareEpisode]) -> EpisodeTable:
        """The table of episode records of one local authority (for tests and small inputs).

        Raises:
            InvalidValueError: the episodes name more than one borough.

        >>> from slcp.domain import CareEpisode
        >>> e = CareEpisode(child="0123", period=DateRange(start=dt.date(2017, 4, 1)),
        ...                 reason_new_episode="S", legal_status="C2", place="U4")
        >>> t = EpisodeTable.from_episodes([e])
        >>> t.child_refs, t.end.tolist() == [OPEN], t.place.value_at(0)
        (('0123',), True, 'U4')
        """
        import numpy as np

        rows = list(episodes)
        boroughs = {e.borough for e in rows}
        if len(boroughs) > 1:
            raise InvalidValueError(
                "an episode table holds one local authority",
                field="borough",
                value=sorted(b or "" for b in boroughs),
            )
        refs = tuple(sorted({e.child for e in rows}))
        index = {r: i for i, r in enumerate(refs)}

        def column(values: list[str | None]) -> CodeColumn:
            vocab: dict[str, int] = {}
            codes = [-1 if v is None else vocab.setdefault(v, len(vocab)) for v in values]
            return CodeColumn(values=tuple(vocab), codes=np.array(codes, dtype=np.int32))

        return cls(
            child_refs=refs,
            borough=next(iter(boroughs), None),
            child=np.array([index[e.child] for e in rows], dtype=np.int32),
            # through `period`, not the `start` property: a Python call per episode less
            start=np.array([e.period.start.toordinal() for e in rows], dtype=np.int32),
            end=np.array(
                [OPEN if (d := e.period.end) is None else d.toordinal() for e in rows],
                dtype=np.int32,
            ),
            reason_new_episode=column([e.reason_new_episode for e in rows]),
            legal_status=column([e.legal_status for e in rows]),
            place=column([e.place for e in rows]),
            placement_district=column([e.placement_district for e in rows]),
            reason_ceased=column([e.reason_ceased for e in rows]),
        )


@attrs.frozen(kw_only=True, eq=False)
class ColumnarMeasure:
    """One stability measure over columns: counts, exact percentage, every child's part.

    The same figures as :class:`~slcp.outcomes.stability.StabilityMeasure`, with the children
    held as arrays (one element per child with any episode, in reference order).

    Attributes:
        kind: which measure.
        year_ending: 31 March Y, the census date.
        window: the days placements are counted over, half-open; for the long-term measure
            the census day.
        rule: the rule applied, in words.
        child_refs: the references ``child`` indexes into.
        borough: the local authority, where known.
        child: per child considered, its index in ``child_refs`` (sorted by reference).
        excluded: index into :class:`ExclusionReason` (declaration order), ``-1`` if counted.
        in_numerator: True for children in the numerator.
        placements: placements (episodes, naive count) in force in the window; 0 for the
            long-term measure.
        care_began: day number of the current period of care's first day; 0 when none.
        carer_began: day number of the current carer's first day; 0 when none or not the
            long-term measure.
        long_term_reason: index into :class:`LongTermReason`; ``-1`` outside the long-term
            cohort and in other measures.
    """

    kind: StabilityMeasureKind
    year_ending: dt.date
    window: DateRange
    rule: str
    child_refs: tuple[ChildRef, ...]
    borough: GssCode | None
    child: npt.NDArray[np.int32]
    excluded: npt.NDArray[np.int8]
    in_numerator: npt.NDArray[np.bool]
    placements: npt.NDArray[np.int32]
    care_began: npt.NDArray[np.int32]
    carer_began: npt.NDArray[np.int32]
    long_term_reason: npt.NDArray[np.int8]

    @property
    def available(self) -> bool:
        """Always True: an :class:`UnavailableMeasure` is the other state."""
        return True

    @property
    def numerator(self) -> int:
        """Children in the numerator."""
        return int(self.in_numerator.sum())

    @property
    def denominator(self) -> int:
        """Children in the denominator (the cohort)."""
        return int((self.excluded < 0).sum())

    @property
    def percent(self) -> Fraction | None:
        """Exact percentage ``100 × numerator ÷ denominator``; ``None`` for an empty cohort."""
        den = self.denominator
        return None if den == 0 else Fraction(100 * self.numerator, den)

    @property
    def percent_text(self) -> str | None:
        """The percentage rounded half up to one decimal place, or ``None``."""
        p = self.percent
        return None if p is None else format_percent(p)

    @property
    def numerator_children(self) -> tuple[ChildRef, ...]:
        """References of the children in the numerator, sorted."""
        return tuple(self.child_refs[i] for i in self.child[self.in_numerator])

    @property
    def denominator_children(self) -> tuple[ChildRef, ...]:
        """References of the children in the denominator, sorted."""
        return tuple(self.child_refs[i] for i in self.child[self.excluded < 0])

    def exclusions(self) -> dict[ExclusionReason, int]:
        """Children left out, counted by reason (reasons in declaration order)."""
        import numpy as np

        counts = np.bincount(self.excluded[self.excluded >= 0], minlength=len(_EXCLUSIONS))
        return {r: int(n) for r, n in zip(_EXCLUSIONS, counts, strict=True) if n}

    def child_counts(self) -> tuple[ChildCount, ...]:
        """Every child's part as the reference's :class:`ChildCount` records (for drilling in)."""
        return tuple(self.child_count(i) for i in range(len(self.child)))

    def child_count(self, position: int) -> ChildCount:
        """The :class:`ChildCount` of the child at ``position`` (0-based, reference order)."""
        ex = int(self.excluded[position])
        reason = int(self.long_term_reason[position])
        return ChildCount(
            child=self.child_refs[int(self.child[position])],
            borough=self.borough,
            excluded=None if ex < 0 else _EXCLUSIONS[ex],
            in_numerator=bool(self.in_numerator[position]),
            placements=int(self.placements[position]),
            care_began=_day(int(self.care_began[position])),
            carer_began=_day(int(self.carer_began[position])),
            long_term_reason=None if reason < 0 else _LONG_TERM_REASONS[reason],
        )


@attrs.frozen(kw_only=True, eq=False)
class ColumnarStabilityResult:
    """The measures for one local authority's episodes, computed over columns.

    Attributes:
        borough: GSS code, where known.
        year_ending: 31 March Y.
        short_term: rule 4, one year.
        two_year: rule 4, two years.
        long_term: rule 5 (with the adoption exception), or unavailable without months of
            birth.
        naive_episodes: the naive "3 or more episodes in the year" count, *not* a DfE measure
            (rule 6).
    """

    borough: GssCode | None
    year_ending: dt.date
    short_term: ColumnarMeasure
    two_year: ColumnarMeasure
    long_term: ColumnarMeasure | UnavailableMeasure
    naive_episodes: ColumnarMeasure


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


@attrs.frozen(kw_only=True, eq=False)
class _Histories:
    """Periods of care, placements and carers of every child, as arrays (rules 1-3, 5)."""

    n_children: int
    has_care: npt.NDArray[np.bool]  # per child: any episode that is not a short break
    # kept episodes (short breaks removed), sorted by child then DECOM
    ep_child: npt.NDArray[np.int32]
    ep_start: npt.NDArray[np.int32]
    ep_end: npt.NDArray[np.int32]  # as given (the naive count reads these)
    # periods of care
    run_child: npt.NDArray[np.int32]
    run_start: npt.NDArray[np.int32]
    run_end: npt.NDArray[np.int32]
    # placements, in order; run index of each
    pl_run: npt.NDArray[np.int64]
    pl_start: npt.NDArray[np.int32]
    pl_end: npt.NDArray[np.int32]
    pl_adoptive: npt.NDArray[np.bool]
    # carers, in order
    carer_run: npt.NDArray[np.int64]
    carer_start: npt.NDArray[np.int32]
    carer_end: npt.NDArray[np.int32]


def _same_place(
    place: CodeColumn, a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool]:
    """Per pair, whether episodes ``a`` and ``b`` have one placement type, recodes allowed.

    As :func:`slcp.outcomes._stability_history.same_placement_type`: equal codes, or a code
    and one it may be recoded to (H5 and K3; Z1 and Z11-Z14).
    """
    import numpy as np

    ca, cb = place.codes[a], place.codes[b]
    same: npt.NDArray[np.bool] = ca == cb
    # per vocabulary value: its recode group (-1 none) and whether it is the code recoded from
    group = np.full(len(place.values) + 1, -1, dtype=np.int64)
    old = np.zeros(len(place.values) + 1, dtype=np.bool_)
    for i, v in enumerate(place.values):
        for g, (before, after) in enumerate(RECODES):
            if v == before or v in after:
                group[i], old[i] = g, v == before
    ga, gb = group[ca], group[cb]
    recoded: npt.NDArray[np.bool] = (ga == gb) & (ga >= 0) & (old[ca] != old[cb])
    return same | recoded


def _previous_flagged(flag: npt.NDArray[np.bool]) -> npt.NDArray[np.int64]:
    """Per element, the index of the last flagged element strictly before it, or -1."""
    import numpy as np

    idx = np.where(flag, np.arange(len(flag), dtype=np.int64), -1)
    last = np.maximum.accumulate(idx) if len(idx) else idx
    out = np.empty(len(flag), dtype=np.int64)
    if len(flag):
        out[0] = -1
        out[1:] = last[:-1]
    return out


def _is_sorted(*keys: npt.NDArray[np.int32]) -> bool:
    """Whether the rows are in order of ``keys`` (the first most significant), ties allowed."""
    import numpy as np

    if len(keys[0]) < 2:
        return True
    tied = np.ones(len(keys[0]) - 1, dtype=np.bool_)
    for k in keys:
        a, b = k[:-1], k[1:]
        if (tied & (a > b)).any():
            return False
        tied &= a == b
    return True


def _derive(table: EpisodeTable) -> _Histories:
    import numpy as np

    n_children = len(table.child_refs)
    n = len(table.child)
    # derive_placement_history sorts by (DECOM, DEC with open last), stably
    if _is_sorted(table.child, table.start, table.end):
        order = np.arange(n)  # as a reader gives them: nothing to sort
    else:
        order = np.lexsort((np.arange(n), table.end, table.start, table.child))
    short = table.legal_status.isin(_SHORT_BREAK)[order]
    keep = order[~short]
    child = table.child[keep]
    start = table.start[keep]
    end = table.end[keep]
    rne = table.reason_new_episode.take(keep)
    place = table.place.take(keep)
    district = table.placement_district.codes[keep]
    ends_period = table.reason_ceased.take(keep).starts_with("E")
    has_care = np.zeros(n_children, dtype=np.bool_)
    has_care[child] = True
    m = len(child)

    # An episode overlapped by the child's next one ends when the next begins.
    same_next = np.zeros(m, dtype=np.bool_)
    if m > 1:
        same_next[:-1] = child[1:] == child[:-1]
    clipped = end.copy()
    nxt_start = np.empty(m, dtype=np.int32)
    if m:
        nxt_start[:-1] = start[1:]
        nxt_start[-1] = OPEN
    overlapped = same_next & (end > nxt_start)
    clipped[overlapped] = nxt_start[overlapped]

    # Periods of care: a new one at each child's first episode, after a gap, or after an
    # E-code (decision record 0503).
    new_run = np.ones(m, dtype=np.bool_)
    if m > 1:
        new_run[1:] = ~same_next[:-1] | (clipped[:-1] != start[1:]) | ends_period[:-1]
    run_of = np.cumsum(new_run) - 1
    run_first = np.flatnonzero(new_run)
    run_last = np.append(run_first[1:] - 1, m - 1) if m else run_first
    run_child = child[run_first]
    run_start = start[run_first]
    run_end = clipped[run_last]

    # Rules 2-3 within each period of care. For an episode that is not temporary:
    # - "first": no earlier non-temporary episode in its period: begins a placement;
    # - "candidate": right after a temporary run, with a placement before it: resumes that
    #   placement when PLACE and PL_POST district equal those of the placement's first
    #   episode, else begins one;
    # - otherwise RNE S/P/B/T/U begins a placement and RNE L continues the current one.
    temp = place.isin(_TEMPORARY)
    nontemp = ~temp
    prev_nt = _previous_flagged(nontemp)
    first = nontemp & (prev_nt < run_first[run_of])
    after_temp = np.zeros(m, dtype=np.bool_)
    if m > 1:
        after_temp[1:] = temp[:-1] & ~new_run[1:]
    candidate = nontemp & ~first & after_temp
    local_new = nontemp & ~first & ~after_temp & rne.isin(_STARTS_PLACEMENT)
    marker = first | candidate | local_new
    # A candidate compares with the previous marker: whether that one resumed or began a
    # placement, its PLACE and district equal those of the placement it belongs to.
    prev_marker = _previous_flagged(marker)
    cand = np.flatnonzero(candidate)
    pm = prev_marker[cand]
    resumes = np.zeros(m, dtype=np.bool_)
    resumes[cand] = _same_place(place, cand, pm) & (district[cand] == district[pm])
    starter = first | local_new | (candidate & ~resumes)

    starters = np.flatnonzero(starter)
    draft_of = np.cumsum(starter) - 1  # for non-temporary episodes: the placement they join
    nt_idx = np.flatnonzero(nontemp)
    nt_draft = draft_of[nt_idx]
    # a placement ends where its last non-temporary episode ends
    last_of_draft = (
        nt_idx[np.append(np.flatnonzero(np.diff(nt_draft)), len(nt_idx) - 1)]
        if len(nt_idx)
        else nt_idx
    )
    pl_start = start[starters]
    pl_end = clipped[last_of_draft]
    pl_run = run_of[starters]
    pl_adoptive = place.isin(PLACED_FOR_ADOPTION)[starters]

    carer_flag = first | (starter & rne.isin(_CHANGES_CARER))
    carers = np.flatnonzero(carer_flag)
    carer_run = run_of[carers]
    carer_start = start[carers]
    carer_end = run_end[carer_run].copy()
    if len(carers) > 1:
        same = carer_run[1:] == carer_run[:-1]
        carer_end[:-1][same] = carer_start[1:][same]
    return _Histories(
        n_children=n_children,
        has_care=has_care,
        ep_child=child,
        ep_start=start,
        ep_end=end,
        run_child=run_child,
        run_start=run_start,
        run_end=run_end,
        pl_run=pl_run,
        pl_start=pl_start,
        pl_end=pl_end,
        pl_adoptive=pl_adoptive,
        carer_run=carer_run,
        carer_start=carer_start,
        carer_end=carer_end,
    )


def _in_force(
    start: npt.NDArray[np.int32], end: npt.NDArray[np.int32], w_start: int, w_end: int
) -> npt.NDArray[np.bool]:
    # as stability._in_force: shares a day with [w_start, w_end); a zero-day period never does
    in_force: npt.NDArray[np.bool] = (end > start) & (end > w_start) & (start < w_end)
    return in_force


@attrs.frozen(kw_only=True, eq=False)
class _Gate:
    """Per child: the period of care current on the census day (rule 4's cohort gate)."""

    present: npt.NDArray[np.intp]  # children with any episode, sorted by reference
    excluded: npt.NDArray[np.int8]  # per child: SHORT_BREAKS_ONLY, NOT_LOOKED_AFTER or -1
    run: npt.NDArray[np.int64]  # per child: index of the current period of care, or -1
    care_began: npt.NDArray[np.int32]  # per child: its first day, or 0


def _gate(h: _Histories, present: npt.NDArray[np.intp], census: int) -> _Gate:
    import numpy as np

    current = np.flatnonzero((h.run_start <= census) & (census < h.run_end))
    run = np.full(h.n_children, -1, dtype=np.int64)
    run[h.run_child[current]] = current
    care_began = np.zeros(h.n_children, dtype=np.int32)
    care_began[h.run_child[current]] = h.run_start[current]
    excluded = np.full(h.n_children, -1, dtype=np.int8)
    excluded[run < 0] = _NOT_LOOKED_AFTER
    excluded[~h.has_care] = _SHORT_BREAKS_ONLY
    return _Gate(present=present, excluded=excluded, run=run, care_began=care_began)


def _measure(
    table: EpisodeTable,
    gate: _Gate,
    *,
    kind: StabilityMeasureKind,
    census: dt.date,
    window: DateRange,
    rule: str,
    excluded: npt.NDArray[np.int8],
    in_numerator: npt.NDArray[np.bool],
    placements: npt.NDArray[np.int32],
    carer_began: npt.NDArray[np.int32] | None = None,
    long_term_reason: npt.NDArray[np.int8] | None = None,
) -> ColumnarMeasure:
    import numpy as np

    p = gate.present
    none = np.zeros(len(p), dtype=np.int32)
    return ColumnarMeasure(
        kind=kind,
        year_ending=census,
        window=window,
        rule=rule,
        child_refs=table.child_refs,
        borough=table.borough,
        child=p.astype(np.int32),
        excluded=excluded[p],
        in_numerator=in_numerator[p],
        placements=placements[p],
        care_began=gate.care_began[p],
        carer_began=none if carer_began is None else carer_began[p],
        long_term_reason=(
            np.full(len(p), -1, dtype=np.int8) if long_term_reason is None else long_term_reason[p]
        ),
    )


def _placement_measure(
    table: EpisodeTable,
    h: _Histories,
    gate: _Gate,
    *,
    kind: StabilityMeasureKind,
    census: dt.date,
    window: DateRange,
    care_began_by: dt.date | None,
    rule: str,
    episodes: bool = False,
) -> ColumnarMeasure:
    import numpy as np

    w_start = _ordinal(window.start)
    w_end = OPEN if window.end is None else _ordinal(window.end)
    if episodes:
        owner = h.ep_child
        force = _in_force(h.ep_start, h.ep_end, w_start, w_end)
    else:
        owner = h.run_child[h.pl_run]
        force = _in_force(h.pl_start, h.pl_end, w_start, w_end)
    counts = np.bincount(owner[force], minlength=h.n_children).astype(np.int32)
    excluded = gate.excluded.copy()
    if care_began_by is not None:
        late = (excluded < 0) & (gate.care_began > _ordinal(care_began_by))
        excluded[late] = _TOO_LATE
    counted = excluded < 0
    placements = np.where(counted, counts, 0).astype(np.int32)
    return _measure(
        table,
        gate,
        kind=kind,
        census=census,
        window=window,
        rule=rule,
        excluded=excluded,
        in_numerator=counted & (counts >= UNSTABLE_AT),
        placements=placements,
    )


def _long_term(
    table: EpisodeTable,
    h: _Histories,
    gate: _Gate,
    birth_months: npt.NDArray[np.int32] | None,
    *,
    census: dt.date,
    any_month_known: bool,
) -> ColumnarMeasure | UnavailableMeasure:
    import numpy as np

    if birth_months is None or not any_month_known:
        return UnavailableMeasure(
            kind=StabilityMeasureKind.LONG_TERM,
            year_ending=census,
            reason="months of birth are needed (the SSDA903 Header table) and none were given",
        )
    day = _ordinal(census)
    care_cutoff = _ordinal(months_after(census, -LONG_TERM_CARE_MONTHS))
    carer_cutoff = _ordinal(anniversary(census, -LONG_TERM_CARER_YEARS))
    excluded = gate.excluded.copy()
    looked_after = excluded < 0
    known = birth_months >= 0
    # YearMonth.age_on: completed years, the birthday taken as the 1st of the month
    born_year, born_month = birth_months // 12, birth_months % 12 + 1
    age = census.year - born_year - (census.month < born_month).astype(np.int32)
    no_month = looked_after & ~known
    aged = looked_after & known & (age >= LONG_TERM_AGE_LIMIT)
    late = looked_after & known & ~aged & (gate.care_began > care_cutoff)
    excluded[no_month] = _NO_MONTH
    excluded[aged] = _AGED_16
    excluded[late] = _TOO_LATE

    # the carer in force on the census day (within the current period of care)
    carer_began = np.zeros(h.n_children, dtype=np.int32)
    on = np.flatnonzero((h.carer_start <= day) & (day < h.carer_end))
    carer_began[h.run_child[h.carer_run[on]]] = h.carer_start[on]
    carer_ok = (carer_began > 0) & (carer_began <= carer_cutoff)

    # the adoption exception: the last placement of the current period of care begun on or
    # before the census day is for adoption (A3-A6), and the one before it in the same
    # period began on or before 31 March Y-2
    adoption = np.zeros(h.n_children, dtype=np.bool_)
    begun = np.flatnonzero(h.pl_start <= day)
    if len(begun):
        run = h.pl_run[begun]
        last = begun[np.append(np.flatnonzero(np.diff(run)), len(begun) - 1)]
        run_last = h.pl_run[last]
        owner = h.run_child[run_last]
        current = gate.run[owner] == run_last
        prev = last - 1
        has_prev = (prev >= 0) & (h.pl_run[np.maximum(prev, 0)] == run_last)
        ok = (
            current
            & has_prev
            & h.pl_adoptive[last]
            & (h.pl_start[np.maximum(prev, 0)] <= carer_cutoff)
        )
        adoption[owner[ok]] = True

    counted = excluded < 0
    reason = np.full(h.n_children, -1, dtype=np.int8)
    reason[counted] = _LONG_TERM_REASONS.index(LongTermReason.NEITHER)
    reason[counted & adoption & ~carer_ok] = _LONG_TERM_REASONS.index(
        LongTermReason.ADOPTION_EXCEPTION
    )
    reason[counted & carer_ok] = _LONG_TERM_REASONS.index(LongTermReason.CARER_TWO_YEARS)
    return _measure(
        table,
        gate,
        kind=StabilityMeasureKind.LONG_TERM,
        census=census,
        window=DateRange(start=census, end=census + dt.timedelta(days=1)),
        rule="under 16 and looked after on 31 March, in care since on or before 30 months "
        "earlier; numerator: current carer since on or before 31 March Y-2, or placed for "
        "adoption (A3-A6) after a placement begun on or before 31 March Y-2",
        excluded=excluded,
        in_numerator=counted & (carer_ok | adoption),
        placements=np.zeros(h.n_children, dtype=np.int32),
        # carer_began is reported for every child looked after, counted or not
        carer_began=np.where(gate.run >= 0, carer_began, 0).astype(np.int32),
        long_term_reason=reason,
    )


def measure_stability_columns(
    table: EpisodeTable,
    birth_months: Sequence[int] | npt.NDArray[np.int32] | None = None,
    *,
    year: FinancialYear,
    any_month_known: bool | None = None,
) -> ColumnarStabilityResult:
    """Every stability measure for one local authority's episodes, over columns.

    The same rules, figures and per-child membership as
    :func:`slcp.outcomes.stability.measure_stability` gives for the partnership of these
    episodes: short term and two year (rule 4), long term with the adoption exception
    (rule 5) and the naive episode count (rule 6, not a DfE measure).

    Args:
        table: the episodes.
        birth_months: per child of ``table.child_refs``, the month of birth as
            ``year × 12 + month - 1`` (April 2002 is ``24027``), ``-1`` when unknown; ``None``
            when no Header table was read. With no month known the long-term measure is
            :class:`UnavailableMeasure`, never zero.
        year: the financial year whose last day, 31 March Y, is the census date.
        any_month_known: whether the Header table gave any child a month of birth, children
            without episodes included (as the reference, the long-term measure is unavailable
            only when none did); by default, whether ``birth_months`` holds one.

    >>> import numpy as np
    >>> d = dt.date(2015, 1, 1).toordinal()
    >>> codes = lambda v: CodeColumn(values=(v,), codes=np.zeros(1, dtype=np.int32))
    >>> t = EpisodeTable(child_refs=("1",), child=np.zeros(1, dtype=np.int32),
    ...     start=np.array([d], dtype=np.int32), end=np.array([OPEN], dtype=np.int32),
    ...     reason_new_episode=codes("S"), legal_status=codes("C2"), place=codes("U4"),
    ...     placement_district=codes("CR0"),
    ...     reason_ceased=CodeColumn(values=(), codes=np.full(1, -1, dtype=np.int32)))
    >>> r = measure_stability_columns(t, [2008 * 12], year=FinancialYear(2017))
    >>> r.short_term.numerator, r.short_term.denominator, r.long_term.numerator_children
    (0, 1, ('1',))
    """
    import numpy as np

    census = year.end - dt.timedelta(days=1)
    h = _derive(table)
    present = np.flatnonzero(np.bincount(table.child, minlength=len(table.child_refs)) > 0)
    gate = _gate(h, present, _ordinal(census))
    first = year.previous()
    months = None if birth_months is None else np.asarray(birth_months, dtype=np.int32)
    return ColumnarStabilityResult(
        borough=table.borough,
        year_ending=census,
        short_term=_placement_measure(
            table,
            h,
            gate,
            kind=StabilityMeasureKind.SHORT_TERM,
            census=census,
            window=year.range,
            care_began_by=None,
            rule="looked after on 31 March; numerator: 3 or more placements in force at some "
            "time in [1 April Y-1, 31 March Y]",
        ),
        two_year=_placement_measure(
            table,
            h,
            gate,
            kind=StabilityMeasureKind.TWO_YEAR,
            census=census,
            window=DateRange(start=first.start, end=year.end),
            care_began_by=first.start,
            rule="looked after on 31 March in a period of care begun on or before 1 April "
            "Y-2; numerator: 3 or more placements in force at some time in [1 April Y-2, "
            "31 March Y]",
        ),
        long_term=_long_term(
            table,
            h,
            gate,
            months,
            census=census,
            any_month_known=bool((months >= 0).any())
            if any_month_known is None and months is not None
            else bool(any_month_known),
        ),
        naive_episodes=_placement_measure(
            table,
            h,
            gate,
            kind=StabilityMeasureKind.NAIVE_EPISODES,
            census=census,
            window=year.range,
            care_began_by=None,
            rule="NAIVE COUNT, not the DfE measure: looked after on 31 March; numerator: 3 or "
            "more episodes in force at some time in [1 April Y-1, 31 March Y]",
            episodes=True,
        ),
    )


def _rows(m: ColumnarMeasure) -> list[ChildCount]:
    # every child's ChildCount, as ColumnarMeasure.child_counts, the columns read as lists
    # once instead of element by element
    refs = m.child_refs
    care_began = m.care_began.tolist()
    carer_began = m.carer_began.tolist()
    # each day number as a date once (as _day: 0 and OPEN stand for none)
    days = {n: _day(n) for n in {*care_began, *carer_began}}
    return [
        ChildCount(
            child=refs[c],
            borough=m.borough,
            excluded=None if e < 0 else _EXCLUSIONS[e],
            in_numerator=num,
            placements=n,
            care_began=days[care],
            carer_began=days[carer],
            long_term_reason=None if r < 0 else _LONG_TERM_REASONS[r],
        )
        for c, e, num, n, care, carer, r in zip(
            m.child.tolist(),
            m.excluded.tolist(),
            m.in_numerator.tolist(),
            m.placements.tolist(),
            care_began,
            carer_began,
            m.long_term_reason.tolist(),
            strict=True,
        )
    ]


def _stability_measure(m: ColumnarMeasure, children: tuple[ChildCount, ...]) -> StabilityMeasure:
    return StabilityMeasure(
        kind=m.kind, year_ending=m.year_ending, window=m.window, rule=m.rule, children=children
    )


def measure_stability_summary_columns(
    episodes: Iterable[CareEpisode],
    children: Iterable[Child] | None = None,
    *,
    year: FinancialYear,
) -> StabilitySummary:
    """:func:`~slcp.outcomes.stability.measure_stability`'s summary, computed over columns.

    The same :class:`~slcp.outcomes.stability.StabilitySummary`, every child's
    :class:`~slcp.outcomes.stability.ChildCount` included, for the partnership and each
    borough: each borough's episodes (and those with no borough) are measured as one table
    by :func:`measure_stability_columns`, and the partnership's children are theirs together,
    in the reference's order (by borough, unknown last, then child). For a programme's
    thousands of episodes, where the reference builds a placement history per child.

    Args:
        episodes: SSDA903 episodes (any order, any boroughs).
        children: the children with their months of birth; ``None`` when unknown, which
            makes the long-term measure unavailable (so does a list where no child has a
            month of birth).
        year: the financial year whose last day, 31 March Y, is the census date.
    """
    months: dict[ChildRef, YearMonth] = {}
    if children is not None:
        months = {c.ref: c.month_of_birth for c in children if c.month_of_birth is not None}
    by_borough: dict[GssCode | None, list[CareEpisode]] = {}
    for e in episodes:
        by_borough.setdefault(e.borough, []).append(e)
    results: list[tuple[GssCode | None, ColumnarStabilityResult]] = []
    for borough in sorted(by_borough, key=lambda b: (b is None, b or "")):
        table = EpisodeTable.from_episodes(by_borough[borough])
        births = None
        if children is not None:
            births = [
                -1 if (m := months.get(r)) is None else m.year * 12 + m.month - 1
                for r in table.child_refs
            ]
        results.append(
            (
                borough,
                measure_stability_columns(table, births, year=year, any_month_known=bool(months)),
            )
        )
    census = year.end - dt.timedelta(days=1)
    kinds = ("short_term", "two_year", "long_term", "naive_episodes")
    per_borough: list[dict[str, StabilityMeasure | UnavailableMeasure]] = []
    together: dict[str, list[ChildCount]] = {k: [] for k in kinds}
    for _, r in results:
        measures: dict[str, StabilityMeasure | UnavailableMeasure] = {}
        for k in kinds:
            m = getattr(r, k)
            if isinstance(m, UnavailableMeasure):
                measures[k] = m
                continue
            rows = _rows(m)
            together[k].extend(rows)
            measures[k] = _stability_measure(m, tuple(rows))
        per_borough.append(measures)

    def partnership_measure(k: str) -> StabilityMeasure | UnavailableMeasure:
        if results:
            m = getattr(results[0][1], k)
            if isinstance(m, UnavailableMeasure):
                return m
            return _stability_measure(m, tuple(together[k]))
        # no episode at all: the reference's empty measures
        ref = _result_of_nothing(children, year)
        return getattr(ref, k)  # type: ignore[no-any-return]

    def result(
        borough: GssCode | None, measures: dict[str, StabilityMeasure | UnavailableMeasure]
    ) -> StabilityResult:
        short, two, naive = measures["short_term"], measures["two_year"], measures["naive_episodes"]
        assert isinstance(short, StabilityMeasure)  # only the long-term can be unavailable
        assert isinstance(two, StabilityMeasure)
        assert isinstance(naive, StabilityMeasure)
        return StabilityResult(
            borough=borough,
            year_ending=census,
            short_term=short,
            two_year=two,
            long_term=measures["long_term"],
            naive_episodes=naive,
        )

    return StabilitySummary(
        year=year,
        partnership=result(None, {k: partnership_measure(k) for k in kinds}),
        boroughs=tuple(
            result(b, measures)
            for (b, _), measures in zip(results, per_borough, strict=True)
            if b is not None
        ),
    )


def _result_of_nothing(children: Iterable[Child] | None, year: FinancialYear) -> StabilityResult:
    # the partnership's measures when there is no episode: every measure of no child
    return measure_stability((), children, year=year).partnership
