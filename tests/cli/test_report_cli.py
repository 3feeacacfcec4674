"""``slcp report`` through click's runner, on the embedded sample."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from slcp.cli import main
from tests.reference import SOUTH_LONDON_CODES

EXPECTED_CODES = SOUTH_LONDON_CODES  # REFERENCE §2


@pytest.fixture(scope="module")
def report_json() -> dict[str, object]:
    result = CliRunner().invoke(main, ["report", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def test_report_names_the_programme_and_year(report_json: dict[str, object]) -> None:
    assert report_json["programme"] == "South London Commissioning Programme"
    assert report_json["financial_year"] == "2019/20"
    assert report_json["host"] == "E09000008"  # Croydon hosts (seed 004 §2.3)


def test_report_lists_all_twelve_boroughs_with_their_codes(
    report_json: dict[str, object],
) -> None:
    boroughs = report_json["boroughs"]
    assert isinstance(boroughs, list)
    got = {b["name"]: (b["gss_code"], b["dfe_code"]) for b in boroughs}
    assert got == EXPECTED_CODES
    assert [b["name"] for b in boroughs] == sorted(EXPECTED_CODES)


def test_borough_spend_adds_up_exactly_to_the_total(report_json: dict[str, object]) -> None:
    boroughs = report_json["boroughs"]
    assert isinstance(boroughs, list)
    spends = [b["spend_pence"] for b in boroughs]
    assert all(isinstance(s, int) and not isinstance(s, bool) for s in spends)
    assert sum(spends) == report_json["total_spend_pence"]


def test_text_report_is_the_default(report_json: dict[str, object]) -> None:
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 0, result.output
    assert "South London Commissioning Programme — financial year 2019/20" in result.output
    assert "Kingston upon Thames" in result.output


@pytest.mark.parametrize("year", ["2019/21", "19/20", "twenty"])
def test_a_malformed_year_is_refused_with_exit_2(year: str) -> None:
    result = CliRunner().invoke(main, ["report", "--year", year])
    assert result.exit_code == 2
    assert "not a financial year" in result.output


def test_year_accepts_the_hyphenated_form() -> None:
    result = CliRunner().invoke(main, ["report", "--year", "2018-19", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["financial_year"] == "2018/19"


def test_report_on_a_missing_file_exits_2() -> None:
    result = CliRunner().invoke(main, ["report", "no-such-file.json"])
    assert result.exit_code == 2
