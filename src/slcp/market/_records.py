"""The market's records: provider groups, vacancies, referrals, offers and awards.

All are frozen ``attrs`` records checked on construction; dates are half-open where they form
a range; money is integer pence. A child appears only as a pseudonymous reference with an age
in whole years and a postcode district.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import NewType

import attrs

from slcp.domain import (
    GssCode,
    LotId,
    NeededBy,
    ProviderId,
    RouteKind,
    SenNeed,
    ServiceKind,
    Workstream,
)
from slcp.domain.child import ChildRef, check_child_ref
from slcp.domain.location import PostcodeDistrict, check_district
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import DateRange

__all__ = [
    "Award",
    "GroupId",
    "MarketBook",
    "OffFrameworkReason",
    "Offer",
    "PlacementReferral",
    "ProviderGroup",
    "ReferralId",
    "Vacancy",
    "VacancyId",
]

#: A provider organisation's id, e.g. ``"GRP-HEARTH"``.
GroupId = NewType("GroupId", str)
#: A referral's id, unique within a market book, e.g. ``"REF-0001"``.
ReferralId = NewType("ReferralId", str)
#: A vacancy's id, unique within a market book, e.g. ``"VAC-0001"``.
VacancyId = NewType("VacancyId", str)

#: Ages (whole years) a referral or vacancy may name: birth to 25 (post-16 SEND runs to 25).
_MAX_AGE = 25


def _text(field: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"{field} must be non-blank text", field=field, value=value)


def _age(field: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_AGE:
        raise InvalidValueError(
            "an age must be a whole number of years from 0 to 25", field=field, value=value
        )


def _unique(field: str, values: tuple[object, ...]) -> None:
    if len(set(values)) != len(values):
        raise InvalidValueError(f"{field} repeats a value", field=field, value=values)


def _money(field: str, value: Money) -> None:
    if not isinstance(value, Money) or value.pence < 0:
        raise InvalidValueError(
            f"{field} must be non-negative Money", field=field, value=value, expected=">= £0.00"
        )


def _opt_district(value: str | None) -> PostcodeDistrict | None:
    return None if value is None else check_district(value)


@attrs.frozen(kw_only=True)
class ProviderGroup:
    """A provider organisation and the homes or schools it owns (each a provider with its own
    Ofsted or DfE URN).

    A provider in no group is treated as its own one-member organisation when market shares
    are measured.

    Attributes:
        id: the organisation's id.
        name: its name (an organisation, never a person).
        members: the providers (homes, schools, agencies) it owns; at least one, none twice.

    >>> ProviderGroup(id=GroupId("G1"), name="Hearth Care", members=())
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a provider group needs at least one member...
    """

    id: GroupId
    name: str
    members: tuple[ProviderId, ...]

    def __attrs_post_init__(self) -> None:
        _text("name", self.name)
        if not self.members:
            raise InvalidValueError(
                "a provider group needs at least one member", field="members", value=self.id
            )
        _unique("members", self.members)


@attrs.frozen(kw_only=True)
class Vacancy:
    """Places a home or school offers for a period.

    Attributes:
        id: the vacancy's id.
        provider: the home or school (a provider with its URN; its organisation is its group).
        places: places offered, at least 1.
        period: when the places are open, ``[from, to)`` (half-open: ``to`` is the first day
            they are no longer offered); open-ended allowed.
        services: the kinds of service the places are for (at least one).
        min_age: youngest age accepted, whole years, **inclusive**.
        max_age: oldest age accepted, whole years, **inclusive**.
        needs_met: the SEN primary-need codes the provider is registered to meet (empty: none
            declared, so only referrals naming no need can be met).
        location: the postcode district the places are in.
        weekly_fee: the weekly price offered, ex-VAT, in pence.

    >>> Vacancy(id=VacancyId("V1"), provider=ProviderId("P1"), places=1,
    ...     period=DateRange(start=dt.date(2019, 9, 1), end=None),
    ...     services=(ServiceKind.SEND_DAY,), min_age=12, max_age=11,
    ...     location=PostcodeDistrict("CR0"), weekly_fee=Money(150_000))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: an age range needs min_age <= max_age...
    """

    id: VacancyId
    provider: ProviderId
    places: int
    period: DateRange
    services: tuple[ServiceKind, ...]
    min_age: int
    max_age: int
    needs_met: tuple[SenNeed, ...] = ()
    location: PostcodeDistrict = attrs.field(converter=check_district)
    weekly_fee: Money

    def __attrs_post_init__(self) -> None:
        if isinstance(self.places, bool) or not isinstance(self.places, int) or self.places < 1:
            raise InvalidValueError(
                "a vacancy offers at least one place", field="places", value=self.places
            )
        if not self.services:
            raise InvalidValueError("a vacancy names at least one service", field="services")
        _unique("services", self.services)
        _unique("needs_met", self.needs_met)
        _age("min_age", self.min_age)
        _age("max_age", self.max_age)
        if self.min_age > self.max_age:
            raise InvalidValueError(
                "an age range needs min_age <= max_age",
                field="max_age",
                value=(self.min_age, self.max_age),
            )
        _money("weekly_fee", self.weekly_fee)

    def is_open_on(self, day: dt.date) -> bool:
        """True when ``day`` is within ``[from, to)``."""
        return day in self.period

    def accepts_age(self, age: int) -> bool:
        """True when ``min_age <= age <= max_age`` (both inclusive)."""
        return self.min_age <= age <= self.max_age


@attrs.frozen(kw_only=True)
class PlacementReferral:
    """A borough's request to the market for one child's placement.

    Attributes:
        id: the referral's id.
        child: the child's pseudonymous reference (never a name).
        borough: GSS code of the placing borough.
        workstream: SEND or LAC.
        service: the kind of placement sought (for LAC, e.g. a children's home or an
            independent fostering agency; for SEND, day, residential or post-16).
        needs: SEN2 primary-need code first, then any secondary need; at least one for SEND.
            Every need named must be met by a vacancy.
        age: the child's age in whole years on the referral date.
        home_district: postcode district of the child's home (never a full postcode).
        school_district: postcode district of the child's current school, if known (for
            continuity of education).
        urgency: how soon the placement is needed.
        referred_on: the day the referral was made.

    >>> PlacementReferral(id=ReferralId("R1"), child=ChildRef("C1"),
    ...     borough=GssCode("E09000008"), workstream=Workstream.SEND,
    ...     service=ServiceKind.SEND_DAY, age=12, home_district=PostcodeDistrict("CR0"),
    ...     urgency=NeededBy.AFTER_5_DAYS, referred_on=dt.date(2019, 6, 3))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a SEND referral names the child's primary need...
    """

    id: ReferralId
    child: ChildRef = attrs.field(converter=check_child_ref)
    borough: GssCode
    workstream: Workstream
    service: ServiceKind
    needs: tuple[SenNeed, ...] = ()
    age: int
    home_district: PostcodeDistrict = attrs.field(converter=check_district)
    school_district: PostcodeDistrict | None = attrs.field(default=None, converter=_opt_district)
    urgency: NeededBy
    referred_on: dt.date

    def __attrs_post_init__(self) -> None:
        _text("id", self.id)
        if self.service.workstream is not self.workstream:
            raise InvalidValueError(
                "the service sought belongs to another workstream",
                field="service",
                value=self.service.value,
                expected=f"a {self.workstream.value} service",
            )
        if self.workstream is Workstream.SEND and not self.needs:
            raise InvalidValueError(
                "a SEND referral names the child's primary need",
                field="needs",
                expected="SEN2 codes such as ASD, SEMH, SLD",
            )
        _unique("needs", self.needs)
        _age("age", self.age)


@attrs.frozen(kw_only=True)
class Offer:
    """A provider's offer of a vacancy to a referral.

    Attributes:
        referral: the referral answered.
        vacancy: the vacancy offered.
        provider: the provider offering it.
        weekly_fee: the weekly price offered, in pence.
        offered_on: the day of the offer (on or after the referral).
    """

    referral: ReferralId
    vacancy: VacancyId
    provider: ProviderId
    weekly_fee: Money
    offered_on: dt.date

    def __attrs_post_init__(self) -> None:
        _money("weekly_fee", self.weekly_fee)


class OffFrameworkReason(enum.Enum):
    """Why a placement was bought off the framework or DPS (a spot purchase)."""

    NO_ELIGIBLE_PROVIDER = "no_eligible_provider"
    """No admitted provider had a suitable vacancy."""
    NEEDS_NOT_MET = "needs_not_met"
    """Admitted providers could not meet the child's needs."""
    EMERGENCY = "emergency"
    """Needed the same day; the first safe place was taken."""
    CONTINUITY = "continuity"
    """Kept an existing placement or school the child already had."""
    COURT_DIRECTED = "court_directed"
    """A court or tribunal named the placement."""
    OTHER = "other"


_ON_FRAMEWORK = (RouteKind.FRAMEWORK_CALL_OFF, RouteKind.DPS_CALL_OFF)


@attrs.frozen(kw_only=True)
class Award:
    """The placement awarded for a referral.

    Attributes:
        referral: the referral.
        provider: the provider awarded.
        vacancy: the vacancy taken, or ``None`` for a place found outside the vacancies
            recorded (typically a spot purchase).
        weekly_fee: the agreed weekly fee, in pence.
        awarded_on: the day of the award (on or after the referral).
        route: how it was bought: a framework or DPS call-off is "on framework".
        lot: the lot called off, for a framework or DPS call-off.
        off_framework_reason: why it was bought off framework; required for a spot purchase,
            refused for a call-off.
    """

    referral: ReferralId
    provider: ProviderId
    vacancy: VacancyId | None = None
    weekly_fee: Money
    awarded_on: dt.date
    route: RouteKind
    lot: LotId | None = None
    off_framework_reason: OffFrameworkReason | None = None

    def __attrs_post_init__(self) -> None:
        _money("weekly_fee", self.weekly_fee)
        if self.route is RouteKind.SPOT and self.off_framework_reason is None:
            raise InvalidValueError(
                "a spot purchase records why it was bought off framework",
                field="off_framework_reason",
                expected=", ".join(r.value for r in OffFrameworkReason),
            )
        if self.is_on_framework and self.off_framework_reason is not None:
            raise InvalidValueError(
                "a framework or DPS call-off has no off-framework reason",
                field="off_framework_reason",
                value=self.off_framework_reason.value,
            )

    @property
    def is_on_framework(self) -> bool:
        """True for a framework or DPS call-off."""
        return self.route in _ON_FRAMEWORK


def _ids(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise InvalidValueError(f"two {field} share an id", field=field, value=i)
        seen.add(i)


@attrs.frozen(kw_only=True)
class MarketBook:
    """Everything recorded about the market: who owns which provider, vacancies, referrals,
    offers and awards.

    Cross-references are checked on construction: ids are unique, a provider belongs to at
    most one group, every offer and award names a known referral (and vacancy, where given),
    at most one award per referral, and nothing is offered or awarded before it was referred.

    Attributes:
        groups: provider organisations.
        vacancies: vacancies.
        referrals: referrals.
        offers: offers made.
        awards: awards made.
    """

    groups: tuple[ProviderGroup, ...] = ()
    vacancies: tuple[Vacancy, ...] = ()
    referrals: tuple[PlacementReferral, ...] = ()
    offers: tuple[Offer, ...] = ()
    awards: tuple[Award, ...] = ()

    def __attrs_post_init__(self) -> None:
        _ids("groups", [g.id for g in self.groups])
        _ids("group members", [m for g in self.groups for m in g.members])
        _ids("vacancies", [v.id for v in self.vacancies])
        _ids("referrals", [r.id for r in self.referrals])
        _ids("awards (one per referral)", [a.referral for a in self.awards])
        referred = {r.id: r.referred_on for r in self.referrals}
        vacancies = {v.id for v in self.vacancies}
        dated: list[tuple[str, ReferralId, VacancyId | None, dt.date]] = [
            ("offers", o.referral, o.vacancy, o.offered_on) for o in self.offers
        ] + [("awards", a.referral, a.vacancy, a.awarded_on) for a in self.awards]
        for field, referral, vacancy, day in dated:
            if referral not in referred:
                raise InvalidValueError(
                    f"{field} name an unknown referral", field=field, value=referral
                )
            if vacancy is not None and vacancy not in vacancies:
                raise InvalidValueError(
                    f"{field} name an unknown vacancy", field=field, value=vacancy
                )
            if day < referred[referral]:
                raise InvalidValueError(
                    f"{field} cannot predate the referral",
                    field=field,
                    value=(referral, day.isoformat()),
                    expected=f"on or after {referred[referral].isoformat()}",
                )

    @functools.cached_property
    def _group_index(self) -> dict[str, GroupId]:
        return {m: g.id for g in self.groups for m in g.members}

    def group_of(self, provider: str) -> GroupId:
        """The organisation owning ``provider`` (a provider in no group is its own, with the
        provider's id as the group id)."""
        return self._group_index.get(provider, GroupId(provider))

    def group_names(self) -> dict[GroupId, str]:
        """Each named group's name, by id."""
        return {g.id: g.name for g in self.groups}

    def referral(self, referral_id: str) -> PlacementReferral | None:
        """The referral with this id, or ``None``."""
        return next((r for r in self.referrals if r.id == referral_id), None)

    def award_for(self, referral_id: str) -> Award | None:
        """The award made for this referral, or ``None`` while it is unplaced."""
        return next((a for a in self.awards if a.referral == referral_id), None)
