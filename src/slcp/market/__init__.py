"""The market: provider organisations and concentration, vacancies, referrals and matching,
prices across boroughs, and the market position the report's market section shows.

- Records (:class:`ProviderGroup`, :class:`Vacancy`, :class:`PlacementReferral`,
  :class:`Offer`, :class:`Award`) gathered in a :class:`MarketBook`.
- :func:`measure_concentration`: market shares, the Herfindahl–Hirschman index (shares in
  percent, squared: 0 to 10,000) and the top-five share.
- :func:`match_referral`: every provider's eligibility for a referral on a day, then the
  eligible offers ranked by an explained, configurable weighted score.
- :func:`describe_market`: demand, supply, concentration, price dispersion, time to place and
  the share placed on framework — computed once for the report.
- :func:`sample_market`: the embedded sample's market book; :func:`south_london_market`
  loads it as shipped, :func:`sample_market_of` picks the shipped one for the sample itself.

May import: :mod:`slcp.pricing`, :mod:`slcp.outcomes`, :mod:`slcp.sample`,
:mod:`slcp.domain` and the vocabulary modules. Never :mod:`slcp.io`, :mod:`slcp.report`,
:mod:`slcp.render` or the CLI; never cattrs, json or click.

The matching names are imported from their module when first used (PEP 562), so the report,
which loads the shipped market book and never matches a referral, does not import it.
"""

from typing import TYPE_CHECKING

from slcp.market._concentration import (
    CONCENTRATED,
    HIGHLY_CONCENTRATED,
    Concentration,
    ConcentrationLevel,
    MarketShare,
    ShareBasis,
    measure_concentration,
)
from slcp.market._distance import (
    NEAR_LONDON_AREAS,
    NEIGHBOURING_BOROUGHS,
    SOUTH_LONDON_DISTRICTS,
    DistanceBand,
    borough_of_district,
    distance_band,
)
from slcp.market._position import (
    NO_LOT,
    STANDING_ASKS,
    BoroughPrices,
    DemandLine,
    FrameworkShare,
    GroupTotal,
    MarketPosition,
    NeedLine,
    PriceDispersion,
    SupplyLine,
    TimeToPlace,
    describe_market,
    measure_framework_share,
    measure_price_dispersion,
    measure_time_to_place,
)
from slcp.market._records import (
    Award,
    GroupId,
    MarketBook,
    Offer,
    OffFrameworkReason,
    PlacementReferral,
    ProviderGroup,
    ReferralId,
    Vacancy,
    VacancyId,
)
from slcp.market._sample import (
    SAMPLE_REFERRALS,
    SHIPPED_MARKET,
    sample_market,
    sample_market_of,
    south_london_market,
)

__all__ = [
    "CONCENTRATED",
    "HIGHLY_CONCENTRATED",
    "NEAR_LONDON_AREAS",
    "NEIGHBOURING_BOROUGHS",
    "NO_LOT",
    "SAMPLE_REFERRALS",
    "SHIPPED_MARKET",
    "SOUTH_LONDON_DISTRICTS",
    "STANDING_ASKS",
    "Award",
    "BoroughPrices",
    "Concentration",
    "ConcentrationLevel",
    "DemandLine",
    "DistanceBand",
    "FrameworkShare",
    "GroupId",
    "GroupTotal",
    "Ineligibility",
    "MarketBook",
    "MarketPosition",
    "MarketShare",
    "MatchResult",
    "MatchingRules",
    "NeedLine",
    "OffFrameworkReason",
    "Offer",
    "PlacementReferral",
    "PriceDispersion",
    "ProviderEligibility",
    "ProviderGroup",
    "RankedOffer",
    "ReferralId",
    "ScoreComponent",
    "ScoringWeights",
    "ShareBasis",
    "SupplyLine",
    "TimeToPlace",
    "Vacancy",
    "VacancyId",
    "borough_of_district",
    "describe_market",
    "distance_band",
    "lots_buying",
    "match_referral",
    "match_referrals",
    "measure_concentration",
    "measure_framework_share",
    "measure_price_dispersion",
    "measure_time_to_place",
    "sample_market",
    "sample_market_of",
    "scores_before",
    "south_london_market",
]

if TYPE_CHECKING:
    from slcp.market._matching import (
        Ineligibility,
        MatchingRules,
        MatchResult,
        ProviderEligibility,
        RankedOffer,
        ScoreComponent,
        ScoringWeights,
        lots_buying,
        match_referral,
        match_referrals,
        scores_before,
    )

# a module __getattr__ for these names alone: slcp._lazy's for the whole package measured
# about 10 ms more CPU at interpreter exit after `slcp report` (decision 0012)
_MATCHING = frozenset(
    {
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
    }
)


def __getattr__(name: str) -> object:
    if name in _MATCHING:
        from slcp.market import _matching

        value = getattr(_matching, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _MATCHING)
