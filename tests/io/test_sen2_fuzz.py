"""Fuzzing the SEN2 reader in both formats: whatever the bytes, findings come back, nothing
escapes, every finding is located in the file, and no name, identifier or full postcode
survives — with a caller's function or with the partnership's key.

Examples are capped so the module runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.domain import ChildRef
from slcp.io._sen2_codes import FIELDS
from slcp.io.limits import Limits
from slcp.io.pseudonymise import PseudonymKey
from slcp.io.sen2 import read_sen2_csv, read_sen2_xml
from slcp.send import (
    Sen2Return,
    new_plans,
    placements_by_setting,
    plans_in_force,
    timeliness_20_weeks,
)

DATA = Path(__file__).parent.parent / "data" / "sen2"
MESSY = (DATA / "messy_return.xml").read_bytes()
MESSY_CSV = {p.name: p.read_bytes() for p in sorted((DATA / "messy_csv").glob("*.csv"))}
CSV_FILES = tuple(f"{m}.csv" for m in FIELDS)
FUZZ = settings(max_examples=40, deadline=None)
NAME = "Zebedee Quinlan"  # a name slipped into any field must never come out
# identifiers and full postcodes that the generated and messy returns hold in any field
PERSONAL = (NAME, "A123456789012", "B987654321098", "C111111111111", "1234567890", "CR0 1AA",
            "CR0 2BB")  # fmt: skip
KEY = PseudonymKey(secret=b"a fuzzing key of at least thirty-two bytes")


def pseudonymise(identifier: str) -> ChildRef:
    return ChildRef("p" + hashlib.sha256(identifier.encode()).hexdigest()[:20])


def check(r: Sen2Return, *prefixes: str) -> None:
    for f in r.findings:
        assert f.location.startswith(prefixes), f
    shown = repr(r)
    for personal in PERSONAL:
        assert personal not in shown, personal
    for q in r.requests:
        for p in q.placements:
            assert p.period is None or p.period.end is None or p.period.start <= p.period.end
        assert q.received_on is None or dt.date(1901, 1, 1) <= q.received_on
    # the measures accept whatever the reader made
    plans_in_force(r, {})
    new_plans(r)
    timeliness_20_weeks(r)
    placements_by_setting(r, {})


def mutate(data: bytes, seed: int, edits: int) -> bytes:
    rng = random.Random(seed)
    buf = bytearray(data)
    for _ in range(edits):
        i = rng.randrange(len(buf) + 1)
        op = rng.randrange(3)
        if op == 0 and buf:
            del buf[min(i, len(buf) - 1)]
        elif op == 1:
            buf[i:i] = bytes([rng.randrange(256)])
        else:
            buf[i:i] = rng.choice([b"<", b">", b"&", b"\x00", b"</Person>", b"<Requests>", b"\xff"])
    return bytes(buf)


@FUZZ
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xff\xfe<\x00")
@example(b"<Message><Persons>" + b"<Person>" * 50)
def test_any_bytes_as_xml(data: bytes) -> None:
    check(read_sen2_xml(data, pseudonymise=pseudonymise, year=2023), "return.xml")


@FUZZ
@given(st.integers(0, 2**32), st.integers(1, 30))
def test_mutated_messy_xml(seed: int, edits: int) -> None:
    check(read_sen2_xml(mutate(MESSY, seed, edits), pseudonymise=pseudonymise), "return.xml")


VALUES = st.one_of(
    st.sampled_from(
        ["", "1", "0", "Y", "ASD", "DS", "EHE", "ZZZ", "2022-05-23", "31/02/2022", "2022-Feb-30",
         "A123456789012", "1234567890", "100001", "10001234", "CR0 1AA", NAME, "UN3", "99"]
    ),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def records(draw: st.DrawFn, module: str, depth: int = 0) -> ET.Element:
    """A record of ``module`` with random values in random known (and a few unknown) fields."""
    names = {"person": "Person", "requests": "Requests", "assessment": "Assessment",
             "namedplan": "NamedPlan", "plandetail": "PlanDetail", "activeplans": "ActivePlans",
             "placementdetail": "PlacementDetail", "senneed": "SENneed"}  # fmt: skip
    el = ET.Element(names[module])
    for field in draw(st.lists(st.sampled_from((*FIELDS[module], "Other")), max_size=8)):
        ET.SubElement(el, field).text = draw(VALUES)
    kids = {"person": ["requests"], "requests": ["assessment", "activeplans"],
            "assessment": ["namedplan"], "namedplan": ["plandetail"],
            "activeplans": ["placementdetail", "senneed"]}.get(module, [])  # fmt: skip
    for kid in kids:
        for _ in range(draw(st.integers(0, 2))):
            el.append(draw(records(kid, depth + 1)))
    return el


@FUZZ
@given(st.lists(records("person"), max_size=4), st.sampled_from([None, 2023, 2025, 2031]))
def test_generated_xml_returns(persons: list[ET.Element], year: int | None) -> None:
    root = ET.Element("Message")
    ET.SubElement(ET.SubElement(root, "Header"), "CollectionDetails")
    holder = ET.SubElement(root, "Persons")
    holder.extend(persons)
    r = read_sen2_xml(ET.tostring(root), pseudonymise=pseudonymise, year=year)
    check(r, "return.xml")
    assert len(r.children) <= len(persons)


@FUZZ
@given(
    st.lists(records("person"), max_size=4),
    st.sampled_from([None, KEY]),
    st.integers(1, 3),
    st.integers(4, 40),
)
def test_generated_xml_with_the_key_or_none_and_tight_limits(
    persons: list[ET.Element], key: PseudonymKey | None, per_code: int, chars: int
) -> None:
    root = ET.Element("Message")
    ET.SubElement(root, "Persons").extend(persons)
    limits = Limits(max_findings_per_code=per_code, max_string_chars=chars)
    r = read_sen2_xml(ET.tostring(root), pseudonymise=key, year=2025, limits=limits)
    check(r, "return.xml")
    # each code keeps at most `per_code` findings plus one summary counting the rest
    codes: dict[str, int] = {}
    for f in r.findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    assert all(n <= per_code + 1 for n in codes.values()), codes
    # without a key nothing is identified; with one, each identified child is a pseudonym
    for c in r.children:
        assert c.ref.startswith("sen2-unidentified-") or (key is not None and len(c.ref) == 20)


@FUZZ
@given(st.integers(0, 2**32), st.integers(1, 20), st.sampled_from(sorted(MESSY_CSV)))
def test_mutated_messy_csv(seed: int, edits: int, which: str) -> None:
    files = dict(MESSY_CSV)
    files[which] = mutate(files[which], seed, edits)
    check(read_sen2_csv(files, pseudonymise=pseudonymise), *CSV_FILES)


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(MESSY_CSV)), st.binary(max_size=400), max_size=4))
def test_any_bytes_as_csv(files: dict[str, bytes]) -> None:
    check(read_sen2_csv(files, pseudonymise=pseudonymise), *CSV_FILES)


@FUZZ
@given(
    st.integers(0, 2**32),
    st.integers(1, 20),
    st.sampled_from(sorted(MESSY_CSV)),
    st.sampled_from([None, KEY]),
    st.integers(1, 40),
)
def test_mutated_messy_csv_with_the_key_or_none_and_tight_limits(
    seed: int, edits: int, which: str, key: PseudonymKey | None, rows: int
) -> None:
    files = dict(MESSY_CSV)
    files[which] = mutate(files[which], seed, edits)
    limits = Limits(max_rows=rows, max_findings_per_code=2, max_string_chars=12)
    check(read_sen2_csv(files, pseudonymise=key, limits=limits), *CSV_FILES)


def test_an_unknown_xml_encoding_is_a_finding_not_a_crash() -> None:
    # Found by the mutation fuzz above (seed 5831): "UTF-8" with one letter dropped.
    got = read_sen2_xml(b'<?xml version="1.0" encoding="UT-8"?><Message/>', pseudonymise=None)
    assert ("malformed-xml", "return.xml line 1") in [(f.code, f.location) for f in got.findings]
