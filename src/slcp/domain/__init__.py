"""The domain model: boroughs and partnerships, purchasing vehicles, providers, children,
placements, Individual Child Agreements, fee-uplift rounds, budgets, savings, provider
intelligence and SSDA903 episodes — all immutable ``attrs`` records — plus whole-dataset
validation.

May import: :mod:`slcp.money`, :mod:`slcp.periods`, :mod:`slcp.timeline`,
:mod:`slcp.findings`, :mod:`slcp.errors`. Never cattrs, json, pricing or outcomes.
"""

from slcp.domain.agreement import (
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeId,
    ReviewSchedule,
)
from slcp.domain.borough import (
    SOUTH_LONDON_BOROUGHS,
    Borough,
    DfeLaCode,
    GssCode,
    borough_by_gss,
    borough_by_name,
)
from slcp.domain.child import Child, ChildRef
from slcp.domain.codes import (
    ConcernCategory,
    Direction,
    EndingReason,
    OfstedRating,
    OutcomeDomain,
    RouteKind,
    SenNeed,
    ServiceKind,
    Workstream,
)
from slcp.domain.episode import CareEpisode
from slcp.domain.finance import Budget, Contribution, SavingId, SavingRecord, SavingSource
from slcp.domain.intelligence import ConcernId, ProviderConcern
from slcp.domain.location import PostcodeDistrict, postcode_district
from slcp.domain.placement import (
    PRO_RATA_DAILY,
    ChargingBasis,
    ChargingMethod,
    FeeComponents,
    FundingShares,
    Placement,
    PlacementEnding,
    PlacementId,
)
from slcp.domain.programme import Membership, Programme
from slcp.domain.provider import Admission, AdmissionStatus, Provider, ProviderId
from slcp.domain.purchasing import (
    BlockContract,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    Lot,
    LotId,
    PriceBand,
    ProcurementRegime,
    PurchaseRoute,
    PurchasingVehicle,
    VehicleId,
)
from slcp.domain.uplift import (
    FeeUpliftRound,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
)
from slcp.domain.validation import validate

__all__ = [
    "PRO_RATA_DAILY",
    "SOUTH_LONDON_BOROUGHS",
    "Admission",
    "AdmissionStatus",
    "BlockContract",
    "Borough",
    "Budget",
    "CareEpisode",
    "ChargingBasis",
    "ChargingMethod",
    "Child",
    "ChildRef",
    "ConcernCategory",
    "ConcernId",
    "Contribution",
    "DfeLaCode",
    "Direction",
    "DynamicPurchasingSystem",
    "EndingReason",
    "FeeComponents",
    "FeeUpliftRound",
    "FrameworkAgreement",
    "FundingShares",
    "GssCode",
    "IcaId",
    "IndividualChildAgreement",
    "Lot",
    "LotId",
    "Measurement",
    "Membership",
    "OfstedRating",
    "Outcome",
    "OutcomeDomain",
    "OutcomeId",
    "Placement",
    "PlacementEnding",
    "PlacementId",
    "PostcodeDistrict",
    "PriceBand",
    "ProcurementRegime",
    "Programme",
    "Provider",
    "ProviderConcern",
    "ProviderId",
    "PurchaseRoute",
    "PurchasingVehicle",
    "ReviewSchedule",
    "RouteKind",
    "SavingId",
    "SavingRecord",
    "SavingSource",
    "SenNeed",
    "ServiceKind",
    "UpliftBand",
    "UpliftId",
    "UpliftPosition",
    "UpliftRequest",
    "UpliftTiming",
    "VehicleId",
    "Workstream",
    "borough_by_gss",
    "borough_by_name",
    "postcode_district",
    "validate",
]
