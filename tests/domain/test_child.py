"""Children are pseudonymous: a reference, month of birth, needs and a postcode district."""

from __future__ import annotations

import datetime as dt

import pytest

from slcp.domain import Child, ChildRef, SenNeed, postcode_district
from slcp.domain.child import check_child_ref
from slcp.domain.location import check_district
from slcp.errors import InvalidValueError
from slcp.periods import YearMonth


@pytest.mark.parametrize("ref", ["0123", "C-0001", "a1b2.c3_d4", "X" * 64])
def test_pseudonymous_refs_are_kept_as_strings(ref: str) -> None:
    assert Child(ref=ChildRef(ref)).ref == ref


@pytest.mark.parametrize("ref", ["Jane Smith", "C 0001", "", "X" * 65, "née", "C1\n"])
def test_refs_that_could_carry_a_name_are_refused(ref: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Child(ref=ChildRef(ref))
    assert info.value.field == "child"


def test_a_numeric_ref_is_refused_so_leading_zeros_are_never_lost() -> None:
    with pytest.raises(InvalidValueError):
        check_child_ref(123)  # type: ignore[arg-type]


def test_a_full_postcode_is_refused_as_a_home_district() -> None:
    with pytest.raises(InvalidValueError) as info:
        Child(ref=ChildRef("C1"), home_district="CR0 1AB")
    assert info.value.field == "location"
    assert Child(ref=ChildRef("C1"), home_district="CR0").home_district == "CR0"


def test_secondary_need_requires_a_primary_one() -> None:
    with pytest.raises(InvalidValueError):
        Child(ref=ChildRef("C1"), sen_secondary=SenNeed.SLCN)
    c = Child(ref=ChildRef("C1"), sen_primary=SenNeed.ASD, sen_secondary=SenNeed.SLCN)
    assert c.sen_primary is SenNeed.ASD


def test_age_from_month_of_birth() -> None:
    c = Child(ref=ChildRef("C1"), month_of_birth=YearMonth(2008, 4))
    # birthday taken as 1 April: 11 on 31 Mar 2020, 12 on 1 Apr 2020
    assert c.age_on(dt.date(2020, 3, 31)) == 11
    assert c.age_on(dt.date(2020, 4, 1)) == 12
    assert Child(ref=ChildRef("C2")).age_on(dt.date(2020, 4, 1)) is None


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("CR0 1AB", "CR0"),
        ("cr0 1ab", "CR0"),
        ("SE15 5AA", "SE15"),
        ("SW1A 2AA", "SW1A"),
        ("CR0", "CR0"),
        ("CR0 1", "CR0"),
        ("  br1  ", "BR1"),
    ],
)
def test_postcode_district_reduces_to_the_outward_code(text: str, district: str) -> None:
    assert postcode_district(text) == district


@pytest.mark.parametrize("text", ["", "12345", "not a postcode", "CR"])
def test_postcode_district_refuses_non_postcodes(text: str) -> None:
    with pytest.raises(InvalidValueError):
        postcode_district(text)


@pytest.mark.parametrize("text", ["CR0 1AB", "cr0", "CR0 1", "CR0\n"])
def test_stored_districts_must_already_be_districts(text: str) -> None:
    with pytest.raises(InvalidValueError):
        check_district(text)


@pytest.mark.parametrize(
    "ref",
    ["Jane.Smith", "jane_smith", "jane-smith", "JaneSmith", "JSmith", "C1-Jane.Smith", "smith.jo"],
)
def test_refs_that_look_like_names_are_refused(ref: str) -> None:
    with pytest.raises(InvalidValueError, match="must not look like a name") as info:
        check_child_ref(ref)
    assert info.value.field == "child"


@pytest.mark.parametrize(
    "ref", ["JSmith-2012-04-03", "2012-04-03", "C1_03.04.2012", "3-4-2012", "X.2012.4.3"]
)
def test_refs_that_hold_a_date_are_refused(ref: str) -> None:
    with pytest.raises(InvalidValueError, match="must not hold a date"):
        check_child_ref(ref)


@pytest.mark.parametrize(
    "ref",
    [
        "0123",
        "20120403",  # digits alone: a 903 CHILD id, which cannot be told from a date
        "C-0001",
        "LAC-REF-7",
        "9f86d081884c7d65a2b1",  # a pseudonym
        "CR0-001",
        "2012-13-45",  # not a date: month 13
        "Croydon-0042",
    ],
)
def test_pseudonymous_refs_are_accepted(ref: str) -> None:
    assert check_child_ref(ref) == ref
