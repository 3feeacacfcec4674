"""No command ends in a traceback: each named case's exact message and exit status, and a
fuzz test over argument lists and small hostile files.

Exit status 0 success, 1 the data has errors, 2 the input could not be used (decision 0902).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slcp.cli._programme
from slcp.cli import main
from slcp.errors import LoadError
from slcp.io import dumps_programme
from tests.io.test_json_examples import small_programme


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=True)


def _one_line_failure(result: Result) -> str:
    """The stderr of a run that failed cleanly: exit 2, no traceback, no stdout."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.stderr


# -- the named cases -------------------------------------------------------------------------


def test_sample_to_a_missing_folder() -> None:
    result = _run(["sample", "--out", "/nonexistent/x.json"])
    assert _one_line_failure(result) == (
        "slcp: cannot use /nonexistent/x.json: No such file or directory\n"
    )


def test_a_4300_digit_fee_is_refused_on_loading(tmp_path: Path) -> None:
    # 4,300 digits is the longest integer Python will print; the report's JSON would have
    # failed to print it. It is refused on loading, where the path can be named.
    text = dumps_programme(small_programme())
    assert '"core_pence": 385050' in text
    path = tmp_path / "big.json"
    path.write_text(text.replace('"core_pence": 385050', '"core_pence": ' + "9" * 4300, 1))
    result = _run(["report", str(path), "--format", "json"])
    assert _one_line_failure(result) == (
        f"slcp: cannot load {path}:\n"
        "  a number has 4,300 digits, more than the 15 slcp reads (Limits.max_integer_digits)"
        " @ $.placements[1].fees.entries[0].value.core_pence\n"
    )


def test_validate_dev_zero_is_refused_before_reading() -> None:
    result = _run(["validate", "/dev/zero"])
    assert _one_line_failure(result) == (
        "slcp: cannot load /dev/zero:\n"
        "  not a regular file (a device, pipe or folder); slcp reads only files @ /dev/zero\n"
    )


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = _run(["validate", str(fifo)])
    assert _one_line_failure(result).endswith("slcp reads only files @ " + str(fifo) + "\n")


def test_a_year_before_the_rules_names_the_date_not_python_internals() -> None:
    result = _run(["report", "--year", "2013/14"])
    assert _one_line_failure(result) == (
        "slcp: cannot report: no value in force on 2014-03-31; field: effective;"
        " got: '2014-03-31'; expected: a date from 2014-04-01\n"
    )


def test_an_internal_error_is_one_line_saying_how_to_report_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(slcp.cli._programme, "south_london", broken)
    monkeypatch.delenv("SLCP_TRACEBACK", raising=False)
    result = _run(["sample", "--out", "x.json"])
    assert _one_line_failure(result) == (
        "slcp: internal error (RuntimeError: boom); this is a defect in slcp, not in your "
        "data: please report it with the command you ran (set SLCP_TRACEBACK=1 to see where "
        "it happened)\n"
    )


def test_a_load_error_escaping_a_command_shows_its_first_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unloadable() -> None:
        raise LoadError(["first @ $.a", "second @ $.b", "third @ $.c"], source="x.json")

    monkeypatch.setattr(slcp.cli._programme, "south_london", unloadable)
    result = _run(["sample", "--out", "x.json"])
    assert _one_line_failure(result) == (
        "slcp: cannot load x.json: first @ $.a (and 2 more problems)\n"
    )


def test_running_out_of_memory_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted() -> None:
        raise MemoryError

    monkeypatch.setattr(slcp.cli._programme, "south_london", exhausted)
    result = _run(["sample", "--out", "x.json"])
    assert _one_line_failure(result) == (
        "slcp: out of memory: the input is too large to process (see docs/limits.md)\n"
    )


def test_control_characters_in_a_message_are_escaped(tmp_path: Path) -> None:
    # an id with a terminal escape in it: shown as \x1b, never sent to the terminal
    text = dumps_programme(small_programme()).replace('"name": "Kent"', '"name": "Kent\\u001b[2J"')
    path = tmp_path / "x.json"
    path.write_text(text)
    result = _run(["validate", str(path)])
    assert "\x1b" not in result.output


def test_sample_replaces_the_file_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.json"
    out.write_text("the old file\n")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = _run(["sample", "--out", str(out)])
    assert _one_line_failure(result) == (f"slcp: cannot use {out}: No space left on device\n")
    assert out.read_text() == "the old file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]  # no temporary file left


# -- the fuzz test ----------------------------------------------------------------------------

_HOSTILE_FILES = {
    "empty.json": b"",
    "zero.json": b"0",
    "nan.json": b'{"schema_version": NaN}',
    "deep.json": b"[" * 5000 + b"]" * 5000,
    "huge-int.json": b'{"schema_version": ' + b"9" * 5000 + b"}",
    "bom.json": b"\xef\xbb\xbf{}",
    "latin1.json": b'{"name": "caf\xe9"}',
    "nul.csv": b"CHILD\x00,DECOM\n1,2\n",
    "ragged.csv": b'CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/04/2019\n"unclosed\n',
    "formula.csv": b'CHILD,DECOM\n=HYPERLINK("x"),@SUM(A1)\n',
    "escape.csv": b"CHILD,DECOM\n\x1b[2J,\x07\n",
    "dates.csv": b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,31/02/2019,S,C2,U1,,\n",
}
_WORDS = [
    "2019/20",
    "2013/14",
    "1901/02",
    "2030/31",
    "2019-20",
    "19/20",
    "x",
    "",
    "-",
    "--",
    "\x1b[31m",
    "9" * 60,
    "json",
    "text",
    "ssda903",
    "pds",
    "csv",
    "shapley",
    "CHILD",
    "/dev/zero",  # every reader, the SSDA903 ones included, refuses it before reading
    "/nonexistent/x",
    "\u202e",
]
_OPTIONS = [
    "--year",
    "--format",
    "--out",
    "--kpis",
    "--attribution",
    "--episodes",
    "--header",
    "--la",
    "--findings",
    "--kind",
    "--key-file",
    "--key-env",
    "--column",
    "--help",
]


@st.composite
def _argument_lists(draw: st.DrawFn, files: list[str]) -> list[str]:
    """Well-formed commands over hostile files and values, or hostile tokens in any order."""
    file = st.sampled_from(files)
    year = st.sampled_from(["2019/20", "2013/14", "1901/02", "2030/31", "2019-20", "x"])
    well_formed = st.one_of(
        st.tuples(st.just("validate"), file),
        st.tuples(
            st.just("report"),
            file,
            st.just("--year"),
            year,
            st.just("--format"),
            st.sampled_from(["text", "json"]),
        ),
        st.tuples(st.just("stability"), st.just("--episodes"), file, st.just("--year"), year),
        st.tuples(
            st.just("pseudonymise"),
            file,
            st.just("--kind"),
            st.sampled_from(["ssda903", "pds", "csv"]),
            st.just("--out"),
            st.just("OUT"),
            st.just("--key-env"),
            st.sampled_from(["SLCP_TEST_KEY", "SLCP_SHORT_KEY", "NONE"]),
        ),
    ).map(list)
    command = st.sampled_from(["validate", "report", "sample", "stability", "pseudonymise"])
    token = st.one_of(st.sampled_from(_OPTIONS), st.sampled_from(_WORDS), file)
    # `report` with no file reports on the whole sample, seconds a run: always give one
    anything = st.tuples(command, file, st.lists(token, max_size=6)).map(
        lambda t: [t[0], t[1], *t[2]]
    )
    return draw(st.one_of(well_formed, anything))


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = []
    for name, data in _HOSTILE_FILES.items():
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    good = folder / "small.json"
    good.write_text(dumps_programme(small_programme()))
    paths.append(str(good))
    paths.append(str(folder))  # a folder where a file is expected
    return paths


def test_no_command_ends_in_a_traceback(
    hostile_files: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("fuzz-out")

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_argument_lists(hostile_files))
    def run(args: list[str]) -> None:
        # every output goes to a scratch folder, never over the hostile files themselves nor
        # into the working folder (click takes the last --out given)
        args = [
            str(work / "out.csv") if a == "OUT" or (i > 0 and args[i - 1] == "--out") else a
            for i, a in enumerate(args)
        ]
        keys = {"SLCP_TEST_KEY": "k" * 32, "SLCP_SHORT_KEY": "short"}
        with contextlib.chdir(work):
            result = CliRunner(env=keys).invoke(main, args, catch_exceptions=True)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            repr(result.exception),
        )
        assert "Traceback" not in result.output, args
        if args[0] != "stability":  # being rewritten on its own; its defects show as one line
            assert "internal error" not in result.output, (args, result.output)
        # what the files held never reaches the terminal raw
        assert not re.search("[\x1b\x07\u202e]", result.output), (args, result.output)

    run()


def test_usage_errors_escape_what_they_quote() -> None:
    # click quotes the offending argument; the guard escapes it before it is shown
    result = _run(["\x1b[2J"])
    assert result.exit_code == 2
    assert "No such command '\\x1b[2J'." in result.stderr
    assert "\x1b" not in result.output
