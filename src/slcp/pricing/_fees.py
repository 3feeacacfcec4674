"""The weekly fee in force: a placement's contractual fee history with the programme's annual
fee-uplift rounds applied on top, step by step, rounding to the penny at each step.

The rule (see :mod:`slcp.domain.placement` and ``docs/decisions/0302``): a round applies to a
placement on its *uplift date* — 1 April of the round's financial year, or the placement's
start anniversary within that year — when the placement is running that day and the
contractual fee in force was set *before* that day. A contractual change (a renegotiation,
added 1:1 support) replaces the fee; rounds after it apply on top of the new fee.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import weakref
from collections.abc import Iterable, Sequence

import attrs

from slcp.domain import (
    ChargingBasis,
    FeeUpliftRound,
    Placement,
    PlacementId,
    ProviderId,
    ServiceKind,
    UpliftId,
    UpliftTiming,
    Workstream,
)
from slcp.errors import ParameterNotFoundError
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.pricing._exact import chargeable_end

__all__ = [
    "FeeSchedule",
    "FeeSegment",
    "RateDecision",
    "RateRule",
    "UpliftStep",
    "apply_uplift",
    "decide_rate",
    "fee_on",
    "fee_schedule",
    "uplift_date",
]


class RateRule(enum.Enum):
    """Which rule set a provider's agreed increase in a round (``docs/decisions/0303``)."""

    NO_REQUEST = "no_request"
    """The provider asked for nothing (for this service): no increase."""
    EXCEPTION = "exception"
    """The partnership agreed a rate case by case."""
    BAND_CAP = "band_cap"
    """The lower of the request and the first band covering the provider's tier and service."""
    DEFAULT_CAP = "default_cap"
    """The lower of the request and the position's default cap."""
    AS_REQUESTED = "as_requested"
    """No cap applies: the request was agreed."""


@attrs.frozen(kw_only=True)
class RateDecision:
    """What a round gives one provider for one service.

    Attributes:
        round_id: the round.
        provider: the provider (``None`` for in-house provision, which rounds never cover).
        service: the service kind.
        requested: the increase asked for (zero when nothing was asked).
        agreed: the increase agreed.
        rule: which rule set ``agreed``.
        cap: the cap compared with the request, where one applied.

    >>> from slcp.domain import Workstream
    >>> d = RateDecision(round_id=UpliftId("R"), provider=ProviderId("P"),
    ...     service=ServiceKind.SEND_DAY, requested=Rate.of("0.05"), agreed=Rate.of("0.02"),
    ...     rule=RateRule.DEFAULT_CAP, cap=Rate.of("0.02"))
    >>> str(d.requested), str(d.agreed)
    ('5%', '2%')
    """

    round_id: UpliftId
    provider: ProviderId | None
    service: ServiceKind
    requested: Rate
    agreed: Rate
    rule: RateRule
    cap: Rate | None = None


def decide_rate(
    uplift_round: FeeUpliftRound,
    provider: ProviderId | None,
    service: ServiceKind,
    *,
    tier: str | None = None,
) -> RateDecision:
    """The increase a round agrees for a provider's placements of one service.

    The rule, in order: no request (for this service or in general) gives no increase; an
    exception agreed case by case wins; otherwise the lower of the request and the cap of the
    first band covering the provider's ``tier`` and ``service``, else of the position's
    default cap; with no cap at all, the request is agreed.

    Args:
        uplift_round: the round.
        provider: the provider's id (``None``: in-house, never uplifted by a round).
        service: the placement's service kind.
        tier: the provider's tier, matched against the position's bands.

    Returns:
        The decision with requested and agreed rates (exact ``Rate``\\ s) and the rule used.

    >>> import datetime as dt
    >>> from slcp.domain import (Workstream, UpliftPosition, UpliftRequest, UpliftBand)
    >>> from slcp.periods import FinancialYear
    >>> from slcp.timeline import Source, SourceKind
    >>> src = Source(kind=SourceKind.BOARD_DECISION, citation="SEND board")
    >>> r = FeeUpliftRound(id=UpliftId("SEND-2019/20"), workstream=Workstream.SEND,
    ...     financial_year=FinancialYear(2019), source=src,
    ...     position=UpliftPosition(default_cap=Rate.of("0.01"), source=src,
    ...         bands=(UpliftBand(cap=Rate.of("0.02"), provider_tier="A"),)),
    ...     requests=(UpliftRequest(provider=ProviderId("P1"), requested=Rate.of("0.04")),
    ...               UpliftRequest(provider=ProviderId("P2"), requested=Rate.of("0.005")),
    ...               UpliftRequest(provider=ProviderId("P3"), requested=Rate.of("0.04"),
    ...                             agreed=Rate.of("0.03"))))
    >>> [str(decide_rate(r, ProviderId(p), ServiceKind.SEND_DAY, tier=t).agreed)
    ...  for p, t in (("P1", None), ("P1", "A"), ("P2", None), ("P3", None), ("P9", None))]
    ['1%', '2%', '0.5%', '3%', '0%']
    """
    request = None if provider is None else uplift_round.request_for(provider, service)
    if request is None:
        return RateDecision(
            round_id=uplift_round.id,
            provider=provider,
            service=service,
            requested=Rate.zero(),
            agreed=Rate.zero(),
            rule=RateRule.NO_REQUEST,
        )
    requested = request.requested

    def decided(agreed: Rate, rule: RateRule, cap: Rate | None = None) -> RateDecision:
        return RateDecision(
            round_id=uplift_round.id,
            provider=provider,
            service=service,
            requested=requested,
            agreed=agreed,
            rule=rule,
            cap=cap,
        )

    if request.agreed is not None:
        return decided(request.agreed, RateRule.EXCEPTION)
    position = uplift_round.position
    band = next((b for b in position.bands if b.applies_to(tier, service)), None)
    if band is not None:
        return decided(min(requested, band.cap), RateRule.BAND_CAP, band.cap)
    if position.default_cap is not None:
        cap = position.default_cap
        return decided(min(requested, cap), RateRule.DEFAULT_CAP, cap)
    return decided(requested, RateRule.AS_REQUESTED)


def apply_uplift(weekly_fee: Money, rate: Rate) -> Money:
    """A weekly fee increased by ``rate``, rounded half up to the penny (a new fee is set).

    The exact new fee ``fee × (1 + rate)`` is rounded by :func:`~slcp.money.round_pence`'s
    rule, half away from zero, done in integers on the rate's exact fraction.

    >>> apply_uplift(Money(100_000), Rate.of("0.025"))
    Money(pence=102500)
    >>> apply_uplift(Money(333), Rate.of("0.015"))  # 337.995p rounds up
    Money(pence=338)
    >>> apply_uplift(Money(1), Rate.of("0.49")), apply_uplift(Money(0), Rate.of("0.1"))
    (Money(pence=1), Money(pence=0))
    >>> apply_uplift(Money(12_345), Rate.zero())
    Money(pence=12345)
    >>> apply_uplift(Money(150), Rate.of("-0.01"))  # 148.5p: half rounds up
    Money(pence=149)
    >>> apply_uplift(Money(-150), Rate.of("-0.01"))  # -148.5p: half rounds away from zero
    Money(pence=-149)
    """
    numerator, denominator = _growth_factor(rate)
    return Money(_round_half_up(weekly_fee.pence * numerator, denominator))


@functools.lru_cache(maxsize=4096)
def _growth_factor(rate: Rate) -> tuple[int, int]:
    # 1 + rate as an exact fraction in lowest terms; cached because converting a Decimal to
    # a Fraction is slow and a portfolio applies the same few rates to many placements
    factor = 1 + rate.fraction
    return factor.numerator, factor.denominator


def _round_half_up(numerator: int, denominator: int) -> int:
    """``round_pence(Fraction(numerator, denominator))`` (half away from zero), in integers.

    ``denominator`` is positive. For ``x = n/d >= 0`` half up is ``floor(x + 1/2)``, which is
    ``(2n + d) // 2d``; a negative ``x`` rounds as its magnitude does, with its sign.
    """
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((denominator - 2 * numerator) // (2 * denominator))


def uplift_date(placement: Placement, uplift_round: FeeUpliftRound) -> dt.date | None:
    """The day ``uplift_round`` changes this placement's fee, or ``None`` if it does not.

    The candidate day is 1 April of the round's year (``FINANCIAL_YEAR_START``) or the
    placement's start anniversary within that year (``PLACEMENT_ANNIVERSARY``; 29 February
    starts clamp to 28 February). The round applies on that day only when the placement is in
    the round's workstream, running that day, and its contractual fee in force was set
    *before* that day (a fee set on the day itself is already the new price).

    >>> from slcp.domain import FeeComponents, Workstream, PurchaseRoute, RouteKind
    >>> from slcp.domain import UpliftPosition, GssCode
    >>> from slcp.periods import FinancialYear
    >>> from slcp.timeline import Source, SourceKind, Timeline
    >>> src = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> p = Placement(id=PlacementId("PL1"), child="C1", borough=GssCode("E09000008"),
    ...     workstream=Workstream.SEND, provider=ProviderId("P1"),
    ...     service=ServiceKind.SEND_DAY,
    ...     period=DateRange(start=dt.date(2016, 2, 29)),
    ...     fees=Timeline.constant(FeeComponents(core=Money(100_000)),
    ...                            effective=dt.date(2016, 2, 29), source=src),
    ...     route=PurchaseRoute(kind=RouteKind.SPOT))
    >>> def round_for(year, timing):
    ...     return FeeUpliftRound(id=UpliftId("R"), workstream=Workstream.SEND,
    ...         financial_year=FinancialYear(year), timing=timing,
    ...         position=UpliftPosition(source=src), source=src)
    >>> uplift_date(p, round_for(2016, UpliftTiming.FINANCIAL_YEAR_START))
    datetime.date(2016, 4, 1)
    >>> uplift_date(p, round_for(2016, UpliftTiming.PLACEMENT_ANNIVERSARY))
    datetime.date(2017, 2, 28)
    >>> uplift_date(p, round_for(2015, UpliftTiming.FINANCIAL_YEAR_START)) is None
    True
    """
    if uplift_round.workstream is not placement.workstream:
        return None
    year = uplift_round.financial_year
    if uplift_round.timing is UpliftTiming.FINANCIAL_YEAR_START:
        day = year.start
    else:
        found = _anniversary_in(placement.period.start, year)
        if found is None:
            return None
        day = found
    if day not in placement.period:
        return None
    if any(e.effective == day for e in placement.fees.entries):
        return None
    return day


#: :func:`decide_rate` results by (the round's identity, provider, service, tier), shared across
#: a portfolio (whose rounds are alive while it is costed, so identities are not reused).
DecisionCache = dict[tuple[int, str | None, ServiceKind, str | None], RateDecision]


def _anniversary_in(origin: dt.date, year: FinancialYear) -> dt.date | None:
    # The same dates as slcp.periods.anniversaries (1, 2, 3... years on, 29 February
    # clamping to 28 February), computed directly: a portfolio asks this for every placement.
    for calendar_year in (year.start_year, year.start_year + 1):
        if calendar_year - origin.year < 1:
            continue
        if origin.month == 2 and origin.day == 29 and not calendar.isleap(calendar_year):
            day = dt.date(calendar_year, 2, 28)
        else:
            day = origin.replace(year=calendar_year)
        if year.start <= day < year.end:
            return day
    return None


@attrs.frozen(kw_only=True)
class UpliftStep:
    """One round applied to a weekly fee.

    Attributes:
        decision: the rates the round gave this placement's provider and service.
        effective: the day the new fee took effect.
        before: the weekly fee before the round.
        after: the weekly fee at the agreed rate (rounded half up to the penny).
        requested_after: the weekly fee had the requested rate been agreed (same rounding).
    """

    decision: RateDecision
    effective: dt.date
    before: Money
    after: Money
    requested_after: Money

    @property
    def weekly_avoided(self) -> Money:
        """``requested_after − after``: the weekly increase not paid (per week)."""
        return self.requested_after - self.after


@attrs.frozen(kw_only=True)
class FeeSegment:
    """A stretch of days with one weekly fee.

    Attributes:
        period: the days, half-open ``[start, end)``; ``end`` is ``None`` while open.
        weekly_fee: the fee paid per week: the contractual fee with the rounds in ``steps``.
        contractual: the fee-history entry's total weekly fee the rounds were applied to.
        steps: the rounds applied on top of ``contractual``, in order.
    """

    period: DateRange
    weekly_fee: Money
    contractual: Money
    steps: tuple[UpliftStep, ...] = ()


@attrs.frozen(kw_only=True)
class FeeSchedule:
    """A placement's weekly fee over its life, as contiguous segments.

    Attributes:
        placement: the placement's id.
        charging: its charging basis.
        period: the placement's days ``[start, end)``.
        chargeable_end: the first day no longer charged: the placement's end, or on the
            whole-weeks basis the end of its last complete week; ``None`` while open.
        segments: contiguous fee segments tiling ``period``.
    """

    placement: PlacementId
    charging: ChargingBasis
    period: DateRange
    chargeable_end: dt.date | None
    segments: tuple[FeeSegment, ...]

    def segment_on(self, day: dt.date) -> FeeSegment:
        """The segment in force on ``day``.

        Raises:
            ParameterNotFoundError: outside the placement.
        """
        for s in self.segments:
            if day in s.period:
                return s
        raise ParameterNotFoundError(
            f"placement {self.placement} is not running on {day.isoformat()}",
            field="day",
            value=day,
            expected=f"a day in {self.period}",
        )


@attrs.frozen
class _RoundPlan:
    """One workstream's rounds as a portfolio reads them, prepared once per tuple of rounds.

    Attributes:
        planned: each round with its 1 April when it takes effect at the start of its
            financial year (``None`` for placement-anniversary rounds).
        ids: the rounds' identities (part of a schedule's cache key).
        refs: weak references to the rounds (to confirm a cached schedule's rounds).
    """

    planned: tuple[tuple[FeeUpliftRound, dt.date | None], ...]
    ids: tuple[int, ...]
    refs: tuple[weakref.ref[FeeUpliftRound], ...]


def _plan(rounds: Iterable[FeeUpliftRound]) -> dict[Workstream, _RoundPlan]:
    by_workstream: dict[Workstream, list[FeeUpliftRound]] = {w: [] for w in Workstream}
    for r in rounds:
        by_workstream[r.workstream].append(r)
    return {
        w: _RoundPlan(
            planned=tuple(
                (
                    r,
                    r.financial_year.start
                    if r.timing is UpliftTiming.FINANCIAL_YEAR_START
                    else None,
                )
                for r in chosen
            ),
            ids=tuple(id(r) for r in chosen),
            refs=tuple(weakref.ref(r) for r in chosen),
        )
        for w, chosen in by_workstream.items()
    }


# Plans of the tuples of rounds last asked about, by identity: a portfolio asks with the same
# few tuples (one per workstream) for every placement. Tuples only (a list could change between
# calls); each entry holds its tuple, so the identity cannot pass to another object meanwhile.
_PLANS: dict[int, tuple[tuple[FeeUpliftRound, ...], dict[Workstream, _RoundPlan]]] = {}


def _planned(rounds: Iterable[FeeUpliftRound]) -> dict[Workstream, _RoundPlan]:
    if type(rounds) is not tuple:
        return _plan(rounds)
    found = _PLANS.get(id(rounds))
    if found is not None and found[0] is rounds:
        return found[1]
    if len(_PLANS) >= 64:
        _PLANS.clear()
    plan = _plan(rounds)
    _PLANS[id(rounds)] = (rounds, plan)
    return plan


def _rounds_for(
    placement: Placement, rounds: Iterable[FeeUpliftRound]
) -> list[tuple[dt.date, FeeUpliftRound]]:
    # uplift_date for every round, with the rounds' dates and the placement's fields read
    # once: a portfolio asks this for every placement and round
    start = placement.period.start
    end = placement.period.end
    fee_days: set[dt.date] | None = None
    dated: list[tuple[dt.date, FeeUpliftRound]] = []
    for r, fixed in _planned(rounds)[placement.workstream].planned:
        day = fixed if fixed is not None else _anniversary_in(start, r.financial_year)
        if day is None or day < start or (end is not None and day >= end):
            continue
        if fee_days is None:
            fee_days = {e.effective for e in placement.fees.entries}
        if day not in fee_days:
            dated.append((day, r))
    if len(dated) > 1:
        dated.sort(key=lambda item: (item[0], item[1].financial_year, item[1].id))
    return dated


def build_schedule(
    placement: Placement,
    rounds: Sequence[FeeUpliftRound],
    *,
    tier: str | None = None,
    at_requested: UpliftId | None = None,
    decisions: DecisionCache | None = None,
) -> FeeSchedule:
    """:func:`fee_schedule`, optionally with one round's *requested* rate in place of the
    agreed one (the counterfactual cost avoidance compares against). ``decisions`` caches
    :func:`decide_rate` across placements of a portfolio.

    A schedule is a pure function of the placement, the rounds of its workstream, the tier and
    ``at_requested``; the schedules built last are kept (see :class:`_Schedules`), so that the
    calculations of one report (spend, cost avoidance, budgets, benchmarks) build each once.
    """
    plan = _planned(rounds)[placement.workstream]
    key = (id(placement), tier, at_requested, plan.ids)
    found = _SCHEDULES.get(key, placement, plan)
    if found is not None:
        return found
    schedule = _build_schedule(
        placement, rounds, tier=tier, at_requested=at_requested, decisions=decisions
    )
    _SCHEDULES.put(key, placement, plan, schedule)
    return schedule


class _Schedules:
    """Fee schedules already built, by the identity of the objects they were built from.

    An entry holds weak references to its placement and rounds and is used only while they are
    the very objects asked about: an object that has died cannot lend its identity to a new
    one unnoticed, and the cache keeps no programme alive. At most ``limit`` schedules are
    kept; when full, the cache starts again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[
            tuple[object, ...],
            tuple[weakref.ref[Placement], tuple[weakref.ref[FeeUpliftRound], ...], FeeSchedule],
        ] = {}

    def get(
        self, key: tuple[object, ...], placement: Placement, plan: _RoundPlan
    ) -> FeeSchedule | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        placement_ref, round_refs, schedule = entry
        if placement_ref() is not placement:
            return None
        if round_refs is not plan.refs and any(
            ref() is not r for ref, (r, _) in zip(round_refs, plan.planned, strict=True)
        ):
            return None
        return schedule

    def put(
        self, key: tuple[object, ...], placement: Placement, plan: _RoundPlan, schedule: FeeSchedule
    ) -> None:
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = (weakref.ref(placement), plan.refs, schedule)


#: Enough for a programme of several thousand placements with its counterfactuals.
_SCHEDULES = _Schedules(limit=50_000)


def _build_schedule(
    placement: Placement,
    rounds: Sequence[FeeUpliftRound],
    *,
    tier: str | None,
    at_requested: UpliftId | None,
    decisions: DecisionCache | None,
) -> FeeSchedule:
    period = placement.period
    fees = placement.fees
    if fees.ends is not None and (period.end is None or fees.ends < period.end):
        raise ParameterNotFoundError(
            f"placement {placement.id}'s fee history stops before the placement does",
            field="fees.ends",
            value=fees.ends,
            expected=f"no end, or on or after the placement's end ({period})",
        )
    dated = _rounds_for(placement, rounds)
    segments: list[FeeSegment] = []
    entries = fees.entries
    for i, entry in enumerate(entries):
        start = entry.effective
        if period.end is not None and start >= period.end:
            break
        nxt = entries[i + 1].effective if i + 1 < len(entries) else None
        stop = nxt if nxt is not None else period.end
        if period.end is not None and stop is not None:
            stop = min(stop, period.end)
        components = entry.value
        contractual = Money(
            components.core.pence
            + components.additional_support.pence
            + components.education.pence
            + components.other.pence
        )
        fee = contractual
        steps: list[UpliftStep] = []
        cursor = start
        for day, r in dated:
            if day <= start or (stop is not None and day >= stop):
                continue
            key = (id(r), placement.provider, placement.service, tier)
            found = decisions.get(key) if decisions is not None else None
            if found is None:
                found = decide_rate(r, placement.provider, placement.service, tier=tier)
                if decisions is not None:
                    decisions[key] = found
            decision = found
            if decision.rule is RateRule.NO_REQUEST:
                continue  # the provider asked for nothing: the round leaves this fee alone
            segments.append(
                FeeSegment(
                    period=DateRange(start=cursor, end=day),
                    weekly_fee=fee,
                    contractual=contractual,
                    steps=tuple(steps),
                )
            )
            after = apply_uplift(fee, decision.agreed)
            # equal rates give equal fees: the second uplift is needed only when they differ
            requested_after = (
                after
                if decision.requested == decision.agreed
                else apply_uplift(fee, decision.requested)
            )
            step = UpliftStep(
                decision=decision,
                effective=day,
                before=fee,
                after=after,
                requested_after=requested_after,
            )
            steps.append(step)
            fee = requested_after if r.id == at_requested else after
            cursor = day
        segments.append(
            FeeSegment(
                period=DateRange(start=cursor, end=stop),
                weekly_fee=fee,
                contractual=contractual,
                steps=tuple(steps),
            )
        )
    return FeeSchedule(
        placement=placement.id,
        charging=placement.charging,
        period=period,
        chargeable_end=chargeable_end(period.start, period.end, placement.charging),
        segments=tuple(segments),
    )


def fee_schedule(
    placement: Placement, rounds: Sequence[FeeUpliftRound] = (), *, tier: str | None = None
) -> FeeSchedule:
    """The weekly fee over a placement's life, fee history and uplift rounds combined.

    Each fee-history entry starts a segment at its contractual total; each round whose
    :func:`uplift_date` falls inside that entry's time starts a new segment with the fee
    :func:`apply_uplift`-ed by the agreed rate (rounded half up to the penny at each step, as
    an invoice would). Rounds on the same day apply in order of financial year, then id. A
    round in which the placement's provider asked for nothing leaves the fee alone (no step).

    Args:
        placement: the placement.
        rounds: the rounds to apply (any workstream; those of other workstreams are ignored).
        tier: the provider's tier, for band caps.

    Raises:
        ParameterNotFoundError: the fee history ends (``fees.ends``) before the placement.
    """
    return build_schedule(placement, rounds, tier=tier)


def fee_on(
    placement: Placement,
    day: dt.date,
    rounds: Sequence[FeeUpliftRound] = (),
    *,
    tier: str | None = None,
) -> FeeSegment:
    """The weekly fee in force on ``day``: the latest fee-history entry with every round
    whose uplift date falls after that entry and on or before ``day`` applied step by step.

    Args:
        placement: the placement.
        day: the day asked about (inside ``[start, end)``).
        rounds: the fee-uplift rounds to apply.
        tier: the provider's tier, for band caps.

    Returns:
        The fee segment in force: ``weekly_fee`` (pence per week), the ``contractual`` fee it
        started from and the ``steps`` applied.

    Raises:
        ParameterNotFoundError: ``day`` is outside the placement.

    >>> import datetime as dt
    >>> from slcp.domain import (FeeComponents, GssCode, PurchaseRoute, RouteKind,
    ...     UpliftPosition, UpliftRequest, Workstream)
    >>> from slcp.periods import FinancialYear
    >>> from slcp.timeline import Source, SourceKind, Timeline
    >>> src = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> p = Placement(id=PlacementId("PL1"), child="C1", borough=GssCode("E09000008"),
    ...     workstream=Workstream.SEND, provider=ProviderId("P1"),
    ...     service=ServiceKind.SEND_DAY, period=DateRange(start=dt.date(2018, 9, 1)),
    ...     fees=Timeline.constant(FeeComponents(core=Money(100_000)),
    ...                            effective=dt.date(2018, 9, 1), source=src),
    ...     route=PurchaseRoute(kind=RouteKind.SPOT))
    >>> rounds = [FeeUpliftRound(id=UpliftId(f"R{y}"), workstream=Workstream.SEND,
    ...     financial_year=FinancialYear(y), source=src,
    ...     position=UpliftPosition(default_cap=Rate.of("0.015"), source=src),
    ...     requests=(UpliftRequest(provider=ProviderId("P1"), requested=Rate.of("0.03")),))
    ...     for y in (2019, 2020)]
    >>> fee_on(p, dt.date(2019, 3, 31), rounds).weekly_fee
    Money(pence=100000)
    >>> fee_on(p, dt.date(2019, 4, 1), rounds).weekly_fee   # £1,000 × 1.015
    Money(pence=101500)
    >>> fee_on(p, dt.date(2020, 4, 1), rounds).weekly_fee   # £1,015 × 1.015 = 103022.5p
    Money(pence=103023)
    """
    return build_schedule(placement, rounds, tier=tier).segment_on(day)
