"""A programme built from Placements Data Standard files: what the data allows, with a
finding for every assumption and for every referral that cannot be placed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slcp.domain import RouteKind, Workstream
from slcp.errors import LoadError
from slcp.findings import Severity
from slcp.io.pds_programme import read_pds_programme

REFERRALS = Path(__file__).parent.parent / "data" / "pds" / "referrals.csv"


def _text() -> str:
    return REFERRALS.read_text(encoding="utf-8")


def test_placed_referrals_become_spot_lac_placements_from_their_placement_date() -> None:
    read = read_pds_programme([REFERRALS], borough="E09000008")
    programme = read.programme
    assert programme is not None
    assert programme.host == "E09000008"
    assert [b.name for b in programme.boroughs] == ["Croydon"]
    first, second = programme.placements
    # 00123: placementDate 25/07/2025, £4,850 a week (whole pounds) in residential care at CR0
    assert first.id == "PDS-1"
    assert first.period.start == dt.date(2025, 7, 25)
    assert first.period.end is None
    assert first.fee_on(dt.date(2025, 7, 25)).total.pence == 485_000
    assert (first.workstream, first.route.kind) == (Workstream.LAC, RouteKind.SPOT)
    assert first.location == "CR0"
    assert first.education_continuity is False
    assert first.fees.entries[0].source.dated == dt.date(2025, 7, 28)  # costDate
    # 00125: placementDate 2025-06-09, £1,120 a week in foster care
    assert (second.id, second.child, second.period.start) == ("PDS-2", "00125", dt.date(2025, 6, 9))
    assert [(p.id, p.urn) for p in programme.providers] == [
        ("URN-SC123456", "SC123456"),
        ("URN-SC654321", "SC654321"),
    ]
    assert [c.ref for c in programme.children] == ["00123", "00125"]
    codes = [(f.severity, f.code, f.subject_id) for f in read.findings]
    assert (Severity.INFO, "not-placed", "00124") in codes
    assert (Severity.INFO, "assumed", "programme") in codes
    assert not read.has_errors


def test_a_placement_without_its_date_or_with_a_strange_urn_is_reported() -> None:
    lines = _text().splitlines()
    # 00123 loses its placementDate; 00125's URN is not an Ofsted or DfE URN
    lines[1] = lines[1].replace("Officer Beta,25/07/2025", "Officer Beta,")
    lines[3] = lines[3].replace("SC654321", "X-1")
    read = read_pds_programme([("\n".join(lines) + "\n").encode()], borough="croydon")
    assert read.programme is not None
    assert [p.child for p in read.programme.placements] == ["00125"]
    assert read.programme.providers[0].urn is None
    warnings = [
        (f.code, f.subject_id, f.location) for f in read.findings if f.severity is Severity.WARNING
    ]
    assert warnings == [
        ("not-placed", "00123", "referrals.csv column placementDate"),
        ("invalid-urn", "00125", "referrals.csv column providerURN"),
    ]


def test_placements_are_numbered_across_files() -> None:
    read = read_pds_programme([REFERRALS, REFERRALS], borough="Croydon")
    assert read.programme is not None
    assert [p.id for p in read.programme.placements] == ["PDS-1", "PDS-2", "PDS-3", "PDS-4"]
    assert len(read.programme.children) == 2  # the same two children twice


def test_an_unknown_borough_is_a_load_error() -> None:
    with pytest.raises(LoadError) as caught:
        read_pds_programme([REFERRALS], borough="Atlantis")
    assert caught.value.messages == (
        "no South London borough has the GSS code or name 'Atlantis' @ --borough",
    )


def test_file_errors_are_kept_with_their_row_and_column() -> None:
    bad = _text().replace(",4850,", ",4850.50,")
    read = read_pds_programme([bad.encode()], borough="Croydon")
    assert read.error_messages() == (
        "total weekly cost must be an integer of pounds, e.g. 4500 for £4,500, got '4850.50' "
        "@ referrals.csv row 2 column totalWeeklyCost",
    )
