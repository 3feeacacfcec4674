"""The market's optional tables in a programme folder: provider groups, vacancies and
registered places (``docs/io-csv.md``).

They are not part of :class:`~slcp.domain.Programme`: provider groups and vacancies make a
:class:`~slcp.market.MarketBook` (what ``slcp match`` and the report's market section read),
registered places the supply side of the sufficiency gap
(:class:`~slcp.demand.RegisteredPlaces`). Each is read with every finding at once, naming
file, row and column, as every programme table is; an absent table holds no records.

>>> read_vacancies(b"vacancy_id,provider_id,places,first_day,services,min_age,max_age,"
...                b"location,weekly_fee_pence\\nV1,H1,2,2020-04-01,childrens_home,10,17,"
...                b"CR0,400000\\n").records[0].period
DateRange(start=datetime.date(2020, 4, 1), end=None)
>>> print(read_registered_places_table(b"la_gss,placement_group,places\\n"
...       b"E09000008,residential,-1\\n").error_messages()[0])
places must be at least 0, got -1 @ registered_places.csv row 2 column places
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from slcp.demand import PlacementGroup, RegisteredPlaces
from slcp.domain import GssCode, ProviderId, SenNeed, ServiceKind
from slcp.errors import InvalidValueError
from slcp.io._csv_engine import (
    CellKind,
    Column,
    CsvSource,
    ParsedRow,
    TableRead,
    TableSpec,
    write_table,
)
from slcp.io.csv_tables import _codes, _date, _gss, _pence, _read_one, _text
from slcp.market import GroupId, ProviderGroup, Vacancy, VacancyId
from slcp.money import Money
from slcp.periods import DateRange

__all__ = [
    "MARKET_TABLE_FILES",
    "PROVIDER_GROUPS",
    "REGISTERED_PLACES",
    "VACANCIES",
    "group_rows",
    "read_provider_groups",
    "read_registered_places_table",
    "read_vacancies",
    "write_provider_groups",
    "write_registered_places",
    "write_vacancies",
]


def _whole(name: str, description: str, *, minimum: int, maximum: int | None = None) -> Column:
    return Column(
        name=name,
        kind=CellKind.INTEGER,
        description=description,
        required=True,
        minimum=minimum,
        maximum=maximum,
        label=name.replace("_", " "),
    )


PROVIDER_GROUPS = TableSpec(
    name="provider_groups",
    file_name="provider_groups.csv",
    title="Provider groups",
    description=(
        "One row per member of a provider organisation: the group's id and name (the name "
        "of the group's first row is kept) and a provider (home or school) it owns."
    ),
    columns=(
        _text("group_id", "The organisation's id, e.g. GRP-HEARTH.", required=True),
        _text("name", "The organisation's name.", required=True),
        _text("provider_id", "A provider it owns (the providers table's id).", required=True),
    ),
    primary_key=("group_id", "provider_id"),
    foreign_keys=((("provider_id",), "providers", ("provider_id",)),),
)

VACANCIES = TableSpec(
    name="vacancies",
    file_name="vacancies.csv",
    title="Vacancies",
    description=(
        "One row per vacancy a provider offers: places for some kinds of placement, for ages "
        "and needs, in a postcode district, at a weekly fee, from a first day to a last day "
        "(inclusive; blank while open)."
    ),
    columns=(
        _text("vacancy_id", "The vacancy's id.", required=True),
        _text("provider_id", "The provider offering it.", required=True),
        _whole("places", "Places offered (at least 1).", minimum=1),
        _date("first_day", "The first day the places are offered.", required=True),
        _date("last_day", "The last day they are offered (inclusive); blank while open."),
        Column(
            name="services",
            kind=CellKind.CODE_LIST,
            description="The kinds of placement offered, separated by ';'.",
            required=True,
            codes=_codes(ServiceKind),
        ),
        _whole("min_age", "Youngest age accepted, in completed years.", minimum=0, maximum=25),
        _whole("max_age", "Oldest age accepted, in completed years.", minimum=0, maximum=25),
        Column(
            name="needs_met",
            kind=CellKind.CODE_LIST,
            description="SEN primary needs met, separated by ';' (blank: none named).",
            codes=_codes(SenNeed),
            label="needs met",
        ),
        Column(
            name="location",
            kind=CellKind.TEXT,
            description="Where the home or school is: a postcode district (outward code, "
            "e.g. CR0), never a full postcode.",
            required=True,
        ),
        _pence(
            "weekly_fee_pence",
            "The weekly fee offered, in pence.",
            label="weekly fee",
            required=True,
        ),
    ),
    primary_key=("vacancy_id",),
    foreign_keys=((("provider_id",), "providers", ("provider_id",)),),
    field_columns={"end": "last_day", "location": "location", "weekly_fee": "weekly_fee_pence"},
)

REGISTERED_PLACES = TableSpec(
    name="registered_places",
    file_name="registered_places.csv",
    title="Registered places",
    description=(
        "One row per provider (or home) and placement group: the places it is registered for "
        "near a borough, the supply side of the market section's sufficiency gap."
    ),
    columns=(
        _gss("la_gss", "The borough the places are near."),
        Column(
            name="placement_group",
            kind=CellKind.CODE,
            description="fostering, residential or other.",
            required=True,
            codes=_codes(PlacementGroup),
            label="placement group",
        ),
        _whole("places", "Registered places (zero or more).", minimum=0),
        _text("provider", "The provider or home (an id or Ofsted URN), where known."),
        _text("source", "Where the figure comes from (a register extract, a statement)."),
    ),
)

#: The market's table files in a programme folder, in the order they are read and written.
MARKET_TABLE_FILES: tuple[str, ...] = (
    PROVIDER_GROUPS.file_name,
    VACANCIES.file_name,
    REGISTERED_PLACES.file_name,
)


def read_provider_groups(source: CsvSource) -> TableRead[tuple[GroupId, str, ProviderId]]:
    """Read ``provider_groups.csv``: one ``(group id, name, provider id)`` a row; see
    :func:`group_rows` for the groups.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """

    def build(row: ParsedRow) -> tuple[GroupId, str, ProviderId]:
        return GroupId(row.text("group_id")), row.text("name"), ProviderId(row.text("provider_id"))

    return _read_one(source, PROVIDER_GROUPS, build, lambda r: r.text("group_id"))


def group_rows(rows: Iterable[tuple[GroupId, str, ProviderId]]) -> tuple[ProviderGroup, ...]:
    """The groups of :func:`read_provider_groups`'s rows, in order of first appearance, each
    named by its first row, members in file order.

    >>> group_rows([(GroupId("G1"), "Oak", ProviderId("H1")),
    ...             (GroupId("G1"), "Oak", ProviderId("H2"))])[0].members
    ('H1', 'H2')
    """
    names: dict[GroupId, str] = {}
    members: dict[GroupId, list[ProviderId]] = {}
    for gid, name, pid in rows:
        names.setdefault(gid, name)
        members.setdefault(gid, []).append(pid)
    return tuple(
        ProviderGroup(id=gid, name=names[gid], members=tuple(members[gid])) for gid in names
    )


def write_provider_groups(groups: Iterable[ProviderGroup]) -> str:
    """``provider_groups.csv`` text: one row per member, in the order given."""
    return write_table(
        PROVIDER_GROUPS,
        (
            {"group_id": g.id, "name": g.name, "provider_id": member}
            for g in groups
            for member in g.members
        ),
    )


def _vacancy(row: ParsedRow) -> Vacancy:
    first = row.get("first_day", dt.date)
    last = row.optional("last_day", dt.date)
    if last is not None and last < first:
        raise InvalidValueError(
            f"last_day {last.isoformat()} is before first_day {first.isoformat()}",
            field="end",
            expected="on or after first_day",
        )
    services = row.get("services", tuple)
    needs = row.optional("needs_met", tuple) or ()
    return Vacancy(
        id=VacancyId(row.text("vacancy_id")),
        provider=ProviderId(row.text("provider_id")),
        places=row.get("places", int),
        period=DateRange(start=first, end=None if last is None else last + dt.timedelta(days=1)),
        services=tuple(ServiceKind(s) for s in services),
        min_age=row.get("min_age", int),
        max_age=row.get("max_age", int),
        needs_met=tuple(SenNeed(n) for n in needs),
        location=row.text("location"),
        weekly_fee=row.get("weekly_fee_pence", Money),
    )


def read_vacancies(source: CsvSource) -> TableRead[Vacancy]:
    """Read ``vacancies.csv``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, VACANCIES, _vacancy, lambda r: r.text("vacancy_id"))


def write_vacancies(vacancies: Iterable[Vacancy]) -> str:
    """``vacancies.csv`` text, in the order given (``last_day``: the day before the end)."""
    return write_table(
        VACANCIES,
        (
            {
                "vacancy_id": v.id,
                "provider_id": v.provider,
                "places": v.places,
                "first_day": v.period.start,
                "last_day": None if v.period.end is None else v.period.end - dt.timedelta(days=1),
                "services": v.services,
                "min_age": v.min_age,
                "max_age": v.max_age,
                "needs_met": v.needs_met or None,
                "location": v.location,
                "weekly_fee_pence": v.weekly_fee,
            }
            for v in vacancies
        ),
    )


def _places(row: ParsedRow) -> RegisteredPlaces:
    return RegisteredPlaces(
        area=GssCode(row.text("la_gss")),
        group=row.get("placement_group", PlacementGroup),
        places=row.get("places", int),
        provider=row.optional("provider", str),
        source=row.optional("source", str) or "",
    )


def read_registered_places_table(source: CsvSource) -> TableRead[RegisteredPlaces]:
    """Read ``registered_places.csv`` (a programme folder's table; ``slcp forecast-demand
    --places`` reads its own form with :mod:`slcp.io.registered_places`).

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    return _read_one(source, REGISTERED_PLACES, _places)


def write_registered_places(places: Iterable[RegisteredPlaces]) -> str:
    """``registered_places.csv`` text, in the order given."""
    return write_table(
        REGISTERED_PLACES,
        (
            {
                "la_gss": p.area,
                "placement_group": p.group,
                "places": p.places,
                "provider": p.provider,
                "source": p.source or None,
            }
            for p in places
        ),
    )
