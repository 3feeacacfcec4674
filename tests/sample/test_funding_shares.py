"""Who pays for the sample's placements (REFERENCE §8, decision 0211)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from slcp.domain import RouteKind, ServiceKind, Workstream
from slcp.sample import south_london


def test_send_places_are_paid_mostly_by_the_high_needs_block() -> None:
    send = [p for p in south_london().placements if p.workstream is Workstream.SEND]
    assert all(p.funding.education.fraction >= Fraction(1, 2) for p in send)
    # day and post-16 places are all education; health shares only 52-week residential costs
    for p in send:
        if p.service in (ServiceKind.SEND_DAY, ServiceKind.SEND_POST_16):
            assert p.funding.education.fraction == 1
        if p.funding.health.fraction:
            assert p.service is ServiceKind.SEND_RESIDENTIAL_52_WEEK


def test_lac_places_are_paid_by_social_care_with_some_health() -> None:
    lac = [p for p in south_london().placements if p.workstream is Workstream.LAC]
    assert all(p.funding.social_care.fraction >= Fraction(3, 4) for p in lac)
    payers = Counter(
        (bool(p.funding.education.fraction), bool(p.funding.health.fraction)) for p in lac
    )
    # no placement is paid by all three; health pays 20% of every fifth care-only home place
    assert payers[(True, True)] == 0
    assert payers[(False, True)] == 222
    assert all(
        p.funding.health.fraction == Fraction(1, 5) for p in lac if p.funding.health.fraction
    )


def test_education_pays_only_a_childrens_homes_school_and_only_its_part() -> None:
    lac = [p for p in south_london().placements if p.workstream is Workstream.LAC]
    schools = [p for p in lac if p.funding.education.fraction]
    assert len(schools) == 253
    for p in schools:
        assert p.service is ServiceKind.CHILDRENS_HOME
        assert p.route.kind is not RouteKind.BLOCK_CONTRACT
        fee = p.fees.entries[0].value
        # the school's part of the starting fee, to the whole percent: e.g. PL-L00041 bills
        # 45,664p of 465,339p a week for its school, 9.81%, so education pays 10%
        part = Fraction(fee.education.pence, fee.total.pence)
        assert abs(p.funding.education.fraction - part) <= Fraction(1, 100)
    # and every home place whose fee bills a school (block places excepted) has that share
    for p in lac:
        if p.fees.entries[0].value.education.pence and p.route.kind is not RouteKind.BLOCK_CONTRACT:
            assert p.funding.education.fraction > 0
    (example,) = [p for p in schools if p.id == "PL-L00041"]
    assert str(example.funding.education) == "10%"
