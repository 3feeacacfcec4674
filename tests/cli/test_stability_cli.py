"""``slcp stability`` through click's runner.

Figures for the hand-built tables are worked in ``tests/io/test_ssda903_stability_rules.py``:
short term 4/20, two year 1/11, long term 5/7, for the year ending 31 March 2018.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
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


# --- the columnar engine behind the command, and the measures it refuses to print ---------


def reference_json(episodes: Path, header: Path | None, census_year: int) -> dict[str, object]:
    """The measures as the record path computes them, in the command's JSON shape."""
    from slcp.io.ssda903 import load_ssda903
    from slcp.outcomes.stability import measure_stability
    from slcp.periods import FinancialYear
    from slcp.report.stability import measure_to_json, result_to_json

    year = FinancialYear(census_year - 1)
    loaded = load_ssda903(episodes, header, collection_year=year)
    result = measure_stability(loaded.episodes, loaded.children, year=year).partnership
    return {
        **result_to_json(result),
        "naive_episodes": measure_to_json(result.naive_episodes),
        "episodes": len(loaded.episodes),
        # counted in full by the record reader, though it lists at most 100 of each code
        "findings": loaded.finding_counts,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("episodes", "header", "census_year"),
    [
        ("full_extract_episodes.csv", "full_extract_header.csv", 2018),
        ("full_extract_episodes.csv", "full_extract_header.csv", 2017),
        ("episodes_rules.csv", "header_rules.csv", 2018),
        ("episodes_rules.csv", None, 2018),
        ("episodes_messy.csv", "header_messy.csv", 2018),
    ],
)
def test_json_figures_are_the_record_paths(
    episodes: str, header: str | None, census_year: int
) -> None:
    args = ["--episodes", str(DATA / episodes), "--year", str(census_year), "--format", "json"]
    if header is not None:
        args += ["--header", str(DATA / header)]
    code, out, _ = run(*args)
    assert code == 0
    data = json.loads(out)
    expected = reference_json(DATA / episodes, None if header is None else DATA / header,
                              census_year)  # fmt: skip
    for key in ("short_term", "two_year", "naive_episodes"):
        got = {k: v for k, v in data[key].items() if k != "label"}
        assert got == expected[key]
    reasons = data["long_term"].pop("reasons", None)
    assert data["long_term"] == expected["long_term"]
    assert (data["episodes"], data["findings"]) == (expected["episodes"], expected["findings"])
    if reasons is not None:
        # every child of the long-term cohort has one reason; those in the numerator are the
        # carer rule's and the adoption exception's
        assert sum(reasons.values()) == data["long_term"]["denominator"]
        assert (
            reasons["carer_two_years"] + reasons["adoption_exception"]
            == (data["long_term"]["numerator"])
        )


def test_the_shared_extract_counts_the_adoption_exception() -> None:
    # tests/outcomes/test_stability_adoption.py: 36 of 135 by the carer rule, 15 more by the
    # adoption exception, 51 of 135 in all
    code, out, _ = run("--episodes", str(DATA / "full_extract_episodes.csv"), "--header",
                       str(DATA / "full_extract_header.csv"), "--year", "2018", "--format",
                       "json")  # fmt: skip
    assert code == 0
    assert json.loads(out)["long_term"]["reasons"] == {
        "carer_two_years": 36,
        "adoption_exception": 15,
        "neither": 135 - 51,
    }


@pytest.mark.parametrize("year", ["2018", "2017/18", "2017-18", "2017/2018", " 2018 "])
def test_the_year_in_each_form(year: str) -> None:
    code, out, _ = run(*RULES, *RULES_HEADER, "--year", year)
    assert code == 0
    assert out.splitlines()[0] == "Placement stability, year ending 31 March 2018"
    assert "4 of 20 = 20.0%" in out


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            "1901",
            "slcp stability: --year '1901' is out of range: the census year must be from 1902 "
            "to 2199 (the two-year measure looks back to 1 April two years before)\n",
        ),
        (
            "1900/01",
            "slcp stability: --year '1900/01' is out of range: the census year must be from "
            "1902 to 2199 (the two-year measure looks back to 1 April two years before)\n",
        ),
        (
            "2017/19",
            "slcp stability: --year '2017/19': not a financial year; field: financial_year; "
            "got: '2017/19'; expected: '2019/20' or '2019-20' (consecutive years); give "
            "2019/20, 2019-20, or 2020 for the year ending 31 March 2020\n",
        ),
    ],
)
def test_a_bad_year_is_one_line_and_exit_2(year: str, message: str) -> None:
    code, out, err = run(*RULES, "--year", year)
    assert (code, out, err) == (2, "", message)


def test_a_bad_la_is_one_line_and_exit_2() -> None:
    code, _, err = run(*RULES, "--year", "2018", "--la", "999")
    assert (code, err) == (
        2,
        "slcp stability: --la '999' is not a GSS code (e.g. E09000008) or the DfE code of a "
        "South London borough (e.g. 306)\n",
    )


def test_swapped_files_exit_1_naming_the_missing_columns() -> None:
    code, out, err = run("--episodes", str(DATA / "header_rules.csv"), "--header",
                         str(DATA / "episodes_rules.csv"), "--year", "2018")  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "slcp stability: required columns are missing (header_rules.csv lacks DECOM, RNE, LS, "
        "PLACE, DEC, REC and episodes_rules.csv lacks DOB), so no row of those tables can be "
        "used (are the Header and Episodes files swapped?); the measures cannot be trusted\n"
    )


def test_a_missing_required_column_exits_1(tmp_path: Path) -> None:
    lines = (DATA / "episodes_rules.csv").read_text().splitlines()
    head = lines[0].split(",")
    keep = [i for i, c in enumerate(head) if c != "RNE"]
    target = tmp_path / "episodes.csv"
    target.write_text("\n".join(",".join(line.split(",")[i] for i in keep) for line in lines))
    code, _, err = run("--episodes", str(target), "--year", "2018")
    assert (code, err) == (
        1,
        "slcp stability: required columns are missing (episodes.csv lacks RNE), so no row of "
        "that table can be used (are the Header and Episodes files swapped?); the measures "
        "cannot be trusted\n",
    )


def test_no_episode_read_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "episodes.csv"
    # every required column, no row: six optional columns missing, six findings
    target.write_text("CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n")
    code, out, err = run("--episodes", str(target), "--year", "2018")
    assert (code, out) == (1, "")
    assert err == (
        "slcp stability: no episode could be read from episodes.csv (6 finding(s); list them "
        "with --findings); the measures cannot be trusted\n"
    )


@pytest.mark.parametrize(
    "year",
    [
        "2030",  # the rules tables' dates end on 31 March 2018
        "2013",  # and begin on 1 January 2014
    ],
)
def test_a_year_outside_the_data_exits_1(year: str) -> None:
    code, out, err = run(*RULES, "--year", year)
    assert (code, out) == (1, "")
    assert err == (
        f"slcp stability: the year ending 31 March {year} is outside the data, whose episodes "
        "run from 01/01/2014 to 31/03/2018; the measures cannot be trusted\n"
    )


def test_the_summary_counts_the_children_a_finding_is_about(tmp_path: Path) -> None:
    # The hand-worked 2025/26 return of tests/io/test_ssda903_nothing_lost.py with only A's
    # open Z1 placement recoded Z13: A's closed Z1 episode (row 2) is not valid in 2025/26, a
    # warning about A alone. A is in every cohort and in the long-term numerator:
    # short term A, B, C (numerator B); two year A, C (none); long term A, C (numerator A).
    episodes = tmp_path / "episodes.csv"
    episodes.write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\n"
        "A,01/04/2022,S,C2,N1,Z1,,01/06/2025,X1,,,CR0 1AA,\n"
        "A,01/06/2025,P,C2,N1,T1,,15/06/2025,X1,OTHER,,SE15 2AB,\n"
        "A,15/06/2025,P,C2,N1,Z13,,,,OTHER,,CR0 1AA,\n"
        "B,01/04/2025,S,C2,N1,U4,PR1,01/07/2025,X1,,,CR0 1AA,\n"
        "B,01/07/2025,P,C2,N1,Z11,,01/10/2025,X1,CARPL,,SE15 2AB,\n"
        "B,01/10/2025,P,C2,N1,K2,PR4,,,CARPL,,BR1 3CD,\n"
        "C,01/04/2021,S,C2,N1,U4,PR4,01/01/2025,X1,,,CR0 1AA,\n"
        "C,01/01/2025,P,C2,N1,Z14,,,,CARPL,,SE15 2AB,\n"
    )
    header = tmp_path / "header.csv"
    header.write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
        "A,F,01/05/2012,WBRI,,,\nB,M,01/01/2015,WBRI,,,\nC,F,01/03/2011,WBRI,,,\n"
    )
    args = ["--episodes", str(episodes), "--header", str(header), "--year", "2025/26"]
    code, out, _ = run(*args)
    assert code == 0
    assert out == (
        "Placement stability, year ending 31 March 2026\n"
        "  short term (3+ placements in the year): 1 of 3 = 33.3%\n"
        "  two year (3+ placements in two years): 0 of 2 = 0.0%\n"
        "  long term (same carer 2+ years, under 16): 1 of 2 = 50.0%\n"
        # naive count: A has 3 episodes in the year (Z1 to 1 June, T1, Z13), B has 3
        "  naive count, not a DfE measure: 3+ episodes (not placements) in the year: "
        "2 of 3 = 66.7%\n"
        "Read 8 episode(s) and 3 child(ren); 1 finding(s):\n"
        "  unknown-code: 1\n"
        "Children a finding is about, in each measure:\n"
        "  short term: 1 of the 3 in the cohort, 0 of the 1 in the numerator\n"
        "  two year: 1 of the 2 in the cohort, 0 of the 0 in the numerator\n"
        "  long term: 1 of the 2 in the cohort, 1 of the 1 in the numerator\n"
    )
    code, out, _ = run(*args, "--format", "json")
    data = json.loads(out)
    assert data["children_with_findings"] == {
        "short_term": {"cohort": 1, "numerator": 0},
        "two_year": {"cohort": 1, "numerator": 0},
        "long_term": {"cohort": 1, "numerator": 1},
    }
    assert data["findings_by_severity"] == {"error": 0, "warning": 1, "info": 0}


def test_every_row_dropped_exits_1_counting_every_finding(tmp_path: Path) -> None:
    # 150 rows, each with a DECOM that is not a date: 150 errors (100 listed), no episode
    target = tmp_path / "episodes.csv"
    target.write_text("CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n" + "0001,31/02/2017,S,C2,U4,,\n" * 150)
    code, out, err = run("--episodes", str(target), "--year", "2018")
    assert (code, out) == (1, "")
    # 6 missing optional columns and 150 unparseable dates
    assert err == (
        "slcp stability: no episode could be read from episodes.csv (156 finding(s); list them "
        "with --findings); the measures cannot be trusted\n"
    )


def test_a_device_is_refused_before_it_is_read() -> None:
    code, out, err = run("--episodes", "/dev/zero", "--year", "2018")
    assert (code, out) == (2, "")
    assert err == (
        "slcp: cannot read the SSDA903 tables (/dev/zero):\n"
        "  not a regular file (a device, pipe or folder); slcp reads only files @ /dev/zero\n"
    )
