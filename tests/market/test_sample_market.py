"""The sample's market book follows the rules its module states, and is the same every time."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from slcp.domain import Programme, RouteKind
from slcp.market import (
    SAMPLE_REFERRALS,
    MarketBook,
    MatchingRules,
    OffFrameworkReason,
    lots_buying,
    match_referral,
    sample_market,
)
from slcp.sample import south_london


@pytest.fixture(scope="module")
def sample() -> tuple[Programme, MarketBook]:
    programme = south_london()
    return programme, sample_market(programme)


def test_groups_vacancies_and_referrals(sample: tuple[Programme, MarketBook]) -> None:
    programme, book = sample
    # 18 homes every 6th, 10 every 10th, 15 schools every 10th, 6 every 25th, 4 agencies
    assert [(g.id, len(g.members)) for g in book.groups] == [
        ("GRP-HEARTH", 18),
        ("GRP-MERIDIAN", 10),
        ("GRP-CASTLE", 15),
        ("GRP-BRIGHT", 6),
        ("GRP-FAMILY", 4),
    ]
    assert all(programme.has_provider(m) for g in book.groups for m in g.members)
    # 302 of the 304 providers have placements (PRV-P006 and PRV-S017 have none); every second
    # of those 302 in id order has one vacancy: 302 / 2 = 151, one per provider
    placed = {p.provider for p in programme.placements if p.provider is not None}
    assert sorted({p.id for p in programme.providers} - placed) == ["PRV-P006", "PRV-S017"]
    assert len(book.vacancies) == 151
    assert len({v.provider for v in book.vacancies}) == 151
    assert len(book.referrals) == SAMPLE_REFERRALS == 36
    days = [r.referred_on for r in book.referrals]
    assert days[0] == dt.date(2019, 7, 1)
    assert all((b - a).days == 11 for a, b in itertools.pairwise(days))


def test_awards_follow_the_matcher(sample: tuple[Programme, MarketBook]) -> None:
    programme, book = sample
    assert len(book.awards) == SAMPLE_REFERRALS - 2  # the last two are still unplaced
    assert book.award_for("REF-0035") is None
    for i, r in enumerate(book.referrals[:-2]):
        award = book.award_for(r.id)
        assert award is not None
        assert award.awarded_on >= r.referred_on
        open_market = not lots_buying(programme, r.service, r.referred_on)
        result = match_referral(
            programme, book, r, rules=MatchingRules(require_admission=not open_market)
        )
        if result.top is not None and i % 7 == 3:  # every seventh keeps the child's school
            assert award.off_framework_reason is OffFrameworkReason.CONTINUITY
        elif result.top is None:
            assert award.off_framework_reason is OffFrameworkReason.NO_ELIGIBLE_PROVIDER
        else:
            assert (award.provider, award.vacancy) == (result.top.provider, result.top.vacancy)
            assert award.is_on_framework == result.top.on_framework
        if award.is_on_framework:
            vehicle = "SEND-DPS-2016" if award.route is RouteKind.DPS_CALL_OFF else "LAC-FW-2020"
            assert programme.provider(award.provider).is_admitted(vehicle, award.lot, r.referred_on)
    # offers: at most three per referral, two days after it
    for o in book.offers:
        referral = book.referral(o.referral)
        assert referral is not None
        assert o.offered_on == referral.referred_on + dt.timedelta(days=2)


def test_the_book_is_the_same_every_time(sample: tuple[Programme, MarketBook]) -> None:
    programme, book = sample
    assert sample_market(programme) == book
