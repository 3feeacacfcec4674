"""The cell rules of the SSDA903 tables, shared by the record and the columnar reader.

Each function decides one cell (a date, a CHILD reference, a code) or words one finding's
message, so the two readers (:mod:`slcp.io.ssda903` and :mod:`slcp.io.columnar_ssda903`)
cannot drift apart: the record reader calls them once per row, the columnar one once per
distinct value. Nothing here raises on bad content.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from slcp.domain.child import check_child_ref
from slcp.errors import SlcpError
from slcp.io._ssda903_codes import LAST_LISTED_YEAR, CodeLists
from slcp.periods import FinancialYear

__all__ = [
    "CHILD_BAD",
    "CHILD_BLANK",
    "CHILD_OK",
    "CHILD_PATTERN",
    "CODE_LIKE",
    "DATE_LIKE",
    "CodeCell",
    "child_status",
    "date_message",
    "lists_assumed_message",
    "parse_date",
    "provider_not_allowed",
    "provider_not_allowed_message",
    "read_code",
    "sex_message",
    "shown",
    "unknown_code_message",
    "where",
]

_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_FIRST_YEAR, _LAST_YEAR = 1901, 2199
#: The pattern check_child_ref enforces, tried first so valid cells skip the exception path.
CHILD_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Values are echoed in findings only when they have the shape of what the column should
# hold: a misaligned row can put a postcode or a date of birth into any column.
DATE_LIKE = re.compile(r"[0-9/.-]{1,12}")
CODE_LIKE = re.compile(r"[A-Za-z0-9]{1,5}")
CHILD_OK, CHILD_BLANK, CHILD_BAD = 0, 1, 2


def shown(raw: str, shape: re.Pattern[str]) -> str:
    """`` 'raw'`` when ``raw`` has the shape of its column, else `` (value not shown)``."""
    return f" {raw!r}" if shape.fullmatch(raw) else " (value not shown)"


def where(name: str, row: int, column: str) -> str:
    """A finding's location: ``"episodes.csv row 7 column DECOM"``."""
    return f"{name} row {row} column {column}"


def parse_date(raw: str) -> dt.date | None:
    """The date a non-blank ``DD/MM/YYYY`` cell names (years 1901-2199), else ``None``.

    >>> parse_date("1/4/2017"), parse_date("31/02/2017"), parse_date("01/04/0017")
    (datetime.date(2017, 4, 1), None, None)
    """
    m = _DATE.fullmatch(raw)
    if m is None:
        return None
    try:
        day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    # a year slcp's periods cannot hold (FinancialYear spans 1900-2200) is a typo
    return day if _FIRST_YEAR <= day.year <= _LAST_YEAR else None


def date_message(column: str, raw: str, *, echo: bool, row_used: bool) -> str:
    """The ``unparseable-date`` message (the value shown only when ``echo`` and date-like)."""
    return (
        f"{column}{shown(raw, DATE_LIKE) if echo else ''} is not a date in DD/MM/YYYY form "
        "(years 1901-2199); " + ("read as unknown" if row_used else "row not used")
    )


def child_status(raw: str) -> int:
    """:data:`CHILD_OK`, :data:`CHILD_BLANK` or :data:`CHILD_BAD` for a CHILD cell."""
    if raw and CHILD_PATTERN.fullmatch(raw):
        return CHILD_OK
    if not raw:
        return CHILD_BLANK
    try:
        check_child_ref(raw)
    except SlcpError:
        return CHILD_BAD
    return CHILD_OK


@attrs.frozen(kw_only=True)
class CodeCell:
    """One code cell read against a list.

    Attributes:
        valid: the code is in the list (its upper case is, for a lower-case cell).
        blank: the cell is blank.
        value: the text kept (upper case when only its upper case is valid, or when the
            code is unknown), ``None`` when blank.
    """

    valid: bool
    blank: bool
    value: str | None


def read_code(raw: str, valid: frozenset[str]) -> CodeCell:
    """Read a stripped code cell against the ``valid`` list.

    >>> read_code("u4", frozenset({"U4"})), read_code("Q9", frozenset({"U4"})).valid
    (CodeCell(valid=True, blank=False, value='U4'), False)
    """
    if raw in valid:
        return CodeCell(valid=True, blank=False, value=raw)
    upper = raw.upper()
    if not upper:
        return CodeCell(valid=False, blank=True, value=None)
    return CodeCell(valid=upper in valid, blank=False, value=upper)


def unknown_code_message(column: str, value: str, year: FinancialYear) -> str:
    """The ``unknown-code`` message: the row is used with the code as written."""
    return (
        f"{column}{shown(value, CODE_LIKE)} is not a valid code in {year}; kept as written "
        "and the row used"
    )


def sex_message(raw: str, lists: CodeLists) -> str:
    """The ``unknown-code`` message for the Header's SEX, naming the year's codes."""
    codes = sorted(lists.sex)
    return (
        f"SEX{shown(raw, CODE_LIKE)} is not {', '.join(codes[:-1])} or {codes[-1]}, the codes "
        f"of {lists.year}; ignored"
    )


def provider_not_allowed(place: str | None, provider: str | None, lists: CodeLists) -> bool:
    """Whether a PLACE_PROVIDER is given for a PLACE that must have none in the year."""
    return provider is not None and place in lists.no_provider_places


def provider_not_allowed_message(place: str, provider: str, lists: CodeLists) -> str:
    """The ``provider-not-allowed`` message (a warning: the row is used as written)."""
    return (
        f"PLACE_PROVIDER{shown(provider, CODE_LIKE)} is given for PLACE {place}, which has "
        f"no provider in {lists.year}; kept as written"
    )


def lists_assumed_message(year: FinancialYear) -> str | None:
    """The ``code-lists-assumed`` warning for a year past the published lists, else ``None``.

    >>> lists_assumed_message(FinancialYear(2026)) is None
    True
    >>> lists_assumed_message(FinancialYear(2027))
    'the code lists of 2027/28 are not known to slcp; those of 2026/27, the latest, were used'
    """
    if year <= LAST_LISTED_YEAR:
        return None
    return (
        f"the code lists of {year} are not known to slcp; those of {LAST_LISTED_YEAR}, the "
        "latest, were used"
    )
