"""The Placements Data Standard (v2, 2025) as CSV: referrals and their actual placements.

One row is one referral; its actual-placement columns are blank until a placement is agreed.
Column headers are the standard's JSON field names (``childId``, ``totalWeeklyCost``,
``providerURN``, ``placementType``...), in the standard's order; cells hold the standard's
option texts (``Risk Present``, ``Suitable but not preferred``) and ``Yes``/``No`` for its
booleans. The mapping to slcp, what cannot be mapped and the assumptions made are in
``docs/placements-data-standard.md`` and decision records 0710-0714.

Privacy rules applied on reading:

* the officer-name columns (``referralOfficerName``, ``placementOfficerName``,
  ``costOfficerName``) are dropped with an ``INFO`` finding; they have no field in slcp and
  are never written;
* a full postcode in ``placementLocation`` or ``preferredLocation`` is reduced to its district
  (an ``INFO`` finding says so);
* free text (``riskOther``, ``riskToOthersOther``, ``preferredLocation``) that holds a date,
  a full postcode or — in the risk texts — two capitalised words in a row (a name such as
  "Jane Smith") is dropped, with a ``personal-data-dropped`` ``WARNING`` finding that names
  the cell but never repeats the text (decision 0005);
* ``childId`` must be a pseudonymous reference: never a name or a date (``slcp pseudonymise``
  makes one).

Columns a borough adds for local use are reported as ``WARNING`` findings and ignored.

>>> header = ("childId,communicationNeeds,specificCommunicationRequirements,homeAdaptation,"
...           "culturalNeeds,livingCompanions,pets,fosterCareSuitability,"
...           "residentialCareSuitability,supportedAccommodationSuitability,riskSelfHarm,"
...           "riskSexualExploitation,riskCriminalExploitation,riskDrugAlcohol,"
...           "riskEatingDisorder,riskMissing,riskToOthersPhysical,riskToOthersSexual,"
...           "riskToOthersFire,riskToOthersAnimals,riskToOthersCriminal,referralDate,"
...           "referralOfficerName")
>>> row = ("0042,N,None,No,Not required,No preference,Yes - can,Preferred,Unsuitable,"
...        "Unsuitable,Risk Present" + ",No known risk" * 10 + ",2025-07-21,A. Officer")
>>> read = read_referrals((header + "\\n" + row + "\\n").encode())
>>> referral = read.records[0]
>>> referral.child, referral.risks.present, referral.is_placed
('0042', ('self_harm',), False)
>>> [f.code for f in read.findings]
['column-dropped']
>>> "Officer" in write_referrals(read.records)
False
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from fractions import Fraction

from slcp.domain.borough import GssCode
from slcp.domain.child import ChildRef
from slcp.domain.codes import ServiceKind, Workstream
from slcp.domain.location import PostcodeDistrict, postcode_district
from slcp.domain.placement import FeeComponents, Placement, PlacementId
from slcp.domain.provider import ProviderId
from slcp.domain.purchasing import PurchaseRoute
from slcp.domain.referral import (
    ActualPlacement,
    AdditionalSupport,
    Availability,
    CommunicationRequirement,
    CulturalNeeds,
    LivingCompanions,
    NeededBy,
    PetsTolerance,
    PlacementSetting,
    Recommendation,
    Referral,
    Requirements,
    Risks,
    Suitability,
)
from slcp.errors import InvalidValueError, SlcpError
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
from slcp.money import Money, round_pence
from slcp.periods import DateRange
from slcp.timeline import Source, Timeline

__all__ = [
    "PDS_COLUMNS",
    "PDS_OFFICER_COLUMNS",
    "actual_placement_from",
    "dumps_referrals_schema",
    "placement_from_referral",
    "read_referrals",
    "write_referrals",
]

_YES = ("Yes", "Y", "true")
_NO = ("No", "N", "false")
_SUITABILITY = (
    ("Preferred", Suitability.PREFERRED),
    ("Suitable but not preferred", Suitability.SUITABLE_NOT_PREFERRED),
    ("Unsuitable", Suitability.UNSUITABLE),
    ("Not specified", Suitability.NOT_SPECIFIED),
)
_RISK = (("No known risk", False), ("Risk Present", True))
_NOT_SPECIFIED = "not specified"


def _code(
    name: str, description: str, codes: tuple[tuple[str, object], ...], *, required: bool
) -> Column:
    return Column(
        name=name, kind=CellKind.CODE, description=description, required=required, codes=codes
    )


def _flag(name: str, description: str, *, required: bool) -> Column:
    return Column(
        name=name,
        kind=CellKind.BOOLEAN,
        description=description,
        required=required,
        true_values=_YES,
        false_values=_NO,
    )


def _text(name: str, description: str, *, required: bool = False) -> Column:
    return Column(name=name, kind=CellKind.TEXT, description=description, required=required)


def _date(name: str, description: str, *, required: bool = False) -> Column:
    return Column(
        name=name,
        kind=CellKind.DATE,
        description=description + " Written YYYY-MM-DD (DD/MM/YYYY is read too).",
        required=required,
        day_first_dates=True,
    )


def _risk(name: str, description: str) -> Column:
    return _code(name, description + ": No known risk or Risk Present.", _RISK, required=True)


_PLACEMENT_COLUMNS = (
    "totalWeeklyCost",
    "placementLocation",
    "preferabilityLocation",
    "educationContinuity",
    "providerURN",
    "siblingsPlacedTogether",
    "placementType",
)

#: The officer-name columns of the standard's quality-assurance group: personal data that
#: slcp drops on reading and never writes.
PDS_OFFICER_COLUMNS = ("referralOfficerName", "placementOfficerName", "costOfficerName")

REFERRALS = TableSpec(
    name="pds_referrals",
    file_name="referrals.csv",
    title="Placements Data Standard v2: referrals and actual placements",
    description=(
        "One row per referral for a placement, with the actual placement once agreed. Headers "
        "are the standard's JSON field names; officer names are never included."
    ),
    columns=(
        _text(
            "childId",
            "Pseudonymous child reference (the standard's child ID), kept as text so leading "
            "zeros survive; never a name.",
            required=True,
        ),
        _code(
            "neededBy",
            "When the placement is needed.",
            (
                ("Today", NeededBy.TODAY),
                ("in less than 5 days", NeededBy.WITHIN_5_DAYS),
                ("<5 days", NeededBy.WITHIN_5_DAYS),
                ("in more than 5 days", NeededBy.AFTER_5_DAYS),
                (">5 days", NeededBy.AFTER_5_DAYS),
            ),
            required=False,
        ),
        Column(
            name="siblingCount",
            kind=CellKind.INTEGER,
            description="Number of siblings to place with the child.",
            minimum=0,
            maximum=50,
        ),
        _text(
            "preferredLocation",
            "Preferred location for the home search: a postcode district or a place name "
            "(full postcodes are reduced to the district).",
        ),
        _code(
            "communicationNeeds",
            "Communication, language and learning needs.",
            (
                ("Y", True),
                ("Yes", True),
                ("N", False),
                ("No", False),
                ("Not Specified", _NOT_SPECIFIED),
            ),
            required=True,
        ),
        Column(
            name="specificCommunicationRequirements",
            kind=CellKind.CODE_LIST,
            description="Specific communication and language requirements, one or more "
            "separated by ';' (None stands alone).",
            required=True,
            codes=(
                ("ESOL", CommunicationRequirement.ESOL),
                ("BSL", CommunicationRequirement.BSL),
                ("Makaton", CommunicationRequirement.MAKATON),
                ("Other", CommunicationRequirement.OTHER),
                ("None", CommunicationRequirement.NONE),
            ),
        ),
        _flag("homeAdaptation", "Adaptation to the home is needed.", required=True),
        _code(
            "culturalNeeds",
            "Cultural needs (e.g. place of worship).",
            (
                ("Required", CulturalNeeds.REQUIRED),
                ("Not required", CulturalNeeds.NOT_REQUIRED),
                ("Not Known", CulturalNeeds.NOT_KNOWN),
                ("Other", CulturalNeeds.OTHER),
            ),
            required=True,
        ),
        _code(
            "livingCompanions",
            "Who the child can be cared for alongside.",
            (
                ("Solo placement recommended", LivingCompanions.SOLO),
                ("With other children recommended", LivingCompanions.WITH_OTHER_CHILDREN),
                ("Only with other older children", LivingCompanions.ONLY_OLDER_CHILDREN),
                ("Only with other younger children", LivingCompanions.ONLY_YOUNGER_CHILDREN),
                ("No preference", LivingCompanions.NO_PREFERENCE),
            ),
            required=True,
        ),
        _code(
            "pets",
            "Can the child live with pets or animals?",
            (
                ("Yes - must", PetsTolerance.MUST),
                ("Yes-must", PetsTolerance.MUST),
                ("Yes - can", PetsTolerance.CAN),
                ("Yes-can", PetsTolerance.CAN),
                ("No", PetsTolerance.NO),
                ("Not Known", PetsTolerance.NOT_KNOWN),
            ),
            required=True,
        ),
        _code(
            "additionalSupport",
            "Additional support required.",
            (
                ("additional supervision", AdditionalSupport.ADDITIONAL_SUPERVISION),
                ("therapeutic support", AdditionalSupport.THERAPEUTIC_SUPPORT),
                ("a worker for respite", AdditionalSupport.RESPITE_WORKER),
                ("taxis to school", AdditionalSupport.TAXIS_TO_SCHOOL),
                ("NA", AdditionalSupport.NOT_APPLICABLE),
                ("other (please specify)", AdditionalSupport.OTHER),
                ("other", AdditionalSupport.OTHER),
            ),
            required=False,
        ),
        _flag("deprivationOfLiberty", "A Deprivation of Liberty order applies.", required=False),
        _code("fosterCareSuitability", "Foster care suitability.", _SUITABILITY, required=True),
        _code(
            "residentialCareSuitability",
            "Residential care suitability.",
            _SUITABILITY,
            required=True,
        ),
        _code(
            "supportedAccommodationSuitability",
            "Supported accommodation suitability.",
            _SUITABILITY,
            required=True,
        ),
        _risk("riskSelfHarm", "Risk to child: self-harm"),
        _risk("riskSexualExploitation", "Risk to child: sexual exploitation"),
        _risk("riskCriminalExploitation", "Risk to child: criminal exploitation"),
        _risk("riskDrugAlcohol", "Risk to child: drug and alcohol use"),
        _risk("riskEatingDisorder", "Risk to child: eating disorder"),
        _risk("riskMissing", "Risk to child: going missing"),
        _text("riskOther", "Risk to child: other (free text, never a full postcode)."),
        _risk("riskToOthersPhysical", "Risk to others or property: physical harm"),
        _risk("riskToOthersSexual", "Risk to others or property: sexual harm"),
        _risk("riskToOthersFire", "Risk to others or property: fire-setting"),
        _risk("riskToOthersAnimals", "Risk to others or property: harm to animals"),
        _risk("riskToOthersCriminal", "Risk to others or property: criminal exploitation"),
        _text("riskToOthersOther", "Risk to others or property: other (free text)."),
        Column(
            name="totalWeeklyCost",
            kind=CellKind.POUNDS,
            description="Total weekly cost actually paid, ex-VAT, in whole pounds.",
            label="total weekly cost",
            minimum=0,
        ),
        _text(
            "placementLocation",
            "Postcode district of the placement (full postcodes are reduced to the district).",
        ),
        Column(
            name="preferabilityLocation",
            kind=CellKind.BOOLEAN,
            description="The placement location was preferable.",
            true_values=_YES,
            false_values=_NO,
            aliases=("locationPreferable",),
        ),
        _flag("educationContinuity", "The child kept their school.", required=False),
        _text("providerURN", "Provider URN (linked to Ofsted)."),
        Column(
            name="siblingsPlacedTogether",
            kind=CellKind.INTEGER,
            description="How many siblings were placed together.",
            minimum=0,
            maximum=50,
        ),
        _code(
            "placementType",
            "Placement type.",
            (
                ("Residential", PlacementSetting.RESIDENTIAL),
                ("Foster", PlacementSetting.FOSTER),
                ("Supported Accommodation", PlacementSetting.SUPPORTED_ACCOMMODATION),
            ),
            required=False,
        ),
        _date("referralDate", "Date the referral was entered.", required=True),
        _date("placementDate", "Date the placement was entered."),
        _date("costDate", "Date the placement cost was entered."),
    ),
    field_columns={
        "child": "childId",
        "sibling_count": "siblingCount",
        "preferred_location": "preferredLocation",
        "communication_requirements": "specificCommunicationRequirements",
        "other": "riskOther",
        "to_others_other": "riskToOthersOther",
        "total_weekly_cost": "totalWeeklyCost",
        "location": "placementLocation",
        "provider_urn": "providerURN",
        "siblings_placed_together": "siblingsPlacedTogether",
    },
    unknown_columns=Severity.WARNING,
    ignored_columns=PDS_OFFICER_COLUMNS,
)

#: The standard's JSON field names slcp reads and writes, in written order.
PDS_COLUMNS: tuple[str, ...] = REFERRALS.names


def _placement(row: ParsedRow, reduce: _LocationReducer) -> ActualPlacement | None:
    given = [c for c in _PLACEMENT_COLUMNS if row.has(c)]
    if not given:
        return None
    missing = [c for c in _PLACEMENT_COLUMNS if not row.has(c)]
    if missing:
        raise InvalidValueError(
            "an actual placement needs all of "
            + ", ".join(_PLACEMENT_COLUMNS)
            + "; missing "
            + ", ".join(missing),
            field=missing[0],
        )
    place = reduce(row.text("placementLocation"), "placementLocation")
    return ActualPlacement(
        total_weekly_cost=row.get("totalWeeklyCost", Money),
        location=place,
        location_preferable=row.get("preferabilityLocation", bool),
        education_continuity=row.get("educationContinuity", bool),
        provider_urn=row.text("providerURN"),
        siblings_placed_together=row.get("siblingsPlacedTogether", int),
        setting=row.get("placementType", PlacementSetting),
    )


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# What identifies a child in free text (REFERENCE §7): a date (of birth), a full postcode,
# a name. Dates: 03/04/2012, 3.4.12, 2012-04-03, 3 April 2012, April 3rd 2012.
_PERSONAL_DATA = (
    (
        "a date",
        re.compile(
            r"\b[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})\b"
            r"|\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b"
            rf"|\b[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\s+[0-9]{{2,4}}\b"
            rf"|\b{_MONTHS}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a full postcode",
        re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE),
    ),
)
_NAME_PAIR = re.compile(
    r"\b[A-Z][a-z]+\s+(?:[A-Z]')?[A-Z][A-Za-z]*[a-z](?:-[A-Z][A-Za-z]*[a-z])?\b"
)


class _LocationReducer:
    """Reduces postcodes to districts for one row, noting each reduction as a finding."""

    def __init__(self, findings: list[Finding], file_name: str, row: int, subject: str) -> None:
        self._findings = findings
        self._file_name = file_name
        self._row = row
        self._subject = subject

    def __call__(self, text: str, column: str) -> PostcodeDistrict:
        """The district of ``text``; a full postcode or sector is reduced with a finding."""
        try:
            district = postcode_district(text)
        except SlcpError:
            raise InvalidValueError(
                "not a UK postcode or postcode district", field=column, value=text[:20]
            ) from None
        if district != text.strip().upper():
            self._note(column)
        return district

    def free_text(self, text: str | None, column: str) -> str | None:
        """Free text, or its district when the whole text is a postcode or sector."""
        if text is None:
            return None
        try:
            district = postcode_district(text)
        except SlcpError:
            return text
        if district != text.strip().upper():
            self._note(column)
        return district

    def screen(self, text: str | None, column: str, *, names: bool) -> str | None:
        """``text``, or ``None`` (with a finding) when it looks like it identifies a child.

        ``names`` also drops two capitalised words in a row (off for place names).
        """
        if text is None:
            return None
        found = [what for what, pattern in _PERSONAL_DATA if pattern.search(text)]
        if names and _NAME_PAIR.search(text):
            found.append("a name (two capitalised words)")
        if not found:
            return text
        self._findings.append(
            Finding(
                severity=Severity.WARNING,
                code="personal-data-dropped",
                message=f"the text looks like it holds {' and '.join(found)}, which could "
                "identify a child; it was dropped (free text must not hold dates of birth, "
                "full postcodes or names)",
                subject_id=self._subject,
                location=format_location(self._file_name, self._row, column),
            )
        )
        return None

    def _note(self, column: str) -> None:
        self._findings.append(
            Finding(
                severity=Severity.INFO,
                code="postcode-reduced",
                message="a full postcode was reduced to its district; full postcodes are "
                "never kept",
                subject_id=self._subject,
                location=format_location(self._file_name, self._row, column),
            )
        )


def _referral(row: ParsedRow, reduce: _LocationReducer) -> Referral:
    needs = row.get("communicationNeeds", object)
    reqs = row.get("specificCommunicationRequirements", tuple)
    return Referral(
        availability=Availability(
            child=ChildRef(row.text("childId")),
            needed_by=row.optional("neededBy", NeededBy),
            sibling_count=row.optional("siblingCount", int),
            preferred_location=reduce.screen(
                reduce.free_text(row.optional("preferredLocation", str), "preferredLocation"),
                "preferredLocation",
                names=False,
            ),
        ),
        requirements=Requirements(
            communication_needs=needs if isinstance(needs, bool) else None,
            communication_requirements=tuple(
                r for r in reqs if isinstance(r, CommunicationRequirement)
            ),
            home_adaptation=row.get("homeAdaptation", bool),
            cultural_needs=row.get("culturalNeeds", CulturalNeeds),
            living_companions=row.get("livingCompanions", LivingCompanions),
            pets=row.get("pets", PetsTolerance),
            additional_support=row.optional("additionalSupport", AdditionalSupport),
            deprivation_of_liberty=row.optional("deprivationOfLiberty", bool),
        ),
        recommendation=Recommendation(
            foster=row.get("fosterCareSuitability", Suitability),
            residential=row.get("residentialCareSuitability", Suitability),
            supported_accommodation=row.get("supportedAccommodationSuitability", Suitability),
        ),
        risks=Risks(
            self_harm=row.get("riskSelfHarm", bool),
            sexual_exploitation=row.get("riskSexualExploitation", bool),
            criminal_exploitation=row.get("riskCriminalExploitation", bool),
            drug_alcohol=row.get("riskDrugAlcohol", bool),
            eating_disorder=row.get("riskEatingDisorder", bool),
            missing=row.get("riskMissing", bool),
            other=reduce.screen(row.optional("riskOther", str), "riskOther", names=True),
            to_others_physical=row.get("riskToOthersPhysical", bool),
            to_others_sexual=row.get("riskToOthersSexual", bool),
            to_others_fire=row.get("riskToOthersFire", bool),
            to_others_animals=row.get("riskToOthersAnimals", bool),
            to_others_criminal=row.get("riskToOthersCriminal", bool),
            to_others_other=reduce.screen(
                row.optional("riskToOthersOther", str), "riskToOthersOther", names=True
            ),
        ),
        referred_on=row.get("referralDate", dt.date),
        placement=_placement(row, reduce),
        placement_recorded_on=row.optional("placementDate", dt.date),
        cost_recorded_on=row.optional("costDate", dt.date),
    )


def read_referrals(source: CsvSource) -> TableRead[Referral]:
    """Read Placements Data Standard referral rows (headers are the standard's JSON names).

    Args:
        source: a path or the file's bytes (UTF-8).

    Returns:
        The referrals of every usable row and every finding, each naming file, row and
        column. Officer-name columns give one ``column-dropped`` ``INFO`` finding each;
        reduced postcodes a ``postcode-reduced`` ``INFO`` finding; local extra columns an
        ``unknown-column`` ``WARNING``.

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.
    """
    text, name = decode_source(source, default_name=REFERRALS.file_name)
    rows, findings = parse_table(text, REFERRALS, file_name=name)

    def subject(row: ParsedRow) -> str:
        return row.optional("childId", str) or f"row {row.number}"

    def build(row: ParsedRow) -> Referral:
        return _referral(row, _LocationReducer(findings, name, row.number, subject(row)))

    built = build_records(
        rows, REFERRALS, build, file_name=name, findings=findings, subject=subject
    )
    return TableRead(records=tuple(r for _, r in built), findings=tuple(findings))


def write_referrals(referrals: Iterable[Referral]) -> str:
    """Placements Data Standard CSV text for ``referrals``; never any officer name.

    Booleans are written ``Yes``/``No``, categories as the standard's option texts, the
    cost as whole pounds and dates as ``YYYY-MM-DD``.
    """
    rows: list[dict[str, object]] = []
    for r in referrals:
        a, q, rec, risk, p = r.availability, r.requirements, r.recommendation, r.risks, r.placement
        rows.append(
            {
                "childId": a.child,
                "neededBy": a.needed_by,
                "siblingCount": a.sibling_count,
                "preferredLocation": a.preferred_location,
                "communicationNeeds": _NOT_SPECIFIED
                if q.communication_needs is None
                else q.communication_needs,
                "specificCommunicationRequirements": q.communication_requirements,
                "homeAdaptation": q.home_adaptation,
                "culturalNeeds": q.cultural_needs,
                "livingCompanions": q.living_companions,
                "pets": q.pets,
                "additionalSupport": q.additional_support,
                "deprivationOfLiberty": q.deprivation_of_liberty,
                "fosterCareSuitability": rec.foster,
                "residentialCareSuitability": rec.residential,
                "supportedAccommodationSuitability": rec.supported_accommodation,
                "riskSelfHarm": risk.self_harm,
                "riskSexualExploitation": risk.sexual_exploitation,
                "riskCriminalExploitation": risk.criminal_exploitation,
                "riskDrugAlcohol": risk.drug_alcohol,
                "riskEatingDisorder": risk.eating_disorder,
                "riskMissing": risk.missing,
                "riskOther": risk.other,
                "riskToOthersPhysical": risk.to_others_physical,
                "riskToOthersSexual": risk.to_others_sexual,
                "riskToOthersFire": risk.to_others_fire,
                "riskToOthersAnimals": risk.to_others_animals,
                "riskToOthersCriminal": risk.to_others_criminal,
                "riskToOthersOther": risk.to_others_other,
                "totalWeeklyCost": None if p is None else p.total_weekly_cost,
                "placementLocation": None if p is None else p.location,
                "preferabilityLocation": None if p is None else p.location_preferable,
                "educationContinuity": None if p is None else p.education_continuity,
                "providerURN": None if p is None else p.provider_urn,
                "siblingsPlacedTogether": None if p is None else p.siblings_placed_together,
                "placementType": None if p is None else p.setting,
                "referralDate": r.referred_on,
                "placementDate": r.placement_recorded_on,
                "costDate": r.cost_recorded_on,
            }
        )
    return write_table(REFERRALS, rows)


def dumps_referrals_schema() -> str:
    """The Frictionless Table Schema of the referrals CSV as JSON text (2-space indent).

    Published as ``docs/schemas/pds_referrals.table.json``.

    >>> import json
    >>> fields = json.loads(dumps_referrals_schema())["fields"]
    >>> [f["name"] for f in fields][-3:], "referralOfficerName" in [f["name"] for f in fields]
    (['referralDate', 'placementDate', 'costDate'], False)
    """
    return json.dumps(build_frictionless_schema(REFERRALS), indent=2, ensure_ascii=False) + "\n"


# --- mapping to and from slcp placements ------------------------------------------------------

_SERVICE_FOR_SETTING = {
    PlacementSetting.RESIDENTIAL: ServiceKind.CHILDRENS_HOME,
    PlacementSetting.FOSTER: ServiceKind.INDEPENDENT_FOSTERING,
    PlacementSetting.SUPPORTED_ACCOMMODATION: ServiceKind.SUPPORTED_ACCOMMODATION,
}
_SETTING_FOR_SERVICE = {
    ServiceKind.CHILDRENS_HOME: PlacementSetting.RESIDENTIAL,
    ServiceKind.SECURE_CHILDRENS_HOME: PlacementSetting.RESIDENTIAL,
    ServiceKind.INDEPENDENT_FOSTERING: PlacementSetting.FOSTER,
    ServiceKind.IN_HOUSE_FOSTERING: PlacementSetting.FOSTER,
    ServiceKind.KINSHIP_FOSTERING: PlacementSetting.FOSTER,
    ServiceKind.SUPPORTED_ACCOMMODATION: PlacementSetting.SUPPORTED_ACCOMMODATION,
}


def placement_from_referral(
    referral: Referral,
    *,
    placement_id: PlacementId,
    borough: GssCode,
    provider: ProviderId | None,
    first_day: dt.date,
    route: PurchaseRoute,
    source: Source,
    service: ServiceKind | None = None,
) -> Placement:
    """An slcp placement from a referral's actual placement, open-ended from ``first_day``.

    The standard holds neither the placing borough, the start date, the provider's slcp id
    nor how the placement was bought, so they are arguments. The whole
    ``totalWeeklyCost`` becomes the core weekly fee (the standard does not break it down).
    ``Foster`` maps to independent fostering unless ``service`` says otherwise (in-house
    and kinship fostering look the same in the standard).

    Raises:
        InvalidValueError: the referral has no actual placement.
    """
    placed = referral.placement
    if placed is None:
        raise InvalidValueError(
            "the referral has no actual placement yet", field="placement", value=referral.child
        )
    kind = service or _SERVICE_FOR_SETTING[placed.setting]
    return Placement(
        id=placement_id,
        child=referral.child,
        borough=borough,
        workstream=Workstream.LAC,
        provider=provider,
        service=kind,
        period=DateRange.open_from(first_day),
        fees=Timeline.constant(
            FeeComponents(core=placed.total_weekly_cost), effective=first_day, source=source
        ),
        route=route,
        location=placed.location,
        education_continuity=placed.education_continuity,
    )


def actual_placement_from(
    placement: Placement,
    *,
    on: dt.date,
    provider_urn: str,
    location_preferable: bool,
    siblings_placed_together: int,
) -> ActualPlacement:
    """The standard's actual-placement record for an slcp placement on a given day.

    ``totalWeeklyCost`` is the contractual weekly fee in force on ``on`` (all components,
    before programme uplift rounds), **rounded to whole pounds half up** — the standard
    records an integer of pounds, so this is a named rounding point.

    Raises:
        InvalidValueError: the placement has no location or no education continuity, or its
            service has no Placements Data Standard type (e.g. SEND school placements).
        ParameterNotFoundError: no fee is in force on ``on``.
    """
    setting = _SETTING_FOR_SERVICE.get(placement.service)
    if setting is None:
        raise InvalidValueError(
            "the service has no Placements Data Standard placement type",
            field="service",
            value=placement.service.value,
            expected="a residential, fostering or supported accommodation service",
        )
    if placement.location is None:
        raise InvalidValueError(
            "the placement has no location district", field="location", value=placement.id
        )
    if placement.education_continuity is None:
        raise InvalidValueError(
            "the placement does not record whether the child kept their school",
            field="education_continuity",
            value=placement.id,
        )
    pence = placement.fee_on(on).total.pence
    pounds = round_pence(Fraction(pence, 100))
    return ActualPlacement(
        total_weekly_cost=Money(pounds * 100),
        location=placement.location,
        location_preferable=location_preferable,
        education_continuity=placement.education_continuity,
        provider_urn=provider_urn,
        siblings_placed_together=siblings_placed_together,
        setting=setting,
    )
