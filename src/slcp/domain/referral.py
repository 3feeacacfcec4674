"""Referrals for a placement, as the Placements Data Standard (v2, 2025) describes them.

A :class:`Referral` records what a borough asked the market for — when the placement is
needed, the child's requirements, which kinds of placement suit them, the risks — and, once
agreed, the :class:`ActualPlacement`: its weekly cost, location and type. Regions share these
records to analyse sufficiency and compare costs like for like.

Privacy: the child is a pseudonymous reference; locations are postcode districts; free text
may not hold a full postcode. The standard's quality-assurance officer names are personal
data and have no field here, so they can never reach a shared output.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from slcp.domain.child import ChildRef, check_child_ref
from slcp.domain.location import PostcodeDistrict, check_district
from slcp.errors import InvalidValueError
from slcp.money import Money

__all__ = [
    "ActualPlacement",
    "AdditionalSupport",
    "Availability",
    "CommunicationRequirement",
    "CulturalNeeds",
    "LivingCompanions",
    "NeededBy",
    "PetsTolerance",
    "PlacementSetting",
    "Recommendation",
    "Referral",
    "Requirements",
    "Risks",
    "Suitability",
]

# A full UK postcode anywhere in free text: outward code, optional space, inward code.
_FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)


def _no_full_postcode(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("free text must be a non-blank string", field=field, value=value)
    if _FULL_POSTCODE.search(value):
        raise InvalidValueError(
            "free text may not hold a full postcode",
            field=field,
            expected="a postcode district such as 'CR0', or a place name",
        )
    return value


def _check_count(field: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
        raise InvalidValueError(
            "a number of siblings must be a whole number from 0 to 50", field=field, value=value
        )


class NeededBy(enum.Enum):
    """When the placement is needed (standard field ``neededBy``)."""

    TODAY = "today"
    WITHIN_5_DAYS = "within_5_days"
    """In less than 5 days."""
    AFTER_5_DAYS = "after_5_days"
    """In more than 5 days."""


class CommunicationRequirement(enum.Enum):
    """A specific communication or language requirement."""

    ESOL = "esol"
    """English for speakers of other languages."""
    BSL = "bsl"
    """British Sign Language."""
    MAKATON = "makaton"
    OTHER = "other"
    NONE = "none"


class CulturalNeeds(enum.Enum):
    """Cultural needs, e.g. a place of worship nearby."""

    REQUIRED = "required"
    NOT_REQUIRED = "not_required"
    NOT_KNOWN = "not_known"
    OTHER = "other"


class LivingCompanions(enum.Enum):
    """Who the child can be cared for alongside."""

    SOLO = "solo"
    """Solo placement recommended."""
    WITH_OTHER_CHILDREN = "with_other_children"
    ONLY_OLDER_CHILDREN = "only_older_children"
    ONLY_YOUNGER_CHILDREN = "only_younger_children"
    NO_PREFERENCE = "no_preference"


class PetsTolerance(enum.Enum):
    """Whether the child can live with pets or animals."""

    MUST = "must"
    """Yes - must live with pets."""
    CAN = "can"
    NO = "no"
    NOT_KNOWN = "not_known"


class AdditionalSupport(enum.Enum):
    """Additional support the placement needs."""

    ADDITIONAL_SUPERVISION = "additional_supervision"
    THERAPEUTIC_SUPPORT = "therapeutic_support"
    RESPITE_WORKER = "respite_worker"
    TAXIS_TO_SCHOOL = "taxis_to_school"
    NOT_APPLICABLE = "not_applicable"
    OTHER = "other"


class Suitability(enum.Enum):
    """How suitable a kind of placement is for the child."""

    PREFERRED = "preferred"
    SUITABLE_NOT_PREFERRED = "suitable_not_preferred"
    UNSUITABLE = "unsuitable"
    NOT_SPECIFIED = "not_specified"


class PlacementSetting(enum.Enum):
    """The kind of placement agreed (standard field ``placementType``)."""

    RESIDENTIAL = "residential"
    FOSTER = "foster"
    SUPPORTED_ACCOMMODATION = "supported_accommodation"


@attrs.frozen(kw_only=True)
class Availability:
    """Determinants of placement availability.

    Attributes:
        child: the child's pseudonymous reference (never a name).
        needed_by: how soon the placement is needed, if stated.
        sibling_count: number of siblings to place with the child, if stated.
        preferred_location: where to search, as a postcode district or a place name; never a
            full postcode.

    >>> Availability(child=ChildRef("C1"), preferred_location="SW1A 2AA")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: free text may not hold a full postcode...
    """

    child: ChildRef = attrs.field(converter=check_child_ref)
    needed_by: NeededBy | None = None
    sibling_count: int | None = None
    preferred_location: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_count("sibling_count", self.sibling_count)
        _no_full_postcode("preferred_location", self.preferred_location)


@attrs.frozen(kw_only=True)
class Requirements:
    """The child's specific requirements of a placement.

    Attributes:
        communication_needs: communication, language and learning needs: ``True``/``False``,
            or ``None`` when not specified.
        communication_requirements: the specific requirements, at least one; ``NONE`` stands
            alone.
        home_adaptation: the home needs adapting.
        cultural_needs: cultural needs such as a place of worship.
        living_companions: who the child can live alongside.
        pets: whether the child can live with pets.
        additional_support: additional support needed, if stated.
        deprivation_of_liberty: a Deprivation of Liberty order applies, if stated.

    >>> Requirements(communication_needs=None,
    ...     communication_requirements=(CommunicationRequirement.NONE,
    ...                                 CommunicationRequirement.BSL),
    ...     home_adaptation=False, cultural_needs=CulturalNeeds.NOT_KNOWN,
    ...     living_companions=LivingCompanions.NO_PREFERENCE, pets=PetsTolerance.CAN)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: communication requirements need at least one entry...
    """

    communication_needs: bool | None
    communication_requirements: tuple[CommunicationRequirement, ...]
    home_adaptation: bool
    cultural_needs: CulturalNeeds
    living_companions: LivingCompanions
    pets: PetsTolerance
    additional_support: AdditionalSupport | None = None
    deprivation_of_liberty: bool | None = None

    def __attrs_post_init__(self) -> None:
        reqs = self.communication_requirements
        if (
            not reqs
            or len(set(reqs)) != len(reqs)
            or (CommunicationRequirement.NONE in reqs and len(reqs) > 1)
        ):
            raise InvalidValueError(
                "communication requirements need at least one entry, none repeated, and "
                "'none' on its own",
                field="communication_requirements",
                value=tuple(r.value for r in reqs),
            )


@attrs.frozen(kw_only=True)
class Recommendation:
    """How suitable each kind of placement is.

    Attributes:
        foster: foster care.
        residential: residential care.
        supported_accommodation: supported accommodation (16-17 year olds).
    """

    foster: Suitability
    residential: Suitability
    supported_accommodation: Suitability


@attrs.frozen(kw_only=True)
class Risks:
    """The thirteen risk items: to the child, and to others or property.

    Each flag is ``True`` when a risk is present and ``False`` for "no known risk". The two
    "other" items are free text (never a full postcode), ``None`` when not given.

    >>> r = Risks(self_harm=True, sexual_exploitation=False, criminal_exploitation=False,
    ...           drug_alcohol=False, eating_disorder=False, missing=True,
    ...           to_others_physical=False, to_others_sexual=False, to_others_fire=False,
    ...           to_others_animals=False, to_others_criminal=False)
    >>> r.present
    ('self_harm', 'missing')
    """

    self_harm: bool
    sexual_exploitation: bool
    criminal_exploitation: bool
    drug_alcohol: bool
    eating_disorder: bool
    missing: bool
    other: str | None = None
    to_others_physical: bool
    to_others_sexual: bool
    to_others_fire: bool
    to_others_animals: bool
    to_others_criminal: bool
    to_others_other: str | None = None

    def __attrs_post_init__(self) -> None:
        _no_full_postcode("other", self.other)
        _no_full_postcode("to_others_other", self.to_others_other)

    @property
    def present(self) -> tuple[str, ...]:
        """Names of the flagged risks that are present, in the standard's order."""
        names = (
            "self_harm",
            "sexual_exploitation",
            "criminal_exploitation",
            "drug_alcohol",
            "eating_disorder",
            "missing",
            "to_others_physical",
            "to_others_sexual",
            "to_others_fire",
            "to_others_animals",
            "to_others_criminal",
        )
        return tuple(n for n in names if getattr(self, n))


@attrs.frozen(kw_only=True)
class ActualPlacement:
    """The placement agreed for a referral.

    Attributes:
        total_weekly_cost: the weekly fee actually paid, ex-VAT, in **whole pounds** (the
            standard records an integer of pounds).
        location: postcode district of the placement.
        location_preferable: the location was the preferable one.
        education_continuity: the child kept their school.
        provider_urn: the provider's Ofsted URN.
        siblings_placed_together: how many siblings were placed together.
        setting: residential, foster or supported accommodation.

    >>> ActualPlacement(total_weekly_cost=Money(450_050), location=PostcodeDistrict("CR0"),
    ...     location_preferable=True, education_continuity=True, provider_urn="SC123456",
    ...     siblings_placed_together=0, setting=PlacementSetting.RESIDENTIAL)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: the total weekly cost is recorded in whole pounds...
    """

    total_weekly_cost: Money
    location: PostcodeDistrict = attrs.field(converter=check_district)
    location_preferable: bool
    education_continuity: bool
    provider_urn: str
    siblings_placed_together: int
    setting: PlacementSetting

    def __attrs_post_init__(self) -> None:
        cost = self.total_weekly_cost
        if not isinstance(cost, Money) or cost.pence < 0 or cost.pence % 100 != 0:
            raise InvalidValueError(
                "the total weekly cost is recorded in whole pounds and cannot be negative",
                field="total_weekly_cost",
                value=str(cost),
                expected="Money in whole pounds, e.g. Money.from_pounds('4500')",
            )
        if not isinstance(self.provider_urn, str) or not self.provider_urn.strip():
            raise InvalidValueError("a provider URN is required", field="provider_urn")
        _check_count("siblings_placed_together", self.siblings_placed_together)


@attrs.frozen(kw_only=True)
class Referral:
    """A referral for a placement and, once agreed, the placement.

    Attributes:
        availability: the child, how soon, siblings, where.
        requirements: the child's requirements.
        recommendation: which kinds of placement suit the child.
        risks: the thirteen risk items.
        referred_on: the date the referral was entered (the standard's ``referralDate``).
        placement: the agreed placement, or ``None`` while the search continues.
        placement_recorded_on: the date the placement was entered, if any.
        cost_recorded_on: the date the placement cost was entered, if any.
    """

    availability: Availability
    requirements: Requirements
    recommendation: Recommendation
    risks: Risks
    referred_on: dt.date
    placement: ActualPlacement | None = None
    placement_recorded_on: dt.date | None = None
    cost_recorded_on: dt.date | None = None

    @property
    def child(self) -> ChildRef:
        """The child's pseudonymous reference."""
        return self.availability.child

    @property
    def is_placed(self) -> bool:
        """True once a placement has been agreed."""
        return self.placement is not None
