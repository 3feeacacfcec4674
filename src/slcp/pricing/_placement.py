"""One placement's cost in one financial year, costed exactly as the programme report does."""

from __future__ import annotations

from fractions import Fraction

import attrs

from slcp.domain import Placement, Programme
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing._costing import numerators_by_start_year
from slcp.pricing._exact import round_numerator, to_exact
from slcp.pricing._fees import build_schedule

__all__ = ["PlacementYearCost", "cost_in_year"]


@attrs.frozen(kw_only=True)
class PlacementYearCost:
    """What a placement cost in one financial year, at the fees actually paid.

    Attributes:
        placement: the placement's id.
        financial_year: the year costed (1 April to 31 March, half-open).
        total: the year's cost rounded half up once to the penny.
        exact: the exact cost in pence (a fraction).
        rounds: ids of the uplift rounds in the fee paid on some day of the year, in the
            order applied.
        method: how the cost was worked.
    """

    placement: str
    financial_year: FinancialYear
    total: Money
    exact: Fraction
    rounds: tuple[str, ...]
    method: str


def cost_in_year(
    placement: Placement, year: FinancialYear, programme: Programme
) -> PlacementYearCost:
    """The cost of ``placement`` in ``year`` as the report counts it: the fee history with
    the programme's uplift rounds for its workstream applied step by step (at the rate the
    provider's tier was agreed, rounded to the penny at each step), charged on the
    placement's basis for its days within the year, rounded half up once.

    This is the placement's contribution to :func:`~slcp.pricing.cost_portfolio` (and so to
    the report's spend): a programme holding only this placement reports exactly ``total``.
    Contrast :func:`~slcp.pricing.cost_for_range`, which charges the contractual fee
    history alone.

    Raises:
        ParameterNotFoundError: the placement's fee history stops before it does.
    """
    tiers = {p.id: p.tier for p in programme.providers}
    tier = tiers.get(placement.provider) if placement.provider is not None else None
    rounds = tuple(r for r in programme.uplift_rounds if r.workstream is placement.workstream)
    schedule = build_schedule(placement, rounds, tier=tier)
    numerator = numerators_by_start_year(schedule, year.start, year.end).get(year.start_year, 0)
    applied: list[str] = []
    for seg in schedule.segments:
        if seg.period.overlaps(year.range):
            applied += [
                s.decision.round_id for s in seg.steps if s.decision.round_id not in applied
            ]
    return PlacementYearCost(
        placement=placement.id,
        financial_year=year,
        total=Money(round_numerator(numerator)),
        exact=to_exact(numerator),
        rounds=tuple(applied),
        method=(
            "fee history with the programme's uplift rounds applied step by step; charged "
            "per the placement's basis for its days in the year; rounded half up once"
        ),
    )
