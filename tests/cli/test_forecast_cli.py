"""``slcp forecast`` on a hand-built programme: exact figures in every format, clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.io import dump_programme
from tests.finance.test_forecast import BUDGET, FOSTER, HOME, SCHOOL
from tests.pricing.builders import programme


@pytest.fixture(scope="module")
def programme_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forecast") / "programme.json"
    dump_programme(attrs.evolve(programme([HOME, SCHOOL, FOSTER]), budgets=(BUDGET,)), path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["forecast", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_rows_by_hand(programme_file: Path) -> None:
    code, out, _ = run(str(programme_file), "--as-of", "2019-10-31", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["financial_year"], data["as_of"]) == ("2019/20", "2019-10-31")
    # the working is in tests/finance/test_forecast.py::test_position_at_31_october_by_hand
    rows = {(r["service"], r["funding"]): r for r in data["rows"]}
    home = rows[("childrens_home", "social_care")]
    assert home == {
        "gss_code": "E09000008",
        "workstream": "lac",
        "service": "childrens_home",
        "funding": "social_care",
        "actual_pence": 2_130_000,
        "committed_pence": 1_530_000,
        "demand_pence": 0,
        "forecast_pence": 3_660_000,
        "budget_pence": 3_000_000,
        "variance_pence": 660_000,
        "previous_forecast_pence": 3_660_000,
        "movement_pence": 0,
    }
    assert rows[("send_residential_52_week", "health")]["forecast_pence"] == 592_000
    assert rows[("independent_fostering", "social_care")]["movement_pence"] == 845_000
    for r in data["rows"]:
        assert r["forecast_pence"] == r["actual_pence"] + r["committed_pence"] + r["demand_pence"]
    assert data["total"] == {
        "actual_pence": 2_130_000 + 80_000 + 1_430_000,
        "committed_pence": 1_530_000 + 765_000 + 1_530_000,
        "demand_pence": 0,
        "forecast_pence": 7_465_000,
        "budget_pence": 3_000_000,
        "variance_pence": 660_000,
        "previous_forecast_pence": 7_465_000 - 845_000,
        "movement_pence": 845_000,
    }
    assert sum(m["forecast_pence"] for m in data["months"]) == 7_465_000


def test_demand_in_json(programme_file: Path) -> None:
    code, out, _ = run(
        str(programme_file), "--as-of", "2019-10-31", "--demand-months", "2", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    # one fostering start in [1 Sep, 1 Nov): 1,140,000p of demand (see test_demand_by_hand)
    assert data["total"]["demand_pence"] == 1_140_000
    (estimate,) = data["demand_assumption"]["estimates"]
    assert estimate["starts_per_month"] == "1/2"
    assert estimate["window_first_day"] == "2019-09-01"


def test_csv_and_text(programme_file: Path) -> None:
    code, out, _ = run(str(programme_file), "--as-of", "2019-10-31", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert rows[0]["forecast_pence"] == "3660000"
    assert rows[1]["budget_pence"] == ""
    code, out, _ = run(str(programme_file), "--as-of", "2019-10-31")
    assert code == 0
    assert "forecast £74,650.00" in out
    assert "movement £8,450.00" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2019-02-30"], "'2019-02-30' is not a date"),
        (["--as-of", "2019-10-31", "--year", "2019"], "--year"),
        (["--as-of", "2019-10-31", "--demand-months", "30"], "lookback must be"),
    ],
)
def test_bad_input_exits_2(programme_file: Path, args: list[str], message: str) -> None:
    code, _, err = run(str(programme_file), *args)
    assert code == 2
    assert message in err


def test_unloadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = run(str(bad), "--as-of", "2019-10-31")
    assert code == 2
    assert f"cannot load {bad}" in err
