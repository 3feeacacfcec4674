"""``slcp sen2`` through click's runner: the synthetic sample, keys, and unreadable input."""

from __future__ import annotations

import json
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main

DATA = Path(__file__).parent.parent / "data" / "sen2"


KEY = "a test key of at least 32 bytes, never a real one"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["sen2", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_sample_json_has_the_documented_shape() -> None:
    code, out, _ = run("--return", "sample", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"census_date", "plans_in_force", "new_plans", "timeliness_20_weeks",
            "placements_by_setting", "findings"} <= set(data)  # fmt: skip
    assert data["census_date"] == "2023-01-19"
    assert data["synthetic_sample"] is True
    t = data["timeliness_20_weeks"]
    assert set(t) >= {"numerator", "denominator", "percent"}
    # the percent is the numerator over the denominator, rounded half up to one place
    exact = Decimal(100 * t["numerator"]) / Decimal(t["denominator"])
    assert t["percent"] == str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    settings = data["placements_by_setting"]
    assert sum(s["count"] for s in settings) >= data["plans_in_force"] - 1
    # the join against the embedded programme finds the six seeded mismatches
    assert sum(data["commissioning"]["findings"].values()) == 6


def test_sample_text_names_it_synthetic_and_shows_england() -> None:
    code, out, _ = run("--return", "sample")
    assert code == 0
    assert "SYNTHETIC SAMPLE" in out
    assert "England, calendar year 2022: 49.2%" in out


def test_identifiers_without_a_key_are_refused() -> None:
    code, out, err = run("--return", str(DATA / "messy_return.xml"))
    assert code == 2
    assert out == ""
    assert "--key-file" in err
    assert "--key-env" in err


@pytest.mark.parametrize("how", ["env", "file"])
def test_a_key_from_the_environment_or_a_file_reads_the_return(how: str, tmp_path: Path) -> None:
    args = ["--return", str(DATA / "messy_return.xml"), "--format", "json"]
    if how == "file":
        key = tmp_path / "key"
        key.write_bytes(KEY.encode() + b"\n")
        code, out, _ = run(*args, "--key-file", str(key))
    else:
        code, out, _ = run(*args, "--key-env", "SEN2_TEST_KEY", env={"SEN2_TEST_KEY": KEY})
    assert code == 0
    data = json.loads(out)
    assert data["findings"]["duplicate-person"] == 1
    assert data["commissioning"] is None


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    code, _, err = run("--return", str(tmp_path / "nope.xml"))
    assert code == 2
    assert "cannot read the SEN2 return" in err
    code, _, err = run("--return", str(DATA / "messy_csv"), "--key-file", str(tmp_path / "k"))
    assert code == 2
    assert "cannot read the key file" in err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--key-env", "SEN2_TEST_KEY"], {"SEN2_TEST_KEY": "short"}, "at least 32 bytes"),
        (["--key-env", "SEN2_TEST_KEY"], {}, "SEN2_TEST_KEY holding the key is not set"),
        (["--key-env", "A", "--key-file", "k"], {}, "only one of --key-file and --key-env"),
    ],
)
def test_a_key_that_cannot_be_used_exits_2(
    args: list[str], env: dict[str, str], message: str
) -> None:
    code, out, err = run("--return", str(DATA / "messy_return.xml"), *args, env=env)
    assert (code, out) == (2, "")
    assert message in err


def test_a_gias_extract_groups_the_schools(tmp_path: Path) -> None:
    # the messy return's one dated placement in force on census day is at URN 100001; GIAS
    # type 1 (community school) makes it mainstream, where without the extract it is unknown
    gias = tmp_path / "edubasealldata.csv"
    gias.write_text("URN,EstablishmentName,TypeOfEstablishment (code)\n100001,A School,1\n")
    args = ["--return", str(DATA / "messy_return.xml"), "--format", "json"]
    args += ["--key-env", "SEN2_TEST_KEY"]
    env = {"SEN2_TEST_KEY": KEY}
    _, before, _ = run(*args, env=env)
    _, after, _ = run(*args, "--gias", str(gias), env=env)
    setting = {s["setting"]: s["count"] for s in json.loads(before)["placements_by_setting"]}
    assert setting.get("unknown_establishment") == 1
    setting = {s["setting"]: s["count"] for s in json.loads(after)["placements_by_setting"]}
    assert setting.get("mainstream") == 1
    assert "unknown_establishment" not in setting


_HOSTILE = {
    "empty.xml": b"",
    "garbage.xml": b"\xff\xfe\x00<<<&",
    "dtd.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><Message>&x;</Message>',
    "nul.xml": b"<Message>\x00</Message>",
    "text.csv": b"persontableid,upn\n\x00,\xff\n",
}


@pytest.mark.parametrize("name", [*sorted(_HOSTILE), "/dev/zero", "folder", "fifo"])
def test_hostile_returns_end_in_a_finding_or_exit_2_never_a_traceback(
    name: str, tmp_path: Path
) -> None:
    if name in _HOSTILE:
        path = tmp_path / name
        path.write_bytes(_HOSTILE[name])
        if name.endswith(".csv"):  # a folder of module files holding it
            path = tmp_path
    elif name == "fifo":
        (tmp_path / "person.csv").unlink(missing_ok=True)
        os.mkfifo(tmp_path / "person.csv")  # reading it would wait for a writer for ever
        path = tmp_path
    elif name == "folder":
        path = tmp_path  # an empty folder: every module missing
    else:
        path = Path(name)
    result = CliRunner().invoke(
        main,
        ["sen2", "--return", str(path), "--key-env", "K", "--format", "json"],
        env={"K": KEY},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        json.loads(result.stdout)  # a readable answer, with findings counted
    else:
        assert result.stderr.startswith("slcp: ")
