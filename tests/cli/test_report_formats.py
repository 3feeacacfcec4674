"""``slcp report --format csv|xlsx|html --out``, and the conventions every command shares:
``-h``, ``--version``, one year form, warnings by name, ``validate --format json``."""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.io import dumps_programme
from tests.pricing.builders import placement, programme, uplift_round


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # PL1: £1,000 a week from 1 September 2018, open; a SEND round in 2019/20 (3% asked, 1% cap)
    path = tmp_path_factory.mktemp("small") / "small.json"
    doc = programme([placement("PL1", start="2018-09-01")], [uplift_round(2019)])
    path.write_text(dumps_programme(doc), encoding="utf-8")
    return path


def _json_report(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["report", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    "args", [["-h"], ["report", "-h"], ["validate", "-h"], ["stability", "-h"]]
)
def test_short_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage:")


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert importlib.metadata.version("slcp") in result.stdout


@pytest.mark.parametrize("command", ["report", "stability"])
def test_every_year_option_says_the_same_forms(command: str) -> None:
    help_text = " ".join(CliRunner().invoke(main, [command, "-h"]).stdout.split())
    assert "2019/20 or 2019-20" in help_text
    assert "2020 means the year ending 31 March 2020" in help_text


@pytest.mark.parametrize("year", ["2019/20", "2019-20", "2020", "2019/2020"])
def test_one_year_in_every_form(small_file: Path, year: str) -> None:
    assert _json_report(small_file, "--year", year)["financial_year"] == "2019/20"


def test_a_year_outside_the_data_is_warned_by_name(small_file: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(small_file), "--year", "2015/16"])
    assert result.exit_code == 0
    assert "warning: 2015/16 is outside Test programme's data" in result.stderr


def test_attribution_lists_its_choices() -> None:
    help_text = CliRunner().invoke(main, ["report", "-h"]).stdout
    assert "[default|direct|spend|volume|equal_shares|equal_price|shapley]" in "".join(
        help_text.split()
    )


def test_provenance_names_the_file_and_its_digest(small_file: Path) -> None:
    provenance = _json_report(small_file)["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["input"] == "small.json"
    assert provenance["input_sha256"] == hashlib.sha256(small_file.read_bytes()).hexdigest()
    assert provenance["synthetic"] is False


def test_no_progress_when_stderr_is_not_a_terminal(small_file: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(small_file)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_csv_xlsx_and_html_to_files(small_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    # PL1 at £1,010 a week (3% asked, capped at 1%) for 366 days: 101,000 × 366 ÷ 7
    # = 5,280,857.14p -> 5,280,857p
    spend = 5_280_857
    out = tmp_path / "tables"
    assert (
        runner.invoke(
            main, ["report", str(small_file), "--format", "csv", "--out", str(out)]
        ).exit_code
        == 0
    )
    with (out / "boroughs.csv").open(encoding="utf-8", newline="") as f:
        assert sum(int(r["spend_pence"]) for r in csv.DictReader(f)) == spend
    xlsx = tmp_path / "r.xlsx"
    assert (
        runner.invoke(
            main, ["report", str(small_file), "--format", "xlsx", "--out", str(xlsx)]
        ).exit_code
        == 0
    )
    ws = openpyxl.load_workbook(xlsx)["spend"]
    assert (
        sum(r[0] for r in ws.iter_rows(min_row=2, min_col=8, max_col=8, values_only=True)) == spend
    )
    html = tmp_path / "r.html"
    assert (
        runner.invoke(
            main, ["report", str(small_file), "--format", "html", "--out", str(html)]
        ).exit_code
        == 0
    )
    assert "£52,808.57" in html.read_text(encoding="utf-8")


def test_csv_to_standard_output_names_each_table(small_file: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(small_file), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# boroughs: ")
    assert "\n# spend: " in result.stdout


def test_validate_as_json(small_file: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(small_file), "--format", "json"])
    doc = json.loads(result.stdout)
    assert doc["count"] == len(doc["findings"])
    assert doc["errors"] == sum(1 for f in doc["findings"] if f["severity"] == "error")
    assert result.exit_code == (1 if doc["errors"] else 0)
