"""slcp: the typed domain model and exact calculations for councils that commission children's
placements together (modelled on the South London Commissioning Programme).

Layers, each importing only those below it::

    cli, io  ->  report  ->  savings  ->  pricing | outcomes  ->  sample  ->  domain
             ->  timeline  ->  money | periods | findings  ->  errors

The vocabulary (money, periods, timelines, findings, errors) is re-exported here; the domain
model is :mod:`slcp.domain`, the calculations :mod:`slcp.pricing`, :mod:`slcp.outcomes` and
:mod:`slcp.savings`, file formats :mod:`slcp.io`.
"""

from slcp.errors import (
    AllocationError,
    FloatRefusedError,
    InvalidValueError,
    LoadError,
    ParameterNotFoundError,
    PeriodError,
    SlcpError,
    UnknownReferenceError,
)
from slcp.findings import Finding, Severity
from slcp.money import Money, Rate, RoundingMode, allocate_money, allocate_pence, round_pence
from slcp.periods import (
    AcademicYear,
    DateRange,
    FinancialYear,
    YearMonth,
    anniversaries,
    anniversary,
    months_after,
    split_by_financial_year,
)
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

#: This release of slcp (PEP 440); the package metadata reads it from here.
__version__ = "0.1.0"

__all__ = [
    "AcademicYear",
    "AllocationError",
    "DateRange",
    "FinancialYear",
    "Finding",
    "FloatRefusedError",
    "InvalidValueError",
    "LoadError",
    "Money",
    "ParameterNotFoundError",
    "PeriodError",
    "Rate",
    "RoundingMode",
    "Severity",
    "SlcpError",
    "Source",
    "SourceKind",
    "Timeline",
    "TimelineEntry",
    "UnknownReferenceError",
    "YearMonth",
    "allocate_money",
    "allocate_pence",
    "anniversaries",
    "anniversary",
    "months_after",
    "round_pence",
    "split_by_financial_year",
]
