"""slcp from SSDA903 CSV files to all three stability measures, against pandas doing one.

slcp: :func:`~slcp.io.columnar_ssda903.load_ssda903_columns` (every check and finding of the
record reader) then :func:`~slcp.outcomes.columnar_stability.measure_stability_columns` (short
term, two year, long term with the adoption exception, and the naive count).

pandas: ``read_csv`` of the Episodes table (CHILD as text, DECOM and DEC parsed as dates), then
the short-term measure alone with the same rules (short breaks left out, periods of care split
at gaps and E-codes, placements started by RNE S/P/B/T/U, temporary placements returning to the
same place and postcode district resuming the one they interrupted), written with groupby,
shift and cumsum — no loop over children. It does no validation: the generated data set is
clean, so the two must agree, and they are checked to give the same numerator, denominator and
the same children.

Each run is a fresh process (so peak memory is the process's own); CPU time
(``time.process_time``, all threads) is measured from after the imports, median of three
interleaved runs. Run:

    python benchmarks/generate_national_903.py --episodes 1000000 --out /tmp/national903
    python benchmarks/stability_vs_pandas.py /tmp/national903
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
from pathlib import Path

CENSUS_YEAR = 2024  # year ending 31 March 2024: the generated set's collection year


def _digest(children: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(children)).encode()).hexdigest()[:16]


def run_slcp(folder: Path) -> dict[str, object]:
    import resource
    import time

    import numpy  # noqa: F401 - imported before the clock starts, as pandas is
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401

    from slcp.io.columnar_ssda903 import load_ssda903_columns
    from slcp.outcomes.columnar_stability import ColumnarMeasure, measure_stability_columns
    from slcp.periods import FinancialYear

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    year = FinancialYear(CENSUS_YEAR - 1)
    read = load_ssda903_columns(
        folder / "episodes.csv", folder / "header.csv", collection_year=year
    )
    result = measure_stability_columns(
        read.episodes,
        read.birth_months_by_child(),
        year=year,
        any_month_known=read.any_month_known,
    )
    cpu = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    long_term = result.long_term
    assert isinstance(long_term, ColumnarMeasure)
    return {
        "cpu_s": cpu,
        "peak_rss_mb": peak / 1024,
        "rss_growth_mb": (peak - base) / 1024,
        "episodes": len(read.episodes),
        "findings": len(read.findings),
        "short_term": [result.short_term.numerator, result.short_term.denominator],
        "short_term_children": _digest(list(result.short_term.numerator_children)),
        "two_year": [result.two_year.numerator, result.two_year.denominator],
        "long_term": [long_term.numerator, long_term.denominator],
    }


def run_pandas(folder: Path) -> dict[str, object]:
    import resource
    import time

    import numpy as np
    import pandas as pd

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    df = pd.read_csv(
        folder / "episodes.csv",
        dtype={"CHILD": str},
        parse_dates=["DECOM", "DEC"],
        date_format="%d/%m/%Y",
    )
    read_s = time.process_time() - start
    census = pd.Timestamp(CENSUS_YEAR, 3, 31)
    w_start, w_end = pd.Timestamp(CENSUS_YEAR - 1, 4, 1), pd.Timestamp(CENSUS_YEAR, 4, 1)
    # rule 1: short breaks left out
    df = df[~df["LS"].isin(["V3", "V4"])]
    df = df.sort_values(["CHILD", "DECOM"], kind="stable").reset_index(drop=True)
    by_child = df.groupby("CHILD", sort=False)
    # an episode overlapped by the next ends when the next begins
    nxt = by_child["DECOM"].shift(-1)
    end = df["DEC"].where(nxt.isna() | (df["DEC"].notna() & (df["DEC"] <= nxt)), nxt)
    # periods of care: split at a gap or after an E-code
    first_of_child = by_child.cumcount() == 0
    prev_end = end.groupby(df["CHILD"], sort=False).shift(1)
    prev_e = by_child["REC"].shift(1).fillna("").str.startswith("E")
    new_run = first_of_child | (prev_end != df["DECOM"]) | prev_e
    run = new_run.cumsum()
    # rules 2-3: placements
    temp = df["PLACE"].isin(["T0", "T1", "T2", "T3", "T4"])
    nontemp = ~temp
    first = nontemp & (nontemp.groupby(run).cumsum() == 1)
    after_temp = temp.groupby(run).shift(1, fill_value=False).astype(bool) & ~new_run
    candidate = nontemp & ~first & after_temp
    local_new = nontemp & ~first & ~after_temp & df["RNE"].isin(["S", "P", "B", "T", "U"])
    marker = first | candidate | local_new
    district = df["PL_POST"].fillna("").str.split(" ", n=1).str[0]
    key = df["PLACE"] + "|" + district
    prev_key = key.where(marker).groupby(run).shift(1).groupby(run).ffill()
    resumes = candidate & (key == prev_key)
    starter = first | local_new | (candidate & ~resumes)
    placement = starter.cumsum()
    rows = df[nontemp].assign(placement=placement[nontemp], end=end[nontemp])
    last = rows.groupby("placement", sort=False).tail(1).set_index("placement")["end"]
    placements = pd.DataFrame(
        {"CHILD": df.loc[starter, "CHILD"].to_numpy(), "start": df.loc[starter, "DECOM"]}
    )
    placements["end"] = last.reindex(placement[starter].to_numpy()).to_numpy()
    in_force = (placements["start"] < w_end) & (
        placements["end"].isna()
        | ((placements["end"] > placements["start"]) & (placements["end"] > w_start))
    )
    counts = placements[in_force].groupby("CHILD").size()
    # rule 4: looked after on 31 March
    first_row = new_run.to_numpy()
    last_row = np.append(first_row[1:], True)
    runs = pd.DataFrame(
        {
            "CHILD": df["CHILD"].to_numpy()[first_row],
            "start": df["DECOM"].to_numpy()[first_row],
            "end": end.to_numpy()[last_row],
        }
    )
    on = runs[(runs["start"] <= census) & (runs["end"].isna() | (runs["end"] > census))]
    cohort = pd.Index(on["CHILD"].unique())
    unstable = counts.reindex(cohort, fill_value=0) >= 3
    numerator = [str(c) for c in cohort[np.asarray(unstable)]]
    cpu = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "cpu_s": cpu,
        "read_s": read_s,
        "peak_rss_mb": peak / 1024,
        "rss_growth_mb": (peak - base) / 1024,
        "short_term": [len(numerator), len(cohort)],
        "short_term_children": _digest(numerator),
    }


def _in_process(which: str, folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--run", which, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--run", choices=["slcp", "pandas"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.run == "slcp":
        print(json.dumps(run_slcp(args.folder)))
        return
    if args.run == "pandas":
        print(json.dumps(run_pandas(args.folder)))
        return
    runs: dict[str, list[dict[str, object]]] = {"slcp": [], "pandas": []}
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        for which in ("slcp", "pandas"):
            runs[which].append(_in_process(which, args.folder))
    s, p = runs["slcp"][0], runs["pandas"][0]
    same = (
        s["short_term"] == p["short_term"] and s["short_term_children"] == p["short_term_children"]
    )
    print(f"episodes read by slcp: {s['episodes']:,} ({s['findings']} findings)")
    print(f"short term: slcp {s['short_term']}, pandas {p['short_term']}: "
          + ("the same children" if same else "DIFFERENT"))  # fmt: skip
    print(f"two year (slcp): {s['two_year']}; long term (slcp): {s['long_term']}")

    def median(which: str, key: str) -> float:
        return statistics.median(float(str(r[key])) for r in runs[which])

    cpu_s, cpu_p = median("slcp", "cpu_s"), median("pandas", "cpu_s")
    print(f"CPU s (median of {args.repeat}): slcp {cpu_s:.2f} (three measures), "
          f"pandas {cpu_p:.2f} (short term alone): ratio {cpu_s / cpu_p:.2f}x")  # fmt: skip
    read_p = median("pandas", "read_s")
    print(f"  of which pandas read_csv alone: {read_p:.2f}: slcp / read_csv {cpu_s / read_p:.2f}x")
    for key in ("peak_rss_mb", "rss_growth_mb"):
        a, b = median("slcp", key), median("pandas", key)
        print(f"{key}: slcp {a:.0f} MB, pandas {b:.0f} MB: ratio {a / b:.2f}x")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
