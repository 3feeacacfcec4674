"""Placement stability as the DfE measures it, computed from SSDA903 episodes.

Three measures for the year ending 31 March Y (REFERENCE §4 rules 1-6; decision records
0500-0505; worked examples in ``docs/outcomes/stability.md``):

* **short term** — of the children looked after on 31 March Y, those with 3 or more
  placements in force at some time in [1 April Y-1, 31 March Y];
* **two year** — of the children looked after on 31 March Y whose period of care began on or
  before 1 April Y-2, those with 3 or more placements in force in [1 April Y-2, 31 March Y];
* **long term** — of the children under 16 on 31 March Y looked after continuously for at
  least 2.5 years, those whose current carer has lasted at least 2 years. It needs months of
  birth: without them it is :class:`UnavailableMeasure`, never zero.

Beside them, and labelled as what it is, the naive count some regional pipelines use: children
looked after on 31 March Y with 3 or more *episodes* in force during the year.

Percentages are exact :class:`~fractions.Fraction` values; :func:`format_percent` rounds them
for display only (half up, one decimal place by default).

Imports only :mod:`slcp.domain` and the vocabulary modules.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

import attrs

from slcp.domain import CareEpisode, Child, ChildRef, GssCode
from slcp.errors import InvalidValueError
from slcp.money import round_decimal
from slcp.outcomes._stability_history import (
    CarerSpell,
    PeriodOfCare,
    PlacementHistory,
    PlacementSpell,
    StartRule,
    derive_placement_histories,
    derive_placement_history,
)
from slcp.periods import DateRange, FinancialYear, YearMonth, anniversary, months_after

__all__ = [
    "CarerSpell",
    "ChildCount",
    "ExclusionReason",
    "LongTermReason",
    "PeriodOfCare",
    "PlacementHistory",
    "PlacementSpell",
    "StabilityMeasure",
    "StabilityMeasureKind",
    "StabilityResult",
    "StabilitySummary",
    "StartRule",
    "UnavailableMeasure",
    "count_naive_episodes",
    "derive_placement_histories",
    "derive_placement_history",
    "format_percent",
    "measure_long_term",
    "measure_short_term",
    "measure_stability",
    "measure_two_year",
]

#: Placements (or, for the naive count, episodes) a child needs to count as unstable.
UNSTABLE_AT = 3
#: Age on 31 March from which a child leaves the long-term cohort (rule 5: "under 16").
LONG_TERM_AGE_LIMIT = 16
#: Months looked after continuously to join the long-term cohort (rule 5: 2.5 years).
LONG_TERM_CARE_MONTHS = 30
#: Years the current carer must have lasted (rule 5).
LONG_TERM_CARER_YEARS = 2
#: PLACE codes of a child placed for adoption (A3/A5 with the current foster carers, A4/A6
#: with new adopters): the DfE's adoption exception to rule 5 (REFERENCE §4).
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})


class StabilityMeasureKind(enum.Enum):
    """Which measure a result is; the values are the JSON keys."""

    SHORT_TERM = "short_term"
    TWO_YEAR = "two_year"
    LONG_TERM = "long_term"
    NAIVE_EPISODES = "naive_episodes"


class ExclusionReason(enum.Enum):
    """Why a child is outside a measure's denominator."""

    SHORT_BREAKS_ONLY = "only V3/V4 short-break episodes (rule 1)"
    NOT_LOOKED_AFTER = "not looked after on 31 March (no episode open that day)"
    CARE_BEGAN_TOO_LATE = "current period of care began after the measure's cut-off date"
    AGED_16_OR_OVER = "aged 16 or over on 31 March (birthday taken as the 1st of the month)"
    NO_MONTH_OF_BIRTH = "month of birth not known"


class LongTermReason(enum.Enum):
    """Why a child in the long-term cohort is, or is not, in the numerator (rule 5)."""

    CARER_TWO_YEARS = "current carer has lasted at least 2 years"
    ADOPTION_EXCEPTION = (
        "placed for adoption, and the adoptive placement with the one before it has lasted "
        "at least 2 years (the DfE's adoption exception)"
    )
    NEITHER = "current carer has lasted less than 2 years and the adoption exception does not apply"


@attrs.frozen(kw_only=True)
class ChildCount:
    """How one child entered (or did not enter) one measure.

    Attributes:
        child: the child's reference.
        borough: the responsible borough, where known.
        excluded: why the child is outside the denominator, or ``None`` when counted.
        in_numerator: True when counted in the numerator.
        placements: placements (episodes, for the naive count) in force in the window; for
            the long-term measure, 0.
        care_began: first day of the period of care current on 31 March, if any.
        carer_began: first day of the current carer (long-term measure only).
        long_term_reason: for a child in the long-term cohort, which part of rule 5 put it in
            the numerator or why neither did; ``None`` in every other measure and for
            children outside the cohort.
    """

    child: ChildRef
    borough: GssCode | None
    excluded: ExclusionReason | None = None
    in_numerator: bool = False
    placements: int = 0
    care_began: dt.date | None = None
    carer_began: dt.date | None = None
    long_term_reason: LongTermReason | None = None

    @property
    def is_counted(self) -> bool:
        """True when the child is in the denominator."""
        return self.excluded is None


def format_percent(value: Fraction, *, places: int = 1) -> str:
    """A percentage for display, rounded half up to ``places`` decimal places.

    Rounding happens here only; every stored percentage is exact.

    >>> format_percent(Fraction(100, 3)), format_percent(Fraction(1, 20))
    ('33.3', '0.1')
    >>> format_percent(Fraction(0)), format_percent(Fraction(1, 21))
    ('0.0', '0.0')
    >>> format_percent(Fraction(200, 3), places=0), format_percent(Fraction(100))
    ('67', '100.0')
    """
    if value < 0 or places < 0:
        raise InvalidValueError(
            "a percentage to display must be non-negative", field="percent", value=value
        )
    return f"{round_decimal(value, places):f}"


@attrs.frozen(kw_only=True)
class StabilityMeasure:
    """One stability measure for one area and year: counts, exact percentage, the children.

    Attributes:
        kind: which measure.
        year_ending: 31 March Y, the census date.
        window: the days placements are counted over, half-open (``[1 April Y-1, 1 April
            Y)`` for the short-term measure); for the long-term measure the single census
            day.
        rule: the rule applied, in words.
        children: one :class:`ChildCount` per child considered (counted or excluded), sorted.
    """

    kind: StabilityMeasureKind
    year_ending: dt.date
    window: DateRange
    rule: str
    children: tuple[ChildCount, ...]

    @property
    def available(self) -> bool:
        """Always True: an :class:`UnavailableMeasure` is the other state."""
        return True

    @property
    def numerator(self) -> int:
        """Children in the numerator."""
        return sum(1 for c in self.children if c.in_numerator)

    @property
    def denominator(self) -> int:
        """Children in the denominator (the cohort)."""
        return sum(1 for c in self.children if c.is_counted)

    @property
    def percent(self) -> Fraction | None:
        """Exact percentage ``100 × numerator ÷ denominator``; ``None`` for an empty cohort."""
        if self.denominator == 0:
            return None
        return Fraction(100 * self.numerator, self.denominator)

    @property
    def percent_text(self) -> str | None:
        """The percentage rounded half up to one decimal place, or ``None``."""
        p = self.percent
        return None if p is None else format_percent(p)

    @property
    def numerator_children(self) -> tuple[ChildRef, ...]:
        """References of the children in the numerator."""
        return tuple(c.child for c in self.children if c.in_numerator)

    @property
    def denominator_children(self) -> tuple[ChildRef, ...]:
        """References of the children in the denominator."""
        return tuple(c.child for c in self.children if c.is_counted)

    def exclusions(self) -> dict[ExclusionReason, int]:
        """Children left out, counted by reason (reasons in declaration order)."""
        out = dict.fromkeys(ExclusionReason, 0)
        for c in self.children:
            if c.excluded is not None:
                out[c.excluded] += 1
        return {r: n for r, n in out.items() if n}


@attrs.frozen(kw_only=True)
class UnavailableMeasure:
    """A measure that cannot be computed (the long-term measure without months of birth).

    Distinct from a measure of zero: it has no numerator, denominator or percentage.

    Attributes:
        kind: which measure.
        year_ending: 31 March Y.
        reason: why it cannot be computed.
    """

    kind: StabilityMeasureKind
    year_ending: dt.date
    reason: str

    @property
    def available(self) -> bool:
        """Always False."""
        return False


@attrs.frozen(kw_only=True)
class StabilityResult:
    """The measures for one area: a borough, or the whole partnership (``borough=None``).

    Attributes:
        borough: GSS code, or ``None`` for every episode given (the partnership).
        year_ending: 31 March Y.
        short_term: rule 4, one year.
        two_year: rule 4, two years.
        long_term: rule 5, or unavailable without months of birth.
        naive_episodes: the naive "3 or more episodes in the last 12 months" count, *not* a
            DfE measure; offered for comparison with regional pipelines (rule 6).
    """

    borough: GssCode | None
    year_ending: dt.date
    short_term: StabilityMeasure
    two_year: StabilityMeasure
    long_term: StabilityMeasure | UnavailableMeasure
    naive_episodes: StabilityMeasure


@attrs.frozen(kw_only=True)
class StabilitySummary:
    """Stability for the partnership and each borough.

    Attributes:
        year: the financial year whose last day (31 March) is the census date.
        partnership: every child, all boroughs (and episodes with no borough) together.
        boroughs: one result per borough named on the episodes, sorted by GSS code.
    """

    year: FinancialYear
    partnership: StabilityResult
    boroughs: tuple[StabilityResult, ...]

    @property
    def year_ending(self) -> dt.date:
        """31 March at the end of :attr:`year`."""
        return _census_day(self.year)


def _census_day(year: FinancialYear) -> dt.date:
    return year.end - dt.timedelta(days=1)


def _in_force(period: DateRange, window: DateRange) -> bool:
    """True when ``period`` shares a day with the bounded ``window`` (DateRange.overlaps).

    Half-open: a placement ending on 1 April (DEC = 1 April) is not in force in a year
    starting that day; a zero-day placement is never in force. Written out rather than
    through :meth:`DateRange.intersection` because it runs once per placement per measure.
    """
    start, end = period.start, period.end
    w_start, w_end = window.start, window.end
    if w_end is not None and w_end <= w_start:
        return False  # an empty window holds no day
    if end is not None and (end <= start or end <= w_start):
        return False
    return w_end is None or start < w_end


def _count_in(placements: Iterable[PlacementSpell], window: DateRange) -> int:
    return sum(1 for p in placements if _in_force(p.period, window))


def _cohort_gate(history: PlacementHistory, census: dt.date) -> ChildCount | PeriodOfCare:
    """The current period of care, or the reason the child is outside every cohort."""
    if history.has_only_short_breaks:
        return ChildCount(
            child=history.child,
            borough=history.borough,
            excluded=ExclusionReason.SHORT_BREAKS_ONLY,
        )
    poc = history.period_of_care_on(census)
    if poc is None:
        return ChildCount(
            child=history.child, borough=history.borough, excluded=ExclusionReason.NOT_LOOKED_AFTER
        )
    return poc


def _measure_placements(
    histories: Iterable[PlacementHistory],
    *,
    kind: StabilityMeasureKind,
    year: FinancialYear,
    window: DateRange,
    care_began_by: dt.date | None,
    rule: str,
    count: Callable[[PlacementHistory, DateRange], int],
) -> StabilityMeasure:
    census = _census_day(year)
    rows: list[ChildCount] = []
    for h in histories:
        gate = _cohort_gate(h, census)
        if isinstance(gate, ChildCount):
            rows.append(gate)
            continue
        began = gate.period.start
        if care_began_by is not None and began > care_began_by:
            rows.append(
                ChildCount(
                    child=h.child,
                    borough=h.borough,
                    excluded=ExclusionReason.CARE_BEGAN_TOO_LATE,
                    care_began=began,
                )
            )
            continue
        n = count(h, window)
        rows.append(
            ChildCount(
                child=h.child,
                borough=h.borough,
                in_numerator=n >= UNSTABLE_AT,
                placements=n,
                care_began=began,
            )
        )
    return StabilityMeasure(
        kind=kind, year_ending=census, window=window, rule=rule, children=_sorted(rows)
    )


def _sorted(rows: Iterable[ChildCount]) -> tuple[ChildCount, ...]:
    return tuple(sorted(rows, key=lambda c: (c.borough is None, c.borough or "", c.child)))


def _placements_in(history: PlacementHistory, window: DateRange) -> int:
    return _count_in(history.placements, window)


def measure_short_term(
    histories: Iterable[PlacementHistory], *, year: FinancialYear
) -> StabilityMeasure:
    """Rule 4, short term: looked after on 31 March Y with 3+ placements during the year.

    The window is ``year.range``, i.e. [1 April Y-1, 31 March Y] inclusive. A placement is
    counted when it is in force on at least one day of the window (so the placement current
    on 1 April counts; one that ended with DEC = 1 April does not). Placements in every period
    of care touching the window count, not only the current one.

    Args:
        histories: the children's placement histories.
        year: the financial year ending on the census date 31 March Y.
    """
    return _measure_placements(
        histories,
        kind=StabilityMeasureKind.SHORT_TERM,
        year=year,
        window=year.range,
        care_began_by=None,
        rule="looked after on 31 March; numerator: 3 or more placements in force at some "
        "time in [1 April Y-1, 31 March Y]",
        count=_placements_in,
    )


def measure_two_year(
    histories: Iterable[PlacementHistory], *, year: FinancialYear
) -> StabilityMeasure:
    """Rule 4, two-year variant.

    Cohort: looked after on 31 March Y in a period of care that began on or before
    1 April Y-2. Numerator: 3 or more placements in force at some time in the window
    [1 April Y-2, 31 March Y] (two financial years, inclusive).
    """
    first = year.previous()
    return _measure_placements(
        histories,
        kind=StabilityMeasureKind.TWO_YEAR,
        year=year,
        window=DateRange(start=first.start, end=year.end),
        care_began_by=first.start,
        rule="looked after on 31 March in a period of care begun on or before 1 April Y-2; "
        "numerator: 3 or more placements in force at some time in [1 April Y-2, 31 March Y]",
        count=_placements_in,
    )


def count_naive_episodes(
    histories: Iterable[PlacementHistory], *, year: FinancialYear
) -> StabilityMeasure:
    """The naive count (rule 6), **not** a DfE measure: episodes, not placements.

    Cohort as the short-term measure; numerator: 3 or more episodes of any kind (legal-status
    changes and temporary placements included; V3/V4 short breaks left out) in force at some
    time in [1 April Y-1, 31 March Y]. It overstates instability wherever legal status changes
    or temporary placements are common, which is why the DfE measure counts placements.
    """

    def episodes_in(history: PlacementHistory, window: DateRange) -> int:
        return sum(
            1
            for poc in history.periods_of_care
            for ep in poc.episodes
            if _in_force(ep.period, window)
        )

    return _measure_placements(
        histories,
        kind=StabilityMeasureKind.NAIVE_EPISODES,
        year=year,
        window=year.range,
        care_began_by=None,
        rule="NAIVE COUNT, not the DfE measure: looked after on 31 March; numerator: 3 or "
        "more episodes in force at some time in [1 April Y-1, 31 March Y]",
        count=episodes_in,
    )


def _adoption_exception_applies(
    period_of_care: PeriodOfCare, census: dt.date, cutoff: dt.date
) -> bool:
    """Rule 5's adoption exception for the period of care current on the census day.

    The current placement is the last placement of the period of care begun on or before the
    census day (a temporary placement in force that day does not replace it: rule 3). It must
    have begun with PLACE A3-A6, and the placement immediately before it *in the same period of
    care* must have begun on or before ``cutoff`` (31 March Y-2), so that the two together have
    lasted at least two years. An adoptive placement that is the first of its period of care
    has nothing to combine with (its own length is the carer rule's business).
    """
    current = [p for p in period_of_care.placements if p.period.start <= census]
    if len(current) < 2 or current[-1].place not in PLACED_FOR_ADOPTION:
        return False
    return current[-2].period.start <= cutoff


def measure_long_term(
    histories: Iterable[PlacementHistory],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    *,
    year: FinancialYear,
) -> StabilityMeasure | UnavailableMeasure:
    """Rule 5, long term: same carer for 2+ years among children long in care.

    Cohort: looked after on 31 March Y, under 16 that day (age from the month of birth, the
    birthday taken as the 1st: :meth:`YearMonth.age_on`), in a period of care that began on or
    before the date 30 months before 31 March Y (30 September Y-3). Numerator: the carer in
    force on 31 March Y began on or before 31 March Y-2. A carer changes only at RNE S, P or
    B; temporary placements do not break it. The DfE's adoption exception: a child whose
    current placement is a placement for adoption (PLACE A3-A6) is also in the numerator when
    the placement immediately before it, in the same period of care, began on or before
    31 March Y-2. Each counted child's :attr:`ChildCount.long_term_reason` says which applied.

    Args:
        histories: the children's placement histories.
        months_of_birth: month of birth per child; ``None`` (or an empty mapping) when no
            header was supplied, which makes the measure :class:`UnavailableMeasure`.
        year: the financial year ending on the census date.
    """
    census = _census_day(year)
    if not months_of_birth:
        return UnavailableMeasure(
            kind=StabilityMeasureKind.LONG_TERM,
            year_ending=census,
            reason="months of birth are needed (the SSDA903 Header table) and none were given",
        )
    care_cutoff = months_after(census, -LONG_TERM_CARE_MONTHS)
    carer_cutoff = anniversary(census, -LONG_TERM_CARER_YEARS)
    rows: list[ChildCount] = []
    for h in histories:
        gate = _cohort_gate(h, census)
        if isinstance(gate, ChildCount):
            rows.append(gate)
            continue
        began = gate.period.start
        born = months_of_birth.get(h.child)
        if born is None:
            excluded: ExclusionReason | None = ExclusionReason.NO_MONTH_OF_BIRTH
        elif born.age_on(census) >= LONG_TERM_AGE_LIMIT:
            excluded = ExclusionReason.AGED_16_OR_OVER
        elif began > care_cutoff:
            excluded = ExclusionReason.CARE_BEGAN_TOO_LATE
        else:
            excluded = None
        carer = h.carer_on(census)
        carer_began = carer.period.start if carer is not None else None
        reason: LongTermReason | None = None
        if excluded is None:
            if carer_began is not None and carer_began <= carer_cutoff:
                reason = LongTermReason.CARER_TWO_YEARS
            elif _adoption_exception_applies(gate, census, carer_cutoff):
                reason = LongTermReason.ADOPTION_EXCEPTION
            else:
                reason = LongTermReason.NEITHER
        rows.append(
            ChildCount(
                child=h.child,
                borough=h.borough,
                excluded=excluded,
                in_numerator=reason is not None and reason is not LongTermReason.NEITHER,
                care_began=began,
                carer_began=carer_began,
                long_term_reason=reason,
            )
        )
    return StabilityMeasure(
        kind=StabilityMeasureKind.LONG_TERM,
        year_ending=census,
        window=DateRange(start=census, end=census + dt.timedelta(days=1)),
        rule="under 16 and looked after on 31 March, in care since on or before 30 months "
        "earlier; numerator: current carer since on or before 31 March Y-2, or placed for "
        "adoption (A3-A6) after a placement begun on or before 31 March Y-2",
        children=_sorted(rows),
    )


def _result(
    borough: GssCode | None,
    histories: tuple[PlacementHistory, ...],
    months_of_birth: Mapping[ChildRef, YearMonth] | None,
    year: FinancialYear,
) -> StabilityResult:
    return StabilityResult(
        borough=borough,
        year_ending=_census_day(year),
        short_term=measure_short_term(histories, year=year),
        two_year=measure_two_year(histories, year=year),
        long_term=measure_long_term(histories, months_of_birth, year=year),
        naive_episodes=count_naive_episodes(histories, year=year),
    )


def measure_stability(
    episodes: Iterable[CareEpisode],
    children: Iterable[Child] | None = None,
    *,
    year: FinancialYear,
) -> StabilitySummary:
    """Every stability measure for the partnership and each borough.

    Args:
        episodes: SSDA903 episodes (any order, any boroughs).
        children: the children with their months of birth; ``None`` when unknown, which
            makes the long-term measure unavailable (so does a list where no child has a
            month of birth).
        year: the financial year whose last day, 31 March Y, is the census date
            (``FinancialYear(2017)`` for the year ending 31 March 2018).

    >>> from slcp.domain import CareEpisode
    >>> ep = CareEpisode(child="1", period=DateRange(start=dt.date(2015, 1, 1)),
    ...                  reason_new_episode="S", legal_status="C2", place="U4")
    >>> s = measure_stability([ep], year=FinancialYear(2017))
    >>> s.partnership.short_term.numerator, s.partnership.short_term.denominator
    (0, 1)
    >>> s.partnership.long_term.available
    False
    """
    histories = derive_placement_histories(episodes)
    months: dict[ChildRef, YearMonth] | None = None
    if children is not None:
        months = {c.ref: c.month_of_birth for c in children if c.month_of_birth is not None}
    boroughs = sorted({h.borough for h in histories if h.borough is not None})
    partnership = _result(None, histories, months, year)
    return StabilitySummary(
        year=year,
        partnership=partnership,
        boroughs=tuple(_borough_result(partnership, b) for b in boroughs),
    )


def _borough_result(partnership: StabilityResult, borough: GssCode) -> StabilityResult:
    # a child's row depends only on that child's history (and month of birth), never on who
    # else is measured: a borough's measures are the partnership's rows for its children, in
    # the same order, which is what measuring the borough's histories afresh would give
    def only(m: StabilityMeasure) -> StabilityMeasure:
        return attrs.evolve(m, children=tuple(c for c in m.children if c.borough == borough))

    long_term = partnership.long_term
    return StabilityResult(
        borough=borough,
        year_ending=partnership.year_ending,
        short_term=only(partnership.short_term),
        two_year=only(partnership.two_year),
        long_term=only(long_term) if isinstance(long_term, StabilityMeasure) else long_term,
        naive_episodes=only(partnership.naive_episodes),
    )
