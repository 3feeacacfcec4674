"""A synthetic SEN2 return for Croydon, consistent with the South London sample programme.

SYNTHETIC DATA: every person, identifier, date and school in it is generated; none is real.
It is generated deterministically (a fixed seed, no clock) from
:func:`slcp.sample.south_london` and shipped as ``slcp/io/data/sen2_synthetic_2023.xml`` so
the docs, the tests and ``slcp sen2 --return sample`` can run without real data.

- **Year**: the 2023 collection (census Thursday 19 January 2023; activity in calendar
  year 2022), the first person-level year. The programme's data end at its horizon
  (31 March 2022); its placements still running then are taken as running on census day.
- **Who**: one person per Croydon SEND placement in force on census day, at the same
  school (URN) from the same day, with the programme child's month of birth, home district
  and needs; and synthetic others in mainstream, maintained special, further education and
  the SENsetting codes, with requests, assessments, new plans (timed against the 20-week
  limit, some with exceptions), transfers in and ceased plans.
- **Seeded mismatches** (:data:`SEEDED_MISMATCHES`): two programme placements left out of
  the return, two return placements the programme does not have, one child at a different
  school and one with a different entry date. ``join_to_programme`` must find exactly these.
- **Identifiers**: each synthetic UPN is ``"X9"`` followed by the 11-digit decimal form of the
  programme child reference's hex digits, so :func:`sample_pseudonymise` can turn it back into
  the sample's reference. That stands in for the borough's keyed HMAC, which a real return
  always needs (a real UPN never decodes: :func:`sample_pseudonymise` refuses it).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from slcp.domain import ChildRef, GssCode, Placement, Programme, Workstream, borough_by_name
from slcp.errors import InvalidValueError
from slcp.io._sen2_codes import FIELDS, MODULE_PARENTS, census_day
from slcp.periods import YearMonth
from slcp.sample._shipped import package_bytes, read_shared
from slcp.send import Sen2Return

if TYPE_CHECKING:  # the generator's modules, imported where it runs, not by the loader
    import random
    import xml.etree.ElementTree as ET

__all__ = [
    "SAMPLE_BOROUGH",
    "SAMPLE_ESTABLISHMENTS",
    "SAMPLE_FILE",
    "SAMPLE_YEAR",
    "SEEDED_MISMATCHES",
    "SHIPPED_RETURN",
    "build_sample_return",
    "load_sample_return",
    "parse_sample_return",
    "sample_module_csv",
    "sample_pseudonymise",
    "sample_return_bytes",
    "synthetic_upn",
]

#: The collection year of the synthetic return.
SAMPLE_YEAR = 2023
#: The authority whose return it is: Croydon (DfE 306), the programme's host borough.
SAMPLE_BOROUGH: GssCode = borough_by_name("Croydon").gss_code
#: The shipped file's name inside ``slcp/io/data``.
SAMPLE_FILE = "sen2_synthetic_2023.xml"
#: The same return parsed, as the package ships it (read by :func:`load_sample_return`).
SHIPPED_RETURN = "sen2_synthetic_2023.pickle.gz"

#: Synthetic establishments (URN -> GIAS type) for the return's placements outside the
#: programme: URNs 900001-900012 belong to no real school.
SAMPLE_ESTABLISHMENTS: dict[str, int] = {
    "900001": 1,  # community school (mainstream)
    "900002": 1,
    "900003": 34,  # academy converter (mainstream)
    "900004": 28,  # academy sponsor led (mainstream)
    "900005": 34,
    "900006": 2,  # voluntary aided (mainstream)
    "900007": 7,  # community special
    "900008": 44,  # academy special converter
    "900009": 7,
    "900010": 33,  # academy special sponsor led
    "900011": 15,  # local authority nursery (mainstream)
    "900012": 26,  # further education (not in slcp's groups: other establishment)
}

#: The mismatches the generator seeds, as the join reports them: (finding code, subject, the
#: programme placement id or the child reference). Chosen among Croydon's 258 placements in
#: force on census day (ordered by id: the 11th and 61st left out, the 21st at another
#: school, the 31st entered a week late) plus two children the programme does not have.
SEEDED_MISMATCHES: tuple[tuple[str, str], ...] = (
    ("entry-date-differs", "Se44fa49bc"),
    ("placement-not-in-programme", "Sf00000001"),
    ("placement-not-in-programme", "Sf00000002"),
    ("placement-not-in-return", "PL-S00739"),
    ("placement-not-in-return", "PL-S00838"),
    ("urn-differs", "S642b8fee0"),
)

_SEED = 20230119
_FE_UKPRN = "10001234"


def synthetic_upn(ref: str) -> str:
    """The synthetic UPN that stands for a sample child reference (``"S"`` + 9 hex digits).

    >>> synthetic_upn("S027e29f8c")
    'X900669163404'
    """
    return f"X9{int(ref[1:], 16):011d}"


def sample_pseudonymise(identifier: str) -> ChildRef:
    """The sample's stand-in for a keyed pseudonym: a synthetic UPN back to its reference.

    Raises:
        InvalidValueError: ``identifier`` is not a synthetic UPN (so no real identifier is
            ever accepted without a key).

    >>> sample_pseudonymise("X900669163404")
    'S027e29f8c'
    >>> sample_pseudonymise("A123456789012")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: not a synthetic sample UPN...
    """
    if len(identifier) == 13 and identifier.startswith("X9") and identifier[2:].isdigit():
        n = int(identifier[2:])
        if n < 16**9:
            return ChildRef(f"S{n:09x}")
    raise InvalidValueError(
        "not a synthetic sample UPN; a real return needs a pseudonymisation key",
        field="UPN",
        value="(not shown)",
    )


def _d(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _person(
    rng: random.Random,
    ref: str,
    *,
    month: tuple[int, int],
    district: str,
    needs: list[str],
    placement: dict[str, Any] | None,
    plan_start: dt.date | None,
    received: dt.date,
    week20: bool = False,
    transfer: bool = False,
    cease: dt.date | None = None,
    outcome: str = "Y",
) -> dict[str, Any]:
    year, mon = month
    plan: dict[str, Any] | None = None
    if plan_start is not None:
        named = dict(placement or {"SENsetting": "OTH"})
        for key in ("EntryDate", "LeavingDate"):
            named.pop(key, None)
        plan = {
            "StartDate": _d(plan_start),
            "CeaseDate": _d(cease),
            "CeaseReason": "2" if cease else None,
            "plandetail": [named],
        }
    active: dict[str, Any] | None = None
    if plan_start is not None and cease is None:
        active = {
            "TransferLA": "305" if transfer else None,
            "placementdetail": [placement] if placement else [],
            "senneed": [{"SENtype": n, "SENtypeRank": str(i)} for i, n in enumerate(needs, 1)],
        }
    assessment = {
        "AssessmentOutcome": outcome,
        "AssessmentOutcomeDate": _d(plan_start or received + dt.timedelta(days=100)),
        "Week20": "1" if week20 else "0",
        "namedplan": [plan] if plan else [],
    }
    return {
        "Surname": "Synthetic",
        "Forename": "Person",
        "PersonBirthDate": _d(dt.date(year, mon, rng.randint(1, 28))),
        "GenderCurrent": rng.choice(("1", "2")),
        "PostCode": f"{district} {rng.randint(1, 9)}ZZ",
        "UPN": synthetic_upn(ref),
        "requests": [
            {
                "ReceivedDate": _d(received),
                "RequestOutcome": "A",
                "RequestOutcomeDate": _d(received + dt.timedelta(days=42)),
                "assessment": [assessment],
                "activeplans": [active] if active else [],
            }
        ],
    }


def _placement(urn: str | None, entry: dt.date, **extra: str) -> dict[str, Any]:
    out: dict[str, Any] = {"URN": urn, "PlacementRank": "1", "EntryDate": _d(entry)}
    out.update(extra)
    return out


def _records(programme: Programme) -> list[dict[str, Any]]:
    """The synthetic persons, in file order, as nested field dictionaries."""
    import random

    rng = random.Random(_SEED)
    census = census_day(SAMPLE_YEAR)
    providers = {p.id: p for p in programme.providers}
    children = {c.ref: c for c in programme.children}
    in_force: list[Placement] = sorted(
        (
            pl
            for pl in programme.placements
            if pl.workstream is Workstream.SEND
            and pl.borough == SAMPLE_BOROUGH
            and pl.period.contains(census)
        ),
        key=lambda pl: pl.id,
    )
    seeded = {s: c for c, s in SEEDED_MISMATCHES}
    isp_urns = sorted(
        {p.urn for p in programme.providers if p.urn and p.gias_establishment_type == 10}
    )
    persons: list[dict[str, Any]] = []
    year = (dt.date(SAMPLE_YEAR - 1, 1, 1), dt.date(SAMPLE_YEAR, 1, 1))
    for pl in in_force:
        if seeded.get(pl.id) == "placement-not-in-return":
            continue
        child = children[pl.child]
        urn = providers[pl.provider].urn if pl.provider else None
        entry = pl.period.start
        if seeded.get(pl.child) == "urn-differs":
            urn = next(u for u in isp_urns if u != urn)
        if seeded.get(pl.child) == "entry-date-differs":
            entry = entry + dt.timedelta(days=7)
        # DS (Down syndrome) is a SENtype only from the 2025 return; before, it was OTH
        needs = [
            "OTH" if n.value == "DS" else n.value
            for n in (child.sen_primary, child.sen_secondary)
            if n is not None
        ]
        if len(needs) == 2 and needs[0] == needs[1]:
            needs = needs[:1]
        new = year[0] <= pl.period.start < year[1]
        start = pl.period.start if new else pl.period.start - dt.timedelta(days=rng.randint(0, 400))
        days = rng.randint(60, 140) if rng.random() < 0.55 else rng.randint(141, 300)
        born = child.month_of_birth or YearMonth(2010, 1)
        persons.append(
            _person(
                rng,
                pl.child,
                month=(born.year, born.month),
                district=child.home_district or "CR0",
                needs=needs or ["OTH"],
                placement=_placement(urn, entry),
                plan_start=start,
                received=start - dt.timedelta(days=days),
                week20=new and rng.random() < 0.1,
            )
        )
    used: set[str] = {c.ref for c in programme.children}
    others = [s for s, c in seeded.items() if c == "placement-not-in-programme"]
    for i, ref in enumerate(sorted(others)):
        start = dt.date(2021, 9, 1 + i)
        persons.append(
            _person(
                rng,
                ref,
                month=(2010 + i, 3),
                district="CR0",
                needs=["ASD"],
                placement=_placement(isp_urns[i], start),
                plan_start=start - dt.timedelta(days=30),
                received=start - dt.timedelta(days=170),
            )
        )
    settings = (
        [("URN", u) for u in ("900001", "900002", "900003", "900004", "900005", "900006")] * 4
        + [("URN", u) for u in ("900007", "900008", "900009", "900010")] * 3
        + [("URN", "900011"), ("URN", "900012"), ("UKPRN", _FE_UKPRN), ("UKPRN", _FE_UKPRN)]
        + [("SENsetting", s) for s in ("EHE", "OLA", "OPA", "EYP", "NEET", "NIEO", "NIEC", "OTH")]
    )
    need_codes = ("ASD", "SEMH", "SLCN", "MLD", "SPLD", "SLD", "PMLD", "HI", "VI", "PD", "MSI")
    for n in range(360):
        ref = f"S{rng.getrandbits(36):09x}"
        while ref in used or ref.startswith("Sf0000000"):
            ref = f"S{rng.getrandbits(36):09x}"
        used.add(ref)
        kind, value = settings[n % len(settings)]
        new = n % 4 == 0
        if new:
            start = dt.date(SAMPLE_YEAR - 1, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        else:
            start = dt.date(rng.randint(2015, 2021), rng.randint(1, 12), rng.randint(1, 28))
        days = rng.randint(50, 140) if rng.random() < 0.5 else rng.randint(141, 320)
        age = rng.randint(3, 22)
        entry = start + dt.timedelta(days=rng.randint(0, 20))
        placement = (
            {kind: value, "PlacementRank": "1", "EntryDate": _d(entry)}
            if kind != "SENsetting"
            else {"SENsetting": value, "PlacementRank": "1", "EntryDate": _d(entry)}
        )
        cease = None
        if n % 25 == 7:
            cease = dt.date(SAMPLE_YEAR - 1, rng.randint(1, 12), rng.randint(1, 28))
            cease = max(cease, start + dt.timedelta(days=30))
            if cease >= census:
                cease = None
        persons.append(
            _person(
                rng,
                ref,
                month=(SAMPLE_YEAR - age, rng.randint(1, 12)),
                district=rng.choice(("CR0", "CR2", "CR7", "CR8", "SE25", "SE19", "CR5")),
                needs=[rng.choice(need_codes)] + ([rng.choice(need_codes)] if n % 3 == 0 else []),
                placement=placement,
                plan_start=start,
                received=start - dt.timedelta(days=days),
                week20=new and n % 20 == 0,
                transfer=new and n % 36 == 4,
                cease=cease,
            )
        )
    # requests that did not (yet) lead to a plan: refused, not issued, still being assessed
    for n in range(40):
        ref = f"S{rng.getrandbits(36):09x}"
        while ref in used or ref.startswith("Sf0000000"):
            ref = f"S{rng.getrandbits(36):09x}"
        used.add(ref)
        received = dt.date(SAMPLE_YEAR - 1, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        p = _person(
            rng,
            ref,
            month=(SAMPLE_YEAR - rng.randint(4, 16), rng.randint(1, 12)),
            district="CR0",
            needs=[],
            placement=None,
            plan_start=None,
            received=received,
            outcome="N",
        )
        if n % 2:
            p["requests"][0]["assessment"] = []
            p["requests"][0]["RequestOutcome"] = "B"
        persons.append(p)
    return persons


def _element(parent: ET.Element, name: str, value: str | None) -> None:
    import xml.etree.ElementTree as ET

    if value is not None:
        ET.SubElement(parent, name).text = value


_XML_NAMES = {
    "requests": "Requests",
    "assessment": "Assessment",
    "namedplan": "NamedPlan",
    "plandetail": "PlanDetail",
    "activeplans": "ActivePlans",
    "placementdetail": "PlacementDetail",
    "senneed": "SENneed",
}


def _write(parent: ET.Element, module: str, record: Mapping[str, Any]) -> None:
    import xml.etree.ElementTree as ET

    for field in FIELDS[module]:
        _element(parent, field, record.get(field))
    for key, name in _XML_NAMES.items():
        for sub in record.get(key, ()):
            _write(ET.SubElement(parent, name), key, sub)


def build_sample_return(programme: Programme) -> bytes:
    """The synthetic return as XML bytes (UTF-8), generated from ``programme``.

    Deterministic: the same programme always gives the same bytes.
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("Message")
    root.append(
        ET.Comment(
            " SYNTHETIC DATA generated by slcp from its South London sample: not a real "
            "return; every person, identifier and date is made up "
        )
    )
    header = ET.SubElement(root, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _element(details, "Collection", "SEN2")
    _element(details, "Year", str(SAMPLE_YEAR))
    _element(details, "ReferenceDate", census_day(SAMPLE_YEAR).isoformat())
    source = ET.SubElement(header, "Source")
    for field, value in (
        ("SourceLevel", "L"),
        ("LEA", "306"),
        ("SoftwareCode", "slcp-synthetic"),
        ("Release", "1"),
        ("SerialNo", "1"),
        ("DateTime", "2023-01-20T09:00:00"),
    ):
        _element(source, field, value)
    return _return_xml(root, _records(programme))


def _return_xml(root: ET.Element, records: list[dict[str, Any]]) -> bytes:
    """``records`` (nested field dictionaries) as a SEN2 XML return under ``root``."""
    import xml.etree.ElementTree as ET

    persons = ET.SubElement(root, "Persons")
    for record in records:
        _write(ET.SubElement(persons, "Person"), "person", record)
    ET.indent(root, space=" ")
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def sample_module_csv(programme: Programme) -> dict[str, bytes]:
    """The same synthetic return as a module CSV export (``<module>.csv`` -> bytes)."""
    header = ["SE1", "SEN2", str(SAMPLE_YEAR), census_day(SAMPLE_YEAR).isoformat(), "L", "306"]
    return _return_csv(header + [""] * 4, _records(programme))


def _return_csv(header: list[str], records: list[dict[str, Any]]) -> dict[str, bytes]:
    """``records`` as a module CSV export, with ``header`` as the ``sen2`` module's row."""
    import csv

    rows: dict[str, list[list[str]]] = {m: [] for m in FIELDS}
    counters = dict.fromkeys(FIELDS, 0)

    def emit(module: str, record: Mapping[str, Any], parent: str | None) -> None:
        counters[module] += 1
        own = f"{module[:2].upper()}{counters[module]}"
        rows[module].append(
            [own, *([parent] if parent else []), *(record.get(f) or "" for f in FIELDS[module])]
        )
        for key in _XML_NAMES:
            for sub in record.get(key, ()):
                emit(key, sub, own)

    rows["sen2"].append(header)
    for record in records:
        emit("person", record, None)

    out: dict[str, bytes] = {}
    for module, body in rows.items():
        parent = MODULE_PARENTS[module]
        head = [f"{module}tableid", *([f"{parent}tableid"] if parent else [])]
        head += [f.lower() for f in FIELDS[module]]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(head)
        writer.writerows(body)
        out[f"{module}.csv"] = buf.getvalue().encode("utf-8")
    return out


def sample_return_bytes() -> bytes:
    """The shipped synthetic return's XML bytes."""
    return package_bytes("slcp.io", "data", SAMPLE_FILE)


@functools.cache
def load_sample_return() -> Sen2Return:
    """The shipped synthetic return, read with :func:`sample_pseudonymise` (cached).

    Loaded from the parsed form the package ships beside the XML
    (``slcp/io/data/sen2_synthetic_2023.pickle.gz``, about ten times faster than parsing);
    parsed from the XML when that form is missing or out of date (only then is the SEN2
    reader imported). A test checks the shipped
    form equals the XML parsed afresh (after changing the reader or the records:
    ``python -m slcp.io._regenerate``).
    """
    stream = _open_shipped_return()
    shipped = None if stream is None else read_shared(stream)
    return shipped if isinstance(shipped, Sen2Return) else parse_sample_return()


def parse_sample_return() -> Sen2Return:
    """The shipped synthetic return parsed afresh from its XML with
    :func:`sample_pseudonymise` (what :func:`load_sample_return` ships parsed)."""
    from slcp.io.sen2 import read_sen2_xml

    return read_sen2_xml(sample_return_bytes(), pseudonymise=sample_pseudonymise, name=SAMPLE_FILE)


def _open_shipped_return() -> io.BytesIO | None:
    try:
        raw = package_bytes("slcp.io", "data", SHIPPED_RETURN)
        return io.BytesIO(gzip.decompress(raw))
    except (OSError, EOFError, zlib.error):  # missing, unreadable or damaged
        return None


def _read_csv_sample(programme: Programme) -> Sen2Return:
    from slcp.io.sen2 import read_sen2_csv

    return read_sen2_csv(sample_module_csv(programme), pseudonymise=sample_pseudonymise)
