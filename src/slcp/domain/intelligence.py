"""Provider intelligence: concerns any borough raises about a provider, visible to every member."""

from __future__ import annotations

import datetime as dt
from typing import NewType

import attrs

from slcp.domain.borough import GssCode
from slcp.domain.codes import ConcernCategory
from slcp.domain.provider import ProviderId
from slcp.errors import InvalidValueError
from slcp.periods import DateRange

__all__ = ["ConcernId", "ProviderConcern"]

#: A concern's id.
ConcernId = NewType("ConcernId", str)


@attrs.frozen(kw_only=True)
class ProviderConcern:
    """A concern a borough raised about a provider (no child's details in it).

    Attributes:
        id: concern id.
        provider: the provider concerned.
        raised_by: GSS code of the borough that raised it.
        raised_on: the day it was raised.
        category: safeguarding, standards of care, financial...
        summary: a short description with no personal data.
        resolved_on: the day it was closed, or ``None`` while open.
    """

    id: ConcernId
    provider: ProviderId
    raised_by: GssCode
    raised_on: dt.date
    category: ConcernCategory
    summary: str
    resolved_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.resolved_on is not None and self.resolved_on < self.raised_on:
            raise InvalidValueError(
                "a concern cannot be resolved before it is raised",
                field="resolved_on",
                value=self.resolved_on,
            )

    @property
    def open_period(self) -> DateRange:
        """``[raised_on, resolved_on)``; open-ended while unresolved."""
        return DateRange(start=self.raised_on, end=self.resolved_on)

    def is_open_on(self, day: dt.date) -> bool:
        """True when raised on or before ``day`` and not resolved by then."""
        return day in self.open_period
