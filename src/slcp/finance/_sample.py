"""A realistic invoice set for the embedded sample, with one of each kind of discrepancy.

Four providers (the first two of each workstream, by id, with 4 to 12 placements running on
1 October 2019) invoice every placement monthly in arrears from October 2019 to September
2020, each invoice for the placement's days in the calendar month at the charge its basis
gives, received 7 days after the month and paid 14 days later. Then one of each discrepancy is
seeded, each on a different placement, and listed with the amount it should be found at.
Deterministic: nothing is drawn at random.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from slcp.domain import (
    Placement,
    PlacementId,
    Programme,
    ProviderId,
    UpliftTiming,
    Workstream,
)
from slcp.finance._invoices import (
    Discrepancy,
    DiscrepancyReason,
    Invoice,
    InvoiceId,
    InvoiceLine,
)
from slcp.money import Money
from slcp.periods import DateRange, months_after
from slcp.pricing import charge_for_period, cost_for_range, fee_schedule
from slcp.sample import south_london

__all__ = ["SampleInvoices", "sample_invoices"]

_WINDOW = DateRange(start=dt.date(2019, 10, 1), end=dt.date(2020, 10, 1))
_ROUND_DAY = dt.date(2020, 4, 1)  # a 2020/21 round takes effect on 1 April 2020
_RECEIVED_AFTER = dt.timedelta(days=7)
_PAID_AFTER = dt.timedelta(days=14)


@attrs.frozen(kw_only=True)
class SampleInvoices:
    """The sample's invoices and the discrepancies seeded in them.

    Attributes:
        window: the months invoiced, ``[1 October 2019, 1 October 2020)``.
        providers: the providers invoicing.
        invoices: the invoices, by provider, placement and month (seeded ones included).
        seeded: each seeded discrepancy with the amount (``invoiced − expected``, pence) a
            reconciliation should find; a missing invoice's amount is minus its charge.
    """

    window: DateRange
    providers: tuple[ProviderId, ...]
    invoices: tuple[Invoice, ...]
    seeded: tuple[Discrepancy, ...]


def _months() -> list[DateRange]:
    out: list[DateRange] = []
    day = _WINDOW.start
    while _WINDOW.end is not None and day < _WINDOW.end:
        nxt = months_after(day, 1)
        out.append(DateRange(start=day, end=nxt))
        day = nxt
    return out


def _pick_providers(programme: Programme) -> tuple[ProviderId, ...]:
    counts: dict[tuple[Workstream, ProviderId], int] = {}
    for p in programme.placements:
        if p.provider is not None and p.is_active_on(_WINDOW.start):
            key = (p.workstream, p.provider)
            counts[key] = counts.get(key, 0) + 1
    # providers whose fees rise on 1 April 2020 come first, so the uplift discrepancies can be
    # seeded whatever share of providers asked in that round
    asked = {
        q.provider
        for r in programme.uplift_rounds
        if r.timing is UpliftTiming.FINANCIAL_YEAR_START
        and r.financial_year.range.start == _ROUND_DAY
        for q in r.requests
    }
    chosen: list[ProviderId] = []
    for workstream in (Workstream.LAC, Workstream.SEND):
        fitting = sorted(
            (provider for (w, provider), n in counts.items() if w is workstream and 4 <= n <= 12),
            key=lambda provider: (provider not in asked, provider),
        )
        chosen.extend(fitting[:2])
    return tuple(chosen)


def _invoice(
    p: Placement,
    period: DateRange,
    pence: int,
    *,
    month: dt.date | None = None,
    late: bool = False,
) -> Invoice:
    assert p.provider is not None  # only bought placements are invoiced
    received = (period.end or period.start) + _RECEIVED_AFTER
    return Invoice(
        id=InvoiceId(f"{p.provider}-{p.id}-{month or period.start:%Y-%m}"),
        provider=p.provider,
        borough=p.borough,
        placement=p.id,
        period=period,
        lines=(InvoiceLine(description="placement fee", amount=Money(pence)),),
        received_on=received,
        paid_on=received + (dt.timedelta(days=45) if late else _PAID_AFTER),
    )


def sample_invoices(programme: Programme | None = None) -> SampleInvoices:
    """The invoice set for the sample (default :func:`slcp.sample.south_london`).

    Seeded, each on its own placement: a wrong rate (£25 a week over the fee), an uplift
    applied a month early (March 2020 at the fee from 1 April 2020), an uplift not applied
    (April 2020 at the March fee), days outside the placement (a final month billed in full
    after the placement ended), a duplicate, an overlap (a month billed from a week before
    it), a missing month and a late payment (45 days after receipt).
    """
    programme = programme or south_london()
    rounds = programme.uplift_rounds
    tiers = {p.id: p.tier for p in programme.providers}
    providers = _pick_providers(programme)
    months = _months()
    placements = sorted(
        (p for p in programme.placements if p.provider in providers and p.period.overlaps(_WINDOW)),
        key=lambda p: (p.provider or "", p.id),
    )

    def cost(p: Placement, period: DateRange) -> int:
        tier = tiers.get(p.provider) if p.provider is not None else None
        return cost_for_range(p, period, rounds, tier=tier).total.pence

    def steps_on(p: Placement, day: dt.date) -> tuple[Money, Money] | None:
        tier = tiers.get(p.provider) if p.provider is not None else None
        for seg in fee_schedule(p, rounds, tier=tier).segments:
            if seg.period.start == day and seg.steps and seg.steps[-1].effective == day:
                step = seg.steps[-1]
                if step.after != step.before:
                    return step.before, step.after
        return None

    invoices: dict[tuple[PlacementId, dt.date], Invoice] = {}
    for p in placements:
        for month in months:
            period = month.intersection(p.period)
            if period is None:
                continue
            invoices[(p.id, month.start)] = _invoice(p, period, cost(p, period))
    seeded: list[Discrepancy] = []
    used: set[PlacementId] = set()

    def seed(
        reason: DiscrepancyReason,
        fits: Callable[[Placement], DateRange | None],
        make: Callable[[Placement, DateRange], tuple[Invoice | None, int, DateRange]],
    ) -> None:
        for p in placements:
            if p.id in used:
                continue
            month = fits(p)
            if month is None:
                continue
            invoice, amount, period = make(p, month)
            if invoice is None:
                del invoices[(p.id, month.start)]
            else:
                invoices[(p.id, month.start)] = invoice
            used.add(p.id)
            seeded.append(
                Discrepancy(
                    reason=reason,
                    amount=Money(amount),
                    placement=p.id,
                    period=period,
                    invoice=None if invoice is None else invoice.id,
                    detail=f"seeded: {reason.value}",
                )
            )
            return

    def whole(p: Placement, month: DateRange) -> bool:
        # the placement runs all month at one weekly fee
        return (
            p.period.start <= month.start
            and (p.period.end is None or (month.end is not None and p.period.end >= month.end))
            and all(
                e.effective <= month.start or (month.end is not None and e.effective >= month.end)
                for e in p.fees.entries
            )
        )

    november, march, april, june = months[1], months[5], months[6], months[8]

    def wrong_rate(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        tier = tiers.get(p.provider) if p.provider is not None else None
        fee = fee_schedule(p, rounds, tier=tier).segment_on(month.start).weekly_fee
        billed = charge_for_period(fee + Money(2_500), month, p.charging).total.pence
        return _invoice(p, month, billed), billed - cost(p, month), month

    seed(
        DiscrepancyReason.WRONG_RATE,
        lambda p: november if whole(p, november) else None,
        wrong_rate,
    )

    def early(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        step = steps_on(p, _ROUND_DAY)
        assert step is not None
        billed = charge_for_period(step[1], month, p.charging).total.pence
        return _invoice(p, month, billed), billed - cost(p, month), month

    def missed(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        step = steps_on(p, _ROUND_DAY)
        assert step is not None
        billed = charge_for_period(step[0], month, p.charging).total.pence
        return _invoice(p, month, billed), billed - cost(p, month), month

    def has_round(p: Placement, month: DateRange) -> DateRange | None:
        return month if whole(p, month) and steps_on(p, _ROUND_DAY) is not None else None

    seed(DiscrepancyReason.UPLIFT_EARLY, lambda p: has_round(p, march), early)
    seed(DiscrepancyReason.UPLIFT_NOT_APPLIED, lambda p: has_round(p, april), missed)

    def ends_mid_month(p: Placement) -> DateRange | None:
        end = p.period.end
        if end is None or end.day == 1 or not dt.date(2019, 11, 2) <= end <= dt.date(2020, 2, 28):
            return None
        month = DateRange(start=end.replace(day=1), end=months_after(end.replace(day=1), 1))
        if p.period.start >= month.start or any(e.effective > month.start for e in p.fees.entries):
            return None
        return month

    def outside(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        tier = tiers.get(p.provider) if p.provider is not None else None
        fee = fee_schedule(p, rounds, tier=tier).segment_on(month.start).weekly_fee
        billed = charge_for_period(fee, month, p.charging).total.pence
        inside = month.intersection(p.period)
        assert inside is not None
        return _invoice(p, month, billed), billed - cost(p, inside), month

    seed(DiscrepancyReason.DAYS_OUTSIDE_PLACEMENT, ends_mid_month, outside)

    def duplicate(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        first = invoices[(p.id, month.start)]
        again = attrs.evolve(
            first,
            id=InvoiceId(f"{first.id}-again"),
            received_on=first.received_on + dt.timedelta(days=30),
            paid_on=(first.paid_on or first.received_on) + dt.timedelta(days=30),
        )
        # keep the first under a key of its own: the duplicate takes the month's key
        invoices[(p.id, month.start - dt.timedelta(days=1))] = first
        return again, first.total.pence, month

    seed(DiscrepancyReason.DUPLICATE, lambda p: june if whole(p, june) else None, duplicate)

    def overlap(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        period = DateRange(start=month.start - dt.timedelta(days=7), end=month.end)
        billed = cost(p, period)
        return _invoice(p, period, billed, month=month.start), billed - cost(p, month), period

    seed(
        DiscrepancyReason.OVERLAP,
        lambda p: november if whole(p, november) and whole(p, months[0]) else None,
        overlap,
    )

    def missing(p: Placement, month: DateRange) -> tuple[None, int, DateRange]:
        return None, -cost(p, month), month

    seed(DiscrepancyReason.MISSING, lambda p: june if whole(p, june) else None, missing)

    def late(p: Placement, month: DateRange) -> tuple[Invoice, int, DateRange]:
        return _invoice(p, month, cost(p, month), late=True), 0, month

    seed(DiscrepancyReason.LATE_PAYMENT, lambda p: november if whole(p, november) else None, late)
    ordered = sorted(
        invoices.values(), key=lambda i: (i.provider, i.placement, i.period.start, i.id)
    )
    return SampleInvoices(
        window=_WINDOW, providers=providers, invoices=tuple(ordered), seeded=tuple(seeded)
    )
