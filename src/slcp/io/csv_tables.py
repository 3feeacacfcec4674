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

from slcp.domain.agreement import (
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeId,
    ReviewSchedule,
)
from slcp.domain.borough import Borough, DfeLaCode, GssCode
from slcp.domain.child import Child, ChildRef
from slcp.domain.codes import (
    ConcernCategory,
    Direction,
    EndingReason,
    OfstedRating,
    OutcomeDomain,
    RouteKind,
    SenNeed,
    ServiceKind,
    Workstream,
)
from slcp.domain.episode import CareEpisode
from slcp.domain.finance import Budget, Contribution, SavingId, SavingRecord, SavingSource
from slcp.domain.intelligence import ConcernId, ProviderConcern
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
from slcp.domain.programme import Membership
from slcp.domain.provider import Admission, AdmissionStatus, Provider, ProviderId
from slcp.domain.purchasing import (
    BlockContract,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    Lot,
    LotId,
    PriceBand,
    ProcurementRegime,
    PurchaseRoute,
    PurchasingVehicle,
    VehicleId,
)
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
from slcp.io.atomic import write_atomic
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear, YearMonth
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

__all__ = [
    "TABLE_NAMES",
    "CsvSource",
    "TableRead",
    "dumps_table_schema",
    "read_agreements",
    "read_boroughs",
    "read_budgets",
    "read_children",
    "read_concerns",
    "read_contributions",
    "read_episodes",
    "read_memberships",
    "read_placements",
    "read_programme_row",
    "read_providers",
    "read_savings",
    "read_uplift_rounds",
    "read_vehicles",
    "write_agreement_measurements",
    "write_agreement_outcomes",
    "write_agreement_reviews",
    "write_agreements",
    "write_boroughs",
    "write_budgets",
    "write_children",
    "write_concerns",
    "write_contributions",
    "write_episodes",
    "write_lots",
    "write_memberships",
    "write_placement_fees",
    "write_placements",
    "write_programme_row",
    "write_provider_admissions",
    "write_provider_ratings",
    "write_providers",
    "write_savings",
    "write_table_schemas",
    "write_uplift_bands",
    "write_uplift_requests",
    "write_uplift_rounds",
    "write_vehicles",
]

T = TypeVar("T")


def _codes(kind: type[enum.Enum]) -> tuple[tuple[str, object], ...]:
    return tuple((str(member.value), member) for member in kind)


def _text(name: str, description: str, *, required: bool = False, label: str = "") -> Column:
    return Column(
        name=name, kind=CellKind.TEXT, description=description, required=required, label=label
    )


_GSS_PATTERN = "E(06|08|09|10)[0-9]{6}"


def _gss(name: str, description: str, *, required: bool = True) -> Column:
    return Column(
        name=name,
        kind=CellKind.TEXT,
        description=description + " E06, E08, E09 or E10 followed by six digits.",
        required=required,
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
        _date(
            "ofsted_last_day",
            "Last day the provider's latest Ofsted rating is in force (included), e.g. when "
            "it closed; blank means it stays in force. Needs rows in provider_ratings.",
        ),
    ),
    primary_key=("provider_id",),
    field_columns={"ofsted": "ofsted_last_day", "ends": "ofsted_last_day"},
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


def _day_after(day: dt.date | None) -> dt.date | None:
    """The half-open end for an inclusive last day (``None`` stays ``None``)."""
    return None if day is None else day + dt.timedelta(days=1)


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
        last = row.optional("ofsted_last_day", dt.date)
        if last is not None and not entries:
            raise InvalidValueError(
                "ofsted_last_day needs the provider's ratings in provider_ratings.csv",
                field="ofsted_last_day",
                value=last.isoformat(),
            )
        ofsted = Timeline.from_entries(entries, ends=_day_after(last)) if entries else None
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
    provider_id,name,urn,tier,gias_establishment_type,ofsted_last_day
    PRV-1,Oak House Ltd,SC123456,,,
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
                "ofsted_last_day": None
                if p.ofsted is None or p.ofsted.ends is None
                else p.ofsted.ends - dt.timedelta(days=1),
            }
            for p in providers
        ),
    )


def write_provider_ratings(providers: Iterable[Provider]) -> str:
    """``provider_ratings.csv`` text: every provider's Ofsted history, provider by provider
    (the history's end, if any, is ``ofsted_last_day`` in ``providers.csv``)."""
    rows: list[dict[str, object]] = []
    for p in providers:
        if p.ofsted is None:
            continue
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
        _date(
            "fees_last_day",
            "Last day the fee history is in force (included); blank means the fees run as "
            "long as the placement. Rarely needed.",
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
        "ends": "fees_last_day",
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
        fees=Timeline.from_entries(fees, ends=_day_after(row.optional("fees_last_day", dt.date))),
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
                "fees_last_day": None
                if p.fees.ends is None
                else p.fees.ends - dt.timedelta(days=1),
            }
        )
    return write_table(PLACEMENTS, rows)


def write_placement_fees(placements: Iterable[Placement]) -> str:
    """``placement_fees.csv`` text: each placement's fee history, oldest first (the history's
    end, if any, is ``fees_last_day`` in ``placements.csv``)."""
    rows: list[dict[str, object]] = []
    for p in placements:
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


# --- shared pieces of the programme tables ---------------------------------------------------


def _period(row: ParsedRow, first: str = "first_day", last: str = "last_day") -> DateRange:
    """``[first, last + 1 day)`` from a first day and an inclusive last day (blank: open)."""
    first_day = row.get(first, dt.date)
    last_day = row.optional(last, dt.date)
    if last_day is None:
        return DateRange.open_from(first_day)
    if last_day < first_day - dt.timedelta(days=1):
        raise InvalidValueError(
            f"{last} {last_day.isoformat()} is before {first} {first_day.isoformat()}",
            field=last,
            expected=f"on or after {first} (the day before it for a period of no days)",
        )
    return DateRange.from_inclusive(first_day, last_day)


def _last_day(period: DateRange) -> dt.date | None:
    """The inclusive last day written for ``period`` (``None`` while open)."""
    return None if period.end is None else period.end - dt.timedelta(days=1)


_DECIMAL_PATTERN = "-?[0-9]{1,15}([.][0-9]{1,15})?"


def _signed_decimal(name: str, description: str, *, required: bool = True) -> Column:
    # An exact decimal that may be negative (an outcome's measure), held in a TEXT column with
    # a pattern: the engine's DECIMAL kind is for non-negative quantities only.
    return Column(
        name=name,
        kind=CellKind.TEXT,
        description=description + " An exact decimal, e.g. 96 or -2.5.",
        required=required,
        pattern=_DECIMAL_PATTERN,
    )


def _decimal_cell(value: Decimal) -> str:
    return f"{value:f}"


def _money_columns(what: str, *, required_core: bool = True) -> tuple[Column, ...]:
    return (
        _pence("core_pence", f"Core weekly fee {what} in pence.", label="weekly fee", required=True)
        if required_core
        else _pence("core_pence", f"Core weekly fee {what} in pence.", label="weekly fee"),
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
    )


def _fee_components(row: ParsedRow) -> FeeComponents:
    def part(column: str) -> Money:
        return row.optional(column, Money) or Money(0)

    return FeeComponents(
        core=row.get("core_pence", Money),
        additional_support=part("additional_support_pence"),
        education=part("education_pence"),
        other=part("other_pence"),
    )


def _fee_cells(fee: FeeComponents) -> dict[str, object]:
    return {
        "core_pence": fee.core,
        "additional_support_pence": fee.additional_support,
        "education_pence": fee.education,
        "other_pence": fee.other,
    }


def _financial_year(description: str) -> Column:
    return Column(
        name="financial_year",
        kind=CellKind.FINANCIAL_YEAR,
        description=description,
        required=True,
        label="financial year",
    )


def _district(name: str, description: str) -> Column:
    return _text(
        name, description + " A postcode district (outward code, e.g. CR0), never a full postcode."
    )


def _decode(source: CsvSource, spec: TableSpec) -> tuple[list[ParsedRow], list[Finding], str]:
    text, name = decode_source(source, default_name=spec.file_name)
    rows, findings = parse_table(text, spec, file_name=name)
    return rows, findings, name


def _tainted_error(key: str, noun: str, tables: str) -> InvalidValueError:
    return InvalidValueError(
        f"the {noun}'s rows in {tables} have errors, so it was not loaded",
        field=key,
    )


# --- programme ------------------------------------------------------------------------------

PROGRAMME = TableSpec(
    name="programme",
    file_name="programme.csv",
    title="Programme",
    description="Exactly one row: the partnership's name and its host (lead) borough.",
    columns=(
        _text(
            "name",
            "The partnership's name, e.g. South London Commissioning Programme.",
            required=True,
        ),
        _gss("host_gss", "GSS code of the host (lead) borough."),
    ),
    foreign_keys=((("host_gss",), "boroughs", ("gss_code",)),),
    field_columns={"host": "host_gss"},
)


def read_programme_row(source: CsvSource) -> TableRead[tuple[str, GssCode]]:
    """Read ``programme.csv``: the programme's ``(name, host GSS code)``.

    A file with no record row or with more than one is an error naming the file and row.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> read_programme_row(b"name,host_gss\\nSLCP,E09000008\\n").records
    (('SLCP', 'E09000008'),)
    >>> read_programme_row(b"name,host_gss\\n").error_messages()
    ('programme.csv holds no programme row; expected exactly one @ programme.csv row 2',)
    """
    rows, findings, name = _decode(source, PROGRAMME)
    built = build_records(
        rows,
        PROGRAMME,
        lambda r: (r.text("name"), GssCode(r.text("host_gss"))),
        file_name=name,
        findings=findings,
    )
    if not rows:
        findings.append(
            Finding(
                severity=Severity.ERROR,
                code="no-programme",
                message=f"{name} holds no programme row; expected exactly one",
                subject_id="programme",
                location=format_location(name, 2),
            )
        )
    for extra in rows[1:]:
        findings.append(
            Finding(
                severity=Severity.ERROR,
                code="duplicate-key",
                message=f"{name} holds more than one programme row; expected exactly one",
                subject_id="programme",
                location=format_location(name, extra.number),
            )
        )
    records = tuple(r for _, r in built[:1]) if len(rows) == 1 else ()
    return TableRead(records=records, findings=tuple(findings))


def write_programme_row(name: str, host: str) -> str:
    """``programme.csv`` text: the one row naming the programme and its host borough.

    >>> print(write_programme_row("SLCP", "E09000008"), end="")
    name,host_gss
    SLCP,E09000008
    """
    return write_table(PROGRAMME, [{"name": name, "host_gss": host}])


# --- memberships ----------------------------------------------------------------------------

MEMBERSHIPS = TableSpec(
    name="memberships",
    file_name="memberships.csv",
    title="Workstream memberships",
    description=(
        "One row per period a borough belonged to a workstream, first_day to last_day, both "
        "included (last_day blank while still a member)."
    ),
    columns=(
        _gss("borough_gss", "GSS code of the member borough."),
        _code("workstream", Workstream, "send or lac.", required=True),
        _date("first_day", "First day of membership (included).", required=True),
        _date(
            "last_day",
            "Last day of membership (included); blank while still a member. Held half-open "
            "as [first_day, last_day + 1 day).",
        ),
    ),
    foreign_keys=((("borough_gss",), "boroughs", ("gss_code",)),),
    field_columns={"period": "first_day", "end": "last_day"},
)


def _membership(row: ParsedRow) -> Membership:
    return Membership(
        borough=GssCode(row.text("borough_gss")),
        workstream=row.get("workstream", Workstream),
        period=_period(row),
    )


def read_memberships(source: CsvSource) -> TableRead[Membership]:
    """Read ``memberships.csv``: who belonged to which workstream, when.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> m = read_memberships(
    ...     b"borough_gss,workstream,first_day,last_day\\nE09000008,lac,2016-12-01,2020-03-31\\n")
    >>> str(m.records[0].period)
    '[2016-12-01, 2020-04-01)'
    """
    return _read_one(source, MEMBERSHIPS, _membership)


def write_memberships(memberships: Iterable[Membership]) -> str:
    """``memberships.csv`` text, in the order given."""
    return write_table(
        MEMBERSHIPS,
        (
            {
                "borough_gss": m.borough,
                "workstream": m.workstream,
                "first_day": m.period.start,
                "last_day": _last_day(m.period),
            }
            for m in memberships
        ),
    )


# --- purchasing vehicles and lots -----------------------------------------------------------

_FRAMEWORK = "framework"
_DPS = "dps"
_BLOCK = "block_contract"
_VEHICLE_KINDS = ((_FRAMEWORK, _FRAMEWORK), (_DPS, _DPS), (_BLOCK, _BLOCK))
_YEARS_PATTERN = "[0-9]{1,2}(;[0-9]{1,2})*"
_DATES_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}(;[0-9]{4}-[0-9]{2}-[0-9]{2})*"

VEHICLES = TableSpec(
    name="vehicles",
    file_name="vehicles.csv",
    title="Purchasing vehicles",
    description=(
        "One row per framework agreement, dynamic purchasing system (DPS) or block contract; "
        "the lots of frameworks and DPSs are in lots. Columns that do not apply to a kind are "
        "left blank."
    ),
    columns=(
        _text("vehicle_id", "The vehicle's id, e.g. LAC-FW-2020.", required=True),
        Column(
            name="kind",
            kind=CellKind.CODE,
            description="framework, dps (a dynamic market under the Procurement Act 2023) or "
            "block_contract.",
            required=True,
            codes=_VEHICLE_KINDS,
            label="vehicle kind",
        ),
        _text("name", "The vehicle's name.", required=True),
        _code("workstream", Workstream, "send or lac.", required=True),
        _date(
            "first_day",
            "First day of the term (a framework's start; a DPS's or block contract's first "
            "day, included).",
            required=True,
        ),
        _date(
            "last_day",
            "DPS and block contract: last day, included; blank while open. Blank for a "
            "framework, whose term comes from its years.",
        ),
        Column(
            name="initial_term_years",
            kind=CellKind.INTEGER,
            description="Framework only: the initial term in whole years, e.g. 4.",
            minimum=1,
            maximum=99,
            label="initial term",
        ),
        Column(
            name="extension_years",
            kind=CellKind.TEXT,
            description="Framework only: each optional extension in whole years, in the order "
            "they may be taken, separated by ';', e.g. 2;2. Blank for none.",
            pattern=_YEARS_PATTERN,
            label="extension years",
        ),
        Column(
            name="extensions_taken",
            kind=CellKind.INTEGER,
            description="Framework only: how many extensions have been taken; blank means 0.",
            minimum=0,
            maximum=99,
            label="extensions taken",
        ),
        Column(
            name="reopenings",
            kind=CellKind.TEXT,
            description="Framework only: dates it re-opens to admit providers, YYYY-MM-DD "
            "separated by ';'.",
            pattern=_DATES_PATTERN,
        ),
        _code(
            "regime",
            ProcurementRegime,
            "Framework and DPS: pcr_2015 (blank means this) or pa_2023.",
        ),
        _text("provider_id", "Block contract only: the provider holding it."),
        Column(
            name="places",
            kind=CellKind.INTEGER,
            description="Block contract only: the number of places bought.",
            minimum=0,
            label="places",
        ),
        _pence(
            "annual_value_pence",
            "Block contract only: the contract's value per year in pence.",
            label="annual value",
        ),
    ),
    primary_key=("vehicle_id",),
    field_columns={
        "period": "first_day",
        "end": "last_day",
        "start": "first_day",
        "annual_value": "annual_value_pence",
        "provider": "provider_id",
    },
)

LOTS = TableSpec(
    name="lots",
    file_name="lots.csv",
    title="Lots",
    description=(
        "One row per lot of a framework or category of a DPS, in the vehicle's order, with "
        "the weekly price band it sets (both bounds included)."
    ),
    columns=(
        _text("vehicle_id", "The framework or DPS (vehicles.vehicle_id).", required=True),
        _text(
            "lot_id",
            "The lot's id, unique within the programme, e.g. LAC-FW-2020/1.",
            required=True,
        ),
        Column(
            name="number",
            kind=CellKind.INTEGER,
            description="The lot number within its vehicle (1, 2, 3...).",
            required=True,
            minimum=0,
            label="lot number",
        ),
        _text("name", "The lot's name, e.g. Residential LAC placements.", required=True),
        Column(
            name="service_kinds",
            kind=CellKind.CODE_LIST,
            description="The services bought through it, separated by ';', e.g. "
            "send_day;send_post_16. Blank for none.",
            codes=_codes(ServiceKind),
            label="service kinds",
        ),
        _pence(
            "min_weekly_pence",
            "Lowest expected weekly fee in pence (included); give both bounds or neither.",
            label="lowest weekly fee",
        ),
        _pence(
            "max_weekly_pence",
            "Highest expected weekly fee in pence (included).",
            label="highest weekly fee",
        ),
    ),
    primary_key=("vehicle_id", "lot_id"),
    foreign_keys=((("vehicle_id",), "vehicles", ("vehicle_id",)),),
    field_columns={"min_weekly": "min_weekly_pence", "max_weekly": "max_weekly_pence"},
)

_FRAMEWORK_ONLY = ("initial_term_years", "extension_years", "extensions_taken", "reopenings")
_BLOCK_ONLY = ("provider_id", "places", "annual_value_pence")


def _not_for(row: ParsedRow, kind: str, columns: Iterable[str]) -> None:
    for column in columns:
        if row.has(column):
            raise InvalidValueError(
                f"{column} does not apply to a {kind}; leave it blank",
                field=column,
                value=str(row.values()[column]),
            )


def _needs(row: ParsedRow, kind: str, columns: Iterable[str]) -> None:
    for column in columns:
        if not row.has(column):
            raise InvalidValueError(f"a {kind} needs {column}", field=column)


def _lot(row: ParsedRow) -> tuple[str, Lot]:
    low = row.optional("min_weekly_pence", Money)
    high = row.optional("max_weekly_pence", Money)
    if (low is None) != (high is None):
        raise InvalidValueError(
            "a price band needs both min_weekly_pence and max_weekly_pence, or neither",
            field="min_weekly" if low is None else "max_weekly",
        )
    kinds = row.optional("service_kinds", tuple) or ()
    return row.text("vehicle_id"), Lot(
        id=LotId(row.text("lot_id")),
        number=row.get("number", int),
        name=row.text("name"),
        service_kinds=tuple(k for k in kinds if isinstance(k, ServiceKind)),
        price_band=None
        if low is None or high is None
        else PriceBand(min_weekly=low, max_weekly=high),
    )


def _vehicle(row: ParsedRow, lots: Sequence[Lot]) -> PurchasingVehicle:
    kind = row.get("kind", str)
    vid = VehicleId(row.text("vehicle_id"))
    name = row.text("name")
    workstream = row.get("workstream", Workstream)
    regime = row.optional("regime", ProcurementRegime) or ProcurementRegime.PCR_2015
    if kind == _FRAMEWORK:
        _not_for(row, "framework", ("last_day", *_BLOCK_ONLY))
        _needs(row, "framework", ("initial_term_years",))
        extensions = row.optional("extension_years", str)
        reopenings = row.optional("reopenings", str)
        return FrameworkAgreement(
            id=vid,
            name=name,
            workstream=workstream,
            start=row.get("first_day", dt.date),
            initial_term_years=row.get("initial_term_years", int),
            extension_years=()
            if extensions is None
            else tuple(int(y) for y in extensions.split(";")),
            extensions_taken=row.optional("extensions_taken", int) or 0,
            lots=tuple(lots),
            reopenings=() if reopenings is None else _dates(reopenings, "reopenings"),
            regime=regime,
        )
    if kind == _DPS:
        _not_for(row, "dps", (*_FRAMEWORK_ONLY, *_BLOCK_ONLY))
        return DynamicPurchasingSystem(
            id=vid,
            name=name,
            workstream=workstream,
            period=_period(row),
            lots=tuple(lots),
            regime=regime,
        )
    _not_for(row, "block_contract", (*_FRAMEWORK_ONLY, "regime"))
    _needs(row, "block_contract", _BLOCK_ONLY)
    if lots:
        raise InvalidValueError(
            "a block contract has no lots; remove its rows from lots.csv",
            field="vehicle_id",
            value=vid,
        )
    return BlockContract(
        id=vid,
        name=name,
        workstream=workstream,
        provider=row.text("provider_id"),
        period=_period(row),
        places=row.get("places", int),
        annual_value=row.get("annual_value_pence", Money),
    )


def _dates(text: str, column: str) -> tuple[dt.date, ...]:
    try:
        return tuple(dt.date.fromisoformat(part) for part in text.split(";"))
    except ValueError:
        raise InvalidValueError(
            "not a list of real dates", field=column, value=text, expected="YYYY-MM-DD;..."
        ) from None


def read_vehicles(
    vehicles: CsvSource, lots: CsvSource | None = None
) -> TableRead[PurchasingVehicle]:
    """Read ``vehicles.csv`` with the lots of its frameworks and DPSs from ``lots.csv``.

    Lots keep their file order within a vehicle. A lot naming an unknown vehicle is an
    ``unknown-reference`` error; a vehicle with a bad lot row is left out rather than loaded
    without it; a column that does not apply to the vehicle's kind must be blank.

    Raises:
        LoadError: a file is not UTF-8 CSV text.

    >>> read = read_vehicles(
    ...     b"vehicle_id,kind,name,workstream,first_day,initial_term_years,extension_years\\n"
    ...     b"LAC-FW,framework,LAC framework,lac,2020-03-01,4,2;2\\n",
    ...     b"vehicle_id,lot_id,number,name,service_kinds\\n"
    ...     b"LAC-FW,LAC-FW/1,1,Residential,childrens_home\\n")
    >>> fw = read.records[0]
    >>> fw.end_with_all_extensions, [lot.id for lot in fw.lots]
    (datetime.date(2028, 3, 1), ['LAC-FW/1'])
    """
    findings: list[Finding] = []
    rows, found, name = _decode(vehicles, VEHICLES)
    findings += found
    parent = _Parent.from_rows(rows, key="vehicle_id", noun="vehicle", file_name=name)
    lots_by, tainted = _read_children(lots, LOTS, _lot, parent, findings)

    def build(row: ParsedRow) -> PurchasingVehicle:
        vid = row.text("vehicle_id")
        if vid in tainted:
            raise _tainted_error("vehicle_id", "vehicle", LOTS.file_name)
        return _vehicle(row, lots_by.get(vid, ()))

    built = build_records(
        rows,
        VEHICLES,
        build,
        file_name=name,
        findings=findings,
        subject=lambda r: r.text("vehicle_id"),
    )
    return TableRead(records=tuple(v for _, v in built), findings=tuple(findings))


def write_vehicles(vehicles: Iterable[PurchasingVehicle]) -> str:
    """``vehicles.csv`` text; the lots go to :func:`write_lots`."""
    rows: list[dict[str, object]] = []
    for v in vehicles:
        row: dict[str, object] = {
            "vehicle_id": v.id,
            "name": v.name,
            "workstream": v.workstream,
        }
        if isinstance(v, FrameworkAgreement):
            row |= {
                "kind": _FRAMEWORK,
                "first_day": v.start,
                "initial_term_years": v.initial_term_years,
                "extension_years": ";".join(str(y) for y in v.extension_years) or None,
                "extensions_taken": v.extensions_taken,
                "reopenings": ";".join(d.isoformat() for d in v.reopenings) or None,
                "regime": v.regime,
            }
        elif isinstance(v, DynamicPurchasingSystem):
            row |= {
                "kind": _DPS,
                "first_day": v.period.start,
                "last_day": _last_day(v.period),
                "regime": v.regime,
            }
        else:
            row |= {
                "kind": _BLOCK,
                "first_day": v.period.start,
                "last_day": _last_day(v.period),
                "provider_id": v.provider,
                "places": v.places,
                "annual_value_pence": v.annual_value,
            }
        rows.append(row)
    return write_table(VEHICLES, rows)


def write_lots(vehicles: Iterable[PurchasingVehicle]) -> str:
    """``lots.csv`` text: the lots of each framework and DPS, in order."""
    return write_table(
        LOTS,
        (
            {
                "vehicle_id": v.id,
                "lot_id": lot.id,
                "number": lot.number,
                "name": lot.name,
                "service_kinds": lot.service_kinds or None,
                "min_weekly_pence": None if lot.price_band is None else lot.price_band.min_weekly,
                "max_weekly_pence": None if lot.price_band is None else lot.price_band.max_weekly,
            }
            for v in vehicles
            if not isinstance(v, BlockContract)
            for lot in v.lots
        ),
    )


# --- children -------------------------------------------------------------------------------

CHILDREN = TableSpec(
    name="children",
    file_name="children.csv",
    title="Children",
    description=(
        "One row per child, pseudonymised: a reference, the month of birth (never the day) and "
        "the home postcode district. Never a name, a full date of birth or a full postcode."
    ),
    columns=(
        _text(
            "child_ref",
            "Pseudonymous child reference: 1-64 letters, digits, '.', '-' or '_'; never a name.",
            required=True,
            label="child reference",
        ),
        Column(
            name="month_of_birth",
            kind=CellKind.TEXT,
            description="Year and month of birth, YYYY-MM (never the day).",
            pattern="[0-9]{4}-[0-9]{2}",
            label="month of birth",
        ),
        _code("sen_primary", SenNeed, "Primary SEN need (SEND placements), e.g. ASD."),
        _code("sen_secondary", SenNeed, "Secondary SEN need, if any (needs a primary one)."),
        _district("home_district", "The child's home postcode district."),
    ),
    primary_key=("child_ref",),
    field_columns={"child": "child_ref", "ref": "child_ref", "month": "month_of_birth"},
)


def _child(row: ParsedRow) -> Child:
    born = row.optional("month_of_birth", str)
    return Child(
        ref=ChildRef(row.text("child_ref")),
        month_of_birth=None if born is None else YearMonth.parse(born),
        sen_primary=row.optional("sen_primary", SenNeed),
        sen_secondary=row.optional("sen_secondary", SenNeed),
        home_district=row.optional("home_district", str),
    )


def read_children(source: CsvSource) -> TableRead[Child]:
    """Read ``children.csv``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> read_children(b"child_ref,month_of_birth\\nC1,2010-02\\n").records[0].month_of_birth
    YearMonth(year=2010, month=2)
    >>> print(read_children(b"child_ref\\nJane Smith\\n").error_messages()[0])
    a child reference must be pseudonymous; got 'Jane Smith'; expected 1-64 letters, digits, \
'.', '-' or '_' with no spaces @ children.csv row 2 column child_ref
    """
    return _read_one(source, CHILDREN, _child, lambda r: r.text("child_ref"))


def write_children(children: Iterable[Child]) -> str:
    """``children.csv`` text, in the order given."""
    return write_table(
        CHILDREN,
        (
            {
                "child_ref": c.ref,
                "month_of_birth": None if c.month_of_birth is None else str(c.month_of_birth),
                "sen_primary": c.sen_primary,
                "sen_secondary": c.sen_secondary,
                "home_district": c.home_district,
            }
            for c in children
        ),
    )


# --- Individual Child Agreements ------------------------------------------------------------

AGREEMENTS = TableSpec(
    name="agreements",
    file_name="agreements.csv",
    title="Individual Child Agreements",
    description=(
        "One row per Individual Child Agreement (ICA): the placement it belongs to, the weekly "
        "fee agreed (per week, ex-VAT, in pence) and its review schedule. Outcomes, "
        "measurements and reviews held are in agreement_outcomes, agreement_measurements and "
        "agreement_reviews."
    ),
    columns=(
        _text("ica_id", "The ICA's id, e.g. ICA-PL-1.", required=True),
        _text("placement_id", "The placement (placements.placement_id).", required=True),
        _date("agreed_on", "The day it was agreed.", required=True),
        *_money_columns("agreed"),
        _date(
            "review_origin",
            "The day reviews are counted from (normally the placement's first day).",
            required=True,
        ),
        Column(
            name="review_interval_months",
            kind=CellKind.INTEGER,
            description="Months between reviews; blank means 6.",
            minimum=1,
            maximum=120,
            label="review interval",
        ),
    ),
    primary_key=("ica_id",),
    foreign_keys=((("placement_id",), "placements", ("placement_id",)),),
    field_columns={
        "placement": "placement_id",
        "origin": "review_origin",
        "interval_months": "review_interval_months",
        "core": "core_pence",
        "additional_support": "additional_support_pence",
        "education": "education_pence",
        "other": "other_pence",
        "outcomes": "ica_id",
        "reviews_held": "ica_id",
    },
)

AGREEMENT_OUTCOMES = TableSpec(
    name="agreement_outcomes",
    file_name="agreement_outcomes.csv",
    title="ICA outcomes",
    description=(
        "One row per outcome agreed in an ICA, in the ICA's order: what is sought, the measure, "
        "its baseline and the target to reach by target_date."
    ),
    columns=(
        _text("ica_id", "The ICA (agreements.ica_id).", required=True),
        _text("outcome_id", "The outcome's id, unique within its ICA, e.g. O1.", required=True),
        _code("domain", OutcomeDomain, "The outcome's domain.", required=True),
        _text(
            "description", "What is sought, in plain words (no personal details).", required=True
        ),
        _text("measure", "What is measured and its unit, e.g. school attendance %.", required=True),
        _signed_decimal("baseline", "The measure's value at the start."),
        _signed_decimal("target", "The value sought by target_date."),
        _date("target_date", "The day by which the target should be met.", required=True),
        _code("direction", Direction, "Whether higher or lower values are better.", required=True),
    ),
    primary_key=("ica_id", "outcome_id"),
    foreign_keys=((("ica_id",), "agreements", ("ica_id",)),),
)

AGREEMENT_MEASUREMENTS = TableSpec(
    name="agreement_measurements",
    file_name="agreement_measurements.csv",
    title="ICA outcome measurements",
    description="One row per dated measurement of an ICA outcome, in date order.",
    columns=(
        _text("ica_id", "The ICA (agreements.ica_id).", required=True),
        _text("outcome_id", "The outcome (agreement_outcomes.outcome_id).", required=True),
        _date("measured_on", "The day it was measured.", required=True),
        _signed_decimal("value", "The measured value, in the outcome's unit."),
    ),
    foreign_keys=((("ica_id", "outcome_id"), "agreement_outcomes", ("ica_id", "outcome_id")),),
)

AGREEMENT_REVIEWS = TableSpec(
    name="agreement_reviews",
    file_name="agreement_reviews.csv",
    title="ICA reviews held",
    description="One row per review of an ICA that took place, in date order.",
    columns=(
        _text("ica_id", "The ICA (agreements.ica_id).", required=True),
        _date("held_on", "The day the review took place.", required=True),
    ),
    foreign_keys=((("ica_id",), "agreements", ("ica_id",)),),
)


def _measurement(row: ParsedRow) -> tuple[str, Measurement]:
    key = f"{row.text('ica_id')}\x1f{row.text('outcome_id')}"
    return key, Measurement(on=row.get("measured_on", dt.date), value=Decimal(row.text("value")))


def _review(row: ParsedRow) -> tuple[str, dt.date]:
    return row.text("ica_id"), row.get("held_on", dt.date)


def read_agreements(
    agreements: CsvSource,
    outcomes: CsvSource | None = None,
    measurements: CsvSource | None = None,
    reviews: CsvSource | None = None,
) -> TableRead[IndividualChildAgreement]:
    """Read ``agreements.csv`` with its outcomes, their measurements and the reviews held.

    Outcomes, measurements and reviews keep their file order. A row naming an ICA (or an
    ICA's outcome) the parent table does not hold is an ``unknown-reference`` error; an ICA
    with a bad outcome, measurement or review row is left out rather than loaded without it.

    Raises:
        LoadError: a file is not UTF-8 CSV text.

    >>> read = read_agreements(
    ...     b"ica_id,placement_id,agreed_on,core_pence,review_origin\\n"
    ...     b"ICA-1,PL-1,2020-04-01,400000,2020-04-01\\n",
    ...     b"ica_id,outcome_id,domain,description,measure,baseline,target,target_date,direction\\n"
    ...     b"ICA-1,O1,education,Attend school,attendance %,86,96,2021-03-31,higher_is_better\\n",
    ...     b"ica_id,outcome_id,measured_on,value\\nICA-1,O1,2020-10-01,90.5\\n")
    >>> (ica,) = read.records
    >>> ica.outcomes[0].measurements[0].value, ica.reviews.interval_months
    (Decimal('90.5'), 6)
    """
    findings: list[Finding] = []
    rows, found, name = _decode(agreements, AGREEMENTS)
    findings += found
    parent = _Parent.from_rows(rows, key="ica_id", noun="ICA", file_name=name)
    tainted: set[str] = set()
    # outcomes first (their rows say which ICA-outcome pairs measurements may name)
    outcome_rows: list[ParsedRow] = []
    outcome_name = AGREEMENT_OUTCOMES.file_name
    if outcomes is not None:
        outcome_rows, found, outcome_name = _decode(outcomes, AGREEMENT_OUTCOMES)
        findings += found
        tainted |= {k for r in outcome_rows if not r.ok and (k := r.optional("ica_id", str))}
    known_outcomes = frozenset(
        f"{r.optional('ica_id', str)}\x1f{r.optional('outcome_id', str)}"
        for r in outcome_rows
        if r.has("ica_id") and r.has("outcome_id")
    )
    measured: dict[str, list[Measurement]] = {}
    if measurements is not None:
        outcome_parent = _Parent(
            key="outcome_id", noun="outcome", file_name=outcome_name, known=known_outcomes
        )
        text, m_name = decode_source(measurements, default_name=AGREEMENT_MEASUREMENTS.file_name)
        m_rows, found = parse_table(text, AGREEMENT_MEASUREMENTS, file_name=m_name)
        findings += found
        tainted |= {k for r in m_rows if not r.ok and (k := r.optional("ica_id", str))}
        for row, (key, item) in build_records(
            m_rows, AGREEMENT_MEASUREMENTS, _measurement, file_name=m_name, findings=findings
        ):
            if key not in outcome_parent.known:
                ica, oid = key.split("\x1f")
                findings.append(
                    Finding(
                        severity=Severity.ERROR,
                        code="unknown-reference",
                        message=f"outcome {oid} of ICA {ica} is not in {outcome_name}",
                        subject_id=ica,
                        location=format_location(m_name, row.number, "outcome_id"),
                    )
                )
                tainted.add(ica)
                continue
            measured.setdefault(key, []).append(item)

    def build_outcome(row: ParsedRow) -> tuple[str, Outcome]:
        ica = row.text("ica_id")
        oid = row.text("outcome_id")
        return ica, Outcome(
            id=OutcomeId(oid),
            domain=row.get("domain", OutcomeDomain),
            description=row.text("description"),
            measure=row.text("measure"),
            baseline=Decimal(row.text("baseline")),
            target=Decimal(row.text("target")),
            target_date=row.get("target_date", dt.date),
            direction=row.get("direction", Direction),
            measurements=tuple(measured.get(f"{ica}\x1f{oid}", ())),
        )

    outcomes_by: dict[str, list[Outcome]] = {}
    if outcomes is not None:
        built_outcomes = build_records(
            outcome_rows,
            AGREEMENT_OUTCOMES,
            build_outcome,
            file_name=outcome_name,
            findings=findings,
        )
        built_numbers = {row.number for row, _ in built_outcomes}
        tainted |= {
            k
            for r in outcome_rows
            if r.ok and r.number not in built_numbers and (k := r.optional("ica_id", str))
        }
        for row, (ica, outcome) in built_outcomes:
            if ica not in parent.known:
                findings.append(
                    Finding(
                        severity=Severity.ERROR,
                        code="unknown-reference",
                        message=f"ICA {ica} is not in {name}",
                        subject_id=ica,
                        location=format_location(outcome_name, row.number, "ica_id"),
                    )
                )
                continue
            outcomes_by.setdefault(ica, []).append(outcome)
    reviews_by, bad_reviews = _read_children(reviews, AGREEMENT_REVIEWS, _review, parent, findings)
    tainted |= bad_reviews

    def build(row: ParsedRow) -> IndividualChildAgreement:
        ica = row.text("ica_id")
        if ica in tainted:
            raise _tainted_error(
                "ica_id", "ICA", "agreement_outcomes, agreement_measurements or agreement_reviews"
            )
        return IndividualChildAgreement(
            id=IcaId(ica),
            placement=PlacementId(row.text("placement_id")),
            agreed_on=row.get("agreed_on", dt.date),
            agreed_fee=_fee_components(row),
            outcomes=tuple(outcomes_by.get(ica, ())),
            reviews=ReviewSchedule(
                origin=row.get("review_origin", dt.date),
                interval_months=row.optional("review_interval_months", int) or 6,
            ),
            reviews_held=tuple(reviews_by.get(ica, ())),
        )

    built = build_records(
        rows,
        AGREEMENTS,
        build,
        file_name=name,
        findings=findings,
        subject=lambda r: r.text("ica_id"),
    )
    return TableRead(records=tuple(a for _, a in built), findings=tuple(findings))


def write_agreements(agreements: Iterable[IndividualChildAgreement]) -> str:
    """``agreements.csv`` text; outcomes, measurements and reviews go to their own tables."""
    return write_table(
        AGREEMENTS,
        (
            {
                "ica_id": a.id,
                "placement_id": a.placement,
                "agreed_on": a.agreed_on,
                **_fee_cells(a.agreed_fee),
                "review_origin": a.reviews.origin,
                "review_interval_months": a.reviews.interval_months,
            }
            for a in agreements
        ),
    )


def write_agreement_outcomes(agreements: Iterable[IndividualChildAgreement]) -> str:
    """``agreement_outcomes.csv`` text: each ICA's outcomes in order."""
    return write_table(
        AGREEMENT_OUTCOMES,
        (
            {
                "ica_id": a.id,
                "outcome_id": o.id,
                "domain": o.domain,
                "description": o.description,
                "measure": o.measure,
                "baseline": _decimal_cell(o.baseline),
                "target": _decimal_cell(o.target),
                "target_date": o.target_date,
                "direction": o.direction,
            }
            for a in agreements
            for o in a.outcomes
        ),
    )


def write_agreement_measurements(agreements: Iterable[IndividualChildAgreement]) -> str:
    """``agreement_measurements.csv`` text: each outcome's measurements in order."""
    return write_table(
        AGREEMENT_MEASUREMENTS,
        (
            {
                "ica_id": a.id,
                "outcome_id": o.id,
                "measured_on": m.on,
                "value": _decimal_cell(m.value),
            }
            for a in agreements
            for o in a.outcomes
            for m in o.measurements
        ),
    )


def write_agreement_reviews(agreements: Iterable[IndividualChildAgreement]) -> str:
    """``agreement_reviews.csv`` text: each ICA's reviews held, in order."""
    return write_table(
        AGREEMENT_REVIEWS,
        ({"ica_id": a.id, "held_on": day} for a in agreements for day in a.reviews_held),
    )


# --- budgets --------------------------------------------------------------------------------

BUDGETS = TableSpec(
    name="budgets",
    file_name="budgets.csv",
    title="Budgets",
    description="A borough's base budget for a workstream (or one service) in a financial year.",
    columns=(
        _gss("borough_gss", "GSS code of the borough."),
        _code("workstream", Workstream, "send or lac.", required=True),
        _financial_year("The financial year, 1 April to 31 March, written like 2019/20."),
        _code("service", ServiceKind, "The service it funds; blank for the whole workstream."),
        _pence(
            "amount_pence",
            "The base budget in pence, more than 0, e.g. 325800000 for £3,258,000.00.",
            label="budget",
            required=True,
        ),
        *_source_columns("", "the budget", required=False),
    ),
    primary_key=("borough_gss", "workstream", "financial_year", "service"),
    foreign_keys=((("borough_gss",), "boroughs", ("gss_code",)),),
    field_columns={"amount": "amount_pence"},
)


def _budget(row: ParsedRow) -> Budget:
    return Budget(
        borough=GssCode(row.text("borough_gss")),
        workstream=row.get("workstream", Workstream),
        financial_year=row.get("financial_year", FinancialYear),
        amount=row.get("amount_pence", Money),
        service=row.optional("service", ServiceKind),
        source=_source(row),
    )


def read_budgets(source: CsvSource) -> TableRead[Budget]:
    """Read ``budgets.csv``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, BUDGETS, _budget)


def write_budgets(budgets: Iterable[Budget]) -> str:
    """``budgets.csv`` text, in the order given."""
    return write_table(
        BUDGETS,
        (
            {
                "borough_gss": b.borough,
                "workstream": b.workstream,
                "financial_year": b.financial_year,
                "service": b.service,
                "amount_pence": b.amount,
                **_source_cells(b.source),
            }
            for b in budgets
        ),
    )


# --- savings --------------------------------------------------------------------------------

SAVINGS = TableSpec(
    name="savings",
    file_name="savings.csv",
    title="Savings",
    description="One row per saving entered with its evidence (or derived from the data).",
    columns=(
        _text("saving_id", "The saving's id.", required=True),
        _code("kind", SavingSource, "Where the saving came from.", required=True),
        _financial_year("The financial year it was realised in, written like 2019/20."),
        _code("workstream", Workstream, "send or lac.", required=True),
        Column(
            name="amount_pence",
            kind=CellKind.PENCE,
            description="The saving in pence; positive is money not spent.",
            required=True,
            label="saving",
        ),
        *_source_columns("evidence_", "the evidence", required=True),
        _gss(
            "borough_gss",
            "GSS code of the borough it belongs to; blank for a partnership-wide saving.",
            required=False,
        ),
        Column(
            name="derived",
            kind=CellKind.BOOLEAN,
            description="true when calculated from the data rather than entered; blank "
            "means false.",
        ),
    ),
    primary_key=("saving_id",),
    foreign_keys=((("borough_gss",), "boroughs", ("gss_code",)),),
    field_columns={"amount": "amount_pence", "source": "kind", "evidence": "evidence_source_kind"},
)


def _saving(row: ParsedRow) -> SavingRecord:
    borough = row.optional("borough_gss", str)
    return SavingRecord(
        id=SavingId(row.text("saving_id")),
        source=row.get("kind", SavingSource),
        financial_year=row.get("financial_year", FinancialYear),
        workstream=row.get("workstream", Workstream),
        amount=row.get("amount_pence", Money),
        evidence=_required_source(row, "evidence_"),
        borough=None if borough is None else GssCode(borough),
        derived=row.optional("derived", bool) or False,
    )


def read_savings(source: CsvSource) -> TableRead[SavingRecord]:
    """Read ``savings.csv``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, SAVINGS, _saving, lambda r: r.text("saving_id"))


def write_savings(savings: Iterable[SavingRecord]) -> str:
    """``savings.csv`` text, in the order given."""
    return write_table(
        SAVINGS,
        (
            {
                "saving_id": s.id,
                "kind": s.source,
                "financial_year": s.financial_year,
                "workstream": s.workstream,
                "amount_pence": s.amount,
                **_source_cells(s.evidence, "evidence_"),
                "borough_gss": s.borough,
                "derived": s.derived,
            }
            for s in savings
        ),
    )


# --- provider concerns ----------------------------------------------------------------------

CONCERNS = TableSpec(
    name="concerns",
    file_name="concerns.csv",
    title="Provider concerns",
    description=(
        "One row per concern a borough raised about a provider, shared with every member; no "
        "child's details."
    ),
    columns=(
        _text("concern_id", "The concern's id.", required=True),
        _text("provider_id", "The provider concerned (providers.provider_id).", required=True),
        _gss("raised_by_gss", "GSS code of the borough that raised it."),
        _date("raised_on", "The day it was raised.", required=True),
        _code("category", ConcernCategory, "What the concern is about.", required=True),
        _text("summary", "A short description with no personal data.", required=True),
        _date("resolved_on", "The day it was closed; blank while open."),
    ),
    primary_key=("concern_id",),
    foreign_keys=(
        (("provider_id",), "providers", ("provider_id",)),
        (("raised_by_gss",), "boroughs", ("gss_code",)),
    ),
)


def _concern(row: ParsedRow) -> ProviderConcern:
    return ProviderConcern(
        id=ConcernId(row.text("concern_id")),
        provider=ProviderId(row.text("provider_id")),
        raised_by=GssCode(row.text("raised_by_gss")),
        raised_on=row.get("raised_on", dt.date),
        category=row.get("category", ConcernCategory),
        summary=row.text("summary"),
        resolved_on=row.optional("resolved_on", dt.date),
    )


def read_concerns(source: CsvSource) -> TableRead[ProviderConcern]:
    """Read ``concerns.csv``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, CONCERNS, _concern, lambda r: r.text("concern_id"))


def write_concerns(concerns: Iterable[ProviderConcern]) -> str:
    """``concerns.csv`` text, in the order given."""
    return write_table(
        CONCERNS,
        (
            {
                "concern_id": c.id,
                "provider_id": c.provider,
                "raised_by_gss": c.raised_by,
                "raised_on": c.raised_on,
                "category": c.category,
                "summary": c.summary,
                "resolved_on": c.resolved_on,
            }
            for c in concerns
        ),
    )


# --- SSDA903 episodes -----------------------------------------------------------------------

EPISODES = TableSpec(
    name="episodes",
    file_name="episodes.csv",
    title="SSDA903 episodes of care",
    description=(
        "One row per SSDA903 episode (a period with one legal status, placement and carer), "
        "with the return's codes as text. started_on is DECOM; ceased_on is DEC, the day the "
        "episode ceased and the next one may begin, so the episode is held half-open as "
        "[started_on, ceased_on)."
    ),
    columns=(
        _text(
            "child_ref",
            "Pseudonymous child reference (the 903 CHILD id, kept as text).",
            required=True,
            label="child reference",
        ),
        _gss(
            "borough_gss",
            "GSS code of the responsible local authority, where known.",
            required=False,
        ),
        _date("started_on", "DECOM: the day the episode began.", required=True),
        _date("ceased_on", "DEC: the day the episode ceased (not included); blank while open."),
        _text("reason_new_episode", "RNE: S, L, P, T, B or U.", required=True),
        _text("legal_status", "LS, e.g. C2 or V3.", required=True),
        _text("category_of_need", "CIN, N1-N8."),
        _text("place", "PLACE placement type, e.g. K2, U4, T1.", required=True),
        _text("place_provider", "PLACE_PROVIDER, PR0-PR5."),
        _text("reason_ceased", "REC, e.g. X1 or E11; blank while open."),
        _text("reason_place_change", "REASON_PLACE_CHANGE, where recorded."),
        _district("home_district", "District of HOME_POST."),
        _district("placement_district", "District of PL_POST."),
        _text("urn", "The placement provider's Ofsted URN, where recorded."),
    ),
    field_columns={
        "child": "child_ref",
        "end": "ceased_on",
        "period": "started_on",
        "borough": "borough_gss",
    },
)


def _episode(row: ParsedRow) -> CareEpisode:
    borough = row.optional("borough_gss", str)
    return CareEpisode(
        child=ChildRef(row.text("child_ref")),
        borough=None if borough is None else GssCode(borough),
        period=DateRange(
            start=row.get("started_on", dt.date), end=row.optional("ceased_on", dt.date)
        ),
        reason_new_episode=row.text("reason_new_episode"),
        legal_status=row.text("legal_status"),
        category_of_need=row.optional("category_of_need", str),
        place=row.text("place"),
        place_provider=row.optional("place_provider", str),
        reason_ceased=row.optional("reason_ceased", str),
        reason_place_change=row.optional("reason_place_change", str),
        home_district=row.optional("home_district", str),
        placement_district=row.optional("placement_district", str),
        urn=row.optional("urn", str),
    )


def read_episodes(source: CsvSource) -> TableRead[CareEpisode]:
    """Read ``episodes.csv`` (slcp's own table of episodes; for a 903 return itself use
    :func:`slcp.io.read_ssda903`).

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, EPISODES, _episode)


def write_episodes(episodes: Iterable[CareEpisode]) -> str:
    """``episodes.csv`` text, in the order given."""
    return write_table(
        EPISODES,
        (
            {
                "child_ref": e.child,
                "borough_gss": e.borough,
                "started_on": e.period.start,
                "ceased_on": e.period.end,
                "reason_new_episode": e.reason_new_episode,
                "legal_status": e.legal_status,
                "category_of_need": e.category_of_need,
                "place": e.place,
                "place_provider": e.place_provider,
                "reason_ceased": e.reason_ceased,
                "reason_place_change": e.reason_place_change,
                "home_district": e.home_district,
                "placement_district": e.placement_district,
                "urn": e.urn,
            }
            for e in episodes
        ),
    )


# --- published schemas ----------------------------------------------------------------------

_SPECS: Mapping[str, TableSpec] = {
    spec.name: spec
    for spec in (
        AGREEMENT_MEASUREMENTS,
        AGREEMENT_OUTCOMES,
        AGREEMENT_REVIEWS,
        AGREEMENTS,
        BOROUGHS,
        BUDGETS,
        CHILDREN,
        CONCERNS,
        CONTRIBUTIONS,
        EPISODES,
        LOTS,
        MEMBERSHIPS,
        PLACEMENT_FEES,
        PLACEMENTS,
        PROGRAMME,
        PROVIDER_ADMISSIONS,
        PROVIDER_RATINGS,
        PROVIDERS,
        SAVINGS,
        UPLIFT_BANDS,
        UPLIFT_REQUESTS,
        UPLIFT_ROUNDS,
        VEHICLES,
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
        write_atomic(path, dumps_table_schema(name))
        written.append(path)
    return tuple(written)
