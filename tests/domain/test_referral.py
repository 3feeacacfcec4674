"""Referral records (Placements Data Standard): their invariants."""

from __future__ import annotations

import datetime as dt

import pytest

from slcp.domain import (
    ActualPlacement,
    Availability,
    ChildRef,
    CommunicationRequirement,
    CulturalNeeds,
    LivingCompanions,
    PetsTolerance,
    PlacementSetting,
    PostcodeDistrict,
    Recommendation,
    Referral,
    Requirements,
    Risks,
    Suitability,
)
from slcp.errors import InvalidValueError
from slcp.money import Money

NO_RISKS = Risks(
    self_harm=False,
    sexual_exploitation=False,
    criminal_exploitation=False,
    drug_alcohol=False,
    eating_disorder=False,
    missing=False,
    to_others_physical=False,
    to_others_sexual=False,
    to_others_fire=False,
    to_others_animals=False,
    to_others_criminal=False,
)
REQUIREMENTS = Requirements(
    communication_needs=False,
    communication_requirements=(CommunicationRequirement.NONE,),
    home_adaptation=False,
    cultural_needs=CulturalNeeds.NOT_REQUIRED,
    living_companions=LivingCompanions.NO_PREFERENCE,
    pets=PetsTolerance.NOT_KNOWN,
)
RECOMMENDATION = Recommendation(
    foster=Suitability.PREFERRED,
    residential=Suitability.UNSUITABLE,
    supported_accommodation=Suitability.NOT_SPECIFIED,
)


def _placed(**changes: object) -> ActualPlacement:
    fields: dict[str, object] = {
        "total_weekly_cost": Money(112_000),
        "location": PostcodeDistrict("BR1"),
        "location_preferable": True,
        "education_continuity": True,
        "provider_urn": "SC654321",
        "siblings_placed_together": 1,
        "setting": PlacementSetting.FOSTER,
    }
    fields.update(changes)
    return ActualPlacement(**fields)  # type: ignore[arg-type]


def test_a_referral_without_a_placement_is_not_placed() -> None:
    referral = Referral(
        availability=Availability(child=ChildRef("0042")),
        requirements=REQUIREMENTS,
        recommendation=RECOMMENDATION,
        risks=NO_RISKS,
        referred_on=dt.date(2025, 7, 21),
    )
    assert referral.child == "0042"
    assert not referral.is_placed
    assert referral.risks.present == ()


def test_whole_pounds_only_and_zero_is_allowed() -> None:
    assert _placed(total_weekly_cost=Money(0)).total_weekly_cost == Money(0)
    with pytest.raises(InvalidValueError, match="whole pounds"):
        _placed(total_weekly_cost=Money(1))
    with pytest.raises(InvalidValueError, match="whole pounds"):
        _placed(total_weekly_cost=Money(-100))


def test_the_location_is_a_district_never_a_full_postcode() -> None:
    with pytest.raises(InvalidValueError, match="never a full postcode"):
        _placed(location="SW1A 2AA")  # a public landmark's postcode


@pytest.mark.parametrize("count", [-1, 51, True])
def test_sibling_counts_are_whole_numbers_from_0_to_50(count: object) -> None:
    with pytest.raises(InvalidValueError, match="siblings"):
        _placed(siblings_placed_together=count)


def test_free_text_refuses_a_full_postcode_but_keeps_a_place_name() -> None:
    assert Availability(child=ChildRef("1"), preferred_location="Bromley").preferred_location == (
        "Bromley"
    )
    with pytest.raises(InvalidValueError, match="full postcode"):
        Availability(child=ChildRef("1"), preferred_location="near sw1a2aa")


def test_a_child_reference_is_never_a_name() -> None:
    with pytest.raises(InvalidValueError, match="pseudonymous"):
        Availability(child=ChildRef("Jane Smith"))


def test_communication_requirements_cannot_repeat_or_be_empty() -> None:
    for reqs in ((), (CommunicationRequirement.BSL, CommunicationRequirement.BSL)):
        with pytest.raises(InvalidValueError, match="communication requirements"):
            Requirements(
                communication_needs=True,
                communication_requirements=reqs,
                home_adaptation=False,
                cultural_needs=CulturalNeeds.OTHER,
                living_companions=LivingCompanions.SOLO,
                pets=PetsTolerance.NO,
            )


def test_present_risks_follow_the_standards_order() -> None:
    risks = Risks(
        self_harm=False,
        sexual_exploitation=True,
        criminal_exploitation=False,
        drug_alcohol=False,
        eating_disorder=False,
        missing=False,
        to_others_physical=False,
        to_others_sexual=False,
        to_others_fire=True,
        to_others_animals=False,
        to_others_criminal=True,
    )
    assert risks.present == ("sexual_exploitation", "to_others_fire", "to_others_criminal")
