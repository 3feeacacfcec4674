"""Fuzzing the SSDA903 reader: whatever the bytes, findings come back and nothing escapes.

:func:`read_ssda903` never raises; :func:`load_ssda903` raises only ``LoadError``. Each
property checks that every finding names the file it is about and that every episode read is
well formed. Examples are capped so the module runs in seconds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.errors import LoadError
from slcp.findings import Finding, Severity
from slcp.io.ssda903 import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    Ssda903Return,
    load_ssda903,
    read_ssda903,
)
from slcp.periods import FinancialYear

DATA = Path(__file__).parent.parent / "data" / "ssda903"
EPISODES = (DATA / "episodes_messy.csv").read_bytes() + (DATA / "episodes_rules.csv").read_bytes()
HEADER = (DATA / "header_rules.csv").read_bytes()
YEAR = FinancialYear(2017)
FUZZ = settings(max_examples=40, deadline=None)


def read(episodes: bytes, header: bytes | None = None) -> Ssda903Return:
    r = read_ssda903(episodes, header, collection_year=YEAR)
    for f in r.findings:
        assert isinstance(f, Finding)
        assert f.location.startswith(("episodes.csv", "header.csv")), f
    for e in r.episodes:
        assert e.period.end is None or e.period.end >= e.period.start
    return r


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\x00\x00\x00")
@example(b"\xff\xfe\x00")  # a UTF-16 BOM then half a character
@example(b'"')
@example(b'CHILD,DECOM\n"unterminated')
@example(b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/01/0001,S,C2,U4,31/12/9999,X1\n")
def test_random_bytes(data: bytes) -> None:
    read(data, data)


@FUZZ
@given(st.integers(0, len(EPISODES)), st.integers(0, len(HEADER)))
def test_truncated_files(cut: int, header_cut: int) -> None:
    read(EPISODES[:cut], HEADER[:header_cut])


@FUZZ
@given(st.sampled_from(["utf-16-le", "utf-16", "latin-1", "cp1252", "utf-32", "shift_jis"]))
def test_wrong_encodings(encoding: str) -> None:
    text = EPISODES.decode("utf-8") + "0300,01/04/2017,S,C2,N1,U4,PR1,,,,,,caf\u00e9\n"
    read(text.encode(encoding, errors="replace"))


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-(10**40), max_value=10**40).map(str),
            st.sampled_from(["99/99/99999", "00/00/0000", "1e308", "NaN", "-0", "01/04/2017"]),
            st.text(max_size=30),
        ),
        min_size=len(EPISODE_COLUMNS),
        max_size=len(EPISODE_COLUMNS),
    )
)
def test_huge_numbers_and_odd_values(values: list[str]) -> None:
    row = ",".join('"' + v.replace('"', '""') + '"' for v in values)
    read((",".join(EPISODE_COLUMNS) + "\n" + row + "\n").encode("utf-8", errors="replace"))


@FUZZ
@given(st.sets(st.sampled_from(EPISODE_COLUMNS)), st.randoms(use_true_random=False))
@example(set(), random.Random(1))
@example({"CIN", "PLACE_PROVIDER", "URN"}, random.Random(2))
def test_missing_and_shuffled_columns(drop: set[str], rnd: random.Random) -> None:
    lines = EPISODES.decode().splitlines()
    head = lines[0].split(",")
    keep = [i for i, c in enumerate(head) if c not in drop]
    rnd.shuffle(keep)
    rows = [",".join(line.split(",")[i] if i < len(line.split(",")) else "" for i in keep)
            for line in lines]  # fmt: skip
    r = read(("\n".join(rows) + "\n").encode())
    if {"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"} & drop:
        assert r.episodes == ()
    else:
        # column order does not matter, and dropping optional columns keeps every episode
        def key(ret: Ssda903Return) -> list[tuple[object, ...]]:
            return [(e.child, e.period, e.reason_new_episode, e.place) for e in ret.episodes]

        assert key(r) == key(read(EPISODES))
        if not drop:
            assert r.episodes == read(EPISODES).episodes


@FUZZ
@given(st.sets(st.sampled_from(HEADER_COLUMNS)))
@example(set())
@example({"DOB"})
@example(set(HEADER_COLUMNS))
def test_header_missing_columns(drop: set[str]) -> None:
    lines = HEADER.decode().splitlines()
    head = lines[0].split(",")
    keep = [i for i, c in enumerate(head) if c not in drop]
    rows = [",".join(line.split(",")[i] for i in keep) for line in lines]
    r = read(EPISODES, ("\n".join(rows) + "\n").encode())
    assert r.children is not None
    if {"CHILD", "DOB"} & drop:
        # a required Header column is gone: no child is read, and a Header finding says why
        assert r.children == ()
        assert any(
            f.severity is Severity.ERROR and f.location.startswith("header.csv") for f in r.findings
        )
    else:
        # header_rules.csv has 22 rows, CHILD 0101 to 0122 in order, each with a DOB
        assert [str(c.ref) for c in r.children] == [f"01{n:02d}" for n in range(1, 23)]
        assert all(c.month_of_birth is not None for c in r.children)


def test_a_field_beyond_the_csv_limit_is_a_finding() -> None:
    big = "9" * 200_000
    r = read(
        (
            ",".join(EPISODE_COLUMNS)
            + f"\n{big},01/04/2017\n0001,01/04/2017,S,C2,N1,U4,PR1,,,,,,\n"
        ).encode()
    )
    assert "malformed-row" in {f.code for f in r.findings}
    assert [e.child for e in r.episodes] == ["0001"]  # fmt: skip


def test_load_error_is_the_only_exception_for_files(tmp_path: Path) -> None:
    target = tmp_path / "episodes.csv"
    target.write_bytes(b"\xff" * 100)
    r = load_ssda903(target, collection_year=YEAR)  # bad content: findings, no exception
    assert "not-utf8" in {f.code for f in r.findings}
    with pytest.raises(LoadError, match=r"nope\.csv"):
        load_ssda903(tmp_path / "nope.csv", collection_year=YEAR)
