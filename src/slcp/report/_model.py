"""The report model: frozen records, one per section, computed once and only read afterwards.

Renderers (JSON-ready data here, text, CSV, Excel and HTML in :mod:`slcp.render`) read these
records and never call a calculation. Where the library already has a result record (a
:class:`~slcp.savings.ReturnOnInvestment`, a :class:`~slcp.outcomes.Scorecard`, a
:class:`~slcp.outcomes.stability.StabilityResult`) the model holds it as is, so every figure
can still be audited back to its working.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from slcp.demand import DemandOutlook
from slcp.domain import (
    Contribution,
    GssCode,
    LotId,
    ProviderId,
    SavingRecord,
    SavingSource,
    ServiceKind,
    VehicleId,
    Workstream,
)
from slcp.market import MarketPosition
from slcp.money import Money
from slcp.outcomes import (
    TOTAL,
    DisclosedTable,
    DisclosurePolicy,
    KpiDefinition,
    OutcomeStatus,
    PublishedCount,
    RagThresholds,
    ReviewTimeliness,
    Scorecard,
)
from slcp.outcomes.scorecard import KpiMedian
from slcp.outcomes.stability import StabilityResult
from slcp.periods import FinancialYear
from slcp.pricing import AvoidanceConvention, BoroughBudget, CallOffActivity
from slcp.report._send import SendSection
from slcp.savings import (
    AttributionMethod,
    BusinessCaseCheck,
    FigureBasis,
    Payback,
    ProgrammeReturn,
    RecordAttribution,
    ReturnOnInvestment,
)
from slcp.timeline import Source

if TYPE_CHECKING:
    from slcp.report._finance import Finance, Funding

__all__ = [
    "Assumption",
    "BoroughAttribution",
    "BoroughAvoidance",
    "BoroughDrillDown",
    "BoroughOverview",
    "BoroughReturn",
    "BoroughStability",
    "BudgetLine",
    "CallOffs",
    "CreditedSaving",
    "CumulativeAvoidance",
    "Disclosure",
    "FeeIncreases",
    "FrameworkBusinessCase",
    "FrameworkBusinessCaseYear",
    "IcaProgress",
    "KpiLine",
    "Overview",
    "ProgrammeReturns",
    "Provenance",
    "ProviderScore",
    "PublishedTable",
    "Report",
    "RoundBorough",
    "RoundSummary",
    "Savings",
    "Scorecards",
    "SourceAmount",
    "Spend",
    "SpendLine",
    "Stability",
    "VehicleCallOffs",
    "WorkstreamProgrammeReturn",
    "WorkstreamReturn",
    "YearAmount",
]

#: What the report says of a programme passed in code rather than read from a file.
PROGRAMME_IN_CODE = "programme passed in code"
#: What the report says of the embedded sample.
EMBEDDED_SAMPLE = "embedded synthetic sample"


@attrs.frozen(kw_only=True)
class Assumption:
    """A parameter someone chose that figures in the report rest on.

    Attributes:
        subject: what it sets, in words (``"SEND contributions"``, ``"attribution method"``).
        source: who chose it and why (its citation).
        affects: which figures rest on it, in words.
        amount: the money resting on it to the report year (inclusive), in pence, or
            ``None`` for a convention (a method, not an amount).
    """

    subject: str
    source: Source
    affects: str
    amount: Money | None = None


@attrs.frozen(kw_only=True)
class Provenance:
    """Where the report came from: the header every rendering starts with.

    Attributes:
        slcp_version: the installed slcp's version.
        input_name: the input file's name, ``"embedded synthetic sample"`` or
            ``"programme passed in code"``.
        input_sha256: the input file's SHA-256 (hex), or ``None`` when not read from a file.
        synthetic: True for the embedded sample (its figures are modelled, not real data).
        financial_year: the year reported on.
        as_of: the year's last day (31 March), the day scorecards and ICAs are assessed on.
        attribution: the savings attribution method used.
        outcomes_framework: the KPI framework providers are scored on, or ``None`` when the
            report has no outcomes section.
        assumptions: the assumptions in force: chosen parameters (from sources of kind
            ``assumption`` or citations saying so) and the conventions the figures use.
    """

    slcp_version: str
    input_name: str
    input_sha256: str | None = None
    synthetic: bool = False
    financial_year: FinancialYear
    as_of: dt.date
    attribution: AttributionMethod
    outcomes_framework: str | None = None
    assumptions: tuple[Assumption, ...] = ()


@attrs.frozen(kw_only=True)
class BoroughOverview:
    """One borough in the overview.

    Attributes:
        name: the borough's name.
        gss_code: its ONS code.
        dfe_code: its DfE (LA) code.
        workstreams: the workstreams it belonged to on any day of the year.
        placements: placements active on at least one day of the year.
        spend: its spend in the year (allocated from the rounded programme total).
    """

    name: str
    gss_code: GssCode
    dfe_code: str
    workstreams: tuple[Workstream, ...]
    placements: int
    spend: Money


@attrs.frozen(kw_only=True)
class Overview:
    """The programme, its boroughs and the year's spend.

    Attributes:
        programme: the programme's name.
        host: the host borough's GSS code.
        host_name: the host borough's name (its code when the programme lacks it).
        financial_year: the year reported on.
        boroughs: every borough, alphabetical by name.
        total_spend: the year's spend; the boroughs' ``spend`` add up to it exactly.
    """

    programme: str
    host: GssCode
    host_name: str
    financial_year: FinancialYear
    boroughs: tuple[BoroughOverview, ...]
    total_spend: Money


@attrs.frozen(kw_only=True)
class YearAmount:
    """An amount of money for one financial year."""

    financial_year: FinancialYear
    amount: Money


@attrs.frozen(kw_only=True)
class SpendLine:
    """One line of a spend breakdown; the fields not grouped by are ``None``.

    Attributes:
        borough: GSS code, or ``None`` when not grouped by borough.
        borough_name: the borough's name.
        workstream: the workstream.
        lot: the lot id; ``None`` both when not grouped by lot and for placements outside
            any lot (spot, in-house or block) — ``lot_name`` tells them apart.
        lot_name: the lot's name, ``"no lot (spot, in-house or block)"``, or ``None`` when
            not grouped by lot.
        service: the kind of service.
        amount: the spend, in pence (allocated: the lines add up to the total exactly).
    """

    borough: GssCode | None = None
    borough_name: str | None = None
    workstream: Workstream | None = None
    lot: LotId | None = None
    lot_name: str | None = None
    service: ServiceKind | None = None
    amount: Money


@attrs.frozen(kw_only=True)
class Spend:
    """Spend in the report year, by year and broken down.

    Attributes:
        financial_year: the report year.
        total: the report year's spend (rounded half up once).
        by_financial_year: every year from the first placement's to the report year.
        by_borough: report year, by borough (GSS order).
        by_workstream: report year, by workstream.
        by_lot: report year, by lot (``lot`` ``None``: no lot).
        by_service: report year, by kind of service.
        by_borough_workstream_lot: report year, by borough × workstream × lot.
        method: how the spend was costed.
        by_borough_year: every year, by borough (each year's lines add up to its total).
        members_by_year: for each year of ``by_borough_year``, the boroughs that belonged to
            the programme (any workstream) on at least one of its days, in GSS order; empty
            when the programme records no memberships. A borough missing from a year's spend
            lines spent nothing that year if it was a member, and was not a member otherwise.
    """

    financial_year: FinancialYear
    total: Money
    by_financial_year: tuple[YearAmount, ...]
    by_borough: tuple[SpendLine, ...]
    by_workstream: tuple[SpendLine, ...]
    by_lot: tuple[SpendLine, ...]
    by_service: tuple[SpendLine, ...]
    by_borough_workstream_lot: tuple[SpendLine, ...]
    method: str
    by_borough_year: tuple[tuple[FinancialYear, tuple[SpendLine, ...]], ...] = ()
    members_by_year: tuple[tuple[FinancialYear, tuple[GssCode, ...]], ...] = ()


@attrs.frozen(kw_only=True)
class RoundBorough:
    """One borough's cost avoidance from one fee-uplift round (pence, allocated)."""

    gss_code: GssCode
    name: str
    in_year: Money
    full_year: Money
    to_date: Money


@attrs.frozen(kw_only=True)
class RoundSummary:
    """One fee-uplift round and the cost it avoided.

    Attributes:
        id: the round's id.
        workstream: the workstream it applied to.
        financial_year: the year it applied in.
        timing: when in the year fees rose (the round's timing code), or ``None``.
        placements: placements it changed.
        requested_average: providers' requested rates, weighted by fee (a fraction, 0.035).
        agreed_average: agreed rates, weighted likewise.
        in_year: avoidance within its own year.
        full_year: avoidance over twelve months from each uplift date.
        to_date: avoidance from its year to the report year (inclusive).
        by_borough: the same three figures per borough (GSS order).
    """

    id: str
    workstream: Workstream
    financial_year: FinancialYear
    timing: str | None
    placements: int
    requested_average: Fraction
    agreed_average: Fraction
    in_year: Money
    full_year: Money
    to_date: Money
    by_borough: tuple[RoundBorough, ...]


@attrs.frozen(kw_only=True)
class CumulativeAvoidance:
    """A workstream's avoidance from its first round (``since``) to ``through`` inclusive."""

    workstream: Workstream
    since: FinancialYear
    through: FinancialYear
    amount: Money


@attrs.frozen(kw_only=True)
class FeeIncreases:
    """Annual fee increases up to the report year and the cost they avoided.

    Attributes:
        horizon: the report year (the last year counted).
        rounds: one summary per round up to the horizon.
        cumulative_by_workstream: avoidance since each workstream's first round.
        total_to_date: all rounds' avoidance to date (the sum of ``rounds[].to_date``).
        method: how avoidance was measured.
        convention: the convention every figure above uses: ``"per round"``.
        conventions: per workstream and year, avoidance per round, all rounds together and
            the interaction between rounds (their difference).
    """

    horizon: FinancialYear
    rounds: tuple[RoundSummary, ...]
    cumulative_by_workstream: tuple[CumulativeAvoidance, ...]
    total_to_date: Money
    method: str
    convention: str = "per round"
    conventions: tuple[AvoidanceConvention, ...] = ()


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One borough budget of the report year, assessed (see
    :func:`~slcp.pricing.assess_budgets`), with the borough's name."""

    name: str
    assessed: BoroughBudget


@attrs.frozen(kw_only=True)
class SourceAmount:
    """Savings from one source, in pence."""

    source: SavingSource
    amount: Money


@attrs.frozen(kw_only=True)
class BoroughAttribution:
    """Savings attributed to one borough: in the report year and to date (pence)."""

    gss_code: GssCode
    name: str
    savings: Money
    to_date_savings: Money


@attrs.frozen(kw_only=True)
class WorkstreamReturn:
    """A borough's return in one workstream: the year's and to date."""

    workstream: Workstream
    year: ReturnOnInvestment
    to_date: ReturnOnInvestment


@attrs.frozen(kw_only=True)
class BoroughReturn:
    """A borough's return on its contribution.

    Attributes:
        gss_code: the borough.
        name: its name.
        year: the report year's return (all workstreams).
        to_date: every year up to and including the report year.
        payback: when cumulative savings first covered cumulative contributions.
        workstreams: per workstream, where it contributed or was credited savings.
        assumption_flags: what its returns rest on that is an assumption: ``"contribution"``
            (a contribution counted to date cites an assumption) and/or ``"savings"`` (a
            saving credited to it to date does); empty when neither.
    """

    gss_code: GssCode
    name: str
    year: ReturnOnInvestment
    to_date: ReturnOnInvestment
    payback: Payback
    workstreams: tuple[WorkstreamReturn, ...]
    assumption_flags: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class WorkstreamProgrammeReturn:
    """The programme's return in one workstream: the year's and to date."""

    workstream: Workstream
    year: ProgrammeReturn
    to_date: ProgrammeReturn


@attrs.frozen(kw_only=True)
class ProgrammeReturns:
    """The programme's return (mean of boroughs and aggregate), all and per workstream."""

    year: ProgrammeReturn
    to_date: ProgrammeReturn
    workstreams: tuple[WorkstreamProgrammeReturn, ...]


@attrs.frozen(kw_only=True)
class FrameworkBusinessCaseYear:
    """One financial year of a framework's business-case check.

    Attributes:
        financial_year: the year.
        live_days: days of the year the framework was live (0 before go-live).
        spend: spend on placements called off the framework's lots in the year (from
            go-live), in pence.
        savings: the workstream's savings realised in the year, in pence; in the go-live year
            only the live days' share (``savings × live_days ÷ days in year``, rounded half up
            once).
        check: the savings against the spend and the 5-8% band, or ``None`` when not
            applicable.
        note: ``"not applicable: framework not live"`` before go-live, ``"part year: live
            from <date>"`` in the go-live year, ``"not applicable: no framework spend"``
            when nothing was called off; else ``None``.
    """

    financial_year: FinancialYear
    live_days: int
    spend: Money
    savings: Money
    check: BusinessCaseCheck | None
    note: str | None = None


@attrs.frozen(kw_only=True)
class FrameworkBusinessCase:
    """The business case's 5-8% savings test where it belongs: on the framework's own spend
    from go-live, by financial year.

    Attributes:
        framework: the framework's id.
        name: its name.
        workstream: the workstream it serves (whose savings are counted).
        go_live: its first day.
        basis: what is compared, in words.
        years: every year the savings section counts, ascending.
    """

    framework: str
    name: str
    workstream: Workstream
    go_live: dt.date
    basis: str
    years: tuple[FrameworkBusinessCaseYear, ...]


@attrs.frozen(kw_only=True)
class Savings:
    """The savings ledger, its attribution to boroughs and the return on contributions.

    Attributes:
        financial_year: the report year.
        years: the years counted "to date" (first saving or contribution to the report year).
        total: savings realised in the report year.
        by_source: the same by source.
        to_date: savings to date.
        to_date_by_source: the same by source.
        records: the ledger's records to date (entered and derived), in ledger order.
        method: the attribution method.
        rule: the method's rule in words.
        attribution: per borough, by name.
        roi: per borough, by name.
        programme: the programme's returns.
        business_case: the year's savings against its spend (5-8% band), or ``None``
            when there was no spend.
        record_bases: each record's basis (data, derived or assumption), aligned with
            ``records``.
        assumed_sources: the sources with at least one record to date resting on an
            assumption (their figures are marked).
        shares: how each record to date was shared among boroughs (parts in pence adding
            up to the record; the weights in words), in ledger order.
        framework_business_cases: the 5-8% test on each framework's own spend from its
            go-live (``business_case`` above compares all spend and is kept as it was).
    """

    financial_year: FinancialYear
    years: tuple[FinancialYear, ...]
    total: Money
    by_source: tuple[SourceAmount, ...]
    to_date: Money
    to_date_by_source: tuple[SourceAmount, ...]
    records: tuple[SavingRecord, ...]
    method: AttributionMethod
    rule: str
    attribution: tuple[BoroughAttribution, ...]
    roi: tuple[BoroughReturn, ...]
    programme: ProgrammeReturns
    business_case: BusinessCaseCheck | None
    record_bases: tuple[FigureBasis, ...] = ()
    assumed_sources: tuple[SavingSource, ...] = ()
    shares: tuple[RecordAttribution, ...] = ()
    framework_business_cases: tuple[FrameworkBusinessCase, ...] = ()


@attrs.frozen(kw_only=True)
class KpiLine:
    """A KPI providers are scored on, with the cut-offs in force on the report's last day."""

    kpi: KpiDefinition
    thresholds: RagThresholds


@attrs.frozen(kw_only=True)
class ProviderScore:
    """A provider's scorecard with its name, main lot and rank.

    Attributes:
        id: the provider's id.
        name: its name.
        lot: the lot most of its placements in the year were called off (ties: lowest id),
            else the first lot it is admitted to, else ``None``.
        lot_name: the lot's name, or ``None``.
        card: its scorecard (each KPI's value, RAG and points; the exact score).
        rank_in_lot: 1 for the best score in its lot; ``None`` when unscored or lotless.
        open_concerns: concerns open on the report's last day.
    """

    id: ProviderId
    name: str
    lot: LotId | None
    lot_name: str | None
    card: Scorecard
    rank_in_lot: int | None
    open_concerns: int


@attrs.frozen(kw_only=True)
class Scorecards:
    """Provider scorecards for the report year.

    Attributes:
        framework: the outcomes framework's name.
        as_of: the year's last day.
        kpis: the KPIs, in the framework's order.
        providers: one per provider, by id.
        partnership_medians: each KPI's (and the score's) median across providers.
        lot_medians: the same per lot, by lot id.
    """

    framework: str
    as_of: dt.date
    kpis: tuple[KpiLine, ...]
    providers: tuple[ProviderScore, ...]
    partnership_medians: tuple[KpiMedian, ...]
    lot_medians: tuple[tuple[LotId, tuple[KpiMedian, ...]], ...]


@attrs.frozen(kw_only=True)
class IcaProgress:
    """Individual Child Agreements whose placement ran in the year.

    Attributes:
        agreements: how many.
        outcomes: count per outcome status, every status listed.
        reviews: count per review timeliness (reviews due in the year), every value listed.
    """

    agreements: int
    outcomes: tuple[tuple[OutcomeStatus, int], ...]
    reviews: tuple[tuple[ReviewTimeliness, int], ...]


@attrs.frozen(kw_only=True)
class BoroughStability:
    """One borough's stability measures, with its name (``None`` when the programme lacks
    the borough)."""

    gss_code: GssCode
    name: str | None
    result: StabilityResult


@attrs.frozen(kw_only=True)
class Stability:
    """The DfE placement stability measures for the year ending 31 March.

    Attributes:
        year_ending: the census date.
        programme: the measures across the programme.
        boroughs: per borough, by GSS code.
    """

    year_ending: dt.date
    programme: StabilityResult
    boroughs: tuple[BoroughStability, ...]


@attrs.frozen(kw_only=True)
class CreditedSaving:
    """One saving record and the share of it credited to one borough.

    Attributes:
        id: the record's id.
        source: its source.
        financial_year: the year it was realised in.
        workstream: its workstream.
        evidence: its evidence (a citation).
        basis: what it rests on (data, derived or assumption).
        method: the attribution method that shared it.
        how: how the share was worked, in words (the weights).
        record_amount: the whole record, in pence.
        share: the borough's exact share of the record (a fraction, 0 to 1).
        amount: the borough's part in pence (largest remainder: the record's parts add up to
            ``record_amount`` exactly).
    """

    id: str
    source: SavingSource
    financial_year: FinancialYear
    workstream: Workstream
    evidence: str
    basis: FigureBasis
    method: AttributionMethod
    how: str
    record_amount: Money
    share: Fraction
    amount: Money


@attrs.frozen(kw_only=True)
class BoroughAvoidance:
    """Fee-increase cost avoidance on one borough's placements from one round in one year."""

    round_id: str
    workstream: Workstream
    financial_year: FinancialYear
    amount: Money


@attrs.frozen(kw_only=True)
class BoroughDrillDown:
    """Everything the report holds on one borough, for its finance officer.

    Attributes:
        gss_code: the borough.
        name: its name.
        spend: its report-year spend (pence, allocated from the rounded programme total).
        spend_by_workstream: the same by workstream.
        spend_by_lot: the same by lot (``lot`` ``None``: no lot).
        spend_by_service: the same by kind of service.
        savings: every saving record to date it is credited a non-zero part of, in ledger
            order; the ``amount`` s add up to ``attributed_to_date`` exactly.
        attributed: its attributed savings in the report year.
        attributed_to_date: its attributed savings to date.
        avoidance: fee-increase avoidance on its placements by round and year, to the report
            year (inclusive).
        contributions: what it paid in (full-year amounts), to the report year.
        roi: its returns (gross and net, year and to date, with assumption flags), or
            ``None`` without a savings section.
        providers: the scorecards of providers with a placement of it active in the year.
        stability: its stability measures (compare with England), or ``None``.
    """

    gss_code: GssCode
    name: str
    spend: Money
    spend_by_workstream: tuple[SpendLine, ...]
    spend_by_lot: tuple[SpendLine, ...]
    spend_by_service: tuple[SpendLine, ...]
    savings: tuple[CreditedSaving, ...]
    attributed: Money
    attributed_to_date: Money
    avoidance: tuple[BoroughAvoidance, ...]
    contributions: tuple[Contribution, ...]
    roi: BoroughReturn | None
    providers: tuple[ProviderScore, ...]
    stability: BoroughStability | None


@attrs.frozen(kw_only=True)
class PublishedTable:
    """One table of counts of children (or of placements) as a published report shows it.

    Attributes:
        name: its identifier (``placements``, ``stability_short_term``, ``ica_outcomes`` ...).
        title: what it counts, for people.
        table: the counts after disclosure control: whole counts or ``"c"``, with the row,
            column and grand totals; nothing says which ``c`` is small.
    """

    name: str
    title: str
    table: DisclosedTable


@attrs.frozen(kw_only=True)
class Disclosure:
    """The disclosure control a published report went through (decision 0405).

    Every count of children or placements the report shows per borough or per small group
    is read from one of ``tables``; a renderer shows the published cell (an ``int`` or
    ``"c"``), never the model's own count.

    Attributes:
        policy: the policy applied (:data:`~slcp.outcomes.PUBLICATION_POLICY` by default).
        rule: the rule in words, as each table states it.
        tables: the published tables, by name.
        withheld: the sections left out of the published report because their counts do
            not yet go through disclosure control (``"send"``, ``"market"``), in that order.
    """

    policy: DisclosurePolicy
    rule: str
    tables: tuple[PublishedTable, ...]
    withheld: tuple[str, ...] = ()

    @property
    def withheld_text(self) -> str:
        """The withheld sections in words for a banner ("" when none is)."""
        names = {"send": "the SEND return", "market": "the market"}
        if not self.withheld:
            return ""
        return (
            "withheld from publication: "
            + " and ".join(names.get(w, w) for w in self.withheld)
            + " (counts per small group not yet protected)"
        )

    def table(self, name: str) -> DisclosedTable | None:
        """The published table called ``name``, or ``None`` when the report has none."""
        return next((t.table for t in self.tables if t.name == name), None)

    def count(self, name: str, row: str, column: str) -> PublishedCount:
        """One published figure of table ``name``: a cell, or a total when ``row`` or
        ``column`` is ``"Total"`` (both: the grand total).

        Raises:
            KeyError: no such table, row or column.
        """
        t = self.table(name)
        if t is None:
            raise KeyError(name)
        i = len(t.rows) if row == TOTAL else t.rows.index(row)
        j = len(t.columns) if column == TOTAL else t.columns.index(column)
        return t.grid()[i][j]


@attrs.frozen(kw_only=True)
class VehicleCallOffs:
    """Call-offs on one DPS or framework by financial year and lot.

    Attributes:
        vehicle: the vehicle's id.
        name: its name.
        kind: ``dps`` or ``framework``.
        lot_names: each lot's number and name (e.g. ``"1 Day placements"``).
        years: the financial years, from the vehicle's first to the report's; ``activity``'s
            periods are their ranges, in the same order.
        activity: the counts and values (:func:`slcp.pricing.call_off_activity`).
    """

    vehicle: VehicleId
    name: str
    kind: str
    lot_names: dict[LotId, str]
    years: tuple[FinancialYear, ...]
    activity: CallOffActivity


@attrs.frozen(kw_only=True)
class CallOffs:
    """Call-offs and their value by year and lot on each DPS and framework (decision 0311).

    Attributes:
        financial_year: the report's year (the last year shown).
        vehicles: one per DPS or framework open by the end of that year, in the programme's
            order.
        rule: how call-offs are counted and valued (:attr:`slcp.pricing.CallOffActivity.rule`).
    """

    financial_year: FinancialYear
    vehicles: tuple[VehicleCallOffs, ...]
    rule: str


@attrs.frozen(kw_only=True)
class Report:
    """The programme report: every section computed once; a section with nothing to say for
    the programme is ``None``.

    Build it with :func:`slcp.report.build_report`; turn it into the JSON contract with
    :func:`slcp.report.report_data`, into tables with :func:`slcp.report.report_tables`,
    and into text, CSV, Excel or HTML with :mod:`slcp.render`.

    Attributes:
        provenance: version, input and options.
        overview: always present.
        spend: present with the pricing section (placements, rounds or budgets).
        fee_increases: present with the pricing section.
        budgets: present with the pricing section (possibly empty).
        savings: present when the programme records savings, rounds or contributions.
        scorecards: present with the outcomes section (providers, ICAs or episodes).
        icas: present with the outcomes section.
        stability: present with the outcomes section.
        borough: one borough's drill-down, when asked for (``ReportOptions.borough``).
        send: present when a SEN2 return was given (:attr:`ReportOptions.send`).
        disclosure: set by :func:`slcp.report.publish`: the published counts every
            rendering shows in place of the model's own; ``None`` for an internal report.
        market: the market position (demand, supply, concentration, prices, placing), present
            when a placement names a provider.
        call_offs: call-offs by year and lot on each DPS and framework, with the pricing
            section when the programme has such a vehicle.
        finance: the forecast made at each month end against the year's spend, the full
            forecast and the invoices when asked for; present with placements when asked
            for (``ReportOptions.finance``, ``forecast_as_of`` or ``invoices``).
        funding: every money figure of the spend, fee-increase, savings and budget sections,
            the borough drill-down, the call-offs and the market's spend split by funding
            stream; present with ``finance``.
        market_demand: the market section's demand outlook (looked-after children projected
            from the SSDA903 episodes with an interval, its forecast cost, the sufficiency
            gap, SEND placements projected from the placement records); present with
            ``market``.
    """

    provenance: Provenance
    overview: Overview
    spend: Spend | None = None
    fee_increases: FeeIncreases | None = None
    budgets: tuple[BudgetLine, ...] | None = None
    savings: Savings | None = None
    scorecards: Scorecards | None = None
    icas: IcaProgress | None = None
    stability: Stability | None = None
    borough: BoroughDrillDown | None = None
    send: SendSection | None = None
    disclosure: Disclosure | None = None
    market: MarketPosition | None = None
    call_offs: CallOffs | None = None
    finance: Finance | None = None
    funding: Funding | None = None
    market_demand: DemandOutlook | None = None

    def __repr__(self) -> str:
        return (
            f"<Report {self.overview.programme!r} {self.overview.financial_year}: "
            f"spend {self.overview.total_spend}, {len(self.overview.boroughs)} boroughs>"
        )

    def _repr_html_(self) -> str:
        from slcp.report._tables import report_html_summary

        return report_html_summary(self)
