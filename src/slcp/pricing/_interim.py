"""Interim spend figure for the foundation report: contractual fees, pro rata by day."""

from __future__ import annotations

from fractions import Fraction

from slcp.domain import GssCode, Programme
from slcp.money import Money, round_pence
from slcp.periods import FinancialYear


def spend_by_borough(programme: Programme, year: FinancialYear) -> dict[GssCode, Money]:
    """Spend per borough in ``year``: weekly fee ÷ 7 × days, rounded half up per borough."""
    exact: dict[GssCode, Fraction] = {}
    for p in programme.placements:
        part = p.period.intersection(year.range)
        if part is None:
            continue
        total = Fraction(0)
        for span, entry in p.fees.periods():
            piece = span.intersection(part)
            if piece is not None:
                total += Fraction(entry.value.total.pence * piece.days, 7)
        exact[p.borough] = exact.get(p.borough, Fraction(0)) + total
    return {b: Money(round_pence(x)) for b, x in exact.items()}
