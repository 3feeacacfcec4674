"""Children: a pseudonymous reference and the few facts commissioning needs.

A :class:`Child` never holds a name, a full date of birth or a full postcode: only a
pseudonymous reference, the month of birth and the home postcode district.
"""

from __future__ import annotations

import datetime as dt
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


def check_child_ref(value: str) -> ChildRef:
    """Validate a pseudonymous child reference.

    >>> check_child_ref("0123")
    '0123'
    >>> check_child_ref("Jane Smith")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a child reference must be pseudonymous...
    """
    if not isinstance(value, str) or not _REF.fullmatch(value):
        raise InvalidValueError(
            "a child reference must be pseudonymous",
            field="child",
            value=value,
            expected="1-64 letters, digits, '.', '-' or '_' with no spaces",
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
