"""The demand model's backtest error and timings on a synthetic national SSDA903 return.

Reads the return into columns, then fits the model to the 36 months to 31 March 2022 (Y-2),
projects 24 months and prints the absolute percentage error against the children observed on
31 March 2023 and 2024 by placement group; then times a five-year forecast from 31 March 2024
with its 199-resample bootstrap. Every authority's children are pooled (the national file
names no authority on its rows). Run:

    python benchmarks/generate_national_903.py --episodes 100000 --out /tmp/national903
    python benchmarks/demand_backtest.py /tmp/national903
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from slcp.demand import backtest_demand, forecast_demand
from slcp.io.columnar_ssda903 import load_ssda903_columns
from slcp.periods import FinancialYear

CENSUS = FinancialYear(2023)  # the year ending 31 March 2024: the set's collection year


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    t0 = time.perf_counter()
    loaded = load_ssda903_columns(
        args.folder / "episodes.csv", args.folder / "header.csv", collection_year=CENSUS
    )
    episodes = loaded.to_episodes()
    children = loaded.to_children() or ()
    born = {c.ref: c.month_of_birth for c in children if c.month_of_birth is not None}
    t1 = time.perf_counter()
    print(f"read {len(episodes):,} episodes, {len(children):,} children in {t1 - t0:.1f} s")
    backtest = backtest_demand(episodes, born, year=CENSUS)
    t2 = time.perf_counter()
    print(f"backtest (fit to 31 March 2022, 24 months) in {t2 - t1:.1f} s")
    print(f"{'census':<8} {'group':<12} {'projected':>11} {'actual':>7} {'abs % error':>12}")
    for e in backtest.errors:
        group = "all groups" if e.group is None else e.group.value
        pct = "n/a" if e.percent_error is None else f"{float(e.percent_error):.1f}%"
        projected = e.projected_units / 1000  # display only
        print(f"{e.month!s:<8} {group:<12} {projected:>11.3f} {e.actual:>7} {pct:>12}")
    forecast = forecast_demand(episodes, born, year=CENSUS, years=5)
    t3 = time.perf_counter()
    print(
        f"forecast, 5 years with {forecast.bootstrap.resamples if forecast.bootstrap else 0} "
        f"resamples, in {t3 - t2:.1f} s"
    )


if __name__ == "__main__":
    main()
