"""``slcp report --kpis FILE``: scoring providers on a framework edited as JSON.

A small programme of two providers in one lot, reported for 2020/21
(``[2020-04-01, 2021-04-01)``); the default framework's JSON is edited the way a council
would (one KPI dropped, another re-weighted) and the scores are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from slcp.cli import main
from slcp.domain import EndingReason, OfstedRating, RouteKind
from slcp.io import dump_programme, dumps_outcomes_framework
from slcp.outcomes import default_outcomes_framework
from tests.outcomes.builders import placement, programme, provider

Doc = dict[str, Any]
D = dt.date
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "outcomes-framework.json"

# PRV-A, rated good since 2015:
#   A1 2020-05-01 .. open, framework call-off (lot 1, £4,000/week, band £3,000-£5,000),
#      8 miles, kept school
#   A2 2020-06-01 .. 2020-10-01 spot, ended by breakdown (unplanned), 25 miles, changed school
# PRV-B, rated requires improvement since 2015:
#   B1 2019-01-01 .. open, framework call-off (lot 1, £4,000/week), 5 miles
#
# Default framework, 2020/21 (G = 100 points, A = 50, R = 0; weight in brackets):
#   KPI                        PRV-A                           PRV-B
#   unplanned-endings (2)      A2 unplanned: 1/1 > 20% R      nothing ended: not scored
#   placements-12-months (2)   no anniversary before          B1's 2020-01-01 passed,
#                              2021-04-01: not scored          still running: 1/1 G
#   ica-outcomes-on-track (2)  no ICAs: not scored             not scored
#   ica-reviews-on-time (1)    not scored                      not scored
#   within-20-miles (1)        A1 only: 1/2 < 60% R            1/1 G
#   ofsted-good-at-placement (2) both good: 2/2 G              requires improvement: 0/1 R
#   framework-or-dps (1)       A1 of A1, A2: 1/2 < 60% R       nothing started: not scored
#   price-within-band (1)      A1 (A2 has no lot): 1/1 G       1/1 G
#   education-continuity (1)   A1 of A1, A2: 1/2 < 60% R       nothing started: not scored
#
#   PRV-A: (2×0 + 1×0 + 2×100 + 1×0 + 1×100 + 1×0) / (2+1+2+1+1+1) = 300/8 = 75/2 = 37.5
#   PRV-B: (2×100 + 1×100 + 2×0 + 1×100) / (2+1+2+1) = 400/6 = 200/3 = 66.7 (half up)
#
# Edited framework: within-20-miles dropped, ofsted-good-at-placement re-weighted 2 -> 6:
#   PRV-A: (2×0 + 6×100 + 1×0 + 1×100 + 1×0) / (2+6+1+1+1) = 700/11 = 63.6 (63.63…)
#   PRV-B: (2×100 + 6×0 + 1×100) / (2+6+1) = 300/9 = 100/3 = 33.3 (33.33…)
# so the ranks in lot LAC-FW/1 swap: B first by default, A first on the edited framework.
DEFAULT_SCORES = {"PRV-A": ("37.5", "75/2", 2), "PRV-B": ("66.7", "200/3", 1)}
EDITED_SCORES = {"PRV-A": ("63.6", "700/11", 1), "PRV-B": ("33.3", "100/3", 2)}


@pytest.fixture
def programme_file(tmp_path: Path) -> Path:
    small = programme(
        (
            placement("A1", D(2020, 5, 1), prov="PRV-A", miles="8", continuity=True),
            placement(
                "A2",
                D(2020, 6, 1),
                D(2020, 10, 1),
                prov="PRV-A",
                ending=EndingReason.UNPLANNED_BREAKDOWN,
                miles="25",
                continuity=False,
                route=RouteKind.SPOT,
            ),
            placement("B1", D(2019, 1, 1), prov="PRV-B", miles="5"),
        ),
        providers=(
            provider("PRV-A"),
            provider("PRV-B", rating=OfstedRating.REQUIRES_IMPROVEMENT),
        ),
    )
    path = tmp_path / "programme.json"
    dump_programme(small, path)
    return path


def _edited_framework(tmp_path: Path) -> Path:
    """The shipped default framework with within-20-miles dropped and Ofsted weighted 6."""
    doc: Doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    kpis = doc["framework"]["kpis"]
    doc["framework"]["name"] = "Edited framework"
    doc["framework"]["kpis"] = [k for k in kpis if k["id"] != "within-20-miles"]
    for k in doc["framework"]["kpis"]:
        if k["id"] == "ofsted-good-at-placement":
            k["weight"] = "6"
    path = tmp_path / "kpis.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def _report(*args: str | Path) -> Result:
    return CliRunner().invoke(
        main, ["report", *(str(a) for a in args), "--year", "2020/21", "--format", "json"]
    )


def _outcomes(result: Result) -> Doc:
    assert result.exit_code == 0, result.output
    outcomes: Doc = json.loads(result.stdout)["outcomes"]
    return outcomes


def _scores(outcomes: Doc) -> dict[str, tuple[str, str, int]]:
    return {
        p["id"]: (p["score"], p["score_exact"], p["rank_in_lot"]) for p in outcomes["providers"]
    }


def test_without_kpis_the_default_framework_scores(programme_file: Path) -> None:
    outcomes = _outcomes(_report(programme_file))
    assert outcomes["framework"] == "SLCP outcomes framework (slcp default)"
    assert _scores(outcomes) == DEFAULT_SCORES


def test_an_edited_framework_changes_the_scores_as_worked_by_hand(
    programme_file: Path, tmp_path: Path
) -> None:
    outcomes = _outcomes(_report(programme_file, "--kpis", _edited_framework(tmp_path)))
    assert outcomes["framework"] == "Edited framework"
    assert _scores(outcomes) == EDITED_SCORES
    # the dropped KPI is gone from the KPI list and from every provider's RAG
    assert [k["id"] for k in outcomes["kpis"]] == [
        "unplanned-endings",
        "placements-12-months",
        "ica-outcomes-on-track",
        "ica-reviews-on-time",
        "ofsted-good-at-placement",
        "framework-or-dps",
        "price-within-band",
        "education-continuity",
    ]
    ofsted = next(k for k in outcomes["kpis"] if k["id"] == "ofsted-good-at-placement")
    assert ofsted["weight"] == "6"
    rag_a, rag_b = (p["rag"] for p in outcomes["providers"])
    assert "within-20-miles" not in rag_a
    assert (rag_a["ofsted-good-at-placement"], rag_b["ofsted-good-at-placement"]) == (
        "green",
        "red",
    )


def test_the_shipped_example_reports_as_the_default(programme_file: Path) -> None:
    default = _report(programme_file)
    example = _report(programme_file, "--kpis", EXAMPLE)
    assert example.exit_code == 0, example.output
    assert example.stdout == default.stdout


def test_the_text_report_lists_the_edited_framework(programme_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(programme_file),
            "--year",
            "2020/21",
            "--kpis",
            str(_edited_framework(tmp_path)),
            "--full",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Provider scores 0-100 as of 2021-03-31" in result.stdout
    assert "(Edited framework):" in result.stdout
    assert "Placements within 20 miles of home" not in result.stdout


def test_a_framework_that_cannot_be_loaded_exits_2_with_its_paths(
    programme_file: Path, tmp_path: Path
) -> None:
    doc: Doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["framework"]["kpis"][1]["weight"] = 2.5
    doc["framework"]["kpis"][4]["derivation"] = "within_20_miles"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = _report(programme_file, "--kpis", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"slcp: cannot load {path}:"
    assert lines[1] == (
        '  an exact number must be a decimal number written as a string such as "0.035",'
        " got the number 2.5 @ $.framework.kpis[1].weight"
    )
    assert lines[2].startswith('  the string "within_20_miles" is not a valid derivation;')
    assert lines[2].endswith(" @ $.framework.kpis[4].derivation")
    assert len(lines) == 3


def test_a_programme_file_passed_as_kpis_is_refused(programme_file: Path) -> None:
    result = _report(programme_file, "--kpis", programme_file)
    assert result.exit_code == 2
    assert "  missing required key 'framework' @ $" in result.stderr.splitlines()


def test_a_missing_kpis_file_is_a_usage_error(programme_file: Path, tmp_path: Path) -> None:
    result = _report(programme_file, "--kpis", tmp_path / "nowhere.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_thresholds_not_yet_in_force_in_the_year_exit_2(
    programme_file: Path, tmp_path: Path
) -> None:
    # A framework agreed from 1 April 2021 has no thresholds for 2020/21 (last day
    # 2021-03-31): the report refuses rather than scoring against nothing.
    text = dumps_outcomes_framework(default_outcomes_framework()).replace(
        '"effective": "2014-04-01"', '"effective": "2021-04-01"'
    )
    path = tmp_path / "later.json"
    path.write_text(text, encoding="utf-8")
    result = _report(programme_file, "--kpis", path)
    assert result.exit_code == 2
    assert result.stderr.startswith("slcp: cannot report: no value in force on 2021-03-31")
