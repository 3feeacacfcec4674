"""The SSDA903 return read into columns: the findings of :mod:`slcp.io.ssda903`, no row objects.

:func:`load_ssda903_columns` reads the Header and Episodes CSV files as
:func:`~slcp.io.ssda903.load_ssda903` does — the same rules, the same findings (file, row,
column, code, message, in the same order) and the same rows used or dropped — but into
columns: each cell is checked once per distinct value, not once per row, and the episodes come
out as an :class:`~slcp.outcomes.columnar_stability.EpisodeTable` for the columnar stability
engine. Episode and child records are built only on request (:meth:`ColumnarSsda903Return.
to_episodes`), for drilling into a figure.

A clean file (UTF-8, no quotes, NUL, lone carriage returns, blank lines, ragged rows or
fields longer than the csv module's limit) is tokenised by pyarrow; any other file by the csv
module exactly as :mod:`slcp.io._ssda903_table` does, so a messy file gives the same findings
either way. A differential property test holds both readers to each other.

Privacy as :mod:`slcp.io.ssda903`: months of birth and postcode districts only; CHILD ids stay
strings exactly as written. numpy and pyarrow are imported when a function runs.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from slcp.domain import CareEpisode, Child, ChildRef, GssCode, postcode_district
from slcp.errors import SlcpError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import BoundedFindings
from slcp.io._ssda903_cells import (
    CHILD_BLANK,
    CHILD_OK,
    CodeCell,
    child_status,
    date_message,
    lists_assumed_message,
    parse_date,
    provider_not_allowed_message,
    read_code,
    sex_message,
    unknown_code_message,
    where,
)
from slcp.io._ssda903_codes import CodeLists, code_lists
from slcp.io._ssda903_table import _finding, _records, decode_table, index_header
from slcp.io.limits import DEFAULT_LIMITS, Limits
from slcp.io.ssda903 import (
    _TABLE_FINDING_CODES,
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    _read_bytes,
)
from slcp.outcomes.columnar_stability import OPEN, CodeColumn, EpisodeTable
from slcp.periods import DateRange, FinancialYear, YearMonth

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["ColumnarSsda903Return", "load_ssda903_columns", "read_ssda903_columns"]

_EPISODES_REQUIRED = frozenset({"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"})
_HEADER_REQUIRED = frozenset({"CHILD", "DOB"})
# the csv module's default field size limit: a longer field is a malformed row there
_FIELD_LIMIT = 131072
_BLANK, _BAD = -2, -1  # date statuses beside a day number


@attrs.frozen(kw_only=True, eq=False)
class ColumnarSsda903Return:
    """What was read from one local authority's 903 tables, as columns.

    Attributes:
        collection_year: the year the return is for (``FinancialYear(2017)`` for the year
            ending 31 March 2018).
        episodes: the usable episodes, per child (children sorted by reference) in DECOM
            order, overlaps already resolved — the episodes of
            :attr:`Ssda903Return.episodes <slcp.io.ssda903.Ssda903Return.episodes>`, in the
            same order.
        rows: per episode, its row number in the Episodes file (the header being row 1).
        category_of_need: CIN per episode.
        place_provider: PLACE_PROVIDER per episode.
        reason_place_change: REASON_PLACE_CHANGE per episode.
        home_district: district of HOME_POST per episode.
        urn: URN per episode.
        children: the Header's children in file order (first row of each), or ``None`` when
            no Header table was given.
        birth_months: per child of ``children``, ``year × 12 + month - 1`` of the month of
            birth, ``-1`` when unknown; ``None`` without a Header table.
        findings: every problem found, as :func:`~slcp.io.ssda903.read_ssda903` reports them
            (at most ``Limits.max_findings_per_code`` of each code, then a summary finding).
        flagged_children: the children some finding is about, as
            :attr:`Ssda903Return.flagged_children <slcp.io.ssda903.Ssda903Return.flagged_children>`.
        finding_counts: findings per code, listed or summarised, codes sorted.
        severity_counts: findings per severity, listed or summarised.
    """

    collection_year: FinancialYear
    episodes: EpisodeTable
    rows: npt.NDArray[np.int64]
    category_of_need: CodeColumn
    place_provider: CodeColumn
    reason_place_change: CodeColumn
    home_district: CodeColumn
    urn: CodeColumn
    children: tuple[ChildRef, ...] | None
    birth_months: npt.NDArray[np.int32] | None
    findings: tuple[Finding, ...]
    flagged_children: frozenset[ChildRef] = frozenset()
    finding_counts: dict[str, int] = attrs.field(factory=dict)
    severity_counts: dict[str, int] = attrs.field(factory=dict)

    def birth_months_by_child(self) -> npt.NDArray[np.int32] | None:
        """Months of birth aligned with ``episodes.child_refs`` (``-1`` unknown), or ``None``."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.children is None or self.birth_months is None:
            return None
        # each child's row in the Header (-1 when absent), found in bulk
        at = pc.index_in(
            pa.array(self.episodes.child_refs, type=pa.string()),
            value_set=pa.array(self.children, type=pa.string()),
        )
        rows = at.fill_null(-1).to_numpy(zero_copy_only=False)
        months: npt.NDArray[np.int32] = np.append(self.birth_months, np.int32(-1))[rows]
        return months

    @property
    def any_month_known(self) -> bool:
        """Whether any Header child has a month of birth (the long-term measure needs one)."""
        return self.birth_months is not None and bool((self.birth_months >= 0).any())

    def to_children(self) -> tuple[Child, ...] | None:
        """The Header's children as records, or ``None`` without a Header table."""
        if self.children is None or self.birth_months is None:
            return None
        return tuple(
            Child(ref=r, month_of_birth=None if m < 0 else YearMonth(m // 12, m % 12 + 1))
            for r, m in zip(self.children, self.birth_months.tolist(), strict=True)
        )

    def to_episodes(self) -> tuple[CareEpisode, ...]:
        """The episodes as records, in order (for drilling in; one object per episode)."""
        t = self.episodes
        out = []
        for i in range(len(t)):
            end = int(t.end[i])
            out.append(
                CareEpisode(
                    child=t.child_refs[int(t.child[i])],
                    borough=t.borough,
                    period=DateRange(
                        start=dt.date.fromordinal(int(t.start[i])),
                        end=None if end == OPEN else dt.date.fromordinal(end),
                    ),
                    reason_new_episode=t.reason_new_episode.value_at(i) or "",
                    legal_status=t.legal_status.value_at(i) or "",
                    category_of_need=self.category_of_need.value_at(i),
                    place=t.place.value_at(i) or "",
                    place_provider=self.place_provider.value_at(i),
                    reason_ceased=t.reason_ceased.value_at(i),
                    reason_place_change=self.reason_place_change.value_at(i),
                    home_district=self.home_district.value_at(i),
                    placement_district=t.placement_district.value_at(i),
                    urn=self.urn.value_at(i),
                )
            )
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# findings, kept with a sort key so they come out in the order the record reader gives them


_Item = tuple[tuple[float, ...], int, Finding]


class _Findings:
    """Findings with sort keys, listed at the end in the record reader's order and bound.

    Only the ``limit + 1`` findings of each code with the smallest keys are kept (those the
    record reader lists, and the first it counts in the code's summary finding); the rest
    are counted as they arrive, so a file with a million bad cells never holds a million
    findings. Every finding's code, severity and subject are tallied first.
    """

    def __init__(self, limit: int = DEFAULT_LIMITS.max_findings_per_code) -> None:
        self.limit = limit
        self._seq = 0
        self._items: dict[str, list[_Item]] = {}
        self._dropped: dict[str, tuple[int, bool]] = {}  # per code: count, any error
        self.subjects: set[str] = set()
        self.by_code: dict[str, int] = {}
        self.by_severity: dict[str, int] = dict.fromkeys((s.value for s in Severity), 0)

    def add(self, key: tuple[float, ...], finding: Finding) -> None:
        code = finding.code
        if code not in _TABLE_FINDING_CODES:
            self.subjects.add(finding.subject_id)
        self.by_code[code] = self.by_code.get(code, 0) + 1
        self.by_severity[finding.severity.value] += 1
        items = self._items.setdefault(code, [])
        items.append((key, self._seq, finding))
        self._seq += 1
        if len(items) > 4 * (self.limit + 1):
            self._trim(code)

    def _trim(self, code: str) -> None:
        items = self._items[code]
        items.sort(key=lambda x: (x[0], x[1]))
        rest = items[self.limit + 1 :]
        if rest:
            count, error = self._dropped.get(code, (0, False))
            error = error or any(f.severity is Severity.ERROR for _, _, f in rest)
            self._dropped[code] = (count + len(rest), error)
            del items[self.limit + 1 :]

    def extend(self, key: tuple[float, ...], findings: Sequence[Finding]) -> None:
        for f in findings:
            self.add(key, f)

    def ordered(self) -> tuple[Finding, ...]:
        """The findings as the record reader lists them: in order, bounded per code."""
        for code in self._items:
            self._trim(code)
        merged = sorted(
            (x for items in self._items.values() for x in items), key=lambda x: (x[0], x[1])
        )
        out = BoundedFindings(self.limit)
        out.extend(f for _, _, f in merged)
        for code, (count, error) in self._dropped.items():
            # the summary keeps the severity of the first finding it counts, raised to an
            # error when any it counts is one (BoundedFindings.count_more)
            out.count_more(code, Severity.ERROR if error else Severity.INFO, count=count)
        return tuple(out)

    def flagged(self, refs: Iterable[ChildRef]) -> frozenset[ChildRef]:
        """The children among ``refs`` that some finding is about."""
        return frozenset(r for r in refs if r in self.subjects)

    def counts(self) -> dict[str, int]:
        """Findings per code, listed or not, codes sorted."""
        return dict(sorted(self.by_code.items()))


_where = where


def _f(severity: Severity, code: str, message: str, subject: str, location: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, subject_id=subject, location=location
    )


# ---------------------------------------------------------------------------------------------
# tokenising: a table's known columns as arrays of text, and the table-level findings


@attrs.frozen(kw_only=True, eq=False)
class _Table:
    usable: bool
    rows: npt.NDArray[np.int64]
    columns: dict[str, pa.Array[Any]]  # every known column (blank when missing from the file)
    encoded: dict[str, _Encoded] = attrs.field(factory=dict)

    def encoded_column(self, column: str) -> _Encoded:
        """The column as distinct stripped texts and, per row, the index of its text."""
        known = self.encoded.get(column)
        if known is None:
            known = self.encoded[column] = _encode(self.columns[column])
        return known

    def encode(self, column: str) -> tuple[npt.NDArray[np.int32], list[str]]:
        """As :meth:`encoded_column`: (index per row, distinct texts)."""
        e = self.encoded_column(column)
        return e.ids, e.values


def _empty_table() -> _Table:
    import numpy as np

    return _Table(usable=False, rows=np.zeros(0, dtype=np.int64), columns={})


def _blank_column(n: int) -> pa.Array[Any]:
    import pyarrow as pa

    return pa.repeat("", n) if n else pa.array([], type=pa.string())


def _fast_table(
    data: bytes,
    *,
    name: str,
    columns: Sequence[str],
    required: frozenset[str],
    found: _Findings,
    phase: int,
) -> _Table | None:
    """pyarrow's tokeniser, for a file it reads exactly as the csv module does; else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    if b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n")) or not data:
        return None
    if not data.isascii():
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    cut = data.find(b"\n")
    first = (data if cut < 0 else data[:cut]).rstrip(b"\r").decode("utf-8-sig")
    if len(first) > _FIELD_LIMIT:
        return None
    header = first.split(",")
    if not any(f.strip() for f in header):
        return None

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=",",
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=True,
                invalid_row_handler=lambda _row: "error",
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    cols = [table.column(i).combine_chunks() for i in range(table.num_columns)]
    for col in cols:
        if len(col) and pc.max(pc.binary_length(cast(pa.StringArray, col))).as_py() > _FIELD_LIMIT:
            return None
    n = table.num_rows
    rows = np.arange(2, n + 2, dtype=np.int64)
    encoded: dict[int, _Encoded] = {}
    # a row whose every field is blank is skipped (spreadsheets append them)
    if n:
        blank = np.ones(n, dtype=np.bool_)
        for i, col in enumerate(cols):
            e = encoded[i] = _encode(col)
            blank &= e.per_value(e.matches("^$"), default=True)
            if not blank.any():
                break
        if blank.any():
            keep = np.flatnonzero(~blank)
            rows = rows[keep]
            cols = [c.take(keep) for c in cols]
            encoded = {i: attrs.evolve(e, ids=e.ids[keep]) for i, e in encoded.items()}
    prelude: list[Finding] = []
    index, missing = index_header(
        header, 1, name=name, columns=columns, required=required, findings=prelude
    )
    found.extend((phase, 0), prelude)
    if missing:
        return _empty_table()
    return _Table(
        usable=True,
        rows=rows,
        columns={c: cols[index[c]] if c in index else _blank_column(len(rows)) for c in columns},
    )


def _slow_table(
    data: bytes,
    *,
    name: str,
    columns: Sequence[str],
    required: frozenset[str],
    found: _Findings,
    phase: int,
) -> _Table:
    """The csv module's tokeniser, exactly as :func:`slcp.io._ssda903_table.read_table`."""
    import numpy as np
    import pyarrow as pa

    prelude: list[Finding] = []
    text = decode_table(data, name, prelude)
    # the tokeniser appends a finding for each malformed record as it reaches it
    sink: list[Finding] = []
    records = _records(text, name, sink)
    header: list[str] | None = None
    header_row = 0
    for number, fields in records:
        if any(f.strip() for f in fields):
            header, header_row = fields, number
            break
    prelude.extend(sink)
    sink.clear()
    if header is None:
        prelude.append(
            _finding(Severity.ERROR, "blank-file", "the file has no header row", name, name)
        )
        found.extend((phase, 0), prelude)
        return _empty_table()
    index, missing = index_header(
        header, header_row, name=name, columns=columns, required=required, findings=prelude
    )
    found.extend((phase, 0), prelude)
    if missing:
        return _empty_table()
    width = len(header)
    values: dict[str, list[str]] = {c: [] for c in index}
    rows: list[int] = []
    for number, fields in records:
        # malformed records met while reaching this one come before it
        found.extend((phase + 1, number, -1), sink)
        sink.clear()
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != width:
            found.add(
                (phase + 1, number, 0),
                _finding(
                    Severity.WARNING,
                    "ragged-row",
                    f"the row has {len(fields)} fields but the header has {width}",
                    f"{name} row {number}",
                ),
            )
        rows.append(number)
        for col, i in index.items():
            values[col].append(fields[i].strip() if i < len(fields) else "")
    found.extend((phase + 1, float("inf"), -1), sink)
    return _Table(
        usable=True,
        rows=np.array(rows, dtype=np.int64),
        columns={
            c: pa.array(values[c], type=pa.string()) if c in values else _blank_column(len(rows))
            for c in columns
        },
    )


def _read_table(
    data: bytes,
    *,
    name: str,
    columns: Sequence[str],
    required: frozenset[str],
    found: _Findings,
    phase: int,
) -> _Table:
    table = _fast_table(
        data, name=name, columns=columns, required=required, found=found, phase=phase
    )
    if table is not None:
        return table
    return _slow_table(
        data, name=name, columns=columns, required=required, found=found, phase=phase
    )


# ---------------------------------------------------------------------------------------------
# checking values: once per distinct value, then spread over the rows


# Python's str.strip() whitespace (str.isspace), as an RE2 character class
_WS = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}"
)


@attrs.frozen(kw_only=True, eq=False)
class _Encoded:
    """A column as its distinct stripped texts and, per row, the index of its text."""

    ids: npt.NDArray[np.int32]
    values: list[str]
    array: pa.Array[Any]  # ``values`` as an Arrow array, for vectorised checks

    def matches(self, pattern: str) -> npt.NDArray[np.bool]:
        """Per distinct text, whether the whole text matches the RE2 ``pattern``."""
        import numpy as np
        import pyarrow.compute as pc

        if not len(self.values):
            return np.zeros(0, dtype=np.bool_)
        hits = pc.match_substring_regex(self.array, pattern)
        return cast("npt.NDArray[np.bool]", hits.to_numpy(zero_copy_only=False))

    def per_value(self, table: npt.NDArray[Any], *, default: object) -> npt.NDArray[Any]:
        """Spread a per-value ``table`` over the rows."""
        import numpy as np

        return np.append(table, np.array([default], dtype=table.dtype))[self.ids]


def _encode(col: pa.Array[Any]) -> _Encoded:
    """The distinct stripped texts of a column and, per row, the index of its text."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    d = col.dictionary_encode()
    dictionary = d.dictionary
    # int32 indices, as Arrow gives them: half the memory of int64 for a million rows
    ids = d.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    # only texts with surrounding whitespace go through str.strip
    padded = (
        len(dictionary) > 0
        and pc.any(pc.match_substring_regex(dictionary, f"^[{_WS}]|[{_WS}]$")).as_py()
    )
    raw = cast(list[str], dictionary.to_pylist())
    if not padded:
        return _Encoded(ids=ids, values=raw, array=dictionary)
    stripped = [r.strip() for r in raw]
    canon: dict[str, int] = {}
    remap = np.array([canon.setdefault(s, len(canon)) for s in stripped], dtype=np.int32)
    values = list(canon)
    return _Encoded(ids=remap[ids], values=values, array=pa.array(values, type=pa.string()))


def _per_value(
    ids: npt.NDArray[np.int32], values: list[str], fn: Callable[[str], int], dtype: str = "int64"
) -> npt.NDArray[np.int64]:
    import numpy as np

    table = np.array([fn(v) for v in values], dtype=dtype)
    out: npt.NDArray[np.int64] = table[ids] if len(table) else np.zeros(len(ids), dtype=dtype)
    return out


def _parse_date(raw: str) -> int:
    """Day number of a DD/MM/YYYY date (years 1901-2199); _BLANK or _BAD otherwise."""
    if not raw:
        return _BLANK
    day = parse_date(raw)
    return _BAD if day is None else day.toordinal()


class _Vocabulary:
    """Texts kept for a column, as integer codes (``-1`` for none)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def code(self, value: str | None) -> int:
        return -1 if value is None else self.index.setdefault(value, len(self.index))

    def values(self) -> tuple[str, ...]:
        return tuple(self.index)


def _child_statuses(e: _Encoded) -> npt.NDArray[np.int64]:
    """Per row, the status of its CHILD reference (the pattern tried first, in bulk)."""
    import numpy as np

    status = np.zeros(len(e.values), dtype=np.int64)
    for i in np.flatnonzero(~e.matches(r"^[A-Za-z0-9._-]{1,64}$")).tolist():
        status[i] = child_status(e.values[i])
    return status[e.ids] if len(status) else np.zeros(len(e.ids), dtype=np.int64)


def _child_findings(
    rows: npt.NDArray[np.int64],
    status: npt.NDArray[np.int64],
    name: str,
    found: _Findings,
    phase: int,
) -> None:
    import numpy as np

    for i in np.flatnonzero(status != CHILD_OK).tolist():
        row = int(rows[i])
        where = _where(name, row, "CHILD")
        if status[i] == CHILD_BLANK:
            f = _f(Severity.ERROR, "missing-value", "CHILD is blank; row not used", where, where)
        else:
            f = _f(
                Severity.ERROR,
                "invalid-child-id",
                "CHILD is not a valid reference (1-64 letters, digits, '.', '-' or '_', no "
                "spaces); row not used",
                f"row {row}",
                where,
            )
        found.add((phase, row, 1), f)


@attrs.frozen(kw_only=True)
class _Header:
    children: tuple[ChildRef, ...]
    months: list[int]


def _read_header(table: _Table, name: str, found: _Findings, lists: CodeLists) -> _Header:
    import numpy as np

    if not table.usable:
        return _Header(children=(), months=[])
    rows = table.rows
    c_ids, c_values = table.encode("CHILD")
    status = _child_statuses(table.encoded_column("CHILD"))
    _child_findings(rows, status, name, found, 1)
    valid = np.flatnonzero(status == CHILD_OK)
    # the first row of each child is used; later ones are reported
    _, first_pos = np.unique(c_ids[valid], return_index=True)
    first = np.zeros(len(valid), dtype=np.bool_)
    first[first_pos] = True
    dups = np.flatnonzero(~first)
    first_row: dict[int, int] = {}
    if len(dups):
        firsts = valid[first_pos]
        first_row = dict(zip(c_ids[firsts].tolist(), rows[firsts].tolist(), strict=True))
    for p in dups.tolist():
        i = valid[p]
        ref = c_values[int(c_ids[i])]
        found.add(
            (1, int(rows[i]), 2),
            _f(
                Severity.ERROR,
                "duplicate-child",
                f"CHILD {ref} already appears on row {first_row[int(c_ids[i])]}; this row not used",
                ref,
                _where(name, int(rows[i]), "CHILD"),
            ),
        )
    used = valid[first]
    d_ids, d_values = table.encode("DOB")
    dob = _per_value(d_ids, d_values, _parse_date)[used]
    s_ids, s_values = table.encode("SEX")

    def odd(v: str) -> int:
        cell = read_code(v, lists.sex)
        return int(not (cell.valid or cell.blank))

    sex_odd = _per_value(s_ids, s_values, odd)[used]
    for p in np.flatnonzero((dob < 0) | (sex_odd == 1)).tolist():
        i = int(used[p])
        row = int(rows[i])
        ref = c_values[int(c_ids[i])]
        if dob[p] == _BAD:
            found.add(
                (1, row, 3),
                _f(
                    Severity.WARNING,
                    "unparseable-date",
                    date_message("DOB", "", echo=False, row_used=True),
                    ref,
                    _where(name, row, "DOB"),
                ),
            )
        elif dob[p] == _BLANK:
            found.add(
                (1, row, 4),
                _f(
                    Severity.WARNING,
                    "missing-value",
                    "DOB is blank; month of birth unknown",
                    ref,
                    _where(name, row, "DOB"),
                ),
            )
        if sex_odd[p]:
            sex = s_values[int(s_ids[i])]
            found.add(
                (1, row, 5),
                _f(
                    Severity.WARNING,
                    "unknown-code",
                    sex_message(sex, lists),
                    ref,
                    _where(name, row, "SEX"),
                ),
            )
    months = []
    month_of: dict[int, int] = {}
    for day in dob.tolist():
        if day < 0:
            months.append(-1)
            continue
        m = month_of.get(day)
        if m is None:
            d = dt.date.fromordinal(day)
            m = month_of[day] = d.year * 12 + d.month - 1
        months.append(m)
    return _Header(
        children=tuple(cast(list[ChildRef], [c_values[i] for i in c_ids[used].tolist()])),
        months=months,
    )


def _read_episodes(
    table: _Table,
    name: str,
    found: _Findings,
    *,
    collection_year: FinancialYear,
) -> dict[str, object]:
    """Check every value; returns the kept rows' columns (before duplicates are resolved)."""
    import numpy as np

    rows = table.rows
    n = len(rows)
    c_ids, c_values = table.encode("CHILD")
    c_status = _child_statuses(table.encoded_column("CHILD"))
    _child_findings(rows, c_status, name, found, 3)
    alive = c_status == CHILD_OK

    def date_column(column: str, sub: int, *, required: bool) -> npt.NDArray[np.int64]:
        ids, values = table.encode(column)
        days = _per_value(ids, values, _parse_date)
        bad = alive & (days == _BAD)
        blank = alive & (days == _BLANK) if required else np.zeros(n, dtype=np.bool_)
        for i in np.flatnonzero(bad | blank).tolist():
            row = int(rows[i])
            ref = c_values[int(c_ids[i])]
            raw = values[int(ids[i])]
            if days[i] == _BLANK:
                f = _f(
                    Severity.ERROR,
                    "missing-value",
                    f"{column} is blank; row not used",
                    ref,
                    _where(name, row, column),
                )
            else:
                f = _f(
                    Severity.ERROR,
                    "unparseable-date",
                    date_message(column, raw, echo=True, row_used=False),
                    ref,
                    _where(name, row, column),
                )
            found.add((3, row, sub), f)
        return days

    decom = date_column("DECOM", 2, required=True)
    dec = date_column("DEC", 3, required=False)
    alive &= (decom >= 0) & (dec != _BAD)

    # every row is checked against the collection year's lists, as the DfE's validation
    # does (decision record 0504)
    lists = code_lists(collection_year)

    def code_column(
        column: str,
        sub: int,
        rows_in: npt.NDArray[np.bool],
        valid: frozenset[str],
        *,
        required: bool,
    ) -> tuple[npt.NDArray[np.bool], npt.NDArray[np.int64], tuple[str, ...]]:
        ids, values = table.encode(column)
        vocab = _Vocabulary()
        usable = np.zeros(n, dtype=np.bool_)
        kept = np.full(n, -1, dtype=np.int64)
        sel = np.flatnonzero(rows_in)
        codes: list[CodeCell] = [read_code(v, valid) for v in values]
        # an unknown code is reported and kept as written; only a blank required code is
        # reported as missing and makes the row unusable
        unknown = np.array([not (c.valid or c.blank) for c in codes] + [False])
        missing = np.array([c.blank and required for c in codes] + [False])
        kept_table = np.array([vocab.code(c.value) for c in codes] + [-1], dtype=np.int64)
        vid = ids[sel]
        usable[sel] = ~missing[vid]
        kept[sel] = kept_table[vid]
        for i in sel[(unknown | missing)[vid]].tolist():
            code = codes[int(ids[i])]
            row = int(rows[i])
            ref = c_values[int(c_ids[i])]
            at = _where(name, row, column)
            if code.blank:
                f = _f(Severity.ERROR, "missing-value", f"{column} is blank; row not used", ref, at)
            else:
                f = _f(
                    Severity.WARNING,
                    "unknown-code",
                    unknown_code_message(column, code.value or "", collection_year),
                    ref,
                    at,
                )
            found.add((3, row, sub), f)
        return usable, kept, vocab.values()

    ok_rne, rne, rne_vocab = code_column("RNE", 4, alive, lists.rne, required=True)
    ok_ls, ls, ls_vocab = code_column("LS", 5, alive, lists.ls, required=True)
    ok_place, place, place_vocab = code_column("PLACE", 6, alive, lists.place, required=True)
    alive &= ok_rne & ok_ls & ok_place
    _, cin, cin_vocab = code_column("CIN", 7, alive, lists.cin, required=False)
    _, provider, provider_vocab = code_column(
        "PLACE_PROVIDER", 8, alive, lists.place_provider, required=False
    )
    # a provider given for a placement that must have none (rules 178 and 213): a warning
    no_provider = np.array([v in lists.no_provider_places for v in place_vocab] + [False])
    for i in np.flatnonzero(alive & (provider >= 0) & no_provider[place]).tolist():
        row = int(rows[i])
        found.add(
            (3, row, 8.5),
            _f(
                Severity.WARNING,
                "provider-not-allowed",
                provider_not_allowed_message(
                    place_vocab[int(place[i])], provider_vocab[int(provider[i])], lists
                ),
                c_values[int(c_ids[i])],
                _where(name, row, "PLACE_PROVIDER"),
            ),
        )
    _, rec, rec_vocab = code_column("REC", 9, alive, lists.rec, required=False)
    _, rpc, rpc_vocab = code_column(
        "REASON_PLACE_CHANGE", 10, alive, lists.reason_place_change, required=False
    )

    open_end = dec == _BLANK
    before = alive & ~open_end & (dec < decom)
    for i in np.flatnonzero(before).tolist():
        row = int(rows[i])
        found.add(
            (3, row, 11),
            _f(
                Severity.ERROR,
                "end-before-start",
                f"DEC {dt.date.fromordinal(int(dec[i])):%d/%m/%Y} is before DECOM "
                f"{dt.date.fromordinal(int(decom[i])):%d/%m/%Y}; row not used",
                c_values[int(c_ids[i])],
                _where(name, row, "DEC"),
            ),
        )
    alive &= ~before
    ceased_open = alive & (rec >= 0) & open_end
    no_reason = alive & (rec < 0) & ~open_end
    rec_values = rec_vocab
    for i in np.flatnonzero(ceased_open | no_reason).tolist():
        row = int(rows[i])
        ref = c_values[int(c_ids[i])]
        if ceased_open[i]:
            f = _f(
                Severity.WARNING,
                "ceased-without-end-date",
                f"REC {rec_values[int(rec[i])]} says the episode ceased but DEC is blank; read "
                "as still open",
                ref,
                _where(name, row, "DEC"),
            )
        else:
            f = _f(
                Severity.WARNING,
                "end-date-without-reason",
                "DEC is set but REC is blank; the next episode, if it starts that day, continues "
                "the period of care",
                ref,
                _where(name, row, "REC"),
            )
        found.add((3, row, 12), f)
    rec = np.where(ceased_open, -1, rec)
    after = alive & (decom >= collection_year.end.toordinal())
    for i in np.flatnonzero(after).tolist():
        row = int(rows[i])
        found.add(
            (3, row, 13),
            _f(
                Severity.WARNING,
                "after-collection-year",
                f"DECOM {dt.date.fromordinal(int(decom[i])):%d/%m/%Y} is after the collection "
                f"year {collection_year} ends",
                c_values[int(c_ids[i])],
                _where(name, row, "DECOM"),
            ),
        )

    def optional(
        column: str, sub: int, check: Callable[[str], str | None] | str, code: str, message: str
    ) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
        e = table.encoded_column(column)
        values = e.values
        if isinstance(check, str):
            # a pattern: a matching text is kept as written, so the texts are the vocabulary
            valid = e.matches(check)
            blank_value = e.matches("^$")
            kept_table = np.where(valid, np.arange(len(values)), -1)
            bad_table = ~valid & ~blank_value
            vocabulary = tuple(values)
        else:
            vocab = _Vocabulary()
            kept_list = []
            bad_list = []
            for v in values:
                if not v:
                    kept_list.append(-1)
                    bad_list.append(False)
                    continue
                value = check(v)
                kept_list.append(vocab.code(value))
                bad_list.append(value is None)
            kept_table = np.array(kept_list, dtype=np.int64)
            bad_table = np.array(bad_list, dtype=np.bool_)
            vocabulary = vocab.values()
        kept = e.per_value(kept_table.astype(np.int64), default=-1)
        bad = e.per_value(bad_table.astype(np.bool_), default=False)
        for i in np.flatnonzero(alive & bad).tolist():
            row = int(rows[i])
            found.add(
                (3, row, sub),
                _f(
                    Severity.WARNING,
                    code,
                    message,
                    c_values[int(c_ids[i])],
                    _where(name, row, column),
                ),
            )
        return kept, vocabulary

    districts: dict[str, str | None] = {}

    def district_of(v: str) -> str | None:
        # HOME_POST and PL_POST share most postcodes: each is reduced once
        if v in districts:
            return districts[v]
        try:
            district: str | None = postcode_district(v)
        except SlcpError:
            district = None
        districts[v] = district
        return district

    urn, urn_vocab = optional(
        "URN",
        14,
        "^[A-Za-z0-9]{1,16}$",
        "invalid-urn",
        "URN is not 1-16 letters or digits; read as blank",
    )
    home, home_vocab = optional(
        "HOME_POST",
        15,
        district_of,
        "unparseable-postcode",
        "HOME_POST is not a UK postcode; read as blank",
    )
    pl, pl_vocab = optional(
        "PL_POST",
        16,
        district_of,
        "unparseable-postcode",
        "PL_POST is not a UK postcode; read as blank",
    )
    keep = np.flatnonzero(alive)
    return {
        "keep": keep,
        "rows": rows[keep],
        "child_ids": c_ids[keep],
        "child_values": c_values,
        "start": decom[keep],
        "end": np.where(open_end[keep], OPEN, dec[keep]),
        "rne": (rne[keep], rne_vocab),
        "ls": (ls[keep], ls_vocab),
        "place": (place[keep], place_vocab),
        "cin": (cin[keep], cin_vocab),
        "provider": (provider[keep], provider_vocab),
        "rec": (rec[keep], rec_vocab),
        "rpc": (rpc[keep], rpc_vocab),
        "urn": (urn[keep], urn_vocab),
        "home": (home[keep], home_vocab),
        "pl": (pl[keep], pl_vocab),
    }


def _sort_order(*keys: npt.NDArray[np.int64] | npt.NDArray[np.bool]) -> npt.NDArray[np.intp]:
    """Row order sorting by ``keys`` (the first most significant), as ``np.lexsort``.

    Each child's rows are usually in order in the file already: sorting by the first key
    alone (stably) and checking the rest is much cheaper than sorting by every key.
    """
    import numpy as np

    order = np.argsort(keys[0], kind="stable")
    ordered = [k[order] for k in keys]
    if len(order) > 1:
        # pairs not yet decided by the keys before; the first undecided key must not fall
        tied = np.ones(len(order) - 1, dtype=np.bool_)
        ok = True
        for k in ordered:
            a, b = k[:-1].astype(np.int64), k[1:].astype(np.int64)
            if (tied & (a > b)).any():
                ok = False
                break
            tied &= a == b
        if not ok:
            return np.lexsort(tuple(reversed(keys)))
    return order


def _same(
    columns: Sequence[npt.NDArray[np.int64]], a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool]:
    """Per pair, True when rows ``a`` and ``b`` hold the same value in every column."""
    import numpy as np

    out = np.ones(len(a), dtype=np.bool_)
    for col in columns:
        out &= col[a] == col[b]
    return out


def _resolve(
    kept: dict[str, object],
    name: str,
    found: _Findings,
    header: _Header | None,
    *,
    borough: GssCode | None,
) -> tuple[EpisodeTable, npt.NDArray[np.int64], dict[str, CodeColumn]]:
    """Order each child's episodes; report and resolve duplicates, overlaps and gaps."""
    import numpy as np

    def arr(key: str) -> npt.NDArray[np.int64]:
        value = kept[key]
        assert isinstance(value, np.ndarray)
        return value

    def coded(key: str) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
        value = kept[key]
        assert isinstance(value, tuple)
        return value

    child_values = kept["child_values"]
    assert isinstance(child_values, list)
    child_ids = arr("child_ids")
    used_ids = np.unique(child_ids).tolist()
    used_refs = [child_values[i] for i in used_ids]
    order_of = sorted(range(len(used_refs)), key=used_refs.__getitem__)
    refs = [used_refs[i] for i in order_of]
    rank_table = np.full(len(child_values) + 1, -1, dtype=np.int64)
    rank_table[np.array(used_ids, dtype=np.int64)[order_of]] = np.arange(len(refs))
    child = rank_table[child_ids] if len(child_ids) else child_ids
    rows, start, end = arr("rows"), arr("start"), arr("end")
    fields = [coded(k)[0] for k in ("rne", "ls", "cin", "place", "provider", "rec", "rpc")]
    fields += [coded(k)[0] for k in ("home", "pl", "urn")]
    m = len(child)

    # a zero-day episode (DEC = DECOM) comes before another starting the same day
    empty = end == start
    order = _sort_order(child, start, ~empty, rows)
    child, start, end, rows = child[order], start[order], end[order], rows[order]
    empty = empty[order]
    fields = [f[order] for f in fields]
    idx = np.arange(m)
    same_group = np.zeros(m, dtype=np.bool_)
    if m > 1:
        same_group[1:] = (child[1:] == child[:-1]) & (start[1:] == start[:-1])
    prev = np.maximum(idx - 1, 0)
    equal_prev = np.zeros(m, dtype=np.bool_)
    pairs = np.flatnonzero(same_group & (end == end[prev]))  # few: compare only these
    equal_prev[pairs] = _same(fields, pairs, prev[pairs])
    dup_empty = empty & equal_prev
    # the kept copy is the first of a run of equal zero-day episodes
    head = np.maximum.accumulate(np.where(dup_empty, -1, idx)) if m else idx
    first_full = ~empty & ~(same_group & ~empty[prev])
    later_full = ~empty & ~first_full
    leader = np.maximum.accumulate(np.where(first_full, idx, -1)) if m else idx
    full_dup = np.zeros(m, dtype=np.bool_)
    pairs = np.flatnonzero(later_full & (end == end[leader]))
    full_dup[pairs] = _same(fields, pairs, leader[pairs])
    for i in np.flatnonzero(dup_empty | later_full).tolist():
        ref = refs[int(child[i])]
        if dup_empty[i] or full_dup[i]:
            other = int(rows[head[i] if dup_empty[i] else leader[i]])
            f = _f(
                Severity.WARNING,
                "duplicate-row",
                f"the same episode as row {other}; this copy not used",
                ref,
                f"{name} row {int(rows[i])}",
            )
        else:
            f = _f(
                Severity.ERROR,
                "duplicate-episode-start",
                f"another episode of this child starts on the same day (row "
                f"{int(rows[leader[i]])}); this row not used",
                ref,
                _where(name, int(rows[i]), "DECOM"),
            )
        found.add((4, int(child[i]), 0, i), f)
    keep = np.flatnonzero(~(dup_empty | later_full))
    child, start, end, rows = child[keep], start[keep], end[keep], rows[keep]
    fields = [f[keep] for f in fields]
    k = len(child)
    rec_codes, rec_values = fields[5], coded("rec")[1]
    ends_period = np.array([v.startswith("E") for v in rec_values] + [False])[rec_codes]
    x1 = np.array([v == "X1" for v in rec_values] + [False])[rec_codes]
    has_next = np.zeros(k, dtype=np.bool_)
    if k > 1:
        has_next[:-1] = child[1:] == child[:-1]
    nxt = np.minimum(np.arange(k) + 1, max(k - 1, 0))
    nxt_start = start[nxt]
    overlap = has_next & (end > nxt_start)
    gap = has_next & ~overlap & (end < nxt_start) & ~ends_period
    dangling = ~has_next & (end != OPEN) & x1
    for i in np.flatnonzero(overlap | gap | dangling).tolist():
        ref = refs[int(child[i])]
        row = int(rows[i])
        if overlap[i]:
            f = _f(
                Severity.WARNING,
                "overlapping-episodes",
                f"the episode {'is still open' if end[i] == OPEN else 'runs past'} when the "
                f"child's next episode (row {int(rows[i + 1])}) starts on "
                f"{dt.date.fromordinal(int(nxt_start[i])):%d/%m/%Y}; read as ending that day",
                ref,
                _where(name, row, "DEC"),
            )
        elif gap[i]:
            f = _f(
                Severity.WARNING,
                "non-contiguous-episodes",
                f"the episode ends on {dt.date.fromordinal(int(end[i])):%d/%m/%Y} without an "
                f"E-code but the next (row {int(rows[i + 1])}) starts on "
                f"{dt.date.fromordinal(int(nxt_start[i])):%d/%m/%Y}; the gap ends the period "
                "of care",
                ref,
                _where(name, row, "DEC"),
            )
        else:
            f = _f(
                Severity.WARNING,
                "non-contiguous-episodes",
                "REC X1 says a new episode starts the same day, but none follows; the period "
                "of care ends here",
                ref,
                _where(name, row, "REC"),
            )
        found.add((4, int(child[i]), 1, i), f)
    end = np.where(overlap, nxt_start, end)
    if header is not None:
        known = set(header.children)
        # the first row of each child among the rows read (duplicates included)
        first_row = np.full(len(refs), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_row, rank_table[child_ids], arr("rows"))
        for r, ref in enumerate(refs):
            if ref not in known:
                found.add(
                    (4, r, 2, 0),
                    _f(
                        Severity.WARNING,
                        "child-not-in-header",
                        f"CHILD {ref} has episodes but no Header row; month of birth unknown",
                        ref,
                        _where(name, int(first_row[r]), "CHILD"),
                    ),
                )

    def column(position: int, key: str) -> CodeColumn:
        return CodeColumn(values=coded(key)[1], codes=fields[position].astype(np.int32))

    table = EpisodeTable(
        child_refs=tuple(ChildRef(r) for r in refs),
        borough=borough,
        child=child.astype(np.int32),
        start=start.astype(np.int32),
        end=end.astype(np.int32),
        reason_new_episode=column(0, "rne"),
        legal_status=column(1, "ls"),
        place=column(3, "place"),
        placement_district=column(8, "pl"),
        reason_ceased=column(5, "rec"),
    )
    extra = {
        "cin": column(2, "cin"),
        "provider": column(4, "provider"),
        "rpc": column(6, "rpc"),
        "home": column(7, "home"),
        "urn": column(9, "urn"),
    }
    return table, rows, extra


def read_ssda903_columns(
    episodes: bytes,
    header: bytes | None = None,
    *,
    collection_year: FinancialYear,
    borough: GssCode | None = None,
    episodes_name: str = "episodes.csv",
    header_name: str = "header.csv",
    limits: Limits = DEFAULT_LIMITS,
) -> ColumnarSsda903Return:
    """Read the Episodes (and optionally the Header) table from bytes into columns.

    The same rules and findings as :func:`~slcp.io.ssda903.read_ssda903`; never raises.

    Args:
        episodes: the Episodes CSV file's bytes.
        header: the Header CSV file's bytes, or ``None`` (months of birth are then unknown).
        collection_year: the year the return is for (``FinancialYear(2017)`` for the year
            ending 31 March 2018).
        borough: GSS code of the local authority the return belongs to.
        episodes_name: the Episodes file's name, used in finding locations.
        header_name: the Header file's name, used in finding locations.
        limits: the bounds applied (findings per code).

    >>> text = (b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\\n"
    ...         b"0123,01/04/2017,S,C2,U4,,\\n"
    ...         b"0124,31/02/2017,S,C2,U4,,\\n")
    >>> r = read_ssda903_columns(text, collection_year=FinancialYear(2017))
    >>> r.episodes.child_refs, r.rows.tolist()
    (('0123',), [2])
    >>> [str(f) for f in r.findings if f.severity is Severity.ERROR]
    ["error unparseable-date [0124]: DECOM '31/02/2017' is not a date in DD/MM/YYYY form
      (years 1901-2199); row not used @ episodes.csv row 3 column DECOM"]
    """
    found = _Findings(limits.max_findings_per_code)
    assumed = lists_assumed_message(collection_year)
    if assumed is not None:
        found.add(
            (-1,),
            _f(Severity.WARNING, "code-lists-assumed", assumed, episodes_name, episodes_name),
        )
    read_header: _Header | None = None
    if header is not None:
        header_table = _read_table(
            header,
            name=header_name,
            columns=HEADER_COLUMNS,
            required=_HEADER_REQUIRED,
            found=found,
            phase=0,
        )
        read_header = _read_header(header_table, header_name, found, code_lists(collection_year))
    episode_table = _read_table(
        episodes,
        name=episodes_name,
        columns=EPISODE_COLUMNS,
        required=_EPISODES_REQUIRED,
        found=found,
        phase=2,
    )
    if not episode_table.usable:
        episode_table = _no_rows()
    del episodes  # the bytes are no longer needed: free them before the rows are resolved
    kept = _read_episodes(episode_table, episodes_name, found, collection_year=collection_year)
    del episode_table
    table, rows, extra = _resolve(kept, episodes_name, found, read_header, borough=borough)

    import numpy as np

    return ColumnarSsda903Return(
        collection_year=collection_year,
        episodes=table,
        rows=rows,
        category_of_need=extra["cin"],
        place_provider=extra["provider"],
        reason_place_change=extra["rpc"],
        home_district=extra["home"],
        urn=extra["urn"],
        children=None if read_header is None else read_header.children,
        birth_months=None if read_header is None else np.array(read_header.months, dtype=np.int32),
        findings=found.ordered(),
        flagged_children=found.flagged(
            [*table.child_refs, *(() if read_header is None else read_header.children)]
        ),
        finding_counts=found.counts(),
        severity_counts=dict(found.by_severity),
    )


def _no_rows() -> _Table:
    import numpy as np

    return _Table(
        usable=True,
        rows=np.zeros(0, dtype=np.int64),
        columns={c: _blank_column(0) for c in EPISODE_COLUMNS},
    )


def load_ssda903_columns(
    episodes: str | Path,
    header: str | Path | None = None,
    *,
    collection_year: FinancialYear,
    borough: GssCode | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ColumnarSsda903Return:
    """Read the Episodes (and optionally the Header) CSV file into columns.

    Findings name each file by its base name. See :func:`read_ssda903_columns`.

    Raises:
        LoadError: a file cannot be opened or read at all (missing, a directory, no
            permission), is not a regular file (``/dev/zero``, a pipe) or holds more than
            ``limits.max_file_bytes`` bytes. Bad content is never an error: it is a finding.
    """
    header_bytes = None if header is None else _read_bytes(header, limits)
    return read_ssda903_columns(
        _read_bytes(episodes, limits),  # not kept here, so the reader can free it early
        header_bytes,
        collection_year=collection_year,
        borough=borough,
        episodes_name=Path(episodes).name,
        header_name="header.csv" if header is None else Path(header).name,
        limits=limits,
    )
