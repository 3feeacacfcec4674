"""The error hierarchy: every error is an SlcpError and the builtin a caller would catch."""

from __future__ import annotations

import pytest

from slcp.errors import (
    AllocationError,
    FloatRefusedError,
    InvalidValueError,
    LoadError,
    ParameterNotFoundError,
    PeriodError,
    SlcpError,
    UnknownReferenceError,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InvalidValueError, ValueError),
        (FloatRefusedError, ValueError),
        (FloatRefusedError, TypeError),
        (AllocationError, ValueError),
        (PeriodError, ValueError),
        (ParameterNotFoundError, LookupError),
        (UnknownReferenceError, LookupError),
        (LoadError, ValueError),
    ],
)
def test_each_error_is_also_a_builtin(error: type[SlcpError], builtin: type[Exception]) -> None:
    assert issubclass(error, SlcpError)
    assert issubclass(error, builtin)


def test_message_carries_field_value_and_expected_form() -> None:
    e = InvalidValueError("not a DfE code", field="dfe_code", value="30", expected="three digits")
    assert (e.message, e.field, e.value, e.expected) == (
        "not a DfE code",
        "dfe_code",
        "30",
        "three digits",
    )
    assert str(e) == "not a DfE code; field: dfe_code; got: '30'; expected: three digits"


def test_message_without_details() -> None:
    assert str(SlcpError("something is wrong")) == "something is wrong"


def test_load_error_lists_every_message_with_its_path() -> None:
    e = LoadError(
        [
            "weekly fee must be an integer of pence @ $.placements[3].fees[0].core_pence",
            "unknown key 'colour' @ $.providers[0]",
        ],
        source="x.json",
    )
    assert e.messages[0].endswith("@ $.placements[3].fees[0].core_pence")
    assert str(e) == (
        "could not load x.json:\n"
        "  weekly fee must be an integer of pence @ $.placements[3].fees[0].core_pence\n"
        "  unknown key 'colour' @ $.providers[0]"
    )


def test_load_error_never_has_no_message() -> None:
    e = LoadError([])
    assert e.messages == ("could not load",)
    assert str(e).startswith("could not load document")
