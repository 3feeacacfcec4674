"""Bounds on what a reader accepts (decision 0900): each refused with a located message,
each configurable through :class:`slcp.io.limits.Limits`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.errors import InvalidValueError, LoadError
from slcp.findings import Severity
from slcp.io import dumps_programme, load_programme, loads_programme
from slcp.io._csv_engine import _lines, decode_source, parse_table
from slcp.io.csv_tables import BOROUGHS, read_boroughs
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_at_most, read_bounded
from tests.io.test_json_examples import small_programme

FEE = "$.placements[1].fees.entries[0].value.core_pence"
CAP = "$.uplift_rounds[0].position.default_cap"


def _messages(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, ...]:
    with pytest.raises(LoadError) as info:
        loads_programme(text, limits=limits)
    return info.value.messages


def _with_fee(digits: str) -> str:
    return dumps_programme(small_programme()).replace(
        '"core_pence": 385050', f'"core_pence": {digits}', 1
    )


def _with_cap(text: str) -> str:
    return dumps_programme(small_programme()).replace(
        '"default_cap": "0.02"', f'"default_cap": "{text}"', 1
    )


def test_the_defaults() -> None:
    # documented in docs/limits.md and decision 0900
    assert (
        Limits(
            max_file_bytes=268_435_456,
            max_integer_digits=15,
            max_decimal_digits=30,
            max_string_chars=10_000,
            max_findings_per_code=100,
            max_rows=1_000_000,
        )
        == DEFAULT_LIMITS
    )


@pytest.mark.parametrize("field", ["max_file_bytes", "max_rows", "max_string_chars"])
@pytest.mark.parametrize("value", [0, -1, True])
def test_limits_must_be_positive_whole_numbers(field: str, value: int) -> None:
    with pytest.raises(InvalidValueError, match=field):
        Limits(**{field: value})


# -- JSON ---------------------------------------------------------------------------------------


def test_money_of_4001_digits_is_refused_with_its_path() -> None:
    assert _messages(_with_fee("9" * 4001)) == (
        f"a number has 4,001 digits, more than the 15 slcp reads (Limits.max_integer_digits)"
        f" @ {FEE}",
    )


def test_fifteen_digits_of_pence_are_read_and_sixteen_are_not() -> None:
    # 999,999,999,999,999p is £9,999,999,999,999.99, the largest fee slcp reads
    fee = loads_programme(_with_fee("9" * 15)).placements[1].fees.entries[0].value.core
    assert fee.pence == 999_999_999_999_999
    assert _messages(_with_fee("-" + "9" * 16))[0].startswith("a number has 16 digits")


def test_the_integer_bound_is_configurable() -> None:
    wide = Limits(max_integer_digits=20)
    fee = loads_programme(_with_fee("1" + "0" * 17), limits=wide)
    assert fee.placements[1].fees.entries[0].value.core.pence == 10**17


def test_decimals_of_100000_digits_are_refused_with_their_path() -> None:
    # longer than any string slcp reads, so refused before it is structured
    assert _messages(_with_cap("0." + "1" * 99_999)) == (
        "a decimal number has 100,000 digits, more than the 30 slcp reads"
        " (Limits.max_decimal_digits)"
        f" @ {CAP}",
    )


def test_thirty_decimal_digits_are_read_and_thirty_one_are_not() -> None:
    ok = "0." + "0" * 28 + "1"  # 30 digits
    assert loads_programme(_with_cap(ok)).uplift_rounds[0].position.default_cap.value.as_tuple()
    assert _messages(_with_cap(ok + "1"))[0].startswith("a rate has 31 digits")
    wide = Limits(max_decimal_digits=40)
    assert loads_programme(_with_cap(ok + "1"), limits=wide).uplift_rounds


def test_a_long_string_is_refused_with_its_path() -> None:
    # the default is 10,000 characters, so a 200 MB string (docs/limits.md) is refused the
    # same way; the benchmark script loads one
    text = dumps_programme(small_programme()).replace(
        '"name": "Kent"', '"name": "' + "K" * 10_001 + '"'
    )
    assert _messages(text) == (
        "a string of 10,001 characters, more than the 10,000 slcp reads"
        " (Limits.max_string_chars) @ $.boroughs[3].name",
    )
    # the sample's longest string (a source citation) is under 100 characters
    assert _messages(text.replace("K" * 10_001, "K" * 101), Limits(max_string_chars=100)) == (
        "a string of 101 characters, more than the 100 slcp reads (Limits.max_string_chars)"
        " @ $.boroughs[3].name",
    )


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(dumps_programme(small_programme()))
    size = path.stat().st_size
    assert load_programme(path, limits=Limits(max_file_bytes=size)).name
    with pytest.raises(LoadError) as info:
        load_programme(path, limits=Limits(max_file_bytes=size - 1))
    assert info.value.messages == (
        f"the file holds {size:,} bytes, more than the {size - 1:,} slcp reads"
        f" (Limits.max_file_bytes) @ {path}",
    )


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(path: str) -> None:
    with pytest.raises(LoadError) as info:
        read_bounded(path)
    assert info.value.messages == (
        f"not a regular file (a device, pipe or folder); slcp reads only files @ {path}",
    )


# -- CSV ----------------------------------------------------------------------------------------


def test_a_million_unknown_columns_give_a_bounded_number_of_findings() -> None:
    header = "gss_code,name,dfe_code," + ",".join(f"x{i}" for i in range(1_000_000))
    read = read_boroughs((header + "\n").encode())
    unknown = [f for f in read.findings if f.code == "unknown-column"]
    # 100 listed one by one, then one summary counting the other 999,900
    assert len(unknown) == 101
    assert unknown[-1].subject_id == "summary"
    assert unknown[-1].message.startswith("999,900 more finding(s) of this kind")
    assert unknown[-1].location == "boroughs.csv row 1 column x100"  # the first left out
    assert unknown[-1].severity is Severity.ERROR


def test_findings_past_the_bound_are_counted_in_one_summary() -> None:
    rows = "".join(f"E0900{i:04d},Borough {i},\n" for i in range(150))  # DfE code blank
    text = "gss_code,name,dfe_code\n" + rows
    _, findings = parse_table(
        text, BOROUGHS, file_name="b.csv", limits=Limits(max_findings_per_code=10)
    )
    codes = [f.code for f in findings]
    assert len(findings) == codes.count("required-value") == 11
    assert findings[-1].message.startswith("140 more finding(s) of this kind")
    assert findings[-1].location == "b.csv row 12 column dfe_code"  # the first left out


def test_rows_past_the_bound_are_not_read_and_a_finding_says_so() -> None:
    text = (
        "gss_code,name,dfe_code\n"
        "E09000004,Bexley,303\nE09000006,Bromley,305\nE09000008,Croydon,306\n"
    )
    rows, findings = parse_table(text, BOROUGHS, file_name="b.csv", limits=Limits(max_rows=2))
    assert [r.number for r in rows] == [2, 3]
    assert [(f.code, f.location) for f in findings] == [("too-many-rows", "b.csv row 4")]


def test_a_cell_past_the_string_bound_is_an_error() -> None:
    text = "gss_code,name,dfe_code\nE09000004," + "B" * 61 + ",303\n"
    _, findings = parse_table(text, BOROUGHS, file_name="b.csv", limits=Limits(max_string_chars=60))
    assert [(f.code, f.message) for f in findings] == [
        (
            "invalid-value",
            "name holds 61 characters, more than the 60 slcp reads (Limits.max_string_chars)",
        )
    ]


def test_csv_sources_over_the_size_bound_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        decode_source(b"x" * 11, default_name="b.csv", limits=Limits(max_file_bytes=10))
    assert info.value.messages == (
        "the file holds 11 bytes, more than the 10 slcp reads (Limits.max_file_bytes) @ b.csv",
    )
    with pytest.raises(LoadError) as info:
        read_boroughs("/dev/zero")
    assert info.value.messages == (
        "not a regular file (a device, pipe or folder); slcp reads only files @ zero",
    )


def test_a_file_that_grows_while_it_is_read_is_still_bounded() -> None:
    # stat said 3 bytes; the file holds 10: read on, and stop one byte past the limit
    assert read_at_most(io.BytesIO(b"0123456789"), 3, 100) == b"0123456789"
    assert read_at_most(io.BytesIO(b"0123456789"), 3, 5) == b"012345"
    assert read_at_most(io.BytesIO(b"012"), 3, 100) == b"012"


@given(st.text(alphabet='ab,"\r\n'))
def test_lines_are_split_as_a_file_opened_with_newline_blank_splits_them(text: str) -> None:
    # the engine splits lazily instead of holding a StringIO copy of the whole text
    assert list(_lines(text)) == list(io.StringIO(text, newline=""))
