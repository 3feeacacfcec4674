"""Reading one SSDA903 CSV table as rows keyed by column name, reporting every problem.

Bytes in, rows and findings out; nothing here raises on bad content. Columns are found by
their header name, so any order is accepted.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence

import attrs

from slcp.findings import Finding, Severity

__all__ = ["TableRow", "decode_table", "index_header", "read_table"]

_NAME = re.compile(r"[A-Z][A-Z_]{0,39}")


@attrs.frozen(kw_only=True)
class TableRow:
    """One data row.

    Attributes:
        number: the row's number in the file, the header being row 1.
        values: stripped text per known column (blank when the row is short).
    """

    number: int
    values: dict[str, str]


def _finding(
    severity: Severity, code: str, message: str, location: str, subject: str = ""
) -> Finding:
    return Finding(
        severity=severity,
        code=code,
        message=message,
        subject_id=subject or location.split(" column ", maxsplit=1)[0],
        location=location,
    )


def decode_table(data: bytes, name: str, findings: list[Finding]) -> str:
    """Decode a table as UTF-8 (a BOM allowed; UTF-16 when it has a UTF-16 BOM).

    Bytes that are not UTF-8 are reported once (``not-utf8``, with the row of the first bad
    byte) and the table is read as Windows-1252, the usual alternative from spreadsheet
    exports; undefined bytes become U+FFFD. NUL characters are removed and reported.
    """
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            row = data.count(b"\n", 0, e.start) + 1
            findings.append(
                _finding(
                    Severity.WARNING,
                    "not-utf8",
                    "the file is not UTF-8; read as Windows-1252 (check names of codes "
                    "and the export settings)",
                    f"{name} row {row}",
                    name,
                )
            )
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        findings.append(
            _finding(
                Severity.WARNING,
                "nul-character",
                "the file holds NUL characters; they were removed",
                f"{name} row {text.count(chr(10), 0, text.index(chr(0))) + 1}",
                name,
            )
        )
        text = text.replace("\x00", "")
    return text


def _records(text: str, name: str, findings: list[Finding]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            # every malformed row is a finding and reading goes on: the readers' findings
            # are bounded per code (Limits.max_findings_per_code), never the rows read
            number += 1
            findings.append(
                _finding(
                    Severity.ERROR,
                    "malformed-row",
                    f"the row cannot be read as CSV ({e}); it was skipped",
                    f"{name} row {number}",
                )
            )
            continue
        number += 1
        yield number, fields


def index_header(
    header: Sequence[str],
    header_row: int,
    *,
    name: str,
    columns: Sequence[str],
    required: frozenset[str],
    findings: list[Finding],
) -> tuple[dict[str, int], bool]:
    """Where each known column is in the header row, and whether a required one is missing.

    Names are matched without regard to case or surrounding spaces (a byte-order mark
    included); the first of a repeated column is used. Findings: ``duplicate-column``,
    ``unknown-column`` (info) and ``missing-column`` (an error for a required column, a
    warning otherwise). Both SSDA903 readers index their headers with this function.

    Returns:
        ``(index, missing_required)``: the field position of each known column present,
        and True when a required column is absent (no row can be used).
    """
    index: dict[str, int] = {}
    for i, raw in enumerate(header):
        col = raw.strip().lstrip("\ufeff").strip().upper()
        where = f"{name} row {header_row} column {i + 1}"
        if col in index:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "duplicate-column",
                    f"column {col} appears twice; the first is used",
                    where,
                    name,
                )
            )
        elif col in columns:
            index[col] = i
        else:
            findings.append(
                _finding(
                    Severity.INFO,
                    "unknown-column",
                    # a header cell is echoed only when it looks like a column name: a file
                    # without a header row would otherwise put a date of birth or a
                    # postcode from its first data row into the finding
                    (
                        f"column {col!r} is not part of the table; ignored"
                        if _NAME.fullmatch(col)
                        else "this header cell is not a column name of the table (a file "
                        "without a header row?); ignored"
                    ),
                    where,
                    name,
                )
            )
    missing_required = False
    for col in columns:
        if col not in index:
            is_required = col in required
            missing_required |= is_required
            findings.append(
                _finding(
                    Severity.ERROR if is_required else Severity.WARNING,
                    "missing-column",
                    f"required column {col} is missing; no row can be used"
                    if is_required
                    else f"column {col} is missing; read as blank",
                    f"{name} row {header_row} column {col}",
                    name,
                )
            )
    return index, missing_required


def read_table(
    data: bytes,
    *,
    name: str,
    columns: Sequence[str],
    required: frozenset[str],
    findings: list[Finding],
) -> Iterator[TableRow]:
    """Rows of one table, keyed by the known column names, one at a time.

    Rows are produced as they are parsed, so a large file is never held as rows in memory;
    findings are appended as the iteration reaches them.

    Findings: ``blank-file`` (no header), ``missing-column`` (an error for a required
    column, when no row is returned; a warning otherwise, the column read as blank),
    ``duplicate-column``, ``unknown-column`` (info), ``ragged-row`` (a row with more or
    fewer fields than the header), ``malformed-row``, plus those of :func:`decode_table`.
    Rows whose fields are all blank are skipped silently (spreadsheets append them).

    Args:
        data: the file's bytes.
        name: the file name used in locations (``"episodes.csv"``).
        columns: the table's known columns, in the order the specification lists them.
        required: columns without which no row can be used.
        findings: list the problems are appended to.
    """
    text = decode_table(data, name, findings)
    records = _records(text, name, findings)
    header: list[str] | None = None
    header_row = 0
    for number, fields in records:
        if any(f.strip() for f in fields):
            header, header_row = fields, number
            break
    if header is None:
        findings.append(
            _finding(Severity.ERROR, "blank-file", "the file has no header row", name, name)
        )
        return
    index, missing_required = index_header(
        header, header_row, name=name, columns=columns, required=required, findings=findings
    )
    if missing_required:
        return
    width = len(header)
    for number, fields in records:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != width:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "ragged-row",
                    f"the row has {len(fields)} fields but the header has {width}",
                    f"{name} row {number}",
                )
            )
        values = {col: (fields[i].strip() if i < len(fields) else "") for col, i in index.items()}
        for col in columns:
            values.setdefault(col, "")
        yield TableRow(number=number, values=values)
