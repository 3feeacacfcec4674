"""Money the partnership records: contributions, budgets and savings with their evidence."""

from __future__ import annotations

import enum
from typing import NewType

import attrs

from slcp.domain.borough import GssCode
from slcp.domain.codes import ServiceKind, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.timeline import Source

__all__ = ["Budget", "Contribution", "SavingId", "SavingRecord", "SavingSource"]

#: A saving record's id.
SavingId = NewType("SavingId", str)


@attrs.frozen(kw_only=True)
class Contribution:
    """What a borough pays into a workstream for a financial year (e.g. £30,000 for LAC).

    Attributes:
        borough: GSS code of the paying borough.
        workstream: the workstream.
        financial_year: the year.
        amount: the full-year contribution; a part-year member owes it pro rata by days of
            membership (computed by the savings calculations, not stored here).
        source: the agreement that set it.
    """

    borough: GssCode
    workstream: Workstream
    financial_year: FinancialYear
    amount: Money
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount.pence < 0:
            raise InvalidValueError(
                "a contribution cannot be negative", field="amount", value=str(self.amount)
            )


@attrs.frozen(kw_only=True)
class Budget:
    """A borough's budget for a kind of placement in a financial year.

    Attributes:
        borough: GSS code.
        workstream: the workstream.
        financial_year: the year.
        amount: the base budget; must be positive.
        service: the service kind it funds (``None``: the whole workstream).
        source: the budget paper it comes from.

    >>> from slcp.domain.borough import GssCode
    >>> Budget(borough=GssCode("E09000008"), workstream=Workstream.LAC,
    ...        financial_year=FinancialYear(2019), amount=Money(0))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a budget must be positive...
    """

    borough: GssCode
    workstream: Workstream
    financial_year: FinancialYear
    amount: Money
    service: ServiceKind | None = None
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount.pence <= 0:
            raise InvalidValueError(
                "a budget must be positive",
                field="amount",
                value=str(self.amount),
                expected="> £0.00",
            )


class SavingSource(enum.Enum):
    """Where a saving came from."""

    FEE_INCREASE_AVOIDANCE = "fee_increase_avoidance"
    """Annual fee increases held below what providers requested."""
    NEGOTIATED_REDUCTION = "negotiated_reduction"
    """A price negotiated below a baseline price."""
    SPOT_TO_FRAMEWORK = "spot_to_framework"
    """A placement bought through a framework or DPS instead of spot."""
    TRANSACTION_COST = "transaction_cost"
    """Lower transaction costs from shared registration, accreditation and enrolment (DPS)."""
    VOLUME_DISCOUNT = "volume_discount"
    """A discount for the partnership's combined volume."""
    OTHER = "other"


@attrs.frozen(kw_only=True)
class SavingRecord:
    """A saving, entered with its evidence or derived from the data.

    Attributes:
        id: record id.
        source: where the saving came from.
        financial_year: the year it was realised in.
        workstream: the workstream.
        amount: the saving (positive is money not spent).
        evidence: what shows it.
        borough: the borough it belongs to, when it arose on one borough's placement;
            ``None`` for a partnership-wide saving to be attributed.
        derived: True when calculated from the data rather than entered.
    """

    id: SavingId
    source: SavingSource
    financial_year: FinancialYear
    workstream: Workstream
    amount: Money
    evidence: Source
    borough: GssCode | None = None
    derived: bool = False
