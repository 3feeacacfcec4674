"""``slcp stability`` through click's runner.

Figures for the hand-built tables are worked in ``tests/io/test_ssda903_stability_rules.py``:
short term 4/20, two year 1/11, long term 5/7, for the year ending 31 March 2018.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from slcp.cli import main

DATA = Path(__file__).parent.parent / "data" / "ssda903"
RULES = ["--episodes", str(DATA / "episodes_rules.csv")]
RULES_HEADER = ["--header", str(DATA / "header_rules.csv")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["stability", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_for_the_hand_built_tables() -> None:
    code, out, _ = run(*RULES, *RULES_HEADER, "--year", "2018", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["year_ending"] == "2018-03-31"
    pick = {k: (data[k]["numerator"], data[k]["denominator"], data[k]["percent"]) for k in (
        "short_term", "two_year", "long_term")}  # fmt: skip
    assert pick == {
        "short_term": (4, 20, "20.0"),  # 4/20 = 20 %
        "two_year": (1, 11, "9.1"),  # 100/11 = 9.09 %
        "long_term": (5, 7, "71.4"),  # 500/7 = 71.43 %
    }
    assert data["long_term"]["available"] is True
    assert data["findings"] == {}


def test_without_header_long_term_is_unavailable_not_zero() -> None:
    code, out, _ = run(*RULES, "--year", "2018", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["long_term"]["available"] is False
    assert data["long_term"]["numerator"] is None
    assert data["long_term"]["percent"] is None
    assert data["short_term"]["numerator"] == 4


def test_text_output() -> None:
    code, out, _ = run(*RULES, *RULES_HEADER, "--year", "2018")
    assert code == 0
    assert "year ending 31 March 2018" in out
    assert "4 of 20 = 20.0%" in out
    assert "5 of 7 = 71.4%" in out
    assert "naive count, not a DfE measure" in out


def test_la_by_dfe_code() -> None:
    code, out, _ = run(*RULES, "--year", "2018", "--la", "306", "--format", "json")
    assert code == 0
    assert json.loads(out)["la"] == "E09000008"  # Croydon (REFERENCE §2)


def test_the_published_messy_extract_loads_with_findings() -> None:
    episodes = DATA / "extract_episodes.csv"
    code, out, _ = run(
        "--episodes",
        str(episodes),
        "--header",
        str(DATA / "extract_header.csv"),
        "--year",
        "2018",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    for key in ("short_term", "two_year", "long_term"):
        m = data[key]
        assert 0 <= m["numerator"] <= m["denominator"]
    # Independent count: distinct rows with REC set but DEC blank.
    with episodes.open(newline="") as f:
        rows = {tuple(r.values()) for r in csv.DictReader(f)}
    ceased = sum(1 for r in rows if r[8] and not r[7])  # columns REC (9th) and DEC (8th)
    assert ceased > 0
    assert data["findings"]["ceased-without-end-date"] == ceased


def test_unreadable_file_exits_2_with_a_message(tmp_path: Path) -> None:
    code, _, err = run("--episodes", str(tmp_path / "absent.csv"), "--year", "2018")
    assert code == 2
    assert "cannot read the SSDA903 tables" in err
    assert "absent.csv" in err


def test_bad_year_and_la_exit_2() -> None:
    assert run(*RULES, "--year", "18")[0] == 2
    assert run(*RULES, "--year", "2018", "--la", "999")[0] == 2


def test_findings_listed_on_stderr_with_their_location() -> None:
    code, out, err = run(
        "--episodes", str(DATA / "episodes_messy.csv"), "--year", "2018", "--findings"
    )
    assert code == 0
    assert "error end-before-start [0202]" in err
    assert "@ episodes_messy.csv row 8 column DEC" in err
    assert "end-before-start: 1" in out
