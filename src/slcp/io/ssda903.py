"""The SSDA903 (children looked after) return: Header and Episodes CSV tables.

:func:`load_ssda903` reads the files, :func:`read_ssda903` their bytes. Every problem is a
:class:`~slcp.findings.Finding` whose location names the file, row and column
(``"episodes.csv row 7 column DECOM"``); the rows that can be used are used; only a file that
cannot be opened at all raises :class:`~slcp.errors.LoadError`.

Privacy: dates of birth are reduced to the month and postcodes to the district as they are
read; the other Header columns (ETHNIC, UPN, MOTHER, MC_DOB) are never kept, and findings never
echo a date of birth or a postcode. CHILD ids stay strings exactly as written (``"0123"`` keeps
its zero; ``"1.0"`` is a valid reference and stays ``"1.0"``).

Severity: ``ERROR`` means the row (or file) was not used; ``WARNING`` means it was used as
described in the message. The codes and the reading rules are in ``docs/ssda903.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import attrs

from slcp.domain import (
    CareEpisode,
    Child,
    ChildRef,
    GssCode,
    PostcodeDistrict,
    ServiceKind,
    postcode_district,
)
from slcp.domain.child import check_child_ref
from slcp.errors import SlcpError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import BoundedFindings
from slcp.io._ssda903_cells import (
    CHILD_PATTERN,
    date_message,
    lists_assumed_message,
    parse_date,
    provider_not_allowed,
    provider_not_allowed_message,
    read_code,
    sex_message,
    unknown_code_message,
    where,
)
from slcp.io._ssda903_codes import CodeLists, code_lists, place_codes, service_kind_of
from slcp.io._ssda903_table import TableRow, read_table
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_bounded
from slcp.periods import DateRange, FinancialYear, YearMonth

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "Ssda903Return",
    "load_ssda903",
    "place_codes",
    "read_ssda903",
    "service_kind_of",
]

#: Episodes table columns, in the specification's order (any order is accepted).
EPISODE_COLUMNS: tuple[str, ...] = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
#: Header table columns, in the specification's order.
HEADER_COLUMNS: tuple[str, ...] = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")

_EPISODES_REQUIRED = frozenset({"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"})
_HEADER_REQUIRED = frozenset({"CHILD", "DOB"})
_URN = re.compile(r"[A-Za-z0-9]{1,16}")
# findings about a whole table or a row's shape, not about a child; every other finding's
# subject is the child whose row it is about (or the row, when CHILD itself is unusable)
_TABLE_FINDING_CODES = frozenset(
    {
        "blank-file",
        "code-lists-assumed",
        "not-utf8",
        "nul-character",
        "malformed-row",
        "missing-column",
        "duplicate-column",
        "unknown-column",
        "ragged-row",
    }
)


@attrs.frozen(kw_only=True)
class Ssda903Return:
    """What was read from one local authority's 903 tables.

    Attributes:
        collection_year: the year the return is for (``FinancialYear(2017)`` for the year
            ending 31 March 2018).
        children: one per valid Header row (month of birth only), or ``None`` when no Header
            table was given.
        episodes: the usable episodes, per child in DECOM order (overlaps already resolved:
            an episode overlapped by the next one ends when the next begins).
        findings: every problem found, in file order within each check; at most
            ``Limits.max_findings_per_code`` of each code, then one summary finding of that
            code counting the rest.
        flagged_children: the children (of :attr:`children` or :attr:`episodes`) that some
            finding is about, whether or not it is listed in :attr:`findings`.
        finding_counts: findings per code, listed or summarised, codes sorted.
        severity_counts: findings per severity (``"error"``, ``"warning"``, ``"info"``),
            listed or summarised.
    """

    collection_year: FinancialYear
    children: tuple[Child, ...] | None
    episodes: tuple[CareEpisode, ...]
    findings: tuple[Finding, ...]
    flagged_children: frozenset[ChildRef] = frozenset()
    finding_counts: dict[str, int] = attrs.field(factory=dict, hash=False)
    severity_counts: dict[str, int] = attrs.field(factory=dict, hash=False)

    def service_kinds(self) -> tuple[ServiceKind, ...]:
        """The slcp service kind of each episode, in :attr:`episodes` order."""
        return tuple(service_kind_of(e.place, e.place_provider) for e in self.episodes)


_where = where


class _FlaggedFindings(BoundedFindings):
    """Bounded findings that also note every subject a child-level finding names.

    Shared by both SSDA903 readers: the subjects are noted before the bound applies, so
    :attr:`Ssda903Return.flagged_children` counts children whose findings were not listed.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.subjects: set[str] = set()
        self.by_code: dict[str, int] = {}
        self.by_severity: dict[str, int] = dict.fromkeys((s.value for s in Severity), 0)

    def append(self, finding: Finding) -> None:
        """Note the finding's subject (unless it is about a table), then keep or count it."""
        if finding.code not in _TABLE_FINDING_CODES:
            self.subjects.add(finding.subject_id)
        self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1
        self.by_severity[finding.severity.value] += 1
        super().append(finding)

    def counts(self) -> dict[str, int]:
        """Findings per code, listed or not, keys sorted (as ``count_by_code``)."""
        return dict(sorted(self.by_code.items()))

    def flagged(self, refs: Iterable[ChildRef]) -> frozenset[ChildRef]:
        """The children among ``refs`` that some finding is about."""
        return frozenset(r for r in refs if r in self.subjects)


class _Reader:
    """Collects findings while rows are turned into values (one instance per read)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        # parsed values by raw text: dates and districts repeat across rows, and sharing one
        # object per value keeps memory in proportion to the distinct values, not the rows
        self._dates: dict[str, dt.date] = {}
        self._districts: dict[str, PostcodeDistrict] = {}

    def add(self, severity: Severity, code: str, message: str, subject: str, location: str) -> None:
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                message=message,
                subject_id=subject,
                location=location,
            )
        )

    def blank(self, column: str, subject: str, location: str, required: bool) -> bool:
        """Whether a row with ``column`` blank is usable; a blank required cell is an error."""
        if required:
            self.add(
                Severity.ERROR,
                "missing-value",
                f"{column} is blank; row not used",
                subject,
                location,
            )
        return not required

    def child_ref(self, row: TableRow, name: str) -> ChildRef | None:
        raw = row.values["CHILD"]
        if raw and CHILD_PATTERN.fullmatch(raw):
            return ChildRef(raw)
        where = _where(name, row.number, "CHILD")
        if not raw:
            self.add(Severity.ERROR, "missing-value", "CHILD is blank; row not used", where, where)
            return None
        try:
            return check_child_ref(raw)
        except SlcpError:
            # never echo the value: a malformed reference may be a name
            self.add(
                Severity.ERROR,
                "invalid-child-id",
                "CHILD is not a valid reference (1-64 letters, digits, '.', '-' or '_', no "
                "spaces); row not used",
                f"row {row.number}",
                where,
            )
            return None

    def date(
        self,
        row: TableRow,
        name: str,
        column: str,
        subject: str,
        *,
        required: bool,
        echo: bool = True,
        row_used: bool = False,
    ) -> tuple[bool, dt.date | None]:
        """(usable, date): usable is False when the value is present but not a date.

        ``row_used`` says the row is used without the date (a warning) rather than dropped.
        """
        raw = row.values[column]
        known = self._dates.get(raw)
        if known is not None:
            return True, known
        if not raw:
            return self.blank(column, subject, _where(name, row.number, column), required), None
        day = parse_date(raw)
        if day is None:
            self.add(
                Severity.WARNING if row_used else Severity.ERROR,
                "unparseable-date",
                date_message(column, raw, echo=echo, row_used=row_used),
                subject,
                _where(name, row.number, column),
            )
            return False, None
        self._dates[raw] = day
        return True, day

    def code(
        self,
        row: TableRow,
        name: str,
        column: str,
        subject: str,
        valid: frozenset[str],
        *,
        year: FinancialYear,
        required: bool,
    ) -> tuple[bool, str | None]:
        """(usable, code): only a blank required code makes the row unusable.

        A code outside the year's list is kept as written with a warning, so the row keeps
        its dates and its place in the child's period of care (decision record 0504).
        """
        raw = row.values[column]
        if raw in valid:
            return True, sys.intern(raw)
        cell = read_code(raw, valid)
        if cell.value is None:
            return self.blank(column, subject, _where(name, row.number, column), required), None
        if not cell.valid:
            self.add(
                Severity.WARNING,
                "unknown-code",
                unknown_code_message(column, cell.value, year),
                subject,
                _where(name, row.number, column),
            )
        return True, cell.value

    def district(
        self, row: TableRow, name: str, column: str, subject: str
    ) -> PostcodeDistrict | None:
        raw = row.values[column]
        if not raw:
            return None
        known = self._districts.get(raw)
        if known is not None:
            return known
        try:
            district = self._districts[raw] = postcode_district(raw)
            return district
        except SlcpError:
            # never echo the value: it may be a full postcode
            self.add(
                Severity.WARNING,
                "unparseable-postcode",
                f"{column} is not a UK postcode; read as blank",
                subject,
                _where(name, row.number, column),
            )
            return None


@attrs.frozen(kw_only=True)
class _Row:
    number: int
    episode: CareEpisode


def _read_children(
    rows: Iterable[TableRow], name: str, reader: _Reader, lists: CodeLists
) -> dict[ChildRef, Child]:
    children: dict[ChildRef, Child] = {}
    first_row: dict[ChildRef, int] = {}
    for row in rows:
        ref = reader.child_ref(row, name)
        if ref is None:
            continue
        if ref in children:
            reader.add(
                Severity.ERROR,
                "duplicate-child",
                f"CHILD {ref} already appears on row {first_row[ref]}; this row not used",
                ref,
                _where(name, row.number, "CHILD"),
            )
            continue
        # the date of birth is never echoed in a finding
        _, dob = reader.date(row, name, "DOB", ref, required=False, echo=False, row_used=True)
        if not row.values["DOB"]:
            reader.add(
                Severity.WARNING,
                "missing-value",
                "DOB is blank; month of birth unknown",
                ref,
                _where(name, row.number, "DOB"),
            )
        sex = read_code(row.values["SEX"], lists.sex)
        if not (sex.valid or sex.blank):
            # the collection year's codes: 1/2 before 2024/25, M/F/U from then (rule 101)
            reader.add(
                Severity.WARNING,
                "unknown-code",
                sex_message(row.values["SEX"], lists),
                ref,
                _where(name, row.number, "SEX"),
            )
        children[ref] = Child(ref=ref, month_of_birth=None if dob is None else YearMonth.of(dob))
        first_row[ref] = row.number
    return children


def _read_episode(
    row: TableRow,
    name: str,
    reader: _Reader,
    *,
    lists: CodeLists,
    borough: GssCode | None,
) -> CareEpisode | None:
    collection_year = lists.year
    ref = reader.child_ref(row, name)
    if ref is None:
        return None
    ok_start, decom = reader.date(row, name, "DECOM", ref, required=True)
    ok_end, dec = reader.date(row, name, "DEC", ref, required=False)
    if not (ok_start and ok_end) or decom is None:
        return None
    # every row is checked against the collection year's lists, as the DfE's validation
    # does (decision record 0504)
    year = collection_year
    ok_rne, rne = reader.code(row, name, "RNE", ref, lists.rne, year=year, required=True)
    ok_ls, ls = reader.code(row, name, "LS", ref, lists.ls, year=year, required=True)
    ok_place, place = reader.code(row, name, "PLACE", ref, lists.place, year=year, required=True)
    if not (ok_rne and ok_ls and ok_place) or rne is None or ls is None or place is None:
        return None
    _, cin = reader.code(row, name, "CIN", ref, lists.cin, year=year, required=False)
    _, provider = reader.code(
        row, name, "PLACE_PROVIDER", ref, lists.place_provider, year=year, required=False
    )
    if provider is not None and provider_not_allowed(place, provider, lists):
        reader.add(
            Severity.WARNING,
            "provider-not-allowed",
            provider_not_allowed_message(place, provider, lists),
            ref,
            _where(name, row.number, "PLACE_PROVIDER"),
        )
    _, rec = reader.code(row, name, "REC", ref, lists.rec, year=year, required=False)
    _, rpc = reader.code(
        row,
        name,
        "REASON_PLACE_CHANGE",
        ref,
        lists.reason_place_change,
        year=year,
        required=False,
    )
    if dec is not None and dec < decom:
        reader.add(
            Severity.ERROR,
            "end-before-start",
            f"DEC {dec:%d/%m/%Y} is before DECOM {decom:%d/%m/%Y}; row not used",
            ref,
            _where(name, row.number, "DEC"),
        )
        return None
    if rec is not None and dec is None:
        reader.add(
            Severity.WARNING,
            "ceased-without-end-date",
            f"REC {rec} says the episode ceased but DEC is blank; read as still open",
            ref,
            _where(name, row.number, "DEC"),
        )
        rec = None
    elif rec is None and dec is not None:
        reader.add(
            Severity.WARNING,
            "end-date-without-reason",
            "DEC is set but REC is blank; the next episode, if it starts that day, continues "
            "the period of care",
            ref,
            _where(name, row.number, "REC"),
        )
    if decom >= collection_year.end:
        reader.add(
            Severity.WARNING,
            "after-collection-year",
            f"DECOM {decom:%d/%m/%Y} is after the collection year {collection_year} ends",
            ref,
            _where(name, row.number, "DECOM"),
        )
    urn = row.values["URN"] or None
    if urn is not None and not _URN.fullmatch(urn):
        reader.add(
            Severity.WARNING,
            "invalid-urn",
            "URN is not 1-16 letters or digits; read as blank",
            ref,
            _where(name, row.number, "URN"),
        )
        urn = None
    try:
        return CareEpisode(
            child=ref,
            borough=borough,
            period=DateRange(start=decom, end=dec),
            reason_new_episode=rne,
            legal_status=ls,
            category_of_need=cin,
            place=place,
            place_provider=provider,
            reason_ceased=rec,
            reason_place_change=rpc,
            home_district=reader.district(row, name, "HOME_POST", ref),
            placement_district=reader.district(row, name, "PL_POST", ref),
            urn=urn,
        )
    except SlcpError as e:  # a value the checks above let through; report, never crash
        reader.add(
            Severity.ERROR, "invalid-row", f"{e}; row not used", ref, f"{name} row {row.number}"
        )
        return None


def _resolve_child(rows: list[_Row], name: str, reader: _Reader) -> list[CareEpisode]:
    """Order one child's episodes; report and resolve duplicates, overlaps and gaps."""
    # a zero-day episode (DEC = DECOM) comes before another starting the same day
    rows.sort(key=lambda r: (r.episode.start, not r.episode.period.is_empty, r.number))
    kept: list[_Row] = []
    for r in rows:
        prev = kept[-1].episode if kept else None
        if prev is not None and prev == r.episode:
            reader.add(
                Severity.WARNING,
                "duplicate-row",
                f"the same episode as row {kept[-1].number}; this copy not used",
                r.episode.child,
                f"{name} row {r.number}",
            )
            continue
        if prev is not None and prev.start == r.episode.start and not prev.period.is_empty:
            reader.add(
                Severity.ERROR,
                "duplicate-episode-start",
                f"another episode of this child starts on the same day (row "
                f"{kept[-1].number}); this row not used",
                r.episode.child,
                _where(name, r.number, "DECOM"),
            )
            continue
        kept.append(r)
    out: list[CareEpisode] = []
    for i, r in enumerate(kept):
        ep = r.episode
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        end = ep.period.end
        if nxt is not None:
            nxt_start = nxt.episode.start
            if end is None or end > nxt_start:
                reader.add(
                    Severity.WARNING,
                    "overlapping-episodes",
                    f"the episode {'is still open' if end is None else 'runs past'} when the "
                    f"child's next episode (row {nxt.number}) starts on {nxt_start:%d/%m/%Y}; "
                    "read as ending that day",
                    ep.child,
                    _where(name, r.number, "DEC"),
                )
                ep = attrs.evolve(ep, period=DateRange(start=ep.start, end=nxt_start))
            elif end < nxt_start and not (ep.reason_ceased or "").startswith("E"):
                reader.add(
                    Severity.WARNING,
                    "non-contiguous-episodes",
                    f"the episode ends on {end:%d/%m/%Y} without an E-code but the next "
                    f"(row {nxt.number}) starts on {nxt_start:%d/%m/%Y}; the gap ends the "
                    "period of care",
                    ep.child,
                    _where(name, r.number, "DEC"),
                )
        elif end is not None and ep.reason_ceased == "X1":
            reader.add(
                Severity.WARNING,
                "non-contiguous-episodes",
                "REC X1 says a new episode starts the same day, but none follows; the period "
                "of care ends here",
                ep.child,
                _where(name, r.number, "REC"),
            )
        out.append(ep)
    return out


def read_ssda903(
    episodes: bytes,
    header: bytes | None = None,
    *,
    collection_year: FinancialYear,
    borough: GssCode | None = None,
    episodes_name: str = "episodes.csv",
    header_name: str = "header.csv",
    limits: Limits = DEFAULT_LIMITS,
) -> Ssda903Return:
    """Read the Episodes (and optionally the Header) table from bytes. Never raises.

    Every row with a usable CHILD and DECOM (and DEC, when given, not before it) and with RNE,
    LS and PLACE present is used, codes outside the collection year's lists included (a
    warning), unless it repeats another row or another episode's start; every row not used
    is an error finding (a repeated row, a warning). Findings are listed up to
    ``limits.max_findings_per_code`` per code, then counted in one summary finding; reading
    never stops early.

    Args:
        episodes: the Episodes CSV file's bytes.
        header: the Header CSV file's bytes, or ``None`` (months of birth are then unknown).
        collection_year: the year the return is for; codes are checked against the lists in
            force (``FinancialYear(2017)`` for the year ending 31 March 2018).
        borough: GSS code of the local authority the return belongs to, set on every episode.
        episodes_name: the Episodes file's name, used in finding locations.
        header_name: the Header file's name, used in finding locations.
        limits: the bounds applied (findings per code).

    >>> text = (b"CHILD,DECOM,RNE,LS,PLACE,DEC,REC\\n"
    ...         b"0123,01/04/2017,S,C2,U4,,\\n"
    ...         b"0124,31/02/2017,S,C2,U4,,\\n")
    >>> r = read_ssda903(text, collection_year=FinancialYear(2017))
    >>> [e.child for e in r.episodes]
    ['0123']
    >>> [str(f) for f in r.findings if f.severity is Severity.ERROR]
    ["error unparseable-date [0124]: DECOM '31/02/2017' is not a date in DD/MM/YYYY form
      (years 1901-2199); row not used @ episodes.csv row 3 column DECOM"]
    """
    findings = _FlaggedFindings(limits.max_findings_per_code)
    reader = _Reader(findings)
    lists = code_lists(collection_year)
    assumed = lists_assumed_message(collection_year)
    if assumed is not None:
        reader.add(Severity.WARNING, "code-lists-assumed", assumed, episodes_name, episodes_name)
    children: tuple[Child, ...] | None = None
    known: dict[ChildRef, Child] | None = None
    if header is not None:
        header_rows = read_table(
            header,
            name=header_name,
            columns=HEADER_COLUMNS,
            required=_HEADER_REQUIRED,
            findings=findings,
        )
        known = _read_children(header_rows, header_name, reader, lists)
        children = tuple(known.values())
    episode_rows = read_table(
        episodes,
        name=episodes_name,
        columns=EPISODE_COLUMNS,
        required=_EPISODES_REQUIRED,
        findings=findings,
    )
    by_child: dict[ChildRef, list[_Row]] = {}
    for row in episode_rows:
        ep = _read_episode(row, episodes_name, reader, lists=lists, borough=borough)
        if ep is not None:
            by_child.setdefault(ep.child, []).append(_Row(number=row.number, episode=ep))
    resolved: list[CareEpisode] = []
    for ref in sorted(by_child):
        resolved.extend(_resolve_child(by_child[ref], episodes_name, reader))
        if known is not None and ref not in known:
            first = min(r.number for r in by_child[ref])
            reader.add(
                Severity.WARNING,
                "child-not-in-header",
                f"CHILD {ref} has episodes but no Header row; month of birth unknown",
                ref,
                _where(episodes_name, first, "CHILD"),
            )
    return Ssda903Return(
        collection_year=collection_year,
        children=children,
        episodes=tuple(resolved),
        findings=tuple(findings),
        flagged_children=findings.flagged([*by_child, *(known or ())]),
        finding_counts=findings.counts(),
        severity_counts=dict(findings.by_severity),
    )


def _read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    # stat first, then at most one byte past the bound: /dev/zero, a pipe or a folder is
    # refused before it is read, and so is a file larger than limits.max_file_bytes
    return read_bounded(path, limits)


def load_ssda903(
    episodes: str | Path,
    header: str | Path | None = None,
    *,
    collection_year: FinancialYear,
    borough: GssCode | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Ssda903Return:
    """Read the Episodes (and optionally the Header) CSV file.

    Findings name each file by its base name. See :func:`read_ssda903`.

    Raises:
        LoadError: a file cannot be opened or read at all (missing, a directory, no
            permission), is not a regular file (``/dev/zero``, a pipe) or holds more than
            ``limits.max_file_bytes`` bytes. Bad content is never an error: it is a finding.
    """
    episodes_bytes = _read_bytes(episodes, limits)
    header_bytes = None if header is None else _read_bytes(header, limits)
    return read_ssda903(
        episodes_bytes,
        header_bytes,
        collection_year=collection_year,
        borough=borough,
        episodes_name=Path(episodes).name,
        header_name="header.csv" if header is None else Path(header).name,
        limits=limits,
    )
