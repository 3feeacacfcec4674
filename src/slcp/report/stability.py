"""Placement stability for the report: the three DfE measures per borough and for the programme.

The JSON shape of one measure is ``{"numerator": int, "denominator": int, "percent": str |
None, "percent_exact": str | None}``; ``percent`` is the exact percentage rounded half up to
one decimal place (display only), ``percent_exact`` the exact percentage as a fraction
(225 children of 1,196 give ``"5625/299"``, i.e. 18.81...%, shown as ``"18.8"``), and both
are ``None`` for an empty cohort. The long-term measure carries ``available``; when false it has
no counts (``null``) and a ``reason``: unavailable is not zero.

May import :mod:`slcp.outcomes`, :mod:`slcp.domain` and the vocabulary modules.
"""

from __future__ import annotations

from slcp.domain import Programme
from slcp.report._build import ReportOptions, measure_report_stability
from slcp.report._json import JsonValue, measure_to_json, result_to_json, stability_to_json

__all__ = ["build_stability", "measure_to_json", "result_to_json"]


def build_stability(programme: Programme, options: ReportOptions) -> JsonValue:
    """Stability for the programme's episodes in the year ending 31 March of ``options``' year,
    as the report's JSON (``outcomes.stability``).

    The census date is the last day of ``options.financial_year`` (31 March 2020 for
    2019/20). Months of birth come from ``programme.children``; when no child has one the
    long-term measure is unavailable.

    Returns:
        An object with ``year_ending`` (``"YYYY-03-31"``), ``programme`` (the measures) and
        ``boroughs`` (one object per borough with ``borough``, ``name``, ``short_term``,
        ``two_year`` and ``long_term``), boroughs sorted by GSS code.
    """
    return stability_to_json(measure_report_stability(programme, options.financial_year))
