"""The programme report: one typed model computed once from a
:class:`~slcp.domain.Programme` for one financial year, its JSON contract and its tables.

:func:`build_report` runs every calculation once and returns a :class:`Report` of frozen
section records; :func:`report_data` turns it into the JSON-ready contract documented in
``docs/report.md`` (money keys end in ``_pence`` and hold integers); :func:`report_tables`
into tidy tables (Arrow-compatible, for notebooks, CSV and Excel); :func:`publish` puts
every count of children or placements per borough or small group through disclosure
control (decision 0405) before a report is shared. Text, CSV, Excel and HTML
renderings live in :mod:`slcp.render` and only read the model.

May import: :mod:`slcp.savings`, :mod:`slcp.finance`, :mod:`slcp.send`, :mod:`slcp.market`,
:mod:`slcp.pricing`, :mod:`slcp.outcomes`, :mod:`slcp.domain` and the vocabulary modules
(pyarrow lazily, inside table methods). Never :mod:`slcp.io`, :mod:`slcp.render` or the CLI.
"""

from typing import TYPE_CHECKING

from slcp._lazy import lazy_exports

if TYPE_CHECKING:
    from slcp.report._build import (
        ATTRIBUTION_RULES,
        NO_LOT_NAME,
        ReportOptions,
        build_report,
        resolve_borough,
    )
    from slcp.report._finance import (
        Finance,
        FundedFigure,
        Funding,
        FundingSplit,
        InvoiceReasonSummary,
        InvoiceReconciliation,
        InvoiceStatusSummary,
    )
    from slcp.report._json import JsonValue, report_data
    from slcp.report._model import (
        Assumption,
        BoroughAttribution,
        BoroughAvoidance,
        BoroughDrillDown,
        BoroughOverview,
        BoroughReturn,
        BoroughStability,
        BudgetLine,
        CallOffs,
        CreditedSaving,
        CumulativeAvoidance,
        Disclosure,
        FeeIncreases,
        FrameworkBusinessCase,
        FrameworkBusinessCaseYear,
        IcaProgress,
        KpiLine,
        Overview,
        ProgrammeReturns,
        Provenance,
        ProviderScore,
        PublishedTable,
        Report,
        RoundBorough,
        RoundSummary,
        Savings,
        Scorecards,
        SourceAmount,
        Spend,
        SpendLine,
        Stability,
        VehicleCallOffs,
        WorkstreamProgrammeReturn,
        WorkstreamReturn,
        YearAmount,
    )
    from slcp.report._publish import publish
    from slcp.report._sample_places import sample_registered_places
    from slcp.report._send import SendInput, SendSection, build_send_section
    from slcp.report._tables import Column, Table, findings_table, report_tables


__all__ = [
    "ATTRIBUTION_RULES",
    "NO_LOT_NAME",
    "Assumption",
    "BoroughAttribution",
    "BoroughAvoidance",
    "BoroughDrillDown",
    "BoroughOverview",
    "BoroughReturn",
    "BoroughStability",
    "BudgetLine",
    "CallOffs",
    "Column",
    "CreditedSaving",
    "CumulativeAvoidance",
    "Disclosure",
    "FeeIncreases",
    "Finance",
    "FrameworkBusinessCase",
    "FrameworkBusinessCaseYear",
    "FundedFigure",
    "Funding",
    "FundingSplit",
    "IcaProgress",
    "InvoiceReasonSummary",
    "InvoiceReconciliation",
    "InvoiceStatusSummary",
    "JsonValue",
    "KpiLine",
    "Overview",
    "ProgrammeReturns",
    "Provenance",
    "ProviderScore",
    "PublishedTable",
    "Report",
    "ReportOptions",
    "RoundBorough",
    "RoundSummary",
    "Savings",
    "Scorecards",
    "SendInput",
    "SendSection",
    "SourceAmount",
    "Spend",
    "SpendLine",
    "Stability",
    "Table",
    "VehicleCallOffs",
    "WorkstreamProgrammeReturn",
    "WorkstreamReturn",
    "YearAmount",
    "build_report",
    "build_send_section",
    "findings_table",
    "publish",
    "report_data",
    "report_tables",
    "resolve_borough",
    "sample_registered_places",
]

__getattr__, __dir__ = lazy_exports(__name__)
