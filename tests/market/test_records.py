"""The market's records refuse what cannot be true, and the market book checks references."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from slcp.domain import ProviderId, RouteKind, SenNeed, ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.market import (
    Award,
    GroupId,
    MarketBook,
    Offer,
    OffFrameworkReason,
    ProviderGroup,
    ReferralId,
    VacancyId,
)
from slcp.money import Money
from tests.market.builders import market_book, referral, vacancy

D = dt.date


def test_vacancy_ages_are_inclusive_and_dates_half_open() -> None:
    v = vacancy("V1", "H1", "CR0", 300_000, ages=(14, 17))
    assert [v.accepts_age(a) for a in (13, 14, 17, 18)] == [False, True, True, False]
    assert v.is_open_on(D(2020, 4, 1))
    assert v.is_open_on(D(2020, 9, 30))
    assert not v.is_open_on(D(2020, 10, 1))  # 'to' is the first day no longer offered


@pytest.mark.parametrize(
    "change",
    [
        {"places": 0},
        {"services": ()},
        {"min_age": -1},
        {"max_age": 26},
        {"weekly_fee": Money(-1)},
        {"location": "CR0 1AB"},  # a full postcode
        {"needs_met": (SenNeed.ASD, SenNeed.ASD)},
    ],
)
def test_vacancy_refuses(change: dict[str, object]) -> None:
    with pytest.raises(InvalidValueError):
        attrs.evolve(vacancy("V1", "H1", "CR0", 300_000), **change)


@pytest.mark.parametrize(
    "change",
    [
        {"child": "Jane Smith"},  # not pseudonymous
        {"home_district": "SW1A 2AA"},
        {"service": ServiceKind.SEND_DAY},  # a SEND service for a LAC referral
        {"age": 26},
        {"needs": (SenNeed.ASD, SenNeed.ASD)},
    ],
)
def test_referral_refuses(change: dict[str, object]) -> None:
    with pytest.raises(InvalidValueError):
        attrs.evolve(referral(), **change)


def test_a_send_referral_names_a_need() -> None:
    with pytest.raises(InvalidValueError, match="primary need"):
        attrs.evolve(referral(), workstream=Workstream.SEND, service=ServiceKind.SEND_DAY)


def _award(**change: object) -> Award:
    base = Award(
        referral=ReferralId("R1"),
        provider=ProviderId("H1"),
        vacancy=VacancyId("V1"),
        weekly_fee=Money(400_000),
        awarded_on=D(2020, 5, 4),
        route=RouteKind.FRAMEWORK_CALL_OFF,
    )
    return attrs.evolve(base, **change)


def test_awards_say_why_off_framework_and_only_then() -> None:
    assert _award().is_on_framework
    with pytest.raises(InvalidValueError, match="off framework"):
        _award(route=RouteKind.SPOT)
    with pytest.raises(InvalidValueError, match="no off-framework reason"):
        _award(off_framework_reason=OffFrameworkReason.EMERGENCY)
    spot = _award(route=RouteKind.SPOT, off_framework_reason=OffFrameworkReason.EMERGENCY)
    assert not spot.is_on_framework


def test_market_book_checks_references() -> None:
    book = attrs.evolve(market_book(), referrals=(referral(),), awards=(_award(),))
    assert book.award_for("R1") == _award()
    assert book.referral("R2") is None
    with pytest.raises(InvalidValueError, match="unknown referral"):
        attrs.evolve(book, awards=(_award(referral=ReferralId("R2")),))
    with pytest.raises(InvalidValueError, match="unknown vacancy"):
        attrs.evolve(book, awards=(_award(vacancy=VacancyId("V9")),))
    with pytest.raises(InvalidValueError, match="predate"):
        attrs.evolve(book, awards=(_award(awarded_on=D(2020, 4, 30)),))
    with pytest.raises(InvalidValueError, match="share an id"):
        attrs.evolve(book, awards=(_award(), _award()))
    offer = Offer(
        referral=ReferralId("R1"),
        vacancy=VacancyId("V1"),
        provider=ProviderId("H1"),
        weekly_fee=Money(400_000),
        offered_on=D(2020, 5, 1),
    )
    assert attrs.evolve(book, offers=(offer,)).offers == (offer,)


def test_groups_own_each_provider_at_most_once() -> None:
    a = ProviderGroup(id=GroupId("A"), name="A Care", members=(ProviderId("H1"), ProviderId("H2")))
    b = ProviderGroup(id=GroupId("B"), name="B Care", members=(ProviderId("H2"),))
    with pytest.raises(InvalidValueError, match="share an id"):
        MarketBook(groups=(a, b))
    book = MarketBook(groups=(a,))
    assert book.group_of("H2") == "A"
    assert book.group_of("H3") == "H3"  # alone: its own organisation
    assert book.group_names() == {"A": "A Care"}
