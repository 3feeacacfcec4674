"""Children: a pseudonymous reference and the few facts commissioning needs.

A :class:`Child` never holds a name, a full date of birth or a full postcode: only a
pseudonymous reference, the month of birth and the home postcode district.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NewType

import attrs

from slcp.domain.codes import SenNeed
from slcp.domain.location import PostcodeDistrict, check_district
from slcp.errors import InvalidValueError
from slcp.periods import YearMonth

__all__ = ["Child", "ChildRef", "check_child_ref"]

#: A pseudonymous child reference (e.g. a keyed hash or a 903 CHILD id), never a name.
ChildRef = NewType("ChildRef", str)

# Letters, digits, '-', '_' and '.', no spaces: a reference cannot carry "First Last".
_REF = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# A name written without spaces: two words of letters joined by '.', '_' or '-'
# ("Jane.Smith", "jane_smith"), or run together in capitals ("JaneSmith", "JSmith").
_WORD = r"[A-Z]?[a-z]{2,}|[A-Z][a-z]+"
_NAME = re.compile(
    rf"(?:^|[._-])(?:{_WORD})[._-](?:{_WORD})(?:$|[._-])"
    r"|(?:^|[._-])[A-Z]{1,2}[a-z]*[A-Z][a-z]{2,}(?:$|[._-])"
)
# A calendar date with separators, year first or last: "2012-04-03", "03.04.2012".
_DATE = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}[._-](?:0?[1-9]|1[0-2])[._-](?:0?[1-9]|[12][0-9]|3[01])"
    r"|(?:0?[1-9]|[12][0-9]|3[01])[._-](?:0?[1-9]|1[0-2])[._-](?:19|20)[0-9]{2})(?![0-9])"
)
# (what identifies, what the refusal says), checked in this order
_IDENTIFYING = (
    (_DATE, "a child reference must not hold a date (a date of birth identifies a child)"),
    (_NAME, "a child reference must not look like a name"),
)


def check_child_ref(value: str) -> ChildRef:
    """Validate a pseudonymous child reference.

    A reference is 1-64 letters, digits, ``.``, ``-`` or ``_``, and must not look like a
    name (two words joined by ``.``, ``_`` or ``-``, or run together in capitals) or hold a
    date written with separators (decision 0005). A run of digits alone is accepted: a
    number cannot be told from a date, and SSDA903 CHILD ids are often numbers.

    >>> check_child_ref("0123"), check_child_ref("C-0001"), check_child_ref("9f86d081884c7d65")
    ('0123', 'C-0001', '9f86d081884c7d65')
    >>> check_child_ref("Jane Smith")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a child reference must be pseudonymous...
    >>> check_child_ref("Jane.Smith")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a child reference must not look like a name...
    >>> check_child_ref("JSmith-2012-04-03")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a child reference must not hold a date...
    """
    if value.__class__ is str:
        return _checked_text(value)
    return _check(value)


@functools.lru_cache(maxsize=1 << 16)
def _checked_text(value: str) -> ChildRef:
    # a pure function of the text: a reference carried by many records (a child's episodes,
    # placements and agreements) is checked once; a refusal raises and is never remembered
    return _check(value)


def _check(value: str) -> ChildRef:
    if not isinstance(value, str) or not _REF.fullmatch(value):
        raise InvalidValueError(
            "a child reference must be pseudonymous",
            field="child",
            value=value,
            expected="1-64 letters, digits, '.', '-' or '_' with no spaces",
        )
    for pattern, message in _IDENTIFYING:
        if pattern.search(value):
            raise InvalidValueError(
                message,
                field="child",
                value=value,
                expected="a pseudonymous reference, e.g. from slcp pseudonymise",
            )
    return ChildRef(value)


def _opt_district(value: str | None) -> PostcodeDistrict | None:
    return None if value is None else check_district(value)


@attrs.frozen(kw_only=True)
class Child:
    """A child, pseudonymised.

    Attributes:
        ref: pseudonymous reference.
        month_of_birth: year and month of birth only (never the day).
        sen_primary: primary SEN need, for SEND placements.
        sen_secondary: secondary SEN need, if any.
        home_district: postcode district of the child's home, if known.

    >>> import datetime as dt
    >>> Child(ref=ChildRef("C1"), month_of_birth=YearMonth(2010, 2)).age_on(dt.date(2020, 3, 31))
    10
    """

    ref: ChildRef = attrs.field(converter=check_child_ref)
    month_of_birth: YearMonth | None = None
    sen_primary: SenNeed | None = None
    sen_secondary: SenNeed | None = None
    home_district: PostcodeDistrict | None = attrs.field(default=None, converter=_opt_district)

    def __attrs_post_init__(self) -> None:
        if self.sen_secondary is not None and self.sen_primary is None:
            raise InvalidValueError(
                "a secondary SEN need requires a primary one",
                field="sen_secondary",
                value=self.sen_secondary,
            )

    def age_on(self, day: dt.date) -> int | None:
        """Age in completed years (birthday taken as the 1st of the month), or ``None``."""
        return None if self.month_of_birth is None else self.month_of_birth.age_on(day)
