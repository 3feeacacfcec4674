"""Call-off values by funding stream: who pays for what was called off a DPS or framework.

A call-off line's value is its period's exact total rounded once and allocated to the lot
(:func:`slcp.pricing.call_off_activity`, decision 0311). Its streams are allocated from that
value by largest remainder in proportion to the exact cost of the line's call-offs times their
funding shares, so each line's streams add up to its value exactly
(``docs/decisions/1007``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from slcp.domain import FeeUpliftRound, FundingShares, LotId, Placement, Programme, RouteKind
from slcp.errors import InvalidValueError
from slcp.finance._cells import CellFunding
from slcp.finance._funding import FundingStream, stream_weights
from slcp.money import Money, allocate_pence
from slcp.periods import DateRange
from slcp.pricing import CallOffActivity, call_off_activity

__all__ = ["split_call_offs_by_funding"]

_CALL_OFF_KINDS = (RouteKind.DPS_CALL_OFF, RouteKind.FRAMEWORK_CALL_OFF)


def split_call_offs_by_funding(
    programme: Programme,
    activity: CallOffActivity,
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> dict[tuple[DateRange, LotId | None], CellFunding]:
    """Each line of ``activity`` split between the funding streams.

    Args:
        programme: the programme ``activity`` was counted from.
        activity: ``call_off_activity(programme, vehicle, periods, rounds=rounds)``.
        rounds: the uplift rounds ``activity`` applied; ``None`` for the programme's own.

    Returns:
        For each line, keyed by ``(period, lot)`` in the activity's order, pence per stream
        (all three, zeros included) adding up to the line's value exactly, each within 1p of
        the value times the stream's part of the line's exact cost. Ties of remainder go to the
        stream first in name order (education, health, social care).

    Raises:
        InvalidValueError: a line's exact cost is not what the programme's call-offs cost (the
            activity was counted from another programme or with other rounds).
    """
    groups: dict[FundingShares, list[Placement]] = {}
    for p in programme.placements:
        if p.route.kind in _CALL_OFF_KINDS and p.route.vehicle == activity.vehicle:
            groups.setdefault(p.funding, []).append(p)
    # one costing per group of call-offs with equal shares: exact costs add, rounded ones
    # would not
    exact: dict[tuple[DateRange, LotId | None], Fraction] = {}
    weights: dict[tuple[DateRange, LotId | None], dict[str, Fraction]] = {}
    for shares, members in groups.items():
        sub = call_off_activity(
            programme.with_placements(members), activity.vehicle, activity.periods, rounds=rounds
        )
        for line in sub.lines:
            key = (line.period, line.lot)
            exact[key] = exact.get(key, Fraction(0)) + line.exact
            target = weights.setdefault(key, {})
            for stream, w in stream_weights(shares).items():
                if w:
                    target[stream.value] = target.get(stream.value, Fraction(0)) + line.exact * w
    out: dict[tuple[DateRange, LotId | None], CellFunding] = {}
    for line in activity.lines:
        key = (line.period, line.lot)
        if exact.get(key, Fraction(0)) != line.exact:
            raise InvalidValueError(
                "the call-offs do not cost what the activity says",
                field="activity",
                value=f"{line.period} {line.lot}",
                expected="call_off_activity(programme, ...) of the same programme and rounds",
            )
        positive = {s: w for s, w in sorted(weights.get(key, {}).items()) if w > 0}
        # a line that cost nothing (no positive weight) is valued at 0p, split as nothing
        parts = allocate_pence(line.value.pence, positive) if positive else {}
        out[key] = {s: Money(parts.get(s.value, 0)) for s in FundingStream}
    return out
