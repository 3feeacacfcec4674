"""The sample's report, built once for every test in this folder that reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from slcp.periods import FinancialYear
from slcp.report import Report, ReportOptions, build_report, report_data
from slcp.sample import south_london


@pytest.fixture(scope="session")
def sample_report() -> Report:
    """The 2019/20 report on the embedded sample, as ``slcp report`` builds it."""
    return build_report(
        south_london(), ReportOptions(financial_year=FinancialYear(2019), synthetic=True)
    )


@pytest.fixture(scope="session")
def sample_json(sample_report: Report) -> dict[str, Any]:
    """The same report as parsed JSON (what ``--format json`` prints)."""
    data: dict[str, Any] = json.loads(json.dumps(report_data(sample_report)))
    return data
