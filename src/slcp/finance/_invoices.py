"""Invoices and their reconciliation against the charge the placement's basis gives.

An :class:`Invoice` bills one placement for a period ``[start, end)`` (files write the last
day, inclusive). :func:`reconcile_invoices` compares each invoice with the expected charge
(:func:`slcp.pricing.cost_for_range`: fee history, the programme's uplift rounds, the charging
basis) for the days of the period the placement ran and no earlier invoice billed, and
explains each difference by the first of these that reproduces the invoiced amount to the
penny (``docs/decisions/1004``):

1. **duplicate** — the same placement, period and amount as an earlier invoice;
2. **overlap** — days an earlier invoice already billed, billed again at the right charge;
3. **days outside the placement** — the period runs before its start or after its end, and
   those days were charged at the fee next to them;
4. **uplift not applied** — the latest uplift round in force was left out;
5. **uplift applied early** — the next uplift round's fee was charged before its date;
6. **wrong rate** — anything else.

Placement days in the window that no invoice covers are **missing** invoices; invoices paid
more than the payment terms' days after receipt are **paid late**. Amounts are signed
``invoiced − expected`` in pence: positive is an over-charge.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NewType

import attrs

from slcp.domain import (
    FeeUpliftRound,
    GssCode,
    Placement,
    PlacementId,
    Programme,
    ProviderId,
)
from slcp.errors import InvalidValueError, PeriodError
from slcp.findings import Finding, Severity
from slcp.money import Money, round_pence
from slcp.periods import DateRange
from slcp.pricing import charge_for_period, cost_for_range, fee_on, uplift_date
from slcp.timeline import Source, SourceKind, Timeline

__all__ = [
    "Discrepancy",
    "DiscrepancyReason",
    "Invoice",
    "InvoiceCheck",
    "InvoiceId",
    "InvoiceLine",
    "InvoiceStatus",
    "PaymentTerms",
    "Reconciliation",
    "reconcile_invoices",
]

#: An invoice's number, as the provider wrote it.
InvoiceId = NewType("InvoiceId", str)


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """One line of an invoice.

    Attributes:
        description: what the line bills, as the provider wrote it.
        amount: the line's amount in pence, ex-VAT (negative for a credit).
    """

    description: str
    amount: Money


@attrs.frozen(kw_only=True)
class Invoice:
    """A provider's invoice for one placement and period.

    Attributes:
        id: the invoice number.
        provider: the provider invoicing.
        borough: the borough invoiced.
        placement: the placement billed.
        period: the days billed, ``[start, end)``: bounded and not empty (CSV files write
            the last day, inclusive).
        lines: the invoice's lines (at least one).
        received_on: the day the borough received it.
        paid_on: the day it was paid, or ``None`` while unpaid.

    >>> import datetime as dt
    >>> Invoice(id=InvoiceId("INV-1"), provider=ProviderId("P1"),
    ...     borough=GssCode("E09000008"), placement=PlacementId("PL1"),
    ...     period=DateRange(start=dt.date(2019, 4, 1), end=dt.date(2019, 4, 1)),
    ...     lines=(InvoiceLine(description="fee", amount=Money(100)),),
    ...     received_on=dt.date(2019, 5, 1))
    Traceback (most recent call last):
    ...
    slcp.errors.PeriodError: an invoice must bill at least one day...
    """

    id: InvoiceId
    provider: ProviderId
    borough: GssCode
    placement: PlacementId
    period: DateRange
    lines: tuple[InvoiceLine, ...]
    received_on: dt.date
    paid_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.period.end is None or self.period.end <= self.period.start:
            raise PeriodError(
                "an invoice must bill at least one day",
                field="period",
                value=str(self.period),
                expected="a last day on or after the first day",
            )
        if not self.lines:
            raise InvalidValueError("an invoice needs at least one line", field="lines")
        if self.paid_on is not None and self.paid_on < self.received_on:
            raise InvalidValueError(
                "an invoice cannot be paid before it was received",
                field="paid_on",
                value=self.paid_on,
                expected=f"on or after {self.received_on.isoformat()}",
            )

    @property
    def total(self) -> Money:
        """The sum of the lines, in pence."""
        return Money(sum(line.amount.pence for line in self.lines))

    @property
    def bounded_end(self) -> dt.date:
        """``period.end`` (always set for an invoice)."""
        return self.period.end or self.period.start


class DiscrepancyReason(enum.Enum):
    """Why an invoice differs from the expected charge, or what else is wrong."""

    WRONG_RATE = "wrong_rate"
    """Charged at a weekly fee other than the one agreed."""
    UPLIFT_EARLY = "uplift_early"
    """The next uplift round's fee charged before the round's date."""
    UPLIFT_NOT_APPLIED = "uplift_not_applied"
    """The fee before the latest uplift round charged after the round's date."""
    DAYS_OUTSIDE_PLACEMENT = "days_outside_placement"
    """Days before the placement started or after it ended charged."""
    DUPLICATE = "duplicate"
    """The same placement, period and amount invoiced again."""
    OVERLAP = "overlap"
    """Days an earlier invoice already billed, billed again."""
    MISSING = "missing"
    """Days the placement was charged for that no invoice covers."""
    LATE_PAYMENT = "late_payment"
    """Paid (or still unpaid) more than the payment terms' days after receipt."""


class InvoiceStatus(enum.Enum):
    """How an invoice compares with the expected charge."""

    MATCHED = "matched"
    OVERCHARGED = "overcharged"
    UNDERCHARGED = "undercharged"
    UNKNOWN_PLACEMENT = "unknown_placement"
    """The placement is not in the programme: nothing to compare with."""


@attrs.frozen(kw_only=True)
class PaymentTerms:
    """How soon an invoice should be paid: an assumption, labelled with its source.

    Attributes:
        days: days from receipt by which payment is due (paid on day ``received + days`` is on
            time).
        source: where the terms come from.
    """

    days: int = 30
    source: Source = Source(
        kind=SourceKind.ASSUMPTION,
        citation="30 days from receipt of a valid invoice (Public Contracts Regulations 2015, "
        "regulation 113); replace with the contract's terms",
    )

    def __attrs_post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 0:
            raise InvalidValueError(
                "payment terms must be a whole number of days", field="days", value=self.days
            )


@attrs.frozen(kw_only=True)
class Discrepancy:
    """One thing wrong with the invoices.

    Attributes:
        reason: what is wrong.
        amount: ``invoiced − expected`` in pence (positive: over-charged; a missing invoice is
            minus the charge not invoiced; zero for late payment).
        placement: the placement.
        period: the days concerned, ``[start, end)``.
        invoice: the invoice, or ``None`` for a missing invoice.
        detail: a sentence with the working.
    """

    reason: DiscrepancyReason
    amount: Money
    placement: PlacementId
    period: DateRange
    invoice: InvoiceId | None
    detail: str


@attrs.frozen(kw_only=True)
class InvoiceCheck:
    """One row of the reconciliation table.

    Attributes:
        invoice: the invoice number.
        provider: the provider.
        borough: the borough.
        placement: the placement.
        period: the days billed, ``[start, end)``.
        invoiced: the invoice's total.
        expected: the charge for the period's placement days no earlier invoice billed
            (rounded half up); ``None`` for an unknown placement.
        status: matched, over- or under-charged.
        reason: the explanation of a difference, if any.
        days_to_pay: days from receipt to payment (``None`` while unpaid).
        paid_late: True when paid (or, with an as-of date, still unpaid) beyond the terms.
    """

    invoice: InvoiceId
    provider: ProviderId
    borough: GssCode
    placement: PlacementId
    period: DateRange
    invoiced: Money
    expected: Money | None
    status: InvoiceStatus
    reason: DiscrepancyReason | None
    days_to_pay: int | None
    paid_late: bool

    @property
    def difference(self) -> Money | None:
        """``invoiced − expected`` (``None`` for an unknown placement)."""
        return None if self.expected is None else self.invoiced - self.expected


@attrs.frozen(kw_only=True)
class Reconciliation:
    """Invoices checked against the placements' charges.

    Attributes:
        window: the days checked for missing invoices, ``[start, end)``.
        terms: the payment terms used.
        checks: one row per invoice, in order of receipt (then number).
        discrepancies: every discrepancy, missing invoices and late payments included.
        findings: the same, as findings (plus invoices naming another provider or borough
            than the placement's, and unknown placements).
    """

    window: DateRange
    terms: PaymentTerms
    checks: tuple[InvoiceCheck, ...]
    discrepancies: tuple[Discrepancy, ...]
    findings: tuple[Finding, ...]

    def by_reason(self) -> dict[DiscrepancyReason, Money]:
        """The discrepancies' amounts summed by reason (reasons found only)."""
        out: dict[DiscrepancyReason, Money] = {}
        for d in self.discrepancies:
            out[d.reason] = out.get(d.reason, Money(0)) + d.amount
        return out


def _subtract(period: DateRange, taken: Sequence[DateRange]) -> list[DateRange]:
    """The parts of bounded ``period`` not in any of ``taken``, in order."""
    pieces = [period]
    for t in taken:
        out: list[DateRange] = []
        for p in pieces:
            p_end = p.end or p.start  # pieces are bounded by construction
            t_end = t.end or p_end
            if t_end <= p.start or t.start >= p_end:
                out.append(p)
                continue
            if p.start < t.start:
                out.append(DateRange(start=p.start, end=t.start))
            if t_end < p_end:
                out.append(DateRange(start=t_end, end=p_end))
        pieces = out
    return pieces


def _exact(
    placement: Placement,
    ranges: Iterable[DateRange],
    rounds: Sequence[FeeUpliftRound],
    tier: str | None,
) -> Fraction:
    return sum((cost_for_range(placement, r, rounds, tier=tier).exact for r in ranges), Fraction(0))


def _extended(placement: Placement, period: DateRange) -> Placement:
    """The placement stretched to run over all of ``period`` at the fees next to it."""
    start = min(placement.period.start, period.start)
    end = placement.period.end
    if end is not None and period.end is not None:
        end = max(end, period.end)
    entries = placement.fees.entries
    if start < entries[0].effective:
        entries = (attrs.evolve(entries[0], effective=start), *entries[1:])
    ends = placement.fees.ends
    if ends is not None and (end is None or end > ends):
        ends = end
    return attrs.evolve(
        placement,
        period=DateRange(start=start, end=end),
        fees=Timeline(entries=entries, ends=ends),
    )


def _explain(
    invoice: Invoice,
    placement: Placement,
    rounds: Sequence[FeeUpliftRound],
    tier: str | None,
    *,
    overlapped: bool,
) -> tuple[DiscrepancyReason, str]:
    period = invoice.period
    invoiced = invoice.total.pence
    full = cost_for_range(placement, period, rounds, tier=tier).total.pence
    if overlapped and invoiced == full:
        return DiscrepancyReason.OVERLAP, "days an earlier invoice billed were billed again"
    inside = period.intersection(placement.period)
    if inside != period:
        outside = cost_for_range(_extended(placement, period), period, rounds, tier=tier)
        if invoiced == outside.total.pence:
            return (
                DiscrepancyReason.DAYS_OUTSIDE_PLACEMENT,
                f"the placement runs {placement.period}; days outside it were charged",
            )
    if inside is None:
        return DiscrepancyReason.DAYS_OUTSIDE_PLACEMENT, "the placement did not run in the period"
    dated = [(d, r) for r in rounds if (d := uplift_date(placement, r)) is not None]
    applied = [(d, r) for d, r in dated if d < invoice.bounded_end]
    if applied:
        day, latest = max(applied, key=lambda item: (item[0], item[1].id))
        without = [r for r in rounds if r.id != latest.id]
        if invoiced == cost_for_range(placement, period, without, tier=tier).total.pence:
            return (
                DiscrepancyReason.UPLIFT_NOT_APPLIED,
                f"round {latest.id} (from {day.isoformat()}) was not applied",
            )
    upcoming = [(d, r) for d, r in dated if d > period.start]
    if upcoming:
        day, following = min(upcoming, key=lambda item: (item[0], item[1].id))
        new_fee = fee_on(placement, day, rounds, tier=tier).weekly_fee
        before_end = min(day, invoice.bounded_end)
        exact = Fraction(0)
        if inside.start < before_end:
            exact += charge_for_period(
                new_fee, DateRange(start=inside.start, end=before_end), placement.charging
            ).exact
        if day < invoice.bounded_end:
            exact += _exact(
                placement, [DateRange(start=day, end=invoice.bounded_end)], rounds, tier
            )
        if invoiced == round_pence(exact):
            return (
                DiscrepancyReason.UPLIFT_EARLY,
                f"round {following.id}'s fee {new_fee} a week was charged before {day.isoformat()}",
            )
    agreed = fee_on(placement, inside.start, rounds, tier=tier).weekly_fee
    weeks = charge_for_period(agreed, inside, placement.charging).weeks
    if weeks:
        implied = Money(round_pence(Fraction(invoiced) / weeks))
        return (
            DiscrepancyReason.WRONG_RATE,
            f"charged as if {implied} a week; the fee in force on "
            f"{inside.start.isoformat()} is {agreed} a week",
        )
    return DiscrepancyReason.WRONG_RATE, "the amount matches no agreed fee for the period"


def _finding(d: Discrepancy, subject: str) -> Finding:
    code = "invoice-" + d.reason.value.replace("_", "-")
    return Finding(severity=Severity.WARNING, code=code, message=d.detail, subject_id=subject)


def reconcile_invoices(
    programme: Programme,
    invoices: Iterable[Invoice],
    *,
    window: DateRange | None = None,
    terms: PaymentTerms | None = None,
    as_of: dt.date | None = None,
) -> Reconciliation:
    """Check invoices against the charges their placements' bases give.

    Invoices are taken in order of receipt (then number): an invoice is compared with the
    charge for its period's placement days that no earlier invoice billed.

    Args:
        programme: the placements, uplift rounds and providers' tiers.
        invoices: the invoices.
        window: the days in which every charged placement day should be invoiced, for the
            providers that invoiced at all; default from the first invoiced day to the last.
        terms: payment terms (default 30 days, an assumption).
        as_of: when given, invoices still unpaid more than ``terms.days`` after receipt on
            this day are late too.

    Returns:
        The table of checks, every discrepancy and the findings.
    """
    terms = terms or PaymentTerms()
    ordered = sorted(invoices, key=lambda i: (i.received_on, i.id))
    if window is None:
        if ordered:
            window = DateRange(
                start=min(i.period.start for i in ordered),
                end=max(i.bounded_end for i in ordered),
            )
        else:
            window = DateRange(start=dt.date(2000, 1, 1), end=dt.date(2000, 1, 1))
    tiers = {p.id: p.tier for p in programme.providers}
    rounds = programme.uplift_rounds
    billed: dict[str, list[Invoice]] = {}
    checks: list[InvoiceCheck] = []
    discrepancies: list[Discrepancy] = []
    findings: list[Finding] = []
    for inv in ordered:
        late = _late(inv, terms, as_of)
        days_to_pay = None if inv.paid_on is None else (inv.paid_on - inv.received_on).days
        earlier = billed.setdefault(inv.placement, [])
        if not programme.has_placement(inv.placement):
            findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code="invoice-unknown-placement",
                    message=f"placement {inv.placement} is not in the programme",
                    subject_id=inv.id,
                )
            )
            checks.append(_check(inv, None, InvoiceStatus.UNKNOWN_PLACEMENT, None, late))
            earlier.append(inv)
            continue
        placement = programme.placement(inv.placement)
        tier = tiers.get(placement.provider) if placement.provider is not None else None
        for field, theirs, ours in (
            ("provider", inv.provider, placement.provider),
            ("borough", inv.borough, placement.borough),
        ):
            if theirs != ours:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code=f"invoice-wrong-{field}",
                        message=f"the invoice names {field} {theirs}; placement "
                        f"{placement.id}'s is {ours}",
                        subject_id=inv.id,
                    )
                )
        duplicate = next(
            (e for e in earlier if e.period == inv.period and e.total == inv.total), None
        )
        reason: DiscrepancyReason | None = None
        if duplicate is not None:
            expected = Money(0)
            reason = DiscrepancyReason.DUPLICATE
            detail = f"the same placement, period and amount as invoice {duplicate.id}"
        else:
            overlaps = [e.period for e in earlier if e.period.overlaps(inv.period)]
            inside = inv.period.intersection(placement.period)
            fresh = _subtract(inside, overlaps) if inside is not None else []
            expected = Money(round_pence(_exact(placement, fresh, rounds, tier)))
            detail = ""
            if inv.total != expected:
                reason, detail = _explain(inv, placement, rounds, tier, overlapped=bool(overlaps))
        earlier.append(inv)
        difference = inv.total - expected
        if reason is not None:
            d = Discrepancy(
                reason=reason,
                amount=difference,
                placement=placement.id,
                period=inv.period,
                invoice=inv.id,
                detail=f"invoice {inv.id} for {inv.period}: charged {inv.total}, expected "
                f"{expected} ({'over' if difference.pence > 0 else 'under'}-charged by "
                f"{abs(difference)}): {detail}",
            )
            discrepancies.append(d)
            findings.append(_finding(d, inv.id))
        status = (
            InvoiceStatus.MATCHED
            if difference.pence == 0
            else InvoiceStatus.OVERCHARGED
            if difference.pence > 0
            else InvoiceStatus.UNDERCHARGED
        )
        checks.append(
            InvoiceCheck(
                invoice=inv.id,
                provider=inv.provider,
                borough=inv.borough,
                placement=inv.placement,
                period=inv.period,
                invoiced=inv.total,
                expected=expected,
                status=status,
                reason=reason,
                days_to_pay=days_to_pay,
                paid_late=late,
            )
        )
        if late:
            waited = days_to_pay if days_to_pay is not None else (as_of or inv.received_on)
            d = Discrepancy(
                reason=DiscrepancyReason.LATE_PAYMENT,
                amount=Money(0),
                placement=inv.placement,
                period=inv.period,
                invoice=inv.id,
                detail=f"invoice {inv.id} received {inv.received_on.isoformat()} was "
                + (
                    f"paid after {waited} days"
                    if inv.paid_on is not None
                    else f"still unpaid on {as_of}"
                )
                + f"; terms are {terms.days} days ({terms.source.citation})",
            )
            discrepancies.append(d)
            findings.append(_finding(d, inv.id))
    for d in _missing(programme, ordered, window, rounds, tiers):
        discrepancies.append(d)
        findings.append(_finding(d, d.placement))
    return Reconciliation(
        window=window,
        terms=terms,
        checks=tuple(checks),
        discrepancies=tuple(discrepancies),
        findings=tuple(findings),
    )


def _late(inv: Invoice, terms: PaymentTerms, as_of: dt.date | None) -> bool:
    if inv.paid_on is not None:
        return (inv.paid_on - inv.received_on).days > terms.days
    return as_of is not None and (as_of - inv.received_on).days > terms.days


def _check(
    inv: Invoice,
    expected: Money | None,
    status: InvoiceStatus,
    reason: DiscrepancyReason | None,
    late: bool,
) -> InvoiceCheck:
    return InvoiceCheck(
        invoice=inv.id,
        provider=inv.provider,
        borough=inv.borough,
        placement=inv.placement,
        period=inv.period,
        invoiced=inv.total,
        expected=expected,
        status=status,
        reason=reason,
        days_to_pay=None if inv.paid_on is None else (inv.paid_on - inv.received_on).days,
        paid_late=late,
    )


def _missing(
    programme: Programme,
    invoices: Sequence[Invoice],
    window: DateRange,
    rounds: Sequence[FeeUpliftRound],
    tiers: dict[ProviderId, str | None],
) -> list[Discrepancy]:
    providers = {i.provider for i in invoices}
    covered: dict[str, list[DateRange]] = {}
    for inv in invoices:
        covered.setdefault(inv.placement, []).append(inv.period)
    out: list[Discrepancy] = []
    for p in programme.placements:
        if p.provider is None or p.provider not in providers:
            continue
        inside = window.intersection(p.period)
        if inside is None or inside.end is None:
            continue
        tier = tiers.get(p.provider)
        for gap in _subtract(inside, sorted(covered.get(p.id, []), key=lambda r: r.start)):
            charge = cost_for_range(p, gap, rounds, tier=tier).total
            if charge.pence == 0:
                continue
            out.append(
                Discrepancy(
                    reason=DiscrepancyReason.MISSING,
                    amount=-charge,
                    placement=p.id,
                    period=gap,
                    invoice=None,
                    detail=f"no invoice covers placement {p.id}'s days {gap}, charged {charge}",
                )
            )
    return out
