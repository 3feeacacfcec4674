"""Pooled budgets: one pot for a borough's placements with agreed contributions per stream.

A pooled budget (for example a section 75 agreement between children's social care,
education and the integrated care board, whose health part is continuing care) pays for the
lines it covers whichever stream their shares name. Its position sets the pot against the
forecast of those lines (all streams), and shares the variance between the contributors in
proportion to their agreed contributions, by largest remainder — the usual risk share,
stated as an assumption (``docs/decisions/1005``).
"""

from __future__ import annotations

import attrs

from slcp.domain import GssCode, ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.finance._forecast import OutturnForecast
from slcp.finance._funding import FundingStream
from slcp.money import Money, allocate_pence
from slcp.periods import FinancialYear
from slcp.timeline import Source

__all__ = ["PoolContribution", "PoolPosition", "PooledBudget", "assess_pooled_budget"]


@attrs.frozen(kw_only=True)
class PoolContribution:
    """What one stream puts into a pooled budget for the year.

    Attributes:
        stream: the contributing stream (health's is typically continuing care).
        amount: the agreed contribution, in pence (not negative).
        source: the agreement that sets it.
    """

    stream: FundingStream
    amount: Money
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount.pence < 0:
            raise InvalidValueError(
                "a contribution cannot be negative", field="amount", value=str(self.amount)
            )


@attrs.frozen(kw_only=True)
class PooledBudget:
    """One pot with agreed contributions, for a borough's placements in a year.

    Attributes:
        id: the pool's name or agreement reference.
        borough: the borough whose placements it pays for.
        workstream: the workstream.
        financial_year: the year.
        contributions: one per stream at most, at least one positive.
        services: the services it pays for; empty means the whole workstream.

    >>> PooledBudget(id="S75", borough=GssCode("E09000008"), workstream=Workstream.SEND,
    ...     financial_year=FinancialYear(2019), contributions=())
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a pooled budget needs a positive contribution...
    """

    id: str
    borough: GssCode
    workstream: Workstream
    financial_year: FinancialYear
    contributions: tuple[PoolContribution, ...]
    services: tuple[ServiceKind, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not any(c.amount.pence > 0 for c in self.contributions):
            raise InvalidValueError(
                "a pooled budget needs a positive contribution",
                field="contributions",
                value=self.id,
            )
        streams = [c.stream for c in self.contributions]
        if len(set(streams)) != len(streams):
            raise InvalidValueError(
                "each stream contributes to a pool once",
                field="contributions",
                value=self.id,
            )

    @property
    def amount(self) -> Money:
        """The pot: the sum of the contributions."""
        return Money(sum(c.amount.pence for c in self.contributions))


@attrs.frozen(kw_only=True)
class PoolPosition:
    """A pooled budget against the forecast of what it pays for.

    Attributes:
        pool: the pooled budget.
        forecast: the forecast outturn of the lines it covers, every stream, in pence.
        variance: ``forecast − pool.amount`` (positive: overspend).
        variance_shares: the variance shared between the contributors in proportion to their
            contributions (largest remainder; adds up to ``variance``).
        forecast_by_stream: what the covered lines' shares would have charged each stream.
    """

    pool: PooledBudget
    forecast: Money
    variance: Money
    variance_shares: dict[FundingStream, Money]
    forecast_by_stream: dict[FundingStream, Money]

    @property
    def balance(self) -> Money:
        """What is left in the pot: ``pool.amount − forecast`` (negative: overspent)."""
        return self.pool.amount - self.forecast

    def partners(self) -> tuple[FundingStream, ...]:
        """The streams that contribute or whose shares the covered lines name, in stream
        order."""
        named = {c.stream for c in self.pool.contributions} | set(self.forecast_by_stream)
        return tuple(s for s in FundingStream if s in named)

    def contribution(self, stream: FundingStream) -> Money:
        """What ``stream`` put in (0p when it does not contribute)."""
        return sum((c.amount for c in self.pool.contributions if c.stream is stream), Money(0))


def assess_pooled_budget(pool: PooledBudget, forecast: OutturnForecast) -> PoolPosition:
    """Set a pooled budget against a forecast outturn.

    Args:
        pool: the pooled budget.
        forecast: a forecast of the pool's financial year.

    Returns:
        The forecast of the lines the pool covers, the variance and each contributor's part
        of it (in proportion to contributions, largest remainder).

    Raises:
        InvalidValueError: the forecast is for another year.
    """
    if forecast.financial_year != pool.financial_year:
        raise InvalidValueError(
            "the forecast is for another year than the pool",
            field="financial_year",
            value=str(forecast.financial_year),
            expected=str(pool.financial_year),
        )
    by_stream: dict[FundingStream, Money] = {}
    for line in forecast.lines:
        if (
            line.borough == pool.borough
            and line.workstream is pool.workstream
            and (not pool.services or line.service in pool.services)
        ):
            by_stream[line.stream] = by_stream.get(line.stream, Money(0)) + line.forecast
    total = Money(sum(m.pence for m in by_stream.values()))
    variance = total - pool.amount
    weights = {c.stream.value: c.amount.pence for c in pool.contributions}
    shares = allocate_pence(variance.pence, weights)
    return PoolPosition(
        pool=pool,
        forecast=total,
        variance=variance,
        variance_shares={FundingStream(k): Money(v) for k, v in shares.items()},
        forecast_by_stream=dict(sorted(by_stream.items(), key=lambda item: item[0].value)),
    )
