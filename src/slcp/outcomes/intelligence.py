"""Provider intelligence: concerns any member borough raised about a provider, visible to all.

The seeds describe provider intelligence shared across boroughs (seed 004 §3.3): whichever
borough raises a concern, every member sees it. These functions read
:attr:`Programme.concerns <slcp.domain.Programme.concerns>` without filtering by borough.
"""

from __future__ import annotations

import datetime as dt

import attrs

from slcp.domain import ConcernCategory, GssCode, Programme, ProviderConcern, ProviderId

__all__ = ["ConcernSummary", "concerns_about", "summarise_concerns"]


def concerns_about(
    programme: Programme, provider: str, *, on: dt.date
) -> tuple[ProviderConcern, ...]:
    """Every concern about ``provider`` raised on or before ``on``, open or resolved, by any
    borough; oldest first (ties by id).

    Raises:
        UnknownReferenceError: the provider is not in the programme.
    """
    programme.provider(provider)
    return tuple(
        sorted(
            (c for c in programme.concerns if c.provider == provider and c.raised_on <= on),
            key=lambda c: (c.raised_on, c.id),
        )
    )


@attrs.frozen(kw_only=True)
class ConcernSummary:
    """What the partnership knows about one provider's concerns on a day.

    Attributes:
        provider: the provider's id.
        on: the day of the summary.
        raised: concerns raised on or before ``on``.
        open: of those, concerns still open on ``on`` (raised, not yet resolved).
        open_by_category: open concerns per category, in the category list's order, only
            categories with at least one.
        raised_by: GSS codes of the boroughs that raised any of them, sorted.
        latest_raised_on: the most recent day a concern was raised, or ``None``.
    """

    provider: ProviderId
    on: dt.date
    raised: int
    open: int
    open_by_category: tuple[tuple[ConcernCategory, int], ...]
    raised_by: tuple[GssCode, ...]
    latest_raised_on: dt.date | None


def summarise_concerns(programme: Programme, *, on: dt.date) -> tuple[ConcernSummary, ...]:
    """A summary per provider (every provider, in id order; zeros where none were raised)."""
    out = []
    for provider in sorted(programme.providers, key=lambda p: p.id):
        seen = concerns_about(programme, provider.id, on=on)
        still_open = [c for c in seen if c.is_open_on(on)]
        by_cat = tuple(
            (cat, n) for cat in ConcernCategory if (n := sum(c.category is cat for c in still_open))
        )
        out.append(
            ConcernSummary(
                provider=provider.id,
                on=on,
                raised=len(seen),
                open=len(still_open),
                open_by_category=by_cat,
                raised_by=tuple(sorted({c.raised_by for c in seen})),
                latest_raised_on=max((c.raised_on for c in seen), default=None),
            )
        )
    return tuple(out)
