"""The matcher: every provider's eligibility with its reasons, and the eligible offers ranked
by a weighted score worked here by hand (tests/market/builders.py describes the market)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import OfstedRating, SenNeed, ServiceKind
from slcp.errors import InvalidValueError
from slcp.market import (
    Ineligibility,
    MarketBook,
    MatchingRules,
    ScoringWeights,
    Vacancy,
    VacancyId,
    match_referral,
)
from slcp.money import Money
from slcp.periods import DateRange
from tests.market.builders import (
    GO_LIVE,
    market_book,
    market_programme,
    referral,
    vacancy,
)

PROGRAMME = market_programme()


def test_every_provider_is_explained() -> None:
    result = match_referral(PROGRAMME, market_book(), referral())
    why = {e.provider: e.reasons for e in result.eligibility}
    assert why == {
        "H1": (),
        "H2": (),
        "H3": (Ineligibility.OFSTED_INADEQUATE,),
        "H4": (Ineligibility.NOT_ADMITTED,),
        "H5": (Ineligibility.AGE_OUTSIDE_RANGE,),
        "H6": (Ineligibility.NO_VACANCY,),
    }
    h1 = next(e for e in result.eligibility if e.provider == "H1")
    assert h1.vacancy == "V1"  # V7 closed on 9 March 2020, before the referral
    assert h1.lot == "FW/1"
    assert h1.rating is OfstedRating.GOOD
    assert h1.explanation == "eligible"
    h5 = next(e for e in result.eligibility if e.provider == "H5")
    assert h5.explanation == "child's age outside the vacancy's age range"
    assert result.reason_counts()[Ineligibility.NO_VACANCY] == 1


def test_top_offer_worked_by_hand() -> None:
    # Default weights: Ofsted 3, distance 3, price 2, scorecard 2, continuity 2 (total 12).
    # H1 / V1 (Sutton, SM1, £4,000) for a child at home and school in CR0 (Croydon):
    #   Ofsted good                       2/3
    #   distance: Croydon-Sutton neighbours, rank 2 of 5: (5 - 2)/5 = 3/5
    #   price: (£7,500 - £4,000) / (£7,500 - £3,000) = 3,500/4,500 = 7/9
    #   scorecard: none given, neutral    1/2
    #   continuity: school CR0 to SM1 is a neighbouring borough: 1/2
    #   score = (3×2/3 + 3×3/5 + 2×7/9 + 2×1/2 + 2×1/2) / 12
    #         = (90 + 81 + 70 + 45 + 45)/45 / 12 = 331/540 = 61.296... -> 61.3 points
    # H2 / V2 (Redhill, RH1, £6,000):
    #   Ofsted outstanding 1; distance near London, rank 4: 1/5; price 1,500/4,500 = 1/3;
    #   scorecard 1/2; continuity: RH1 is not near the school: 0
    #   score = (3 + 3/5 + 2/3 + 1 + 0) / 12 = (45 + 9 + 10 + 15)/15 / 12 = 79/180 -> 43.9
    result = match_referral(PROGRAMME, market_book(), referral())
    assert [(o.rank, o.provider, o.vacancy) for o in result.offers] == [
        (1, "H1", "V1"),
        (2, "H2", "V2"),
    ]
    top = result.top
    assert top is not None
    assert top.score == Fraction(331, 540)
    assert top.points == "61.3"
    assert result.offers[1].score == Fraction(79, 180)
    assert {c.name: c.value for c in top.components} == {
        "ofsted": Fraction(2, 3),
        "distance": Fraction(3, 5),
        "price": Fraction(7, 9),
        "scorecard": Fraction(1, 2),
        "continuity": Fraction(1, 2),
    }
    reasons = [c.reason for c in top.components]
    assert reasons[0] == "Ofsted good on 2020-05-01"
    assert reasons[1] == "neighbouring borough (CR0 to SM1)"
    assert reasons[2] == "£4,000.00 a week, band £3,000.00 to £7,500.00"
    assert top.on_framework
    assert top.lot == "FW/1"


def test_scorecards_and_weights_change_the_order() -> None:
    # With H2 scored 100 and H1 scored 0: H1 = (331/45 - 1)/12 = 286/540 = 143/270;
    # H2 = (79/15 + 1)/12 = 94/180 = 47/90 = 141/270: H1 still first, by 2/270.
    scores = {"H1": Fraction(0), "H2": Fraction(100)}
    result = match_referral(PROGRAMME, market_book(), referral(), scores=scores)
    assert [o.score for o in result.offers] == [Fraction(143, 270), Fraction(47, 90)]
    # Quality alone: outstanding (1) beats good (2/3)
    quality = MatchingRules(
        weights=ScoringWeights(ofsted=1, distance=0, price=0, scorecard=0, continuity=0)
    )
    result = match_referral(PROGRAMME, market_book(), referral(), rules=quality)
    assert [o.provider for o in result.offers] == ["H2", "H1"]


def test_off_framework_offers_come_after_on_framework_ones() -> None:
    # Allowing providers not admitted: H4 (Damson View, CR0, £3,000) becomes eligible, and
    # scores Ofsted good 2/3, same district 1, at the band's foot 1, scorecard 1/2, school in
    # the same district 1: (2 + 3 + 2 + 1 + 2)/12 = 10/12 = 5/6 -- the best score, yet last.
    rules = MatchingRules(require_admission=False)
    result = match_referral(PROGRAMME, market_book(), referral(), rules=rules)
    assert [(o.provider, o.on_framework) for o in result.offers] == [
        ("H1", True),
        ("H2", True),
        ("H4", False),
    ]
    assert result.offers[2].score == Fraction(5, 6)
    assert result.offers[2].lot is None
    by_score = attrs.evolve(rules, framework_first=False)
    assert (
        match_referral(PROGRAMME, market_book(), referral(), rules=by_score).offers[0].provider
        == "H4"
    )


def test_before_go_live_nobody_is_admitted() -> None:
    result = match_referral(PROGRAMME, market_book(), referral(), day=dt.date(2020, 3, 8))
    assert result.offers == ()
    h1 = next(e for e in result.eligibility if e.provider == "H1")
    # V1 opens 1 April; V7 is open on 8 March, so V7 is H1's nearest vacancy
    assert h1.vacancy == "V7"
    assert h1.reasons == (Ineligibility.NOT_ADMITTED,)


def test_needs_must_all_be_met() -> None:
    school = attrs.evolve(
        vacancy("S1", "H1", "CR0", 300_000),
        services=(ServiceKind.CHILDRENS_HOME,),
        needs_met=(SenNeed.ASD,),
    )
    book = MarketBook(vacancies=(school,))
    met = match_referral(PROGRAMME, book, attrs.evolve(referral(), needs=(SenNeed.ASD,)))
    assert [o.provider for o in met.offers] == ["H1"]
    unmet = match_referral(
        PROGRAMME, book, attrs.evolve(referral(), needs=(SenNeed.ASD, SenNeed.HI))
    )
    assert unmet.offers == ()
    assert next(e for e in unmet.eligibility if e.provider == "H1").reasons == (
        Ineligibility.NEED_NOT_MET,
    )


def test_a_vacancy_of_an_unknown_provider_is_never_offered() -> None:
    book = MarketBook(vacancies=(vacancy("X1", "H99", "CR0", 300_000),))
    result = match_referral(PROGRAMME, book, referral())
    assert result.offers == ()
    assert result.eligibility[-1].provider == "H99"
    assert result.eligibility[-1].reasons == (Ineligibility.UNKNOWN_PROVIDER,)


def test_weights_are_whole_and_not_all_zero() -> None:
    with pytest.raises(InvalidValueError):
        ScoringWeights(ofsted=-1)
    with pytest.raises(InvalidValueError):
        ScoringWeights(ofsted=0, distance=0, price=0, scorecard=0, continuity=0)


_DISTRICTS = ("CR0", "CR7", "SM1", "SE1", "RH1", "B1")
_PROVIDERS = ("H1", "H2", "H3", "H4", "H5", "H6", "H99")


@st.composite
def vacancies(draw: st.DrawFn, i: int) -> Vacancy:
    start = GO_LIVE + dt.timedelta(days=draw(st.integers(-60, 120)))
    days = draw(st.none() | st.integers(0, 200))
    low = draw(st.integers(0, 17))
    return Vacancy(
        id=VacancyId(f"V{i}"),
        provider=draw(st.sampled_from(_PROVIDERS)),
        places=draw(st.integers(1, 3)),
        period=DateRange(start=start, end=None if days is None else start + dt.timedelta(days)),
        services=draw(
            st.sampled_from(
                [
                    (ServiceKind.CHILDRENS_HOME,),
                    (ServiceKind.INDEPENDENT_FOSTERING,),
                    (ServiceKind.CHILDRENS_HOME, ServiceKind.INDEPENDENT_FOSTERING),
                ]
            )
        ),
        min_age=low,
        max_age=draw(st.integers(low, 18)),
        needs_met=tuple(draw(st.sets(st.sampled_from([SenNeed.ASD, SenNeed.SEMH])))),
        location=draw(st.sampled_from(_DISTRICTS)),
        weekly_fee=Money(draw(st.integers(0, 1_000_000))),
    )


@st.composite
def books(draw: st.DrawFn) -> MarketBook:
    n = draw(st.integers(0, 10))
    return MarketBook(vacancies=tuple(draw(vacancies(i)) for i in range(n)))


@given(
    books(),
    st.integers(0, 18),
    st.sets(st.sampled_from([SenNeed.ASD, SenNeed.SEMH])),
    st.integers(-30, 200),
    st.booleans(),
    st.sampled_from(_DISTRICTS),
)
def test_no_ineligible_provider_is_ever_ranked(  # noqa: PLR0917 - one per drawn value
    book: MarketBook,
    age: int,
    needs: set[SenNeed],
    offset: int,
    require_admission: bool,
    home: str,
) -> None:
    r = attrs.evolve(referral(age=age, home_district=home), needs=tuple(sorted(needs, key=str)))
    day = GO_LIVE + dt.timedelta(days=offset)
    result = match_referral(
        PROGRAMME, book, r, day=day, rules=MatchingRules(require_admission=require_admission)
    )
    eligible = {e.provider for e in result.eligibility if e.eligible}
    keys = [(not o.on_framework, -o.score, o.provider) for o in result.offers]
    assert keys == sorted(keys)  # on framework first, then best score, then provider id
    assert {o.provider for o in result.offers} == eligible  # one offer per eligible provider
    assert [o.rank for o in result.offers] == list(range(1, len(result.offers) + 1))
    for o in result.offers:
        # checked afresh, not through the matcher: the offered vacancy passes every rule
        v = next(v for v in book.vacancies if v.id == o.vacancy)
        provider = PROGRAMME.provider(o.provider)
        assert v.provider == o.provider
        assert day in v.period
        assert ServiceKind.CHILDRENS_HOME in v.services
        assert v.min_age <= age <= v.max_age
        assert set(needs) <= set(v.needs_met)
        assert provider.rating_on(day) is not OfstedRating.INADEQUATE
        if require_admission:
            assert provider.is_admitted("FW", "FW/1", day)
        assert 0 <= o.score <= 1
    offered = {o.provider: o.vacancy for o in result.offers}
    for e in result.eligibility:
        assert e.eligible == (not e.reasons)
        if e.eligible:  # the vacancy named is the one offered
            assert e.vacancy == offered[e.provider]
    # every provider of the programme and of the vacancies is explained, once
    assert [e.provider for e in result.eligibility] == sorted(
        {p.id for p in PROGRAMME.providers} | {v.provider for v in book.vacancies}
    )
