"""The SEN2 reader's keyed pseudonyms (the key ``slcp pseudonymise`` uses, so a child joins
to an SSDA903 Header) and its bounds (:class:`~slcp.io.limits.Limits`)."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import pytest

from slcp.errors import LoadError
from slcp.io.limits import Limits
from slcp.io.pseudonymise import PseudonymKey, pseudonymise_csv
from slcp.io.sen2 import load_sen2, read_sen2_csv, read_sen2_xml

SECRET = b"the partnership's test key, 32 bytes or more, never real"
KEY = PseudonymKey(secret=SECRET)
UPN = "A123456789012"
ULN = "1234567890"


def hmac20(identifier: str) -> str:
    """HMAC-SHA-256 under SECRET, first 20 hex digits, computed here from the RFC's
    definition rather than by slcp."""
    return hmac.new(SECRET, identifier.encode(), hashlib.sha256).hexdigest()[:20]


def person(body: str) -> bytes:
    return f"<Message><Persons><Person>{body}</Person></Persons></Message>".encode()


def test_a_key_turns_upn_and_uln_into_the_pseudonym_slcp_pseudonymise_writes() -> None:
    doc = (
        b"<Message><Persons>"
        # a UPN written in lower case is the same UPN: upper-cased before it is keyed
        b"<Person><Surname>Doe</Surname><UPN>a123456789012</UPN><PostCode>CR0 1AA</PostCode>"
        b"<PersonBirthDate>2014-06-17</PersonBirthDate></Person>"
        b"<Person><UniqueLearnerNumber>1234567890</UniqueLearnerNumber></Person>"
        b"</Persons></Message>"
    )
    r = read_sen2_xml(doc, pseudonymise=KEY, year=2025)
    assert [c.ref for c in r.children] == [hmac20(UPN), hmac20(ULN)]
    assert not r.needs_key
    # the identifiers, the name, the day of birth and the full postcode are all gone
    shown = repr(r)
    for secret in (UPN, UPN.lower(), ULN, "Doe", "2014-06-17", "CR0 1AA"):
        assert secret not in shown
    assert (str(r.children[0].month_of_birth), r.children[0].home_district) == ("2014-06", "CR0")


def test_the_same_key_joins_a_sen2_child_to_the_ssda903_header() -> None:
    # the SSDA903 Header's UPN column pseudonymised with the same key, as
    # `slcp pseudonymise header.csv --kind ssda903 --column UPN` writes it
    header = (
        b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
        b"1001,1,17/06/2014,WBRI,A123456789012,,\n"
        b"1002,2,01/01/2012,WBRI,B123456789012,,\n"
    )
    table = pseudonymise_csv(header, column="UPN", key=KEY)
    upns = [line.split(",")[4] for line in table.text.splitlines()[1:]]
    assert UPN not in table.text
    ret = read_sen2_xml(person(f"<UPN>{UPN}</UPN>"), pseudonymise=KEY, year=2025)
    assert upns.index(ret.children[0].ref) == 0  # joins child 1001 and no other


def test_without_a_key_identifiers_are_dropped_once_and_the_return_says_so() -> None:
    doc = b"<Message><Persons>" + b"<Person><UPN>A123456789012</UPN></Person>" * 2
    r = read_sen2_xml(doc + b"</Persons></Message>", pseudonymise=None, year=2025)
    assert r.needs_key
    keyless = [f for f in r.findings if f.code == "no-pseudonymisation-key"]
    assert [(f.severity.value, f.location) for f in keyless] == [("error", "return.xml Person[1]")]
    # each person is kept under a reference local to the return, joinable to nothing
    assert [c.ref for c in r.children] == ["sen2-unidentified-1", "sen2-unidentified-2"]
    assert UPN not in repr(r)


def test_a_value_longer_than_the_limit_is_read_as_blank_in_both_formats() -> None:
    # "SE25 4XX" is 8 characters: kept under a limit of 8, dropped under 7
    doc = person("<UPNunknown>UN1</UPNunknown><PostCode>SE25 4XX</PostCode>")
    kept = read_sen2_xml(doc, pseudonymise=None, year=2025, limits=Limits(max_string_chars=8))
    assert kept.children[0].home_district == "SE25"
    r = read_sen2_xml(doc, pseudonymise=None, year=2025, limits=Limits(max_string_chars=7))
    assert r.children[0].home_district is None
    too_long = [f for f in r.findings if f.code == "value-too-long"]
    assert [(f.location, f.severity.value) for f in too_long] == [
        ("return.xml Person[1]/PostCode", "warning")
    ]
    assert "SE25" not in too_long[0].message
    assert "value-too-long" not in {f.code for f in kept.findings}
    files = {
        "person.csv": b"persontableid,postcode,upnunknown\nP1,SE25 4XX,UN1\n",
        "sen2.csv": b"sen2tableid,year\n1,2025\n",
    }
    r = read_sen2_csv(files, pseudonymise=None, limits=Limits(max_string_chars=7))
    assert ("value-too-long", "person.csv row 2 column POSTCODE") in {
        (f.code, f.location) for f in r.findings
    }


def test_findings_past_the_limit_per_code_are_counted_in_one_summary() -> None:
    # 5 people with an unknown UPNunknown reason, 3 findings kept per code: 3 listed and
    # one summary counting the other 2, located at the 4th person
    body = b"<Person><UPNunknown>UN99</UPNunknown></Person>" * 5
    r = read_sen2_xml(
        b"<Message>" + body + b"</Message>",
        pseudonymise=None,
        year=2025,
        limits=Limits(max_findings_per_code=3),
    )
    unknown = [f for f in r.findings if f.code == "unknown-code"]
    assert len(unknown) == 4
    assert unknown[-1].message.startswith("2 more finding(s)")
    assert unknown[-1].location == "return.xml Person[4]/UPNunknown"


def test_a_csv_table_longer_than_max_rows_is_cut_with_an_error() -> None:
    rows = b"".join(f"P{i},UN1\n".encode() for i in range(1, 4))
    files = {"person.csv": b"persontableid,upnunknown\n" + rows}
    r = read_sen2_csv(files, pseudonymise=None, year=2025, limits=Limits(max_rows=2))
    assert len(r.children) == 2
    assert ("too-many-records", "person.csv row 4") in {(f.code, f.location) for f in r.findings}


def test_load_refuses_devices_pipes_and_files_over_the_limit(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a regular file"):
        load_sen2("/dev/zero", pseudonymise=None)
    folder = tmp_path / "export"
    folder.mkdir()
    os.mkfifo(folder / "person.csv")  # opening it would wait for a writer for ever
    with pytest.raises(LoadError, match="not a regular file"):
        load_sen2(folder, pseudonymise=None)
    big = tmp_path / "return.xml"
    big.write_bytes(b"<Message></Message>")  # 19 bytes
    with pytest.raises(LoadError, match="more than the 18 slcp reads"):
        load_sen2(big, pseudonymise=None, limits=Limits(max_file_bytes=18))
    assert load_sen2(big, pseudonymise=None, limits=Limits(max_file_bytes=19)).children == ()
    (tmp_path / "csv").mkdir()
    for name in ("person.csv", "requests.csv"):
        (tmp_path / "csv" / name).write_bytes(b"persontableid\n")  # 14 bytes each
    with pytest.raises(LoadError, match="more than the 27 bytes"):
        load_sen2(tmp_path / "csv", pseudonymise=None, limits=Limits(max_file_bytes=27))


def test_a_short_name_in_a_code_field_is_not_repeated() -> None:
    # "Pat" is code-shaped but not written as a code (capitals): reported, never echoed;
    # "ZZZ" is written as a code and is echoed so the borough can find it
    need = "<SENneed><SENtype>{}</SENtype><SENtypeRank>1</SENtypeRank></SENneed>"
    body = "<UPNunknown>UN1</UPNunknown><Requests><ActivePlans>{}</ActivePlans></Requests>"
    for code, echoed in (("Pat", False), ("ZZZ", True)):
        r = read_sen2_xml(person(body.format(need.format(code))), pseudonymise=None, year=2025)
        (finding,) = [f for f in r.findings if f.code == "unknown-code"]
        assert (code in finding.message) is echoed


def test_an_identifier_or_postcode_in_a_date_or_id_field_is_not_repeated() -> None:
    # a bad date is echoed only when shaped like a date, so the UPN and the postcode are not;
    # "31/02/2022" is, so the borough can find it
    body = "<UPNunknown>UN1</UPNunknown><Requests><ReceivedDate>{}</ReceivedDate></Requests>"
    for value, echoed in ((UPN, False), ("CR0 1AA", False), (ULN, False), ("31/02/2022", True)):
        r = read_sen2_xml(person(body.format(value)), pseudonymise=None, year=2025)
        (bad,) = [f for f in r.findings if f.code == "unparseable-date"]
        assert (value in bad.message) is echoed, bad.message
    # a CSV record id repeated is echoed when short, never when shaped like a ULN or UPN
    for key, echoed in (("P17", True), (ULN, False), (UPN, False)):
        rows = f"persontableid,upnunknown\n{key},UN1\n{key},UN1\n".encode()
        r = read_sen2_csv({"person.csv": rows}, pseudonymise=None, year=2025)
        (dup,) = [f for f in r.findings if f.code == "duplicate-record-id"]
        assert (key in dup.message) is echoed, dup.message
