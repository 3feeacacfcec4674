"""The embedded South London sample programme, calibrated to the seed reports.

:func:`south_london` returns a deterministic, realistic :class:`~slcp.domain.Programme`: the
twelve South London boroughs and their memberships of the SEND and LAC workstreams, the SEND
dynamic purchasing system, the LAC framework and a few block contracts, a few hundred
providers, children, placements with fee histories, Individual Child Agreements, fee-uplift
rounds, budgets, contributions, entered savings, provider concerns and SSDA903 episodes.
``docs/sample.md`` lists its calibration targets, where each comes from and the figures it
achieves.

May import: :mod:`slcp.domain` and the vocabulary modules. Never pricing, outcomes, savings,
report or io: the sample sits below them.
"""

from __future__ import annotations

import functools

from slcp.domain import Programme
from slcp.sample._build import build_south_london

__all__ = ["south_london"]


@functools.cache
def south_london() -> Programme:
    """The South London Commissioning Programme sample (built once, then cached).

    Deterministic: a fixed seed drives every draw and nothing reads the clock, so every call
    (in any process) returns an equal programme. Data run from January 2014 to the horizon
    31 March 2022 (placements still running then are open-ended). Spend in 2019/20,
    contractual fees pro rata by day (weekly ÷ 7 × days), is calibrated to the seeds: SEND
    £75m across the ten SEND boroughs, children's homes £50,264,202 and independent fostering
    £39,517,659 across the eight LAC boroughs; Croydon has 40 children's-home placements in
    force in 2019/20 averaging £4,000 a week.

    Returns:
        The programme (a frozen record; the same object on every call).
    """
    return build_south_london()
