"""Benchmark: the finance calculations on the embedded South London sample.

Run with ``python benchmarks/finance_sample.py``. Prints the wall and CPU time of
:func:`slcp.finance.forecast_outturn` for 2019/20 at 31 October 2019 (without and with the
previous month's comparison and a six-month demand allowance), of
:func:`slcp.finance.spend_by_funding`, of :func:`slcp.finance.forecast_month_ends` and
:func:`slcp.finance.split_cells_by_funding`, of the report without and with its finance
sections (``ReportOptions.finance``), of building :func:`slcp.finance.sample_invoices` and of
:func:`slcp.finance.reconcile_invoices` over them. The sample is built (and cached) first.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import attrs

from slcp.finance import (
    DemandAssumption,
    forecast_month_ends,
    forecast_outturn,
    reconcile_invoices,
    sample_invoices,
    spend_by_funding,
    split_cells_by_funding,
)
from slcp.periods import FinancialYear
from slcp.pricing import cost_portfolio
from slcp.report import ReportOptions, build_report
from slcp.sample import south_london


def timed(label: str, run: Callable[[], object]) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    print(
        f"{label:<58} wall {time.perf_counter() - wall:6.2f} s  "
        f"cpu {time.process_time() - cpu:6.2f} s"
    )
    return result


def main() -> None:
    year, as_of = FinancialYear(2019), dt.date(2019, 10, 31)
    programme = timed("build the sample", south_london)
    assert programme is south_london()
    print(f"placements: {len(south_london().placements)}")
    timed(
        "forecast_outturn 2019/20 at 31 Oct 2019",
        lambda: forecast_outturn(south_london(), year, as_of, compare_previous=False),
    )
    timed(
        "  + previous month and six-month demand",
        lambda: forecast_outturn(
            south_london(), year, as_of, demand=DemandAssumption(lookback_months=6)
        ),
    )
    timed("spend_by_funding 2019/20", lambda: spend_by_funding(south_london(), year))
    timed(
        "forecast_month_ends 2019/20 (twelve forecasts' totals)",
        lambda: forecast_month_ends(south_london(), year),
    )
    cost = cost_portfolio(south_london(), [year])
    timed(
        "split_cells_by_funding 2019/20 (portfolio costed)",
        lambda: split_cells_by_funding(south_london(), cost),
    )
    options = ReportOptions(financial_year=year, synthetic=True)
    timed("build_report 2019/20", lambda: build_report(south_london(), options))
    timed(
        "build_report 2019/20 with finance=True",
        lambda: build_report(south_london(), attrs.evolve(options, finance=True)),
    )
    invoices = sample_invoices()
    timed("sample_invoices (sample already built)", sample_invoices)
    print(f"invoices: {len(invoices.invoices)}")
    timed(
        "reconcile_invoices",
        lambda: reconcile_invoices(south_london(), invoices.invoices, window=invoices.window),
    )


if __name__ == "__main__":
    main()
