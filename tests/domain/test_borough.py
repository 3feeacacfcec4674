"""Boroughs: GSS and DfE code formats, and the twelve South London boroughs."""

from __future__ import annotations

import pytest

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    Borough,
    DfeLaCode,
    GssCode,
    borough_by_gss,
    borough_by_name,
)
from slcp.errors import InvalidValueError, UnknownReferenceError
from tests.reference import SOUTH_LONDON_CODES

SOUTH_LONDON = SOUTH_LONDON_CODES  # REFERENCE §2


def test_the_twelve_south_london_boroughs_have_their_real_codes() -> None:
    assert {b.name: (b.gss_code, b.dfe_code) for b in SOUTH_LONDON_BOROUGHS} == SOUTH_LONDON
    assert [b.name for b in SOUTH_LONDON_BOROUGHS] == sorted(SOUTH_LONDON)


@pytest.mark.parametrize("gss", ["E06000001", "E08000025", "E09000008", "E10000014"])
def test_any_english_authority_can_be_made(gss: str) -> None:
    b = Borough(name="Somewhere", gss_code=GssCode(gss), dfe_code=DfeLaCode("999"))
    assert b.gss_code == gss


@pytest.mark.parametrize(
    "gss",
    [
        "E07000001",
        "W06000001",
        "e09000008",
        "E0900000",
        "E090000081",
        " E09000008",
        "E09000008\n",
        "",
        "306",
    ],
)
def test_bad_gss_codes_are_refused(gss: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Borough(name="X", gss_code=GssCode(gss), dfe_code=DfeLaCode("306"))
    assert info.value.field == "gss_code"
    assert info.value.value == gss
    assert info.value.expected is not None


@pytest.mark.parametrize("dfe", ["30", "3061", "30a", "", " 306", "306\n"])
def test_bad_dfe_codes_are_refused(dfe: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Borough(name="X", gss_code=GssCode("E09000008"), dfe_code=DfeLaCode(dfe))
    assert info.value.field == "dfe_code"


def test_dfe_code_as_an_int_is_refused() -> None:
    # an int would lose leading zeros (e.g. "033")
    with pytest.raises(InvalidValueError):
        Borough(name="X", gss_code=GssCode("E09000008"), dfe_code=306)  # type: ignore[arg-type]


def test_a_borough_needs_a_name() -> None:
    with pytest.raises(InvalidValueError):
        Borough(name="  ", gss_code=GssCode("E09000008"), dfe_code=DfeLaCode("306"))


@pytest.mark.parametrize(
    ("name", "gss"),
    [
        ("Croydon", "E09000008"),
        ("croydon ", "E09000008"),
        ("Kingston", "E09000021"),
        ("Kingston upon Thames", "E09000021"),
        ("richmond", "E09000027"),
    ],
)
def test_borough_by_name(name: str, gss: str) -> None:
    assert borough_by_name(name).gss_code == gss


def test_unknown_boroughs() -> None:
    with pytest.raises(UnknownReferenceError) as info:
        borough_by_name("Camden")
    assert isinstance(info.value, LookupError)
    assert info.value.expected is not None
    assert "Croydon" in info.value.expected
    with pytest.raises(UnknownReferenceError):
        borough_by_gss("E09000007")
    assert borough_by_gss("E09000022").name == "Lambeth"
