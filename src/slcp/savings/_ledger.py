"""The savings ledger: every saving with its source, financial year, workstream and evidence.

Savings are entered with their evidence (``Programme.savings``) or derived from data by the
``derive_*`` functions here. A saving over a range of days is split by financial year: the
exact amount is rounded once (half up) for the whole range, and the rounded total is allocated
to the years by days, so the parts add up to it exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from slcp.domain import (
    GssCode,
    Programme,
    RouteKind,
    SavingId,
    SavingRecord,
    SavingSource,
    ServiceKind,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate, allocate_pence, round_pence
from slcp.periods import DateRange, FinancialYear, split_by_financial_year
from slcp.pricing import CostAvoidance, cost_avoidance
from slcp.savings._shapley import VolumePriceCurve, coalition_gain
from slcp.timeline import Source, SourceKind

__all__ = [
    "BasisKind",
    "FigureBasis",
    "SavingsLedger",
    "basis_of_saving",
    "basis_of_source",
    "build_ledger",
    "derive_dps_transaction_cost_savings",
    "derive_fee_increase_savings",
    "derive_negotiated_reduction",
    "derive_spot_to_framework_savings",
    "derive_transaction_cost_saving",
    "derive_volume_discount",
    "split_saving_by_financial_year",
]


class BasisKind(enum.Enum):
    """What a figure rests on.

    ``DATA``: entered, with its source. ``DERIVED``: computed from data, with the rule.
    ``ASSUMPTION``: a parameter someone chose (who and why in its source).
    """

    DATA = "data"
    DERIVED = "derived"
    ASSUMPTION = "assumption"


@attrs.frozen(kw_only=True)
class FigureBasis:
    """Where one figure comes from.

    Attributes:
        kind: data, derived or assumption.
        source: the source cited (for an assumption, who chose it and why).
        rule: for a derived figure, the rule it was computed by, in words; else ``None``.
    """

    kind: BasisKind
    source: Source
    rule: str | None = None

    @property
    def is_assumption(self) -> bool:
        """True when the figure rests on an assumption."""
        return self.kind is BasisKind.ASSUMPTION


#: The words in a citation that mark a figure as chosen rather than observed: a source of
#: kind ``assumption`` always is; a citation saying "assumption" or "(sample)" names a figure
#: made up for a sample, whatever the kind of document it is dressed as.
_ASSUMPTION_MARKS = ("assumption", "(sample)")

#: The rule behind each derived saving, as the report states it.
_DERIVED_RULES = {
    SavingSource.FEE_INCREASE_AVOIDANCE: "requested minus agreed uplift on each placement, "
    "each round against the fees before it (per-round counterfactual)",
    SavingSource.TRANSACTION_COST: "cost per placement made × reduction × placements made",
    SavingSource.NEGOTIATED_REDUCTION: "(baseline − agreed weekly price) ÷ 7 × days",
    SavingSource.SPOT_TO_FRAMEWORK: "(spot weekly price − framework fee) ÷ 7 × days",
    SavingSource.VOLUME_DISCOUNT: "Σ q·p(q) − Q·p(Q) under the volume-price curve",
}


def basis_of_source(source: Source, *, rule: str | None = None) -> FigureBasis:
    """The basis of a figure cited to ``source``: an assumption when the source is one (its
    kind is ``assumption`` or its citation says "assumption" or "(sample)"), else derived when
    a ``rule`` is given, else data.

    >>> from slcp.timeline import SourceKind
    >>> cited = Source(kind=SourceKind.REPORT, citation="£1,450 is a sample assumption")
    >>> basis_of_source(cited).kind
    <BasisKind.ASSUMPTION: 'assumption'>
    >>> basis_of_source(Source(kind=SourceKind.REPORT, citation="board minutes")).kind
    <BasisKind.DATA: 'data'>
    """
    text = source.citation.lower()
    if source.kind is SourceKind.ASSUMPTION or any(m in text for m in _ASSUMPTION_MARKS):
        return FigureBasis(kind=BasisKind.ASSUMPTION, source=source, rule=rule)
    if rule is not None:
        return FigureBasis(kind=BasisKind.DERIVED, source=source, rule=rule)
    return FigureBasis(kind=BasisKind.DATA, source=source)


def basis_of_saving(record: SavingRecord) -> FigureBasis:
    """The basis of a saving record: an assumption when its evidence is one (see
    :func:`basis_of_source`) — the rule kept when it was derived from an assumed parameter —
    derived (with its rule) when calculated, data when entered.

    >>> from slcp.timeline import SourceKind
    >>> ev = Source(kind=SourceKind.REPORT, citation="seed 001; £1,450 is a sample assumption")
    >>> rec = derive_transaction_cost_saving(id=SavingId("T1"), cost_per_placement=Money(145_000),
    ...     reduction=Rate.of("0.11"), placements=1, financial_year=FinancialYear(2016),
    ...     workstream=Workstream.SEND, evidence=ev)
    >>> b = basis_of_saving(rec)
    >>> b.kind.value, b.rule
    ('assumption', 'cost per placement made × reduction × placements made')
    """
    rule = _DERIVED_RULES.get(record.source, "calculated") if record.derived else None
    return basis_of_source(record.evidence, rule=rule)


def _as_records(records: Iterable[SavingRecord]) -> tuple[SavingRecord, ...]:
    return tuple(records)


@attrs.frozen(kw_only=True)
class SavingsLedger:
    """Saving records, entered and derived, each with a unique id.

    Attributes:
        records: the savings, in the order given.

    >>> import datetime as dt
    >>> from slcp.timeline import SourceKind
    >>> ev = Source(kind=SourceKind.REPORT, citation="board minutes")
    >>> rec = SavingRecord(id=SavingId("S1"), source=SavingSource.OTHER, amount=Money(1),
    ...     financial_year=FinancialYear(2019), workstream=Workstream.SEND, evidence=ev)
    >>> SavingsLedger(records=(rec,)).total, SavingsLedger(records=()).total
    (Money(pence=1), Money(pence=0))
    >>> SavingsLedger(records=(rec, rec))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: saving ids must be unique...
    """

    records: tuple[SavingRecord, ...] = attrs.field(converter=_as_records)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i, r in enumerate(self.records):
            if r.id in seen:
                raise InvalidValueError(
                    "saving ids must be unique in a ledger",
                    field=f"records[{i}].id",
                    value=r.id,
                    expected="an id used once",
                )
            seen.add(r.id)

    @classmethod
    def from_programme(
        cls, programme: Programme, derived: Iterable[SavingRecord] = ()
    ) -> SavingsLedger:
        """The programme's entered savings followed by ``derived`` ones."""
        return cls(records=(*programme.savings, *derived))

    @property
    def total(self) -> Money:
        """The sum of every record (whole pence; nothing rounded here)."""
        return sum((r.amount for r in self.records), Money(0))

    def by_source(self) -> dict[SavingSource, Money]:
        """Totals per source, in the order of :class:`SavingSource`; sources absent are left out.

        The totals add up to :attr:`total` exactly.
        """
        out: dict[SavingSource, Money] = {}
        for source in SavingSource:
            amounts = [r.amount for r in self.records if r.source is source]
            if amounts:
                out[source] = sum(amounts, Money(0))
        return out

    def years(self) -> tuple[FinancialYear, ...]:
        """The financial years with at least one record, ascending."""
        return tuple(sorted({r.financial_year for r in self.records}))

    def for_year(self, year: FinancialYear) -> SavingsLedger:
        """Only the records realised in ``year``."""
        return SavingsLedger(records=tuple(r for r in self.records if r.financial_year == year))

    def through_year(self, year: FinancialYear) -> SavingsLedger:
        """Only the records realised in ``year`` or before it (cumulative to date)."""
        return SavingsLedger(records=tuple(r for r in self.records if r.financial_year <= year))

    def for_workstream(self, workstream: Workstream) -> SavingsLedger:
        """Only the records of ``workstream``."""
        return SavingsLedger(records=tuple(r for r in self.records if r.workstream is workstream))

    def with_records(self, records: Iterable[SavingRecord]) -> SavingsLedger:
        """This ledger with ``records`` appended (ids must stay unique)."""
        return SavingsLedger(records=(*self.records, *records))


def split_saving_by_financial_year(
    *,
    id: SavingId,
    exact_pence: Fraction,
    period: DateRange,
    source: SavingSource,
    workstream: Workstream,
    evidence: Source,
    borough: GssCode | None = None,
) -> tuple[SavingRecord, ...]:
    """Records for a saving accrued evenly by day over ``period``, one per financial year.

    The exact saving is rounded half up once, for the whole period; that total is allocated
    to the years in proportion to their days (largest remainder), so the records add up to it
    exactly. Each record's id is ``id`` followed by ``"/"`` and the year (``"S1/2019-20"``).

    Raises:
        InvalidValueError: for an open-ended or empty period.

    >>> import datetime as dt
    >>> from slcp.timeline import SourceKind
    >>> ev = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> recs = split_saving_by_financial_year(id=SavingId("S1"), exact_pence=Fraction(1001, 2),
    ...     period=DateRange(start=dt.date(2020, 3, 31), end=dt.date(2020, 4, 2)),
    ...     source=SavingSource.OTHER, workstream=Workstream.LAC, evidence=ev)
    >>> [(r.id, r.amount.pence) for r in recs]  # 500.5p rounds to 501p: 251p + 250p
    [('S1/2019-20', 251), ('S1/2020-21', 250)]
    """
    if period.end is None or period.is_empty:
        raise InvalidValueError(
            "a saving accrues over a bounded, non-empty period",
            field="period",
            value=str(period),
            expected="[start, end) with end after start",
        )
    pieces = split_by_financial_year(period)
    total = round_pence(exact_pence)
    parts = allocate_pence(total, {fy: piece.days for fy, piece in pieces})
    return tuple(
        SavingRecord(
            id=SavingId(f"{id}/{_year_slug(fy)}"),
            source=source,
            financial_year=fy,
            workstream=workstream,
            amount=Money(pence),
            evidence=evidence,
            borough=borough,
            derived=True,
        )
        for fy, pence in parts.items()
    )


def _year_slug(year: FinancialYear) -> str:
    # "2019-20": a year label without the "/" that separates the parts of a saving id.
    return str(year).replace("/", "-")


def _weekly_difference_saving(higher: Money, lower: Money, days: int) -> Fraction:
    # Weekly prices are charged pro rata by day (REFERENCE §3): (higher − lower) ÷ 7 × days.
    return Fraction((higher - lower).pence * days, 7)


def derive_negotiated_reduction(
    *,
    id: SavingId,
    baseline_weekly: Money,
    agreed_weekly: Money,
    period: DateRange,
    workstream: Workstream,
    evidence: Source,
    borough: GssCode | None = None,
) -> tuple[SavingRecord, ...]:
    """A price negotiated below a baseline: ``(baseline − agreed) ÷ 7 × days``, per year.

    Args:
        id: id stem of the records (the year is appended).
        baseline_weekly: the weekly price before negotiation (the provider's list price).
        agreed_weekly: the weekly price agreed; a price above the baseline gives a negative
            saving (a cost), recorded as such, never hidden.
        period: the days the agreed price is in force, ``[start, end)``.
        workstream: the workstream.
        evidence: what shows the baseline and the agreed price.
        borough: the borough whose placement it is (``None`` for a partnership-wide price).

    >>> import datetime as dt
    >>> from slcp.timeline import SourceKind
    >>> ev = Source(kind=SourceKind.AGREEMENT, citation="price letter")
    >>> recs = derive_negotiated_reduction(id=SavingId("N1"), baseline_weekly=Money(400_000),
    ...     agreed_weekly=Money(380_000), period=DateRange(start=dt.date(2020, 4, 1),
    ...     end=dt.date(2020, 4, 15)), workstream=Workstream.LAC, evidence=ev)
    >>> [r.amount for r in recs]  # £200 a week for 2 weeks
    [Money(pence=40000)]
    """
    return split_saving_by_financial_year(
        id=id,
        exact_pence=_weekly_difference_saving(baseline_weekly, agreed_weekly, _days(period)),
        period=period,
        source=SavingSource.NEGOTIATED_REDUCTION,
        workstream=workstream,
        evidence=evidence,
        borough=borough,
    )


def _days(period: DateRange) -> int:
    if period.end is None:
        raise InvalidValueError(
            "a saving accrues over a bounded period",
            field="period",
            value=str(period),
            expected="[start, end) with an end; bound it by the reporting horizon",
        )
    return period.days


def derive_spot_to_framework_savings(
    programme: Programme,
    spot_weekly: Mapping[ServiceKind, Money],
    *,
    within: DateRange,
    evidence: Source,
) -> tuple[SavingRecord, ...]:
    """Savings of placements bought through a framework or DPS instead of spot, per year.

    For every framework or DPS call-off placement of a service kind with a spot reference
    price: ``(spot weekly price − contractual weekly fee in force) ÷ 7 × days``, over the days
    of ``within`` the placement runs, for each fee in its history. Programme-wide fee-uplift
    rounds are not applied to the framework fee (they raise the spot price alike). One record
    set per placement, ids ``"spot-to-framework/<placement>/<year>"``; the borough is the
    placing borough (the saving is its own).

    Args:
        programme: the programme.
        spot_weekly: the spot reference weekly price per service kind (e.g. from a price
            benchmark); kinds without one are skipped.
        within: the bounded range to count days in.
        evidence: where the spot reference prices come from.
    """
    _days(within)
    out: list[SavingRecord] = []
    for p in programme.placements:
        if p.route.kind not in (RouteKind.FRAMEWORK_CALL_OFF, RouteKind.DPS_CALL_OFF):
            continue
        spot = spot_weekly.get(p.service)
        running = p.period.intersection(within)
        if spot is None or running is None:
            continue
        exact = Fraction(0)
        for span, entry in p.fees.periods():
            piece = span.intersection(running)
            if piece is not None:
                exact += _weekly_difference_saving(spot, entry.value.total, _days(piece))
        out.extend(
            split_saving_by_financial_year(
                id=SavingId(f"spot-to-framework/{p.id}"),
                exact_pence=exact,
                period=running,
                source=SavingSource.SPOT_TO_FRAMEWORK,
                workstream=p.workstream,
                evidence=evidence,
                borough=p.borough,
            )
        )
    return tuple(out)


def derive_transaction_cost_saving(
    *,
    id: SavingId,
    cost_per_placement: Money,
    reduction: Rate,
    placements: int,
    financial_year: FinancialYear,
    workstream: Workstream,
    evidence: Source,
    borough: GssCode | None = None,
) -> SavingRecord:
    """Lower transaction costs: ``cost per placement made × reduction × placements``.

    The seeds report transaction costs about 11% lower through a DPS's shared registration,
    accreditation and enrolment of suppliers (seed 001; seed 004 §3.2.4), so ``reduction`` is
    typically ``Rate.of("0.11")``. Rounded half up to the penny once.

    Raises:
        InvalidValueError: a negative number of placements.

    >>> from slcp.timeline import SourceKind
    >>> ev = Source(kind=SourceKind.REPORT, citation="seed 001")
    >>> derive_transaction_cost_saving(id=SavingId("T1"), cost_per_placement=Money(150_000),
    ...     reduction=Rate.of("0.11"), placements=3, financial_year=FinancialYear(2016),
    ...     workstream=Workstream.SEND, evidence=ev).amount  # £1,500 × 11% × 3 = £495
    Money(pence=49500)
    """
    if isinstance(placements, bool) or not isinstance(placements, int) or placements < 0:
        raise InvalidValueError(
            "the number of placements must be a non-negative int",
            field="placements",
            value=placements,
            expected=">= 0",
        )
    exact = cost_per_placement.pence * reduction.fraction * placements
    return SavingRecord(
        id=id,
        source=SavingSource.TRANSACTION_COST,
        financial_year=financial_year,
        workstream=workstream,
        amount=Money(round_pence(exact)),
        evidence=evidence,
        borough=borough,
        derived=True,
    )


def derive_dps_transaction_cost_savings(
    programme: Programme,
    *,
    financial_year: FinancialYear,
    cost_per_placement: Money,
    reduction: Rate,
    evidence: Source,
) -> tuple[SavingRecord, ...]:
    """Transaction-cost savings per borough and workstream for DPS placements made in a year.

    A placement is "made" in the year it starts; only DPS call-offs count. Each borough's
    saving is its own (``borough`` set), id ``"dps-transaction/<year>/<workstream>/<gss>"``.
    """
    counts: dict[tuple[Workstream, GssCode], int] = {}
    for p in programme.placements:
        if p.route.kind is RouteKind.DPS_CALL_OFF and p.period.start in financial_year.range:
            key = (p.workstream, p.borough)
            counts[key] = counts.get(key, 0) + 1
    return tuple(
        derive_transaction_cost_saving(
            id=SavingId(f"dps-transaction/{financial_year.start_year}/{ws.value}/{gss}"),
            cost_per_placement=cost_per_placement,
            reduction=reduction,
            placements=n,
            financial_year=financial_year,
            workstream=ws,
            evidence=evidence,
            borough=gss,
        )
        for (ws, gss), n in sorted(counts.items(), key=lambda kv: (kv[0][0].value, kv[0][1]))
    )


def derive_volume_discount(
    *,
    id: SavingId,
    volumes: Mapping[str, Fraction | int],
    curve: VolumePriceCurve,
    financial_year: FinancialYear,
    workstream: Workstream,
    evidence: Source,
) -> SavingRecord:
    """The partnership's volume discount: ``Σ q_i·p(q_i) − Q·p(Q)``, rounded half up.

    The saving belongs to the partnership (``borough`` is ``None``); attribute it with
    equal price or Shapley values (see :mod:`slcp.savings`).

    >>> from slcp.timeline import SourceKind
    >>> from slcp.savings._shapley import LinearPriceCurve
    >>> ev = Source(kind=SourceKind.ASSUMPTION, citation="price curve")
    >>> derive_volume_discount(id=SavingId("V1"), volumes={"A": 1, "B": 2},
    ...     curve=LinearPriceCurve(intercept=100, slope=1), financial_year=FinancialYear(2019),
    ...     workstream=Workstream.LAC, evidence=ev).amount  # 1·99 + 2·98 − 3·97
    Money(pence=4)
    """
    gain = coalition_gain(volumes, curve, list(volumes))
    return SavingRecord(
        id=id,
        source=SavingSource.VOLUME_DISCOUNT,
        financial_year=financial_year,
        workstream=workstream,
        amount=Money(round_pence(gain)),
        evidence=evidence,
        borough=None,
        derived=True,
    )


def derive_fee_increase_savings(
    avoidance: CostAvoidance, *, evidence: Source | None = None
) -> tuple[SavingRecord, ...]:
    """Fee-increase cost avoidance (from :func:`slcp.pricing.cost_avoidance`) as saving records.

    One record per round, financial year, workstream and borough, summing the pricing lines
    (whole pence already allocated by pricing), so the records add up to
    ``avoidance.total`` exactly. The saving arose on the borough's own placements, so the
    record names it (direct attribution keeps it there). Ids are
    ``"fee-avoidance/<round>/<2019-20>/<gss>"``; zero sums are left out.

    Args:
        avoidance: the pricing result.
        evidence: the source to record (default: the pricing method, as a report).
    """
    source = evidence or Source(
        kind=SourceKind.REPORT,
        citation="slcp.pricing.cost_avoidance: " + avoidance.method,
    )
    sums: dict[tuple[str, FinancialYear, Workstream, GssCode], int] = {}
    for line in avoidance.lines:
        key = (line.round_id, line.financial_year, line.workstream, line.borough)
        sums[key] = sums.get(key, 0) + line.amount.pence
    return tuple(
        SavingRecord(
            id=SavingId(f"fee-avoidance/{rid}/{_year_slug(fy)}/{gss}"),
            source=SavingSource.FEE_INCREASE_AVOIDANCE,
            financial_year=fy,
            workstream=ws,
            amount=Money(pence),
            evidence=source,
            borough=gss,
            derived=True,
        )
        for (rid, fy, ws, gss), pence in sorted(
            sums.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][3])
        )
        if pence != 0
    )


def build_ledger(
    programme: Programme, *, horizon: FinancialYear, avoidance: CostAvoidance | None = None
) -> SavingsLedger:
    """The programme's ledger: entered savings plus fee-increase avoidance derived to ``horizon``.

    Entered records win: where the programme already records fee-increase avoidance for a
    workstream and financial year, the derived records for that workstream and year are left
    out, so nothing is counted twice. Other derivations (negotiated reductions, spot to
    framework, DPS transaction costs, volume discounts) need figures the programme does not
    hold (baseline and spot prices, a cost per placement, a volume-price curve): derive them
    with the ``derive_*`` functions and add them with :meth:`SavingsLedger.with_records`.

    Args:
        programme: the programme.
        horizon: the last financial year derived (inclusive).
        avoidance: ``cost_avoidance(programme, horizon=horizon)`` when the caller already
            holds it (a report computes it once for its pricing and savings sections);
            ``None`` computes it here.

    Raises:
        InvalidValueError: ``avoidance`` was computed to another horizon.
    """
    if avoidance is not None and avoidance.horizon != horizon:
        raise InvalidValueError(
            "cost avoidance was computed to another horizon",
            field="avoidance",
            value=str(avoidance.horizon),
            expected=str(horizon),
        )
    entered = {
        (r.workstream, r.financial_year)
        for r in programme.savings
        if r.source is SavingSource.FEE_INCREASE_AVOIDANCE
    }
    derived: tuple[SavingRecord, ...] = ()
    if programme.uplift_rounds:
        derived = tuple(
            r
            for r in derive_fee_increase_savings(
                cost_avoidance(programme, horizon=horizon) if avoidance is None else avoidance
            )
            if (r.workstream, r.financial_year) not in entered
        )
    return SavingsLedger.from_programme(programme, derived)
