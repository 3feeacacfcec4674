"""Smaller records: contributions, budgets, savings, concerns, uplift rounds, episodes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from slcp.domain import (
    Budget,
    CareEpisode,
    ChildRef,
    Contribution,
    FeeUpliftRound,
    ProviderId,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from tests.domain.builders import CROYDON, SOURCE, clean_programme

D = dt.date
P = clean_programme()


def test_contributions_and_budgets() -> None:
    c = Contribution(
        borough=CROYDON,
        workstream=Workstream.LAC,
        financial_year=FinancialYear(2019),
        amount=Money.from_pounds("30000"),  # seed 004 §3.2.5
    )
    assert c.amount == Money(3_000_000)
    assert attrs.evolve(c, amount=Money(0)).amount == Money(0)
    with pytest.raises(InvalidValueError):
        attrs.evolve(c, amount=Money(-1))
    with pytest.raises(InvalidValueError):
        Budget(
            borough=CROYDON,
            workstream=Workstream.LAC,
            financial_year=FinancialYear(2019),
            amount=Money(0),
        )


def test_a_concern_cannot_be_resolved_before_it_is_raised() -> None:
    q = P.concerns[0]  # raised 2020-09-01, open
    assert q.is_open_on(D(2030, 1, 1))
    closed = attrs.evolve(q, resolved_on=D(2020, 10, 1))
    assert closed.is_open_on(D(2020, 9, 30))
    assert not closed.is_open_on(D(2020, 10, 1))
    assert not closed.is_open_on(D(2020, 8, 31))
    with pytest.raises(InvalidValueError):
        attrs.evolve(q, resolved_on=D(2020, 8, 31))


def test_uplift_rates_are_bounded_and_requests_unique() -> None:
    with pytest.raises(InvalidValueError):
        UpliftRequest(provider=ProviderId("P"), requested=Rate.of("1.01"))
    with pytest.raises(InvalidValueError):
        UpliftRequest(provider=ProviderId("P"), requested=Rate.of("-1"))
    assert UpliftRequest(provider=ProviderId("P"), requested=Rate.of("1")).requested == Rate.of("1")
    with pytest.raises(InvalidValueError):
        UpliftBand(cap=Rate.of("2"))
    request = UpliftRequest(provider=ProviderId("P"), requested=Rate.of("0.03"))
    assert not request.is_exception
    assert attrs.evolve(request, agreed=Rate.of("0.02")).is_exception
    with pytest.raises(InvalidValueError) as info:
        FeeUpliftRound(
            id=UpliftId("R"),
            workstream=Workstream.SEND,
            financial_year=FinancialYear(2019),
            position=UpliftPosition(source=SOURCE),
            requests=(request, request),
            source=SOURCE,
        )
    assert info.value.field == "requests[1].provider"


def test_request_for_prefers_a_service_specific_request() -> None:
    general = UpliftRequest(provider=ProviderId("P"), requested=Rate.of("0.03"))
    day = UpliftRequest(
        provider=ProviderId("P"), requested=Rate.of("0.02"), service=ServiceKind.SEND_DAY
    )
    r = FeeUpliftRound(
        id=UpliftId("R"),
        workstream=Workstream.SEND,
        financial_year=FinancialYear(2019),
        position=UpliftPosition(
            default_cap=Rate.of("0.015"),
            bands=(UpliftBand(cap=Rate.of("0.01"), provider_tier="A"),),
            source=SOURCE,
        ),
        requests=(general, day),
        source=SOURCE,
    )
    assert r.request_for("P", ServiceKind.SEND_DAY) is day
    assert r.request_for("P", ServiceKind.SEND_RESIDENTIAL_52_WEEK) is general
    assert r.request_for("Q", ServiceKind.SEND_DAY) is None
    band = r.position.bands[0]
    assert band.applies_to("A", ServiceKind.SEND_DAY)
    assert not band.applies_to("B", ServiceKind.SEND_DAY)


def test_care_episodes() -> None:
    e = CareEpisode(
        child=ChildRef("0123"),
        period=DateRange(start=D(2020, 4, 1), end=D(2020, 6, 1)),
        reason_new_episode="S",
        legal_status="V3",
        place="T1",
        placement_district="CR0",
    )
    assert e.start == D(2020, 4, 1)
    assert e.is_short_break
    assert e.is_temporary
    with pytest.raises(InvalidValueError):
        attrs.evolve(e, home_district="CR0 1AB")
    with pytest.raises(InvalidValueError):
        attrs.evolve(e, child=ChildRef("Jane Smith"))
