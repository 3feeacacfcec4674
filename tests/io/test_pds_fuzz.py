"""Fuzzing the Placements Data Standard reader: whatever the bytes, only ``LoadError`` with a
located message escapes, and every finding names its file and row."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slcp.errors import LoadError
from slcp.io.pds import read_referrals

DATA = Path(__file__).parent.parent / "data" / "pds"
GOOD = (DATA / "referrals.csv").read_bytes()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_LOCATED = re.compile(r"^referrals\.csv( row [0-9]+( column .+)?)?$", re.DOTALL)


def _read(data: bytes) -> bool:
    """True when the bytes were read as CSV; False for a well-formed LoadError."""
    error: LoadError | None
    try:
        read = read_referrals(data)
    except LoadError as exc:
        error = exc
    else:
        error = None
    if error is not None:
        assert error.messages
        assert all(" @ referrals.csv" in m for m in error.messages), error.messages
        return False
    for f in read.findings:
        assert _LOCATED.match(f.location), f.location
    return True


@FUZZ
@given(st.binary(max_size=600))
@example(b"")
@example(b"\xff\xfe")
@example(b"childId\n" + b"9" * 200_000)
def test_random_bytes(data: bytes) -> None:
    _read(data)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_files(cut: int) -> None:
    assert _read(GOOD[:cut])  # the example file is ASCII, so every cut decodes


@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32), cells=st.data())
def test_shuffled_columns_with_wild_cells(seed: int, cells: st.DataObject) -> None:
    rows = [line.split(",") for line in GOOD.decode().splitlines()]
    order = list(range(len(rows[0])))
    rng = random.Random(seed)
    rng.shuffle(order)
    wild = st.sampled_from(
        ["", "12.5", "-3", "9" * 30, "Yes", "maybe", "31/02/2025", "SW1A 1AA", "Risk present"]
    )
    for row in rows[1:]:
        for i in range(len(row)):
            if cells.draw(st.booleans()):
                row[i] = cells.draw(wild)
    text = "\n".join(",".join(r[i] for i in order) for r in rows) + "\n"
    assert _read(text.encode())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_encodings_are_load_errors(encoding: str) -> None:
    with pytest.raises(LoadError):
        read_referrals(GOOD.decode().encode(encoding))


def test_latin1_with_a_pound_sign_is_a_load_error() -> None:
    latin1 = GOOD.decode().replace("Croydon", "£ Croydon").encode("latin-1")
    with pytest.raises(LoadError, match="not UTF-8"):
        read_referrals(latin1)


@pytest.mark.parametrize("column", ["childId", "referralDate", "riskSelfHarm", "pets"])
def test_a_missing_required_column_is_reported(column: str) -> None:
    rows = [line.split(",") for line in GOOD.decode().splitlines()]
    at = rows[0].index(column)
    text = "\n".join(",".join(r[:at] + r[at + 1 :]) for r in rows) + "\n"
    read = read_referrals(text.encode())
    assert read.records == ()
    assert [f.location for f in read.findings if f.code == "missing-column"] == [
        f"referrals.csv row 1 column {column}"
    ]
