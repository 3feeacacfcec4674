"""The programme report: sections built from a :class:`~slcp.domain.Programme` for one
financial year, as JSON-ready data and as text.

Each section lives in its own module and exposes ``build(programme, options) -> Section | None``
(``None`` when the section has nothing to say for this programme). :func:`build_report` runs
them in a fixed order. The JSON keys are a stable, documented contract (``docs/report.md``);
money keys end in ``_pence`` and hold integers.

May import: :mod:`slcp.savings`, :mod:`slcp.pricing`, :mod:`slcp.outcomes`, :mod:`slcp.domain`
and the vocabulary modules. Never :mod:`slcp.io` or the CLI.
"""

from slcp.report._base import (
    JsonValue,
    ReportOptions,
    Section,
    build_report,
    render_text,
    report_data,
)

__all__ = ["JsonValue", "ReportOptions", "Section", "build_report", "render_text", "report_data"]
