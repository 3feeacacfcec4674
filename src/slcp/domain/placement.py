"""Placements: a child placed by a borough with a provider, its fees and how it was bought.

Fee history rule (used by :mod:`slcp.pricing`): a placement's ``fees`` timeline records the
contractual weekly fee — the fee agreed at the start, renegotiations, added or removed 1:1
support. Programme-wide annual fee increases (:class:`~slcp.domain.uplift.FeeUpliftRound`) are
*not* entered in it; pricing applies them on top of the latest fee-history entry, for rounds
whose effective date for the placement falls after that entry.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from fractions import Fraction
from typing import Final, NewType

import attrs

from slcp.domain.borough import GssCode
from slcp.domain.child import ChildRef, check_child_ref
from slcp.domain.codes import EndingReason, ServiceKind, Workstream
from slcp.domain.location import PostcodeDistrict, check_district
from slcp.domain.provider import ProviderId
from slcp.domain.purchasing import PurchaseRoute
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate
from slcp.periods import DateRange
from slcp.timeline import Timeline

__all__ = [
    "PRO_RATA_DAILY",
    "ChargingBasis",
    "ChargingMethod",
    "FeeComponents",
    "FundingShares",
    "Placement",
    "PlacementEnding",
    "PlacementId",
]

#: A placement's id, unique within the programme.
PlacementId = NewType("PlacementId", str)


def _non_negative(field: str, value: Money) -> None:
    if not isinstance(value, Money):
        raise InvalidValueError(f"{field} must be Money", field=field, value=value)
    if value.pence < 0:
        raise InvalidValueError(
            "weekly fee must be non-negative", field=field, value=str(value), expected=">= £0.00"
        )


@attrs.frozen(kw_only=True)
class FeeComponents:
    """A weekly fee broken into the components regional data uses (all ex-VAT, per week).

    Attributes:
        core: the core weekly fee (care, or school place).
        additional_support: extra staffing such as 1:1 support, per week.
        education: education element, per week (e.g. a children's home with a school).
        other: anything else, per week.

    >>> FeeComponents(core=Money(400_000), additional_support=Money(50_000)).total
    Money(pence=450000)
    >>> FeeComponents(core=Money(-1))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: weekly fee must be non-negative...
    """

    core: Money
    additional_support: Money = Money(0)
    education: Money = Money(0)
    other: Money = Money(0)

    def __attrs_post_init__(self) -> None:
        c, a, e, o = self.core, self.additional_support, self.education, self.other
        # the common case (four Money, none negative), decided without a call per component
        same = Money is c.__class__ is a.__class__ is e.__class__ is o.__class__
        if same and min(c.pence, a.pence, e.pence, o.pence) >= 0:
            return
        for name in ("core", "additional_support", "education", "other"):
            _non_negative(name, getattr(self, name))

    @property
    def total(self) -> Money:
        """Total weekly fee: the sum of the components."""
        # one Money, not one per addition: costing reads the total of every fee entry
        pence = self.core.pence + self.additional_support.pence
        return Money(pence + self.education.pence + self.other.pence)

    def as_dict(self) -> dict[str, Money]:
        """The components by name, in a fixed order."""
        return {
            "core": self.core,
            "additional_support": self.additional_support,
            "education": self.education,
            "other": self.other,
        }


class ChargingMethod(enum.Enum):
    """How a weekly fee turns into a charge for a period (see :class:`ChargingBasis`)."""

    DAILY_PRO_RATA = "daily_pro_rata"
    """Weekly fee ÷ 7 × days (slcp's default rule, REFERENCE §3)."""
    WHOLE_WEEKS = "whole_weeks"
    """Only whole weeks from the start date are charged; a part week at the end is not."""
    WEEKS_PER_YEAR = "weeks_per_year"
    """``weeks_per_year`` × weekly fee per academic year (1 Sep-31 Aug), spread evenly by day."""


@attrs.frozen(kw_only=True)
class ChargingBasis:
    """The explicit rule that turns a weekly fee into a charge; never an implicit constant.

    Attributes:
        method: the charging method.
        weeks_per_year: for ``WEEKS_PER_YEAR`` only: 38 (termly) to 52 weeks charged a year.

    >>> ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38).weeks_per_year
    38
    >>> ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: weeks_per_year charging needs 1 to 52 weeks...
    """

    method: ChargingMethod = ChargingMethod.DAILY_PRO_RATA
    weeks_per_year: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.method is ChargingMethod.WEEKS_PER_YEAR:
            if self.weeks_per_year is None or not 1 <= self.weeks_per_year <= 52:
                raise InvalidValueError(
                    "weeks_per_year charging needs 1 to 52 weeks",
                    field="weeks_per_year",
                    value=self.weeks_per_year,
                    expected="e.g. 38 for a termly placement",
                )
        elif self.weeks_per_year is not None:
            raise InvalidValueError(
                f"{self.method.value} charging takes no weeks_per_year",
                field="weeks_per_year",
                value=self.weeks_per_year,
            )


#: The default charging basis: weekly fee ÷ 7 × days.
PRO_RATA_DAILY = ChargingBasis()


@attrs.frozen(kw_only=True)
class FundingShares:
    """Who funds a placement, as exact rates that sum to exactly 1.

    Attributes:
        social_care: children's social care share.
        education: education (high needs) share.
        health: health (ICB) share.

    >>> FundingShares(social_care=Rate.of("0.5"), education=Rate.of("0.5")).health
    Rate(value=Decimal('0'))
    >>> FundingShares(social_care=Rate.of("0.5"))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: funding shares must sum to exactly 1...
    """

    social_care: Rate = Rate(Decimal(0))
    education: Rate = Rate(Decimal(0))
    health: Rate = Rate(Decimal(0))

    def __attrs_post_init__(self) -> None:
        parts = (self.social_care, self.education, self.health)
        if not _are_shares(self.social_care.value, self.education.value, self.health.value):
            raise InvalidValueError(
                "funding shares must sum to exactly 1 and none may be negative",
                field="funding",
                value=tuple(str(p) for p in parts),
            )

    @classmethod
    def all_social_care(cls) -> FundingShares:
        """100% social care (the usual LAC placement; the default, one shared value)."""
        return _ALL_SOCIAL_CARE

    @classmethod
    def all_education(cls) -> FundingShares:
        """100% education (the usual SEND day placement)."""
        return cls(education=Rate(Decimal(1)))

    def as_weights(self) -> dict[str, Fraction]:
        """Exact weights for :func:`slcp.money.allocate_pence`."""
        return {
            "social_care": self.social_care.fraction,
            "education": self.education.fraction,
            "health": self.health.fraction,
        }


@functools.lru_cache(maxsize=256)
def _are_shares(social_care: Decimal, education: Decimal, health: Decimal) -> bool:
    # exact: the Decimals summed as Fractions, so no context precision can round them; a
    # programme repeats a handful of splits, so each is checked once
    parts = (social_care, education, health)
    return all(p >= 0 for p in parts) and sum(map(Fraction, parts)) == 1


_ALL_SOCIAL_CARE: Final = FundingShares(social_care=Rate(Decimal(1)))


@attrs.frozen(kw_only=True)
class PlacementEnding:
    """How a placement ended.

    Attributes:
        reason: why it ended.
        notice_given_on: the day notice was given, where known.
    """

    reason: EndingReason
    notice_given_on: dt.date | None = None

    @property
    def is_planned(self) -> bool:
        """True for planned endings."""
        return self.reason.is_planned


def _opt_district(value: str | None) -> PostcodeDistrict | None:
    return None if value is None else check_district(value)


def _opt_distance(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if (
        isinstance(value, float)
        or not isinstance(value, Decimal)
        or not value.is_finite()
        or value < 0
    ):
        raise InvalidValueError(
            "distance must be a finite, non-negative Decimal number of miles",
            field="distance_from_home_miles",
            value=value,
        )
    return value


@attrs.frozen(kw_only=True)
class Placement:
    """A child placed by a borough with a provider.

    Attributes:
        id: unique placement id.
        child: the child's pseudonymous reference.
        borough: GSS code of the placing borough.
        workstream: SEND or LAC.
        provider: the provider, or ``None`` for in-house provision.
        service: what is bought.
        period: ``[start, end)``; ``end=None`` while the placement continues.
        fees: weekly fee history (contractual changes only; see the module docstring). The
            first entry must take effect on ``period.start``.
        charging: how weekly fees become charges.
        route: how it was bought.
        funding: who pays which share.
        location: postcode district of the placement.
        distance_from_home_miles: straight-line distance from home, where known.
        ending: how it ended (only for ended placements).
        ssda903_place: SSDA903 PLACE code, for LAC placements (e.g. ``"K2"``).
        ssda903_provider: SSDA903 PLACE_PROVIDER code (e.g. ``"PR4"``).
        education_continuity: True when the child kept their school on being placed.
    """

    id: PlacementId
    child: ChildRef = attrs.field(converter=check_child_ref)
    borough: GssCode
    workstream: Workstream
    provider: ProviderId | None
    service: ServiceKind
    period: DateRange
    fees: Timeline[FeeComponents]
    charging: ChargingBasis = PRO_RATA_DAILY
    route: PurchaseRoute
    funding: FundingShares = attrs.field(factory=FundingShares.all_social_care)
    location: PostcodeDistrict | None = attrs.field(default=None, converter=_opt_district)
    distance_from_home_miles: Decimal | None = attrs.field(default=None, converter=_opt_distance)
    ending: PlacementEnding | None = None
    ssda903_place: str | None = None
    ssda903_provider: str | None = None
    education_continuity: bool | None = None

    def __attrs_post_init__(self) -> None:
        if not self.fees.entries:
            raise InvalidValueError(
                "a placement needs at least one fee", field="fees", value=self.id
            )
        first = self.fees.entries[0].effective
        if first != self.period.start:
            raise InvalidValueError(
                "the fee history must start on the placement's start date (no gap)",
                field="fees[0].effective",
                value=first,
                expected=self.period.start.isoformat(),
            )
        if self.ending is not None and self.period.end is None:
            raise InvalidValueError(
                "an open placement cannot have an ending",
                field="ending",
                value=self.ending.reason.value,
            )
        if self.service.workstream is not self.workstream:
            raise InvalidValueError(
                "the service kind belongs to another workstream",
                field="service",
                value=self.service.value,
                expected=f"a {self.workstream.value} service",
            )

    def fee_on(self, day: dt.date) -> FeeComponents:
        """The contractual weekly fee in force on ``day`` (before programme uplift rounds).

        Raises:
            ParameterNotFoundError: outside the fee history.
        """
        return self.fees.value_on(day)

    def is_active_on(self, day: dt.date) -> bool:
        """True when ``day`` is within ``[start, end)``."""
        return day in self.period

    def with_end(self, end: dt.date, ending: PlacementEnding | None = None) -> Placement:
        """The placement ended: ``end`` is the first day it no longer runs."""
        return attrs.evolve(self, period=self.period.with_end(end), ending=ending)

    def with_fees(self, fees: Timeline[FeeComponents]) -> Placement:
        """The placement with a new fee history."""
        return attrs.evolve(self, fees=fees)
