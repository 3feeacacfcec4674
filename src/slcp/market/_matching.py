"""Matching a referral to vacancies: every provider's eligibility, then a ranked, explained
list of offers (decisions 1100 and 1101).

Eligibility comes first and is all-or-nothing: a provider with no open vacancy for the service
on the day, for the child's age and needs, not admitted to a lot buying the service (unless
the rules allow off-framework offers), or rated inadequate by Ofsted on the day is never
ranked, and the result says which of these held for *every* provider. Eligible offers are then
ranked by a weighted score of five components, each an exact fraction from 0 to 1 with the
reason in words: Ofsted rating on the day, distance band from home, weekly price against the
lot's price band, the provider's scorecard, continuity of education. On-framework offers come
before off-framework ones whatever their scores.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from slcp.domain import (
    DynamicPurchasingSystem,
    FrameworkAgreement,
    Lot,
    LotId,
    OfstedRating,
    Programme,
    Provider,
    ProviderId,
    ServiceKind,
    VehicleId,
)
from slcp.errors import InvalidValueError
from slcp.market._distance import DistanceBand, distance_band
from slcp.market._records import MarketBook, PlacementReferral, Vacancy, VacancyId
from slcp.money import Money, round_decimal
from slcp.outcomes import OutcomesFramework, default_outcomes_framework, score_providers
from slcp.periods import FinancialYear

__all__ = [
    "Ineligibility",
    "MatchResult",
    "MatchingRules",
    "ProviderEligibility",
    "RankedOffer",
    "ScoreComponent",
    "ScoringWeights",
    "lots_buying",
    "match_referral",
    "match_referrals",
    "scores_before",
]


class Ineligibility(enum.Enum):
    """Why a provider cannot be offered for a referral on a day."""

    UNKNOWN_PROVIDER = "unknown_provider"
    """A vacancy names a provider the programme does not hold."""
    NO_VACANCY = "no_vacancy"
    """The provider has recorded no vacancy at all."""
    NOT_OPEN_ON_DATE = "not_open_on_date"
    """None of its vacancies is open on the day."""
    SERVICE_NOT_OFFERED = "service_not_offered"
    """Its vacancy is not for the kind of placement sought."""
    AGE_OUTSIDE_RANGE = "age_outside_range"
    """The child's age is outside the vacancy's age range."""
    NEED_NOT_MET = "need_not_met"
    """The vacancy does not meet every need the referral names."""
    NOT_ADMITTED = "not_admitted"
    """Not admitted, on the day, to a framework or DPS lot buying the service."""
    OFSTED_INADEQUATE = "ofsted_inadequate"
    """Rated inadequate by Ofsted on the day."""

    @property
    def text(self) -> str:
        """The reason in words."""
        return _REASON_TEXT[self]


_ORDER = {r: i for i, r in enumerate(Ineligibility)}
_REASON_TEXT = {
    Ineligibility.UNKNOWN_PROVIDER: "not a provider of the programme",
    Ineligibility.NO_VACANCY: "no vacancy recorded",
    Ineligibility.NOT_OPEN_ON_DATE: "no vacancy open on the day",
    Ineligibility.SERVICE_NOT_OFFERED: "vacancy is for another kind of placement",
    Ineligibility.AGE_OUTSIDE_RANGE: "child's age outside the vacancy's age range",
    Ineligibility.NEED_NOT_MET: "a need the referral names is not met",
    Ineligibility.NOT_ADMITTED: "not admitted to a lot buying the service on the day",
    Ineligibility.OFSTED_INADEQUATE: "rated inadequate by Ofsted on the day",
}


def _weight(field: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(
            "a weight is a whole number of at least 0", field=field, value=value
        )


@attrs.frozen(kw_only=True)
class ScoringWeights:
    """How much each score component counts: whole numbers, at least one positive.

    The score is ``Σ weight × component ÷ Σ weights``, an exact fraction from 0 to 1 (shown as
    points out of 100). The defaults put quality and distance first (3 each), price, provider
    scorecard and continuity of education after (2 each) — decision 1100.

    >>> ScoringWeights(ofsted=0, distance=0, price=0, scorecard=0, continuity=0)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: at least one weight must be positive...
    """

    ofsted: int = 3
    distance: int = 3
    price: int = 2
    scorecard: int = 2
    continuity: int = 2

    def __attrs_post_init__(self) -> None:
        for name, value in self.as_dict().items():
            _weight(name, value)
        if not sum(self.as_dict().values()):
            raise InvalidValueError(
                "at least one weight must be positive", field="weights", value=self.as_dict()
            )

    def as_dict(self) -> dict[str, int]:
        """The weights by component name, in the components' order."""
        return {
            "ofsted": self.ofsted,
            "distance": self.distance,
            "price": self.price,
            "scorecard": self.scorecard,
            "continuity": self.continuity,
        }

    @property
    def total(self) -> int:
        """The sum of the weights."""
        return sum(self.as_dict().values())


@attrs.frozen(kw_only=True)
class MatchingRules:
    """The matcher's configuration.

    Attributes:
        weights: the score's weights.
        require_admission: when True (the default) a provider not admitted to a lot buying
            the service on the day is ineligible; when False it may be offered, marked off
            framework and ranked after every on-framework offer.
        framework_first: rank on-framework offers before off-framework ones whatever their
            scores (only matters when ``require_admission`` is False).
    """

    weights: ScoringWeights = ScoringWeights()
    require_admission: bool = True
    framework_first: bool = True


@attrs.frozen(kw_only=True)
class ScoreComponent:
    """One part of an offer's score.

    Attributes:
        name: ``ofsted``, ``distance``, ``price``, ``scorecard`` or ``continuity``.
        weight: its weight.
        value: exact value from 0 to 1.
        reason: why it has that value, in words.
    """

    name: str
    weight: int
    value: Fraction
    reason: str


@attrs.frozen(kw_only=True)
class ProviderEligibility:
    """Whether one provider can be offered for the referral, and why (or why not).

    Attributes:
        provider: the provider.
        eligible: True when it has a vacancy passing every check.
        reasons: every check that failed — for the provider itself (admission, Ofsted) and
            for its vacancy that failed fewest checks; empty when eligible.
        vacancy: the vacancy offered when eligible (its best-scoring one), else the one
            failing fewest checks (ties: lowest id), or ``None``.
        lot: the lot it is admitted to for the service on the day, or ``None``.
        rating: its Ofsted rating on the day, or ``None`` when not yet inspected.
    """

    provider: ProviderId
    eligible: bool
    reasons: tuple[Ineligibility, ...]
    vacancy: VacancyId | None
    lot: LotId | None
    rating: OfstedRating | None

    @property
    def explanation(self) -> str:
        """``"eligible"`` or the failed checks in words, joined by ``"; "``."""
        if self.eligible:
            return "eligible"
        return "; ".join(r.text for r in self.reasons)


@attrs.frozen(kw_only=True)
class RankedOffer:
    """An eligible provider's vacancy, ranked.

    Attributes:
        rank: 1 for the best offer.
        provider: the provider.
        provider_name: its name.
        vacancy: the vacancy offered.
        lot: the lot it is admitted to for the service, or ``None`` (off framework).
        on_framework: True when admitted to that lot on the day.
        weekly_fee: the vacancy's weekly price, in pence.
        location: the vacancy's postcode district.
        score: the exact weighted score from 0 to 1.
        components: the five components with their reasons.
    """

    rank: int
    provider: ProviderId
    provider_name: str
    vacancy: VacancyId
    lot: LotId | None
    on_framework: bool
    weekly_fee: Money
    location: str
    score: Fraction
    components: tuple[ScoreComponent, ...]

    @property
    def points(self) -> str:
        """The score as points out of 100, rounded half up to one decimal place (display)."""
        return f"{round_decimal(self.score * 100, 1):f}"


@attrs.frozen(kw_only=True)
class MatchResult:
    """A referral matched on a day.

    Attributes:
        referral: the referral.
        day: the day eligibility was judged (vacancies open, admission, Ofsted rating).
        rules: the rules used.
        offers: eligible offers, best first (one per eligible provider: its best vacancy).
        eligibility: every provider of the programme (and any provider a vacancy names),
            by id, with why it is or is not eligible.
    """

    referral: PlacementReferral
    day: dt.date
    rules: MatchingRules
    offers: tuple[RankedOffer, ...]
    eligibility: tuple[ProviderEligibility, ...]

    @property
    def top(self) -> RankedOffer | None:
        """The best offer, or ``None`` when no provider is eligible."""
        return self.offers[0] if self.offers else None

    def reason_counts(self) -> dict[Ineligibility, int]:
        """How many ineligible providers failed each check (a provider may fail several)."""
        counts = dict.fromkeys(Ineligibility, 0)
        for e in self.eligibility:
            for r in e.reasons:
                counts[r] += 1
        return counts


def lots_buying(
    programme: Programme, service: ServiceKind, day: dt.date
) -> tuple[tuple[VehicleId, Lot], ...]:
    """The framework and DPS lots buying ``service`` whose vehicle is open on ``day``, by lot id."""
    found: list[tuple[VehicleId, Lot]] = []
    for v in programme.vehicles:
        if not isinstance(v, FrameworkAgreement | DynamicPurchasingSystem) or day not in v.term:
            continue
        found.extend((v.id, lot) for lot in v.lots if service in lot.service_kinds)
    return tuple(sorted(found, key=lambda pair: pair[1].id))


_OFSTED_VALUE = {
    OfstedRating.OUTSTANDING: Fraction(1),
    OfstedRating.GOOD: Fraction(2, 3),
    OfstedRating.REQUIRES_IMPROVEMENT: Fraction(1, 3),
}
#: Not yet inspected scores as "requires improvement": unproven, not failed.
_NOT_INSPECTED = Fraction(1, 3)
#: A component with nothing to judge by is neutral.
_NEUTRAL = Fraction(1, 2)
_FURTHEST = DistanceBand.FURTHER.rank


def _vacancy_failures(referral: PlacementReferral, v: Vacancy, day: dt.date) -> list[Ineligibility]:
    out = []
    if not v.is_open_on(day):
        out.append(Ineligibility.NOT_OPEN_ON_DATE)
    if referral.service not in v.services:
        out.append(Ineligibility.SERVICE_NOT_OFFERED)
    if not v.accepts_age(referral.age):
        out.append(Ineligibility.AGE_OUTSIDE_RANGE)
    if any(n not in v.needs_met for n in referral.needs):
        out.append(Ineligibility.NEED_NOT_MET)
    return out


def _price(v: Vacancy, lot: Lot | None) -> tuple[Fraction, str]:
    fee = v.weekly_fee
    band = None if lot is None else lot.price_band
    if band is None:
        return _NEUTRAL, f"{fee} a week; no price band to judge it by"
    low, high = band.min_weekly.pence, band.max_weekly.pence
    where = f"{fee} a week, band {band.min_weekly} to {band.max_weekly}"
    if fee.pence <= low:
        return Fraction(1), where + " (at or below its foot)"
    if fee.pence >= high:
        return Fraction(0), where + " (at or above its top)"
    return Fraction(high - fee.pence, high - low), where


def _components(
    referral: PlacementReferral,
    v: Vacancy,
    *,
    provider: Provider,
    lot: Lot | None,
    rating: OfstedRating | None,
    score: Fraction | None,
    weights: ScoringWeights,
    day: dt.date,
) -> tuple[ScoreComponent, ...]:
    w = weights.as_dict()
    if rating is None:
        ofsted = (_NOT_INSPECTED, f"not yet inspected by Ofsted on {day}")
    else:
        ofsted = (_OFSTED_VALUE[rating], f"Ofsted {rating.value.replace('_', ' ')} on {day}")
    band = distance_band(referral.home_district, v.location)
    distance = (
        Fraction(_FURTHEST - band.rank, _FURTHEST),
        f"{band.value.replace('_', ' ')} ({referral.home_district} to {v.location})",
    )
    price = _price(v, lot)
    if score is None:
        card = (_NEUTRAL, f"{provider.name} not scored: neutral")
    else:
        card = (score / 100, f"scorecard {round_decimal(score, 1):f} of 100")
    if referral.school_district is None:
        continuity = (_NEUTRAL, "current school not known: neutral")
    else:
        school = distance_band(referral.school_district, v.location)
        value = {
            DistanceBand.SAME_DISTRICT: Fraction(1),
            DistanceBand.SAME_BOROUGH: Fraction(1),
            DistanceBand.NEIGHBOURING_BOROUGH: Fraction(1, 2),
        }.get(school, Fraction(0))
        continuity = (
            value,
            f"school in {referral.school_district}: {school.value.replace('_', ' ')}",
        )
    parts = {
        "ofsted": ofsted,
        "distance": distance,
        "price": price,
        "scorecard": card,
        "continuity": continuity,
    }
    return tuple(
        ScoreComponent(name=name, weight=w[name], value=value, reason=reason)
        for name, (value, reason) in parts.items()
    )


def _weighted(components: Sequence[ScoreComponent], weights: ScoringWeights) -> Fraction:
    return sum((c.value * c.weight for c in components), Fraction(0)) / weights.total


def match_referral(
    programme: Programme,
    book: MarketBook,
    referral: PlacementReferral,
    *,
    day: dt.date | None = None,
    scores: Mapping[str, Fraction | None] | None = None,
    rules: MatchingRules | None = None,
) -> MatchResult:
    """Every provider's eligibility for ``referral`` on ``day``, and the eligible offers ranked.

    Args:
        programme: providers (Ofsted ratings, admissions) and vehicles (lots, price bands).
        book: the vacancies.
        referral: the referral.
        day: the day to judge on; the referral's date when ``None``.
        scores: each provider's scorecard score (0 to 100, exact), e.g. from
            :func:`slcp.outcomes.score_providers`; a provider missing or ``None`` is neutral.
        rules: weights and admission rules; the defaults when ``None``.

    Returns:
        The result: offers best first (rank 1, 2, ...; ties broken by provider id, then
        vacancy id), and every provider's eligibility by provider id.
    """
    on = referral.referred_on if day is None else day
    rules = rules or MatchingRules()
    scores = scores or {}
    lots = lots_buying(programme, referral.service, on)
    by_provider: dict[str, list[Vacancy]] = {}
    for v in sorted(book.vacancies, key=lambda v: v.id):
        by_provider.setdefault(v.provider, []).append(v)
    ids = sorted({p.id for p in programme.providers} | set(by_provider))
    eligibility: list[ProviderEligibility] = []
    candidates: list[tuple[bool, Fraction, str, str, RankedOffer]] = []
    for pid in ids:
        vacancies = by_provider.get(pid, [])  # in id order
        if not programme.has_provider(pid):
            eligibility.append(
                ProviderEligibility(
                    provider=ProviderId(pid),
                    eligible=False,
                    reasons=(Ineligibility.UNKNOWN_PROVIDER,),
                    vacancy=vacancies[0].id if vacancies else None,
                    lot=None,
                    rating=None,
                )
            )
            continue
        provider = programme.provider(pid)
        admitted = next(
            (lot for vehicle, lot in lots if provider.is_admitted(vehicle, lot.id, on)), None
        )
        rating = provider.rating_on(on)
        own: list[Ineligibility] = []
        if admitted is None and rules.require_admission:
            own.append(Ineligibility.NOT_ADMITTED)
        if rating is OfstedRating.INADEQUATE:
            own.append(Ineligibility.OFSTED_INADEQUATE)
        if not vacancies:
            best: Vacancy | None = None
            failures: list[Ineligibility] = [Ineligibility.NO_VACANCY]
            passing: list[Vacancy] = []
        else:
            checked = [(v, _vacancy_failures(referral, v, on)) for v in vacancies]
            passing = [v for v, f in checked if not f]
            best, failures = min(checked, key=lambda vf: len(vf[1]))  # first of the fewest
        # the vacancy's failures and the provider's own never share a reason
        reasons = tuple(sorted(failures + own, key=_ORDER.__getitem__))
        eligible = not reasons
        chosen = best
        if eligible:
            lot_for_price = admitted or (lots[0][1] if lots else None)
            offers = []
            for v in passing:
                components = _components(
                    referral,
                    v,
                    provider=provider,
                    lot=lot_for_price,
                    rating=rating,
                    score=scores.get(pid),
                    weights=rules.weights,
                    day=on,
                )
                offers.append((_weighted(components, rules.weights), v, components))
            score, chosen, components = min(offers, key=lambda o: (-o[0], o[1].id))
        eligibility.append(
            ProviderEligibility(
                provider=ProviderId(pid),
                eligible=eligible,
                reasons=reasons,
                vacancy=chosen.id if chosen is not None else None,
                lot=admitted.id if admitted is not None else None,
                rating=rating,
            )
        )
        if not eligible or chosen is None:
            continue
        vacancy = chosen
        on_framework = admitted is not None
        candidates.append(
            (
                rules.framework_first and not on_framework,
                -score,
                pid,
                vacancy.id,
                RankedOffer(
                    rank=0,
                    provider=ProviderId(pid),
                    provider_name=provider.name,
                    vacancy=vacancy.id,
                    lot=admitted.id if admitted is not None else None,
                    on_framework=on_framework,
                    weekly_fee=vacancy.weekly_fee,
                    location=vacancy.location,
                    score=score,
                    components=components,
                ),
            )
        )
    candidates.sort(key=lambda c: c[:4])
    ranked = tuple(attrs.evolve(c[4], rank=i) for i, c in enumerate(candidates, start=1))
    return MatchResult(
        referral=referral, day=on, rules=rules, offers=ranked, eligibility=tuple(eligibility)
    )


def match_referrals(
    programme: Programme,
    book: MarketBook,
    *,
    scores: Mapping[str, Fraction | None] | None = None,
    rules: MatchingRules | None = None,
) -> tuple[MatchResult, ...]:
    """Every referral of ``book`` matched on its own date, in the book's order."""
    return tuple(
        match_referral(programme, book, r, scores=scores, rules=rules) for r in book.referrals
    )


def scores_before(
    programme: Programme, day: dt.date, framework: OutcomesFramework | None = None
) -> dict[str, Fraction | None]:
    """Each provider's scorecard score (0 to 100, exact; ``None`` when unscored) over the
    latest whole financial year that ends before ``day`` — the year a matcher could have seen
    reported on ``day`` (decision 1100).

    >>> from slcp.domain import GssCode
    >>> empty = Programme(name="P", host=GssCode("E09000008"), boroughs=())
    >>> scores_before(empty, dt.date(2020, 5, 1))
    {}
    """
    year = FinancialYear.containing(day).previous()
    cards = score_providers(programme, year, framework or default_outcomes_framework())
    return {c.provider: c.score for c in cards}
