"""Exact charge arithmetic shared by the pricing modules.

Every charge slcp computes is a whole number of ``1 / CHARGE_DENOMINATOR`` pence: a weekly fee
is charged by sevenths of a week (pro rata by day) or, on a weeks-per-year basis, by
365ths or 366ths of an academic year, and ``7 × 365 × 366`` is a common multiple of all of
them. Summing integers over one fixed denominator keeps the maths exact and fast; results
leave this module as :class:`fractions.Fraction`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import TypeVar

from slcp.domain import ChargingBasis, ChargingMethod
from slcp.money import allocate_pence, round_pence

__all__ = [
    "CHARGE_DENOMINATOR",
    "allocate_signed",
    "charge_numerator",
    "chargeable_end",
    "to_exact",
]

#: Charges are integers of ``1 / CHARGE_DENOMINATOR`` pence (7 days × 365 × 366).
CHARGE_DENOMINATOR = 7 * 365 * 366
_PER_DAY = CHARGE_DENOMINATOR // 7

K = TypeVar("K", bound=Hashable)


def to_exact(numerator: int) -> Fraction:
    """The exact pence a charge numerator stands for."""
    return Fraction(numerator, CHARGE_DENOMINATOR)


def _academic_year(ordinal: int) -> tuple[int, int]:
    """First ordinal of the academic year containing ``ordinal`` and of the next one."""
    day = dt.date.fromordinal(ordinal)
    first_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(first_year, 9, 1).toordinal(), dt.date(first_year + 1, 9, 1).toordinal()


def charge_numerator(weekly_pence: int, start: int, stop: int, basis: ChargingBasis) -> int:
    """The charge for days ``[start, stop)`` (date ordinals) at a constant weekly fee.

    Pro rata and whole-weeks bases charge ``weekly ÷ 7`` a day (the whole-weeks basis drops
    the trailing part week before this is called, see :func:`chargeable_end`). The
    weeks-per-year basis charges ``weekly × N ÷ days in the academic year`` a day, so a full
    academic year (1 September to 31 August, 365 or 366 days) costs exactly ``N × weekly``.
    """
    if stop <= start or weekly_pence == 0:
        return 0
    if basis.method is not ChargingMethod.WEEKS_PER_YEAR:
        return weekly_pence * (stop - start) * _PER_DAY
    weeks = basis.weeks_per_year or 0
    total = 0
    cursor = start
    while cursor < stop:
        ay_start, ay_stop = _academic_year(cursor)
        piece_stop = min(ay_stop, stop)
        total += (
            weekly_pence
            * weeks
            * (piece_stop - cursor)
            * (CHARGE_DENOMINATOR // (ay_stop - ay_start))
        )
        cursor = piece_stop
    return total


def chargeable_end(start: dt.date, end: dt.date | None, basis: ChargingBasis) -> dt.date | None:
    """The first day not charged: the whole-weeks basis drops a trailing part week.

    Only a placement that has ended has a known part week; an open one is charged every day
    so far.
    """
    if end is None or basis.method is not ChargingMethod.WHOLE_WEEKS:
        return end
    weeks = (end - start).days // 7
    return start + dt.timedelta(days=7 * weeks)


def allocate_signed(
    total: int, parts: Mapping[K, int | Fraction], *, denominator: int = 1
) -> dict[K, int]:
    """Split a rounded ``total`` pence across exact ``parts`` so the parts add up to it.

    ``parts`` are in units of ``1 / denominator`` pence (pass :data:`CHARGE_DENOMINATOR` for
    charge numerators).

    Parts of one sign go through :func:`slcp.money.allocate_pence` (largest remainder); parts
    of mixed signs (a round whose agreed rate exceeded the request) take the floor of each
    exact part and hand the pence left over to the largest fractional remainders, ties by key.
    Every part ends within 1p of its exact value's share.
    """
    if not parts:
        return {}
    if all(p >= 0 for p in parts.values()) and any(p > 0 for p in parts.values()):
        return allocate_pence(total, parts)
    if all(p <= 0 for p in parts.values()) and any(p < 0 for p in parts.values()):
        return {k: -v for k, v in allocate_pence(-total, {k: -p for k, p in parts.items()}).items()}
    exact = {k: Fraction(p, denominator) for k, p in parts.items()}
    floors = {k: math.floor(p) for k, p in exact.items()}
    left = total - sum(floors.values())
    order = sorted(exact, key=lambda k: (-(exact[k] - floors[k]), repr(k)))
    for k in order[: max(left, 0)]:
        floors[k] += 1
    return floors


def round_numerator(numerator: int) -> int:
    """Round a charge numerator to whole pence, half up (a reported period total)."""
    return round_pence(Fraction(numerator, CHARGE_DENOMINATOR))
