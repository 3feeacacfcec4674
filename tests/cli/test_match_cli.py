"""``slcp match`` through click's runner: the small hand-worked market of
tests/market/builders.py given as a JSON programme, referral files in JSON and CSV, and
one-line errors with exit status 2 for input that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from slcp.cli import main
from slcp.io import dump_programme
from tests.market.builders import market_programme

REFERRAL = {
    "id": "R1",
    "child": "C0001",
    "borough": "E09000008",
    "workstream": "lac",
    "service": "childrens_home",
    "needs": [],
    "age": 12,
    "home_district": "CR0",
    "school_district": "CR0",
    "urgency": "within_5_days",
    "referred_on": "2020-05-01",
}


def _vacancy(vid: str, provider: str, location: str, fee: int, **change: Any) -> dict[str, Any]:
    base = {
        "id": vid,
        "provider": provider,
        "places": 1,
        "from": "2020-04-01",
        "to": "2020-10-01",
        "services": ["childrens_home"],
        "min_age": 10,
        "max_age": 17,
        "needs_met": [],
        "location": location,
        "weekly_fee_pence": fee,
    }
    return {**base, **change}


VACANCIES = [
    _vacancy("V1", "H1", "SM1", 400_000),
    _vacancy("V2", "H2", "RH1", 600_000),
    _vacancy("V3", "H3", "CR0", 350_000),
    _vacancy("V4", "H4", "CR0", 300_000),
    _vacancy("V5", "H5", "CR7", 320_000, min_age=14),
]


@pytest.fixture
def programme_file(tmp_path: Path) -> Path:
    path = tmp_path / "programme.json"
    dump_programme(market_programme(), path)
    return path


def _write(tmp_path: Path, doc: object, name: str = "referrals.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["match", *args])


def test_json_output_matches_the_hand_worked_ranking(tmp_path: Path, programme_file: Path) -> None:
    referrals = _write(tmp_path, {"referrals": [REFERRAL], "vacancies": VACANCIES})
    result = _run(str(referrals), str(programme_file), "--format", "json")
    assert result.exit_code == 0, result.output
    (m,) = json.loads(result.stdout)["matches"]
    # tests/market/test_matching.py works these by hand: H1 331/540 (61.3), H2 79/180 (43.9);
    # the programme has no placements, so no scorecards: neutral
    assert [(o["provider"], o["score_exact"], o["points"]) for o in m["offers"]] == [
        ("H1", "331/540", "61.3"),
        ("H2", "79/180", "43.9"),
    ]
    reasons = {e["provider"]: e["reasons"] for e in m["eligibility"]}
    assert reasons == {
        "H1": [],
        "H2": [],
        "H3": ["ofsted_inadequate"],
        "H4": ["not_admitted"],
        "H5": ["age_outside_range"],
        "H6": ["no_vacancy"],
    }
    assert m["offers"][0]["components"][2] == {
        "name": "price",
        "weight": 2,
        "value_exact": "7/9",
        "reason": "£4,000.00 a week, band £3,000.00 to £7,500.00",
    }


def test_text_output_and_the_date_option(tmp_path: Path, programme_file: Path) -> None:
    referrals = _write(tmp_path, {"referrals": [REFERRAL], "vacancies": VACANCIES})
    result = _run(str(referrals), str(programme_file))
    assert result.exit_code == 0, result.output
    assert "  2 of 6 providers eligible" in result.stdout
    assert "  1. Alder House (H1), vacancy V1 in SM1, £4,000.00 a week, lot FW/1: 61.3" in (
        result.stdout
    )
    # on 8 March 2020, the day before the framework went live, no one is admitted
    before = _run(str(referrals), str(programme_file), "--date", "2020-03-08")
    assert before.exit_code == 0
    assert "  0 of 6 providers eligible" in before.stdout
    assert "    not admitted to a lot buying the service on the day: 6" in before.stdout


def test_a_csv_referral_file_gives_the_same_offers(tmp_path: Path, programme_file: Path) -> None:
    header = ",".join(REFERRAL)
    row = ",".join("" if k == "needs" else str(v) for k, v in REFERRAL.items())
    csv_file = tmp_path / "referrals.csv"
    csv_file.write_text(f"{header}\n{row}\n", encoding="utf-8")
    # a CSV file cannot carry vacancies, and this programme holds none
    result = _run(str(csv_file), str(programme_file))
    assert result.exit_code == 2
    assert "gives no vacancies" in result.stderr
    # on the sample, the sample's vacancies are used
    sample = _run(str(csv_file), "--format", "json")
    assert sample.exit_code == 0, sample.output
    as_json = _write(tmp_path, {"referrals": [REFERRAL]})
    assert json.loads(sample.stdout) == json.loads(_run(str(as_json), "--format", "json").stdout)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"age": "twelve"}, "must be a whole number @ $.referrals[0].age"),
        ({"age": 12.0}, "must be a whole number @ $.referrals[0].age"),
        ({"service": "castle"}, "'castle' is not one of"),
        ({"referred_on": "01/05/2020"}, "is not a date written YYYY-MM-DD"),
        ({"child": "Jane Smith"}, "pseudonymous @ $.referrals[0]"),
        ({"home_district": "CR0 1AB"}, "never a full postcode @ $.referrals[0]"),
        ({"colour": "blue"}, "unknown field"),
    ],
)
def test_bad_referrals_exit_2_with_a_located_message(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    referrals = _write(tmp_path, {"referrals": [{**REFERRAL, **change}]})
    result = _run(str(referrals))
    assert result.exit_code == 2
    assert result.stderr.startswith("slcp match: cannot load ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format 'xml' is not one of text, json"),
        (["--date", "tomorrow"], "--date 'tomorrow' is not a date"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    referrals = _write(tmp_path, {"referrals": [REFERRAL]})
    result = _run(str(referrals), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    missing = _run(str(tmp_path / "none.json"))
    assert missing.exit_code == 2
    assert "cannot read the file" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert "not JSON" in _run(str(broken)).stderr
    empty = _write(tmp_path, {"referrals": []})
    assert "a non-empty list of referrals is required @ $.referrals" in _run(str(empty)).stderr
    bad_vacancy = _write(
        tmp_path, {"referrals": [REFERRAL], "vacancies": [_vacancy("V1", "H1", "SM1", -5)]}
    )
    result = _run(str(bad_vacancy))
    assert result.exit_code == 2
    assert "@ $.vacancies[0]" in result.stderr
