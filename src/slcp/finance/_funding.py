"""Who pays: any per-placement money figure split by funding stream, parts adding up exactly.

A placement's :class:`~slcp.domain.FundingShares` are exact rates summing to exactly 1. A figure
(a cost, a cost avoided, a saving) is split by largest remainder
(:func:`slcp.money.allocate_pence`), so the streams add up to the figure to the penny and each
is within 1p of its exact share (``docs/decisions/1002``).
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable
from fractions import Fraction

from slcp.domain import FundingShares, GssCode, Placement
from slcp.money import Money, allocate_pence

__all__ = [
    "FundingStream",
    "funding_by_borough",
    "integer_weights",
    "split_by_funding",
    "stream_weights",
]


class FundingStream(enum.Enum):
    """A budget that pays for placements (REFERENCE §8).

    The values sort in the order the streams are shown: education, health, social care.
    """

    EDUCATION = "education"
    """Education: the Dedicated Schools Grant's High Needs Block."""
    HEALTH = "health"
    """Health: the integrated care board (e.g. continuing care)."""
    SOCIAL_CARE = "social_care"
    """Children's social care."""


def stream_weights(shares: FundingShares) -> dict[FundingStream, Fraction]:
    """The exact share of each stream (zero shares included), in stream order.

    >>> from slcp.money import Rate
    >>> w = stream_weights(FundingShares(education=Rate.of("0.8"), social_care=Rate.of("0.2")))
    >>> {s.value: str(f) for s, f in w.items()}
    {'education': '4/5', 'health': '0', 'social_care': '1/5'}
    """
    return {
        FundingStream.EDUCATION: shares.education.fraction,
        FundingStream.HEALTH: shares.health.fraction,
        FundingStream.SOCIAL_CARE: shares.social_care.fraction,
    }


def split_by_funding(amount: Money, shares: FundingShares) -> dict[FundingStream, Money]:
    """Split ``amount`` between the funding streams by largest remainder.

    Streams with a zero share are left out (they would always get 0p). The parts add up to
    ``amount`` exactly; each is within 1p of ``amount × share``; a negative amount (a saving
    reversed, a credit) splits into exactly the negated parts of the positive amount. Ties of
    remainder go to the stream first in :class:`FundingStream` order.

    Args:
        amount: the figure to split, in pence (any sign).
        shares: who pays which exact share.

    Returns:
        Pence per stream with a positive share, in stream order.

    >>> from slcp.money import Rate
    >>> three_way = FundingShares(education=Rate.of("0.5"), social_care=Rate.of("0.3"),
    ...                           health=Rate.of("0.2"))
    >>> {s.value: m.pence for s, m in split_by_funding(Money(1001), three_way).items()}
    {'education': 501, 'health': 200, 'social_care': 300}
    >>> {s.value: m.pence for s, m in split_by_funding(Money(-1001), three_way).items()}
    {'education': -501, 'health': -200, 'social_care': -300}
    >>> {s.value: m.pence for s, m in split_by_funding(Money(1), three_way).items()}
    {'education': 1, 'health': 0, 'social_care': 0}
    >>> split_by_funding(Money(0), FundingShares.all_social_care())
    {<FundingStream.SOCIAL_CARE: 'social_care'>: Money(pence=0)}
    """
    parts = allocate_pence(amount.pence, integer_weights(shares))
    return {_STREAMS[k]: Money(p) for k, p in parts.items()}


_STREAMS = {s.value: s for s in FundingStream}


@functools.lru_cache(maxsize=1024)
def integer_weights(shares: FundingShares) -> dict[str, int]:
    """The positive shares as whole numbers in the same ratio, keyed by stream value.

    Allocation depends only on the ratio of the weights (and ties on the keys), so these give
    the same parts as the exact shares, with integer arithmetic. Keys are the stream values,
    so ties break by ascending name: education, health, social care.

    >>> from slcp.money import Rate
    >>> integer_weights(FundingShares(education=Rate.of("0.25"), social_care=Rate.of("0.75")))
    {'education': 1, 'social_care': 3}
    """
    exact = {s.value: w for s, w in stream_weights(shares).items() if w > 0}
    common = math.lcm(*(w.denominator for w in exact.values()))
    return {k: int(w * common) for k, w in exact.items()}


def funding_by_borough(
    figures: Iterable[tuple[Placement, Money]],
) -> dict[tuple[GssCode, FundingStream], Money]:
    """Per-placement figures split by each placement's shares, summed by borough × stream.

    Each placement's figure is split on its own (:func:`split_by_funding`), so the cells add
    up exactly to the sum of the figures, and each borough's cells to that borough's figures.

    Args:
        figures: ``(placement, amount)`` pairs: a cost, a cost avoided or a saving per
            placement, in pence.

    Returns:
        Pence per ``(borough, stream)``, sorted by borough then stream; cells no placement
        pays into are left out.
    """
    out: dict[tuple[GssCode, FundingStream], Money] = {}
    for placement, amount in figures:
        for stream, part in split_by_funding(amount, placement.funding).items():
            key = (placement.borough, stream)
            out[key] = out.get(key, Money(0)) + part
    return dict(sorted(out.items(), key=lambda item: (item[0][0], item[0][1].value)))
