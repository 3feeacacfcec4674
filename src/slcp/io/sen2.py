"""The SEN2 person-level return (EHC plans), read as XML or as the module CSV export.

:func:`read_sen2_xml` reads the XML return's bytes, :func:`read_sen2_csv` the module CSV
files, :func:`load_sen2` either from disk. All return a :class:`~slcp.send.Sen2Return` whose
``findings`` name the file, the record and the field of every problem
(``"return.xml Person[3]/Requests[1]/ReceivedDate"``, ``"requests.csv row 4 column
RECEIVEDDATE"``); the records that can be used are used; only a file that cannot be opened at
all raises :class:`~slcp.errors.LoadError`.

Privacy at the door: names are never kept (and never repeated in a finding); the date of
birth becomes the month of birth and the postcode its district; the UPN (or, without one, the
ULN) becomes a keyed pseudonym: pass the partnership's
:class:`~slcp.io.pseudonymise.PseudonymKey` (the key ``slcp pseudonymise`` uses, so the UPN
column of an SSDA903 Header pseudonymised with the same key gives the same reference) or a
function of your own. Without either, identifiers are dropped (decision 0511), so no UPN or
ULN ever leaves the reader. A value that looks like a person's name in any other field is
reported and dropped.

Bounded input: every read applies a :class:`~slcp.io.limits.Limits` (file size, only regular
files, the longest value, findings per code with one summary finding for the rest).

Severity: ``ERROR`` means the record (or file) was not used; ``WARNING`` means it was used as
the message says. The codes and the reading rules are in ``docs/sen2.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    ChildRef,
    GssCode,
    PostcodeDistrict,
    SenNeed,
    postcode_district,
)
from slcp.domain.child import check_child_ref
from slcp.errors import LoadError, SlcpError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import BoundedFindings
from slcp.io._sen2_codes import (
    CEASE_REASONS,
    FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    SEN_SETTINGS,
    UPN_UNKNOWN,
    assessment_outcomes,
    census_day,
    sen_types,
)
from slcp.io._sen2_source import (
    MAX_CHILD_RECORDS,
    MAX_RECORDS,
    Node,
    csv_nodes,
    xml_nodes,
)
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_bounded
from slcp.io.pseudonymise import PseudonymKey, pseudonym
from slcp.periods import DateRange, YearMonth
from slcp.send import EhcRequest, Sen2Child, Sen2Return, SenPlacement

__all__ = [
    "MAX_CHILD_RECORDS",
    "MAX_RECORDS",
    "Pseudonymise",
    "keyed_pseudonymise",
    "load_sen2",
    "read_sen2_csv",
    "read_sen2_xml",
]

#: A keyed pseudonymisation function: a UPN or ULN in, a pseudonymous child reference out.
#: slcp never supplies a default key; the caller owns it.
Pseudonymise = Callable[[str], ChildRef]


def keyed_pseudonymise(key: PseudonymKey) -> Pseudonymise:
    """The pseudonymisation the readers apply when given a key: :func:`~slcp.io.pseudonym`.

    A UPN or ULN becomes the first 20 hex digits of HMAC-SHA-256(key, identifier): exactly
    what ``slcp pseudonymise --column UPN`` writes for the same identifier in an SSDA903
    Header, so a child joins across the two returns without either identifier being kept.
    The readers upper-case a UPN before it is pseudonymised (UPNs are written in capitals).

    >>> key = PseudonymKey(secret=b"\\xaa" * 131)
    >>> keyed_pseudonymise(key)("A123456789012") == pseudonym("A123456789012", key)
    True
    """

    def pseudonymise(identifier: str) -> ChildRef:
        return pseudonym(identifier, key)

    return pseudonymise


def _pseudonymiser(given: PseudonymKey | Pseudonymise | None) -> Pseudonymise | None:
    return keyed_pseudonymise(given) if isinstance(given, PseudonymKey) else given


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.]+Z?)?")
_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
# the module CSV ("blade") export writes 2022-Sep-28 00:00:00
_BLADE = re.compile(r"([0-9]{4})-([A-Za-z]{3})-([0-9]{1,2})(?: [0-9:]+)?")
_UPN = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
_ULN = re.compile(r"[0-9]{10}")
_URN = re.compile(r"[0-9]{6,7}")
_UKPRN = re.compile(r"1[0-9]{7}")
_LA = re.compile(r"[0-9]{3}")
_CODE_LIKE = re.compile(r"[A-Za-z0-9]{1,5}")
# a bad code is repeated in a finding only as a code is written (capitals and digits), so a
# short name slipped into a code field ("Pat") is never echoed
_CODE_SHOWN = re.compile(r"[A-Z0-9]{1,5}")
# an unreadable date is repeated only when shaped like a date (three parts and separators),
# so an identifier or a postcode written in a date field never is
_DATE_LIKE = re.compile(r"[0-9]{1,4}[-/.][0-9A-Za-z]{1,3}[-/.][0-9]{1,4}(?:[T ][0-9:.]{1,12}Z?)?")
# two or more words of letters: a person's name where a code, date or number belongs
_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:,? +[A-Za-z][A-Za-z'’-]*)+")
_YES = frozenset({"1", "Y", "YES", "TRUE", "T"})
_NO = frozenset({"0", "N", "NO", "FALSE", "F"})
# free-text and name fields: never kept, so never checked for names
_FREE_TEXT = frozenset({"Surname", "Forename", "SENsettingOther"})
_FIRST_DAY, _LAST_DAY = dt.date(1901, 1, 1), dt.date(2199, 12, 31)


def _parse_date(raw: str) -> dt.date | None:
    """A date in any form a SEN2 return uses, years 1901-2199; ``None`` otherwise.

    >>> _parse_date("2022-05-23"), _parse_date("23/05/2022"), _parse_date("2022-May-23 00:00:00")
    (datetime.date(2022, 5, 23), datetime.date(2022, 5, 23), datetime.date(2022, 5, 23))
    >>> _parse_date("31/02/2022"), _parse_date("2022-Mai-01"), _parse_date("1900-12-31")
    (None, None, None)
    """
    day: dt.date | None = None
    try:
        if m := _ISO.fullmatch(raw):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _UK.fullmatch(raw):
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
        elif (m := _BLADE.fullmatch(raw)) and m[2].lower() in _MONTHS:
            day = dt.date(int(m[1]), _MONTHS[m[2].lower()], int(m[3]))
    except ValueError:
        return None
    return day if day is not None and _FIRST_DAY <= day <= _LAST_DAY else None


def _shown(raw: str, shape: re.Pattern[str]) -> str:
    return f" {raw!r}" if shape.fullmatch(raw) else " (value not shown)"


class _Reader:
    """Turns nodes into records, collecting findings (one instance per read)."""

    def __init__(
        self, *, year: int, pseudonymise: Pseudonymise | None, findings: list[Finding]
    ) -> None:
        self.year = year
        self.pseudonymise = pseudonymise
        self.findings = findings
        self.needs_key = False
        self._unidentified = 0
        self._seen: dict[ChildRef, str] = {}
        self._types = sen_types(year)
        self._outcomes = assessment_outcomes(year)

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

    # -- fields ---------------------------------------------------------------------------

    def text(self, node: Node, field: str, subject: str) -> str | None:
        """A field's text, or None when blank or when it looks like a name (reported)."""
        raw = node.fields.get(field, "")
        if not raw:
            return None
        if field not in _FREE_TEXT and _NAME_LIKE.fullmatch(raw):
            self.add(
                Severity.WARNING,
                "name-in-wrong-field",
                f"{field} holds what looks like a person's name; the value was dropped "
                "(names are never kept)",
                subject,
                node.at(field),
            )
            return None
        return raw

    def date(self, node: Node, field: str, subject: str, *, echo: bool = True) -> dt.date | None:
        raw = self.text(node, field, subject)
        if raw is None:
            return None
        day = _parse_date(raw)
        if day is None:
            shown = _shown(raw, _DATE_LIKE) if echo else ""
            self.add(
                Severity.WARNING,
                "unparseable-date",
                f"{field}{shown} is not a date (YYYY-MM-DD, DD/MM/YYYY or YYYY-Mon-DD, years "
                "1901-2199); read as unknown",
                subject,
                node.at(field),
            )
            return None
        return day

    def code(
        self, node: Node, field: str, subject: str, valid: frozenset[str] | None
    ) -> str | None:
        raw = self.text(node, field, subject)
        if raw is None:
            return None
        value = raw.upper()
        if (valid is not None and value not in valid) or not _CODE_LIKE.fullmatch(value):
            self.add(
                Severity.WARNING,
                "unknown-code",
                f"{field}{_shown(raw, _CODE_SHOWN)} is not a valid code in {self.year}; "
                "read as blank",
                subject,
                node.at(field),
            )
            return None
        return value

    def flag(self, node: Node, field: str, subject: str) -> bool | None:
        raw = self.text(node, field, subject)
        if raw is None:
            return None
        if raw.upper() in _YES:
            return True
        if raw.upper() in _NO:
            return False
        self.add(
            Severity.WARNING,
            "unknown-code",
            f"{field}{_shown(raw, _CODE_SHOWN)} is not 1 (yes) or 0 (no); read as not given",
            subject,
            node.at(field),
        )
        return None

    def pattern(
        self, node: Node, field: str, subject: str, shape: re.Pattern[str], what: str
    ) -> str | None:
        raw = self.text(node, field, subject)
        if raw is None:
            return None
        if shape.fullmatch(raw.upper()):
            return raw.upper()
        # never echoed: a misplaced value may be an identifier or personal data
        self.add(
            Severity.WARNING,
            f"invalid-{field.lower()}",
            f"{field} is not {what}; read as blank",
            subject,
            node.at(field),
        )
        return None

    def kids(self, node: Node, module: str, subject: str, *, one: bool = False) -> list[Node]:
        nodes = node.children.get(module, [])
        if one and len(nodes) > 1:
            self.add(
                Severity.WARNING,
                "duplicate-module",
                f"{len(nodes)} {module} records where one is expected; the first is used",
                subject,
                nodes[1].where,
            )
            return nodes[:1]
        return nodes

    # -- records --------------------------------------------------------------------------

    def child(self, node: Node) -> Sen2Child | None:
        where = node.where
        # names are read only to be sure they are not kept; nothing is done with them
        upn = self.pattern(node, "UPN", where, _UPN, "a UPN (a letter and 12 characters)")
        uln = self.pattern(node, "UniqueLearnerNumber", where, _ULN, "a ULN (10 digits)")
        ref: ChildRef | None = None
        identifier = upn or uln
        if identifier is not None:
            if self.pseudonymise is None:
                if not self.needs_key:
                    self.add(
                        Severity.ERROR,
                        "no-pseudonymisation-key",
                        "the return holds UPNs or ULNs but no pseudonymisation function was "
                        "given; identifiers were dropped and children cannot be joined",
                        where,
                        where,
                    )
                self.needs_key = True
            else:
                try:
                    ref = check_child_ref(self.pseudonymise(identifier))
                except (SlcpError, ValueError, TypeError, LookupError):
                    self.add(
                        Severity.WARNING,
                        "pseudonym-failed",
                        "the pseudonymisation function refused this person's identifier; "
                        "read as unidentified",
                        where,
                        node.at("UPN" if upn else "UniqueLearnerNumber"),
                    )
        else:
            reason = self.code(node, "UPNunknown", where, UPN_UNKNOWN)
            if reason is None:
                self.add(
                    Severity.WARNING,
                    "missing-identifier",
                    "neither UPN, ULN nor a UPNunknown reason is given; the person cannot be "
                    "joined to other returns",
                    where,
                    node.at("UPN"),
                )
        if ref is None:
            self._unidentified += 1
            ref = ChildRef(f"sen2-unidentified-{self._unidentified}")
        elif ref in self._seen:
            self.add(
                Severity.ERROR,
                "duplicate-person",
                f"the same child as {self._seen[ref]} (same identifier); this record and its "
                "requests not used",
                ref,
                where,
            )
            return None
        self._seen[ref] = where
        dob = self.date(node, "PersonBirthDate", ref, echo=False)
        if "PersonBirthDate" not in node.fields:
            self.add(
                Severity.WARNING,
                "missing-value",
                "PersonBirthDate is blank; month of birth unknown",
                ref,
                node.at("PersonBirthDate"),
            )
        district: PostcodeDistrict | None = None
        post = self.text(node, "PostCode", ref)
        if post is not None:
            try:
                district = postcode_district(post)
            except SlcpError:
                self.add(
                    Severity.WARNING,
                    "unparseable-postcode",
                    "PostCode is not a UK postcode; read as blank",
                    ref,
                    node.at("PostCode"),
                )
        for field in ("GenderCurrent", "Ethnicity"):
            self.text(node, field, ref)  # checked for misplaced names, never kept
        return Sen2Child(
            ref=ref,
            month_of_birth=None if dob is None else YearMonth.of(dob),
            home_district=district,
            location=where,
        )

    def placement(self, node: Node, child: ChildRef, position: int, dated: bool) -> SenPlacement:
        urn = self.pattern(node, "URN", child, _URN, "a URN (6 or 7 digits)")
        ukprn = self.pattern(node, "UKPRN", child, _UKPRN, "a UKPRN (8 digits from 1)")
        setting = self.code(node, "SENsetting", child, SEN_SETTINGS)
        if urn is None and ukprn is None and setting is None:
            self.add(
                Severity.WARNING,
                "missing-setting",
                "no URN, UKPRN or SENsetting: where the placement is is unknown",
                child,
                node.at("URN"),
            )
        raw_rank = self.text(node, "PlacementRank", child)
        rank = position
        if raw_rank is not None and raw_rank.isdigit() and 1 <= int(raw_rank) <= 99:
            rank = int(raw_rank)
        else:
            self.add(
                Severity.WARNING,
                "missing-value" if raw_rank is None else "unknown-code",
                f"PlacementRank is {'blank' if raw_rank is None else 'not 1-99'}; read as "
                f"{position}, its position",
                child,
                node.at("PlacementRank"),
            )
        period: DateRange | None = None
        attendance: str | None = None
        if dated:
            entry = self.date(node, "EntryDate", child)
            leaving = self.date(node, "LeavingDate", child)
            if entry is None:
                self.add(
                    Severity.WARNING,
                    "missing-value",
                    "EntryDate is blank or unreadable; the placement is not counted on census day",
                    child,
                    node.at("EntryDate"),
                )
            else:
                if leaving is not None and leaving < entry:
                    self.add(
                        Severity.WARNING,
                        "end-before-start",
                        f"LeavingDate {leaving:%d/%m/%Y} is before EntryDate "
                        f"{entry:%d/%m/%Y}; read as still open",
                        child,
                        node.at("LeavingDate"),
                    )
                    leaving = None
                period = DateRange(start=entry, end=leaving)
            attendance = self.code(node, "AttendancePattern", child, None)
        return SenPlacement(
            child=child,
            urn=urn,
            ukprn=ukprn,
            sen_setting=setting,
            rank=rank,
            period=period,
            attendance=attendance,
            sen_unit=self.flag(node, "SENUnitIndicator", child),
            resourced_provision=self.flag(node, "ResourcedProvisionIndicator", child),
            location=node.where,
        )

    def needs(self, nodes: list[Node], child: ChildRef) -> tuple[tuple[int, SenNeed], ...]:
        out: dict[int, SenNeed] = {}
        for i, node in enumerate(nodes, start=1):
            code = self.code(node, "SENtype", child, self._types)
            raw_rank = self.text(node, "SENtypeRank", child)
            rank = int(raw_rank) if raw_rank is not None and raw_rank in ("1", "2") else None
            if rank is None:
                self.add(
                    Severity.WARNING,
                    "unknown-code" if raw_rank else "missing-value",
                    f"SENtypeRank is {'not 1 or 2' if raw_rank else 'blank'}; read as {i}",
                    child,
                    node.at("SENtypeRank"),
                )
                rank = i
            if code is None:
                continue
            if rank in out:
                self.add(
                    Severity.WARNING,
                    "duplicate-rank",
                    f"a second SEN need ranked {rank}; not used",
                    child,
                    node.at("SENtypeRank"),
                )
                continue
            out[rank] = SenNeed(code)
        return tuple(sorted(out.items()))

    def request(self, node: Node, child: ChildRef) -> EhcRequest:
        received = self.date(node, "ReceivedDate", child)
        if received is None and "ReceivedDate" not in node.fields:
            self.add(
                Severity.WARNING,
                "missing-value",
                "ReceivedDate is blank; the request cannot be timed",
                child,
                node.at("ReceivedDate"),
            )
        request_outcome = self.code(node, "RequestOutcome", child, None)
        request_outcome_on = self.date(node, "RequestOutcomeDate", child)
        self.flag(node, "RYA", child)
        a_outcome: str | None = None
        a_outcome_on: dt.date | None = None
        week20: bool | None = None
        start: dt.date | None = None
        cease: dt.date | None = None
        cease_reason: str | None = None
        named: list[SenPlacement] = []
        for a in self.kids(node, "assessment", child, one=True):
            a_outcome = self.code(a, "AssessmentOutcome", child, self._outcomes)
            a_outcome_on = self.date(a, "AssessmentOutcomeDate", child)
            week20 = self.flag(a, "Week20", child)
            for p in self.kids(a, "namedplan", child, one=True):
                start = self.date(p, "StartDate", child)
                cease = self.date(p, "CeaseDate", child)
                cease_reason = self.code(p, "CeaseReason", child, CEASE_REASONS)
                if start is not None and cease is not None and cease < start:
                    self.add(
                        Severity.WARNING,
                        "end-before-start",
                        f"CeaseDate {cease:%d/%m/%Y} is before StartDate {start:%d/%m/%Y}; "
                        "read as not ceased",
                        child,
                        p.at("CeaseDate"),
                    )
                    cease = None
                if cease is not None and cease_reason is None:
                    self.add(
                        Severity.WARNING,
                        "missing-value",
                        "CeaseDate is set but CeaseReason is blank",
                        child,
                        p.at("CeaseReason"),
                    )
                details = self.kids(p, "plandetail", child)
                if not details:
                    self.add(
                        Severity.WARNING,
                        "missing-module",
                        "the named plan has no PlanDetail (placement named in the plan)",
                        child,
                        p.where,
                    )
                named = [self.placement(d, child, i, dated=False) for i, d in enumerate(details, 1)]
        if received is not None and start is not None and start < received:
            self.add(
                Severity.WARNING,
                "plan-before-request",
                f"the plan started on {start:%d/%m/%Y}, before the request was received on "
                f"{received:%d/%m/%Y}; not timed",
                child,
                node.at("ReceivedDate"),
            )
        active = False
        transferred: bool | None = None
        placements: list[SenPlacement] = []
        needs: tuple[tuple[int, SenNeed], ...] = ()
        for ap in self.kids(node, "activeplans", child, one=True):
            active = True
            transferred = self.pattern(ap, "TransferLA", child, _LA, "a DfE LA code") is not None
            self.date(ap, "LastReview", child)
            details = self.kids(ap, "placementdetail", child)
            if not details:
                self.add(
                    Severity.WARNING,
                    "missing-module",
                    "the active plan has no PlacementDetail; its setting is unknown",
                    child,
                    ap.where,
                )
            placements = [self.placement(d, child, i, dated=True) for i, d in enumerate(details, 1)]
            need_nodes = self.kids(ap, "senneed", child)
            if not need_nodes:
                self.add(
                    Severity.WARNING,
                    "missing-module",
                    "the active plan has no SENneed; its need is unknown",
                    child,
                    ap.where,
                )
            needs = self.needs(need_nodes, child)
        return EhcRequest(
            child=child,
            received_on=received,
            request_outcome=request_outcome,
            request_outcome_on=request_outcome_on,
            assessment_outcome=a_outcome,
            assessment_outcome_on=a_outcome_on,
            exception_applies=week20,
            plan_start=start,
            plan_cease=cease,
            cease_reason=cease_reason,
            transferred_in=transferred,
            active=active,
            needs=needs,
            placements=tuple(placements),
            named_placements=tuple(named),
            location=node.where,
        )


def _header_year(
    header: Node | None, findings: list[Finding]
) -> tuple[int | None, dt.date | None, str | None]:
    if header is None:
        return None, None, None
    raw_year = header.fields.get("Year", "")
    year = int(raw_year) if re.fullmatch(r"[0-9]{4}", raw_year) else None
    if raw_year and year is None:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="unknown-code",
                message=f"Year{_shown(raw_year, _CODE_SHOWN)} is not a year; ignored",
                subject_id=header.where,
                location=header.at("Year"),
            )
        )
    raw_ref = header.fields.get("ReferenceDate", "")
    ref = _parse_date(raw_ref)
    if raw_ref and ref is None:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="unparseable-date",
                message=f"ReferenceDate{_shown(raw_ref, _DATE_LIKE)} is not a date; the "
                "census day is taken from the year",
                subject_id=header.where,
                location=header.at("ReferenceDate"),
            )
        )
    lea = header.fields.get("LEA") or None
    if lea is not None and not _LA.fullmatch(lea):
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="invalid-lea",
                message="LEA is not a 3-digit DfE LA code; the authority is unknown",
                subject_id=header.where,
                location=header.at("LEA"),
            )
        )
        lea = None
    return year, ref, lea


def _read(
    header: Node | None,
    persons: list[Node],
    findings: list[Finding],
    *,
    name: str,
    year: int | None,
    pseudonymise: Pseudonymise | None,
) -> Sen2Return:
    h_year, h_ref, lea = _header_year(header, findings)
    if header is None:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="missing-module",
                message="the return has no header (collection year, census date, LA)",
                subject_id=name,
                location=name,
            )
        )
    if year is None:
        year = h_year
    elif h_year is not None and h_year != year:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="year-differs",
                message=f"the header says {h_year} but the return is read as {year}, as asked",
                subject_id=name,
                location=header.at("Year") if header else name,
            )
        )
    if year is None:
        year = LAST_YEAR
        findings.append(
            Finding(
                severity=Severity.ERROR,
                code="missing-year",
                message=f"no collection year given or in the header; read as {LAST_YEAR}",
                subject_id=name,
                location=name,
            )
        )
    elif not FIRST_YEAR <= year <= LAST_YEAR:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="unknown-year",
                message=f"slcp holds SEN2 code lists for {FIRST_YEAR}-{LAST_YEAR}; {year} is "
                "checked against the nearest",
                subject_id=name,
                location=name,
            )
        )
    census = census_day(year)
    if h_ref is not None and h_ref != census:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="reference-date-differs",
                message=f"the header's ReferenceDate {h_ref:%d/%m/%Y} is not the {year} census "
                f"day {census:%d/%m/%Y}; the header's date is used",
                subject_id=name,
                location=header.at("ReferenceDate") if header else name,
            )
        )
        census = h_ref
    reader = _Reader(year=year, pseudonymise=pseudonymise, findings=findings)
    children: list[Sen2Child] = []
    requests: list[EhcRequest] = []
    for node in persons:
        child = reader.child(node)
        if child is None:
            continue
        children.append(child)
        kids = reader.kids(node, "requests", child.ref)
        if not kids:
            reader.add(
                Severity.WARNING,
                "missing-module",
                "the person has no Requests record",
                child.ref,
                node.where,
            )
        requests.extend(reader.request(r, child.ref) for r in kids)
    la: GssCode | None = None
    for b in SOUTH_LONDON_BOROUGHS:
        if b.dfe_code == lea:
            la = b.gss_code
    return Sen2Return(
        collection_year=year,
        census_date=census,
        la=la,
        la_code=lea,
        children=tuple(children),
        requests=tuple(requests),
        findings=tuple(findings),
        needs_key=reader.needs_key,
    )


def read_sen2_xml(
    data: bytes,
    *,
    pseudonymise: PseudonymKey | Pseudonymise | None,
    year: int | None = None,
    name: str = "return.xml",
    limits: Limits = DEFAULT_LIMITS,
) -> Sen2Return:
    """Read a SEN2 XML return from bytes. Never raises on bad content.

    Args:
        data: the file's bytes (at most ``limits.max_file_bytes``: a larger return is one
            ``too-large`` error and nothing read).
        pseudonymise: the partnership's key (UPNs and ULNs become
            :func:`~slcp.io.pseudonym` of it, as :func:`keyed_pseudonymise` says), or a
            function of your own; ``None`` only for a return without identifiers (any UPN or
            ULN is then dropped with a ``no-pseudonymisation-key`` error and ``needs_key``
            set: decision 0511).
        year: the collection year (the year of the January census); by default the header's.
        name: the file's name, used in finding locations.
        limits: the bounds: file size, the longest value (``value-too-long``), findings kept
            per code (the rest counted in one summary finding of that code).

    >>> xml = (b"<Message><Header><CollectionDetails><Year>2023</Year></CollectionDetails>"
    ...        b"</Header><Persons><Person><Surname>Doe</Surname>"
    ...        b"<PersonBirthDate>2010-06-17</PersonBirthDate><UPNunknown>UN2</UPNunknown>"
    ...        b"<Requests><ReceivedDate>2022-01-04</ReceivedDate></Requests>"
    ...        b"</Person></Persons></Message>")
    >>> r = read_sen2_xml(xml, pseudonymise=None)
    >>> r.census_date, str(r.children[0].month_of_birth), r.requests[0].received_on
    (datetime.date(2023, 1, 19), '2010-06', datetime.date(2022, 1, 4))
    >>> r.findings
    ()
    """
    findings = BoundedFindings(limits.max_findings_per_code)
    header, persons = xml_nodes(data, name, findings, limits)
    return _read(
        header,
        persons,
        findings,
        name=name,
        year=year,
        pseudonymise=_pseudonymiser(pseudonymise),
    )


def _module_of(key: str) -> str | None:
    stem = Path(key).name.lower()
    stem = stem.removesuffix(".csv")
    for module in sorted(FIELDS, key=len, reverse=True):
        if stem == module or stem.endswith(("_" + module, "-" + module)):
            return module
    return None


def read_sen2_csv(
    files: Mapping[str, bytes],
    *,
    pseudonymise: PseudonymKey | Pseudonymise | None,
    year: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Sen2Return:
    """Read a SEN2 module CSV export (one file per module) from bytes. Never raises.

    Args:
        files: file name -> bytes. A file is matched to its module by the end of its name
            (``person.csv``, ``Blade-Export_16-01-2025_namedplan.csv``); a file matching no
            module is reported (``unknown-file``) and not read.
        pseudonymise: as for :func:`read_sen2_xml`.
        year: the collection year; by default the ``sen2`` module's.
        limits: as for :func:`read_sen2_xml`; ``max_file_bytes`` bounds the files together
            and ``max_rows`` each file.
    """
    findings = BoundedFindings(limits.max_findings_per_code)
    by_module: dict[str, tuple[str, bytes]] = {}
    for key, data in files.items():
        module = _module_of(key)
        fname = Path(key).name
        if module is None:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="unknown-file",
                    message="the file's name matches no SEN2 module; not read",
                    subject_id=fname,
                    location=fname,
                )
            )
        elif module in by_module:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="duplicate-module",
                    message=f"a second {module} file; only {by_module[module][0]} is read",
                    subject_id=fname,
                    location=fname,
                )
            )
        else:
            by_module[module] = (fname, data)
    header, persons = csv_nodes(by_module, findings, limits)
    return _read(
        header,
        persons,
        findings,
        name="sen2.csv",
        year=year,
        pseudonymise=_pseudonymiser(pseudonymise),
    )


def load_sen2(
    path: str | Path,
    *,
    pseudonymise: PseudonymKey | Pseudonymise | None,
    year: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Sen2Return:
    """Read a SEN2 return from disk: an XML file, or a folder of module CSV files.

    Only regular files are read (never a device such as ``/dev/zero``, nor a pipe), each
    checked against ``limits.max_file_bytes`` before it is read; a folder's ``.csv`` files
    together must fit the same bound.

    Raises:
        LoadError: the file or folder cannot be opened or read at all, is not a regular file
            (or folder), or is larger than ``limits.max_file_bytes``. Bad content is never an
            error: it is a finding.
    """
    p = Path(path)
    try:
        if p.is_dir():
            names = sorted(q for q in p.iterdir() if q.suffix.lower() == ".csv")
            files: dict[str, bytes] = {}
            total = 0
            for q in names:
                files[q.name] = read_bounded(q, limits)
                total += len(files[q.name])
                if total > limits.max_file_bytes:
                    raise LoadError(
                        [
                            f"the CSV files hold more than the {limits.max_file_bytes:,} bytes "
                            f"slcp reads (Limits.max_file_bytes) @ {p}"
                        ],
                        source=str(p),
                    )
            return read_sen2_csv(files, pseudonymise=pseudonymise, year=year, limits=limits)
    except OSError as e:
        raise LoadError(
            [f"{e.strerror or 'cannot read the folder'} @ {p}"], source=str(p)
        ) from None
    data = read_bounded(p, limits)
    return read_sen2_xml(data, pseudonymise=pseudonymise, year=year, name=p.name, limits=limits)
