"""CSV for the core tables: boroughs, providers, placements and their fees, contributions and
fee-uplift rounds.

Each table is declared once (its columns, units and key); that declaration reads, writes and
publishes the table's Frictionless Table Schema (``docs/schemas/<table>.table.json``).

Conventions (decision records 0700-0705):

* Files are UTF-8 (a byte-order mark is accepted), comma-separated, one header row; columns
  may come in any order. A required column missing from the header, an unknown column or a
  repeated one is reported.
* Money is a whole number of **pence** in columns ending ``_pence`` (``450000`` is
  £4,500.00); ``12.5`` or ``4500.00`` in a pence column is an error, never rounded.
* Rates are exact percentages in columns ending ``_pct`` (``3.5`` is 3.5%).
* Dates are ``YYYY-MM-DD``. Periods are written as ``first_day`` and an **inclusive**
  ``last_day`` (blank while open) and held half-open, ``[first_day, last_day + 1 day)``.
* Financial years are written ``2019/20``; booleans ``true`` / ``false``.
* Rows are numbered as in a spreadsheet: the header is row 1, the first record row 2.

Readers take a path (``str`` or ``os.PathLike``) or the file's bytes and return a
:class:`TableRead`: the records of every row that could be used and every finding at once,
each naming file, row and column. They raise :class:`~slcp.errors.LoadError` only when the
bytes are not CSV text at all (not UTF-8, UTF-16, NUL bytes, unreadable file).
Writers return the CSV text; reading it back gives equal records.

>>> read = read_boroughs(b"name,gss_code,dfe_code\\nCroydon,E09000008,306\\n")
>>> read.records[0].gss_code, read.findings
('E09000008', ())
>>> bad = read_contributions(
...     b"borough_gss,workstream,financial_year,amount_pence\\nE09000008,lac,2019/20,12.5\\n")
>>> print(bad.error_messages()[0])
contribution must be an integer of pence, e.g. 450000 for £4,500.00, got '12.5' \
@ contributions.csv row 2 column amount_pence
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import attrs

from slcp.domain.borough import Borough, DfeLaCode, GssCode
from slcp.domain.child import ChildRef
from slcp.domain.codes import EndingReason, OfstedRating, RouteKind, ServiceKind, Workstream
from slcp.domain.finance import Contribution
from slcp.domain.location import PostcodeDistrict
from slcp.domain.placement import (
    ChargingBasis,
    ChargingMethod,
    FeeComponents,
    FundingShares,
    Placement,
    PlacementEnding,
    PlacementId,
)
from slcp.domain.provider import Admission, AdmissionStatus, Provider, ProviderId
from slcp.domain.purchasing import LotId, PurchaseRoute, VehicleId
from slcp.domain.uplift import (
    FeeUpliftRound,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
)
from slcp.errors import InvalidValueError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import (
    CellKind,
    Column,
    CsvSource,
    ParsedRow,
    TableRead,
    TableSpec,
    build_frictionless_schema,
    build_records,
    decode_source,
    format_location,
    parse_table,
    write_table,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

__all__ = [
    "TABLE_NAMES",
    "CsvSource",
    "TableRead",
    "dumps_table_schema",
    "read_boroughs",
    "read_contributions",
    "read_placements",
    "read_providers",
    "read_uplift_rounds",
    "write_boroughs",
    "write_contributions",
    "write_placement_fees",
    "write_placements",
    "write_provider_admissions",
    "write_provider_ratings",
    "write_providers",
    "write_table_schemas",
    "write_uplift_bands",
    "write_uplift_requests",
    "write_uplift_rounds",
]

T = TypeVar("T")


def _codes(kind: type[enum.Enum]) -> tuple[tuple[str, object], ...]:
    return tuple((str(member.value), member) for member in kind)


def _text(name: str, description: str, *, required: bool = False, label: str = "") -> Column:
    return Column(
        name=name, kind=CellKind.TEXT, description=description, required=required, label=label
    )


_GSS_PATTERN = "E(06|08|09|10)[0-9]{6}"


def _gss(name: str, description: str) -> Column:
    return Column(
        name=name,
        kind=CellKind.TEXT,
        description=description + " E06, E08, E09 or E10 followed by six digits.",
        required=True,
        label="GSS code",
        pattern=_GSS_PATTERN,
    )


def _code(name: str, kind: type[enum.Enum], description: str, *, required: bool = False) -> Column:
    return Column(
        name=name,
        kind=CellKind.CODE,
        description=description,
        required=required,
        codes=_codes(kind),
        label=name.replace("_", " "),
    )


def _date(name: str, description: str, *, required: bool = False) -> Column:
    return Column(name=name, kind=CellKind.DATE, description=description, required=required)


def _pence(name: str, description: str, *, label: str, required: bool = False) -> Column:
    return Column(
        name=name,
        kind=CellKind.PENCE,
        description=description,
        required=required,
        label=label,
        minimum=0,
    )


def _pct(name: str, description: str, *, label: str, required: bool = False) -> Column:
    return Column(
        name=name, kind=CellKind.PCT, description=description, required=required, label=label
    )


def _source_columns(prefix: str, what: str, *, required: bool) -> tuple[Column, ...]:
    return (
        _code(
            f"{prefix}source_kind",
            SourceKind,
            f"Kind of source for {what}: " + ", ".join(k.value for k in SourceKind) + ".",
            required=required,
        ),
        _text(
            f"{prefix}source_citation",
            f"Citation of the source for {what}, e.g. a board decision and its date.",
            required=required,
            label=f"{prefix}source citation".replace("_", " "),
        ),
        _date(f"{prefix}source_dated", f"Date of the source for {what}, where known."),
    )


def _source(row: ParsedRow, prefix: str = "") -> Source | None:
    kind = row.optional(f"{prefix}source_kind", SourceKind)
    citation = row.optional(f"{prefix}source_citation", str)
    dated = row.optional(f"{prefix}source_dated", dt.date)
    if kind is None and citation is None:
        if dated is not None:
            raise InvalidValueError(
                "a source date needs a source kind and citation",
                field=f"{prefix}source_kind",
                expected="both source kind and source citation, or neither",
            )
        return None
    if kind is None or citation is None:
        missing = f"{prefix}source_kind" if kind is None else f"{prefix}source_citation"
        raise InvalidValueError(
            "a source needs both its kind and its citation",
            field=missing,
            expected="both source kind and source citation, or neither",
        )
    return Source(kind=kind, citation=citation, dated=dated)


def _required_source(row: ParsedRow, prefix: str = "") -> Source:
    source = _source(row, prefix)
    if source is None:  # the columns are declared required, so this is unreachable
        raise InvalidValueError("a source is required", field=f"{prefix}source_kind")
    return source


def _source_cells(source: Source | None, prefix: str = "") -> dict[str, object]:
    return {
        f"{prefix}source_kind": None if source is None else source.kind,
        f"{prefix}source_citation": None if source is None else source.citation,
        f"{prefix}source_dated": None if source is None else source.dated,
    }


def _read_one(
    source: CsvSource,
    spec: TableSpec,
    build: Callable[[ParsedRow], T],
    subject: Callable[[ParsedRow], str] | None = None,
) -> TableRead[T]:
    text, name = decode_source(source, default_name=spec.file_name)
    rows, findings = parse_table(text, spec, file_name=name)
    built = build_records(rows, spec, build, file_name=name, findings=findings, subject=subject)
    return TableRead(records=tuple(r for _, r in built), findings=tuple(findings))


@attrs.frozen(kw_only=True)
class _Parent:
    """A parent table as read, for attaching the rows of its child tables to its records.

    Attributes:
        key: the column naming the record, in the parent and each child table
            (``provider_id``).
        noun: the record in messages (``provider``).
        file_name: the parent table's file name, for messages.
        known: the keys the parent table holds.
    """

    key: str
    noun: str
    file_name: str
    known: frozenset[str]

    @classmethod
    def from_rows(
        cls, rows: Sequence[ParsedRow], *, key: str, noun: str, file_name: str
    ) -> _Parent:
        known = frozenset(k for r in rows if (k := r.optional(key, str)) is not None)
        return cls(key=key, noun=noun, file_name=file_name, known=known)


def _read_children(
    source: CsvSource | None,
    spec: TableSpec,
    build: Callable[[ParsedRow], tuple[str, T]],
    parent: _Parent,
    findings: list[Finding],
) -> tuple[dict[str, list[T]], set[str]]:
    """Decode a child table and attach its rows with :func:`_attach_children`.

    ``None`` (a table not supplied) gives no records and no findings; bytes are named
    ``spec.file_name`` in messages.

    Raises:
        LoadError: the file is not UTF-8 CSV text.
    """
    if source is None:
        return {}, set()
    child = decode_source(source, default_name=spec.file_name)
    return _attach_children(child, spec, build, parent, findings)


def _attach_children(
    child: tuple[str, str],
    spec: TableSpec,
    build: Callable[[ParsedRow], tuple[str, T]],
    parent: _Parent,
    findings: list[Finding],
) -> tuple[dict[str, list[T]], set[str]]:
    """Parse a decoded child table and group its records by the parent record they name.

    Args:
        child: ``(text, file name)`` as returned by :func:`decode_source`.
        spec: the child table.
        build: makes ``(parent key, record)`` from a good row.
        parent: the parent table.
        findings: where the child table's findings are appended, in row order.

    Returns:
        Each parent's records in file order, and the parent keys named by a child row that
        has errors (those parents are left out rather than loaded without the row). A row
        naming a key the parent table does not hold is an ``unknown-reference`` error.
    """
    text, file_name = child
    rows, found = parse_table(text, spec, file_name=file_name)
    findings += found
    tainted = {k for r in rows if not r.ok and (k := r.optional(parent.key, str))}
    by_parent: dict[str, list[T]] = {}
    for row, (k, item) in build_records(rows, spec, build, file_name=file_name, findings=findings):
        if k not in parent.known:
            findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code="unknown-reference",
                    message=f"{parent.noun} {k} is not in {parent.file_name}",
                    subject_id=k,
                    location=format_location(file_name, row.number, parent.key),
                )
            )
            continue
        by_parent.setdefault(k, []).append(item)
    return by_parent, tainted


# --- boroughs -------------------------------------------------------------------------------

BOROUGHS = TableSpec(
    name="boroughs",
    file_name="boroughs.csv",
    title="Boroughs",
    description="One row per English local authority the programme refers to.",
    columns=(
        _text(
            "gss_code",
            "ONS GSS code: E06, E08, E09 or E10 followed by six digits, e.g. E09000008.",
            required=True,
            label="GSS code",
        ),
        _text(
            "dfe_code",
            "DfE local-authority code: three digits kept as text, e.g. 306.",
            required=True,
            label="DfE code",
        ),
        _text("name", "The borough's common name, e.g. Croydon.", required=True),
    ),
    primary_key=("gss_code",),
)


def _borough(row: ParsedRow) -> Borough:
    return Borough(
        name=row.text("name"),
        gss_code=GssCode(row.text("gss_code")),
        dfe_code=DfeLaCode(row.text("dfe_code")),
    )


def read_boroughs(source: CsvSource) -> TableRead[Borough]:
    """Read ``boroughs.csv`` (columns ``gss_code``, ``dfe_code``, ``name``).

    Args:
        source: a path or the file's bytes.

    Returns:
        The boroughs of every usable row and every finding.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> read_boroughs(b"gss_code,name,dfe_code\\nE07000001,Nowhere,1\\n").error_messages()
    ("not an English local-authority GSS code; got 'E07000001'; expected E06, E08, E09 or E10 \
followed by six digits, e.g. 'E09000008' @ boroughs.csv row 2 column gss_code",)
    """
    return _read_one(source, BOROUGHS, _borough, lambda r: r.text("gss_code"))


def write_boroughs(boroughs: Iterable[Borough]) -> str:
    """``boroughs.csv`` text for ``boroughs``, in the order given.

    >>> from slcp.domain import borough_by_name
    >>> print(write_boroughs([borough_by_name("Croydon")]), end="")
    gss_code,dfe_code,name
    E09000008,306,Croydon
    """
    return write_table(
        BOROUGHS,
        ({"gss_code": b.gss_code, "dfe_code": b.dfe_code, "name": b.name} for b in boroughs),
    )


# --- providers ------------------------------------------------------------------------------

PROVIDERS = TableSpec(
    name="providers",
    file_name="providers.csv",
    title="Providers",
    description="One row per provider (an organisation, never a person).",
    columns=(
        _text("provider_id", "The programme's id for the provider, e.g. PRV-0001.", required=True),
        _text("name", "Trading name of the organisation.", required=True),
        _text("urn", "Ofsted (SC followed by digits) or DfE school URN, where registered."),
        _text("tier", "Tier used by fee-uplift bands, e.g. A."),
        Column(
            name="gias_establishment_type",
            kind=CellKind.INTEGER,
            description=(
                "DfE GIAS establishment type code for schools: 8 non-maintained special, "
                "10 other independent special, 32 special post-16 institution."
            ),
            minimum=0,
            maximum=999,
            label="GIAS establishment type",
        ),
    ),
    primary_key=("provider_id",),
)

PROVIDER_RATINGS = TableSpec(
    name="provider_ratings",
    file_name="provider_ratings.csv",
    title="Provider Ofsted ratings",
    description=(
        "One row per Ofsted judgement; each is in force from its inspection date until the "
        "provider's next one."
    ),
    columns=(
        _text("provider_id", "The provider judged (providers.provider_id).", required=True),
        _date(
            "effective_from",
            "First day the judgement is in force (the inspection's publication).",
            required=True,
        ),
        _code("rating", OfstedRating, "Ofsted overall effectiveness.", required=True),
        *_source_columns("", "the judgement", required=True),
    ),
    primary_key=("provider_id", "effective_from"),
    foreign_keys=((("provider_id",), "providers", ("provider_id",)),),
)

PROVIDER_ADMISSIONS = TableSpec(
    name="provider_admissions",
    file_name="provider_admissions.csv",
    title="Provider admissions to frameworks and DPSs",
    description=(
        "One row per change in a provider's status on a framework lot or DPS, in force from "
        "its date until the next change for the same vehicle and lot."
    ),
    columns=(
        _text("provider_id", "The provider (providers.provider_id).", required=True),
        _text("vehicle_id", "The framework or DPS, e.g. LAC-FW-2020.", required=True),
        _text("lot_id", "The lot; blank for every lot of the vehicle."),
        _code("status", AdmissionStatus, "The new status.", required=True),
        _date("effective_from", "First day the status holds.", required=True),
    ),
    foreign_keys=((("provider_id",), "providers", ("provider_id",)),),
)


def _provider_base(row: ParsedRow) -> Provider:
    return Provider(
        id=ProviderId(row.text("provider_id")),
        name=row.text("name"),
        urn=row.optional("urn", str),
        tier=row.optional("tier", str),
        gias_establishment_type=row.optional("gias_establishment_type", int),
    )


def _rating(row: ParsedRow) -> tuple[str, TimelineEntry[OfstedRating]]:
    return row.text("provider_id"), TimelineEntry(
        effective=row.get("effective_from", dt.date),
        value=row.get("rating", OfstedRating),
        source=_required_source(row),
    )


def _admission(row: ParsedRow) -> tuple[str, Admission]:
    lot = row.optional("lot_id", str)
    return row.text("provider_id"), Admission(
        vehicle=VehicleId(row.text("vehicle_id")),
        lot=None if lot is None else LotId(lot),
        status=row.get("status", AdmissionStatus),
        effective=row.get("effective_from", dt.date),
    )


def read_providers(
    providers: CsvSource,
    ratings: CsvSource | None = None,
    admissions: CsvSource | None = None,
) -> TableRead[Provider]:
    """Read ``providers.csv`` and, optionally, its Ofsted ratings and admissions tables.

    A rating or admission naming a provider not in ``providers.csv`` is an
    ``unknown-reference`` error; a provider whose rating or admission rows have errors is
    left out (with an ``incomplete-record`` error) rather than loaded without them.

    Args:
        providers: ``providers.csv`` as a path or bytes.
        ratings: ``provider_ratings.csv``, or ``None`` when there are no ratings.
        admissions: ``provider_admissions.csv``, or ``None``.

    Raises:
        LoadError: a file is not UTF-8 CSV text.
    """
    findings: list[Finding] = []
    text, name = decode_source(providers, default_name=PROVIDERS.file_name)
    rows, found = parse_table(text, PROVIDERS, file_name=name)
    findings += found
    parent = _Parent.from_rows(rows, key="provider_id", noun="provider", file_name=name)
    ratings_by, bad_ratings = _read_children(ratings, PROVIDER_RATINGS, _rating, parent, findings)
    admissions_by, bad_admissions = _read_children(
        admissions, PROVIDER_ADMISSIONS, _admission, parent, findings
    )
    tainted = bad_ratings | bad_admissions

    def build_provider(row: ParsedRow) -> Provider:
        pid = row.text("provider_id")
        if pid in tainted:
            raise InvalidValueError(
                "the provider's rating or admission rows have errors, so it was not loaded",
                field="provider_id",
                value=pid,
            )
        provider = _provider_base(row)
        entries = ratings_by.get(pid)
        ofsted = Timeline.from_entries(entries) if entries else None
        return Provider(
            id=provider.id,
            name=provider.name,
            urn=provider.urn,
            tier=provider.tier,
            ofsted=ofsted,
            admissions=tuple(admissions_by.get(pid, ())),
            gias_establishment_type=provider.gias_establishment_type,
        )

    built = build_records(
        rows,
        PROVIDERS,
        build_provider,
        file_name=name,
        findings=findings,
        subject=lambda r: r.text("provider_id"),
    )
    return TableRead(records=tuple(p for _, p in built), findings=tuple(findings))


def write_providers(providers: Iterable[Provider]) -> str:
    """``providers.csv`` text (ratings and admissions go to their own tables).

    >>> p = Provider(id=ProviderId("PRV-1"), name="Oak House Ltd", urn="SC123456")
    >>> print(write_providers([p]), end="")
    provider_id,name,urn,tier,gias_establishment_type
    PRV-1,Oak House Ltd,SC123456,,
    """
    return write_table(
        PROVIDERS,
        (
            {
                "provider_id": p.id,
                "name": p.name,
                "urn": p.urn,
                "tier": p.tier,
                "gias_establishment_type": p.gias_establishment_type,
            }
            for p in providers
        ),
    )


def write_provider_ratings(providers: Iterable[Provider]) -> str:
    """``provider_ratings.csv`` text: every provider's Ofsted history, provider by provider.

    Raises:
        InvalidValueError: a rating history has an ``ends`` date, which the table cannot hold.
    """
    rows: list[dict[str, object]] = []
    for p in providers:
        if p.ofsted is None:
            continue
        if p.ofsted.ends is not None:
            raise InvalidValueError(
                "an Ofsted history with an end date cannot be written as CSV",
                field="ofsted.ends",
                value=p.id,
            )
        for e in p.ofsted.entries:
            rows.append(
                {
                    "provider_id": p.id,
                    "effective_from": e.effective,
                    "rating": e.value,
                    **_source_cells(e.source),
                }
            )
    return write_table(PROVIDER_RATINGS, rows)


def write_provider_admissions(providers: Iterable[Provider]) -> str:
    """``provider_admissions.csv`` text: every provider's admissions, in recorded order."""
    return write_table(
        PROVIDER_ADMISSIONS,
        (
            {
                "provider_id": p.id,
                "vehicle_id": a.vehicle,
                "lot_id": a.lot,
                "status": a.status,
                "effective_from": a.effective,
            }
            for p in providers
            for a in p.admissions
        ),
    )


# --- placements and their fees --------------------------------------------------------------

PLACEMENTS = TableSpec(
    name="placements",
    file_name="placements.csv",
    title="Placements",
    description=(
        "One row per placement of a child by a borough; weekly fees are in placement_fees. "
        "The period is first_day to last_day, both included."
    ),
    columns=(
        _text("placement_id", "Unique id of the placement.", required=True),
        _text(
            "child_ref",
            "Pseudonymous child reference: 1-64 letters, digits, '.', '-' or '_'; never a name.",
            required=True,
            label="child reference",
        ),
        _gss("borough_gss", "GSS code of the placing borough."),
        _code("workstream", Workstream, "send or lac.", required=True),
        _text("provider_id", "The provider (providers.provider_id); blank for in-house care."),
        _code("service", ServiceKind, "What is bought for the child.", required=True),
        _date("first_day", "First day of the placement (included).", required=True),
        _date(
            "last_day",
            "Last day of the placement (included); blank while it continues. Held half-open "
            "as [first_day, last_day + 1 day).",
        ),
        _code("route", RouteKind, "How the placement was bought.", required=True),
        _text("vehicle_id", "Framework, DPS or block contract called off (not for spot)."),
        _text("lot_id", "Lot called off, where the vehicle has lots."),
        _code(
            "charging_method",
            ChargingMethod,
            "How weekly fees become charges; blank means daily_pro_rata (weekly / 7 x days).",
        ),
        Column(
            name="weeks_per_year",
            kind=CellKind.INTEGER,
            description="Weeks charged a year, 1-52, for weeks_per_year charging only.",
            minimum=1,
            maximum=52,
            label="weeks per year",
        ),
        _pct(
            "social_care_pct",
            "Social care's share of the funding, a percentage. The three shares sum to exactly "
            "100; all three blank means 100% social care.",
            label="social care share",
        ),
        _pct(
            "education_pct",
            "Education's share of the funding, a percentage.",
            label="education share",
        ),
        _pct("health_pct", "Health's share of the funding, a percentage.", label="health share"),
        _text(
            "location_district",
            "Postcode district of the placement (outward code, e.g. CR0); never a full postcode.",
        ),
        Column(
            name="distance_from_home_miles",
            kind=CellKind.DECIMAL,
            description="Straight-line distance from home in miles, an exact decimal.",
            label="distance from home",
        ),
        _code("ending_reason", EndingReason, "Why the placement ended (ended placements only)."),
        _date("notice_given_on", "Day notice to end was given, where known."),
        _text("ssda903_place", "SSDA903 PLACE code for LAC placements, e.g. K2."),
        _text("ssda903_provider", "SSDA903 PLACE_PROVIDER code, e.g. PR4."),
        Column(
            name="education_continuity",
            kind=CellKind.BOOLEAN,
            description="true when the child kept their school on being placed.",
            label="education continuity",
        ),
    ),
    primary_key=("placement_id",),
    foreign_keys=(
        (("borough_gss",), "boroughs", ("gss_code",)),
        (("provider_id",), "providers", ("provider_id",)),
    ),
    field_columns={
        "child": "child_ref",
        "start": "first_day",
        "end": "last_day",
        "fees": "placement_id",
        "effective": "first_day",
        "location": "location_district",
        "ending": "ending_reason",
        "service": "service",
        "funding": "social_care_pct",
        "vehicle": "vehicle_id",
        "lot": "lot_id",
    },
)
PLACEMENT_FEES = TableSpec(
    name="placement_fees",
    file_name="placement_fees.csv",
    title="Placement weekly fees",
    description=(
        "One row per contractual weekly fee of a placement, in force from effective_from "
        "until the placement's next fee row. All amounts are per week, ex-VAT, in pence. "
        "Programme-wide annual uplifts are not entered here."
    ),
    columns=(
        _text("placement_id", "The placement (placements.placement_id).", required=True),
        _date(
            "effective_from",
            "First day the fee is in force; a placement's first fee starts on its first_day.",
            required=True,
        ),
        _pence("core_pence", "Core weekly fee in pence.", label="weekly fee", required=True),
        _pence(
            "additional_support_pence",
            "Additional support (e.g. 1:1 staffing) per week in pence; blank means 0.",
            label="additional support",
        ),
        _pence(
            "education_pence",
            "Education element per week in pence; blank means 0.",
            label="education fee",
        ),
        _pence("other_pence", "Anything else per week in pence; blank means 0.", label="other"),
        *_source_columns("", "the fee", required=True),
    ),
    primary_key=("placement_id", "effective_from"),
    foreign_keys=((("placement_id",), "placements", ("placement_id",)),),
    field_columns={
        "core": "core_pence",
        "additional_support": "additional_support_pence",
        "education": "education_pence",
        "other": "other_pence",
    },
)


def _fee(row: ParsedRow) -> tuple[str, TimelineEntry[FeeComponents]]:
    def part(column: str) -> Money:
        return row.optional(column, Money) or Money(0)

    return row.text("placement_id"), TimelineEntry(
        effective=row.get("effective_from", dt.date),
        value=FeeComponents(
            core=row.get("core_pence", Money),
            additional_support=part("additional_support_pence"),
            education=part("education_pence"),
            other=part("other_pence"),
        ),
        source=_required_source(row),
    )


_ALL_SOCIAL_CARE = FundingShares.all_social_care()


def _funding(row: ParsedRow) -> FundingShares:
    shares = [row.optional(c, Rate) for c in ("social_care_pct", "education_pct", "health_pct")]
    if all(s is None for s in shares):
        return _ALL_SOCIAL_CARE
    social, education, health = (s or Rate.zero() for s in shares)
    return FundingShares(social_care=social, education=education, health=health)


def _placement(row: ParsedRow, fees: Sequence[TimelineEntry[FeeComponents]]) -> Placement:
    first_day = row.get("first_day", dt.date)
    last_day = row.optional("last_day", dt.date)
    if last_day is not None and last_day < first_day - dt.timedelta(days=1):
        raise InvalidValueError(
            f"last_day {last_day.isoformat()} is before first_day {first_day.isoformat()}",
            field="end",
            expected="on or after first_day (the day before it for a placement of no days)",
        )
    period = (
        DateRange.open_from(first_day)
        if last_day is None
        else DateRange.from_inclusive(first_day, last_day)
    )
    method = row.optional("charging_method", ChargingMethod) or ChargingMethod.DAILY_PRO_RATA
    vehicle = row.optional("vehicle_id", str)
    lot = row.optional("lot_id", str)
    reason = row.optional("ending_reason", EndingReason)
    notice = row.optional("notice_given_on", dt.date)
    if reason is None and notice is not None:
        raise InvalidValueError(
            "notice_given_on needs an ending_reason", field="ending", value=notice.isoformat()
        )
    if not fees:
        raise InvalidValueError(
            "the placement has no rows in placement_fees.csv; a placement needs at least one "
            "fee starting on its first_day",
            field="fees",
        )
    provider = row.optional("provider_id", str)
    location_district = row.optional("location_district", str)
    return Placement(
        id=PlacementId(row.text("placement_id")),
        child=ChildRef(row.text("child_ref")),
        borough=GssCode(row.text("borough_gss")),
        workstream=row.get("workstream", Workstream),
        provider=None if provider is None else ProviderId(provider),
        service=row.get("service", ServiceKind),
        period=period,
        fees=Timeline.from_entries(fees),
        charging=ChargingBasis(method=method, weeks_per_year=row.optional("weeks_per_year", int)),
        route=PurchaseRoute(
            kind=row.get("route", RouteKind),
            vehicle=None if vehicle is None else VehicleId(vehicle),
            lot=None if lot is None else LotId(lot),
        ),
        funding=_funding(row),
        location=None if location_district is None else PostcodeDistrict(location_district),
        distance_from_home_miles=row.optional("distance_from_home_miles", Decimal),
        ending=None if reason is None else PlacementEnding(reason=reason, notice_given_on=notice),
        ssda903_place=row.optional("ssda903_place", str),
        ssda903_provider=row.optional("ssda903_provider", str),
        education_continuity=row.optional("education_continuity", bool),
    )


def read_placements(placements: CsvSource, fees: CsvSource) -> TableRead[Placement]:
    """Read ``placements.csv`` with its weekly fees from ``placement_fees.csv``.

    Every placement needs at least one fee row, the first taking effect on its ``first_day``.
    A fee row naming an unknown placement is an ``unknown-reference`` error; a placement with
    a bad fee row is left out (``invalid-record``) rather than loaded with a partial history.

    Args:
        placements: ``placements.csv`` as a path or bytes.
        fees: ``placement_fees.csv`` as a path or bytes.

    Raises:
        LoadError: a file is not UTF-8 CSV text.
    """
    findings: list[Finding] = []
    # The fees file is decoded first, so when neither file is CSV text the fees are reported.
    fee_text, fee_name = decode_source(fees, default_name=PLACEMENT_FEES.file_name)
    text, name = decode_source(placements, default_name=PLACEMENTS.file_name)
    rows, found = parse_table(text, PLACEMENTS, file_name=name)
    findings += found
    parent = _Parent.from_rows(rows, key="placement_id", noun="placement", file_name=name)
    by_placement, tainted = _attach_children(
        (fee_text, fee_name), PLACEMENT_FEES, _fee, parent, findings
    )

    def build(row: ParsedRow) -> Placement:
        pid = row.text("placement_id")
        if pid in tainted:
            raise InvalidValueError(
                f"the placement's rows in {fee_name} have errors, so it was not loaded",
                field="fees",
                value=pid,
            )
        return _placement(row, by_placement.get(pid, []))

    built = build_records(
        rows,
        PLACEMENTS,
        build,
        file_name=name,
        findings=findings,
        subject=lambda r: r.text("placement_id"),
    )
    return TableRead(records=tuple(p for _, p in built), findings=tuple(findings))


def write_placements(placements: Iterable[Placement]) -> str:
    """``placements.csv`` text; the fees go to :func:`write_placement_fees`.

    The half-open period ``[start, end)`` is written as ``first_day`` and the inclusive
    ``last_day`` (``end`` - 1 day; for a zero-day placement that is the day before
    ``first_day``, which reads back as the same empty range).
    """
    rows: list[dict[str, object]] = []
    for p in placements:
        end = p.period.end
        rows.append(
            {
                "placement_id": p.id,
                "child_ref": p.child,
                "borough_gss": p.borough,
                "workstream": p.workstream,
                "provider_id": p.provider,
                "service": p.service,
                "first_day": p.period.start,
                "last_day": None if end is None else end - dt.timedelta(days=1),
                "route": p.route.kind,
                "vehicle_id": p.route.vehicle,
                "lot_id": p.route.lot,
                "charging_method": p.charging.method,
                "weeks_per_year": p.charging.weeks_per_year,
                "social_care_pct": p.funding.social_care,
                "education_pct": p.funding.education,
                "health_pct": p.funding.health,
                "location_district": p.location,
                "distance_from_home_miles": p.distance_from_home_miles,
                "ending_reason": None if p.ending is None else p.ending.reason,
                "notice_given_on": None if p.ending is None else p.ending.notice_given_on,
                "ssda903_place": p.ssda903_place,
                "ssda903_provider": p.ssda903_provider,
                "education_continuity": p.education_continuity,
            }
        )
    return write_table(PLACEMENTS, rows)


def write_placement_fees(placements: Iterable[Placement]) -> str:
    """``placement_fees.csv`` text: each placement's fee history, oldest first.

    Raises:
        InvalidValueError: a fee history has an ``ends`` date, which the table cannot hold.
    """
    rows: list[dict[str, object]] = []
    for p in placements:
        if p.fees.ends is not None:
            raise InvalidValueError(
                "a fee history with an end date cannot be written as CSV",
                field="fees.ends",
                value=p.id,
            )
        for e in p.fees.entries:
            rows.append(
                {
                    "placement_id": p.id,
                    "effective_from": e.effective,
                    "core_pence": e.value.core,
                    "additional_support_pence": e.value.additional_support,
                    "education_pence": e.value.education,
                    "other_pence": e.value.other,
                    **_source_cells(e.source),
                }
            )
    return write_table(PLACEMENT_FEES, rows)


# --- contributions --------------------------------------------------------------------------

CONTRIBUTIONS = TableSpec(
    name="contributions",
    file_name="contributions.csv",
    title="Contributions",
    description="What a borough pays into a workstream for a financial year.",
    columns=(
        _gss("borough_gss", "GSS code of the paying borough."),
        _code("workstream", Workstream, "send or lac.", required=True),
        Column(
            name="financial_year",
            kind=CellKind.FINANCIAL_YEAR,
            description="The financial year, 1 April to 31 March, written like 2019/20.",
            required=True,
            label="financial year",
        ),
        _pence(
            "amount_pence",
            "The full-year contribution in pence, e.g. 3000000 for £30,000.00.",
            label="contribution",
            required=True,
        ),
        *_source_columns("", "the contribution", required=False),
    ),
    primary_key=("borough_gss", "workstream", "financial_year"),
    foreign_keys=((("borough_gss",), "boroughs", ("gss_code",)),),
    field_columns={"amount": "amount_pence"},
)


def _contribution(row: ParsedRow) -> Contribution:
    return Contribution(
        borough=GssCode(row.text("borough_gss")),
        workstream=row.get("workstream", Workstream),
        financial_year=row.get("financial_year", FinancialYear),
        amount=row.get("amount_pence", Money),
        source=_source(row),
    )


def read_contributions(source: CsvSource) -> TableRead[Contribution]:
    """Read ``contributions.csv``; one row per borough, workstream and financial year.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, CONTRIBUTIONS, _contribution)


def write_contributions(contributions: Iterable[Contribution]) -> str:
    """``contributions.csv`` text.

    >>> c = Contribution(borough=GssCode("E09000008"), workstream=Workstream.LAC,
    ...                  financial_year=FinancialYear(2019), amount=Money(3_000_000))
    >>> print(write_contributions([c]), end="")
    borough_gss,workstream,financial_year,amount_pence,source_kind,source_citation,source_dated
    E09000008,lac,2019/20,3000000,,,
    """
    return write_table(
        CONTRIBUTIONS,
        (
            {
                "borough_gss": c.borough,
                "workstream": c.workstream,
                "financial_year": c.financial_year,
                "amount_pence": c.amount,
                **_source_cells(c.source),
            }
            for c in contributions
        ),
    )


# --- fee uplift rounds ----------------------------------------------------------------------

UPLIFT_ROUNDS = TableSpec(
    name="uplift_rounds",
    file_name="uplift_rounds.csv",
    title="Fee uplift rounds",
    description=(
        "One row per annual fee-increase round of a workstream, with the partnership's "
        "position; its bands and provider requests are in uplift_bands and uplift_requests."
    ),
    columns=(
        _text("round_id", "The round's id, e.g. SEND-2019/20.", required=True),
        _code("workstream", Workstream, "send or lac.", required=True),
        Column(
            name="financial_year",
            kind=CellKind.FINANCIAL_YEAR,
            description="The financial year the increase applies in, e.g. 2019/20.",
            required=True,
            label="financial year",
        ),
        _code(
            "timing",
            UpliftTiming,
            "When the increase takes effect; blank means financial_year_start (1 April).",
        ),
        _pct(
            "default_cap_pct",
            "Cap for providers no band covers, a percentage, above -100 and at most 100; "
            "blank for no general cap.",
            label="default cap",
        ),
        *_source_columns("position_", "the partnership's position", required=True),
        *_source_columns("", "the decision that closed the round", required=True),
    ),
    primary_key=("round_id",),
    field_columns={"default_cap": "default_cap_pct", "requests": "round_id"},
)

UPLIFT_BANDS = TableSpec(
    name="uplift_bands",
    file_name="uplift_bands.csv",
    title="Fee uplift bands",
    description=(
        "Caps for a provider tier and/or a service within a round, in order: the first band "
        "of a round that applies wins."
    ),
    columns=(
        _text("round_id", "The round (uplift_rounds.round_id).", required=True),
        _pct(
            "cap_pct",
            "The highest increase accepted, a percentage above -100 and at most 100.",
            label="cap",
            required=True,
        ),
        _text("provider_tier", "The provider tier it applies to; blank for any tier."),
        _code("service", ServiceKind, "The service it applies to; blank for any service."),
    ),
    foreign_keys=((("round_id",), "uplift_rounds", ("round_id",)),),
    field_columns={"cap": "cap_pct"},
)

UPLIFT_REQUESTS = TableSpec(
    name="uplift_requests",
    file_name="uplift_requests.csv",
    title="Fee uplift requests",
    description="What one provider asked for in a round, and any exception agreed.",
    columns=(
        _text("round_id", "The round (uplift_rounds.round_id).", required=True),
        _text("provider_id", "The provider (providers.provider_id).", required=True),
        _code("service", ServiceKind, "Restricts the request to one service; blank for all."),
        _pct(
            "requested_pct",
            "The increase asked for, a percentage above -100 and at most 100.",
            label="requested increase",
            required=True,
        ),
        _pct(
            "agreed_pct",
            "The increase agreed case by case; blank means the position's cap applies.",
            label="agreed increase",
        ),
        *_source_columns("", "the request", required=False),
    ),
    primary_key=("round_id", "provider_id", "service"),
    foreign_keys=(
        (("round_id",), "uplift_rounds", ("round_id",)),
        (("provider_id",), "providers", ("provider_id",)),
    ),
    field_columns={"requested": "requested_pct", "agreed": "agreed_pct"},
)


def _band(row: ParsedRow) -> tuple[str, UpliftBand]:
    return row.text("round_id"), UpliftBand(
        cap=row.get("cap_pct", Rate),
        provider_tier=row.optional("provider_tier", str),
        service=row.optional("service", ServiceKind),
    )


def _request(row: ParsedRow) -> tuple[str, UpliftRequest]:
    return row.text("round_id"), UpliftRequest(
        provider=ProviderId(row.text("provider_id")),
        requested=row.get("requested_pct", Rate),
        agreed=row.optional("agreed_pct", Rate),
        service=row.optional("service", ServiceKind),
        source=_source(row),
    )


def read_uplift_rounds(
    rounds: CsvSource, requests: CsvSource, bands: CsvSource | None = None
) -> TableRead[FeeUpliftRound]:
    """Read ``uplift_rounds.csv`` with its ``uplift_requests.csv`` and ``uplift_bands.csv``.

    Bands keep their file order within a round (the first that applies wins). A request or
    band naming an unknown round is an ``unknown-reference`` error; a round with a bad
    request or band row is left out rather than loaded without it.

    Raises:
        LoadError: a file is not UTF-8 CSV text.
    """
    findings: list[Finding] = []
    text, name = decode_source(rounds, default_name=UPLIFT_ROUNDS.file_name)
    rows, found = parse_table(text, UPLIFT_ROUNDS, file_name=name)
    findings += found
    parent = _Parent.from_rows(rows, key="round_id", noun="round", file_name=name)
    bands_by, bad_bands = _read_children(bands, UPLIFT_BANDS, _band, parent, findings)
    requests_by, bad_requests = _read_children(
        requests, UPLIFT_REQUESTS, _request, parent, findings
    )
    tainted = bad_bands | bad_requests

    def build_round(row: ParsedRow) -> FeeUpliftRound:
        rid = row.text("round_id")
        if rid in tainted:
            raise InvalidValueError(
                "the round's band or request rows have errors, so it was not loaded",
                field="round_id",
                value=rid,
            )
        return FeeUpliftRound(
            id=UpliftId(rid),
            workstream=row.get("workstream", Workstream),
            financial_year=row.get("financial_year", FinancialYear),
            timing=row.optional("timing", UpliftTiming) or UpliftTiming.FINANCIAL_YEAR_START,
            position=UpliftPosition(
                default_cap=row.optional("default_cap_pct", Rate),
                bands=tuple(bands_by.get(rid, ())),
                source=_required_source(row, "position_"),
            ),
            requests=tuple(requests_by.get(rid, ())),
            source=_required_source(row),
        )

    built = build_records(
        rows,
        UPLIFT_ROUNDS,
        build_round,
        file_name=name,
        findings=findings,
        subject=lambda r: r.text("round_id"),
    )
    return TableRead(records=tuple(r for _, r in built), findings=tuple(findings))


def write_uplift_rounds(rounds: Iterable[FeeUpliftRound]) -> str:
    """``uplift_rounds.csv`` text; bands and requests go to their own tables."""
    return write_table(
        UPLIFT_ROUNDS,
        (
            {
                "round_id": r.id,
                "workstream": r.workstream,
                "financial_year": r.financial_year,
                "timing": r.timing,
                "default_cap_pct": r.position.default_cap,
                **_source_cells(r.position.source, "position_"),
                **_source_cells(r.source),
            }
            for r in rounds
        ),
    )


def write_uplift_bands(rounds: Iterable[FeeUpliftRound]) -> str:
    """``uplift_bands.csv`` text: each round's bands in order."""
    return write_table(
        UPLIFT_BANDS,
        (
            {
                "round_id": r.id,
                "cap_pct": b.cap,
                "provider_tier": b.provider_tier,
                "service": b.service,
            }
            for r in rounds
            for b in r.position.bands
        ),
    )


def write_uplift_requests(rounds: Iterable[FeeUpliftRound]) -> str:
    """``uplift_requests.csv`` text: each round's requests in order."""
    return write_table(
        UPLIFT_REQUESTS,
        (
            {
                "round_id": r.id,
                "provider_id": q.provider,
                "service": q.service,
                "requested_pct": q.requested,
                "agreed_pct": q.agreed,
                **_source_cells(q.source),
            }
            for r in rounds
            for q in r.requests
        ),
    )


# --- published schemas ----------------------------------------------------------------------

_SPECS: Mapping[str, TableSpec] = {
    spec.name: spec
    for spec in (
        BOROUGHS,
        CONTRIBUTIONS,
        PLACEMENT_FEES,
        PLACEMENTS,
        PROVIDER_ADMISSIONS,
        PROVIDER_RATINGS,
        PROVIDERS,
        UPLIFT_BANDS,
        UPLIFT_REQUESTS,
        UPLIFT_ROUNDS,
    )
}

#: The core tables, by name, as published in ``docs/schemas/<name>.table.json``.
TABLE_NAMES: tuple[str, ...] = tuple(sorted(_SPECS))


def dumps_table_schema(name: str) -> str:
    """The Frictionless Table Schema of a core table as JSON text (2-space indent, newline).

    >>> import json
    >>> schema = json.loads(dumps_table_schema("contributions"))
    >>> [f["name"] for f in schema["fields"]][:4], schema["primaryKey"]
    (['borough_gss', 'workstream', 'financial_year', 'amount_pence'], \
['borough_gss', 'workstream', 'financial_year'])

    Raises:
        KeyError: ``name`` is not one of :data:`TABLE_NAMES`.
    """
    return json.dumps(build_frictionless_schema(_SPECS[name]), indent=2, ensure_ascii=False) + "\n"


def write_table_schemas(directory: str | os.PathLike[str]) -> tuple[Path, ...]:
    """Write ``<name>.table.json`` for every core table into ``directory``.

    Returns:
        The paths written, in :data:`TABLE_NAMES` order.
    """
    folder = Path(directory)
    written: list[Path] = []
    for name in TABLE_NAMES:
        path = folder / f"{name}.table.json"
        path.write_text(dumps_table_schema(name), encoding="utf-8")
        written.append(path)
    return tuple(written)
