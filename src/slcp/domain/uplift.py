"""Annual fee increase rounds: what providers asked for, the partnership's position, what was
agreed, and from when. The arithmetic lives in :mod:`slcp.pricing`."""

from __future__ import annotations

import enum
from typing import NewType

import attrs

from slcp.domain.codes import ServiceKind, Workstream
from slcp.domain.provider import ProviderId
from slcp.errors import InvalidValueError
from slcp.money import Rate
from slcp.periods import FinancialYear
from slcp.timeline import Source

__all__ = [
    "FeeUpliftRound",
    "UpliftBand",
    "UpliftId",
    "UpliftPosition",
    "UpliftRequest",
    "UpliftTiming",
    "check_uplift_rate",
]

#: A fee-uplift round's id, e.g. ``"SEND-2019/20"``.
UpliftId = NewType("UpliftId", str)

_MIN = Rate.of("-1")
_MAX = Rate.of("1")


def check_uplift_rate(rate: Rate, field: str) -> Rate:
    """Refuse absurd uplift rates: at or below -100%, or above +100%.

    >>> check_uplift_rate(Rate.of("1.5"), "requested")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: an uplift rate must be above -100% and at most 100%...
    """
    if not isinstance(rate, Rate) or not _MIN < rate <= _MAX:
        raise InvalidValueError(
            "an uplift rate must be above -100% and at most 100%",
            field=field,
            value=str(rate),
            expected="a Rate such as Rate.of('0.025') for 2.5%",
        )
    return rate


def _cap(value: Rate) -> Rate:
    return check_uplift_rate(value, "cap")


def _requested(value: Rate) -> Rate:
    return check_uplift_rate(value, "requested")


def _opt_default_cap(value: Rate | None) -> Rate | None:
    return None if value is None else check_uplift_rate(value, "default_cap")


def _opt_agreed(value: Rate | None) -> Rate | None:
    return None if value is None else check_uplift_rate(value, "agreed")


class UpliftTiming(enum.Enum):
    """When a round's increase takes effect for each placement."""

    FINANCIAL_YEAR_START = "financial_year_start"
    """On 1 April of the round's financial year, for placements running then."""
    PLACEMENT_ANNIVERSARY = "placement_anniversary"
    """On each placement's start anniversary falling within the round's financial year."""


@attrs.frozen(kw_only=True)
class UpliftBand:
    """A cap applying to providers of a tier and/or to a kind of service.

    Attributes:
        cap: the highest increase the partnership accepts for this band.
        provider_tier: the provider tier it applies to (``None``: any tier).
        service: the service kind it applies to (``None``: any service).
    """

    cap: Rate = attrs.field(converter=_cap)
    provider_tier: str | None = None
    service: ServiceKind | None = None

    def applies_to(self, tier: str | None, service: ServiceKind) -> bool:
        """True when the band covers this tier and service."""
        return (self.provider_tier is None or self.provider_tier == tier) and (
            self.service is None or self.service is service
        )


@attrs.frozen(kw_only=True)
class UpliftPosition:
    """The partnership's negotiating position for a round.

    Attributes:
        default_cap: the cap for providers no band covers (``None``: no general cap).
        bands: tier or service caps; the first band that applies wins.
        source: the board decision that set it.
    """

    default_cap: Rate | None = attrs.field(default=None, converter=_opt_default_cap)
    bands: tuple[UpliftBand, ...] = ()
    source: Source


@attrs.frozen(kw_only=True)
class UpliftRequest:
    """What one provider asked for in a round, and what was agreed.

    Attributes:
        provider: the provider.
        requested: the increase it asked for.
        agreed: the increase agreed, if settled case by case (an exception); ``None`` means
            "the position's cap applies" (the lower of requested and the applicable cap).
        service: restricts the request to one service kind (``None``: all its placements).
        source: the letter or decision recording it.
    """

    provider: ProviderId
    requested: Rate = attrs.field(converter=_requested)
    agreed: Rate | None = attrs.field(default=None, converter=_opt_agreed)
    service: ServiceKind | None = None
    source: Source | None = None

    @property
    def is_exception(self) -> bool:
        """True when the agreed rate was settled case by case."""
        return self.agreed is not None


@attrs.frozen(kw_only=True)
class FeeUpliftRound:
    """One workstream's annual fee-increase round for one financial year.

    Attributes:
        id: round id.
        workstream: the workstream.
        financial_year: the year the increase applies in.
        timing: 1 April or each placement's anniversary.
        position: the partnership's position.
        requests: each provider's request and any exception agreed.
        source: the decision that closed the round.
    """

    id: UpliftId
    workstream: Workstream
    financial_year: FinancialYear
    timing: UpliftTiming = UpliftTiming.FINANCIAL_YEAR_START
    position: UpliftPosition
    requests: tuple[UpliftRequest, ...] = ()
    source: Source

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, ServiceKind | None]] = set()
        for i, r in enumerate(self.requests):
            key = (r.provider, r.service)
            if key in seen:
                raise InvalidValueError(
                    "a provider may make one request per service in a round",
                    field=f"requests[{i}].provider",
                    value=r.provider,
                )
            seen.add(key)

    def request_for(self, provider: str, service: ServiceKind) -> UpliftRequest | None:
        """The provider's request covering ``service`` (a service-specific one first)."""
        general = None
        for r in self.requests:
            if r.provider == provider:
                if r.service is service:
                    return r
                if r.service is None:
                    general = r
        return general
