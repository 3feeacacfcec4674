"""Report assembly: options, the section record and the fixed section order."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from slcp.domain import Programme
from slcp.outcomes import OutcomesFramework
from slcp.periods import FinancialYear

__all__ = ["JsonValue", "ReportOptions", "Section", "build_report", "render_text", "report_data"]

#: A value that ``json.dumps`` writes as is (no floats for money: integers of pence).
JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@attrs.frozen(kw_only=True)
class ReportOptions:
    """What the report is for.

    Attributes:
        financial_year: the year reported on (spend counts the days of each placement within
            it, on the placement's charging basis, at the fees paid including uplift rounds).
        attribution: the savings attribution method's name, or ``None`` for the default.
        outcomes_framework: the KPIs providers are scored on in the outcomes section, or
            ``None`` for :func:`~slcp.outcomes.default_outcomes_framework`; the thresholds
            in force on the year's last day are applied.
    """

    financial_year: FinancialYear
    attribution: str | None = None
    outcomes_framework: OutcomesFramework | None = None


@attrs.frozen(kw_only=True)
class Section:
    """One part of the report.

    Attributes:
        data: JSON-ready values keyed by top-level report key (merged into the report object).
        text: the lines of the text rendering, headed by the section's title.
    """

    data: dict[str, JsonValue]
    text: tuple[str, ...]


SectionBuilder = Callable[[Programme, ReportOptions], Section | None]


def _builders() -> tuple[SectionBuilder, ...]:
    # Imported here so that each section module can be developed and tested on its own.
    from slcp.report import outcomes, overview, pricing, savings

    return (overview.build, pricing.build, savings.build, outcomes.build)


def build_report(programme: Programme, options: ReportOptions) -> tuple[Section, ...]:
    """Every section of the report, in order (sections with nothing to say are left out)."""
    sections = (b(programme, options) for b in _builders())
    return tuple(s for s in sections if s is not None)


def report_data(sections: tuple[Section, ...]) -> dict[str, JsonValue]:
    """The report as one JSON-ready object (sections' keys merged in order)."""
    out: dict[str, JsonValue] = {}
    for s in sections:
        out.update(s.data)
    return out


def render_text(sections: tuple[Section, ...]) -> str:
    """The report as plain text, sections separated by a blank line."""
    return "\n\n".join("\n".join(s.text) for s in sections) + "\n"
