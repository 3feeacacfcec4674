"""The worked example of docs/market.md: on the sample, the matcher's top offer for each
hand-written referral is the one worked by hand there (the working is repeated here)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from slcp.domain import GssCode, NeededBy, Programme, SenNeed, ServiceKind, Workstream
from slcp.domain.child import ChildRef
from slcp.domain.location import PostcodeDistrict
from slcp.market import (
    Ineligibility,
    MarketBook,
    MatchResult,
    PlacementReferral,
    ReferralId,
    match_referral,
    sample_market,
    scores_before,
)
from slcp.sample import south_london


@pytest.fixture(scope="module")
def sample() -> tuple[Programme, MarketBook]:
    programme = south_london()
    return programme, sample_market(programme)


def _match(sample: tuple[Programme, MarketBook], referral: PlacementReferral) -> MatchResult:
    programme, book = sample
    scores = scores_before(programme, referral.referred_on)
    return match_referral(programme, book, referral, scores=scores)


def test_semh_day_place_in_croydon(sample: tuple[Programme, MarketBook]) -> None:
    r = PlacementReferral(
        id=ReferralId("DOC-1"),
        child=ChildRef("DOC0001"),
        borough=GssCode("E09000008"),
        workstream=Workstream.SEND,
        service=ServiceKind.SEND_DAY,
        needs=(SenNeed.SEMH,),
        age=12,
        home_district=PostcodeDistrict("CR0"),
        school_district=PostcodeDistrict("CR0"),
        urgency=NeededBy.AFTER_5_DAYS,
        referred_on=dt.date(2019, 9, 16),
    )
    top = _match(sample, r).top
    assert top is not None
    assert (top.provider, top.vacancy, top.weekly_fee.pence) == ("PRV-S027", "VAC-0091", 143_585)
    # outstanding 1 ×3; same borough 4/5 ×3; price (300,000 − 143,585)/210,000 = 4,469/6,000
    # ×2; scorecard 100 -> 1 ×2; school same borough 1 ×2:
    # (3 + 12/5 + 4,469/3,000 + 2 + 2)/12 = 32,669/3,000/12 = 32,669/36,000
    assert [c.value for c in top.components] == [
        Fraction(1),
        Fraction(4, 5),
        Fraction(4469, 6000),
        Fraction(1),
        Fraction(1),
    ]
    assert top.score == Fraction(32_669, 36_000)
    assert top.points == "90.7"


def test_childrens_home_for_a_southwark_child(sample: tuple[Programme, MarketBook]) -> None:
    r = PlacementReferral(
        id=ReferralId("DOC-2"),
        child=ChildRef("DOC0002"),
        borough=GssCode("E09000028"),
        workstream=Workstream.LAC,
        service=ServiceKind.CHILDRENS_HOME,
        age=14,
        home_district=PostcodeDistrict("SE15"),
        urgency=NeededBy.WITHIN_5_DAYS,
        referred_on=dt.date(2020, 6, 1),
    )
    top = _match(sample, r).top
    assert top is not None
    assert (top.provider_name, top.vacancy, top.lot) == (
        "Redwood View",
        "VAC-0030",
        "LAC-FW-2020/1",
    )
    # good 2/3 ×3 = 2; Southwark-Bromley neighbours 3/5 ×3 = 9/5;
    # price (750,000 − 395,276)/450,000 = 88,681/112,500 ×2 = 88,681/56,250;
    # scorecard 66.7 = 2/3 ×2 = 4/3; school unknown 1/2 ×2 = 1:
    # (337,500 + 303,750 + 266,043 + 225,000 + 168,750)/168,750/12 = 433,681/675,000
    assert top.score == Fraction(433_681, 675_000)
    assert top.points == "64.2"


def test_no_one_offers_38_week_residential_places(sample: tuple[Programme, MarketBook]) -> None:
    r = PlacementReferral(
        id=ReferralId("DOC-3"),
        child=ChildRef("DOC0003"),
        borough=GssCode("E09000023"),
        workstream=Workstream.SEND,
        service=ServiceKind.SEND_RESIDENTIAL_38_WEEK,
        needs=(SenNeed.ASD,),
        age=13,
        home_district=PostcodeDistrict("SE6"),
        urgency=NeededBy.AFTER_5_DAYS,
        referred_on=dt.date(2019, 11, 4),
    )
    result = _match(sample, r)
    assert result.top is None
    assert all(not e.eligible for e in result.eligibility)
    assert result.reason_counts()[Ineligibility.SERVICE_NOT_OFFERED] == 152
