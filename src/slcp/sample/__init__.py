"""The embedded South London sample programme, calibrated to the seed reports.

:func:`south_london` returns a deterministic, realistic :class:`~slcp.domain.Programme`: the
twelve South London boroughs and their memberships of the SEND and LAC workstreams, the SEND
dynamic purchasing system, the LAC framework and a few block contracts, a few hundred
providers, children, placements with fee histories, Individual Child Agreements, fee-uplift
rounds, budgets, contributions, entered savings, provider concerns and SSDA903 episodes.
``docs/sample.md`` lists its calibration targets, where each comes from and the figures it
achieves. The package ships the built programme (``slcp/data/south_london.pickle.gz``), so
:func:`south_london` loads it rather than drawing it again; :func:`generate_south_london`
draws it from its seeds, and a test keeps the two equal.

May import: :mod:`slcp.domain` and the vocabulary modules. Never pricing, outcomes, savings,
report or io: the sample sits below them.
"""

from __future__ import annotations

import functools

from slcp.domain import Programme
from slcp.sample._shipped import load_shipped

__all__ = ["generate_south_london", "is_embedded", "south_london"]


def generate_south_london() -> Programme:
    """Draw and calibrate the South London sample from its fixed seeds (a few seconds).

    Deterministic, whatever the process's string-hash seed: every call returns an equal
    programme, and :func:`south_london` returns one equal to it, loaded from the copy the
    package ships (``python -m slcp.sample._regenerate`` rewrites that copy).

    Returns:
        A new programme on every call.
    """
    from slcp.sample._build import build_south_london

    return build_south_london()


@functools.cache
def south_london() -> Programme:
    """The South London Commissioning Programme sample (loaded once, then cached).

    Deterministic: a fixed seed drives every draw and nothing reads the clock, so every call
    (in any process) returns an equal programme. Data run from January 2014 to the horizon
    31 March 2022 (placements still running then are open-ended). Spend in 2019/20,
    contractual fees pro rata by day (weekly ÷ 7 × days), is calibrated to the seeds: SEND
    £75m across the ten SEND boroughs, children's homes £50,264,202 and independent fostering
    £39,517,659 across the eight LAC boroughs; Croydon has 40 children's-home placements in
    force in 2019/20 averaging £4,000 a week.

    The package ships the programme :func:`generate_south_london` draws, so this loads it
    (a fraction of a second) instead of drawing it; only if the shipped copy is missing or was
    written for other record definitions is it drawn afresh.

    Returns:
        The programme (a frozen record; the same object on every call).
    """
    shipped = load_shipped()
    return shipped if shipped is not None else generate_south_london()


def is_embedded(programme: Programme) -> bool:
    """True when ``programme`` is the very object :func:`south_london` returned (so what is
    shipped beside it, derived from it, holds for it); never loads the sample to find out.

    >>> is_embedded(south_london()), is_embedded(south_london().with_placements(()))
    (True, False)
    """
    return south_london.cache_info().currsize > 0 and programme is south_london()
