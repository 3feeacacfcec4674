"""Code lists of the commissioning vocabulary: workstreams, service kinds, SEN needs, routes.

Each enumeration's values are the stable strings used in files (``Workstream.SEND.value`` is
``"send"``).
"""

from __future__ import annotations

import enum

__all__ = [
    "ConcernCategory",
    "Direction",
    "EndingReason",
    "OfstedRating",
    "OutcomeDomain",
    "RouteKind",
    "SenNeed",
    "ServiceKind",
    "Workstream",
]


class Workstream(enum.Enum):
    """The programme's two commissioning workstreams (seed 004 §2.3)."""

    # hashed by identity (members are singletons compared by identity): Enum's own hash is
    # a Python call, and costing and savings key dicts by these thousands of times
    __hash__ = object.__hash__

    SEND = "send"
    """Independent and non-maintained special school placements (children with SEND)."""
    LAC = "lac"
    """Residential and independent-fostering placements for looked-after children."""


class ServiceKind(enum.Enum):
    """What is bought for a child; each kind belongs to one workstream."""

    # hashed by identity (members are singletons compared by identity): Enum's own hash is
    # a Python call, and costing and savings key dicts by these thousands of times
    __hash__ = object.__hash__

    SEND_DAY = "send_day"
    """Day placement at an independent or non-maintained special school (academic year)."""
    SEND_RESIDENTIAL_38_WEEK = "send_residential_38_week"
    """Termly residential school placement (38 weeks a year)."""
    SEND_RESIDENTIAL_52_WEEK = "send_residential_52_week"
    """Residential school placement all year round (52 weeks)."""
    SEND_POST_16 = "send_post_16"
    """Specialist post-16 institution."""
    CHILDRENS_HOME = "childrens_home"
    """External (independent or voluntary) children's home: LAC residential (903 K2/R1)."""
    INDEPENDENT_FOSTERING = "independent_fostering"
    """Independent fostering agency placement (903 U4-U6 with PR4/PR5)."""
    IN_HOUSE_FOSTERING = "in_house_fostering"
    """The council's own foster carers (903 U4-U6 with PR1/PR2)."""
    KINSHIP_FOSTERING = "kinship_fostering"
    """Foster placement with relatives or friends (903 U1-U3)."""
    SUPPORTED_ACCOMMODATION = "supported_accommodation"
    """Registered supported accommodation for 16-17 year olds (903 K3, formerly H5)."""
    SECURE_CHILDRENS_HOME = "secure_childrens_home"
    """Secure children's home (903 K1)."""
    PARENT_AND_CHILD = "parent_and_child"
    """Family centre or mother-and-baby unit (903 R3)."""
    POSITIVE_INTERVENTION = "positive_intervention"
    """Lot 3 of the LAC framework: positive interventions through innovation."""
    OTHER = "other"
    """Anything else, including placements with parents and adoption (not commissioned)."""

    @property
    def workstream(self) -> Workstream:
        """The workstream this kind of service is commissioned through."""
        return Workstream.SEND if self.value.startswith("send_") else Workstream.LAC

    @property
    def is_external_residential(self) -> bool:
        """True for LAC residential care bought from the market (children's homes)."""
        return self is ServiceKind.CHILDRENS_HOME


class SenNeed(enum.Enum):
    """Primary or secondary type of special educational need (DfE SEN2 / school census codes)."""

    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    DS = "DS"
    OTH = "OTH"


class RouteKind(enum.Enum):
    """How a placement was sourced (REFERENCE §3: the purchasing vehicle as a kind, not a flag)."""

    FRAMEWORK_CALL_OFF = "framework_call_off"
    DPS_CALL_OFF = "dps_call_off"
    BLOCK_CONTRACT = "block_contract"
    SPOT = "spot"
    """Spot purchase or direct award, off framework."""
    IN_HOUSE = "in_house"

    @property
    def needs_vehicle(self) -> bool:
        """True when the route must name the framework, DPS or block contract it used."""
        return self in (
            RouteKind.FRAMEWORK_CALL_OFF,
            RouteKind.DPS_CALL_OFF,
            RouteKind.BLOCK_CONTRACT,
        )

    @property
    def is_commissioned(self) -> bool:
        """True for framework, DPS and block routes: bought through a partnership vehicle."""
        return self.needs_vehicle


class OfstedRating(enum.Enum):
    """Ofsted overall effectiveness judgement."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def is_good_or_better(self) -> bool:
        """True for good or outstanding."""
        return self in (OfstedRating.OUTSTANDING, OfstedRating.GOOD)


class EndingReason(enum.Enum):
    """Why a placement ended; planned or not matters for stability KPIs."""

    PLANNED_MOVE = "planned_move"
    """A move agreed in the child's plan (step-down, to a long-term placement...)."""
    PLANNED_END = "planned_end"
    """The need ended as planned: left care, returned home, education phase completed."""
    UNPLANNED_PROVIDER_NOTICE = "unplanned_provider_notice"
    """The provider gave notice."""
    UNPLANNED_BREAKDOWN = "unplanned_breakdown"
    """The placement broke down."""
    UNPLANNED_OTHER = "unplanned_other"
    """Any other unplanned ending (regulatory action, provider closure...)."""

    @property
    def is_planned(self) -> bool:
        """True for planned moves and planned endings."""
        return self in (EndingReason.PLANNED_MOVE, EndingReason.PLANNED_END)


class OutcomeDomain(enum.Enum):
    """The area of a child's life an outcome is about (ICA outcomes, KPIs)."""

    EDUCATION = "education"
    HEALTH = "health"
    EMOTIONAL_WELLBEING = "emotional_wellbeing"
    RELATIONSHIPS = "relationships"
    INDEPENDENCE = "independence"
    SAFETY = "safety"
    STABILITY = "stability"
    VALUE_FOR_MONEY = "value_for_money"
    QUALITY = "quality"


class Direction(enum.Enum):
    """Whether a higher or a lower measured value is better."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class ConcernCategory(enum.Enum):
    """What kind of concern a borough raised about a provider."""

    SAFEGUARDING = "safeguarding"
    STANDARDS_OF_CARE = "standards_of_care"
    FINANCIAL = "financial"
    CONTRACT_COMPLIANCE = "contract_compliance"
    EDUCATION = "education"
    OTHER = "other"
