"""The report's sections as the section tests read them: the JSON keys of one section and
the text report's lines, from one :func:`slcp.report.build_report`."""

from __future__ import annotations

import attrs

from slcp.domain import Programme
from slcp.render import render_text
from slcp.report import JsonValue, ReportOptions, build_report, report_data

SECTION_KEYS = {
    "pricing": ("spend", "fee_increases", "budget"),
    "savings": ("savings",),
    "outcomes": ("outcomes",),
}


@attrs.frozen
class Section:
    data: dict[str, JsonValue]
    text: tuple[str, ...]


def section(name: str, programme: Programme, options: ReportOptions) -> Section | None:
    """The section ``name``'s JSON keys and the whole text report, or ``None`` when the
    report leaves the section out."""
    report = build_report(programme, options)
    data = report_data(report)
    keys = SECTION_KEYS[name]
    if not all(k in data for k in keys):
        return None
    return Section(data={k: data[k] for k in keys}, text=tuple(render_text(report).splitlines()))
