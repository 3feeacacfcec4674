"""``slcp report --places FILE``: a partnership's own registered places for the market
section's sufficiency gap, in place of the sample's synthetic ones."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from slcp.cli import main

HEADER = "la_gss,placement_group,places,provider,source\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_places_from_a_file_replace_the_samples(tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        HEADER + "E09000024,residential,20,H1,register extract\nE09000024,fostering,10,,\n",
        encoding="utf-8",
    )
    code, out, err = run("--places", str(places), "--format", "json")
    assert code == 0, err
    o = json.loads(out)["market"]["demand_outlook"]
    assert o["registered_places"] == 30  # the file's 20 + 10; the sample's 1,527 not added
    rows = {(g["month"], g["gss_code"], g["group"]): g for g in o["sufficiency"]}
    # Merton on 31 March 2023: the model projects 16.863 in residential care and 66.481 in
    # foster care (as with the sample's own places); 16.863 - 20 = -3.137 (a surplus) and
    # 66.481 - 10 = 56.481 short
    residential = rows[("2023-03", "E09000024", "residential")]
    assert (residential["central"], residential["registered_places"], residential["gap"]) == (
        "16.863",
        20,
        "-3.137",
    )
    assert rows[("2023-03", "E09000024", "fostering")]["gap"] == "56.481"
    # no other borough has places now: Croydon's residential gap is its whole projection
    croydon = rows[("2023-03", "E09000008", "residential")]
    assert (croydon["registered_places"], croydon["gap"]) == (0, croydon["central"])
    assert rows[("2023-03", "all", "residential")]["registered_places"] == 20


def test_bad_rows_exit_2_naming_row_and_column(tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        HEADER + "E09000008,residential,x,,\nE0900,homes,2,,\nE09000024,fostering,3,,\n",
        encoding="utf-8",
    )
    code, out, err = run("--places", str(places))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(f"slcp: cannot read {places}:\n")
    assert "@ places.csv row 2 column places" in err
    assert "@ places.csv row 3 column la_gss" in err
    assert "@ places.csv row 3 column placement_group" in err
    assert "row 4" not in err  # a good row is not named


def test_a_file_that_is_not_text_exits_2(tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_bytes(b"\xff\xfe\x00la_gss\n")
    code, _, err = run("--places", str(places))
    assert code == 2
    assert "Traceback" not in err
    assert f"slcp: cannot read {places}" in err
