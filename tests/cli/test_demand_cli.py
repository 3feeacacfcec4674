"""``slcp forecast-demand`` through click's runner, on a four-child history worked by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main

DATA = Path(__file__).parent.parent / "data" / "ssda903"

# The four children of tests/demand/test_model.py, with --year 2017: the census is 31 March
# 2017 (without it, the return's last event, on 4 April 2017, would make it 2017/18's return
# and the census 31 March 2018). The fit runs from the
# month after the first date (November 2016) to March 2017: transitions into December,
# January, February and March (4 months), from month ends 30 Nov to 28 Feb:
#   A: entry in January (5-9 fostering); stays in February; moves to residential in March.
#   B: entry in February (under 1 fostering); stays in March.
#   C: entry in December (10-15 other); stays twice; ages into 16+ in March (born March 2001).
#   D (no Header row: age unknown): fostered throughout, the temporary placement included:
#      4 stays.
# Projection from 31 March 2017 (A residential, B under 1, C 16+ other, D unknown): nobody
# was ever seen to leave, so nobody leaves; states never seen as a source keep their children.
# Entries: 1 in 4 months into each of three states: 250 thousandths a month each, 9,000 in
# the year, so 4 + 9 = 13 children on 31 March 2018. 5-9 fostering halves each month into
# residential (tie -> the lower state keeps the odd unit): it holds 250, 375, 438, 469, 485,
# 493, 497, 499, 500, 500, 500, 500 and passes on 2,500 in all, so fostering = under 1
# (1 + 3) + unknown 1 + 5-9 0.5 = 5.5; residential = 1 + 2.5 = 3.5; other = 1 + 3 = 4.
EPISODES = """CHILD,DECOM,RNE,LS,PLACE,DEC,REC
A,15/01/2017,S,C2,U4,10/03/2017,X1
A,10/03/2017,P,C2,K2,,
B,20/02/2017,S,C2,U4,05/04/2017,E11
C,01/12/2016,S,C2,H5,,
D,01/11/2016,S,C2,U4,10/02/2017,X1
D,10/02/2017,T,C2,T1,05/03/2017,X1
D,05/03/2017,T,C2,U4,,
"""
HEADER = """CHILD,SEX,DOB
A,1,15/06/2010
B,2,03/02/2017
C,1,20/03/2001
"""


@pytest.fixture
def tables(tmp_path: Path) -> list[str]:
    (tmp_path / "episodes.csv").write_text(EPISODES, encoding="utf-8")
    (tmp_path / "header.csv").write_text(HEADER, encoding="utf-8")
    return ["--episodes", str(tmp_path / "episodes.csv"), "--header", str(tmp_path / "header.csv")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["forecast-demand", *args])
    return result.exit_code, result.stdout, result.stderr


def run_2017(*args: str) -> tuple[int, str, str]:
    """The tiny return, census 31 March 2017, unless ``--year`` is given again (last wins)."""
    result = CliRunner().invoke(main, ["forecast-demand", "--year", "2017", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_worked_by_hand(tables: list[str]) -> None:
    code, out, err = run_2017(*tables, "--years", "1", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["census"] == "2017-03-31"
    assert data["fit"] == {"first_month": "2016-12", "last_month": "2017-03", "months": 4,
                           "children": 4}  # fmt: skip

    def name(s: dict[str, str] | None) -> str:
        return "-" if s is None else f"{s['age_band']} {s['group']}"

    got = [(name(t["from"]), name(t["to"]), t["count"], t["denominator"], t["rate"])
           for t in data["transitions"]]  # fmt: skip
    assert got == [
        ("under 1 fostering", "under 1 fostering", 1, 1, "1/1"),
        ("5-9 fostering", "5-9 fostering", 1, 2, "1/2"),
        ("5-9 fostering", "5-9 residential", 1, 2, "1/2"),
        ("10-15 other", "10-15 other", 2, 3, "2/3"),
        ("10-15 other", "16+ other", 1, 3, "1/3"),
        ("unknown fostering", "unknown fostering", 4, 4, "1/1"),
        ("-", "under 1 fostering", 1, 4, "1/4"),
        ("-", "5-9 fostering", 1, 4, "1/4"),
        ("-", "10-15 other", 1, 4, "1/4"),
    ]
    central = {(p["all_areas"], p["group"]): p["central"] for p in data["projection"]}
    assert central == {
        (False, "fostering"): "5.500",
        (False, "residential"): "3.500",
        (False, "other"): "4.000",
        (False, None): "13.000",
        (True, "fostering"): "5.500",
        (True, "residential"): "3.500",
        (True, "other"): "4.000",
        (True, None): "13.000",
    }
    assert {p["census"] for p in data["projection"]} == {"2018-03-31"}
    assert data["bootstrap"] == {"resamples": 199, "seed": 1110, "level_pct": 90, "rank": 10}
    # fitting to 31 March 2015 needs data before it: the backtest is unavailable, not zero
    assert data["backtest"] == {
        "available": False,
        "reason": "a backtest to 2017-03 fits to 2015-03, and the data starts in 2016-11; it "
        "needs data before 2015-03",
    }
    assert data["episodes"] == 7


def test_same_seed_same_output_and_seed_changes_interval(tables: list[str]) -> None:
    first = run_2017(*tables, "--years", "2", "--format", "json")
    assert first == run_2017(*tables, "--years", "2", "--format", "json")
    other = run_2017(*tables, "--years", "2", "--format", "json", "--seed", "7")
    a, b = json.loads(first[1]), json.loads(other[1])
    assert [p["central"] for p in a["projection"]] == [p["central"] for p in b["projection"]]
    assert a["projection"] != b["projection"]


def test_text_output(tables: list[str]) -> None:
    code, out, _ = run_2017(*tables, "--years", "1")
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "Demand forecast from 31 March 2017, 1 year(s) (7 episode(s) read; 11 finding(s))"
    )
    assert "  5-9 fostering          -> 5-9 residential             1 / 2" in lines
    assert "  entry                  -> under 1 fostering           1 / 4" in lines
    # one area: its rows only (the all-areas rows would repeat them)
    assert [ln.split("[")[0].rstrip() for ln in lines if ln.startswith("  2018")] == [
        "  2018  (no LA)    fostering         5.500",
        "  2018  (no LA)    residential       3.500",
        "  2018  (no LA)    other             4.000",
        "  2018  (no LA)    all groups       13.000",
    ]
    assert lines[-1] == (
        "Backtest: not available (a backtest to 2017-03 fits to 2015-03, and the data starts "
        "in 2016-11; it needs data before 2015-03)"
    )


def test_backtest_on_the_shared_extract() -> None:
    # Fitted to 31 March 2016, projected to 31 March 2017 and 2018; the counts observed on
    # those days are the extract's own (every child looked after that day).
    code, out, _ = run(
        "--episodes", str(DATA / "full_extract_episodes.csv"),
        "--header", str(DATA / "full_extract_header.csv"),
        "--years", "1", "--resamples", "19", "--format", "json",
    )  # fmt: skip
    assert code == 0
    bt = json.loads(out)["backtest"]
    assert bt["fitted_to"] == "2016-03-31"
    actual = {(e["census"], e["group"]): e["actual"] for e in bt["errors"]}
    # the observed totals are the sums of the groups
    for census in ("2017-03-31", "2018-03-31"):
        groups = [actual[(census, g)] for g in ("fostering", "residential", "other")]
        assert sum(groups) == actual[(census, None)]
    # the children looked after on 31 March 2018: the short-term stability denominator pinned
    # for this extract in tests/outcomes/test_stability_adoption.py (225/1196)
    assert actual[("2018-03-31", None)] == 1196


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "0"], "--years '0' must be a whole number of years from 1 to 5"),
        (["--years", "six"], "--years 'six' must be a whole number of years from 1 to 5"),
        (["--years", "6"], "--years '6' must be a whole number of years from 1 to 5"),
        (
            ["--years", "1", "--year", "2030"],
            "--year 2029/30: the census month 2030-03 is outside the data (episodes run from "
            "2016-11 to 2017-04); a census needs data before it and on it",
        ),
        (
            ["--years", "1", "--la", "999"],
            "--la '999' is not a GSS code (e.g. E09000008) or the DfE code of a South London "
            "borough (e.g. 306)",
        ),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    tables: list[str], args: list[str], message: str
) -> None:
    code, out, err = run_2017(*tables, *args)
    assert (code, out, err) == (2, "", f"slcp forecast-demand: {message}\n")


def test_bad_year_form(tables: list[str]) -> None:
    code, _, err = run_2017(*tables, "--years", "1", "--year", "abc")
    assert code == 2
    assert err.startswith("slcp forecast-demand: --year 'abc': not a financial year")
    assert err.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    code, out, err = run("--episodes", str(missing), "--years", "1")
    assert (code, out) == (2, "")
    assert err == (
        f"slcp forecast-demand: cannot read the SSDA903 tables: cannot read the file: No such "
        f"file or directory @ {missing}\n"
    )


def test_no_usable_episode_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n", encoding="utf-8")
    code, out, err = run("--episodes", str(empty), "--years", "1")
    assert (code, out) == (1, "")
    assert err.startswith("slcp forecast-demand: no episode could be read from ")
    assert err.endswith("; nothing to forecast from\n")


def test_priced_and_against_registered_places(tables: list[str], tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("LA,PLACEMENT_GROUP,PLACES\n306,residential,3\n", encoding="utf-8")
    code, out, err = run_2017(
        *tables, "--years", "1", "--la", "306", "--weekly-fee", "residential=70000",
        "--uplift", "0.03", "--places", str(places), "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    cost = data["cost"]
    assert cost["label"].startswith("forecast cost rests on assumptions")
    assert cost["assumptions"] == [
        {"group": "residential", "weekly_fee_pence": 70000, "expected_uplift": "3%",
         "source": "given (--weekly-fee)"}
    ]  # fmt: skip
    assert cost["unpriced"] == ["fostering", "other"]
    [year] = cost["total"]
    assert year["year"] == "2017/18"
    assert year["by_group_pence"]["residential"] == year["total_pence"]
    [area] = cost["areas"]
    assert (area["area"], area["years"][0]["total_pence"]) == ("E09000008", year["total_pence"])
    # residential on 31 March 2018: 3.5 projected (worked above) against 3 places
    gaps = {(g["group"], g["all_areas"]): (g["projected"], g["registered_places"], g["gap"])
            for g in data["sufficiency"]}  # fmt: skip
    assert gaps[("residential", False)] == ("3.500", 3, "0.500")
    assert gaps[("fostering", False)] == ("5.500", 0, "5.500")
    assert gaps[("residential", True)] == ("3.500", 3, "0.500")


def test_text_shows_cost_and_gaps(tables: list[str], tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("LA,PLACEMENT_GROUP,PLACES\n306,residential,3\n", encoding="utf-8")
    code, out, _ = run_2017(
        *tables, "--years", "1", "--la", "306", "--weekly-fee", "residential=70000",
        "--places", str(places),
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert "  assumed: residential £700.00 a week on the census day, uplift 0% a year" in lines
    assert "  not priced: fostering, other" in lines
    assert (
        "  2018  E09000008  residential  projected      3.500  places     3  gap      0.500"
        in lines
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--weekly-fee", "homes=3"],
            "--weekly-fee 'homes=3' must be GROUP=PENCE with GROUP fostering, residential or "
            "other and PENCE a whole number of pence, e.g. residential=386796",
        ),
        (
            ["--weekly-fee", "fostering=1.5"],
            "--weekly-fee 'fostering=1.5' must be GROUP=PENCE with GROUP fostering, residential "
            "or other and PENCE a whole number of pence, e.g. residential=386796",
        ),
        (
            ["--weekly-fee", "other=1", "--weekly-fee", "OTHER=2"],
            "--weekly-fee gives other twice",
        ),
        (
            ["--uplift", "abc"],
            "--uplift 'abc' must be a yearly rate as a decimal fraction above -1 and at most 1, "
            "e.g. 0.03 for 3%",
        ),
        (
            ["--uplift", "-1"],
            "--uplift '-1' must be a yearly rate as a decimal fraction above -1 and at most 1, "
            "e.g. 0.03 for 3%",
        ),
    ],
)
def test_bad_price_options_exit_2(tables: list[str], args: list[str], message: str) -> None:
    code, out, err = run_2017(*tables, "--years", "1", *args)
    assert (code, out, err) == (2, "", f"slcp forecast-demand: {message}\n")


def test_bad_places_file_exits_2(tables: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("LA,PLACEMENT_GROUP,PLACES\nX,residential,-1\n", encoding="utf-8")
    code, out, err = run_2017(*tables, "--years", "1", "--places", str(bad))
    assert (code, out) == (2, "")
    assert err == (
        "slcp forecast-demand: cannot use the registered places: 2 error(s), the first: la 'X' "
        "is not a GSS code (e.g. E09000008) or a South London DfE code (e.g. 306); row not "
        "used @ bad.csv row 2 column LA\n"
    )
    code, _, err = run_2017(*tables, "--years", "1", "--places", str(tmp_path / "none.csv"))
    assert code == 2
    assert err.startswith("slcp forecast-demand: cannot read the registered places: No such")


def test_without_year_the_census_is_the_returns_collection_year(tables: list[str]) -> None:
    # the last event: B's DEC 5 April 2017, so the last day covered is 4 April 2017, in
    # 2017/18: the census is 31 March 2018 and the fit runs December 2016 to March 2018
    code, out, _ = run(*tables, "--years", "1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["census"] == "2018-03-31"
    assert (data["fit"]["first_month"], data["fit"]["last_month"]) == ("2016-12", "2018-03")


def test_hostile_files_and_values_end_in_one_line(tmp_path: Path) -> None:
    from tests.cli.test_no_tracebacks import _HOSTILE_FILES

    paths = []
    for name, data in _HOSTILE_FILES.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    paths.append(str(tmp_path))  # a folder where a file is expected
    for path in paths:
        for extra in (
            [],
            ["--header", path],
            ["--places", path],
            ["--year", "\x1b[31m"],
            ["--la", "\u202e"],
            ["--weekly-fee", "\x07"],
        ):
            result = CliRunner().invoke(
                main,
                ["forecast-demand", "--episodes", path, "--years", "1", *extra],
                catch_exceptions=True,
            )
            assert result.exit_code in (1, 2), (path, extra, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert "Traceback" not in result.output
            assert result.stderr.count("\n") == 1, (path, extra, result.stderr)
            assert not re.search("[\x1b\x07\u202e]", result.output), (path, extra)
