"""Time writing the embedded South London sample as a folder of CSV tables and reading it back.

The sample holds 6,183 placements, 4,382 ICAs (14,582 outcomes, 27,586 measurements) and
8,503 episodes across the 23 tables. Prints wall time and CPU time (on a shared machine wall
time includes waiting for a core) for each step, the folder's size, and whether the programme
read back equals the sample. Run: ``python benchmarks/csv_programme.py``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from slcp.io.programme_tables import read_programme_tables, write_programme_tables
from slcp.sample import south_london

T = TypeVar("T")


def timed(label: str, step: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    print(
        f"{label:<28} wall {time.perf_counter() - wall:6.2f} s   "
        f"cpu {time.process_time() - cpu:6.2f} s"
    )
    return result


def main() -> None:
    sample = timed("build the sample", south_london)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = timed("write 23 tables", lambda: write_programme_tables(sample, folder))
        size = sum(p.stat().st_size for p in paths)
        print(f"{'folder size':<28} {size / 1e6:.1f} MB in {len(paths)} files")
        read = timed("read them back", lambda: read_programme_tables(folder))
    print(f"{'findings':<28} {len(read.findings)}")
    print(f"{'equal to the sample':<28} {read.programme == sample}")


if __name__ == "__main__":
    main()
