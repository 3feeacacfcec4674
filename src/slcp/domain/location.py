"""Locations reduced for privacy: postcode districts only, never full postcodes."""

from __future__ import annotations

import re
from typing import NewType

from slcp.errors import InvalidValueError

__all__ = ["PostcodeDistrict", "postcode_district"]

#: The outward code of a UK postcode, e.g. ``"CR0"`` or ``"SW1A"`` — never a full postcode.
PostcodeDistrict = NewType("PostcodeDistrict", str)

_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
#: Districts already accepted by :func:`check_district` (a pure function of the text), at most
#: ``_MOST_CHECKED`` of them: England has about 2,300 districts.
_CHECKED: set[str] = set()
_MOST_CHECKED = 10_000
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?$")


def postcode_district(text: str) -> PostcodeDistrict:
    """Reduce a postcode (full, sector or district) to its district, the outward code.

    Raises:
        InvalidValueError: when ``text`` is not a UK postcode or district.

    >>> postcode_district("cr0 1ab"), postcode_district("SW1A 2AA"), postcode_district("CR0")
    ('CR0', 'SW1A', 'CR0')
    >>> postcode_district("not a postcode")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: not a UK postcode or postcode district...
    """
    m = _FULL.match(text.strip().upper()) if isinstance(text, str) else None
    if m is None:
        # a sector ("CR0 1") also reduces to its district
        m2 = (
            re.match(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s+[0-9]$", text.strip().upper())
            if isinstance(text, str)
            else None
        )
        if m2 is None:
            raise InvalidValueError(
                "not a UK postcode or postcode district",
                field="postcode",
                value=text,
                expected="e.g. 'CR0' (full postcodes are reduced to the district)",
            )
        return PostcodeDistrict(m2.group(1))
    return PostcodeDistrict(m.group(1))


def check_district(value: str) -> PostcodeDistrict:
    """Validate a stored postcode district (refuses full postcodes)."""
    if value.__class__ is str and value in _CHECKED:
        return PostcodeDistrict(value)  # a district already accepted (there are a few hundred)
    if not isinstance(value, str) or not _DISTRICT.fullmatch(value):
        raise InvalidValueError(
            "a location must be a postcode district, never a full postcode",
            field="location",
            value=value,
            expected="an outward code such as 'CR0' or 'SE15'",
        )
    if value.__class__ is str and len(_CHECKED) < _MOST_CHECKED:
        _CHECKED.add(value)
    return PostcodeDistrict(value)
