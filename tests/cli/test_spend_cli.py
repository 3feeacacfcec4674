"""``slcp spend`` through click's runner, on hand-built tables with hand-worked figures.

The tables (written by :func:`write_tables`):

* PL-1, Croydon, LAC, P1: £700 a week (£100 a day), 1 April 2019 to 31 March 2020.
  2019/20 (366 days, it holds 29 February 2020): 366 × 10,000 = 3,660,000p.
* PL-2, Sutton, LAC, P2: £350 a week (£50 a day) from 1 March 2020, open. The LAC 2020/21
  round (1 April) caps P2's 10% request at 2%: £357 a week (£51 a day) from 1 April 2020.
  2019/20: 31 days × 5,000 = 155,000p; 2020/21 and 2021/22: 365 × 5,100 = 1,861,500p.
* PL-3, Croydon, SEND, P1: 38 weeks a year at £1,000, 1 September 2019 to 31 August 2020
  (an academic year of 366 days): 2019/20 holds 213 days, 3,800,000 × 213/366 =
  2,211,475.41p; 2020/21 holds 153, 1,588,524.59p.

2019/20: exact 6,026,475.41p → 6,026,475p; Croydon 5,871,475.41 → 5,871,475, Sutton
155,000. 2020/21: exact 3,450,024.59p → 3,450,025p; floors 1,588,524 + 1,861,500 leave 1p,
which goes to Croydon (remainder .59): Croydon 1,588,525, Sutton 1,861,500.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main

PLACEMENTS = """\
placement_id,child_ref,borough_gss,workstream,provider_id,service,first_day,last_day,route,charging_method,weeks_per_year
PL-1,C1,E09000008,lac,P1,childrens_home,2019-04-01,2020-03-31,spot,,
PL-2,C2,E09000029,lac,P2,childrens_home,2020-03-01,,spot,,
PL-3,C3,E09000008,send,P1,send_day,2019-09-01,2020-08-31,spot,weeks_per_year,38
"""
FEES = """\
placement_id,effective_from,core_pence,source_kind,source_citation
PL-1,2019-04-01,70000,agreement,ICA PL-1
PL-2,2020-03-01,35000,agreement,ICA PL-2
PL-3,2019-09-01,100000,agreement,EHCP PL-3
"""
ROUNDS = """\
round_id,workstream,financial_year,default_cap_pct,position_source_kind,position_source_citation,source_kind,source_citation
LAC-2020/21,lac,2020/21,2,board_decision,LAC board,board_decision,LAC board
"""
REQUESTS = """\
round_id,provider_id,requested_pct
LAC-2020/21,P2,10
"""


def write_tables(directory: Path) -> Path:
    for name, text in (
        ("placements.csv", PLACEMENTS),
        ("placement_fees.csv", FEES),
        ("uplift_rounds.csv", ROUNDS),
        ("uplift_requests.csv", REQUESTS),
    ):
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["spend", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_by_borough(tmp_path: Path) -> None:
    tables = str(write_tables(tmp_path))
    code, out, _ = run(
        "--tables", tables, "--from", "2019/20", "--to", "2021/22", "--format", "json"
    )
    assert code == 0
    assert json.loads(out) == {
        "years": [
            {
                "financial_year": "2019/20",
                "total_pence": 6_026_475,
                "rows": [
                    {"gss_code": "E09000008", "spend_pence": 5_871_475},
                    {"gss_code": "E09000029", "spend_pence": 155_000},
                ],
            },
            {
                "financial_year": "2020/21",
                "total_pence": 3_450_025,
                "rows": [
                    {"gss_code": "E09000008", "spend_pence": 1_588_525},
                    {"gss_code": "E09000029", "spend_pence": 1_861_500},
                ],
            },
            {
                "financial_year": "2021/22",
                "total_pence": 1_861_500,
                "rows": [{"gss_code": "E09000029", "spend_pence": 1_861_500}],
            },
        ]
    }


def test_json_by_workstream_and_provider(tmp_path: Path) -> None:
    tables = str(write_tables(tmp_path))
    args = ("--tables", tables, "--from", "2019/20", "--to", "2019/20", "--format", "json")
    # LAC: 3,660,000 + 155,000; SEND: 2,211,475.41 → 2,211,475 (the total's 6,026,475 less LAC)
    code, out, _ = run(*args, "--by", "workstream")
    assert code == 0
    assert json.loads(out)["years"][0]["rows"] == [
        {"workstream": "lac", "spend_pence": 3_815_000},
        {"workstream": "send", "spend_pence": 2_211_475},
    ]
    # the same split by service kind: children's homes (PL-1, PL-2) and SEND day (PL-3)
    code, out, _ = run(*args, "--by", "service")
    assert json.loads(out)["years"][0]["rows"] == [
        {"service": "childrens_home", "spend_pence": 3_815_000},
        {"service": "send_day", "spend_pence": 2_211_475},
    ]
    # P1: PL-1 and PL-3, 5,871,475.41 → 5,871,475; P2: PL-2, 155,000
    code, out, _ = run(*args, "--by", "provider")
    assert json.loads(out)["years"][0]["rows"] == [
        {"provider_id": "P1", "spend_pence": 5_871_475},
        {"provider_id": "P2", "spend_pence": 155_000},
    ]


def test_text(tmp_path: Path) -> None:
    tables = str(write_tables(tmp_path))
    code, out, _ = run("--tables", tables, "--from", "2019/20", "--to", "2019/20")
    assert code == 0
    assert out == (
        "Spend by borough (3 placements; fees with uplift rounds)\n"
        "2019/20  total £60,264.75\n"
        "  E09000008          £58,714.75\n"
        "  E09000029           £1,550.00\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2019/21", "--to", "2020/21"), "--from '2019/21' is not a financial year"),
        (("--from", "2020/21", "--to", "2019/20"), "--to 2019/20 is before --from 2020/21"),
        (("--from", "2019/20", "--to", "2019/20", "--by", "lot"), "--by 'lot' is not one of"),
        (("--from", "2019/20", "--to", "2019/20", "--format", "xml"), "--format 'xml' is not"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run("--tables", str(write_tables(tmp_path)), *args)
    assert code == 2
    assert out == ""
    assert err.startswith(f"slcp spend: {message}")
    assert err.count("\n") == 1


def test_missing_tables_exit_2(tmp_path: Path) -> None:
    (tmp_path / "placements.csv").write_text(PLACEMENTS, encoding="utf-8")
    code, _, err = run("--tables", str(tmp_path), "--from", "2019/20", "--to", "2019/20")
    assert (code, err) == (2, f"slcp spend: placement_fees.csv is missing from {tmp_path}\n")


def test_errors_in_the_tables_are_listed_and_exit_1(tmp_path: Path) -> None:
    write_tables(tmp_path)
    (tmp_path / "placement_fees.csv").write_text(FEES.replace("70000", "700.00"), "utf-8")
    code, out, err = run("--tables", str(tmp_path), "--from", "2019/20", "--to", "2019/20")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "slcp spend: the tables have 2 error(s); nothing was costed:",
        "  weekly fee must be an integer of pence, e.g. 450000 for £4,500.00, got '700.00' @ "
        "placement_fees.csv row 2 column core_pence",
        "  the placement's rows in placement_fees.csv have errors, so it was not loaded; got "
        "'PL-1' @ placements.csv row 2 column placement_id",
    ]
