"""Time reading a 100,000-episode SSDA903 Episodes table and computing the stability measures.

Writes a synthetic table (25,000 children, 4 contiguous episodes each, a mix of RNE codes,
temporary placements and short breaks) and a Header table to a temporary folder, then prints
the wall time (and CPU time: on a shared machine wall time includes waiting for a core) and
peak memory of each step. Run: ``python benchmarks/ssda903_load.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from slcp.io.ssda903 import EPISODE_COLUMNS, Ssda903Return, load_ssda903
from slcp.outcomes.stability import StabilitySummary, measure_stability
from slcp.periods import FinancialYear

T = TypeVar("T")
EPISODES = 100_000
PER_CHILD = 4
YEAR = FinancialYear(2017)


def write_tables(folder: Path) -> tuple[Path, Path]:
    rnd = random.Random(903)
    places = ["U4", "U5", "U6", "K2", "R1", "T1", "U1", "H5"]
    lines = [",".join(EPISODE_COLUMNS)]
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    for c in range(EPISODES // PER_CHILD):
        child = f"{c:06d}"
        born = dt.date(2001, 1, 1) + dt.timedelta(days=rnd.randrange(16 * 365))
        header.append(f"{child},{rnd.choice('12')},{born:%d/%m/%Y},WBRI,,,")
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rnd.randrange(4 * 365))
        ls = "V3" if rnd.random() < 0.05 else "C2"
        for i in range(PER_CHILD):
            rne = "S" if i == 0 else rnd.choice("PLTUB")
            last = i == PER_CHILD - 1
            end = None if last else day + dt.timedelta(days=rnd.randrange(1, 300))
            dec = "" if end is None else f"{end:%d/%m/%Y}"
            rec = "" if end is None else "X1"
            place = rnd.choice(places)
            lines.append(
                f"{child},{day:%d/%m/%Y},{rne},{ls},N1,{place},PR4,{dec},{rec},,CR0 1AA,SE15 2AB,"
            )
            if end is not None:
                day = end
    episodes_path = folder / "episodes.csv"
    header_path = folder / "header.csv"
    episodes_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    header_path.write_text("\n".join(header) + "\n", encoding="utf-8")
    return episodes_path, header_path


def timed(label: str, step: Callable[[], T]) -> T:
    start, cpu = time.perf_counter(), time.process_time()
    out = step()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {wall:.2f} s wall ({cpu:.2f} s CPU), peak traced memory {peak / 2**20:.0f} MiB"
    )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        episodes_path, header_path = write_tables(Path(tmp))
        size = episodes_path.stat().st_size
        print(f"episodes table: {EPISODES:,} rows, {size / 2**20:.1f} MiB")

        def load() -> Ssda903Return:
            return load_ssda903(episodes_path, header_path, collection_year=YEAR)

        loaded = timed("load (Header + Episodes)", load)
        print(f"  read {len(loaded.episodes):,} episodes, {len(loaded.findings):,} findings")

        def measure() -> StabilitySummary:
            return measure_stability(loaded.episodes, loaded.children, year=YEAR)

        summary = timed("stability measures", measure)
        p = summary.partnership
        print(
            f"  short term {p.short_term.numerator}/{p.short_term.denominator}, "
            f"two year {p.two_year.numerator}/{p.two_year.denominator}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process peak resident memory: {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
