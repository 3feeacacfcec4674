"""Time ``slcp report`` on the embedded sample, ``import slcp`` and ``loads_programme``.

Prints CPU time (user + system; on a shared machine wall time includes waiting for a core),
the median of three runs, of:

* ``slcp report`` in this process: the sample loaded afresh (its cache cleared), the report
  built and rendered, imports already done;
* ``slcp report`` as a new process (``python -c 'from slcp.cli import main; main()' report``),
  imports included, and its user CPU alone (what ``/usr/bin/time -f %U`` shows);
* ``import slcp`` in a new process;
* ``loads_programme`` of the sample's JSON document (23 MB) against ``json.loads`` of the
  same text, run alternately, as a ratio of the medians: in this process (after the reports
  above, whose objects the cyclic collector rescans during ``json.loads``, which does not
  pause it, so this ratio moves with whatever earlier measures left alive) and in a new
  process holding only the text.

Subprocesses run with Python's bytecode cache allowed (``PYTHONDONTWRITEBYTECODE`` unset,
after one warm-up run), as an installed package runs; otherwise every import would first
compile its source. Targets (issue 9): the report ≤ 1.5 s (aim: 1.2 s, for a margin on a
busy machine), ``import slcp`` ≤ 0.15 s, ``loads_programme`` ≤ 3 × ``json.loads``.

``--baseline SRC`` also runs ``slcp report`` from another source tree (``SRC`` is put first on
``PYTHONPATH``; e.g. ``git archive main src | tar -x -C /tmp/base`` and ``--baseline
/tmp/base/src``), alternating with this one, and prints both medians and their ratio: on a
shared machine the load moves CPU times by tens of percent between minutes, so a change is
best judged against its baseline measured in the same minutes.

Run: ``python benchmarks/report_speed.py`` (``--runs N`` for another count).

Measured on 3 December 2026 (decision 0012), at night, seven runs alternating with two
earlier trees: the report in a new process 1.10 s (1.07-1.22 s) against 1.23 s for 147a86b
and 1.66 s for 4715ca8 (5.06 G instructions under callgrind against 5.56 G and 7.59 G), in
process 0.66 s; ``import slcp`` 0.07 s; ``loads_programme`` 2.6-2.9x ``json.loads`` in a
new process (six children of five runs each).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

REPORT = "from slcp.cli import main; main(['report'])"
IMPORT = "import time; t = time.process_time(); import slcp; print(time.process_time() - t)"
PARSE = """
import json, statistics, sys, time
from slcp.io import loads_programme
text = open(sys.argv[1], encoding="utf-8").read()
parse, load = [], []
for _ in range(int(sys.argv[2])):
    t = time.process_time(); json.loads(text); parse.append(time.process_time() - t)
    t = time.process_time(); loads_programme(text); load.append(time.process_time() - t)
print(statistics.median(parse), statistics.median(load))
"""


def parse_in_child(text: str, env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median CPU seconds of ``json.loads`` and of ``loads_programme`` of ``text``, run
    alternately in a new process holding nothing else (so that neither pays for the cyclic
    collector rescanning objects left by earlier measures)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sample.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        done = subprocess.run(
            [sys.executable, "-c", PARSE, path, str(runs)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"the child failed:\n{done.stderr}")
    parse, load = (float(x) for x in done.stdout.split())
    return parse, load


def cpu_in_process(run: Callable[[], object]) -> float:
    """CPU seconds ``run`` takes in this process."""
    start = time.process_time()
    run()
    return time.process_time() - start


def cpu_of_child(code: str, env: dict[str, str]) -> tuple[float, str, float]:
    """CPU seconds (user + system) of a new Python process running ``code``, its output, and
    its user CPU seconds alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"the child failed:\n{done.stderr}")
    user = after.ru_utime - before.ru_utime
    cpu = user + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout, user


def report_in_process() -> None:
    from slcp.cli import main
    from slcp.sample import south_london

    south_london.cache_clear()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(["report"])


def compare_with(baseline: str, env: dict[str, str], runs: int) -> None:
    """Print ``slcp report``'s CPU in a new process from ``baseline`` and from this tree,
    alternating, and the ratio of the medians."""
    other = {**env, "PYTHONPATH": baseline}
    cpu_of_child(REPORT, other)  # warm-up
    theirs: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        theirs.append(cpu_of_child(REPORT, other)[0])
        ours.append(cpu_of_child(REPORT, env)[0])
    base, this = statistics.median(theirs), statistics.median(ours)
    print(f"slcp report, new process, baseline {baseline}: {base:.3f} s; this tree: {this:.3f} s")
    print(f"  this tree / baseline                    {this / base:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (median)")
    parser.add_argument("--baseline", default=None, help="another source tree to compare with")
    args = parser.parse_args()
    runs = args.runs
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cpu_of_child(REPORT, env)  # warm-up: writes the bytecode cache
    if args.baseline is not None:
        compare_with(args.baseline, env, runs)

    report_in = [cpu_in_process(report_in_process) for _ in range(runs)]
    children = [cpu_of_child(REPORT, env) for _ in range(runs)]
    report_child = [c[0] for c in children]
    report_user = [c[2] for c in children]
    imports = [float(cpu_of_child(IMPORT, env)[1]) for _ in range(runs)]

    from slcp.io import dumps_programme, loads_programme
    from slcp.sample import south_london

    text = dumps_programme(south_london())
    parse: list[float] = []
    load: list[float] = []
    for _ in range(runs):
        parse.append(cpu_in_process(lambda: json.loads(text)))
        load.append(cpu_in_process(lambda: loads_programme(text)))

    median = statistics.median
    print(f"CPU seconds, median of {runs} (Python {sys.version.split()[0]})")
    print(f"slcp report on the sample, in process     {median(report_in):7.3f}  (target 1.5)")
    print(
        f"slcp report on the sample, new process    {median(report_child):7.3f}"
        "  (target 1.5, aim 1.2)"
    )
    print(f"  of which user CPU                       {median(report_user):7.3f}")
    print(f"import slcp, new process                  {median(imports):7.3f}  (target 0.15)")
    print(f"json.loads of the sample ({len(text) / 1e6:.1f} MB)         {median(parse):7.3f}")
    print(f"loads_programme of the same text          {median(load):7.3f}")
    print(
        f"loads_programme / json.loads              {median(load) / median(parse):7.2f}x"
        "  (target 3x)"
    )
    fresh_parse, fresh_load = parse_in_child(text, env, runs)
    print(f"the same in a new process: json.loads     {fresh_parse:7.3f}")
    print(f"  loads_programme                         {fresh_load:7.3f}")
    print(
        f"  loads_programme / json.loads            {fresh_load / fresh_parse:7.2f}x  (target 3x)"
    )


if __name__ == "__main__":
    main()
