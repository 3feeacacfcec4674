"""KPI definitions as data, the RAG rule and the default outcomes framework.

A :class:`KpiDefinition` is a plain record — no callables — naming one of the built-in
derivations (:class:`Derivation`) by key, so a framework can be re-weighted, re-thresholded,
extended or cut down without code, and later loaded from JSON or CSV by :mod:`slcp.io`.
Thresholds change by date and are held in a :class:`~slcp.timeline.Timeline` whose entries
carry their :class:`~slcp.timeline.Source`.

RAG rule (decision 0400): a value **exactly on** a threshold takes the better rating. For
"higher is better", green when ``value >= green``, amber when ``amber <= value < green``, red
otherwise; for "lower is better", green when ``value <= green``, amber when
``green < value <= amber``, red otherwise.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction
from typing import NewType

import attrs

from slcp.domain import Direction, OutcomeDomain
from slcp.errors import InvalidValueError, UnknownReferenceError
from slcp.timeline import Source, SourceKind, Timeline

__all__ = [
    "Derivation",
    "KpiDefinition",
    "KpiId",
    "KpiUnit",
    "OutcomesFramework",
    "Rag",
    "RagPoints",
    "RagThresholds",
    "default_outcomes_framework",
    "rate_value",
]

#: A KPI's id within a framework, e.g. ``"unplanned-endings"``.
KpiId = NewType("KpiId", str)


class KpiUnit(enum.Enum):
    """What a KPI's value measures.

    ``RATIO`` values are exact fractions from 0 to 1 (shown as percentages); ``COUNT`` a
    number of things; ``DAYS`` a number of days; ``MONEY`` an amount in **pence**.
    """

    RATIO = "ratio"
    COUNT = "count"
    DAYS = "days"
    MONEY = "money"


class Derivation(enum.Enum):
    """The built-in ways a KPI's value is derived from a programme for a provider and period.

    Each value is the key a framework file names. "In the period" means at least one day of
    the placement falls in the half-open period; "ended in the period" means the placement's
    last day falls in it. ``parameter`` is the :attr:`KpiDefinition.parameter` each one reads.
    """

    UNPLANNED_ENDINGS = "unplanned_endings"
    """Ratio: of the provider's placements that ended in the period with a recorded reason,
    the share whose ending was unplanned (provider notice, breakdown, other)."""
    PLACEMENTS_LASTING = "placements_lasting"
    """Ratio: of the provider's placements in the period whose ``parameter``-month
    anniversary (12 by default) fell before the period's end, the share still running on it."""
    ICA_OUTCOMES_ON_TRACK = "ica_outcomes_on_track"
    """Ratio: of measured ICA outcomes for the provider's placements in the period, assessed
    on the period's last day (or the placement's last day if it ended earlier), the share
    achieved or on track (see :mod:`slcp.outcomes.ica`)."""
    ICA_REVIEWS_ON_TIME = "ica_reviews_on_time"
    """Ratio: of ICA reviews due in the period whose tolerance window has closed (or that were
    held), the share held within the window."""
    WITHIN_DISTANCE = "within_distance"
    """Ratio: of the provider's placements in the period with a known distance, the share at
    most ``parameter`` miles from home (20 by default; inclusive)."""
    OFSTED_GOOD_AT_PLACEMENT = "ofsted_good_at_placement"
    """Ratio: of the provider's placements in the period that started when the provider held
    an Ofsted rating, the share that started while it was rated good or outstanding."""
    COMMISSIONED_ROUTE = "commissioned_route"
    """Ratio: of the provider's placements that started in the period (in-house excluded),
    the share called off a framework, DPS or block contract rather than spot purchased."""
    PRICE_WITHIN_BAND = "price_within_band"
    """Ratio: of the provider's placements in the period called off a lot with a price band,
    the share whose contractual weekly fee on their last day in the period lay in the band
    (both bounds inclusive)."""
    EDUCATION_CONTINUITY = "education_continuity"
    """Ratio: of the provider's placements that started in the period with education
    continuity recorded, the share where the child kept their school."""
    OPEN_CONCERNS = "open_concerns"
    """Count: concerns about the provider (raised by any borough) open on the period's last
    day."""
    MEAN_DAYS_BEFORE_ENDING = "mean_days_before_ending"
    """Days: the mean length in days, exact, of the provider's placements that ended in the
    period (``end − start``, half-open)."""
    MEAN_WEEKLY_FEE = "mean_weekly_fee"
    """Money: the mean contractual weekly fee in pence, exact, of the provider's placements
    in the period, each on its last day in the period (before programme uplift rounds)."""

    @property
    def unit(self) -> KpiUnit:
        """The unit this derivation produces."""
        if self is Derivation.OPEN_CONCERNS:
            return KpiUnit.COUNT
        if self is Derivation.MEAN_DAYS_BEFORE_ENDING:
            return KpiUnit.DAYS
        if self is Derivation.MEAN_WEEKLY_FEE:
            return KpiUnit.MONEY
        return KpiUnit.RATIO

    @property
    def default_parameter(self) -> Decimal | None:
        """The parameter used when a definition gives none (months, miles), else ``None``."""
        if self is Derivation.PLACEMENTS_LASTING:
            return Decimal(12)
        if self is Derivation.WITHIN_DISTANCE:
            return Decimal(20)
        return None


class Rag(enum.Enum):
    """A red / amber / green rating (green best)."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    # A member is a singleton equal only to itself, so hashing by identity agrees with
    # equality; it runs in C, where Enum's own hash (of the member's name) is a Python call
    # made for every rating a scorecard looks up.
    __hash__ = object.__hash__


def _exact_decimal(value: object, *, field: str = "value") -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int):
        raise InvalidValueError(
            "KPI thresholds, targets, weights and points must be exact",
            field=field,
            value=value,
            expected="a Decimal such as Decimal('0.85') or an int",
        )
    d = Decimal(value)
    if not d.is_finite():
        raise InvalidValueError("must be finite", field=field, value=value)
    return d


def _green(value: object) -> Decimal:
    return _exact_decimal(value, field="green")


def _amber(value: object) -> Decimal:
    return _exact_decimal(value, field="amber")


def _red(value: object) -> Decimal:
    return _exact_decimal(value, field="red")


def _target(value: object) -> Decimal:
    return _exact_decimal(value, field="target")


def _weight(value: object) -> Decimal:
    return _exact_decimal(value, field="weight")


@attrs.frozen(kw_only=True)
class RagThresholds:
    """The two cut-offs that turn a KPI value into a RAG rating, in the KPI's unit.

    For "higher is better" ``green >= amber``; for "lower is better" ``green <= amber``
    (checked by :class:`KpiDefinition`). A value exactly on a cut-off takes the better
    rating (decision 0400).

    Attributes:
        green: the value at or beyond which the KPI is green.
        amber: the value at or beyond which (short of green) the KPI is amber.
    """

    green: Decimal = attrs.field(converter=_green)
    amber: Decimal = attrs.field(converter=_amber)


def rate_value(value: Fraction, thresholds: RagThresholds, direction: Direction) -> Rag:
    """The RAG rating of an exact value; a value on a cut-off takes the better rating.

    >>> t = RagThresholds(green=Decimal("0.8"), amber=Decimal("0.6"))
    >>> [rate_value(Fraction(v), t, Direction.HIGHER_IS_BETTER).value
    ...  for v in ("0.8", "0.7999", "0.6", "0.5999")]
    ['green', 'amber', 'amber', 'red']
    >>> low = RagThresholds(green=Decimal("0.1"), amber=Decimal("0.2"))
    >>> [rate_value(Fraction(v), low, Direction.LOWER_IS_BETTER).value
    ...  for v in ("0", "0.1", "0.2", "0.2001")]
    ['green', 'green', 'amber', 'red']
    """
    return _rate(value, Fraction(thresholds.green), Fraction(thresholds.amber), direction)


def _rate(value: Fraction, green: Fraction, amber: Fraction, direction: Direction) -> Rag:
    # rate_value with the cut-offs already exact (a scorecard of many providers converts
    # each KPI's Decimal cut-offs once), compared in integers: a/b >= c/d is a·d >= c·b for
    # positive denominators, as Fraction itself decides it (another kind of number, which
    # rate_value may be given, is compared as it is)
    if type(value) is not Fraction:
        if direction is Direction.HIGHER_IS_BETTER:
            return Rag.GREEN if value >= green else Rag.AMBER if value >= amber else Rag.RED
        return Rag.GREEN if value <= green else Rag.AMBER if value <= amber else Rag.RED
    vn, vd = value.numerator, value.denominator
    g = vn * green.denominator - green.numerator * vd  # the sign of value − green
    a = vn * amber.denominator - amber.numerator * vd  # the sign of value − amber
    if direction is Direction.HIGHER_IS_BETTER:
        if g >= 0:
            return Rag.GREEN
        return Rag.AMBER if a >= 0 else Rag.RED
    if g <= 0:
        return Rag.GREEN
    return Rag.AMBER if a <= 0 else Rag.RED


@attrs.frozen(kw_only=True)
class RagPoints:
    """Points (0 to 100) a KPI earns for each rating in the weighted score (decision 0401).

    Attributes:
        green: points for green (100 by default).
        amber: points for amber (50 by default).
        red: points for red (0 by default).

    >>> RagPoints(green=100, amber=120, red=0)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: RAG points must satisfy 0 <= red <= amber <= green <= 100...
    """

    green: Decimal = attrs.field(default=Decimal(100), converter=_green)
    amber: Decimal = attrs.field(default=Decimal(50), converter=_amber)
    red: Decimal = attrs.field(default=Decimal(0), converter=_red)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.red <= self.amber <= self.green <= 100:
            raise InvalidValueError(
                "RAG points must satisfy 0 <= red <= amber <= green <= 100",
                field="points",
                value=(str(self.red), str(self.amber), str(self.green)),
            )

    def points_for(self, rag: Rag) -> Fraction:
        """The exact points for a rating."""
        return Fraction({Rag.GREEN: self.green, Rag.AMBER: self.amber, Rag.RED: self.red}[rag])


@attrs.frozen(kw_only=True)
class KpiDefinition:
    """One KPI of an outcomes framework, as data.

    Attributes:
        id: unique within the framework.
        name: what it measures, in plain words.
        domain: the outcome domain it belongs to.
        unit: ratio, count, days or money (pence); must match the derivation's unit.
        direction: whether a higher or a lower value is better.
        target: the value sought, in the KPI's unit (shown beside the value).
        thresholds: RAG cut-offs over time, each with its source; the cut-offs in force on
            the last day of the period scored are used.
        weight: its weight in the scorecard (> 0); weights are relative, not percentages.
        derivation: the built-in derivation that computes the value.
        parameter: the derivation's parameter (months for ``placements_lasting``, miles for
            ``within_distance``); ``None`` takes the derivation's default.

    >>> src = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> KpiDefinition(id=KpiId("k"), name="k", domain=OutcomeDomain.STABILITY,
    ...     unit=KpiUnit.RATIO, direction=Direction.HIGHER_IS_BETTER, target=Decimal("0.8"),
    ...     thresholds=Timeline.constant(RagThresholds(green=Decimal("0.5"),
    ...         amber=Decimal("0.6")), effective=dt.date(2020, 4, 1), source=src),
    ...     weight=Decimal(1), derivation=Derivation.PLACEMENTS_LASTING)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: green must be at or beyond amber in the KPI's direction...
    """

    id: KpiId
    name: str
    domain: OutcomeDomain
    unit: KpiUnit
    direction: Direction
    target: Decimal = attrs.field(converter=_target)
    thresholds: Timeline[RagThresholds]
    weight: Decimal = attrs.field(converter=_weight)
    derivation: Derivation
    parameter: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if not self.id or not isinstance(self.id, str):
            raise InvalidValueError("a KPI needs an id", field="id", value=self.id)
        if self.weight <= 0:
            raise InvalidValueError(
                "a KPI's weight must be positive (drop the KPI to leave it out)",
                field="weight",
                value=str(self.weight),
                expected="> 0",
            )
        if self.unit is not self.derivation.unit:
            raise InvalidValueError(
                "the KPI's unit does not match its derivation",
                field="unit",
                value=self.unit.value,
                expected=self.derivation.unit.value,
            )
        if not self.thresholds.entries:
            raise InvalidValueError(
                "a KPI needs at least one set of thresholds", field="thresholds", value=self.id
            )
        higher = self.direction is Direction.HIGHER_IS_BETTER
        for i, entry in enumerate(self.thresholds.entries):
            t = entry.value
            if (t.green < t.amber) if higher else (t.green > t.amber):
                raise InvalidValueError(
                    "green must be at or beyond amber in the KPI's direction",
                    field=f"thresholds.entries[{i}]",
                    value=(str(t.green), str(t.amber)),
                    expected=f"green {'>=' if higher else '<='} amber ({self.direction.value})",
                )
        self._check_parameter()

    def _check_parameter(self) -> None:
        p = self.parameter
        if p is None:
            return
        if self.derivation.default_parameter is None:
            raise InvalidValueError(
                f"the {self.derivation.value} derivation takes no parameter",
                field="parameter",
                value=p,
                expected="None",
            )
        if isinstance(p, bool | float) or not isinstance(p, Decimal) or not p.is_finite():
            raise InvalidValueError(
                "a derivation parameter must be an exact Decimal",
                field="parameter",
                value=p,
                expected="e.g. Decimal(12)",
            )
        whole = self.derivation is Derivation.PLACEMENTS_LASTING
        if p <= 0 or (whole and p != p.to_integral_value()):
            raise InvalidValueError(
                "a derivation parameter must be positive"
                + (" and a whole number of months" if whole else ""),
                field="parameter",
                value=str(p),
                expected="e.g. Decimal(12) months" if whole else "e.g. Decimal(20) miles",
            )

    @property
    def effective_parameter(self) -> Decimal | None:
        """The parameter the derivation will use (given, or the derivation's default)."""
        return self.parameter if self.parameter is not None else self.derivation.default_parameter

    def with_weight(self, weight: Decimal) -> KpiDefinition:
        """The same KPI with another weight."""
        return attrs.evolve(self, weight=weight)

    def with_thresholds(self, thresholds: Timeline[RagThresholds]) -> KpiDefinition:
        """The same KPI with another thresholds timeline."""
        return attrs.evolve(self, thresholds=thresholds)


@attrs.frozen(kw_only=True)
class OutcomesFramework:
    """A named set of KPIs and the points each rating earns.

    Attributes:
        name: e.g. ``"SLCP outcomes framework (default)"``.
        kpis: the KPIs, in display order; ids must be unique.
        points: points per rating used in the weighted score.
    """

    name: str
    kpis: tuple[KpiDefinition, ...]
    points: RagPoints = RagPoints()

    def __attrs_post_init__(self) -> None:
        ids = [k.id for k in self.kpis]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise InvalidValueError(
                "KPI ids must be unique within a framework", field="kpis", value=dupes
            )

    def kpi(self, kpi_id: str) -> KpiDefinition:
        """The KPI with this id (raises :class:`~slcp.errors.UnknownReferenceError`)."""
        for k in self.kpis:
            if k.id == kpi_id:
                return k
        raise UnknownReferenceError(
            "no such KPI in the framework", field="kpi", value=kpi_id, expected=str(self.ids)
        )

    @property
    def ids(self) -> tuple[KpiId, ...]:
        """The KPI ids, in order."""
        return tuple(k.id for k in self.kpis)

    def without(self, *kpi_ids: str) -> OutcomesFramework:
        """The framework with these KPIs dropped (unknown ids raise)."""
        for i in kpi_ids:
            self.kpi(i)
        return attrs.evolve(self, kpis=tuple(k for k in self.kpis if k.id not in kpi_ids))

    def with_kpi(self, kpi: KpiDefinition) -> OutcomesFramework:
        """The framework with ``kpi`` added, or replacing the KPI with the same id in place."""
        if kpi.id in self.ids:
            return attrs.evolve(self, kpis=tuple(kpi if k.id == kpi.id else k for k in self.kpis))
        return attrs.evolve(self, kpis=(*self.kpis, kpi))


# The default cut-offs are slcp's starting proposal for a partnership to agree with its
# providers (seed 004 §3.3: "an outcomes framework with measurable KPIs agreed with
# providers"); they take effect from 1 April 2014, the programme's first year (seed 004).
_DEFAULT_SOURCE = Source(
    kind=SourceKind.ASSUMPTION,
    citation="slcp default outcomes framework; to be agreed with providers (seed 004 §3.3)",
)
_DEFAULT_FROM = dt.date(2014, 4, 1)


def _kpi(
    kpi_id: str,
    name: str,
    domain: OutcomeDomain,
    derivation: Derivation,
    *,
    green: str,
    amber: str,
    weight: int,
    lower_is_better: bool = False,
) -> KpiDefinition:
    return KpiDefinition(
        id=KpiId(kpi_id),
        name=name,
        domain=domain,
        unit=derivation.unit,
        direction=Direction.LOWER_IS_BETTER if lower_is_better else Direction.HIGHER_IS_BETTER,
        target=Decimal(green),
        thresholds=Timeline.constant(
            RagThresholds(green=Decimal(green), amber=Decimal(amber)),
            effective=_DEFAULT_FROM,
            source=_DEFAULT_SOURCE,
        ),
        weight=Decimal(weight),
        derivation=derivation,
    )


def default_outcomes_framework() -> OutcomesFramework:
    """slcp's default outcomes framework: nine ratio KPIs, thresholds from 1 April 2014.

    =========================  ========================  ======  ======  ======
    id                         derivation                green   amber   weight
    =========================  ========================  ======  ======  ======
    unplanned-endings          unplanned_endings         ≤ 10%   ≤ 20%   2
    placements-12-months       placements_lasting        ≥ 70%   ≥ 50%   2
    ica-outcomes-on-track      ica_outcomes_on_track     ≥ 80%   ≥ 60%   2
    ica-reviews-on-time        ica_reviews_on_time       ≥ 90%   ≥ 75%   1
    within-20-miles            within_distance           ≥ 75%   ≥ 60%   1
    ofsted-good-at-placement   ofsted_good_at_placement  ≥ 90%   ≥ 75%   2
    framework-or-dps           commissioned_route        ≥ 80%   ≥ 60%   1
    price-within-band          price_within_band         ≥ 90%   ≥ 75%   1
    education-continuity       education_continuity      ≥ 80%   ≥ 60%   1
    =========================  ========================  ======  ======  ======

    >>> fw = default_outcomes_framework()
    >>> len(fw.kpis), sum(k.weight for k in fw.kpis)
    (9, Decimal('13'))
    >>> fw.kpi("within-20-miles").effective_parameter
    Decimal('20')
    """
    d = OutcomeDomain
    return OutcomesFramework(
        name="SLCP outcomes framework (slcp default)",
        kpis=(
            _kpi(
                "unplanned-endings",
                "Placements ending unplanned",
                d.STABILITY,
                Derivation.UNPLANNED_ENDINGS,
                green="0.10",
                amber="0.20",
                weight=2,
                lower_is_better=True,
            ),
            _kpi(
                "placements-12-months",
                "Placements lasting 12 months or more",
                d.STABILITY,
                Derivation.PLACEMENTS_LASTING,
                green="0.70",
                amber="0.50",
                weight=2,
            ),
            _kpi(
                "ica-outcomes-on-track",
                "ICA outcomes achieved or on track",
                d.EMOTIONAL_WELLBEING,
                Derivation.ICA_OUTCOMES_ON_TRACK,
                green="0.80",
                amber="0.60",
                weight=2,
            ),
            _kpi(
                "ica-reviews-on-time",
                "ICA reviews held on time",
                d.QUALITY,
                Derivation.ICA_REVIEWS_ON_TIME,
                green="0.90",
                amber="0.75",
                weight=1,
            ),
            _kpi(
                "within-20-miles",
                "Placements within 20 miles of home",
                d.RELATIONSHIPS,
                Derivation.WITHIN_DISTANCE,
                green="0.75",
                amber="0.60",
                weight=1,
            ),
            _kpi(
                "ofsted-good-at-placement",
                "Placements made while rated good or outstanding by Ofsted",
                d.QUALITY,
                Derivation.OFSTED_GOOD_AT_PLACEMENT,
                green="0.90",
                amber="0.75",
                weight=2,
            ),
            _kpi(
                "framework-or-dps",
                "New placements called off a framework, DPS or block contract",
                d.VALUE_FOR_MONEY,
                Derivation.COMMISSIONED_ROUTE,
                green="0.80",
                amber="0.60",
                weight=1,
            ),
            _kpi(
                "price-within-band",
                "Placements priced within the lot's band",
                d.VALUE_FOR_MONEY,
                Derivation.PRICE_WITHIN_BAND,
                green="0.90",
                amber="0.75",
                weight=1,
            ),
            _kpi(
                "education-continuity",
                "New placements keeping the child's school",
                d.EDUCATION,
                Derivation.EDUCATION_CONTINUITY,
                green="0.80",
                amber="0.60",
                weight=1,
            ),
        ),
    )
