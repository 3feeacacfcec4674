"""Peak memory and time of reading hostile inputs within slcp's limits (decision 0900).

Three inputs, written to a temporary folder:

1. a ``placements.csv`` of one placement repeated to ~37 MB (every row after the first is a
   duplicate key): memory should follow the rows kept, not the bytes offered;
2. a ``boroughs.csv`` header with 1,000,000 unknown columns: a bounded number of findings;
3. a programme JSON document holding one 200 MB string: refused with its path.

Prints wall time, CPU time and the ``tracemalloc`` peak of each read. Run:
``python benchmarks/bench_limits.py`` (full size) or ``python benchmarks/bench_limits.py 0.1``
(a tenth of the size, for a quick look).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from slcp.errors import LoadError
from slcp.io import load_programme
from slcp.io.csv_tables import (
    read_boroughs,
    read_placements,
    write_placement_fees,
    write_placements,
)
from slcp.sample import south_london


def measure(label: str, step: Callable[[], str]) -> None:
    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<44} {wall:7.2f} s wall {cpu:7.2f} s cpu {peak / 2**20:9.1f} MiB peak  {outcome}"
    )


def main(scale: float) -> None:
    programme = south_london()
    placement = programme.placements[0]
    placements_text = write_placements([placement])
    header, row = placements_text.splitlines()
    fees = write_placement_fees([placement]).encode()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        repeats = int(37 * 2**20 * scale) // (len(row) + 1)
        dup = base / "placements.csv"
        dup.write_text(header + "\n" + (row + "\n") * repeats, encoding="utf-8")
        size = dup.stat().st_size

        def read_duplicates() -> str:
            read = read_placements(dup, fees)
            return f"{len(read.records)} record(s), {len(read.findings)} finding(s)"

        measure(f"{size / 2**20:.0f} MB of {repeats:,} duplicate rows", read_duplicates)

        columns = int(1_000_000 * scale)
        wide = base / "boroughs.csv"
        wide.write_text(
            "gss_code,name,dfe_code," + ",".join(f"x{i}" for i in range(columns)) + "\n",
            encoding="utf-8",
        )

        def read_wide() -> str:
            return f"{len(read_boroughs(wide).findings)} finding(s)"

        measure(f"{columns:,} unknown columns", read_wide)

        chars = int(200 * 2**20 * scale)
        big = base / "big.json"
        big.write_text(
            '{"schema_version": 1, "name": "' + "x" * chars + '", "host": "E09000008",'
            ' "boroughs": []}',
            encoding="utf-8",
        )

        def read_big() -> str:
            try:
                load_programme(big)
            except LoadError as e:
                return e.messages[0][:60] + "…"
            return "accepted"

        measure(f"a {chars / 2**20:.0f} MB JSON string", read_big)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
