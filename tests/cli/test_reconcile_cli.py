"""``slcp reconcile`` on the hand-worked invoices of tests/finance/test_invoices.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.io import dump_programme
from slcp.io.invoices import write_invoices
from tests.finance.test_invoices import INVOICES, PROGRAMME


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reconcile")
    programme, invoices = folder / "programme.json", folder / "invoices.csv"
    dump_programme(PROGRAMME, programme)
    invoices.write_text(write_invoices(INVOICES), encoding="utf-8")
    return programme, invoices


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["reconcile", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json(files: tuple[Path, Path]) -> None:
    programme, invoices = files
    code, out, _ = run(str(programme), "--invoices", str(invoices), "--format", "json")
    assert code == 0
    data = json.loads(out)
    # the working is in tests/finance/test_invoices.py
    assert data["by_reason"] == {
        "late_payment": 0,
        "wrong_rate": 20_000,
        "uplift_early": 3_100,
        "uplift_not_applied": -3_000,
        "days_outside_placement": 45_000,
        "duplicate": 313_100,
        "overlap": 70_700,
        "missing": -155_000,
    }
    feb = next(r for r in data["invoices"] if r["invoice_id"] == "FEB")
    assert feb == {
        "invoice_id": "FEB",
        "provider_id": "P1",
        "borough_gss": "E09000008",
        "placement_id": "PL1",
        "first_day": "2019-02-01",
        "last_day": "2019-02-28",
        "invoiced_pence": 300_000,
        "expected_pence": 280_000,
        "difference_pence": 20_000,
        "status": "overcharged",
        "reason": "wrong_rate",
        "days_to_pay": 10,
        "paid_late": False,
    }
    assert data["window"] == {"first_day": "2019-01-01", "last_day": "2019-07-15"}


def test_csv_tables_and_window(files: tuple[Path, Path]) -> None:
    programme, invoices = files
    code, out, _ = run(str(programme), "--invoices", str(invoices), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["invoice_id"] for r in rows][:2] == ["JAN", "FEB"]
    assert rows[0]["paid_late"] == "True"
    # a window to 30 April: PL2's May is outside it, so nothing is missing
    code, out, _ = run(
        str(programme),
        "--invoices",
        str(invoices),
        "--from",
        "2019-01-01",
        "--to",
        "2019-04-30",
        "--format",
        "csv",
        "--table",
        "discrepancies",
    )
    assert code == 0
    reasons = [r["reason"] for r in csv.DictReader(io.StringIO(out))]
    assert "missing" not in reasons
    assert len(reasons) == 7


def test_text(files: tuple[Path, Path]) -> None:
    programme, invoices = files
    code, out, _ = run(str(programme), "--invoices", str(invoices))
    assert code == 0
    assert "9 checked, 3 matching the charge, 8 discrepancies" in out
    assert "overlap: 1, £707.00" in out


def test_bad_invoices_exit_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    programme, _ = files
    bad = tmp_path / "invoices.csv"
    bad.write_text("invoice_id,amount_pence\nA,1.5\n", encoding="utf-8")
    code, _, err = run(str(programme), "--invoices", str(bad))
    assert code == 2
    assert f"cannot read {bad}" in err
    code, _, err = run(str(programme), "--invoices", str(files[1]), "--from", "2019-01-01")
    assert code == 2
    assert "give both --from and --to" in err


def test_the_report_carries_the_same_reconciliation(files: tuple[Path, Path]) -> None:
    # slcp report --invoices: the finance section holds the reconciliation, every reason
    # listed, with the hand-worked amounts above
    programme, invoices = files
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(programme),
            "--year",
            "2019/20",
            "--invoices",
            str(invoices),
            "--forecast-as-of",
            "2019-10-31",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    finance = json.loads(result.stdout)["finance"]
    by_reason = {x["reason"]: x["amount_pence"] for x in finance["reconciliation"]["by_reason"]}
    assert by_reason == {
        "wrong_rate": 20_000,
        "uplift_early": 3_100,
        "uplift_not_applied": -3_000,
        "days_outside_placement": 45_000,
        "duplicate": 313_100,
        "overlap": 70_700,
        "missing": -155_000,
        "late_payment": 0,
    }
    assert finance["reconciliation"]["input"] == "invoices.csv"
    assert finance["forecast"]["as_of"] == "2019-10-31"
    assert finance["month_ends"][-1]["error_pence"] == 0


def test_the_report_refuses_a_bad_forecast_day_or_invoices(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    programme, _ = files
    bad = CliRunner().invoke(main, ["report", str(programme), "--forecast-as-of", "31/10/2019"])
    assert bad.exit_code == 2
    assert "not a date" in bad.stderr
    broken = tmp_path / "invoices.csv"
    broken.write_text("invoice_id,amount_pence\nX,ten\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["report", str(programme), "--invoices", str(broken)])
    assert refused.exit_code == 2
    assert "cannot read" in refused.stderr
    assert "Traceback" not in refused.output
