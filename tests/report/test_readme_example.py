"""The README's library example prints the figure the report gives for that placement."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import attrs

from slcp.periods import FinancialYear
from slcp.report import ReportOptions, build_report
from slcp.sample import south_london

README = Path(__file__).parents[2] / "README.md"


def _library_example() -> str:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    (example,) = [b for b in blocks if "cost_in_year" in b]
    return example


def test_the_readme_example_prints_the_reports_figure_for_its_placement() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_library_example(), "README.md", "exec"), {})
    placement_id, printed, *_ = out.getvalue().split(" ", 2)
    programme = south_london()
    (placement,) = [p for p in programme.placements if p.id == placement_id]
    # the report on a programme holding only that placement: its spend is the placement's
    alone = attrs.evolve(programme, placements=(placement,), agreements=(), episodes=())
    report = build_report(alone, ReportOptions(financial_year=FinancialYear(2019)))
    assert printed == str(report.overview.total_spend)
    # and the comment in the README shows what it prints
    assert f"# {out.getvalue().strip()}" in _library_example()
