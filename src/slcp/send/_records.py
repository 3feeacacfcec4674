"""What slcp keeps from a SEN2 person-level return: pseudonymous children, requests with
their assessment and EHC plan, placements and needs. Never a name, a full date of birth, a full
postcode, a UPN or a ULN."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from slcp.domain import ChildRef, GssCode, PostcodeDistrict, SenNeed
from slcp.findings import Finding
from slcp.periods import DateRange, YearMonth

__all__ = [
    "ESTABLISHMENT_TYPES",
    "EhcRequest",
    "Sen2Child",
    "Sen2Return",
    "SenPlacement",
    "SettingCategory",
    "setting_category",
]


class SettingCategory(enum.Enum):
    """Where a placement is, grouped as a SEND team reports it.

    Establishments named by URN are grouped by their GIAS establishment type
    (:data:`ESTABLISHMENT_TYPES`); placements without a URN or UKPRN by their SEN2
    ``SENsetting`` code.
    """

    INDEPENDENT_SPECIAL = "independent_special"
    """GIAS type 10, other independent special school."""
    NON_MAINTAINED_SPECIAL = "non_maintained_special"
    """GIAS type 8, non-maintained special school."""
    SPECIAL_POST_16 = "special_post_16"
    """GIAS type 32, special post-16 institution."""
    MAINTAINED_SPECIAL = "maintained_special"
    """Community, foundation, academy and free special schools (GIAS 7, 12, 33, 36, 44)."""
    MAINSTREAM = "mainstream"
    """Mainstream schools and academies (GIAS 1-6, 27, 28, 34, 35, 37-40 and others listed)."""
    FURTHER_EDUCATION = "further_education"
    """General FE, sixth form colleges and other post-16 providers named by UKPRN only."""
    OTHER_ESTABLISHMENT = "other_establishment"
    """A URN whose GIAS type is known but in none of the groups above (e.g. a PRU)."""
    UNKNOWN_ESTABLISHMENT = "unknown_establishment"
    """A URN not found in the establishment-type list given."""
    OTHER_LA_ARRANGEMENTS = "OLA"
    """SENsetting OLA: other arrangements made by the LA (section 61, EOTAS)."""
    OTHER_PARENT_ARRANGEMENTS = "OPA"
    """SENsetting OPA: arrangements made by parents or the young person (not EHE)."""
    ELECTIVE_HOME_EDUCATION = "EHE"
    """SENsetting EHE: elective home education."""
    EARLY_YEARS_PROVIDER = "EYP"
    """SENsetting EYP: early years provider with no URN."""
    OTHER_SETTING = "OTH"
    """SENsetting OTH: a type of setting named but no setting."""
    NEET = "NEET"
    """SENsetting NEET: not in education, employment or training (16-25)."""
    NOT_IN_EDUCATION_CEASING = "NIEC"
    """SENsetting NIEC: not in education or training, notice to cease issued."""
    NOT_IN_EDUCATION_OTHER = "NIEO"
    """SENsetting NIEO: not in education or training, other."""

    @property
    def is_independent_or_non_maintained(self) -> bool:
        """True for the settings the programme commissions: GIAS types 8, 10 and 32."""
        return self in _COMMISSIONED


_COMMISSIONED = frozenset(
    {
        SettingCategory.INDEPENDENT_SPECIAL,
        SettingCategory.NON_MAINTAINED_SPECIAL,
        SettingCategory.SPECIAL_POST_16,
    }
)

#: GIAS establishment type code -> setting category (REFERENCE §6 for 8, 10 and 32; the
#: other codes from the GIAS "TypeOfEstablishment" list). Types not listed are
#: ``OTHER_ESTABLISHMENT``.
ESTABLISHMENT_TYPES: dict[int, SettingCategory] = {
    **dict.fromkeys((8,), SettingCategory.NON_MAINTAINED_SPECIAL),
    **dict.fromkeys((10,), SettingCategory.INDEPENDENT_SPECIAL),
    **dict.fromkeys((32,), SettingCategory.SPECIAL_POST_16),
    **dict.fromkeys((7, 12, 33, 36, 44), SettingCategory.MAINTAINED_SPECIAL),
    **dict.fromkeys(
        (1, 2, 3, 5, 6, 11, 15, 27, 28, 34, 35, 37, 38, 39, 40, 41, 42, 43, 45, 46, 57),
        SettingCategory.MAINSTREAM,
    ),
    **dict.fromkeys((17, 18, 29, 30, 31, 56), SettingCategory.FURTHER_EDUCATION),
}


def setting_category(
    *, urn: str | None, ukprn: str | None, sen_setting: str | None, gias_type: int | None
) -> SettingCategory:
    """The setting category of one placement.

    A URN is grouped by its GIAS type (unknown type: ``UNKNOWN_ESTABLISHMENT``); a UKPRN
    without a URN is a further-education or training provider; otherwise the SENsetting
    code is the category (none at all: ``OTHER_SETTING``).

    >>> setting_category(urn="100001", ukprn=None, sen_setting=None, gias_type=10).value
    'independent_special'
    >>> setting_category(urn=None, ukprn=None, sen_setting="EHE", gias_type=None).value
    'EHE'
    >>> setting_category(urn="100002", ukprn=None, sen_setting=None, gias_type=None).value
    'unknown_establishment'
    """
    if urn is not None:
        if gias_type is None:
            return SettingCategory.UNKNOWN_ESTABLISHMENT
        return ESTABLISHMENT_TYPES.get(gias_type, SettingCategory.OTHER_ESTABLISHMENT)
    if ukprn is not None:
        return SettingCategory.FURTHER_EDUCATION
    if sen_setting is not None:
        try:
            return SettingCategory(sen_setting)
        except ValueError:
            return SettingCategory.OTHER_SETTING
    return SettingCategory.OTHER_SETTING


@attrs.frozen(kw_only=True)
class Sen2Child:
    """A child or young person from the Person module, pseudonymised at the door.

    Attributes:
        ref: the keyed pseudonym of the UPN (or, without one, the ULN); for a person with
            neither, a reference local to the return (``"sen2-unidentified-3"``) that joins
            nothing.
        month_of_birth: year and month of birth only.
        home_district: postcode district of the home address.
        location: where the person's record sits in the file (for findings).
    """

    ref: ChildRef
    month_of_birth: YearMonth | None
    home_district: PostcodeDistrict | None
    location: str


@attrs.frozen(kw_only=True)
class SenPlacement:
    """One placement of an active EHC plan (module 5b), or one named in a plan (4b).

    Attributes:
        child: the child's pseudonymous reference.
        urn: the establishment's URN, when it has one.
        ukprn: the provider's UKPRN, when named that way.
        sen_setting: the SENsetting code when no URN or UKPRN is given.
        rank: placement rank, 1 for the main placement.
        period: ``[entry date, leaving date)``; open while the placement continues; ``None``
            for a plan's named placement (4b carries no dates).
        attendance: attendance pattern code as written, if any.
        sen_unit: SEN unit indicator (``None`` when not given).
        resourced_provision: resourced provision indicator (``None`` when not given).
        location: where the record sits in the file.
    """

    child: ChildRef
    urn: str | None
    ukprn: str | None
    sen_setting: str | None
    rank: int
    period: DateRange | None
    attendance: str | None = None
    sen_unit: bool | None = None
    resourced_provision: bool | None = None
    location: str = ""

    def is_in_force_on(self, day: dt.date) -> bool:
        """True when the placement has dates and ``day`` is in ``[entry, leaving)``."""
        return self.period is not None and self.period.contains(day)


@attrs.frozen(kw_only=True)
class EhcRequest:
    """A request for an EHC needs assessment and what followed it (modules 2-5).

    Attributes:
        child: the child's pseudonymous reference.
        received_on: the day the request was received (``None`` when missing or unreadable).
        request_outcome: RequestOutcome code as written.
        request_outcome_on: the day of the decision whether to assess.
        assessment_outcome: AssessmentOutcome code (module 3), if assessed.
        assessment_outcome_on: the day of the assessment outcome.
        exception_applies: Week20: ``True`` when the 20-week time limit exceptions apply
            (regulation 10(4)(a)-(d)); ``None`` when not given.
        plan_start: the day the EHC plan was issued (NamedPlan StartDate), if one was.
        plan_cease: the day the plan ceased, if it has.
        cease_reason: CeaseReason code (1-9) as written.
        transferred_in: ``True`` when the active plan was transferred in from another LA
            (ActivePlans TransferLA given).
        active: ``True`` when the request carries an ActivePlans module (a plan in force on
            census day, as the LA reports it).
        needs: SEN types by rank (rank 1 first), from the SENneed module.
        placements: the active plan's placements (5b).
        named_placements: the placements the plan names (4b).
        location: where the request's record sits in the file.
    """

    child: ChildRef
    received_on: dt.date | None
    request_outcome: str | None = None
    request_outcome_on: dt.date | None = None
    assessment_outcome: str | None = None
    assessment_outcome_on: dt.date | None = None
    exception_applies: bool | None = None
    plan_start: dt.date | None = None
    plan_cease: dt.date | None = None
    cease_reason: str | None = None
    transferred_in: bool | None = None
    active: bool = False
    needs: tuple[tuple[int, SenNeed], ...] = ()
    placements: tuple[SenPlacement, ...] = ()
    named_placements: tuple[SenPlacement, ...] = ()
    location: str = ""

    @property
    def primary_need(self) -> SenNeed | None:
        """The rank-1 SEN type, or ``None`` when none was given."""
        return self.needs[0][1] if self.needs and self.needs[0][0] == 1 else None

    def is_in_force_on(self, census_date: dt.date) -> bool:
        """True when the request's plan is in force on the return's census day.

        The return says which plans are active on census day (an ActivePlans record); such a
        plan counts unless it ceased on or before the day (the cease date is the first day
        without the plan: half-open) or starts after it. A plan without an ActivePlans record
        is not in force, whatever its dates.
        """
        return (
            self.active
            and (self.plan_cease is None or census_date < self.plan_cease)
            and (self.plan_start is None or self.plan_start <= census_date)
        )


@attrs.frozen(kw_only=True)
class Sen2Return:
    """What was read from one local authority's SEN2 return.

    Attributes:
        collection_year: the return's year, the year of its January census (2023 for the
            census of 19 January 2023, covering activity in calendar year 2022).
        census_date: the census (reference) date.
        la: GSS code of the authority, when its DfE code in the header is a known borough.
        la_code: the DfE LA code from the header, as written (``None`` when missing).
        children: one per usable Person record.
        requests: every usable request, in file order.
        findings: every problem found, each with its file, record and field.
        needs_key: ``True`` when the return holds UPNs or ULNs but no pseudonymisation
            function was given: those identifiers were dropped and nothing can be joined.
    """

    collection_year: int
    census_date: dt.date
    la: GssCode | None
    la_code: str | None
    children: tuple[Sen2Child, ...]
    requests: tuple[EhcRequest, ...]
    findings: tuple[Finding, ...]
    needs_key: bool = False

    @property
    def calendar_year(self) -> DateRange:
        """The activity year ``[1 January Y-1, 1 January Y)`` for collection year Y."""
        return DateRange(
            start=dt.date(self.collection_year - 1, 1, 1), end=dt.date(self.collection_year, 1, 1)
        )

    def child(self, ref: ChildRef) -> Sen2Child | None:
        """The child with reference ``ref``, or ``None``."""
        for c in self.children:
            if c.ref == ref:
                return c
        return None
