"""``slcp import`` and ``--tables``: a programme from what councils hold, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from slcp.cli import main
from slcp.io import load_programme
from slcp.io.programme_tables import load_programme_tables

DATA = Path(__file__).parent.parent / "data"
TABLES = DATA / "csv"


def test_import_the_example_folder_then_report_on_it(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(TABLES), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == (
        f"wrote {out}: 2 borough(s), 3 provider(s), 3 placement(s), 2 ICA(s)\n"
    )
    assert load_programme(out) == load_programme_tables(TABLES)
    reported = runner.invoke(main, ["report", str(out), "--format", "json"])
    assert reported.exit_code == 0, reported.output
    data = json.loads(reported.stdout)
    assert data["programme"] == "South London Commissioning Programme (example)"
    # 2019/20 spend is PL-3 alone: £1,500 + £600 education a week, 38 weeks a year spread
    # over the 366 days of academic year 2019/20 (29 February 2020 included), charged for
    # 2 September 2019 - 31 March 2020 = 29+31+30+31+31+29+31 = 212 days:
    # 38 x £2,100 x 212 / 366 = £46,222.95 (£46,222.9508 rounded half up)
    text = runner.invoke(main, ["report", str(out)])
    assert text.exit_code == 0, text.output
    assert "£46,222.95" in text.stdout


def test_report_and_validate_read_tables_directly() -> None:
    runner = CliRunner()
    from_json_free = runner.invoke(main, ["report", "--tables", str(TABLES)])
    assert from_json_free.exit_code == 0, from_json_free.output
    assert from_json_free.stdout.startswith(
        "South London Commissioning Programme (example) — financial year 2019/20\n"
    )
    checked = runner.invoke(main, ["validate", "--tables", str(TABLES)])
    assert checked.exit_code == 0, checked.output
    # PL-2 was a spot purchase from a provider admitted to the framework lot that buys it
    assert checked.stdout.endswith("1 finding(s), 0 error(s)\n")


def test_a_folder_with_errors_exits_2_listing_every_one(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(TABLES, folder)
    fees = folder / "placement_fees.csv"
    fees.write_text(fees.read_text(encoding="utf-8").replace("400000", "4000.00"), "utf-8")
    budgets = folder / "budgets.csv"
    budgets.write_text(budgets.read_text(encoding="utf-8").replace(",lac,", ",fostering,"), "utf-8")
    runner = CliRunner()
    for args in (
        ["import", str(folder), "--out", str(tmp_path / "x.json")],
        ["report", "--tables", str(folder)],
        ["validate", "--tables", str(folder)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.splitlines()
        assert lines[0] == f"slcp: cannot load {folder}:"
        assert (
            "  weekly fee must be an integer of pence, e.g. 450000 for £4,500.00, got "
            "'4000.00' @ placement_fees.csv row 2 column core_pence"
        ) in lines
        assert (
            "  weekly fee must be an integer of pence, e.g. 450000 for £4,500.00, got "
            "'4000.00' @ placement_fees.csv row 3 column core_pence"
        ) in lines
        assert (
            "  workstream must be one of send, lac, got 'fostering' "
            "@ budgets.csv row 2 column workstream"
        ) in lines
    assert not (tmp_path / "x.json").exists()


def test_pds_files_need_a_borough_and_build_the_placed_referrals(tmp_path: Path) -> None:
    runner = CliRunner()
    pds = str(DATA / "pds" / "referrals.csv")
    out = tmp_path / "pds.json"
    missing = runner.invoke(main, ["import", "--pds", pds, "--out", str(out)])
    assert missing.exit_code == 2
    assert "--pds needs --borough" in missing.stderr
    made = runner.invoke(main, ["import", "--pds", pds, "--borough", "Croydon", "--out", str(out)])
    assert made.exit_code == 0, made.output
    programme = load_programme(out)
    # referrals.csv: 00123 placed in residential care at £4,850 a week (placementDate
    # 25/07/2025), 00124 not placed yet, 00125 in foster care at £1,120 a week
    assert [
        (p.child, p.service.value, p.fees.entries[0].value.core.pence) for p in programme.placements
    ] == [
        ("00123", "childrens_home", 485_000),
        ("00125", "independent_fostering", 112_000),
    ]
    assert "info not-placed [00124]" in made.stderr
    assert "Officer" not in out.read_text(encoding="utf-8")


def test_file_and_tables_together_are_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(TABLES), "--out", str(out)]).exit_code == 0
    both = runner.invoke(main, ["report", str(out), "--tables", str(TABLES)])
    assert both.exit_code == 2
    assert "give a JSON FILE or --tables, not both" in both.stderr
    neither = runner.invoke(main, ["validate"])
    assert neither.exit_code == 2
    assert "give a JSON FILE or --tables DIR" in neither.stderr
