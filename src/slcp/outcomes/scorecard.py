"""Provider scorecards and benchmarking across the partnership.

Weighted score (decisions 0400 and 0401): each KPI with data is rated red, amber or green
(a value on a cut-off takes the better rating) and earns the framework's points for that
rating (100 / 50 / 0 by default). The score is the weighted mean of those points over the
**scored** KPIs only::

    score = Σ weight_k × points_k / Σ weight_k      (k over KPIs with data)

so a KPI without data is "not scored" and its weight is shared among the rest in
proportion — it never counts as 0. A provider with no scored KPI has no score (``None``).
The score is an exact ``Fraction`` from 0 to 100; :func:`display_score` rounds it for
display only (one decimal place, half up).

Benchmarking: providers are ranked within each lot by exact score, highest first, with
standard competition ranking (equal scores share a rank, the next rank skips: 1, 2, 2, 4);
providers without a score are listed unranked. Medians are exact: the middle value, or the
mean of the two middle values, of the providers' values that exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction

import attrs

from slcp.domain import (
    AdmissionStatus,
    IndividualChildAgreement,
    LotId,
    Placement,
    Programme,
    ProviderConcern,
    ProviderId,
)
from slcp.errors import UnknownReferenceError
from slcp.money import round_decimal
from slcp.outcomes.kpi import (
    KpiDefinition,
    KpiId,
    OutcomesFramework,
    Rag,
    RagThresholds,
    _rate,
)
from slcp.outcomes.measures import (
    KpiMeasure,
    _fraction,
    _measure_kpi,
    _method,
    _provider_placements,
    _ProviderPlacements,
    check_period,
)
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source

__all__ = [
    "KpiMedian",
    "KpiScore",
    "LotBenchmark",
    "LotRank",
    "Scorecard",
    "benchmark_lots",
    "display_score",
    "lots_of",
    "median_of",
    "partnership_medians",
    "score_provider",
    "score_providers",
]


@attrs.frozen(kw_only=True)
class KpiScore:
    """One KPI on a provider's scorecard.

    Attributes:
        kpi: the KPI's id.
        measure: the value and what it was computed from.
        rag: the rating, or ``None`` when not scored (no data).
        thresholds: the cut-offs applied (in force on the period's last day).
        threshold_source: where those cut-offs come from.
        weight: the KPI's weight as defined.
        effective_weight: its exact share of the score (0 when not scored; the scored
            KPIs' shares add up to 1).
        points: the points earned (``None`` when not scored).
    """

    kpi: KpiId
    measure: KpiMeasure
    rag: Rag | None
    thresholds: RagThresholds
    threshold_source: Source
    weight: Fraction
    effective_weight: Fraction
    points: Fraction | None

    @property
    def is_scored(self) -> bool:
        """True when the KPI had data and counts towards the score."""
        return self.rag is not None

    @property
    def value(self) -> Fraction | None:
        """The KPI's exact value (``None``: no data)."""
        return self.measure.value


@attrs.frozen(kw_only=True)
class Scorecard:
    """A provider's scorecard for a period.

    Attributes:
        provider: the provider's id.
        period: the period scored, half-open.
        framework: the framework's name.
        kpis: one entry per KPI of the framework, in its order.
        score: exact weighted score from 0 to 100, or ``None`` when no KPI was scored.
        method: how the score was computed, in words.
    """

    provider: ProviderId
    period: DateRange
    framework: str
    kpis: tuple[KpiScore, ...]
    score: Fraction | None
    method: str

    def kpi(self, kpi_id: str) -> KpiScore:
        """The entry for one KPI (raises :class:`~slcp.errors.UnknownReferenceError`)."""
        for k in self.kpis:
            if k.kpi == kpi_id:
                return k
        raise UnknownReferenceError("no such KPI on the scorecard", field="kpi", value=kpi_id)

    @property
    def scored(self) -> tuple[KpiScore, ...]:
        """The KPIs that had data."""
        return tuple(k for k in self.kpis if k.is_scored)

    @property
    def display(self) -> str | None:
        """The score rounded for display (see :func:`display_score`)."""
        return display_score(self.score)


def display_score(score: Fraction | None, *, places: int = 1) -> str | None:
    """A score rounded half up to ``places`` decimal places, for display only.

    >>> display_score(Fraction(1300, 13)), display_score(Fraction(850, 12))
    ('100.0', '70.8')
    >>> display_score(Fraction(1, 20)), display_score(Fraction(0)), display_score(None)
    ('0.1', '0.0', None)
    """
    if score is None:
        return None
    return f"{round_decimal(score, places):f}"


def _as_range(period: DateRange | FinancialYear) -> DateRange:
    return check_period(period.range if isinstance(period, FinancialYear) else period)


def score_provider(
    programme: Programme,
    provider_id: str,
    period: DateRange | FinancialYear,
    framework: OutcomesFramework,
) -> Scorecard:
    """Score one provider over a period against a framework (rules in the module docstring).

    Args:
        programme: the partnership's data (every borough's placements count).
        provider_id: the provider to score.
        period: a bounded half-open range, or a financial year.
        framework: the KPIs, thresholds, weights and points.

    Raises:
        UnknownReferenceError: the provider is not in the programme.
        PeriodError: the period is open-ended or empty.
        ParameterNotFoundError: a KPI has no thresholds in force on the period's last day.
    """
    programme.provider(provider_id)
    rng = _as_range(period)
    return _score_provider(
        programme, provider_id, rng, framework, _provider_placements(programme, provider_id, rng)
    )


@attrs.frozen
class _KpiPlan:
    # what scoring one KPI reads that is the same for every provider: the cut-offs in force
    # on the period's last day (exact, for rating), the weight and the points per rating,
    # and the weight and weight × points as whole numbers of a unit common to the framework
    # (``unit``), so that a score is one exact division of two integer sums
    kpi: KpiDefinition
    thresholds: RagThresholds
    source: Source
    green: Fraction
    amber: Fraction
    weight: Fraction
    points: dict[Rag, Fraction]
    weight_units: int
    weighted_points_units: dict[Rag, int]
    method: str  # the measure's method (_method)


def _plan(framework: OutcomesFramework, on: dt.date) -> tuple[_KpiPlan, ...]:
    weights = [Fraction(kpi.weight) for kpi in framework.kpis]
    points = {rag: framework.points.points_for(rag) for rag in Rag}
    # every weight × points and every weight is a whole number of 1 / unit
    unit = math.lcm(*(w.denominator for w in weights)) * math.lcm(
        *(p.denominator for p in points.values())
    )
    out = []
    for kpi, weight in zip(framework.kpis, weights, strict=True):
        entry = kpi.thresholds.entry_on(on)
        out.append(
            _KpiPlan(
                kpi=kpi,
                thresholds=entry.value,
                source=entry.source,
                green=Fraction(entry.value.green),
                amber=Fraction(entry.value.amber),
                weight=weight,
                points=points,
                weight_units=_whole(weight * unit),
                weighted_points_units={rag: _whole(weight * p * unit) for rag, p in points.items()},
                method=_method(kpi),
            )
        )
    return tuple(out)


def _whole(x: Fraction) -> int:
    # a Fraction known to be whole, as an int
    assert x.denominator == 1  # by the choice of unit in _plan, never by the data
    return x.numerator


def _shares(plan: tuple[_KpiPlan, ...], scored: tuple[bool, ...]) -> tuple[Fraction, ...]:
    # each KPI's exact share of the score: its weight over the scored KPIs' total, 0 when
    # not scored (the scored shares add up to 1)
    total = sum((k.weight for k, s in zip(plan, scored, strict=True) if s), Fraction(0))
    return tuple(k.weight / total if s else Fraction(0) for k, s in zip(plan, scored, strict=True))


def _weighted_score(plan: tuple[_KpiPlan, ...], rags: tuple[Rag | None, ...]) -> Fraction | None:
    # score = Σ weight_k × points_k / Σ weight_k over the scored KPIs (module docstring):
    # both sums in whole units, then one exact division (None when nothing was scored)
    weights = 0
    weighted_points = 0
    for k, rag in zip(plan, rags, strict=True):
        if rag is not None:
            weights += k.weight_units
            weighted_points += k.weighted_points_units[rag]
    # the Fraction shared with every equal score already made (points and weights are >= 0):
    # medians and lot ranks then meet a few objects many times (see _middle_pair)
    return _fraction(weighted_points, weights) if weights else None


def _score_provider(
    programme: Programme,
    provider_id: str,
    rng: DateRange,
    framework: OutcomesFramework,
    placements: _ProviderPlacements,
    *,
    plan: tuple[_KpiPlan, ...] | None = None,
    shares_by_scored: dict[tuple[bool, ...], tuple[Fraction, ...]] | None = None,
) -> Scorecard:
    # score_provider on a checked period with the provider's placements and ICAs gathered.
    # ``plan`` is the framework's per-KPI constants for the period; ``shares_by_scored``
    # remembers the KPIs' shares for each set of scored KPIs already met (cards scored on
    # the same KPIs share them), so scoring many providers divides the weights once
    if plan is None:
        plan = _plan(framework, rng.last_day)
    measures = []
    rated: list[Rag | None] = []
    for k in plan:
        m = _measure_kpi(programme, provider_id, rng, k.kpi, placements, method=k.method)
        measures.append(m)
        rated.append(None if m.value is None else _rate(m.value, k.green, k.amber, k.kpi.direction))
    rags = tuple(rated)
    scored = tuple(rag is not None for rag in rags)
    shares = None if shares_by_scored is None else shares_by_scored.get(scored)
    if shares is None:
        shares = _shares(plan, scored)
        if shares_by_scored is not None:
            shares_by_scored[scored] = shares
    n_scored = sum(scored)
    return Scorecard(
        provider=ProviderId(provider_id),
        period=rng,
        framework=framework.name,
        kpis=tuple(
            KpiScore(
                kpi=k.kpi.id,
                measure=m,
                rag=rag,
                thresholds=k.thresholds,
                threshold_source=k.source,
                weight=k.weight,
                effective_weight=share,
                points=None if rag is None else k.points[rag],
            )
            for k, m, rag, share in zip(plan, measures, rags, shares, strict=True)
        ),
        score=_weighted_score(plan, rags),
        method=(
            f"weighted mean of RAG points over {n_scored} of {len(rags)} KPIs with data "
            "(unscored KPIs re-weight the rest)"
        ),
    )


def score_providers(
    programme: Programme, period: DateRange | FinancialYear, framework: OutcomesFramework
) -> tuple[Scorecard, ...]:
    """A scorecard for every provider in the programme, in provider-id order.

    The same cards as calling :func:`score_provider` for each provider; the programme's
    placements and ICAs are grouped by provider once so each card reads only its own.
    """
    if not programme.providers:
        return ()
    rng = _as_range(period)
    owner = {p.id: p.provider for p in programme.placements}
    agreements: dict[str, list[IndividualChildAgreement]] = {}
    for a in programme.agreements:
        provider = owner.get(a.placement)
        if provider is not None:
            agreements.setdefault(provider, []).append(a)
    concerns: dict[str, list[ProviderConcern]] = {}
    for c in programme.concerns:
        concerns.setdefault(c.provider, []).append(c)
    plan = _plan(framework, rng.last_day)
    shares_by_scored: dict[tuple[bool, ...], tuple[Fraction, ...]] = {}
    return tuple(
        _score_provider(
            programme,
            p.id,
            rng,
            framework,
            _provider_placements(
                programme,
                p.id,
                rng,
                placements=programme.placements_of(p.id),
                agreements=agreements.get(p.id, ()),
                concerns=concerns.get(p.id, ()),
            ),
            plan=plan,
            shares_by_scored=shares_by_scored,
        )
        for p in sorted(programme.providers, key=lambda p: p.id)
    )


def lots_of(
    programme: Programme,
    provider_id: str,
    period: DateRange,
    *,
    placements: Iterable[Placement] | None = None,
) -> tuple[LotId, ...]:
    """The lots a provider belongs to for a period, sorted.

    A provider belongs to a lot when one of its placements running in the period was called
    off that lot, or when it was admitted to the lot on the period's last day (an admission
    without a lot covers every lot of its vehicle).

    Args:
        programme: the partnership's data.
        provider_id: the provider.
        period: a bounded half-open range.
        placements: where to look for the provider's placements when the caller has already
            grouped them (it must hold every one of the provider's placements; others'
            are ignored); default: every placement of the programme.
    """
    rng = check_period(period)
    on = rng.last_day
    if placements is None:
        placements = programme.placements
    found: set[LotId] = {
        p.route.lot
        for p in placements
        if p.provider == provider_id and p.route.lot is not None and p.period.overlaps(rng)
    }
    provider = programme.provider(provider_id)
    # a vehicle the provider never applied to gives no status on any of its lots
    applied = {a.vehicle for a in provider.admissions}
    for v in programme.vehicles:
        if v.id not in applied:
            continue
        for lot in getattr(v, "lots", ()):
            if provider.status_on(v.id, lot.id, on) is AdmissionStatus.ADMITTED:
                found.add(lot.id)
    return tuple(sorted(found))


def median_of(values: Iterable[Fraction]) -> Fraction | None:
    """The exact median (mean of the two middle values for an even count); ``None`` if empty.

    >>> median_of([Fraction(3), Fraction(1), Fraction(2)]), median_of([Fraction(1), Fraction(2)])
    (Fraction(2, 1), Fraction(3, 2))
    >>> median_of([]) is None
    True
    """
    given = list(values)
    if not given:
        return None
    low, high = _middle_pair(given)
    return high if len(given) % 2 else (low + high) / 2


def _middle_pair(values: list[Fraction]) -> tuple[Fraction, Fraction]:
    # ``sorted(values)[mid - 1]`` and ``sorted(values)[mid]`` (``mid = len // 2``; the first
    # is the second when there is one value), from the distinct objects among the values:
    # a scorecard's ratios are shared objects (_fraction), so a KPI's hundreds of values are a
    # few dozen objects. One object is one value, so sorting the objects exactly and
    # counting each as often as it occurs lists the sorted values
    counts = Counter(map(id, values))
    ranked = _sorted_exactly(list({id(v): v for v in values}.values()))
    mid = len(values) // 2
    low: Fraction | None = None
    seen = 0
    for v in ranked:
        seen += counts[id(v)]
        if low is None and seen >= mid:  # position mid - 1 is reached (or mid is 0)
            low = v
        if seen > mid:
            return low if low is not None else v, v
    raise AssertionError("unreachable: the counts add up to len(values)")


def _sorted_exactly(values: list[Fraction]) -> list[Fraction]:
    # ``sorted(values)``: ordered by float first (cheap), then checked exactly. A float is
    # the exact value correctly rounded (integer true division), which never reverses two
    # values' order, so only neighbours with equal floats can be out of exact order; when
    # one pair is (or a value is beyond a float's range) they are sorted exactly instead
    try:
        keys = [v.numerator / v.denominator for v in values]
    except OverflowError:
        return sorted(values)
    order = sorted(range(len(values)), key=keys.__getitem__)
    out = [values[i] for i in order]
    for n in range(len(order) - 1):
        if keys[order[n]] == keys[order[n + 1]] and _less(out[n + 1], out[n]):
            return sorted(values)
    return out


def _less(a: Fraction, b: Fraction) -> bool:
    # a < b in integers (denominators positive), without Fraction's generic comparison
    return a.numerator * b.denominator < b.numerator * a.denominator


@attrs.frozen(kw_only=True)
class KpiMedian:
    """The median of one KPI across a group of providers.

    Attributes:
        kpi: the KPI's id (or ``"score"`` for the weighted score).
        median: the exact median of the values that exist, or ``None``.
        providers: how many providers had a value.
    """

    kpi: str
    median: Fraction | None
    providers: int


def _medians(cards: Iterable[Scorecard], framework: OutcomesFramework) -> tuple[KpiMedian, ...]:
    cards = tuple(cards)
    out = []
    for i, kpi in enumerate(framework.kpis):
        values: list[Fraction] = []
        for c in cards:
            # c.kpi(kpi.id), found at once when the card lists the framework's KPIs in its
            # order (as every card scored against it does)
            k = c.kpis[i] if i < len(c.kpis) and c.kpis[i].kpi == kpi.id else c.kpi(kpi.id)
            if k.measure.value is not None:
                values.append(k.measure.value)
        out.append(KpiMedian(kpi=kpi.id, median=median_of(values), providers=len(values)))
    scores = [c.score for c in cards if c.score is not None]
    out.append(KpiMedian(kpi="score", median=median_of(scores), providers=len(scores)))
    return tuple(out)


def partnership_medians(
    cards: Iterable[Scorecard], framework: OutcomesFramework
) -> tuple[KpiMedian, ...]:
    """The median of each KPI (and of the score, last, as ``"score"``) over ``cards``."""
    return _medians(cards, framework)


@attrs.frozen(kw_only=True)
class LotRank:
    """A provider's place within a lot.

    Attributes:
        provider: the provider's id.
        score: its exact score, or ``None``.
        rank: 1 for the highest score (competition ranking), ``None`` when not scored.
    """

    provider: ProviderId
    score: Fraction | None
    rank: int | None


@attrs.frozen(kw_only=True)
class LotBenchmark:
    """Providers ranked within one lot, with the lot's medians.

    Attributes:
        lot: the lot's id.
        ranks: ranked providers first (by rank, then id), then unscored ones by id.
        medians: the lot's median per KPI, then ``"score"``.
    """

    lot: LotId
    ranks: tuple[LotRank, ...]
    medians: tuple[KpiMedian, ...]

    def rank_of(self, provider_id: str) -> int | None:
        """The provider's rank in the lot (``None``: unscored or not in the lot)."""
        return next((r.rank for r in self.ranks if r.provider == provider_id), None)


def _by_score(scored: list[tuple[Fraction, ProviderId]]) -> list[tuple[Fraction, ProviderId]]:
    # ``sorted(scored, key=lambda sc: (-sc[0], sc[1]))``: by float first (cheap), which never
    # reverses two scores' exact order (see _sorted_exactly); only neighbours with equal
    # floats and unequal scores would need the exact order, and then it is used
    try:
        keys = [(-(s.numerator / s.denominator), p) for s, p in scored]
    except OverflowError:
        keys = []
    if len(keys) == len(scored):
        order = sorted(range(len(scored)), key=keys.__getitem__)
        out = [scored[i] for i in order]
        if not any(
            keys[order[n]][0] == keys[order[n + 1]][0] and out[n][0] != out[n + 1][0]
            for n in range(len(order) - 1)
        ):
            return out
    return sorted(scored, key=lambda sc: (-sc[0], sc[1]))


def _rank(cards: list[Scorecard]) -> tuple[LotRank, ...]:
    scored = _by_score([(c.score, c.provider) for c in cards if c.score is not None])
    out: list[LotRank] = []
    for i, (score, provider) in enumerate(scored):
        rank = out[-1].rank if out and out[-1].score == score else i + 1
        out.append(LotRank(provider=provider, score=score, rank=rank))
    out.extend(
        LotRank(provider=c.provider, score=None, rank=None)
        for c in sorted(cards, key=lambda c: c.provider)
        if c.score is None
    )
    return tuple(out)


def benchmark_lots(
    programme: Programme,
    period: DateRange | FinancialYear,
    framework: OutcomesFramework,
    *,
    cards: Iterable[Scorecard] | None = None,
) -> tuple[LotBenchmark, ...]:
    """Rank providers within each lot across the partnership, with each lot's medians.

    Args:
        programme: the partnership's data.
        period: the period scored.
        framework: the framework scored against.
        cards: scorecards already computed for this period and framework (computed here
            when not given).

    Returns:
        One benchmark per lot that has at least one provider, in lot-id order.
    """
    rng = _as_range(period)
    by_provider = {c.provider: c for c in (cards or score_providers(programme, rng, framework))}
    members: dict[LotId, list[Scorecard]] = {}
    for pid, card in sorted(by_provider.items()):
        for lot in lots_of(programme, pid, rng, placements=programme.placements_of(pid)):
            members.setdefault(lot, []).append(card)
    return tuple(
        LotBenchmark(lot=lot, ranks=_rank(group), medians=_medians(group, framework))
        for lot, group in sorted(members.items())
    )
