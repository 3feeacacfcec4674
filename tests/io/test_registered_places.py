"""Reading the registered places table: every problem a finding, bad rows not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from slcp.demand import PlacementGroup
from slcp.errors import LoadError
from slcp.io.registered_places import load_registered_places, read_registered_places


def test_rows_and_findings() -> None:
    table = (
        b"Source,LA,placement_group,PLACES,provider\n"
        b"register,E09000008,residential,6,SC100001\n"  # row 2: good
        b",306,Fostering,0,\n"  # row 3: DfE code, any case, zero places: good
        b",E0900008,residential,2,\n"  # row 4: GSS code one digit short
        b",E09000022,homes,2,\n"  # row 5: unknown group
        b",E09000022,other,-1,\n"  # row 6: negative places
        b",E09000022,other,2.5,\n"  # row 7: not whole
    )
    read = read_registered_places(table, name="places.csv")
    assert [(p.area, p.group, p.places, p.provider, p.source) for p in read.places] == [
        ("E09000008", PlacementGroup.RESIDENTIAL, 6, "SC100001", "register"),
        ("E09000008", PlacementGroup.FOSTERING, 0, None, ""),
    ]
    assert [(f.code, f.location) for f in read.findings] == [
        ("invalid-la", "places.csv row 4 column LA"),
        ("unknown-placement-group", "places.csv row 5 column PLACEMENT_GROUP"),
        ("invalid-places", "places.csv row 6 column PLACES"),
        ("invalid-places", "places.csv row 7 column PLACES"),
    ]
    assert (
        read.findings[2].message == "places '-1' is not a whole number, zero or more; row not used"
    )
    assert read.has_errors


def test_a_missing_required_column_uses_no_row() -> None:
    read = read_registered_places(b"LA,PLACES\nE09000008,3\n")
    assert read.places == ()
    assert [(f.code, f.location) for f in read.findings] == [
        ("missing-column", "places.csv row 1 column PLACEMENT_GROUP")
    ]


def test_an_unreadable_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="No such file or directory"):
        load_registered_places(tmp_path / "none.csv")
    good = tmp_path / "places.csv"
    good.write_bytes(b"LA,PLACEMENT_GROUP,PLACES\n319,other,4\n")
    read = load_registered_places(good)
    assert [(p.area, p.places) for p in read.places] == [("E09000029", 4)]
    assert read.findings == ()
