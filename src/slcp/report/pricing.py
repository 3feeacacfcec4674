"""The report's pricing section (filled in by the pricing work; empty until then)."""

from __future__ import annotations

from slcp.domain import Programme
from slcp.report._base import ReportOptions, Section

__all__ = ["build"]


def build(programme: Programme, options: ReportOptions) -> Section | None:
    """Nothing yet: the pricing section is not part of the report so far."""
    del programme, options
    return None
