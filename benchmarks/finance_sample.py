"""Benchmark: the finance calculations on the embedded South London sample.

Run with ``python benchmarks/finance_sample.py``. Prints the wall and CPU time of
:func:`slcp.finance.forecast_outturn` for 2019/20 at 31 October 2019 (without and with the
previous month's comparison and a six-month demand allowance), of
:func:`slcp.finance.spend_by_funding`, of building :func:`slcp.finance.sample_invoices` and of
:func:`slcp.finance.reconcile_invoices` over them. The sample is built (and cached) first.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from slcp.finance import (
    DemandAssumption,
    forecast_outturn,
    reconcile_invoices,
    sample_invoices,
    spend_by_funding,
)
from slcp.periods import FinancialYear
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
    invoices = sample_invoices()
    timed("sample_invoices (sample already built)", sample_invoices)
    print(f"invoices: {len(invoices.invoices)}")
    timed(
        "reconcile_invoices",
        lambda: reconcile_invoices(south_london(), invoices.invoices, window=invoices.window),
    )


if __name__ == "__main__":
    main()
