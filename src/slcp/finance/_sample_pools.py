"""Pooled budgets for the embedded sample: two section 75 pots for 2019/20.

Synthetic agreements, made to sit where real ones do: each pot is set a little away from what
its placements go on to cost (one overspends, one underspends), and health's contribution is
the integrated care board's continuing-care money (REFERENCE §8).

* Croydon's SEND residential 52-week placements: education (the High Needs Block), children's
  social care and health put in £2,600,000, £1,700,000 and £350,000 (£4,650,000).
* Southwark's children's homes: children's social care and health put in £7,700,000 and
  £450,000 (£8,150,000); the pot also pays the school part a home bills, as a pool pays for
  the lines it covers whichever stream their shares name.
"""

from __future__ import annotations

import datetime as dt

from slcp.domain import GssCode, ServiceKind, Workstream
from slcp.finance._funding import FundingStream
from slcp.finance._pooled import PoolContribution, PooledBudget
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.timeline import Source, SourceKind

__all__ = ["sample_pooled_budgets"]

_YEAR = FinancialYear(2019)
_AGREED = dt.date(2019, 3, 15)


def _source(borough: str) -> Source:
    return Source(
        kind=SourceKind.AGREEMENT,
        citation=f"{borough} section 75 pooled budget agreement 2019/20 (synthetic)",
        dated=_AGREED,
    )


def sample_pooled_budgets() -> tuple[PooledBudget, ...]:
    """The sample's pooled budgets (see the module docstring), in borough order.

    >>> [(p.id, str(p.amount)) for p in sample_pooled_budgets()]
    [('CROYDON-S75-SEND-52', '£4,650,000.00'), ('SOUTHWARK-S75-HOMES', '£8,150,000.00')]
    """
    croydon, southwark = _source("Croydon"), _source("Southwark")
    return (
        PooledBudget(
            id="CROYDON-S75-SEND-52",
            borough=GssCode("E09000008"),
            workstream=Workstream.SEND,
            financial_year=_YEAR,
            services=(ServiceKind.SEND_RESIDENTIAL_52_WEEK,),
            contributions=(
                PoolContribution(
                    stream=FundingStream.EDUCATION, amount=Money(260_000_000), source=croydon
                ),
                PoolContribution(
                    stream=FundingStream.SOCIAL_CARE, amount=Money(170_000_000), source=croydon
                ),
                PoolContribution(
                    stream=FundingStream.HEALTH, amount=Money(35_000_000), source=croydon
                ),
            ),
        ),
        PooledBudget(
            id="SOUTHWARK-S75-HOMES",
            borough=GssCode("E09000028"),
            workstream=Workstream.LAC,
            financial_year=_YEAR,
            services=(ServiceKind.CHILDRENS_HOME,),
            contributions=(
                PoolContribution(
                    stream=FundingStream.SOCIAL_CARE, amount=Money(770_000_000), source=southwark
                ),
                PoolContribution(
                    stream=FundingStream.HEALTH, amount=Money(45_000_000), source=southwark
                ),
            ),
        ),
    )
