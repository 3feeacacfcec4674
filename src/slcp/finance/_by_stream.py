"""The report's money by funding stream: spend and cost avoided per borough × stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from slcp.domain import GssCode, Programme
from slcp.finance._forecast import forecast_outturn
from slcp.finance._funding import FundingStream, funding_by_borough
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import AvoidanceLine

__all__ = ["avoidance_by_funding", "spend_by_funding"]


def spend_by_funding(
    programme: Programme, year: FinancialYear
) -> dict[tuple[GssCode, FundingStream], Money]:
    """The year's spend per borough × funding stream.

    The same figures as :func:`slcp.pricing.cost_portfolio` for the year, with every end and
    fee change known: the year's total rounded once and allocated to its cells, then within
    each cell to streams by exact weight (cost × share). Each borough's streams add up to its
    :func:`slcp.pricing.spend_by_borough` figure exactly.

    Returns:
        Pence per ``(borough, stream)``, sorted; cells nobody pays into are left out, as are
        those whose pence come to nothing (a stream's share of a few days at a penny a week).
    """
    # made "after the end of time", the forecast knows everything: it is the outturn
    outturn = forecast_outturn(programme, year, dt.date.max, compare_previous=False)
    out: dict[tuple[GssCode, FundingStream], Money] = {}
    for line in outturn.lines:
        key = (line.borough, line.stream)
        out[key] = out.get(key, Money(0)) + line.forecast
    paid = (item for item in out.items() if item[1].pence)
    return dict(sorted(paid, key=lambda item: (item[0][0], item[0][1].value)))


def avoidance_by_funding(
    programme: Programme, lines: Iterable[AvoidanceLine]
) -> dict[tuple[GssCode, FundingStream], Money]:
    """Cost avoided per borough × stream: each line split by its placement's shares.

    Args:
        programme: the programme the lines' placements belong to.
        lines: :class:`slcp.pricing.AvoidanceLine`\\ s (e.g. one year's, from
            :func:`slcp.pricing.cost_avoidance`).

    Returns:
        Pence per ``(borough, stream)``; adds up to the lines' amounts exactly.

    Raises:
        LookupError: a line names a placement the programme does not have.
    """
    return funding_by_borough((programme.placement(line.placement), line.amount) for line in lines)
