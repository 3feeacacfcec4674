"""SEN2 person-level return: modules, fields and code lists by collection year.

Field names follow the DfE's SEN2 person-level technical specification for 2023 onwards (the
XML element names of the 2025 specification; the module CSV export spells the same names in
lower case). Code lists are those of the 2023-2026 guides as slcp reads them; where the
published sources left a choice, docs/decisions/0508-reading-sen2.md records it.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "ASSESSMENT_OUTCOMES",
    "CEASE_REASONS",
    "FIELDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MODULE_FILES",
    "MODULE_PARENTS",
    "SEN_SETTINGS",
    "UPN_UNKNOWN",
    "assessment_outcomes",
    "census_day",
    "code_year",
    "sen_types",
]

#: The first and last collection years whose lists slcp holds (person level began in 2023).
FIRST_YEAR, LAST_YEAR = 2023, 2026

#: Each module's fields, in the specification's order, as the XML spells them. The CSV
#: export uses the same names in lower case plus ``<module>tableid`` link columns.
FIELDS: dict[str, tuple[str, ...]] = {
    "sen2": ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode",
             "Release", "SerialNo", "DateTime"),
    "person": ("Surname", "Forename", "PersonBirthDate", "GenderCurrent", "Ethnicity",
               "PostCode", "UPN", "UniqueLearnerNumber", "UPNunknown"),
    "requests": ("ReceivedDate", "RYA", "RequestOutcomeDate", "RequestOutcome",
                 "RequestMediation", "RequestTribunal", "Exported"),
    "assessment": ("AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation",
                   "AssessmentTribunal", "OtherMediation", "OtherTribunal", "Week20"),
    "namedplan": ("StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate",
                  "CeaseReason"),
    "plandetail": ("URN", "UKPRN", "SENsetting", "SENsettingOther", "PlacementRank",
                   "SENUnitIndicator", "ResourcedProvisionIndicator"),
    "activeplans": ("TransferLA", "Res", "WBP", "LastReview"),
    "placementdetail": ("URN", "UKPRN", "SENsetting", "SENsettingOther", "PlacementRank",
                        "EntryDate", "LeavingDate", "AttendancePattern", "SENUnitIndicator",
                        "ResourcedProvisionIndicator"),
    "senneed": ("SENtype", "SENtypeRank"),
}  # fmt: skip

#: Each module's parent module (the XML nesting; the CSV export's link column).
MODULE_PARENTS: dict[str, str | None] = {
    "sen2": None,
    "person": None,
    "requests": "person",
    "assessment": "requests",
    "namedplan": "assessment",
    "plandetail": "namedplan",
    "activeplans": "requests",
    "placementdetail": "activeplans",
    "senneed": "activeplans",
}

#: The module CSV export's file name for each module (any prefix, e.g. ``Blade-Export_…_``).
MODULE_FILES: dict[str, str] = {m: f"{m}.csv" for m in FIELDS}

#: SENsetting (items 4.7c and 5.7c), the same list every year slcp reads.
SEN_SETTINGS = frozenset({"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"})

#: CeaseReason (item 4.6): 1 maximum age ... 9 other.
CEASE_REASONS = frozenset(str(n) for n in range(1, 10))

#: UPNunknown: the reason neither UPN nor ULN is given (UN1-UN10).
UPN_UNKNOWN = frozenset(f"UN{n}" for n in range(1, 11))

#: AssessmentOutcome (item 3.1) by first year: Y decision to issue a plan, N decision not to
#: issue, W withdrawn or ceased before a decision; S plan issued after an assessment
#: completed by another LA (from 2024).
ASSESSMENT_OUTCOMES: dict[int, frozenset[str]] = {
    2023: frozenset({"Y", "N", "W"}),
    2024: frozenset({"Y", "N", "W", "S"}),
}

_SEN_TYPES = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH")


def code_year(year: int) -> int:
    """The year whose lists apply: ``year`` clamped to the years slcp holds.

    >>> code_year(2019), code_year(2024), code_year(2031)
    (2023, 2024, 2026)
    """
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def sen_types(year: int) -> frozenset[str]:
    """SENtype codes valid in a collection year: DS (Down syndrome) from 2025.

    >>> "DS" in sen_types(2024), "DS" in sen_types(2025)
    (False, True)
    """
    extra = ("DS",) if code_year(year) >= 2025 else ()
    return frozenset(_SEN_TYPES + extra)


def assessment_outcomes(year: int) -> frozenset[str]:
    """AssessmentOutcome codes valid in a collection year."""
    return ASSESSMENT_OUTCOMES[2024 if code_year(year) >= 2024 else 2023]


def census_day(year: int) -> dt.date:
    """The SEN2 census date of a collection year: the third Thursday in January.

    >>> census_day(2023), census_day(2025)
    (datetime.date(2023, 1, 19), datetime.date(2025, 1, 16))
    """
    first = dt.date(year, 1, 1)
    # Thursday is weekday 3; days to the first Thursday, then two weeks on
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)
