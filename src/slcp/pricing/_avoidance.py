"""Cost avoidance from the joint handling of annual fee increases.

For a round *R* and a placement it affects, the avoidance is what the placement would have
cost had *R* agreed each provider's **requested** rate, minus what it costs at the **agreed**
rate — every other round as agreed, the fee history as recorded (``docs/decisions/0305``).
Because later rounds compound on the higher fee, the difference is carried into later years
while the placement lasts at that contractual fee, up to a horizon the caller gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

import attrs

from slcp.domain import (
    FeeUpliftRound,
    GssCode,
    Placement,
    PlacementId,
    Programme,
    UpliftId,
    Workstream,
)
from slcp.errors import InvalidValueError, UnknownReferenceError
from slcp.money import Money
from slcp.periods import FinancialYear, anniversary
from slcp.pricing._costing import numerators_by_start_year
from slcp.pricing._exact import (
    CHARGE_DENOMINATOR,
    allocate_signed,
    charge_numerator,
    chargeable_end,
    round_numerator,
    to_exact,
)
from slcp.pricing._fees import (
    DecisionCache,
    FeeSchedule,
    UpliftStep,
    apply_uplift,
    build_schedule,
)

__all__ = [
    "AvoidanceConvention",
    "AvoidanceLine",
    "CostAvoidance",
    "FullYearLine",
    "RoundAvoidance",
    "compare_avoidance_conventions",
    "cost_avoidance",
]

K = TypeVar("K", bound=Hashable)


@attrs.frozen(kw_only=True)
class AvoidanceLine:
    """Cost avoided by one round on one placement in one financial year.

    Attributes:
        round_id: the round.
        placement: the placement.
        borough: its placing borough.
        workstream: its workstream.
        financial_year: the year the avoided cost falls in (the round's year or a later one).
        exact: the exact avoided cost in pence.
        amount: the round-and-year total (rounded half up) allocated to this placement.
    """

    round_id: UpliftId
    placement: PlacementId
    borough: GssCode
    workstream: Workstream
    financial_year: FinancialYear
    exact: Fraction
    amount: Money


@attrs.frozen(kw_only=True)
class FullYearLine:
    """The full-year effect of one round on one placement.

    Attributes:
        round_id: the round.
        placement: the placement.
        borough: its placing borough.
        workstream: its workstream.
        effective: the day the round took effect for the placement.
        weekly_avoided: requested fee − agreed fee, per week, on that day.
        exact: ``weekly_avoided`` charged on the placement's basis for the twelve months from
            ``effective`` (as if it ran all of them), in exact pence.
        amount: the round's full-year total (rounded half up) allocated to this placement.
    """

    round_id: UpliftId
    placement: PlacementId
    borough: GssCode
    workstream: Workstream
    effective: dt.date
    weekly_avoided: Money
    exact: Fraction
    amount: Money


@attrs.frozen(kw_only=True)
class RoundAvoidance:
    """One round's avoidance, with what was asked and agreed.

    Attributes:
        round_id: the round.
        workstream: its workstream.
        financial_year: its year.
        placements: how many placements it changed (those whose provider made a request
            covering their service and who were running on their uplift date).
        base_weekly: the placements' weekly fees just before the round, summed (the weights
            of the averages below).
        requested_average: requested rate averaged over those placements weighted by their
            fee before the round (exact fraction; 0 when no placement was affected).
        agreed_average: agreed rate averaged the same way.
        in_year_exact: exact avoidance within the round's own financial year.
        in_year: ``in_year_exact`` rounded half up.
        full_year_exact: exact full-year effect (see :class:`FullYearLine`).
        full_year: ``full_year_exact`` rounded half up.
        by_year: avoidance per financial year from the round's year to the horizon, each
            year's exact figure rounded half up.
    """

    round_id: UpliftId
    workstream: Workstream
    financial_year: FinancialYear
    placements: int
    base_weekly: Money
    requested_average: Fraction
    agreed_average: Fraction
    in_year_exact: Fraction
    in_year: Money
    full_year_exact: Fraction
    full_year: Money
    by_year: dict[FinancialYear, Money]

    @property
    def total(self) -> Money:
        """Avoidance summed over every year to the horizon."""
        return sum(self.by_year.values(), Money(0))


@attrs.frozen(kw_only=True)
class CostAvoidance:
    """Cost avoided by fee-uplift rounds, to the penny by round, placement and year.

    Rounding: each (round, financial year) figure is rounded half up once and allocated to
    the placements by largest remainder; each round's full-year effect likewise. So every
    roll-up (by borough, workstream, year, placement) is a sum of whole pence that adds up to
    the round figures exactly.

    Attributes:
        horizon: the last financial year counted.
        rounds: one record per round, in order of year then id.
        lines: per round, placement and year (zero lines left out).
        full_year_lines: per round and placement.
        method: the rule used, in words.
    """

    horizon: FinancialYear
    rounds: tuple[RoundAvoidance, ...]
    lines: tuple[AvoidanceLine, ...]
    full_year_lines: tuple[FullYearLine, ...]
    method: str

    @property
    def total(self) -> Money:
        """All avoidance to the horizon."""
        return sum((line.amount for line in self.lines), Money(0))

    def total_by(
        self, key: Callable[[AvoidanceLine], K], *, through: FinancialYear | None = None
    ) -> dict[K, Money]:
        """Lines summed by ``key`` (e.g. ``lambda line: line.borough``), optionally only the
        years up to and including ``through``. Sorted by key where keys compare."""
        out: dict[K, Money] = {}
        for line in self.lines:
            if through is None or line.financial_year <= through:
                k = key(line)
                out[k] = out.get(k, Money(0)) + line.amount
        try:
            return dict(sorted(out.items(), key=lambda item: item[0]))  # type: ignore[arg-type,return-value]
        except TypeError:
            return out

    def by_round(self) -> dict[UpliftId, Money]:
        """Avoidance to the horizon per round."""
        return self.total_by(lambda line: line.round_id)

    def by_borough(self) -> dict[GssCode, Money]:
        """Avoidance to the horizon per borough."""
        return self.total_by(lambda line: line.borough)

    def by_year(self) -> dict[FinancialYear, Money]:
        """Avoidance per financial year (all rounds)."""
        return self.total_by(lambda line: line.financial_year)

    def by_placement(self) -> dict[PlacementId, Money]:
        """Avoidance to the horizon per placement."""
        return self.total_by(lambda line: line.placement)

    def by_workstream(self, *, through: FinancialYear | None = None) -> dict[Workstream, Money]:
        """Cumulative avoidance per workstream since its first round, up to ``through``
        (default: the horizon)."""
        out = self.total_by(lambda line: line.workstream.value, through=through)
        return {Workstream(k): v for k, v in out.items()}

    def round(self, round_id: str) -> RoundAvoidance:
        """The record for one round.

        Raises:
            UnknownReferenceError: no such round was assessed.
        """
        for r in self.rounds:
            if r.round_id == round_id:
                return r
        raise UnknownReferenceError("no such round assessed", field="round_id", value=round_id)


def check_rounds(programme: Programme, rounds: Sequence[FeeUpliftRound]) -> None:
    """Refuse rounds whose requests name a provider the programme does not know.

    Raises:
        UnknownReferenceError: naming the first such request.
    """
    for i, r in enumerate(rounds):
        for j, req in enumerate(r.requests):
            if not programme.has_provider(req.provider):
                raise UnknownReferenceError(
                    f"uplift round {r.id} names a provider the programme does not know",
                    field=f"rounds[{i}].requests[{j}].provider",
                    value=req.provider,
                    expected="the id of one of the programme's providers",
                )


def _full_year_numerator(placement: Placement, step: UpliftStep) -> int:
    day = step.effective
    stop = anniversary(day, 1)
    basis = placement.charging
    end = chargeable_end(day, stop, basis) or stop
    return charge_numerator(step.weekly_avoided.pence, day.toordinal(), end.toordinal(), basis)


def _step_for(schedule: FeeSchedule, round_id: str) -> UpliftStep | None:
    for seg in schedule.segments:
        for step in seg.steps:
            if step.decision.round_id == round_id:
                return step
    return None


def cost_avoidance(
    programme: Programme,
    rounds: Sequence[FeeUpliftRound] | None = None,
    *,
    horizon: FinancialYear,
) -> CostAvoidance:
    """Cost avoided by each fee-uplift round: (fee at the requested rate − fee at the agreed
    rate) × the days it is in force, per placement, per financial year up to ``horizon``.

    For a round *R*, each placement it changes is costed twice — once as recorded (every round
    at its agreed rate) and once with *R* at the provider's requested rate (every other round
    as agreed, compounding on the higher fee) — and the difference is the avoidance. It runs
    from *R*'s uplift date while the placement continues at that contractual fee: a later
    fee-history entry (a renegotiation) resets the fee and ends the effect. Open placements are
    taken to continue to the end of ``horizon``. Each placement is charged on its own basis.

    * **In-year**: the avoidance within *R*'s own financial year.
    * **Full-year effect**: the weekly difference on *R*'s uplift date charged for the twelve
      months from that day on the placement's basis, as if the placement ran all of them.
    * **Carried**: the avoidance in each later year up to and including ``horizon``.

    Rounding: each (round, year) total and each round's full-year total is rounded half up
    once and allocated to placements by largest remainder, so breakdowns by borough,
    workstream, year and placement add up exactly. Avoidance is ≥ 0 when every agreed rate is
    at most the requested one, and exactly 0 when they are equal.

    Args:
        programme: the programme (its placements and providers' tiers).
        rounds: the rounds to assess; ``None`` uses ``programme.uplift_rounds``. All of them
            are applied when costing; rounds after ``horizon`` are not assessed.
        horizon: the last financial year to count (inclusive).

    Returns:
        A :class:`CostAvoidance` with per-round figures and exact pence by round, placement,
        borough, workstream and year.

    Raises:
        UnknownReferenceError: a round's request names a provider the programme lacks.
        InvalidValueError: two rounds share an id.
        ParameterNotFoundError: a placement's fee history stops before the placement does.
    """
    chosen = tuple(programme.uplift_rounds if rounds is None else rounds)
    ids = [r.id for r in chosen]
    if len(set(ids)) != len(ids):
        raise InvalidValueError(
            "two uplift rounds share an id", field="rounds", value=sorted(ids), expected="unique"
        )
    check_rounds(programme, chosen)
    assessed = sorted(
        (r for r in chosen if r.financial_year <= horizon), key=lambda r: (r.financial_year, r.id)
    )
    stop = horizon.end
    tiers = {p.id: p.tier for p in programme.providers}
    decisions: DecisionCache = {}
    yearly: dict[tuple[str, FinancialYear], dict[PlacementId, int]] = {}
    full: dict[str, dict[PlacementId, FullYearPart]] = {}
    placed: dict[PlacementId, tuple[GssCode, Workstream]] = {}
    rates: dict[str, list[tuple[int, Fraction, Fraction]]] = {r.id: [] for r in assessed}
    by_workstream = {w: [r for r in assessed if r.workstream is w] for w in Workstream}
    for p in programme.placements:
        relevant = by_workstream[p.workstream]
        if not relevant or p.provider is None:
            continue
        tier = tiers.get(p.provider)
        actual: FeeSchedule | None = None
        for r in relevant:
            if actual is None:
                actual = build_schedule(p, chosen, tier=tier, decisions=decisions)
            step = _step_for(actual, r.id)
            if step is None:
                continue
            rates[r.id].append(
                (step.before.pence, step.decision.requested.fraction, step.decision.agreed.fraction)
            )
            placed[p.id] = (p.borough, p.workstream)
            full.setdefault(r.id, {})[p.id] = FullYearPart(
                numerator=_full_year_numerator(p, step),
                effective=step.effective,
                weekly_avoided=step.weekly_avoided,
            )
            if step.requested_after == step.after:
                continue
            counter = build_schedule(p, chosen, tier=tier, at_requested=r.id, decisions=decisions)
            # keyed by the years' first calendar years, which order as the years do
            base = numerators_by_start_year(actual, step.effective, stop)
            alt = numerators_by_start_year(counter, step.effective, stop)
            for start_year in sorted(base.keys() | alt.keys()):
                diff = alt.get(start_year, 0) - base.get(start_year, 0)
                if diff:
                    yearly.setdefault((r.id, FinancialYear(start_year)), {})[p.id] = diff
    weights = {
        rid: RoundWeights(
            placements=len(w),
            base_weekly=sum(b for b, _, _ in w),
            requested=sum((b * q for b, q, _ in w), Fraction(0)),
            agreed=sum((b * a for b, _, a in w), Fraction(0)),
        )
        for rid, w in rates.items()
    }
    return assemble_avoidance(
        assessed, horizon, yearly=yearly, full=full, weights=weights, placed=placed
    )


@attrs.frozen(kw_only=True)
class FullYearPart:
    """One placement's full-year effect of one round before rounding (for
    :func:`assemble_avoidance`): the exact numerator in ``1 / CHARGE_DENOMINATOR`` pence, the
    day the round took effect and the weekly fee avoided on it."""

    numerator: int
    effective: dt.date
    weekly_avoided: Money


@attrs.frozen(kw_only=True)
class RoundWeights:
    """A round's changed placements for :func:`assemble_avoidance`: how many, their weekly fees
    just before it summed (pence), and those fees times the requested and agreed rates summed
    (exact)."""

    placements: int
    base_weekly: int
    requested: Fraction
    agreed: Fraction


def assemble_avoidance(
    assessed: Sequence[FeeUpliftRound],
    horizon: FinancialYear,
    *,
    yearly: Mapping[tuple[str, FinancialYear], Mapping[PlacementId, int]],
    full: Mapping[str, Mapping[PlacementId, FullYearPart]],
    weights: Mapping[str, RoundWeights],
    placed: Mapping[PlacementId, tuple[GssCode, Workstream]],
) -> CostAvoidance:
    """Round and allocate exact avoidance into a :class:`CostAvoidance`: the rounding step both
    :func:`cost_avoidance` and the columnar engine end with, so they round alike.

    Args:
        assessed: the rounds assessed, in order of year then id.
        horizon: the last financial year counted.
        yearly: per (round id, year), each placement's nonzero exact avoidance in
            ``1 / CHARGE_DENOMINATOR`` pence.
        full: per round id, each changed placement's full-year effect.
        weights: per round id, the fees its rates are averaged over.
        placed: each placement's borough and workstream.
    """
    lines: list[AvoidanceLine] = []
    full_lines: list[FullYearLine] = []
    records: list[RoundAvoidance] = []
    by_year_order = sorted(yearly.items(), key=lambda item: item[0][1].start_year)
    for r in assessed:
        by_year: dict[FinancialYear, Money] = {}
        in_year_numerator = 0
        for (rid, fy), parts in by_year_order:
            if rid != r.id:
                continue
            numerator = sum(parts.values())
            if fy == r.financial_year:
                in_year_numerator = numerator
            rounded = round_numerator(numerator)
            by_year[fy] = Money(rounded)
            ordered = dict(sorted(parts.items()))
            allocated = allocate_signed(rounded, ordered, denominator=CHARGE_DENOMINATOR)
            for pid, share in ordered.items():
                borough, workstream = placed[pid]
                lines.append(
                    AvoidanceLine(
                        round_id=r.id,
                        placement=pid,
                        borough=borough,
                        workstream=workstream,
                        financial_year=fy,
                        exact=to_exact(share),
                        amount=Money(allocated[pid]),
                    )
                )
        fparts = full.get(r.id, {})
        full_numerator = sum(part.numerator for part in fparts.values())
        full_rounded = round_numerator(full_numerator)
        nonzero = {pid: part.numerator for pid, part in fparts.items() if part.numerator}
        fallocated = allocate_signed(
            full_rounded, dict(sorted(nonzero.items())), denominator=CHARGE_DENOMINATOR
        )
        for pid in sorted(fparts):
            part = fparts[pid]
            full_lines.append(
                FullYearLine(
                    round_id=r.id,
                    placement=pid,
                    borough=placed[pid][0],
                    workstream=placed[pid][1],
                    effective=part.effective,
                    weekly_avoided=part.weekly_avoided,
                    exact=to_exact(part.numerator),
                    amount=Money(fallocated.get(pid, 0)),
                )
            )
        weight = weights.get(r.id) or RoundWeights(
            placements=0, base_weekly=0, requested=Fraction(0), agreed=Fraction(0)
        )
        base_total = weight.base_weekly
        requested_avg = weight.requested / base_total if base_total else Fraction(0)
        agreed_avg = weight.agreed / base_total if base_total else Fraction(0)
        records.append(
            RoundAvoidance(
                round_id=r.id,
                workstream=r.workstream,
                financial_year=r.financial_year,
                placements=weight.placements,
                base_weekly=Money(base_total),
                requested_average=requested_avg,
                agreed_average=agreed_avg,
                in_year_exact=to_exact(in_year_numerator),
                in_year=Money(round_numerator(in_year_numerator)),
                full_year_exact=to_exact(full_numerator),
                full_year=Money(full_rounded),
                by_year=by_year,
            )
        )
    return CostAvoidance(
        horizon=horizon,
        rounds=tuple(records),
        lines=tuple(lines),
        full_year_lines=tuple(full_lines),
        method=(
            "per round: cost with that round at the requested rate minus cost at the agreed "
            "rate (other rounds as agreed, fees rounded to the penny at each step), per "
            "placement and financial year to the horizon; each round-year total rounded half "
            "up and allocated to placements by largest remainder"
        ),
    )


@attrs.frozen(kw_only=True)
class AvoidanceConvention:
    """One workstream's avoidance in one financial year under both conventions.

    Attributes:
        workstream: the workstream.
        financial_year: the year the avoided cost falls in.
        per_round: the sum of each round's avoidance in the year (each round alone at its
            requested rate, the others as agreed; each round-year total rounded half up):
            the figure :func:`cost_avoidance` reports and the report uses.
        all_rounds: the cost with every round at its requested rate at once minus the cost
            as agreed, in the year (exact, rounded half up once).
        interaction: ``all_rounds − per_round`` in pence: the compounding of one round's
            avoided increase on another's, which the per-round figures leave out (plus at
            most a penny of rounding per round).
    """

    workstream: Workstream
    financial_year: FinancialYear
    per_round: Money
    all_rounds: Money
    interaction: Money


def _all_requested(schedule: FeeSchedule) -> FeeSchedule:
    # every step at its requested rate, compounding on the contractual fee, each step rounded
    # to the penny as the agreed path is
    segments = []
    for seg in schedule.segments:
        fee = seg.contractual
        for step in seg.steps:
            fee = apply_uplift(fee, step.decision.requested)
        segments.append(attrs.evolve(seg, weekly_fee=fee))
    return attrs.evolve(schedule, segments=tuple(segments))


def compare_avoidance_conventions(
    programme: Programme, avoidance: CostAvoidance
) -> tuple[AvoidanceConvention, ...]:
    """Avoidance per workstream and year under both conventions, and their difference.

    The per-round figures are ``avoidance``'s (from :func:`cost_avoidance` over the
    programme's rounds to ``avoidance.horizon``); the all-rounds-together figure costs each
    placement with every round at its requested rate at once (compounding, each step rounded
    to the penny) against the recorded cost, from the placement's start to the end of the
    horizon. The interaction term is their difference: per round leaves out the increase a
    higher fee from one round would have drawn in a later round.

    Args:
        programme: the programme ``avoidance`` was measured on.
        avoidance: its per-round cost avoidance.

    Returns:
        One record per workstream and year with avoidance under either convention, by
        workstream then year.
    """
    chosen = tuple(programme.uplift_rounds)
    horizon = avoidance.horizon
    stop = horizon.end
    tiers = {p.id: p.tier for p in programme.providers}
    decisions: DecisionCache = {}
    together: dict[tuple[Workstream, int], int] = {}
    streams = {r.workstream for r in chosen if r.financial_year <= horizon}
    for p in programme.placements:
        if p.workstream not in streams or p.provider is None:
            continue
        actual = build_schedule(p, chosen, tier=tiers.get(p.provider), decisions=decisions)
        if not any(seg.steps for seg in actual.segments):
            continue
        base = numerators_by_start_year(actual, p.period.start, stop)
        alt = numerators_by_start_year(_all_requested(actual), p.period.start, stop)
        for year in base.keys() | alt.keys():
            diff = alt.get(year, 0) - base.get(year, 0)
            if diff:
                key = (p.workstream, year)
                together[key] = together.get(key, 0) + diff
    return assemble_conventions(avoidance, together)


def assemble_conventions(
    avoidance: CostAvoidance, together: Mapping[tuple[Workstream, int], int]
) -> tuple[AvoidanceConvention, ...]:
    """Round the all-rounds-together avoidance and set it beside the per-round figures: the
    step :func:`compare_avoidance_conventions` and the columnar engine end with.

    Args:
        avoidance: the per-round cost avoidance.
        together: per (workstream, first calendar year of a financial year) with any
            placement whose cost changes, the exact avoidance with every round at its
            requested rate, in ``1 / CHARGE_DENOMINATOR`` pence.
    """
    horizon = avoidance.horizon
    per_round: dict[tuple[Workstream, int], int] = {}
    for line in avoidance.lines:
        key = (line.workstream, line.financial_year.start_year)
        per_round[key] = per_round.get(key, 0) + line.amount.pence
    out = []
    for ws, year in sorted(together.keys() | per_round.keys(), key=lambda k: (k[0].value, k[1])):
        if year > horizon.start_year:
            continue
        one = per_round.get((ws, year), 0)
        every = round_numerator(together.get((ws, year), 0))
        out.append(
            AvoidanceConvention(
                workstream=ws,
                financial_year=FinancialYear(year),
                per_round=Money(one),
                all_rounds=Money(every),
                interaction=Money(every - one),
            )
        )
    return tuple(out)
