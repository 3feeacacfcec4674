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
from slcp.outcomes.stability import (
    StabilityMeasure,
    StabilityResult,
    UnavailableMeasure,
    measure_stability,
)
from slcp.report._base import JsonValue, ReportOptions

__all__ = ["build_stability", "measure_to_json", "result_to_json"]


def measure_to_json(measure: StabilityMeasure | UnavailableMeasure) -> dict[str, JsonValue]:
    """One measure as JSON-ready values (see the module docstring for the shape).

    >>> import datetime as dt
    >>> from slcp.outcomes.stability import StabilityMeasureKind
    >>> measure_to_json(UnavailableMeasure(kind=StabilityMeasureKind.LONG_TERM,
    ...     year_ending=dt.date(2018, 3, 31), reason="no months of birth"))
    {'available': False, 'numerator': None, 'denominator': None, 'percent': None,
     'percent_exact': None, 'reason': 'no months of birth'}
    """
    if isinstance(measure, UnavailableMeasure):
        return {
            "available": False,
            "numerator": None,
            "denominator": None,
            "percent": None,
            "percent_exact": None,
            "reason": measure.reason,
        }
    exact = measure.percent
    return {
        "available": True,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "percent": measure.percent_text,
        "percent_exact": None if exact is None else str(exact),
    }


def result_to_json(result: StabilityResult) -> dict[str, JsonValue]:
    """The three measures of one area (``short_term``, ``two_year``, ``long_term``)."""
    return {
        "short_term": measure_to_json(result.short_term),
        "two_year": measure_to_json(result.two_year),
        "long_term": measure_to_json(result.long_term),
    }


def build_stability(programme: Programme, options: ReportOptions) -> JsonValue:
    """Stability for the programme's episodes in the year ending 31 March of ``options``' year.

    The census date is the last day of ``options.financial_year`` (31 March 2020 for
    2019/20). Months of birth come from ``programme.children``; when no child has one the
    long-term measure is unavailable.

    Returns:
        An object with ``year_ending`` (``"YYYY-03-31"``), ``programme`` (the measures) and
        ``boroughs`` (one object per borough with ``borough``, ``name``, ``short_term``,
        ``two_year`` and ``long_term``), boroughs sorted by GSS code.
    """
    summary = measure_stability(
        programme.episodes,
        programme.children or None,
        year=options.financial_year,
    )
    boroughs: list[JsonValue] = []
    for r in summary.boroughs:
        gss = r.borough or ""
        name = programme.borough(gss).name if programme.has_borough(gss) else None
        boroughs.append({"borough": gss, "name": name, **result_to_json(r)})
    return {
        "year_ending": summary.year_ending.isoformat(),
        "programme": dict(result_to_json(summary.partnership)),
        "boroughs": boroughs,
    }
