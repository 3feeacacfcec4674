"""The engine behind slcp's CSV readers and writers (private).

A table is declared once, as a :class:`TableSpec` of :class:`Column`\\ s. The same declaration
drives reading (decoding, header checks, cell parsing with findings that name file, row and
column), writing (formatting each cell the way it is read back) and the published
Frictionless Table Schema. Table-specific modules (:mod:`slcp.io.csv_tables`,
:mod:`slcp.io.pds`) add only how a parsed row becomes a domain record and back.

Rows are numbered as a spreadsheet numbers them: the header is row 1, the first record row 2.

Every table is read within :class:`~slcp.io.limits.Limits` (file size, rows, cell length,
digits, findings per code) and streamed row by row, so memory follows the rows kept, not the
bytes offered. Text cells are written through
:func:`~slcp.io.spreadsheet_safety.neutralise_formula` and read back through
:func:`~slcp.io.spreadsheet_safety.restore_formula`, so a cell such as ``=HYPERLINK(...)``
never opens as a formula and still round-trips exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Generic, SupportsIndex, TypeVar

import attrs

from slcp.errors import LoadError, SlcpError
from slcp.findings import Finding, Severity
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_at_most
from slcp.io.spreadsheet_safety import neutralise_formula, restore_formula
from slcp.money import Money, Rate
from slcp.periods import FinancialYear

__all__ = [
    "BoundedFindings",
    "CellKind",
    "Column",
    "CsvSource",
    "ParsedRow",
    "TableRead",
    "TableSpec",
    "build_frictionless_schema",
    "build_groups",
    "build_records",
    "decode_source",
    "format_cell",
    "format_location",
    "group_rows",
    "parse_table",
    "read_grouped",
    "write_table",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R")

#: What a reader accepts: a path to a file (``str`` or ``os.PathLike``) or the file's bytes.
CsvSource = str | os.PathLike[str] | bytes

# Fifteen digits hold £9,999,999,999,999.99 in pence; anything longer is a typo or an attack
# on the integer parser, and is refused before any conversion.
_MAX_DIGITS = 15
_INTEGER = re.compile(r"^-?[0-9]{1,15}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DMY_DATE = re.compile(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$")
_FY = r"^[0-9]{4}/[0-9]{2}$"


class CellKind(enum.Enum):
    """How a cell's text is read and written."""

    TEXT = "text"
    """Free text or an id, surrounding spaces removed."""
    INTEGER = "integer"
    """A whole number written in digits (at most 15), e.g. ``38``."""
    PENCE = "pence"
    """Money as a whole number of pence, e.g. ``450000`` for £4,500.00."""
    POUNDS = "pounds"
    """Money as a whole number of pounds, e.g. ``4500`` for £4,500.00."""
    PCT = "pct"
    """A rate written as a percentage, exactly, e.g. ``3.5`` for 3.5%."""
    DECIMAL = "decimal"
    """An exact non-negative decimal number, e.g. ``12.5``."""
    DATE = "date"
    """A calendar date, ``YYYY-MM-DD`` (and ``DD/MM/YYYY`` where the column allows it)."""
    BOOLEAN = "boolean"
    """One of the column's true or false values."""
    CODE = "code"
    """One of the column's codes (an enumeration)."""
    CODE_LIST = "code_list"
    """One or more of the column's codes separated by ``;``, e.g. ``ESOL;BSL``."""
    FINANCIAL_YEAR = "financial_year"
    """A financial year written ``2019/20``."""


@attrs.frozen(kw_only=True)
class Column:
    """One column of a CSV table.

    Attributes:
        name: the header text.
        kind: how cells are read and written.
        description: what the column holds, with its unit.
        required: a value must be given (the column must also be in the header).
        label: the words used in messages ("weekly fee"); defaults to the name.
        minimum: smallest accepted value for INTEGER, PENCE and POUNDS columns.
        maximum: largest accepted value for INTEGER columns.
        codes: for CODE columns, each accepted text and the value it stands for; the first
            text listed for a value is the one written.
        true_values: for BOOLEAN columns, texts read as true (the first is written).
        false_values: for BOOLEAN columns, texts read as false (the first is written).
        day_first_dates: DATE columns also accept ``DD/MM/YYYY``.
        pattern: for TEXT columns, a regular expression the value must match in full.
        aliases: other header texts accepted for the column on reading (never written).
    """

    name: str
    kind: CellKind
    description: str
    required: bool = False
    label: str = ""
    minimum: int | None = None
    maximum: int | None = None
    codes: tuple[tuple[str, object], ...] = ()
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    day_first_dates: bool = False
    pattern: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """The column as named in messages."""
        return self.label or self.name


@attrs.frozen(kw_only=True)
class TableSpec:
    """A CSV table: its columns, its key and how domain errors map to columns.

    Attributes:
        name: the table's name, e.g. ``"placements"``.
        file_name: the default file name used in messages, e.g. ``"placements.csv"``.
        title: a one-line title for the published schema.
        description: what one row is.
        columns: the columns, in the order they are written.
        primary_key: the columns whose values identify a row (checked unique); may be empty.
        foreign_keys: ``(columns, other table, other columns)`` references, for the schema.
        field_columns: the column to blame when a domain constructor rejects a field
            (``SlcpError.field``), e.g. ``{"end": "last_day"}``.
        unknown_columns: severity of a finding for a column the table does not declare
            (``ERROR`` for slcp's own tables; ``WARNING`` where local extra columns are normal).
        ignored_columns: columns that are recognised, never stored and never written (e.g.
            officer names); reading them gives one ``INFO`` finding per column.
    """

    name: str
    file_name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    field_columns: Mapping[str, str] = attrs.field(factory=dict)
    unknown_columns: Severity = Severity.ERROR
    ignored_columns: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name`` (a programming error if there is none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """The column names in written order."""
        return tuple(c.name for c in self.columns)


@attrs.frozen(kw_only=True)
class TableRead(Generic[T_co]):
    """What a CSV reader returns: the records it could build and every finding at once.

    Attributes:
        records: the records built from the rows that had no error, in file order.
        findings: every problem found, each locating itself as
            ``"<file> row <n> column <name>"`` (header = row 1).
    """

    records: tuple[T_co, ...]
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error (some rows or the file could not be used)."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def error_messages(self) -> tuple[str, ...]:
        """Each error finding as ``"<message> @ <location>"``."""
        return tuple(
            f"{f.message} @ {f.location}" if f.location else f.message
            for f in self.findings
            if f.severity is Severity.ERROR
        )

    def records_or_raise(self, *, source: str | None = None) -> tuple[T_co, ...]:
        """The records, or :class:`~slcp.errors.LoadError` listing every error if any.

        Args:
            source: the name of what was loaded, shown in the error's first line.

        Raises:
            LoadError: when any finding is an error; warnings do not raise.
        """
        if self.has_errors:
            raise LoadError(self.error_messages(), source=source)
        return self.records


class ParsedRow:
    """A row whose cells have each been parsed by their column's kind.

    Blank optional cells are ``None``. Builders read typed values with :meth:`get` (required
    columns) and :meth:`optional`. A row with a bad cell is kept with ``ok`` false (its good
    cells still readable) so a reader can tell which records it touches; it is never built.
    """

    __slots__ = ("_values", "number", "ok")

    def __init__(self, number: int, values: Mapping[str, object], *, ok: bool = True) -> None:
        self.number = number
        self.ok = ok
        self._values = dict(values)

    def get(self, column: str, kind: type[R]) -> R:
        """The parsed value of a required column."""
        value = self._values.get(column)
        if not isinstance(value, kind):
            raise TypeError(f"column {column!r} holds {value!r}, not a {kind.__name__}")
        return value

    def optional(self, column: str, kind: type[R]) -> R | None:
        """The parsed value of an optional column, ``None`` when blank or absent."""
        value = self._values.get(column)
        if value is None:
            return None
        if not isinstance(value, kind):
            raise TypeError(f"column {column!r} holds {value!r}, not a {kind.__name__}")
        return value

    def text(self, column: str) -> str:
        """The text of a required TEXT column."""
        return self.get(column, str)

    def values(self) -> dict[str, object]:
        """A copy of the parsed cells by column name."""
        return dict(self._values)

    def has(self, column: str) -> bool:
        """True when the cell is not blank."""
        return self._values.get(column) is not None


class _CellError(Exception):
    """A cell's text does not fit its column."""


def format_location(file_name: str, row: int | None = None, column: str | None = None) -> str:
    """``"placements.csv row 7 column core_pence"`` (parts omitted when unknown)."""
    parts = [file_name]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    return " ".join(parts)


def decode_source(
    source: CsvSource, *, default_name: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, str]:
    """Read a CSV source and decode it as UTF-8 text.

    Args:
        source: a path (``str`` or ``os.PathLike``) or the file's bytes.
        default_name: the name used in messages when ``source`` is bytes.
        limits: the bounds applied; the file size is checked before the file is read.

    Returns:
        ``(text, file name)``; a UTF-8 byte-order mark is removed.

    Raises:
        LoadError: the file cannot be opened, is not a regular file (``/dev/zero``, a pipe),
            is larger than ``limits.max_file_bytes``, is UTF-16, is not UTF-8 or holds NUL
            bytes.
    """
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), default_name
        if len(data) > limits.max_file_bytes:
            raise LoadError([_too_large(len(data), limits) + f" @ {name}"], source=name)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = path.name or default_name
        try:
            data = _read_limited(path, limits)
        except _NotAFileError as exc:
            raise LoadError([f"{exc} @ {name[:60]}"], source=name[:60]) from None
        except (OSError, ValueError) as exc:
            hint = ""
            if isinstance(source, str) and ("\n" in source or "," in source):
                hint = "; a str is a path: pass CSV text as bytes, e.g. text.encode()"
            reason = getattr(exc, "strerror", None) or exc
            raise LoadError(
                [f"cannot read the file: {reason}{hint} @ {name[:60]}"], source=name[:60]
            ) from None
    else:
        raise LoadError(
            [f"expected a path or bytes, got a {type(source).__name__}"], source=default_name
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(
            ["the file is UTF-16 text; save it as 'CSV UTF-8' and load it again @ " + name],
            source=name,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(
            [
                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} at offset "
                f"{exc.start} cannot be read (it may be Latin-1 or Windows-1252, Excel's "
                f"plain 'CSV' format); save it as 'CSV UTF-8' @ {name} line {line}"
            ],
            source=name,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            [
                "the file holds NUL bytes, so it is not a CSV text file (UTF-16 without a "
                f"byte-order mark?) @ {name} line {line}"
            ],
            source=name,
        )
    return text, name


class _NotAFileError(Exception):
    """The path names something other than a regular file, or too large a one."""


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"the file holds {size:,} bytes, more than the {limits.max_file_bytes:,} slcp reads "
        "(Limits.max_file_bytes)"
    )


def _read_limited(path: Path, limits: Limits) -> bytes:
    # stat first: opening a pipe would wait for a writer, reading /dev/zero never ends
    if not stat.S_ISREG(path.stat().st_mode):
        raise _NotAFileError("not a regular file (a device, pipe or folder); slcp reads only files")
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > limits.max_file_bytes:
            raise _NotAFileError(_too_large(size, limits))
        data = read_at_most(f, size, limits.max_file_bytes)
    if len(data) > limits.max_file_bytes:
        raise _NotAFileError(_too_large(len(data), limits))
    return data


class BoundedFindings(list[Finding]):
    """A list of findings that keeps at most ``limit`` of each code, then counts the rest.

    The first finding past the limit is replaced by one summary finding of the same code
    (``"... and N more like it"``), updated as more arrive, so a file with a million bad
    cells gives a bounded list and the count of what was left out.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._kept: dict[str, int] = {}
        self._summary: dict[str, tuple[int, int, Severity, str]] = {}

    def accepts(self, code: str) -> bool:
        """True while findings of ``code`` are still kept one by one."""
        return self._kept.get(code, 0) < self.limit

    def append(self, finding: Finding) -> None:
        """Keep ``finding``, or count it in its code's summary finding."""
        kept = self._kept.get(finding.code, 0)
        if kept < self.limit:
            self._kept[finding.code] = kept + 1
            super().append(finding)
            return
        self.count_more(finding.code, finding.severity, finding.location)

    def count_more(
        self, code: str, severity: Severity, location: str = "", *, count: int = 1
    ) -> None:
        """Count ``count`` more findings of ``code`` past the limit without building them."""
        if code not in self._summary:
            super().append(_summary(code, count, severity, location))
            self._summary[code] = (len(self) - 1, count, severity, location)
            return
        index, total, worst, first = self._summary[code]
        if severity is Severity.ERROR:
            worst = Severity.ERROR
        self._summary[code] = (index, total + count, worst, first)
        self[index] = _summary(code, total + count, worst, first)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Append each finding in turn."""
        for f in findings:
            self.append(f)

    def __iadd__(self, findings: Iterable[Finding]) -> BoundedFindings:  # type: ignore[override,misc]
        self.extend(findings)
        return self

    def insert(self, index: SupportsIndex, finding: Finding) -> None:
        """Not supported: findings are kept in the order they are found."""
        raise TypeError("findings are only appended")


def _summary(code: str, count: int, severity: Severity, first: str) -> Finding:
    return Finding(
        severity=severity,
        code=code,
        message=f"{count:,} more finding(s) of this kind were not listed, the first "
        "at the location shown (Limits.max_findings_per_code)",
        subject_id="summary",
        location=first,
    )


def _finding(severity: Severity, code: str, message: str, subject: str, where: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, subject_id=subject, location=where
    )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_cell(column: Column, text: str) -> object:
    """Parse a non-blank cell by its column's kind.

    Raises:
        _CellError: with a message saying what the column accepts.
    """
    kind = column.kind
    if kind is CellKind.TEXT:
        if column.pattern is not None and not re.fullmatch(column.pattern, text):
            raise _CellError(
                f"{column.words} {text[:40]!r} is not in the expected form: {column.description}"
            )
        return text
    if kind in (CellKind.INTEGER, CellKind.PENCE, CellKind.POUNDS):
        return _parse_whole(column, text)
    if kind is CellKind.PCT:
        if not _DECIMAL.match(text):
            raise _CellError(
                f"{column.words} must be a percentage written in digits, e.g. '3.5' for 3.5%, "
                f"got {text[:40]!r}"
            )
        return Rate.from_pct(text)
    if kind is CellKind.DECIMAL:
        if not _DECIMAL.match(text) or text.startswith("-"):
            raise _CellError(
                f"{column.words} must be a non-negative number written in digits, e.g. '12.5', "
                f"got {text[:40]!r}"
            )
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise _CellError(f"{column.words} is not a number") from None
    if kind is CellKind.DATE:
        return _parse_date(column, text)
    if kind is CellKind.BOOLEAN:
        folded = text.casefold()
        if folded in (v.casefold() for v in column.true_values):
            return True
        if folded in (v.casefold() for v in column.false_values):
            return False
        accepted = ", ".join(repr(v) for v in (*column.true_values, *column.false_values))
        raise _CellError(f"{column.words} must be one of {accepted}, got {text[:40]!r}")
    if kind is CellKind.CODE:
        return _parse_code(column, text)
    if kind is CellKind.CODE_LIST:
        parts = [p.strip() for p in text.split(";")]
        if any(not p for p in parts):
            raise _CellError(f"{column.words} has an empty entry between ';' separators")
        return tuple(_parse_code(column, p) for p in parts)
    # FINANCIAL_YEAR
    if not re.fullmatch(_FY, text):
        raise _CellError(
            f"{column.words} must be a financial year written like '2019/20', got {text[:40]!r}"
        )
    try:
        return FinancialYear.parse(text)
    except SlcpError:
        raise _CellError(
            f"{column.words} {text!r} is not a financial year (the two years must follow each "
            "other, e.g. '2019/20')"
        ) from None


@functools.lru_cache(maxsize=256)
def _code_lookup(column: Column) -> dict[str, object]:
    lookup: dict[str, object] = {}
    for code, value in column.codes:
        lookup.setdefault(_normal(code), value)
    return lookup


def _parse_code(column: Column, text: str) -> object:
    lookup = _code_lookup(column)
    wanted = _normal(text)
    if wanted in lookup:
        return lookup[wanted]
    raise _CellError(
        f"{column.words} must be one of {', '.join(_canonical_codes(column))}, got {text[:40]!r}"
    )


def _parse_whole(column: Column, text: str) -> object:
    unit = {
        CellKind.PENCE: "an integer of pence, e.g. 450000 for £4,500.00",
        CellKind.POUNDS: "an integer of pounds, e.g. 4500 for £4,500",
        CellKind.INTEGER: "a whole number",
    }[column.kind]
    digits = text.lstrip("-")
    if digits.isdigit() and len(digits) > _MAX_DIGITS:
        raise _CellError(f"{column.words} has more than {_MAX_DIGITS} digits, too large to be real")
    if not _INTEGER.match(text):
        raise _CellError(f"{column.words} must be {unit}, got {text[:40]!r}")
    number = int(text)
    if column.minimum is not None and number < column.minimum:
        raise _CellError(f"{column.words} must be at least {column.minimum}, got {number}")
    if column.maximum is not None and number > column.maximum:
        raise _CellError(f"{column.words} must be at most {column.maximum}, got {number}")
    if column.kind is CellKind.PENCE:
        return Money(number)
    if column.kind is CellKind.POUNDS:
        return Money(number * 100)
    return number


def _parse_date(column: Column, text: str) -> dt.date:
    forms = "YYYY-MM-DD" + (" or DD/MM/YYYY" if column.day_first_dates else "")
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        if column.day_first_dates and _DMY_DATE.match(text):
            day, month, year = (int(p) for p in text.split("/"))
            return dt.date(year, month, day)
    except ValueError:
        raise _CellError(f"{column.words} {text[:40]!r} is not a real date") from None
    raise _CellError(f"{column.words} must be a date written {forms}, got {text[:40]!r}")


def _canonical_codes(column: Column) -> list[str]:
    seen: list[object] = []
    out: list[str] = []
    for code, value in column.codes:
        if value not in seen:
            seen.append(value)
            out.append(code)
    return out


def format_cell(column: Column, value: object) -> str:
    """Write a value as :func:`parse_cell` reads it back (``None`` is a blank cell)."""
    if value is None:
        return ""
    kind = column.kind
    if kind is CellKind.PENCE and isinstance(value, Money):
        return str(value.pence)
    if kind is CellKind.POUNDS and isinstance(value, Money) and value.pence % 100 == 0:
        return str(value.pence // 100)
    if kind is CellKind.PCT and isinstance(value, Rate):
        return f"{value.pct:f}"
    if kind is CellKind.DECIMAL and isinstance(value, Decimal):
        return f"{value:f}"
    if kind is CellKind.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if kind is CellKind.BOOLEAN and isinstance(value, bool):
        return column.true_values[0] if value else column.false_values[0]
    if kind is CellKind.CODE:
        return _format_code(column, value)
    if kind is CellKind.CODE_LIST and isinstance(value, tuple):
        return ";".join(_format_code(column, v) for v in value)
    if kind is CellKind.FINANCIAL_YEAR and isinstance(value, FinancialYear):
        return str(value)
    if kind is CellKind.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if kind is CellKind.TEXT and isinstance(value, str):
        # a patterned column holds codes or numbers its pattern checks ("-2.5" is a number,
        # not a formula); only free text can carry a formula, so only it is neutralised
        return neutralise_formula(value) if column.pattern is None else value
    raise TypeError(f"column {column.name!r} cannot hold {value!r}")


def _format_code(column: Column, value: object) -> str:
    for code, member in column.codes:
        if member == value:
            return code
    raise TypeError(f"column {column.name!r} has no code for {value!r}")


def group_rows(
    rows: Iterable[ParsedRow],
    *,
    key: str,
    same: tuple[str, ...],
    file_name: str,
    code: str,
    disagree: Callable[[str, int], str],
) -> tuple[list[tuple[str, list[ParsedRow]]], list[Finding]]:
    """Rows that make one record between them (an invoice's lines, a pool's contributions),
    grouped by the text of their ``key`` column in order of first appearance.

    A group is left out when one of its rows did not read cleanly (that row already has its
    findings) or when a row disagrees with the group's first on any ``same`` column: each
    such row gets an error finding ``code`` with the message ``disagree(key, first row)``,
    located at that row. Rows with a blank ``key`` are left out (their finding is the
    missing required cell).
    """
    groups: dict[str, list[ParsedRow]] = {}
    bad: set[str] = set()
    for row in rows:
        value = row.values().get(key)
        if not isinstance(value, str):
            continue
        if not row.ok:
            bad.add(value)
        groups.setdefault(value, []).append(row)
    kept: list[tuple[str, list[ParsedRow]]] = []
    findings: list[Finding] = []
    for value, group in groups.items():
        if value in bad:
            continue
        first = group[0]
        head = tuple(first.values().get(c) for c in same)
        odd = [r for r in group[1:] if tuple(r.values().get(c) for c in same) != head]
        findings.extend(
            Finding(
                severity=Severity.ERROR,
                code=code,
                message=disagree(value, first.number),
                subject_id=value,
                location=format_location(file_name, r.number),
            )
            for r in odd
        )
        if not odd:
            kept.append((value, group))
    return kept, findings


def parse_table(
    text: str, spec: TableSpec, *, file_name: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[ParsedRow], list[Finding]]:
    """Split decoded CSV text into parsed rows, with a finding for every problem.

    Checks the header (missing, unknown and repeated columns; columns in any order), parses
    every cell of every row (all problems reported, not only the first), skips blank rows
    and refuses repeated primary keys. Rows with any error are returned with ``ok`` false.
    TEXT cells are read back through :func:`~slcp.io.spreadsheet_safety.restore_formula`.

    The text is split row by row as it is parsed (no second copy of the file is held).
    At most ``limits.max_rows`` data rows are read (a ``too-many-rows`` error says where
    reading stopped); a cell longer than ``limits.max_string_chars`` is an ``invalid-value``
    error; at most ``limits.max_findings_per_code`` findings of each code are listed, then
    one summary finding counts the rest (:class:`BoundedFindings`).

    Returns:
        ``(rows, findings)``; ``findings`` is a :class:`BoundedFindings`, so findings a
        caller appends to it are bounded too.
    """
    findings = BoundedFindings(limits.max_findings_per_code)
    reader = csv.reader(_lines(text), strict=True)
    rows: list[ParsedRow] = []
    header: list[str] | None = None
    positions: dict[str, int] = {}
    seen_keys: dict[tuple[str, ...], int] = {}
    index = 0
    try:
        for index, record in enumerate(reader, start=1):
            if header is None:
                if not any(cell.strip() for cell in record):
                    break
                header = [cell.strip() for cell in record]
                positions, header_ok = _check_header(header, spec, file_name, findings)
                if not header_ok:
                    return rows, findings
                continue
            if index - 1 > limits.max_rows:
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "too-many-rows",
                        f"the file has more than {limits.max_rows:,} rows (Limits.max_rows);"
                        " rows from here on were not read",
                        f"row {index}",
                        format_location(file_name, index),
                    )
                )
                break
            row = _read_record(
                record,
                number=index,
                header=header,
                positions=positions,
                spec=spec,
                file_name=file_name,
                findings=findings,
                seen_keys=seen_keys,
                limits=limits,
            )
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        findings.append(
            _finding(
                Severity.ERROR,
                "malformed-csv",
                f"the CSV cannot be split into cells ({exc}); rows from here on were not read",
                f"row {index + 1}",
                format_location(file_name, index + 1),
            )
        )
    if header is None:
        findings.append(
            _finding(
                Severity.ERROR,
                "no-header",
                "the file has no header row; expected the columns " + ", ".join(spec.names),
                "row 1",
                format_location(file_name, 1),
            )
        )
    return rows, findings


# A line and its ending, as a file opened with newline="" gives them: "\r\n", "\r" or "\n".
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time, endings kept (what ``csv.reader`` wants).

    ``io.StringIO`` would hold a second copy of the whole text, four bytes a character.
    """
    for match in _LINE.finditer(text):
        yield match.group()


def _read_record(
    record: list[str],
    *,
    number: int,
    header: list[str],
    positions: Mapping[str, int],
    spec: TableSpec,
    file_name: str,
    findings: list[Finding],
    seen_keys: dict[tuple[str, ...], int],
    limits: Limits,
) -> ParsedRow | None:
    """One data row parsed and checked, or ``None`` for a blank row."""
    if not any(cell.strip() for cell in record):
        return None
    if len(record) != len(header) and any(c.strip() for c in record[len(header) :]):
        findings.append(
            _finding(
                Severity.ERROR,
                "ragged-row",
                f"the row has {len(record)} cells but the header has {len(header)}",
                f"row {number}",
                format_location(file_name, number),
            )
        )
        return ParsedRow(number, {}, ok=False)
    row = _parse_row(
        record,
        number=number,
        positions=positions,
        spec=spec,
        file_name=file_name,
        findings=findings,
        limits=limits,
    )
    if row.ok and spec.primary_key:
        key = tuple(
            record[positions[c]].strip() if c in positions else "" for c in spec.primary_key
        )
        if key in seen_keys:
            findings.append(
                _finding(
                    Severity.ERROR,
                    "duplicate-key",
                    f"{', '.join(k[:64] for k in spec.primary_key)} "
                    f"{', '.join(k[:64] for k in key)} is already used in row {seen_keys[key]}",
                    "/".join(k[:64] for k in key),
                    format_location(file_name, number, spec.primary_key[0]),
                )
            )
            # a repeated row is never built: only its key and the parents it names are kept,
            # so a file of repeated rows costs memory for the rows kept, not the rows offered
            named = {*spec.primary_key, *(c for cols, _, _ in spec.foreign_keys for c in cols)}
            kept = {c: v for c, v in row.values().items() if c in named}
            return ParsedRow(number, kept, ok=False)
        seen_keys[key] = number
    return row


def _check_header(
    header: list[str], spec: TableSpec, file_name: str, findings: list[Finding]
) -> tuple[dict[str, int], bool]:
    positions: dict[str, int] = {}
    ok = True
    skipped, first_skipped = 0, ""  # unknown columns past the findings bound
    declared = set(spec.names)
    aliases = {a: c.name for c in spec.columns for a in c.aliases}
    for i, given in enumerate(header):
        name = aliases.get(given, given)
        shown = name or f"(blank, position {i + 1})"
        if name in positions:
            findings.append(
                _finding(
                    Severity.ERROR,
                    "duplicate-column",
                    f"the column {shown} appears more than once in the header",
                    "header",
                    format_location(file_name, 1, shown),
                )
            )
            ok = False
        elif name in declared:
            positions[name] = i
        elif name in spec.ignored_columns:
            findings.append(
                _finding(
                    Severity.INFO,
                    "column-dropped",
                    f"the column {name} is personal data slcp never keeps; it was dropped",
                    "header",
                    format_location(file_name, 1, name),
                )
            )
        elif (
            name
            and isinstance(findings, BoundedFindings)
            and not findings.accepts("unknown-column")
        ):
            skipped += 1
            first_skipped = first_skipped or format_location(file_name, 1, name[:60])
        elif name:
            findings.append(
                _finding(
                    spec.unknown_columns,
                    "unknown-column",
                    f"the column {name[:60]} is not part of the {spec.name} table and was "
                    "ignored; expected columns are " + ", ".join(spec.names),
                    "header",
                    format_location(file_name, 1, name[:60]),
                )
            )
    if skipped and isinstance(findings, BoundedFindings):
        findings.count_more("unknown-column", spec.unknown_columns, first_skipped, count=skipped)
    for column in spec.columns:
        if column.required and column.name not in positions:
            findings.append(
                _finding(
                    Severity.ERROR,
                    "missing-column",
                    f"the required column {column.name} is missing from the header",
                    "header",
                    format_location(file_name, 1, column.name),
                )
            )
            ok = False
    return positions, ok


def _parse_row(
    record: list[str],
    *,
    number: int,
    positions: Mapping[str, int],
    spec: TableSpec,
    file_name: str,
    findings: list[Finding],
    limits: Limits = DEFAULT_LIMITS,
) -> ParsedRow:
    values: dict[str, object] = {}
    subject = ""
    failed = False
    for column in spec.columns:
        at = positions.get(column.name)
        raw = record[at].strip() if at is not None and at < len(record) else ""
        if not raw:
            if column.required:
                subject = subject or _subject(record, positions, spec, number)
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "required-value",
                        f"{column.words} is required but the cell is blank",
                        subject,
                        format_location(file_name, number, column.name),
                    )
                )
                failed = True
            continue
        try:
            if len(raw) > limits.max_string_chars:
                raise _CellError(
                    f"{column.words} holds {len(raw):,} characters, more than the "
                    f"{limits.max_string_chars:,} slcp reads (Limits.max_string_chars)"
                )
            if column.kind is CellKind.TEXT and column.pattern is None:
                raw = restore_formula(raw)
            values[column.name] = parse_cell(column, raw)
        except _CellError as exc:
            subject = subject or _subject(record, positions, spec, number)
            findings.append(
                _finding(
                    Severity.ERROR,
                    "invalid-value",
                    str(exc),
                    subject,
                    format_location(file_name, number, column.name),
                )
            )
            failed = True
        except SlcpError as exc:
            subject = subject or _subject(record, positions, spec, number)
            findings.append(
                _finding(
                    Severity.ERROR,
                    "invalid-value",
                    exc.message,
                    subject,
                    format_location(file_name, number, column.name),
                )
            )
            failed = True
    return ParsedRow(number, values, ok=not failed)


def _subject(record: list[str], positions: Mapping[str, int], spec: TableSpec, row: int) -> str:
    key = [
        record[positions[c]].strip()
        for c in spec.primary_key
        if c in positions and positions[c] < len(record)
    ]
    if key and all(key):
        return "/".join(k[:64] for k in key)
    return f"row {row}"


def build_records(
    rows: Sequence[ParsedRow],
    spec: TableSpec,
    build: Callable[[ParsedRow], T],
    *,
    file_name: str,
    findings: list[Finding],
    subject: Callable[[ParsedRow], str] | None = None,
) -> list[tuple[ParsedRow, T]]:
    """Build a record from each row, turning a domain error into a finding on that row.

    Rows that already failed (``ok`` false) are skipped. A constructor's
    :class:`~slcp.errors.SlcpError` names the field at fault; the table's ``field_columns``
    says which column that is, so the finding names it.
    """
    built: list[tuple[ParsedRow, T]] = []
    for row in rows:
        if not row.ok:
            continue
        who = subject(row) if subject is not None else f"row {row.number}"
        record = _built(
            functools.partial(build, row),
            spec,
            row=row,
            who=who,
            file_name=file_name,
            findings=findings,
        )
        if record is not None:
            built.append((row, record))
    return built


def build_groups(
    groups: Sequence[tuple[str, list[ParsedRow]]],
    spec: TableSpec,
    build: Callable[[str, list[ParsedRow]], T],
    *,
    file_name: str,
    findings: list[Finding],
) -> list[T]:
    """Build a record from each group of rows (as :func:`group_rows` returns them), as
    :func:`build_records` does from each row: a domain error becomes a finding on the
    group's first row, naming the group's key and the column at fault. The message is the
    error's own, without the value it quotes: that value is the assembled record's (an
    exclusive end, the pool's id), not a cell of the row the finding points at."""
    built: list[T] = []
    for key, group in groups:
        record = _built(
            functools.partial(build, key, group),
            spec,
            row=group[0],
            who=key,
            file_name=file_name,
            findings=findings,
            describe=lambda exc: exc.message,
        )
        if record is not None:
            built.append(record)
    return built


def read_grouped(
    source: CsvSource,
    spec: TableSpec,
    build: Callable[[str, list[ParsedRow]], T],
    *,
    key: str,
    same: tuple[str, ...],
    code: str,
    disagree: Callable[[str, int], str],
) -> TableRead[T]:
    """Read a table whose rows make records between them (an invoice's lines, a pool's
    contributions): :func:`decode_source`, :func:`parse_table`, :func:`group_rows` on
    ``key``, ``same``, ``code`` and ``disagree``, then :func:`build_groups` with ``build``.

    Returns:
        The records whose rows all read cleanly and agree, in order of first appearance, and
        every finding: the cells' and rows' first, then the groups' that disagree, then the
        records' that fail to build.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text (from :func:`decode_source`).
    """
    text, name = decode_source(source, default_name=spec.file_name)
    rows, findings = parse_table(text, spec, file_name=name)
    groups, disagreeing = group_rows(
        rows, key=key, same=same, file_name=name, code=code, disagree=disagree
    )
    findings.extend(disagreeing)
    records = build_groups(groups, spec, build, file_name=name, findings=findings)
    return TableRead(records=tuple(records), findings=tuple(findings))


def _built(
    make: Callable[[], T],
    spec: TableSpec,
    *,
    row: ParsedRow,
    who: str,
    file_name: str,
    findings: list[Finding],
    describe: Callable[[SlcpError], str] | None = None,
) -> T | None:
    # the record ``make`` builds, or None with an ``invalid-record`` finding at ``row``
    try:
        return make()
    except SlcpError as exc:
        column = _blame(spec, exc.field)
        findings.append(
            _finding(
                Severity.ERROR,
                "invalid-record",
                (describe or _describe)(exc),
                who,
                format_location(file_name, row.number, column),
            )
        )
        return None


def _blame(spec: TableSpec, field: str | None) -> str | None:
    if field is None:
        return None
    if field in spec.field_columns:
        return spec.field_columns[field]
    base = re.sub(r"\[\d+\]", "", field).split(".")[-1]
    if base in spec.field_columns:
        return spec.field_columns[base]
    return base if base in spec.names else None


def _describe(exc: SlcpError) -> str:
    parts = [exc.message]
    if exc.value is not None:
        parts.append(f"got {str(exc.value)[:60]!r}")
    if exc.expected is not None:
        parts.append(f"expected {exc.expected}")
    return "; ".join(parts)


def write_table(spec: TableSpec, rows: Iterable[Mapping[str, object]]) -> str:
    """CSV text with the spec's header and one line per row, ``\\n`` line endings.

    Each row maps column names to values of the column's kind (``None`` for blank).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # with "\n" line endings the csv module would leave a lone "\r" in a cell unquoted,
    # and a reader would split the row there: such rows are written fully quoted
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(spec.names)
    for row in rows:
        cells = [format_cell(c, row.get(c.name)) for c in spec.columns]
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return out.getvalue()


_FRICTIONLESS_TYPES = {
    CellKind.TEXT: "string",
    CellKind.INTEGER: "integer",
    CellKind.PENCE: "integer",
    CellKind.POUNDS: "integer",
    CellKind.PCT: "number",
    CellKind.DECIMAL: "number",
    CellKind.DATE: "date",
    CellKind.BOOLEAN: "boolean",
    CellKind.CODE: "string",
    CellKind.CODE_LIST: "string",
    CellKind.FINANCIAL_YEAR: "string",
}


def build_frictionless_schema(spec: TableSpec) -> dict[str, object]:
    """The table's Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
    fields: list[dict[str, object]] = []
    for column in spec.columns:
        field: dict[str, object] = {
            "name": column.name,
            "type": _FRICTIONLESS_TYPES[column.kind],
            "description": column.description,
        }
        constraints: dict[str, object] = {"required": column.required}
        if column.kind is CellKind.BOOLEAN:
            field["trueValues"] = list(column.true_values)
            field["falseValues"] = list(column.false_values)
        if column.kind is CellKind.DATE and column.day_first_dates:
            field["format"] = "any"
        if column.kind is CellKind.CODE:
            constraints["enum"] = _canonical_codes(column)
        if column.kind is CellKind.CODE_LIST:
            codes = "|".join(re.escape(c) for c in _canonical_codes(column))
            constraints["pattern"] = f"({codes})(;({codes}))*"
        if column.kind is CellKind.FINANCIAL_YEAR:
            constraints["pattern"] = _FY.strip("^$")
        if column.kind is CellKind.TEXT and column.pattern is not None:
            constraints["pattern"] = column.pattern
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        if column.maximum is not None:
            constraints["maximum"] = column.maximum
        if column.kind is CellKind.DECIMAL:
            constraints["minimum"] = 0
        field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, object] = {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "fields": fields,
        "missingValues": [""],
    }
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(cols), "reference": {"resource": other, "fields": list(other_cols)}}
            for cols, other, other_cols in spec.foreign_keys
        ]
    return schema
