"""Time reading a large SEN2 return (XML and module CSV) and computing the SEND measures.

Builds a return of ``COPIES`` copies of the shipped synthetic Croydon return's persons (each
copy's UPNs made distinct), about ``COPIES × 551`` persons, then prints wall and CPU time and
the process's peak resident memory after each step. Run:
``python benchmarks/sen2_load.py [COPIES]`` (default 40, about 22,000 persons: the size of
England's largest authority).
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from slcp.io.pseudonymise import PseudonymKey
from slcp.io.sen2 import read_sen2_csv, read_sen2_xml
from slcp.io.sen2_sample import SAMPLE_ESTABLISHMENTS, sample_module_csv, sample_return_bytes
from slcp.sample import south_london
from slcp.send import new_plans, placements_by_setting, plans_in_force, timeliness_20_weeks

T = TypeVar("T")
# the partnership's key, as a real read uses it (HMAC-SHA-256, decision 0511)
pseudonymise = PseudonymKey(secret=b"a benchmark key of at least thirty-two bytes")


def timed(label: str, fn: Callable[[], T]) -> T:
    # peak resident memory of the process so far (tracemalloc would triple the time)
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {wall:.2f}s wall, {cpu:.2f}s CPU, process peak {peak:.0f} MiB")
    return out


def main(copies: int) -> None:
    text = sample_return_bytes().decode("utf-8")
    head, _, rest = text.partition("<Persons>")
    body, _, tail = rest.partition("</Persons>")
    # copy i gets UPNs <letter><digit><the original 11 digits>: distinct for 260 copies
    parts = [
        body.replace("<UPN>X9", f"<UPN>{chr(ord('A') + i // 10)}{i % 10}") for i in range(copies)
    ]
    data = (head + "<Persons>" + "".join(parts) + "</Persons>" + tail).encode("utf-8")
    print(f"XML return: {len(data) / 2**20:.1f} MiB")
    ret = timed("read XML", lambda: read_sen2_xml(data, pseudonymise=pseudonymise))
    print(f"  {len(ret.children):,} persons, {len(ret.requests):,} requests, "
          f"{len(ret.findings):,} findings")  # fmt: skip
    types = dict(SAMPLE_ESTABLISHMENTS)
    timed("plans in force", lambda: plans_in_force(ret, types))
    timed("new plans + timeliness", lambda: (new_plans(ret), timeliness_20_weeks(ret)))
    timed("placements by setting", lambda: placements_by_setting(ret, types))
    files = sample_module_csv(south_london())
    csv_ret = timed(
        "read module CSV (one copy)", lambda: read_sen2_csv(files, pseudonymise=pseudonymise)
    )
    print(f"  {len(csv_ret.children):,} persons")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
