"""Spend cells split by funding stream: the one split every spend figure's streams come from.

:func:`slcp.pricing.cost_portfolio` allocates each year's rounded spend to cells (borough ×
workstream × lot × provider × service). :func:`split_cells_by_funding` splits each cell's pence
between the streams by largest remainder, weighting each stream by the exact cost of the cell's
placements times their shares. Any spend figure that is a sum of cells (a borough's, a lot's, a
year's) is split by summing its cells' parts, so its streams add up to it exactly
(``docs/decisions/1006``). :func:`forecast_outturn` splits its cells by the same rule, so the
forecast made with every day known gives the same streams.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from typing import TypeVar

from slcp.domain import FundingShares, Placement, Programme, Workstream
from slcp.errors import InvalidValueError
from slcp.finance._funding import FundingStream, stream_weights
from slcp.money import Money, allocate_pence
from slcp.periods import FinancialYear
from slcp.pricing import PortfolioCost, PortfolioKey, cost_portfolio

__all__ = ["CellFunding", "split_cells_by_funding", "sum_by_funding", "weighted_split"]

K = TypeVar("K", bound=Hashable)

#: Pence per stream for one figure, every stream present (zeros included), in stream order.
CellFunding = dict[FundingStream, Money]


def _every_stream(parts: Mapping[str, int]) -> CellFunding:
    return {s: Money(parts.get(s.value, 0)) for s in FundingStream}


def split_cells_by_funding(
    programme: Programme, cost: PortfolioCost
) -> dict[PortfolioKey, CellFunding]:
    """Each cell of ``cost`` split between the funding streams.

    Args:
        programme: the programme ``cost`` was costed from.
        cost: ``cost_portfolio(programme, years)`` with the programme's own uplift rounds.

    Returns:
        For every cell of every year costed, pence per stream (all three, zeros included);
        each cell's streams add up to its pence exactly and each is within 1p of the cell's
        exact stream share. Ties of remainder go to the stream first in name order
        (education, health, social care), as in :func:`split_by_funding`.

    Raises:
        InvalidValueError: ``cost`` has a cell the programme's placements do not make (it was
            costed from another programme or with other rounds).
    """
    first, last = cost.years[0].start, cost.years[-1].end
    by_workstream: dict[Workstream, list[Placement]] = {}
    for p in programme.placements:
        if p.period.start < last and (p.period.end is None or p.period.end > first):
            by_workstream.setdefault(p.workstream, []).append(p)
    # Each workstream's most common shares are costed by subtraction: a cell's exact cost less
    # what the placements with other shares cost in it. Only those others (about one placement
    # in seven on the sample) are costed again, one group of equal shares at a time.
    weights: dict[PortfolioKey, dict[str, int | Fraction]] = {}
    others: dict[PortfolioKey, int] = {}
    common: dict[Workstream, FundingShares] = {}
    for workstream, members in by_workstream.items():
        counts = Counter(p.funding for p in members)
        usual = max(counts, key=lambda shares: (counts[shares], _order(shares)))
        common[workstream] = usual
        groups: dict[FundingShares, list[Placement]] = {}
        for p in members:
            if p.funding != usual:
                groups.setdefault(p.funding, []).append(p)
        for shares, group in groups.items():
            sub = cost_portfolio(programme.with_placements(group), cost.years)
            for key, numerator in sub.cell_numerators.items():
                _add_weights(weights, key, shares, numerator)
                others[key] = others.get(key, 0) + numerator
    for key, numerator in cost.cell_numerators.items():
        usual_share = common.get(key.workstream)
        rest = numerator - others.get(key, 0)
        if usual_share is not None and rest:
            _add_weights(weights, key, usual_share, rest)
    out: dict[PortfolioKey, CellFunding] = {}
    for key, pence in cost.cells.items():
        cell_weights = {s: w for s, w in weights.get(key, {}).items() if w}
        if not cell_weights:
            raise InvalidValueError(
                "the cost has a cell the programme's placements do not make",
                field="cost",
                value=str(key),
                expected="cost_portfolio(programme, years) of the same programme",
            )
        out[key] = _every_stream(allocate_pence(pence.pence, dict(sorted(cell_weights.items()))))
    return out


def _order(shares: FundingShares) -> tuple[str, str, str]:
    # a deterministic tie-break between equally common shares
    return (str(shares.education), str(shares.health), str(shares.social_care))


def _add_weights(
    weights: dict[PortfolioKey, dict[str, int | Fraction]],
    key: PortfolioKey,
    shares: FundingShares,
    numerator: int,
) -> None:
    target = weights.setdefault(key, {})
    for stream, w in _scaled(shares).items():
        target[stream] = target.get(stream, 0) + numerator * w


@functools.lru_cache(maxsize=1024)
def _scaled(shares: FundingShares) -> dict[str, int | Fraction]:
    """The shares × ``_SCALE``: integers over one denominator common to every shares value
    with up to twelve decimal places (weights of different shares are summed within a cell),
    exact fractions beyond that."""
    out: dict[str, int | Fraction] = {}
    for stream, w in stream_weights(shares).items():
        if w:
            scaled = w * _SCALE
            out[stream.value] = int(scaled) if scaled.denominator == 1 else scaled
    return out


_SCALE = 10**12


def sum_by_funding(
    cells: Mapping[PortfolioKey, CellFunding],
    key: Callable[[PortfolioKey], K],
    *,
    year: FinancialYear | None = None,
) -> dict[K, CellFunding]:
    """Cells' streams summed by ``key`` (as :meth:`PortfolioCost.total_by` sums their pence).

    Each group's streams add up to that group's ``total_by`` figure exactly.
    """
    out: dict[K, dict[str, int]] = {}
    for k, parts in cells.items():
        if year is not None and k.financial_year != year:
            continue
        target = out.setdefault(key(k), {})
        for stream, m in parts.items():
            target[stream.value] = target.get(stream.value, 0) + m.pence
    return {group: _every_stream(p) for group, p in out.items()}


def weighted_split(amount: Money, weights: Iterable[CellFunding]) -> CellFunding:
    """Split ``amount`` between the streams in proportion to other figures' streams.

    For a figure with no placement of its own (an entered saving, a share of one): the
    streams are weighted by the summed streams of the spend it belongs to (e.g. its
    workstream's spend in its year), by largest remainder; the parts add up to ``amount``.
    With no positive weight (no spend to go by) only a zero amount can be split.

    Raises:
        InvalidValueError: the weights are all zero and ``amount`` is not.

    >>> w = [{FundingStream.EDUCATION: Money(300), FundingStream.HEALTH: Money(0),
    ...       FundingStream.SOCIAL_CARE: Money(100)}]
    >>> {s.value: m.pence for s, m in weighted_split(Money(1001), w).items()}
    {'education': 751, 'health': 0, 'social_care': 250}
    """
    summed: dict[str, int] = {}
    for parts in weights:
        for stream, m in parts.items():
            summed[stream.value] = summed.get(stream.value, 0) + m.pence
    positive = {s: p for s, p in sorted(summed.items()) if p > 0}
    if not positive:
        if amount.pence == 0:
            return _every_stream({})
        raise InvalidValueError(
            "no spend to split the figure by", field="weights", value=str(amount)
        )
    return _every_stream(allocate_pence(amount.pence, positive))
