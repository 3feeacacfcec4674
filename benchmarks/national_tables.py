"""Write a synthetic national set of slcp CSV tables: N placements across 152 English
authorities, for ``slcp spend`` and the benchmarks.

Run with ``python benchmarks/national_tables.py N DIR [--seed S]``. Deterministic for a given
N and seed. Writes ``placements.csv``, ``placement_fees.csv``, ``providers.csv``,
``uplift_rounds.csv`` and ``uplift_requests.csv`` in the formats of ``docs/io-csv.md``.

The data are invented. The 152 authorities have codes of the right form (33 London ``E09``,
36 metropolitan ``E08``, 56 unitary ``E06``, 27 county ``E10``) numbered from 1, not the real
list. 2,000 providers in tiers A and B; both workstreams; every charging basis (80% pro rata
by day, 10% whole weeks, 10% 38 or 52 weeks a year); one to three fee rows per placement;
starts from April 2015 to March 2024, a fifth still open; LAC placements after March 2020
called off the framework's lots. One uplift round: LAC 2021/22 from 1 April, a 2% default
cap, requests of 1.5% to 5% from seven providers in ten.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

AUTHORITIES = (
    [f"E09{n:06d}" for n in range(1, 34)]
    + [f"E08{n:06d}" for n in range(1, 37)]
    + [f"E06{n:06d}" for n in range(1, 57)]
    + [f"E10{n:06d}" for n in range(1, 28)]
)
PROVIDERS = 2_000
EPOCH = dt.date(1970, 1, 1)


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def _write(path: Path, columns: dict[str, pa.Array]) -> None:
    pacsv.write_csv(
        pa.table(columns),
        path,
        write_options=pacsv.WriteOptions(quoting_style="none"),
    )


def generate(n: int, directory: Path, *, seed: int = 20_191_231) -> None:
    """Write the tables for ``n`` placements into ``directory`` (created if needed)."""
    assert len(AUTHORITIES) == 152
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    lac = rng.random(n) < 0.55
    start = rng.integers(_day(dt.date(2015, 4, 1)), _day(dt.date(2024, 3, 31)), n)
    length = rng.integers(0, 1_500, n)
    is_open = rng.random(n) < 0.2
    last = np.where(is_open, -1, start + length - 1)  # inclusive last day; -1 blank
    service = np.where(
        lac,
        np.where(rng.random(n) < 0.4, "childrens_home", "independent_fostering"),
        rng.choice(["send_day", "send_residential_38_week", "send_residential_52_week"], n),
    )
    basis = rng.random(n)
    method = np.where(
        basis < 0.8, "daily_pro_rata", np.where(basis < 0.9, "whole_weeks", "weeks_per_year")
    )
    weeks = np.where(
        method == "weeks_per_year",
        np.where(service == "send_residential_52_week", "52", "38"),
        "",
    )
    framework = lac & (start >= _day(dt.date(2020, 3, 1)))
    lot = np.where(service == "childrens_home", "LAC-FW/1", "LAC-FW/2")
    provider = rng.integers(1, PROVIDERS + 1, n)
    ids = np.char.add("PL-", np.arange(1, n + 1).astype(str))

    def dates(days: np.ndarray) -> pa.Array:
        return pa.array(days.astype("datetime64[D]"), type=pa.date32())

    _write(
        directory / "placements.csv",
        {
            "placement_id": pa.array(ids),
            "child_ref": pa.array(np.char.add("C", np.arange(1, n + 1).astype(str))),
            "borough_gss": pa.array(np.array(AUTHORITIES)[rng.integers(0, 152, n)]),
            "workstream": pa.array(np.where(lac, "lac", "send")),
            "provider_id": pa.array(np.char.add("PRV-", provider.astype(str))),
            "service": pa.array(service),
            "first_day": dates(start),
            "last_day": pa.array(last.astype("datetime64[D]"), type=pa.date32(), mask=last < 0),
            "route": pa.array(np.where(framework, "framework_call_off", "spot")),
            "vehicle_id": pa.array(np.where(framework, "LAC-FW", ""), mask=~framework),
            "lot_id": pa.array(lot, mask=~framework),
            "charging_method": pa.array(method),
            "weeks_per_year": pa.array(weeks, mask=weeks == ""),
        },
    )
    # fee rows: the first on the start day, then up to two changes inside the placement
    changes = rng.integers(0, 3, n)
    span = np.where(is_open, 1_500, length)  # days a change may fall in: [1, span)
    rows = [np.arange(n)]
    offsets = [np.zeros(n, dtype=np.int64)]
    for k in (1, 2):
        picked = np.flatnonzero((changes >= k) & (span > 1))
        rows.append(picked)
        offsets.append(rng.integers(1, span[picked]))
    row = np.concatenate(rows)
    offset = np.concatenate(offsets)
    order = np.lexsort((offset, row))
    row, offset = row[order], offset[order]
    # drop a second change drawn on the same day as the first
    same = np.r_[False, (row[1:] == row[:-1]) & (offset[1:] == offset[:-1])]
    row, offset = row[~same], offset[~same]
    core = rng.integers(50_000, 900_000, len(row))
    extra = np.where(rng.random(len(row)) < 0.2, rng.integers(0, 200_000, len(row)), 0)
    _write(
        directory / "placement_fees.csv",
        {
            "placement_id": pa.array(ids[row]),
            "effective_from": dates(start[row] + offset),
            "core_pence": pa.array(core),
            "additional_support_pence": pa.array(extra),
            "source_kind": pa.array(np.full(len(row), "agreement")),
            "source_citation": pa.array(np.char.add("ICA ", ids[row])),
        },
    )
    pid = np.char.add("PRV-", np.arange(1, PROVIDERS + 1).astype(str))
    _write(
        directory / "providers.csv",
        {
            "provider_id": pa.array(pid),
            "name": pa.array(np.char.add("Provider ", np.arange(1, PROVIDERS + 1).astype(str))),
            "tier": pa.array(np.where(rng.random(PROVIDERS) < 0.5, "A", "B")),
        },
    )
    (directory / "uplift_rounds.csv").write_text(
        "round_id,workstream,financial_year,default_cap_pct,position_source_kind,"
        "position_source_citation,source_kind,source_citation\n"
        "LAC-2021/22,lac,2021/22,2,board_decision,LAC board March 2021,"
        "board_decision,LAC board May 2021\n",
        encoding="utf-8",
    )
    asking = np.flatnonzero(rng.random(PROVIDERS) < 0.7)
    requested = rng.choice(["1.5", "2.5", "3", "4", "5"], len(asking))
    (directory / "uplift_requests.csv").write_text(
        "round_id,provider_id,requested_pct\n"
        + "".join(f"LAC-2021/22,{pid[i]},{r}\n" for i, r in zip(asking, requested, strict=True)),
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("placements", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=20_191_231)
    args = parser.parse_args()
    generate(args.placements, args.directory, seed=args.seed)


if __name__ == "__main__":
    main()
