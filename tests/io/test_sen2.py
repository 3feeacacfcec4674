"""Reading SEN2 returns: privacy at the door, located findings, nothing dropped silently.

The messy files in ``tests/data/sen2`` are made up; each finding asserted below was written
into them on purpose (the comments in the XML say which person carries which problem).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path

import pytest

from slcp.domain import ChildRef, SenNeed
from slcp.errors import LoadError
from slcp.findings import Severity
from slcp.io.limits import Limits
from slcp.io.sen2 import Pseudonymise, load_sen2, read_sen2_csv, read_sen2_xml
from slcp.periods import YearMonth

DATA = Path(__file__).parent.parent / "data" / "sen2"
MESSY_XML = DATA / "messy_return.xml"
MESSY_CSV = DATA / "messy_csv"
KEY = b"a test key, never a real one"
# every name written into the messy files: none may survive the reader
NAMES = ("Synthetic", "Alpha", "Beta", "Gamma", "Delta", "Jane Smith", "John Doe", "Mary Jones",
         "Tom Brown")  # fmt: skip


def pseudonymise(identifier: str) -> ChildRef:
    """A keyed HMAC-SHA-256 pseudonym, as a borough would make one."""
    return ChildRef(hmac.new(KEY, identifier.encode(), hashlib.sha256).hexdigest()[:32])


def codes_at(findings: object) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in findings}  # type: ignore[attr-defined]


def no_names(text: str) -> None:
    for name in NAMES:
        assert name not in text, name


@pytest.fixture(scope="module")
def messy() -> object:
    return load_sen2(MESSY_XML, pseudonymise=pseudonymise)


def test_messy_xml_loads_with_every_seeded_finding(messy: object) -> None:
    r = messy
    where = "messy_return.xml Person"
    expected = {
        ("invalid-lea", "messy_return.xml Header/LEA"),
        ("duplicate-person", f"{where}[2]"),
        ("unparseable-date", f"{where}[3]/PersonBirthDate"),
        ("name-in-wrong-field", f"{where}[3]/PostCode"),
        ("name-in-wrong-field", f"{where}[3]/UPN"),
        ("name-in-wrong-field", f"{where}[3]/Ethnicity"),
        ("unparseable-date", f"{where}[3]/Requests[1]/ReceivedDate"),
        ("unknown-code", f"{where}[3]/Requests[1]/Assessment[1]/AssessmentOutcome"),
        ("unknown-code", f"{where}[3]/Requests[1]/Assessment[1]/Week20"),
        ("unparseable-date", f"{where}[3]/Requests[1]/Assessment[1]/NamedPlan[1]/StartDate"),
        ("unknown-code", f"{where}[3]/Requests[1]/Assessment[1]/NamedPlan[1]/CeaseReason"),
        ("missing-value", f"{where}[3]/Requests[1]/Assessment[1]/NamedPlan[1]/CeaseReason"),
        ("missing-module", f"{where}[3]/Requests[1]/Assessment[1]/NamedPlan[1]"),
        ("unknown-code", f"{where}[3]/Requests[1]/ActivePlans[1]/PlacementDetail[1]/SENsetting"),
        ("missing-setting", f"{where}[3]/Requests[1]/ActivePlans[1]/PlacementDetail[1]/URN"),
        (
            "unknown-code",
            f"{where}[3]/Requests[1]/ActivePlans[1]/PlacementDetail[1]/PlacementRank",
        ),
        (
            "end-before-start",
            f"{where}[3]/Requests[1]/ActivePlans[1]/PlacementDetail[1]/LeavingDate",
        ),
        ("unknown-code", f"{where}[3]/Requests[1]/ActivePlans[1]/SENneed[1]/SENtype"),
        ("missing-module", f"{where}[4]"),
        ("unknown-field", f"{where}[5]/FavouriteColour"),
        ("missing-module", f"{where}[5]/Requests[1]/ActivePlans[1]"),
        ("missing-module", f"{where}[5]/Requests[1]/Assessment[1]/NamedPlan[1]"),
        ("missing-identifier", f"{where}[6]/UPN"),
        ("plan-before-request", f"{where}[6]/Requests[1]/ReceivedDate"),
    }
    got = codes_at(r.findings)
    assert got == expected, (got - expected, expected - got)
    # the active plan's two records both ask for "missing-module": one for placements, one for
    # needs; every other location is reported once
    assert len(r.findings) == len(expected) + 1


def test_messy_xml_keeps_what_it_can_and_no_name(messy: object) -> None:
    r = messy
    # persons 1, 3, 4, 5 and 6 are read; person 2 (the duplicate) is not
    assert len(r.children) == 5
    first = r.children[0]
    assert first.ref == pseudonymise("A123456789012")
    assert first.month_of_birth == YearMonth(2012, 5)
    assert first.home_district == "CR0"
    # person 3: the name in UPN was dropped, so the ULN is the identifier
    assert r.children[1].ref == pseudonymise("1234567890")
    assert r.children[1].month_of_birth is None
    assert r.children[1].home_district is None
    # persons 4 and 6 have no identifier: references local to the return
    assert [c.ref for c in r.children[2:]] == [
        "sen2-unidentified-1",
        pseudonymise("B987654321098"),
        "sen2-unidentified-2",
    ]
    req = r.requests[0]
    assert (req.received_on, req.plan_start) == (dt.date(2022, 1, 3), dt.date(2022, 5, 23))
    assert req.needs == ((1, SenNeed.ASD),)
    assert req.placements[0].urn == "100001"
    # person 3's second need, MLD, is kept once the unknown XYZ is dropped
    assert r.requests[1].needs == ((1, SenNeed.MLD),)
    no_names(repr(r))
    for f in r.findings:
        no_names(f.message + f.location + f.subject_id)
    assert "1234567890" not in repr(r)
    assert "A123456789012" not in repr(r)


def test_messy_csv_loads_with_every_seeded_finding() -> None:
    r = load_sen2(MESSY_CSV, pseudonymise=pseudonymise)
    expected = {
        ("missing-module", "plandetail.csv"),
        ("missing-module", "senneed.csv"),
        ("duplicate-record-id", "person.csv row 4 column PERSONTABLEID"),
        ("orphan-record", "requests.csv row 3 column PERSONTABLEID"),
        ("duplicate-person", "person.csv row 3"),
        ("name-in-wrong-field", "person.csv row 5 column UPN"),
        ("unparseable-date", "person.csv row 5 column PERSONBIRTHDATE"),
        ("missing-identifier", "person.csv row 5 column UPN"),
        ("missing-module", "namedplan.csv row 2"),
        ("missing-module", "namedplan.csv row 3"),
        ("missing-module", "activeplans.csv row 2"),
        ("missing-module", "activeplans.csv row 3"),
        ("unknown-code", "placementdetail.csv row 3 column SENSETTING"),
        ("missing-setting", "placementdetail.csv row 3 column URN"),
    }
    got = {x for x in codes_at(r.findings) if x[0] != "missing-column"}
    assert got == expected, (got - expected, expected - got)
    # columns the export leaves out are read as blank, each said once (a warning)
    missing = [f for f in r.findings if f.code == "missing-column"]
    assert ("missing-column", "sen2.csv row 1 column DATETIME") in codes_at(missing)
    assert all(f.severity is Severity.WARNING for f in missing)
    assert r.census_date == dt.date(2023, 1, 19)
    assert r.la == "E09000008"
    # person P1 (row 2) and P3 (row 5) are read; P2 is the same child as P1
    assert [c.month_of_birth for c in r.children] == [YearMonth(2012, 5), None]
    assert [q.plan_start for q in r.requests] == [dt.date(2022, 5, 24), dt.date(2022, 8, 1)]
    assert r.requests[1].received_on == dt.date(2022, 4, 3)
    assert r.requests[1].exception_applies is True
    no_names(repr(r))


def test_without_a_key_identifiers_are_dropped_and_flagged() -> None:
    r = load_sen2(MESSY_XML, pseudonymise=None)
    assert r.needs_key
    assert [f.code for f in r.findings].count("no-pseudonymisation-key") == 1
    assert all(c.ref.startswith("sen2-unidentified-") for c in r.children)


def test_a_refusing_pseudonymiser_is_a_finding_not_a_crash() -> None:
    def refuse(_identifier: str) -> ChildRef:
        raise ValueError("no")

    r = read_sen2_xml(MESSY_XML.read_bytes(), pseudonymise=refuse)
    assert "pseudonym-failed" in {f.code for f in r.findings}


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><Message>&a;</Message>',
        b'<!DOCTYPE m SYSTEM "file:///etc/passwd"><Message/>',
        b'<Message><!ENTITY x "y"></Message>',
    ],
)
def test_document_types_and_entities_are_refused(doc: bytes) -> None:
    r = read_sen2_xml(doc, pseudonymise=pseudonymise)
    assert [(f.code, f.severity) for f in r.findings][:1] == [("xml-dtd-refused", Severity.ERROR)]
    assert r.children == ()


def test_malformed_xml_is_located() -> None:
    r = read_sen2_xml(b"<Message>\n<Person></Persn></Message>", pseudonymise=pseudonymise)
    assert next((f.code, f.location) for f in r.findings) == (
        "malformed-xml",
        "return.xml line 2 column 11",
    )


def test_size_bound_is_enforced() -> None:
    # 19 bytes against a bound of 18: refused whole; 19 against 19: read (inclusive)
    doc = b"<Message></Message>"
    r = read_sen2_xml(doc, pseudonymise=pseudonymise, limits=Limits(max_file_bytes=18))
    assert next((f.code, f.location) for f in r.findings) == ("too-large", "return.xml")
    r = read_sen2_xml(doc, pseudonymise=pseudonymise, limits=Limits(max_file_bytes=19))
    assert "too-large" not in {f.code for f in r.findings}


def test_record_bounds_are_enforced(monkeypatch: pytest.MonkeyPatch) -> None:
    import slcp.io._sen2_source as source

    monkeypatch.setattr(source, "MAX_RECORDS", 2)
    persons = b"<Person><UPNunknown>UN1</UPNunknown></Person>" * 3
    r = read_sen2_xml(b"<Message><Persons>" + persons + b"</Persons></Message>", pseudonymise=None)
    assert len(r.children) == 2
    assert "too-many-records" in {f.code for f in r.findings}


def test_ds_is_a_need_only_from_2025() -> None:
    need = b"<SENneed><SENtype>DS</SENtype><SENtypeRank>1</SENtypeRank></SENneed>"
    doc = (
        b"<Message><Person><UPNunknown>UN1</UPNunknown><Requests><ActivePlans>"
        + need
        + b"</ActivePlans></Requests></Person></Message>"
    )
    old = read_sen2_xml(doc, pseudonymise=None, year=2024)
    new = read_sen2_xml(doc, pseudonymise=None, year=2025)
    assert old.requests[0].needs == ()
    assert new.requests[0].needs == ((1, SenNeed.DS),)


def test_load_sen2_raises_only_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(LoadError):
        load_sen2(tmp_path / "missing.xml", pseudonymise=pseudonymise)


def test_csv_files_are_matched_to_modules_by_name() -> None:
    person = b"persontableid,upnunknown,personbirthdate\nP1,UN1,2010-Jan-05 00:00:00\n"
    r = read_sen2_csv(
        {"Blade-Export_19-01-2023_person.csv": person, "notes.csv": b"x\n"},
        pseudonymise=None,
        year=2023,
    )
    assert [c.month_of_birth for c in r.children] == [YearMonth(2010, 1)]
    assert ("unknown-file", "notes.csv") in codes_at(r.findings)


def _unused(p: Pseudonymise) -> Pseudonymise:  # the type is part of the public API
    return p


def test_unknown_elements_are_listed_up_to_a_limit_then_counted() -> None:
    # 60 unknown elements in one person, 50 findings kept per code: 50 listed, the other 10
    # counted in one summary finding located at the first left out (the 51st element)
    person = b"<Person><UPNunknown>UN1</UPNunknown>" + b"<Odd>x</Odd>" * 60 + b"</Person>"
    r = read_sen2_xml(
        b"<Message>" + person + b"</Message>",
        pseudonymise=None,
        year=2023,
        limits=Limits(max_findings_per_code=50),
    )
    notes = [f for f in r.findings if f.code == "unknown-field"]
    assert len(notes) == 51
    assert notes[-1].message.startswith("10 more finding(s) of this kind were not listed")
    assert notes[-1].subject_id == "summary"
    assert notes[-1].location == "return.xml Person[1]/Odd"
