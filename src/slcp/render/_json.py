"""The report as JSON text: :func:`slcp.report.report_data`, indented, UTF-8."""

from __future__ import annotations

import json

from slcp.report import Report, report_data

__all__ = ["render_json"]


def render_json(report: Report) -> str:
    """The report's JSON contract (``docs/report.md``) as text, two-space indented, with a
    final newline; money as integer pence, never floats."""
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
