"""Market shares and concentration: the Herfindahl–Hirschman index and the top-five share
(decision 1102).

Shares are measured between provider *organisations* (a :class:`ProviderGroup`'s homes and
schools together; a provider in no group stands alone), by spend or by places, within one
market: a lot, or a kind of placement.

Convention: the HHI is the sum of the squared shares **in percent**, so it runs from
``10,000 ÷ n`` (``n`` equal organisations) up to 10,000 (a monopoly). UK competition guidance
reads above 1,000 as concentrated and above 2,000 as highly concentrated. Every figure is
exact (a ``Fraction``); shares shown in percent are allocated by largest remainder in tenths
of a percent, so the shown shares add up to exactly 100.0%.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from fractions import Fraction
from operator import itemgetter

import attrs

from slcp.errors import InvalidValueError
from slcp.market._records import GroupId
from slcp.money import allocate_pence, round_decimal

__all__ = [
    "CONCENTRATED",
    "HIGHLY_CONCENTRATED",
    "Concentration",
    "ConcentrationLevel",
    "MarketShare",
    "ShareBasis",
    "measure_concentration",
]

#: HHI above which a market reads as concentrated (UK guidance).
CONCENTRATED = 1_000
#: HHI above which a market reads as highly concentrated (UK guidance).
HIGHLY_CONCENTRATED = 2_000
#: How many of the largest organisations the top share counts.
_TOP = 5


class ShareBasis(enum.Enum):
    """What a market share is a share of."""

    SPEND = "spend"
    """Spend in the year, in pence."""
    PLACES = "places"
    """Children placed on a day."""


class ConcentrationLevel(enum.Enum):
    """How an HHI reads (UK competition guidance; the bounds belong to the lower level)."""

    UNCONCENTRATED = "unconcentrated"
    """HHI of 1,000 or less."""
    CONCENTRATED = "concentrated"
    """Above 1,000, up to 2,000."""
    HIGHLY_CONCENTRATED = "highly_concentrated"
    """Above 2,000."""


@attrs.frozen(kw_only=True)
class MarketShare:
    """One organisation's share of a market.

    Attributes:
        group: the organisation (a group id, or a provider's id when it stands alone).
        name: its name.
        amount: its spend in pence, or its places.
        share: its exact share of the market, from 0 to 1.
        share_tenths: its share in tenths of a percent, allocated by largest remainder so
            the market's shares add up to exactly 1,000 (100.0%).
    """

    group: GroupId
    name: str
    amount: int
    share: Fraction
    share_tenths: int

    @property
    def share_pct(self) -> str:
        """The allocated share as a percentage string with one decimal (``"12.5"``)."""
        return f"{self.share_tenths // 10}.{self.share_tenths % 10}"


@attrs.frozen(kw_only=True)
class Concentration:
    """How concentrated one market is.

    Attributes:
        dimension: ``"lot"`` or ``"service"``.
        market: the lot's id (``""`` for placements outside any lot) or the service kind.
        name: the market's name for people.
        basis: spend or places.
        total: the market's size: pence, or places.
        shares: each organisation's share, largest first (ties by group id).
        hhi: the exact index, ``Σ (100 × share)²``, from ``10,000 ÷ n`` to 10,000.
        top5: the exact share of the five largest organisations (all of them when fewer).
    """

    dimension: str
    market: str
    name: str
    basis: ShareBasis
    total: int
    shares: tuple[MarketShare, ...]
    hhi: Fraction
    top5: Fraction

    @property
    def organisations(self) -> int:
        """How many organisations have a share."""
        return len(self.shares)

    @property
    def hhi_text(self) -> str:
        """The HHI rounded half up to a whole number, for display (``"2,450"``)."""
        return f"{int(round_decimal(self.hhi, 0)):,}"

    @property
    def top5_pct(self) -> str:
        """The top-five share in percent, rounded half up once to one decimal (``"87.5"``)."""
        return f"{round_decimal(self.top5 * 100, 1):f}"

    @property
    def level(self) -> ConcentrationLevel:
        """How the exact HHI reads against the UK bounds."""
        if self.hhi > HIGHLY_CONCENTRATED:
            return ConcentrationLevel.HIGHLY_CONCENTRATED
        if self.hhi > CONCENTRATED:
            return ConcentrationLevel.CONCENTRATED
        return ConcentrationLevel.UNCONCENTRATED


def measure_concentration(
    amounts: Mapping[GroupId, int],
    *,
    dimension: str,
    market: str,
    name: str,
    basis: ShareBasis,
    names: Mapping[str, str] | None = None,
) -> Concentration:
    """Shares, HHI and top-five share of one market from each organisation's amount.

    Organisations with a zero amount are left out.

    Args:
        amounts: each organisation's spend (pence) or places; non-negative whole numbers,
            at least one positive.
        dimension: ``"lot"`` or ``"service"``.
        market: the market's key.
        name: the market's name.
        basis: what the amounts are.
        names: organisation names by id (an id missing is its own name).

    Raises:
        InvalidValueError: a negative or non-integer amount, or nothing positive.

    Worked example: amounts 50, 30, 20 give shares 50%, 30%, 20% and
    ``HHI = 50² + 30² + 20² = 2,500 + 900 + 400 = 3,800`` (highly concentrated).

    >>> c = measure_concentration({GroupId("A"): 50, GroupId("B"): 30, GroupId("C"): 20},
    ...     dimension="lot", market="L1", name="Lot 1", basis=ShareBasis.SPEND)
    >>> c.hhi, c.top5, c.level.value
    (Fraction(3800, 1), Fraction(1, 1), 'highly_concentrated')
    >>> [s.share_pct for s in c.shares]
    ['50.0', '30.0', '20.0']
    """
    for group, amount in amounts.items():
        if type(amount) is int and amount >= 0:
            continue  # the common case, checked without the isinstance calls
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidValueError(
                "a market amount is a non-negative whole number (pence or places)",
                field=f"amounts[{group!r}]",
                value=amount,
            )
    present = {g: a for g, a in amounts.items() if a > 0}
    total = sum(present.values())
    if total == 0:
        raise InvalidValueError(
            "a market needs at least one organisation with a positive amount",
            field="amounts",
            value=market,
        )
    tenths = allocate_pence(1_000, dict(present))
    names = names or {}
    shares = tuple(
        MarketShare(
            group=g,
            name=names.get(g, g),
            amount=a,
            share=Fraction(a, total),
            share_tenths=tenths[g],
        )
        # largest amount first, ties by id: sorted by id, then by amount descending (a
        # reversed sort keeps equal amounts in their order)
        for g, a in sorted(sorted(present.items()), key=itemgetter(1), reverse=True)
    )
    # HHI = Σ (100 a / T)² = 10,000 Σ a² / T², exactly
    hhi = Fraction(10_000 * sum(a * a for a in present.values()), total * total)
    top5 = Fraction(sum(s.amount for s in shares[:_TOP]), total)
    return Concentration(
        dimension=dimension,
        market=market,
        name=name,
        basis=basis,
        total=total,
        shares=shares,
        hhi=hhi,
        top5=top5,
    )
