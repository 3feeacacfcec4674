"""Whole-programme validation: every cross-reference problem at once, as findings.

:func:`validate` never raises on bad data and never stops at the first problem: it returns a
tuple of :class:`~slcp.findings.Finding` values, each with a severity, a stable code, a message
and the id of the record at fault, so a council can fix everything in one pass. The codes and
what to do about each are listed in ``docs/concepts/validation.md``.

Records are indexed once (by id, by child and workstream, by borough and workstream), so the
run time grows as ``n log n`` in the number of placements, never quadratically.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

import attrs

from slcp.domain.agreement import IndividualChildAgreement
from slcp.domain.codes import RouteKind, Workstream
from slcp.domain.placement import Placement
from slcp.domain.programme import Programme
from slcp.domain.provider import Provider
from slcp.domain.purchasing import (
    BlockContract,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    Lot,
    PurchasingVehicle,
)
from slcp.findings import Finding, Severity
from slcp.periods import DateRange

__all__ = ["validate"]

_E = Severity.ERROR
_W = Severity.WARNING
_I = Severity.INFO

# The vehicle type each call-off route must name.
_ROUTE_VEHICLE: dict[RouteKind, type[PurchasingVehicle]] = {
    RouteKind.FRAMEWORK_CALL_OFF: FrameworkAgreement,
    RouteKind.DPS_CALL_OFF: DynamicPurchasingSystem,
    RouteKind.BLOCK_CONTRACT: BlockContract,
}


def _finding(severity: Severity, code: str, subject: str, message: str, location: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, subject_id=subject, location=location
    )


def _lots_of(vehicle: PurchasingVehicle) -> tuple[Lot, ...]:
    return () if isinstance(vehicle, BlockContract) else vehicle.lots


@attrs.frozen(kw_only=True)
class _Index:
    """Look-ups built once per run (first occurrence wins for duplicated ids)."""

    boroughs: frozenset[str]
    providers: dict[str, Provider]
    children: frozenset[str]
    vehicles: dict[str, PurchasingVehicle]
    terms: dict[str, DateRange]
    lots: dict[str, tuple[PurchasingVehicle, Lot]]
    placements: dict[str, Placement]
    memberships: dict[tuple[str, Workstream], tuple[DateRange, ...]]

    @classmethod
    def of(cls, programme: Programme) -> _Index:
        providers: dict[str, Provider] = {}
        for p in programme.providers:
            providers.setdefault(p.id, p)
        vehicles: dict[str, PurchasingVehicle] = {}
        lots: dict[str, tuple[PurchasingVehicle, Lot]] = {}
        for v in programme.vehicles:
            vehicles.setdefault(v.id, v)
            for lot in _lots_of(v):
                lots.setdefault(lot.id, (v, lot))
        placements: dict[str, Placement] = {}
        for pl in programme.placements:
            placements.setdefault(pl.id, pl)
        memberships: defaultdict[tuple[str, Workstream], list[DateRange]] = defaultdict(list)
        for m in programme.memberships:
            memberships[(m.borough, m.workstream)].append(m.period)
        return cls(
            boroughs=frozenset(b.gss_code for b in programme.boroughs),
            providers=providers,
            children=frozenset(c.ref for c in programme.children),
            vehicles=vehicles,
            # computed once: a framework's term is derived from its start on each access
            terms={vid: v.term for vid, v in vehicles.items()},
            lots=lots,
            placements=placements,
            memberships={k: tuple(v) for k, v in memberships.items()},
        )

    def is_member(self, borough: str, workstream: Workstream, day: dt.date) -> bool:
        return any(day in period for period in self.memberships.get((borough, workstream), ()))


def validate(programme: Programme) -> tuple[Finding, ...]:
    """Every problem in ``programme``, as findings.

    Findings come grouped by check (duplicates, the partnership, providers, memberships,
    contributions, placements, overlaps, ICAs, uplift rounds, budgets and savings, concerns,
    episodes), each group in document order, so two runs over the same data list the same
    findings in the same order.

    Checks duplicate ids; references to boroughs, providers, children, vehicles, lots and
    placements that do not exist; whether each placement's route, provider admission, vehicle
    term and workstream membership agree on the placement's start date; contractual fees
    against their lot's price band (inclusive);
    overlapping placements and memberships; ICA dates against their placement's dates; and
    contributions against membership. Dates are compared half-open: a placement
    ``[start, end)`` contains ``start`` and not ``end``.

    Args:
        programme: the whole programme document.

    Returns:
        The findings (empty when nothing is wrong). ``ERROR`` findings make the data unfit
        for the calculations that use it; ``WARNING`` and ``INFO`` do not.

    >>> from slcp.domain.borough import SOUTH_LONDON_BOROUGHS, GssCode
    >>> p = Programme(name="P", host=GssCode("E09000001"), boroughs=SOUTH_LONDON_BOROUGHS)
    >>> [f.code for f in validate(p)]
    ['unknown-host']
    """
    index = _Index.of(programme)
    checks: tuple[Iterable[Finding], ...] = (
        _check_duplicates(programme),
        _check_host(programme, index),
        _check_vehicles(programme, index),
        _check_providers(programme, index),
        _check_memberships(programme, index),
        _check_contributions(programme, index),
        _check_placements(programme, index),
        _check_overlapping_placements(programme),
        _check_agreements(programme, index),
        _check_uplift_rounds(programme, index),
        _check_budgets_and_savings(programme, index),
        _check_concerns(programme, index),
        _check_episodes(programme, index),
    )
    return tuple(f for check in checks for f in check)


# -- duplicates -------------------------------------------------------------------------------


def _duplicates(code: str, what: str, ids: Iterable[str], collection: str) -> Iterator[Finding]:
    first_at: dict[str, int] = {}
    for i, key in enumerate(ids):
        if key in first_at:
            yield _finding(
                _E,
                code,
                key,
                f"{what} id {key!r} is used again (first at {collection}[{first_at[key]}]); "
                "ids must be unique",
                f"$.{collection}[{i}]",
            )
        else:
            first_at[key] = i


def _check_duplicates(programme: Programme) -> Iterator[Finding]:
    yield from _duplicates(
        "duplicate-borough", "borough", (b.gss_code for b in programme.boroughs), "boroughs"
    )
    yield from _duplicates(
        "duplicate-vehicle", "vehicle", (v.id for v in programme.vehicles), "vehicles"
    )
    seen_lots: dict[str, str] = {}
    for vi, v in enumerate(programme.vehicles):
        for li, lot in enumerate(_lots_of(v)):
            if lot.id in seen_lots:
                yield _finding(
                    _E,
                    "duplicate-lot",
                    lot.id,
                    f"lot id {lot.id!r} is used again (first in vehicle {seen_lots[lot.id]!r}); "
                    "lot ids must be unique across the programme",
                    f"$.vehicles[{vi}].lots[{li}]",
                )
            else:
                seen_lots[lot.id] = v.id
    yield from _duplicates(
        "duplicate-provider", "provider", (p.id for p in programme.providers), "providers"
    )
    yield from _duplicates(
        "duplicate-child", "child", (c.ref for c in programme.children), "children"
    )
    yield from _duplicates(
        "duplicate-placement", "placement", (p.id for p in programme.placements), "placements"
    )
    yield from _duplicates(
        "duplicate-agreement", "ICA", (a.id for a in programme.agreements), "agreements"
    )
    yield from _duplicates(
        "duplicate-uplift-round",
        "uplift round",
        (r.id for r in programme.uplift_rounds),
        "uplift_rounds",
    )
    yield from _duplicates(
        "duplicate-saving", "saving", (s.id for s in programme.savings), "savings"
    )
    yield from _duplicates(
        "duplicate-concern", "concern", (c.id for c in programme.concerns), "concerns"
    )


# -- the partnership --------------------------------------------------------------------------


def _unknown_borough(code: str, subject: str, context: str, location: str) -> Finding:
    return _finding(
        _E,
        "unknown-borough",
        subject,
        f"{context} names borough {code!r}, which is not among the programme's boroughs",
        location,
    )


def _check_host(programme: Programme, index: _Index) -> Iterator[Finding]:
    if programme.host not in index.boroughs:
        yield _finding(
            _E,
            "unknown-host",
            programme.host,
            f"the host {programme.host!r} is not among the programme's boroughs",
            "$.host",
        )


def _check_vehicles(programme: Programme, index: _Index) -> Iterator[Finding]:
    for i, v in enumerate(programme.vehicles):
        if isinstance(v, BlockContract) and v.provider not in index.providers:
            yield _finding(
                _E,
                "unknown-provider",
                v.id,
                f"block contract {v.id!r} is held by provider {v.provider!r}, which does not exist",
                f"$.vehicles[{i}].provider",
            )


def _check_providers(programme: Programme, index: _Index) -> Iterator[Finding]:
    for pi, p in enumerate(programme.providers):
        for ai, a in enumerate(p.admissions):
            where = f"$.providers[{pi}].admissions[{ai}]"
            vehicle = index.vehicles.get(a.vehicle)
            if vehicle is None:
                yield _finding(
                    _E,
                    "unknown-vehicle",
                    p.id,
                    f"provider {p.id!r} has an admission to vehicle {a.vehicle!r}, which does "
                    "not exist",
                    where + ".vehicle",
                )
                continue
            if a.lot is not None:
                yield from _check_lot_ref(a.lot, vehicle, index, p.id, where + ".lot")


def _check_lot_ref(
    lot_id: str, vehicle: PurchasingVehicle, index: _Index, subject: str, location: str
) -> Iterator[Finding]:
    owner = index.lots.get(lot_id)
    if owner is None:
        yield _finding(
            _E,
            "unknown-lot",
            subject,
            f"lot {lot_id!r} does not exist",
            location,
        )
    elif owner[0].id != vehicle.id:
        yield _finding(
            _E,
            "lot-not-in-vehicle",
            subject,
            f"lot {lot_id!r} belongs to vehicle {owner[0].id!r}, not {vehicle.id!r}",
            location,
        )


def _check_memberships(programme: Programme, index: _Index) -> Iterator[Finding]:
    by_key: defaultdict[tuple[str, Workstream], list[tuple[int, DateRange]]] = defaultdict(list)
    for i, m in enumerate(programme.memberships):
        if m.borough not in index.boroughs:
            yield _unknown_borough(
                m.borough, m.borough, "a membership", f"$.memberships[{i}].borough"
            )
        by_key[(m.borough, m.workstream)].append((i, m.period))
    for (borough, workstream), periods in by_key.items():
        for i, period, other in _sweep_overlaps(periods):
            yield _finding(
                _E,
                "overlapping-memberships",
                borough,
                f"membership {period} of the {workstream.value} workstream overlaps "
                f"membership {other}; a borough belongs to a workstream once at a time",
                f"$.memberships[{i}].period",
            )


def _sweep_overlaps(
    items: Iterable[tuple[int, DateRange]],
) -> Iterator[tuple[int, DateRange, DateRange]]:
    """Each item that overlaps an earlier-starting one (``n log n``): (index, range, other)."""
    reach: DateRange | None = None  # the non-empty range seen so far that ends last
    for i, period in sorted(items, key=lambda item: (item[1].start, item[0])):
        if period.is_empty:
            continue
        if reach is not None and reach.overlaps(period):
            yield i, period, reach
        if reach is None or _ends_later(period, reach):
            reach = period


def _ends_later(a: DateRange, b: DateRange) -> bool:
    if b.end is None:
        return False
    return a.end is None or a.end > b.end


def _check_contributions(programme: Programme, index: _Index) -> Iterator[Finding]:
    seen: dict[tuple[str, Workstream, int], int] = {}
    for i, c in enumerate(programme.contributions):
        subject = f"{c.borough} {c.workstream.value} {c.financial_year}"
        where = f"$.contributions[{i}]"
        if c.borough not in index.boroughs:
            yield _unknown_borough(c.borough, subject, "a contribution", where + ".borough")
        key = (c.borough, c.workstream, c.financial_year.start_year)
        if key in seen:
            yield _finding(
                _E,
                "duplicate-contribution",
                subject,
                f"a second contribution for the same borough, workstream and year (first at "
                f"contributions[{seen[key]}])",
                where,
            )
        else:
            seen[key] = i
        year = c.financial_year.range
        periods = index.memberships.get((c.borough, c.workstream), ())
        if not any(p.overlaps(year) for p in periods):
            yield _finding(
                _W,
                "contribution-outside-membership",
                subject,
                f"{c.borough!r} contributed {c.amount} to the {c.workstream.value} workstream "
                f"for {c.financial_year} but was not a member on any day of that year",
                where + ".financial_year",
            )


# -- placements -------------------------------------------------------------------------------


def _check_placements(programme: Programme, index: _Index) -> Iterator[Finding]:
    for i, p in enumerate(programme.placements):
        yield from _check_placement(p, f"$.placements[{i}]", index)


def _check_placement(p: Placement, where: str, index: _Index) -> Iterator[Finding]:
    start = p.period.start
    if p.child not in index.children:
        yield _finding(
            _E,
            "unknown-child",
            p.id,
            f"placement {p.id!r} is for child {p.child!r}, who is not among the programme's "
            "children",
            where + ".child",
        )
    if p.borough not in index.boroughs:
        yield _unknown_borough(p.borough, p.id, f"placement {p.id!r}", where + ".borough")
    elif not index.is_member(p.borough, p.workstream, start):
        yield _finding(
            _E,
            "not-a-member",
            p.id,
            f"{p.borough!r} placed through the {p.workstream.value} workstream on "
            f"{start.isoformat()} but was not a member of it that day",
            where + ".borough",
        )
    provider: Provider | None = None
    if p.provider is not None:
        provider = index.providers.get(p.provider)
        if provider is None:
            yield _finding(
                _E,
                "unknown-provider",
                p.id,
                f"placement {p.id!r} names provider {p.provider!r}, which does not exist",
                where + ".provider",
            )
    if p.route.kind is RouteKind.SPOT:
        if provider is not None:
            yield from _check_spot(p, provider, where, index)
        return
    if p.route.vehicle is None:
        return
    vehicle = index.vehicles.get(p.route.vehicle)
    if vehicle is None:
        yield _finding(
            _E,
            "unknown-vehicle",
            p.id,
            f"placement {p.id!r} was called off vehicle {p.route.vehicle!r}, which does not exist",
            where + ".route.vehicle",
        )
        return
    yield from _check_route(p, vehicle, provider, where, index)


def _check_route(
    p: Placement,
    vehicle: PurchasingVehicle,
    provider: Provider | None,
    where: str,
    index: _Index,
) -> Iterator[Finding]:
    start = p.period.start
    expected_type = _ROUTE_VEHICLE.get(p.route.kind)
    if expected_type is not None and not isinstance(vehicle, expected_type):
        yield _finding(
            _E,
            "route-kind-mismatch",
            p.id,
            f"a {p.route.kind.value} route names {vehicle.id!r}, which is a "
            f"{type(vehicle).__name__}, not a {expected_type.__name__}",
            where + ".route.kind",
        )
    if vehicle.workstream is not p.workstream:
        yield _finding(
            _E,
            "vehicle-workstream-mismatch",
            p.id,
            f"a {p.workstream.value} placement was called off {vehicle.id!r}, which serves "
            f"the {vehicle.workstream.value} workstream",
            where + ".workstream",
        )
    term = index.terms[vehicle.id]
    if start not in term:
        yield _finding(
            _E,
            "outside-vehicle-term",
            p.id,
            f"placement {p.id!r} starts on {start.isoformat()}, outside the term of "
            f"{vehicle.id!r}, {term}",
            where + ".period.start",
        )
    lot: Lot | None = None
    if p.route.lot is not None:
        owner = index.lots.get(p.route.lot)
        yield from _check_lot_ref(p.route.lot, vehicle, index, p.id, where + ".route.lot")
        if owner is not None and owner[0].id == vehicle.id:
            lot = owner[1]
    elif _lots_of(vehicle):
        yield _finding(
            _W,
            "route-lot-missing",
            p.id,
            f"{vehicle.id!r} has lots but placement {p.id!r} does not say which it was called off",
            where + ".route.lot",
        )
    if lot is not None:
        if lot.service_kinds and p.service not in lot.service_kinds:
            yield _finding(
                _W,
                "lot-service-mismatch",
                p.id,
                f"lot {lot.id!r} buys {', '.join(k.value for k in lot.service_kinds)}, "
                f"not {p.service.value}",
                where + ".service",
            )
        yield from _check_price_band(p, lot, where)
    if p.provider is None:
        yield _finding(
            _E,
            "route-without-provider",
            p.id,
            f"a {p.route.kind.value} placement must name the provider it was bought from",
            where + ".provider",
        )
    elif isinstance(vehicle, BlockContract):
        if vehicle.provider != p.provider:
            yield _finding(
                _E,
                "block-provider-mismatch",
                p.id,
                f"block contract {vehicle.id!r} is held by {vehicle.provider!r}, not by "
                f"{p.provider!r}",
                where + ".provider",
            )
    elif provider is not None and not provider.is_admitted(vehicle.id, p.route.lot, start):
        status = provider.status_on(vehicle.id, p.route.lot, start)
        stood = "had never applied" if status is None else f"was {status.value}"
        on = vehicle.id if p.route.lot is None else f"lot {p.route.lot!r} of {vehicle.id!r}"
        yield _finding(
            _E,
            "not-admitted",
            p.id,
            f"provider {provider.id!r} {stood} on {on} on {start.isoformat()}, the day "
            f"placement {p.id!r} was called off",
            where + ".route",
        )


def _check_price_band(p: Placement, lot: Lot, where: str) -> Iterator[Finding]:
    band = lot.price_band
    if band is None:
        return
    for span, entry in p.fees.periods():
        if span.overlaps(p.period) and entry.value.total > band.max_weekly:
            yield _finding(
                _W,
                "fee-above-price-band",
                p.id,
                f"the weekly fee of {entry.value.total} in force from "
                f"{entry.effective.isoformat()} is above the price band of lot {lot.id!r} "
                f"({band.min_weekly} to {band.max_weekly} a week, inclusive)",
                where + ".fees",
            )
            return


def _check_spot(p: Placement, provider: Provider, where: str, index: _Index) -> Iterator[Finding]:
    start = p.period.start
    for a in provider.admissions:
        vehicle = index.vehicles.get(a.vehicle)
        if (
            vehicle is None
            or vehicle.workstream is not p.workstream
            or start not in index.terms[vehicle.id]
        ):
            continue
        lots = (
            _lots_of(vehicle)
            if a.lot is None
            else tuple(lot for lot in _lots_of(vehicle) if lot.id == a.lot)
        )
        covering = [lot for lot in lots if p.service in lot.service_kinds]
        for lot in covering:
            if provider.is_admitted(vehicle.id, lot.id, start):
                yield _finding(
                    _I,
                    "spot-while-lot-available",
                    p.id,
                    f"placement {p.id!r} was spot-purchased on {start.isoformat()} while "
                    f"provider {provider.id!r} was admitted to lot {lot.id!r} of "
                    f"{vehicle.id!r}, which buys {p.service.value}",
                    where + ".route",
                )
                return


def _check_overlapping_placements(programme: Programme) -> Iterator[Finding]:
    by_child: defaultdict[tuple[str, Workstream], list[tuple[int, DateRange]]] = defaultdict(list)
    for i, p in enumerate(programme.placements):
        by_child[(p.child, p.workstream)].append((i, p.period))
    found: list[tuple[int, Finding]] = []
    for (child, workstream), items in by_child.items():
        if len(items) < 2:
            continue
        for i, period, other in _sweep_overlaps(items):
            p = programme.placements[i]
            found.append(
                (
                    i,
                    _finding(
                        _E,
                        "overlapping-placements",
                        p.id,
                        f"placement {p.id!r} {period} overlaps another {workstream.value} "
                        f"placement {other} of child {child!r}",
                        f"$.placements[{i}].period",
                    ),
                )
            )
    yield from (f for _, f in sorted(found, key=lambda item: item[0]))


# -- agreements and the rest ------------------------------------------------------------------


def _check_agreements(programme: Programme, index: _Index) -> Iterator[Finding]:
    for i, a in enumerate(programme.agreements):
        where = f"$.agreements[{i}]"
        placement = index.placements.get(a.placement)
        if placement is None:
            yield _finding(
                _E,
                "unknown-placement",
                a.id,
                f"ICA {a.id!r} belongs to placement {a.placement!r}, which does not exist",
                where + ".placement",
            )
            continue
        yield from _check_agreement_dates(a, placement, where)


def _check_agreement_dates(
    a: IndividualChildAgreement, placement: Placement, where: str
) -> Iterator[Finding]:
    period = placement.period
    if a.agreed_on < period.start:
        yield _finding(
            _W,
            "ica-agreed-before-placement",
            a.id,
            f"ICA {a.id!r} is dated {a.agreed_on.isoformat()}, before placement "
            f"{placement.id!r} started on {period.start.isoformat()}",
            where + ".agreed_on",
        )
    elif period.end is not None and a.agreed_on >= period.end:
        yield _finding(
            _E,
            "ica-agreed-after-placement",
            a.id,
            f"ICA {a.id!r} is dated {a.agreed_on.isoformat()}, after placement "
            f"{placement.id!r} ended {period}",
            where + ".agreed_on",
        )
    for oi, outcome in enumerate(a.outcomes):
        owhere = f"{where}.outcomes[{oi}]"
        if outcome.target_date not in period:
            yield _finding(
                _W,
                "ica-target-outside-placement",
                a.id,
                f"outcome {outcome.id!r} has target date {outcome.target_date.isoformat()}, "
                f"outside placement {placement.id!r} {period}",
                owhere + ".target_date",
            )
        for mi, m in enumerate(outcome.measurements):
            if m.on not in period:
                yield _finding(
                    _E,
                    "ica-measurement-outside-placement",
                    a.id,
                    f"outcome {outcome.id!r} was measured on {m.on.isoformat()}, outside "
                    f"placement {placement.id!r} {period}",
                    f"{owhere}.measurements[{mi}].on",
                )
    for ri, held in enumerate(a.reviews_held):
        if held not in period:
            yield _finding(
                _W,
                "review-outside-placement",
                a.id,
                f"a review of ICA {a.id!r} was held on {held.isoformat()}, outside placement "
                f"{placement.id!r} {period}",
                f"{where}.reviews_held[{ri}]",
            )


def _check_uplift_rounds(programme: Programme, index: _Index) -> Iterator[Finding]:
    seen: dict[tuple[Workstream, int], str] = {}
    for i, r in enumerate(programme.uplift_rounds):
        key = (r.workstream, r.financial_year.start_year)
        if key in seen and seen[key] != r.id:
            yield _finding(
                _E,
                "repeated-uplift-round",
                r.id,
                f"round {r.id!r} is a second {r.workstream.value} round for "
                f"{r.financial_year} (after {seen[key]!r}); the increase would apply twice",
                f"$.uplift_rounds[{i}].financial_year",
            )
        seen.setdefault(key, r.id)
        for qi, q in enumerate(r.requests):
            if q.provider not in index.providers:
                yield _finding(
                    _E,
                    "unknown-provider",
                    r.id,
                    f"uplift round {r.id!r} has a request from provider {q.provider!r}, which "
                    "does not exist",
                    f"$.uplift_rounds[{i}].requests[{qi}].provider",
                )


def _check_budgets_and_savings(programme: Programme, index: _Index) -> Iterator[Finding]:
    for i, b in enumerate(programme.budgets):
        if b.borough not in index.boroughs:
            subject = f"{b.borough} {b.workstream.value} {b.financial_year}"
            yield _unknown_borough(b.borough, subject, "a budget", f"$.budgets[{i}].borough")
    for i, s in enumerate(programme.savings):
        if s.borough is not None and s.borough not in index.boroughs:
            yield _unknown_borough(s.borough, s.id, f"saving {s.id!r}", f"$.savings[{i}].borough")


def _check_concerns(programme: Programme, index: _Index) -> Iterator[Finding]:
    for i, c in enumerate(programme.concerns):
        if c.provider not in index.providers:
            yield _finding(
                _E,
                "unknown-provider",
                c.id,
                f"concern {c.id!r} is about provider {c.provider!r}, which does not exist",
                f"$.concerns[{i}].provider",
            )
        if c.raised_by not in index.boroughs:
            yield _unknown_borough(
                c.raised_by, c.id, f"concern {c.id!r}", f"$.concerns[{i}].raised_by"
            )


def _check_episodes(programme: Programme, index: _Index) -> Iterator[Finding]:
    reported: set[str] = set()
    for i, e in enumerate(programme.episodes):
        if e.borough is not None and e.borough not in index.boroughs:
            yield _unknown_borough(
                e.borough, e.child, "an SSDA903 episode", f"$.episodes[{i}].borough"
            )
        if e.child not in index.children and e.child not in reported:
            reported.add(e.child)
            yield _finding(
                _W,
                "episode-unknown-child",
                e.child,
                f"SSDA903 episodes are recorded for child {e.child!r}, who is not among the "
                "programme's children (reported once per child)",
                f"$.episodes[{i}].child",
            )
