"""Referral files for ``slcp match``: a small JSON or CSV file of referrals (and, in JSON,
optionally the vacancies to match them against). The format is documented in
``docs/market.md``.

JSON::

    {"referrals": [{"id": "R1", "child": "C0001", "borough": "E09000008",
                    "workstream": "lac", "service": "childrens_home", "needs": [],
                    "age": 12, "home_district": "CR0", "school_district": "CR0",
                    "urgency": "within_5_days", "referred_on": "2020-05-01"}],
     "vacancies": [{"id": "V1", "provider": "PRV-H001", "places": 1,
                    "from": "2020-04-01", "to": "2020-10-01",
                    "services": ["childrens_home"], "min_age": 10, "max_age": 17,
                    "needs_met": [], "location": "SM1", "weekly_fee_pence": 400000}]}

``to`` is the first day the places are no longer offered (half-open), or ``null``.

CSV: a header row naming the referral fields above, one referral a row; ``needs`` holds codes
separated by ``;``; ``school_district`` may be empty. Cells a spreadsheet would treat as
formulas keep slcp's guard (a leading ``'``) removed, as every slcp reader does.

Every problem is reported at once in a :class:`~slcp.errors.LoadError` whose messages end with
where they are: ``@ $.referrals[0].age`` or ``@ row 3 column age``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from slcp.domain import GssCode, NeededBy, ProviderId, SenNeed, ServiceKind, Workstream
from slcp.errors import LoadError, SlcpError
from slcp.io.spreadsheet_safety import restore_formula
from slcp.market import PlacementReferral, ReferralId, Vacancy, VacancyId
from slcp.money import Money
from slcp.periods import DateRange

__all__ = ["REFERRAL_FIELDS", "ReferralFile", "read_referral_file"]

#: The referral fields, in the order a CSV header lists them.
REFERRAL_FIELDS = (
    "id",
    "child",
    "borough",
    "workstream",
    "service",
    "needs",
    "age",
    "home_district",
    "school_district",
    "urgency",
    "referred_on",
)
_OPTIONAL = {"needs", "school_district"}
_VACANCY_FIELDS = (
    "id",
    "provider",
    "places",
    "from",
    "to",
    "services",
    "min_age",
    "max_age",
    "needs_met",
    "location",
    "weekly_fee_pence",
)
_VACANCY_OPTIONAL = {"to", "needs_met"}

E = TypeVar("E")


@attrs.frozen(kw_only=True)
class ReferralFile:
    """What a referral file holds.

    Attributes:
        referrals: the referrals, in file order.
        vacancies: the vacancies given with them (JSON only), or ``None`` when the file gives
            none (the caller then uses the programme's own).
    """

    referrals: tuple[PlacementReferral, ...]
    vacancies: tuple[Vacancy, ...] | None = None


class _ProblemError(Exception):
    pass


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _ProblemError("must be non-blank text")
    return value.strip()


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ProblemError("must be a whole number")
    return value


def _date(value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise _ProblemError(f"{value!r} is not a date written YYYY-MM-DD") from None


def _enum(kind: type[E]) -> Callable[[object], E]:
    def parse(value: object) -> E:
        try:
            return kind(_text(value))  # type: ignore[call-arg]
        except ValueError:
            names = ", ".join(str(m.value) for m in kind)  # type: ignore[attr-defined]
            raise _ProblemError(f"{value!r} is not one of {names}") from None

    return parse


def _codes(kind: type[E], value: object, *, csv_cell: bool) -> tuple[E, ...]:
    if csv_cell:
        items: list[object] = [x for x in str(value or "").replace(" ", "").split(";") if x]
    elif isinstance(value, list):
        items = list(value)
    else:
        raise _ProblemError("must be a list of codes")
    return tuple(_enum(kind)(x) for x in items)


class _Collector:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def field(self, where: str, parse: Callable[[], E]) -> E | None:
        try:
            return parse()
        except _ProblemError as e:
            self.messages.append(f"{e} @ {where}")
        except SlcpError as e:
            self.messages.append(f"{e.message} @ {where}")
        return None


def _referral(
    row: Mapping[str, Any], where: Callable[[str], str], out: _Collector, *, csv_cell: bool
) -> PlacementReferral | None:
    missing = [f for f in REFERRAL_FIELDS if f not in row and f not in _OPTIONAL]
    for f in missing:
        out.messages.append(f"missing field @ {where(f)}")
    extra = sorted(set(row) - set(REFERRAL_FIELDS))
    for f in extra:
        out.messages.append(f"unknown field (expected {', '.join(REFERRAL_FIELDS)}) @ {where(f)}")
    if missing or extra:
        return None
    school = row.get("school_district")
    age_value: object = row["age"]
    if csv_cell:
        text = str(age_value).strip()
        age_value = int(text) if text.isdigit() else text
    values = {
        "id": out.field(where("id"), lambda: ReferralId(_text(row["id"]))),
        "child": out.field(where("child"), lambda: _text(row["child"])),
        "borough": out.field(where("borough"), lambda: GssCode(_text(row["borough"]))),
        "workstream": out.field(where("workstream"), lambda: _enum(Workstream)(row["workstream"])),
        "service": out.field(where("service"), lambda: _enum(ServiceKind)(row["service"])),
        "needs": out.field(
            where("needs"), lambda: _codes(SenNeed, row.get("needs", []), csv_cell=csv_cell)
        ),
        "age": out.field(where("age"), lambda: _int(age_value)),
        "home_district": out.field(where("home_district"), lambda: _text(row["home_district"])),
        "school_district": None
        if school in (None, "")
        else out.field(where("school_district"), lambda: _text(school)),
        "urgency": out.field(where("urgency"), lambda: _enum(NeededBy)(row["urgency"])),
        "referred_on": out.field(where("referred_on"), lambda: _date(row["referred_on"])),
    }
    if any(v is None for k, v in values.items() if k != "school_district"):
        return None
    return out.field(where(""), lambda: PlacementReferral(**values))  # type: ignore[arg-type]


def _vacancy(row: object, where: Callable[[str], str], out: _Collector) -> Vacancy | None:
    if not isinstance(row, dict):
        out.messages.append(f"a vacancy must be an object @ {where('')}")
        return None
    missing = [f for f in _VACANCY_FIELDS if f not in row and f not in _VACANCY_OPTIONAL]
    extra = sorted(set(row) - set(_VACANCY_FIELDS))
    out.messages += [f"missing field @ {where(f)}" for f in missing]
    out.messages += [
        f"unknown field (expected {', '.join(_VACANCY_FIELDS)}) @ {where(f)}" for f in extra
    ]
    if missing or extra:
        return None
    start = out.field(where("from"), lambda: _date(row["from"]))
    end = None if row.get("to") is None else out.field(where("to"), lambda: _date(row["to"]))
    values = {
        "id": out.field(where("id"), lambda: VacancyId(_text(row["id"]))),
        "provider": out.field(where("provider"), lambda: ProviderId(_text(row["provider"]))),
        "places": out.field(where("places"), lambda: _int(row["places"])),
        "services": out.field(
            where("services"), lambda: _codes(ServiceKind, row["services"], csv_cell=False)
        ),
        "min_age": out.field(where("min_age"), lambda: _int(row["min_age"])),
        "max_age": out.field(where("max_age"), lambda: _int(row["max_age"])),
        "needs_met": out.field(
            where("needs_met"), lambda: _codes(SenNeed, row.get("needs_met", []), csv_cell=False)
        ),
        "location": out.field(where("location"), lambda: _text(row["location"])),
        "weekly_fee": out.field(
            where("weekly_fee_pence"), lambda: Money(_int(row["weekly_fee_pence"]))
        ),
    }
    if start is None or any(v is None for v in values.values()):
        return None
    period = out.field(where("to"), lambda: DateRange(start=start, end=end))
    if period is None:
        return None
    return out.field(where(""), lambda: Vacancy(period=period, **values))  # type: ignore[arg-type]


def _at(path: str) -> Callable[[str], str]:
    return lambda field: f"{path}.{field}" if field else path


def _from_json(text: str, out: _Collector) -> ReferralFile | None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        out.messages.append(f"not JSON: {e.msg} @ line {e.lineno} column {e.colno}")
        return None
    if not isinstance(doc, dict):
        out.messages.append("the document must be an object with a 'referrals' list @ $")
        return None
    extra = sorted(set(doc) - {"referrals", "vacancies"})
    out.messages += [f"unknown key (expected referrals, vacancies) @ $.{k}" for k in extra]
    rows = doc.get("referrals")
    if not isinstance(rows, list) or not rows:
        out.messages.append("a non-empty list of referrals is required @ $.referrals")
        return None
    referrals = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            out.messages.append(f"a referral must be an object @ $.referrals[{i}]")
            continue
        r = _referral(row, _at(f"$.referrals[{i}]"), out, csv_cell=False)
        if r is not None:
            referrals.append(r)
    vacancies: list[Vacancy] | None = None
    if "vacancies" in doc:
        if not isinstance(doc["vacancies"], list):
            out.messages.append("vacancies must be a list @ $.vacancies")
        else:
            vacancies = []
            for i, row in enumerate(doc["vacancies"]):
                v = _vacancy(row, _at(f"$.vacancies[{i}]"), out)
                if v is not None:
                    vacancies.append(v)
    return ReferralFile(
        referrals=tuple(referrals), vacancies=None if vacancies is None else tuple(vacancies)
    )


def _row(n: int) -> Callable[[str], str]:
    def where(field: str) -> str:
        return f"row {n} column {field}" if field else f"row {n}"

    return where


def _from_csv(text: str, out: _Collector) -> ReferralFile | None:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [h for h in header if h not in REFERRAL_FIELDS]
    if unknown or not header:
        out.messages.append(
            f"the header must name the referral fields ({', '.join(REFERRAL_FIELDS)}); "
            f"unknown: {', '.join(unknown) or '(no header)'} @ row 1"
        )
        return None
    referrals = []
    for n, raw in enumerate(reader, start=2):
        row = {k: restore_formula(v) for k, v in raw.items() if k is not None and v is not None}
        if None in raw:
            out.messages.append(f"more cells than header columns @ row {n}")
            continue
        r = _referral(row, _row(n), out, csv_cell=True)
        if r is not None:
            referrals.append(r)
    if not referrals and not out.messages:
        out.messages.append("no referrals @ row 2")
    return ReferralFile(referrals=tuple(referrals))


def read_referral_file(path: str | Path) -> ReferralFile:
    """Read a referral file: JSON (``.json``) or CSV (any other name).

    Raises:
        LoadError: the file cannot be read, or any referral or vacancy is invalid (every
            problem listed, each with its place).
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoadError([f"cannot read the file: {e}"], source=source) from None
    out = _Collector()
    read = _from_json(text, out) if source.lower().endswith(".json") else _from_csv(text, out)
    if out.messages or read is None:
        raise LoadError(out.messages, source=source)
    ids = [r.id for r in read.referrals]
    if len(set(ids)) != len(ids):
        raise LoadError(["two referrals share an id @ referrals"], source=source)
    return read
