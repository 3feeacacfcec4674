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
    result = _match(sample, r)
    # eligible: of the book's 151 vacancies 54 are for SEND day places, 27 of those open on
    # 16 September 2019 (all for ages 5 to 18), 25 meet SEMH, 22 of their providers are
    # admitted to DPS lot 1, and PRV-S117 is rated inadequate: 21
    assert sum(e.eligible for e in result.eligibility) == 21
    # outside Croydon distance is at most 3/5 and continuity at most 1/2, so a score is at
    # most (3 + 9/5 + 2 + 2 + 1)/12 = 49/60 = 81.7; of the five in Croydon (CR2, SW16) the two
    # outstanding ones lead: Pinewood Academy, then Pinewood College
    top = result.top
    assert top is not None
    assert (top.provider, top.vacancy, top.location, top.weekly_fee.pence) == (
        "PRV-S115",
        "VAC-0134",
        "CR2",
        79_795,
    )
    # Pinewood Academy: outstanding 1 ×3 = 3; CR0 to CR2 same borough 4/5 ×3 = 12/5;
    # £797.95 is below the band's foot of £900: 1 ×2 = 2; scorecard 15/22 (68.2) ×2 = 15/11;
    # school CR0 same borough 1 ×2 = 2:
    # (3 + 12/5 + 2 + 15/11 + 2)/12 = (385 + 132 + 75)/55/12 = 592/660 = 148/165
    #   = 0.89697 -> 89.7
    assert [c.value for c in top.components] == [
        Fraction(1),
        Fraction(4, 5),
        Fraction(1),
        Fraction(15, 22),
        Fraction(1),
    ]
    assert top.score == Fraction(148, 165)
    assert top.points == "89.7"
    # second, Pinewood College (CR2, outstanding, £1,194.78, scorecard 7/9):
    # (3 + 12/5 + 2 × 180,522/210,000 + 14/9 + 2)/12
    #   = (787,500 + 378,000 + 270,783 + 245,000)/157,500/12 = 1,681,283/1,890,000 -> 89.0
    second = result.offers[1]
    assert (second.provider_name, second.score) == (
        "Pinewood College",
        Fraction(1_681_283, 1_890_000),
    )
    assert second.points == "89.0"


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
    result = _match(sample, r)
    # eligible: 55 vacancies for children's homes, 28 open on 1 June 2020 (all for ages 10 to
    # 17), 14 of their providers admitted to LAC lot 1, none inadequate: 14
    assert len(result.offers) == 14
    # none in Southwark; three good homes in a neighbouring borough (Larkfield Cottage and
    # Redwood View in BR1, Beacon Court in SW16); Millbrook View (SM1, good) elsewhere in
    # South London: (2 + 6/5 + 2 × 289,470/450,000 + 2/3 + 1)/12 = 51.3; outside South London
    # a good home scores at most (2 + 3/5 + 2 + 2 + 1)/12 = 63.3, and the two outstanding ones
    # there 53.6 (Oakridge Court) and 56.6 (Parkview Grange)
    top = result.top
    assert top is not None
    assert (top.provider_name, top.vacancy, top.location, top.weekly_fee.pence, top.lot) == (
        "Larkfield Cottage",
        "VAC-0031",
        "BR1",
        475_435,
        "LAC-FW-2020/1",
    )
    # good 2/3 ×3 = 2; Southwark (SE15) and Bromley (BR1) neighbours 3/5 ×3 = 9/5;
    # price (750,000 − 475,435)/450,000 = 274,565/450,000 = 54,913/90,000, ×2 = 54,913/45,000;
    # scorecard 85.0 = 17/20 ×2 = 17/10; school unknown 1/2 ×2 = 1:
    # (90,000 + 81,000 + 54,913 + 76,500 + 45,000)/45,000/12 = 347,413/540,000 = 0.64336
    assert [c.value for c in top.components] == [
        Fraction(2, 3),
        Fraction(3, 5),
        Fraction(54_913, 90_000),
        Fraction(17, 20),
        Fraction(1, 2),
    ]
    assert top.score == Fraction(347_413, 540_000)
    assert top.points == "64.3"
    # Redwood View: (2 + 9/5 + 2 × 282,337/450,000 + 1 + 1)/12 = 1,587,337/2,700,000 -> 58.8
    assert (result.offers[1].provider_name, result.offers[1].points) == ("Redwood View", "58.8")


def test_no_one_has_a_38_week_place_for_pmld(sample: tuple[Programme, MarketBook]) -> None:
    r = PlacementReferral(
        id=ReferralId("DOC-3"),
        child=ChildRef("DOC0003"),
        borough=GssCode("E09000023"),
        workstream=Workstream.SEND,
        service=ServiceKind.SEND_RESIDENTIAL_38_WEEK,
        needs=(SenNeed.PMLD,),
        age=13,
        home_district=PostcodeDistrict("SE6"),
        urgency=NeededBy.AFTER_5_DAYS,
        referred_on=dt.date(2019, 11, 4),
    )
    result = _match(sample, r)
    assert result.top is None
    assert all(not e.eligible for e in result.eligibility)
    # five vacancies are for 38-week places, none meeting PMLD (their needs: ASD, SEMH and two
    # of SLCN, SPLD, SLD, HI, MLD); Hawthorn College's opens only on 6 January 2020 and
    # Eastbrook College is not admitted to DPS lot 2. Rowan House School's vacancy meets PMLD
    # but is for 52-week places: it is one of the 151 − 5 = 146 vacancies for another kind of
    # placement, and 304 − 151 = 153 providers have no vacancy.
    reasons = {e.provider: e.reasons for e in result.eligibility}
    assert reasons["PRV-S008"] == (Ineligibility.NEED_NOT_MET,)
    assert reasons["PRV-S037"] == (Ineligibility.NOT_OPEN_ON_DATE, Ineligibility.NEED_NOT_MET)
    assert reasons["PRV-S047"] == (Ineligibility.NEED_NOT_MET,)
    assert reasons["PRV-S059"] == (Ineligibility.NEED_NOT_MET,)
    assert reasons["PRV-S089"] == (Ineligibility.NEED_NOT_MET, Ineligibility.NOT_ADMITTED)
    assert reasons["PRV-S131"] == (Ineligibility.SERVICE_NOT_OFFERED,)
    counts = result.reason_counts()
    assert counts[Ineligibility.SERVICE_NOT_OFFERED] == 146
    assert counts[Ineligibility.NO_VACANCY] == 153
