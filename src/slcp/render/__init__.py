"""Renderings of the report model: text, JSON, CSV, Excel and HTML.

Every renderer takes a :class:`~slcp.report.Report` (computed once by
:func:`~slcp.report.build_report`) and only reads it: no renderer calls a calculation.
Excel needs the ``excel`` extra (openpyxl); the others need nothing beyond the core.

May import: :mod:`slcp.io` (for :func:`~slcp.io.spreadsheet_safety.neutralise_formula`),
:mod:`slcp.report` and everything below it. Never :mod:`slcp.cli`.
"""

from typing import TYPE_CHECKING

from slcp._lazy import lazy_exports

if TYPE_CHECKING:
    from slcp.render._csv import write_csv
    from slcp.render._html import render_html
    from slcp.render._json import render_json
    from slcp.render._text import render_text
    from slcp.render._xlsx import write_xlsx


__all__ = ["render_html", "render_json", "render_text", "write_csv", "write_xlsx"]

__getattr__, __dir__ = lazy_exports(__name__)
