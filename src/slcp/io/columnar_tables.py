"""``placements.csv`` and ``placement_fees.csv`` read straight into columns, with no object
per row, for :mod:`slcp.pricing.columnar`.

The files are the tables of :mod:`slcp.io.csv_tables` (``docs/io-csv.md``), read by Arrow's
CSV reader with every cell kept as text, then checked column by column. The findings are the
record reader's own, by construction:

* A file every one of whose cells passes the column checks (a subset of what
  :func:`~slcp.io.csv_tables.read_placements` accepts: codes written as published, dates
  ``YYYY-MM-DD``, no spaces around a value) is read into columns and has no findings.
* Anything else — a bad cell, a repeated key, a fee row for an unknown placement, a header
  problem, text that is not UTF-8 — sends both files to
  :func:`~slcp.io.csv_tables.read_placements`, whose findings (file, row, column, code,
  message) are returned unchanged with the columns of the placements it could load.

Rows of optional columns the checks do not cover (funding shares, location, distance, ending,
education continuity) are checked, where filled, by the record reader's own row parser and
placement builder, one row at a time.

pyarrow and numpy are imported here; :mod:`slcp` does not import this module. May import
what :mod:`slcp.io` may import, pyarrow and numpy.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, overload

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from slcp.domain.codes import EndingReason, RouteKind, ServiceKind, Workstream
from slcp.domain.placement import ChargingMethod, FeeComponents
from slcp.errors import InvalidValueError, SlcpError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import CellKind, CsvSource, TableSpec, _check_header, _parse_row
from slcp.io.csv_tables import PLACEMENT_FEES, PLACEMENTS, _placement, read_placements
from slcp.money import Money
from slcp.pricing.columnar import (
    METHOD_CODES,
    OPEN_END,
    Category,
    FeeColumns,
    PlacementColumns,
    sort_fee_columns,
)
from slcp.timeline import Source, SourceKind, TimelineEntry

__all__ = ["ArrowStrings", "PlacementTableColumns", "read_placement_columns"]

_SPACE = r"[\s\x0b\x1c-\x1f\x85\p{Z}]"
_EDGE_SPACE = f"^{_SPACE}|{_SPACE}$"
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_PENCE = r"^[0-9]{1,15}$"
_CHILD_REF = r"^[A-Za-z0-9._-]{1,64}$"
_GSS = r"^E(06|08|09|10)[0-9]{6}$"
# optional placement columns checked row by row by the record reader's own code, where filled
_ROW_CHECKED = (
    "social_care_pct",
    "education_pct",
    "health_pct",
    "location_district",
    "distance_from_home_miles",
    "ending_reason",
    "notice_given_on",
    "education_continuity",
)
_BLANK = pa.scalar("", type=pa.string())
if TYPE_CHECKING:
    _Text: TypeAlias = pa.Array[Any]  # a column of text cells
else:
    _Text = pa.Array
_DUMMY_SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="row check")


class ArrowStrings(Sequence[str]):
    """A read-only sequence of the texts in an Arrow string column (no list of ``str``
    objects is built; each is made when asked for).

    >>> ids = ArrowStrings(pa.array(["PL-1", "PL-2"]))
    >>> len(ids), ids[1], list(ids)
    (2, 'PL-2', ['PL-1', 'PL-2'])
    """

    def __init__(self, array: pa.Array[pa.StringScalar] | pa.ChunkedArray[pa.StringScalar]) -> None:
        self._array = array

    def __len__(self) -> int:
        return len(self._array)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [str(v) for v in self._array[index].to_pylist()]
        if index < 0:
            index += len(self._array)
        if not 0 <= index < len(self._array):
            raise IndexError(index)
        return str(self._array[index].as_py())

    def __iter__(self) -> Iterator[str]:
        return (str(v) for v in self._array.to_pylist())


@attrs.frozen(kw_only=True, eq=False)
class PlacementTableColumns:
    """What :func:`read_placement_columns` returns.

    Attributes:
        placements: the placements that could be loaded, as columns.
        fees: their fee rows, as columns.
        findings: every problem found, exactly as
            :func:`~slcp.io.csv_tables.read_placements` reports it (empty for a clean file).
        read_by: ``"columns"`` when the files were read straight into columns, ``"records"``
            when they had problems and the record reader read them.
    """

    placements: PlacementColumns
    fees: FeeColumns
    findings: tuple[Finding, ...]
    read_by: str

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error (some rows could not be used)."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def error_messages(self) -> tuple[str, ...]:
        """Each error finding as ``"<message> @ <location>"``."""
        return tuple(
            f"{f.message} @ {f.location}" if f.location else f.message
            for f in self.findings
            if f.severity is Severity.ERROR
        )


def read_placement_columns(placements: CsvSource, fees: CsvSource) -> PlacementTableColumns:
    """Read ``placements.csv`` and ``placement_fees.csv`` into columns.

    Args:
        placements: ``placements.csv`` as a path or bytes.
        fees: ``placement_fees.csv`` as a path or bytes.

    Returns:
        The columns of every placement that could be loaded and the findings
        :func:`~slcp.io.csv_tables.read_placements` gives for the same files.

    Raises:
        LoadError: a file cannot be read or is not UTF-8 CSV text (the record reader's
            message).

    >>> read = read_placement_columns(
    ...     b"placement_id,child_ref,borough_gss,workstream,provider_id,service,first_day,"
    ...     b"last_day,route\\n"
    ...     b"PL-1,C00042,E09000008,lac,PRV-1,childrens_home,2020-04-01,2021-03-31,spot\\n",
    ...     b"placement_id,effective_from,core_pence,source_kind,source_citation\\n"
    ...     b"PL-1,2020-04-01,400000,agreement,ICA PL-1\\n")
    >>> read.read_by, read.findings, list(read.placements.ids), read.fees.weekly_pence.tolist()
    ('columns', (), ['PL-1'], [400000])
    >>> bad = read_placement_columns(b"placement_id\\nPL-1\\n", b"placement_id\\n")
    >>> bad.read_by, bad.findings[0].location
    ('records', 'placements.csv row 1 column child_ref')
    """
    fast = _read_fast(placements, fees)
    if fast is not None:
        return fast
    read = read_placements(placements, fees)
    return PlacementTableColumns(
        placements=PlacementColumns.from_placements(read.records),
        fees=FeeColumns.from_placements(read.records),
        findings=read.findings,
        read_by="records",
    )


# --- the fast path: None means "let the record reader read it" ---------------------------------


def _bytes(source: CsvSource) -> bytes | None:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        try:
            return Path(source).read_bytes()
        except (OSError, ValueError):
            return None
    return None


def _quotes_are_strict(data: bytes) -> bool:
    """Lines holding a quote parse under ``csv.reader(strict=True)`` as the record reader's
    parser would (Arrow's reader is more forgiving, e.g. of ``"abc"d``)."""
    at = data.find(b'"')
    while at >= 0:
        begin = data.rfind(b"\n", 0, at) + 1
        stop = data.find(b"\n", at)
        stop = len(data) if stop < 0 else stop
        try:
            list(csv.reader([data[begin:stop].decode("utf-8")], strict=True))
        except (csv.Error, UnicodeDecodeError):
            return False
        at = data.find(b'"', stop)
    return True


# bytes of plain ASCII text: printable characters, tab and line ends
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _plain_ascii(data: bytes) -> bool:
    """True when the file is ASCII whose only spaces are ' ', tab and line ends: then the
    characters ``str.strip`` removes from a cell are exactly those ``ascii_trim_whitespace``
    removes."""
    return data.isascii() and not data.translate(None, _PLAIN)


def _table(source: CsvSource, spec: TableSpec) -> tuple[pa.Table, dict[str, str], bool] | None:
    """The file as a table of text cells, its declared columns' header names and whether the
    bytes alone show no cell has spaces around it; ``None`` when anything would give a
    finding."""
    data = _bytes(source)
    if data is None or data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b'"' in data and not _quotes_are_strict(data):
        return None
    line_end = data.find(b"\n")
    first = data if line_end < 0 else data[:line_end]
    try:
        header = next(csv.reader([first.decode("utf-8").rstrip("\r")], strict=True))
    except (csv.Error, UnicodeDecodeError, StopIteration):
        return None
    findings: list[Finding] = []
    positions, ok = _check_header([h.strip() for h in header], spec, spec.file_name, findings)
    if findings or not ok or len(set(header)) != len(header):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),  # type: ignore[arg-type]
            # one thread: the CPU time is what matters on a shared machine, and one large
            # block gives one chunk per column
            read_options=pacsv.ReadOptions(
                use_threads=False, block_size=min(len(data) + 1, 1 << 30)
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowKeyError):
        return None
    if table.column_names != header:
        return None
    names = {name: header[at] for name, at in positions.items()}
    return table, names, _plain_ascii(data)


class _Cells:
    """The declared columns of a table as text arrays; blank rows dropped."""

    def __init__(self, table: pa.Table, names: dict[str, str], plain: bool) -> None:
        self.plain = plain
        columns = {n: table.column(raw).combine_chunks() for n, raw in names.items()}
        blank: _Text = pa.array(np.ones(table.num_rows, dtype=np.bool_))
        for array in columns.values():
            blank = pc.and_(blank, pc.equal(array, _BLANK))
        if pc.any(blank).as_py():
            keep = pc.invert(blank)
            columns = {n: pc.filter(a, keep) for n, a in columns.items()}
        self.columns = columns
        self.rows = len(next(iter(columns.values()))) if columns else 0

    def get(self, name: str) -> _Text:
        """The column's cells ("" for a column not in the file)."""
        if name in self.columns:
            return self.columns[name]
        return pa.repeat(_BLANK, self.rows)

    def filled(self, name: str) -> _Text:
        return pc.not_equal(self.get(name), _BLANK)


def _all(mask: _Text) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _clean(cells: _Cells, spec: TableSpec) -> bool:
    """No text cell has spaces around it and every required cell is filled.

    Cells of the other kinds are matched against patterns, codes or dates that no space
    passes, so only free text (ids, citations) is checked here."""
    for name, array in cells.columns.items():
        column = spec.column(name)
        if column.kind is CellKind.TEXT and column.pattern is None and name not in _ROW_CHECKED:
            if cells.plain:
                spaced = pc.not_equal(pc.ascii_trim_whitespace(array), array)
            else:
                spaced = pc.match_substring_regex(array, _EDGE_SPACE)
            if pc.any(spaced).as_py():
                return False
        if spec.column(name).required and not _all(pc.not_equal(array, _BLANK)):
            return False
    return all(not c.required or c.name in cells.columns for c in spec.columns)


def _matches(cells: _Cells, name: str, pattern: str) -> bool:
    array = cells.get(name)
    return _all(pc.or_(pc.equal(array, _BLANK), pc.match_substring_regex(array, pattern)))


def _codes_ok(cells: _Cells, name: str, codes: Sequence[str]) -> bool:
    array = cells.get(name)
    allowed = pa.array(["", *codes], type=pa.string())
    return _all(pc.is_in(array, value_set=allowed))


def _days(array: _Text) -> np.ndarray | None:
    """Epoch days of ``YYYY-MM-DD`` cells (blank: -1), or ``None`` if any is not a real date."""
    filled = pc.not_equal(array, _BLANK)
    if not _all(pc.or_(pc.invert(filled), pc.match_substring_regex(array, _ISO_DATE))):
        return None
    if pc.any(pc.starts_with(array, pattern="0000")).as_py():
        return None  # year 0 is not a date Python reads
    texts = pc.if_else(filled, array, pa.scalar("1970-01-01"))
    try:
        days = np.asarray(
            texts.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False),
            dtype=np.int64,
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = days
    out[~filled.to_numpy(zero_copy_only=False)] = -1
    return out


def _pence(array: _Text) -> np.ndarray:
    """Whole pence from cells already matched against ``_PENCE`` (blank: 0)."""
    texts = pc.if_else(pc.equal(array, _BLANK), pa.scalar("0"), array)
    return np.asarray(texts.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _category(array: _Text) -> Category:
    encoded = array.dictionary_encode()
    values = tuple(v or None for v in encoded.dictionary.to_pylist())
    return Category(
        codes=np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int32),
        values=values,
    )


def _rows_pass_the_record_checks(cells: _Cells, first_days: np.ndarray) -> bool:
    """Rows filling an optional column the column checks do not cover: parse and build each
    with the record reader's own code; any finding or error fails."""
    present = [n for n in _ROW_CHECKED if n in cells.columns]
    if not present:
        return True
    mask = np.zeros(cells.rows, dtype=np.bool_)
    for name in present:
        mask |= np.asarray(cells.filled(name).to_numpy(zero_copy_only=False), dtype=np.bool_)
    rows = np.flatnonzero(mask)
    if len(rows) == 0:
        return True
    names = list(cells.columns)
    positions = {n: i for i, n in enumerate(names)}
    texts = [cells.columns[n].take(rows).to_pylist() for n in names]
    for k, row in enumerate(rows.tolist()):
        record = [str(column[k]) for column in texts]
        findings: list[Finding] = []
        parsed = _parse_row(
            record,
            number=row + 2,
            positions=positions,
            spec=PLACEMENTS,
            file_name=PLACEMENTS.file_name,
            findings=findings,
        )
        if findings or not parsed.ok:
            return False
        start = dt.date(1970, 1, 1) + dt.timedelta(days=int(first_days[row]))
        fee = TimelineEntry(
            effective=start, value=FeeComponents(core=Money(0)), source=_DUMMY_SOURCE
        )
        try:
            _placement(parsed, [fee])
        except SlcpError:
            return False
    return True


def _read_fast(placements: CsvSource, fees: CsvSource) -> PlacementTableColumns | None:
    # The placements are checked and turned into columns, and their text let go, before the
    # fees are read: only one file's text is held at a time.
    placement_table = _table(placements, PLACEMENTS)
    if placement_table is None:
        return None
    p = _Cells(*placement_table)
    del placement_table
    if not _clean(p, PLACEMENTS):
        return None
    # placements: patterns, codes, dates and the rules a Placement checks
    workstreams = [w.value for w in Workstream]
    services = [s.value for s in ServiceKind]
    routes = [r.value for r in RouteKind]
    methods = [m.value for m in ChargingMethod]
    if not (
        _matches(p, "child_ref", _CHILD_REF)
        and _matches(p, "borough_gss", _GSS)
        and _codes_ok(p, "workstream", workstreams)
        and _codes_ok(p, "service", services)
        and _codes_ok(p, "route", routes)
        and _codes_ok(p, "charging_method", methods)
        and _codes_ok(p, "ending_reason", [e.value for e in EndingReason])
        and _matches(p, "weeks_per_year", r"^[0-9]{1,15}$")
    ):
        return None
    first = _days(p.get("first_day"))
    last = _days(p.get("last_day"))
    if first is None or last is None:
        return None
    if bool(np.any((last >= 0) & (last < first - 1))):
        return None
    workstream = _category(p.get("workstream"))
    service = _category(p.get("service"))
    ws_of_service = [ServiceKind(str(s)).workstream.value for s in service.values]
    ws_values = [str(w) for w in workstream.values]
    service_ws = np.array(
        [
            [ws_of_service[s] == ws_values[w] for w in range(len(ws_values))]
            for s in range(len(ws_of_service))
        ],
        dtype=np.bool_,
    ).reshape(len(ws_of_service), len(ws_values))
    if len(first) and not bool(np.all(service_ws[service.codes, workstream.codes])):
        return None
    method_text = p.get("charging_method")
    method = np.zeros(p.rows, dtype=np.int8)
    for m, code in METHOD_CODES.items():
        chosen = pc.equal(method_text, pa.scalar(m.value))
        method[np.asarray(chosen.to_numpy(zero_copy_only=False), dtype=np.bool_)] = code
    weeks_text = p.get("weeks_per_year")
    weeks_filled = np.asarray(
        pc.not_equal(weeks_text, _BLANK).to_numpy(zero_copy_only=False), dtype=np.bool_
    )
    weeks = _pence(weeks_text)
    is_wpy = method == METHOD_CODES[ChargingMethod.WEEKS_PER_YEAR]
    if bool(np.any(weeks_filled & ((weeks < 1) | (weeks > 52)))) or bool(
        np.any(is_wpy != weeks_filled)
    ):
        return None
    vehicle = np.asarray(p.filled("vehicle_id").to_numpy(zero_copy_only=False), dtype=np.bool_)
    lot_given = np.asarray(p.filled("lot_id").to_numpy(zero_copy_only=False), dtype=np.bool_)
    route = _category(p.get("route"))
    needs = np.array([RouteKind(str(r)).needs_vehicle for r in route.values], dtype=np.bool_)
    route_needs = needs[route.codes] if len(route.codes) else np.zeros(0, dtype=np.bool_)
    if bool(np.any(route_needs & ~vehicle)) or bool(np.any(~route_needs & (vehicle | lot_given))):
        return None
    if not _rows_pass_the_record_checks(p, first):
        return None
    ids = p.get("placement_id")
    n_rows = p.rows
    borough, lot, provider = (_category(p.get(c)) for c in ("borough_gss", "lot_id", "provider_id"))
    del p
    # fees: pence, codes, dates, keys and references
    fee_table = _table(fees, PLACEMENT_FEES)
    if fee_table is None:
        return None
    f = _Cells(*fee_table)
    del fee_table
    if not _clean(f, PLACEMENT_FEES):
        return None
    if not (
        _matches(f, "core_pence", _PENCE)
        and _matches(f, "additional_support_pence", _PENCE)
        and _matches(f, "education_pence", _PENCE)
        and _matches(f, "other_pence", _PENCE)
        and _codes_ok(f, "source_kind", [k.value for k in SourceKind])
    ):
        return None
    effective = _days(f.get("effective_from"))
    if effective is None or _days(f.get("source_dated")) is None:
        return None
    # one hash of every id: placement ids must be new (unique), fee ids known
    codes = np.asarray(
        pa.concat_arrays([ids, f.get("placement_id")])
        .dictionary_encode()
        .indices.to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    if not np.array_equal(codes[:n_rows], np.arange(n_rows, dtype=np.int64)):
        return None  # a placement id used twice
    owner_rows = codes[n_rows:]
    if len(owner_rows) and int(owner_rows.max()) >= n_rows:
        return None  # a fee row for an unknown placement
    weekly = (
        _pence(f.get("core_pence"))
        + _pence(f.get("additional_support_pence"))
        + _pence(f.get("education_pence"))
        + _pence(f.get("other_pence"))
    )
    columns = PlacementColumns(
        ids=ArrowStrings(ids),
        borough=borough,
        workstream=workstream,
        lot=lot,
        provider=provider,
        service=service,
        start_day=first,
        end_day=np.where(last >= 0, last + 1, OPEN_END).astype(np.int64),
        method=method,
        weeks_per_year=np.where(is_wpy, weeks, 0).astype(np.int64),
    )
    try:
        # two fee rows of a placement on one day, or a placement with no fee on its first day
        ordered = sort_fee_columns(
            columns,
            FeeColumns(placement=owner_rows, effective_day=effective, weekly_pence=weekly),
        )
    except InvalidValueError:
        return None
    return PlacementTableColumns(placements=columns, fees=ordered, findings=(), read_by="columns")
