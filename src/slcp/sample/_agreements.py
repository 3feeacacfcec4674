"""Individual Child Agreements for sample placements: outcomes, measurements and reviews.

Every LAC placement has one, and so does a share of SEND placements. Reviews are due every
six months from the placement's start (computed from the start each time); most are held on
time, some late, some missed. Outcomes move from their baseline toward their target at a pace
drawn per child, so some are achieved, some on track, some stuck and a few go backwards.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs

from slcp.domain import (
    Direction,
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    Placement,
    ReviewSchedule,
    Workstream,
)
from slcp.periods import DateRange, months_after
from slcp.sample._facts import HORIZON

__all__ = ["make_agreement"]

_UP = Direction.HIGHER_IS_BETTER
_DOWN = Direction.LOWER_IS_BETTER


@attrs.frozen(kw_only=True)
class _Template:
    domain: OutcomeDomain
    description: str
    measure: str
    baseline: tuple[int, int]
    change: tuple[int, int]
    direction: Direction
    ceiling: int
    min_age: int = 0


_LAC = (
    _Template(
        domain=OutcomeDomain.EDUCATION,
        description="Attend school or college regularly",
        measure="school attendance %",
        baseline=(55, 88),
        change=(8, 16),
        direction=_UP,
        ceiling=100,
    ),
    _Template(
        domain=OutcomeDomain.EMOTIONAL_WELLBEING,
        description="Fewer emotional and behavioural difficulties",
        measure="SDQ total difficulties score (0-40)",
        baseline=(16, 31),
        change=(4, 9),
        direction=_DOWN,
        ceiling=40,
    ),
    _Template(
        domain=OutcomeDomain.HEALTH,
        description="Health and dental checks kept up to date",
        measure="health checks completed on time %",
        baseline=(40, 81),
        change=(15, 40),
        direction=_UP,
        ceiling=100,
    ),
    _Template(
        domain=OutcomeDomain.RELATIONSHIPS,
        description="Keep in touch with family and friends as planned",
        measure="planned family contact sessions attended %",
        baseline=(40, 81),
        change=(10, 30),
        direction=_UP,
        ceiling=100,
    ),
    _Template(
        domain=OutcomeDomain.SAFETY,
        description="Fewer episodes missing from the placement",
        measure="missing episodes per quarter",
        baseline=(2, 9),
        change=(2, 6),
        direction=_DOWN,
        ceiling=30,
    ),
    _Template(
        domain=OutcomeDomain.INDEPENDENCE,
        description="Build skills for independent living",
        measure="independence skills achieved (of 20)",
        baseline=(2, 10),
        change=(4, 9),
        direction=_UP,
        ceiling=20,
        min_age=14,
    ),
)
_SEND = (
    _LAC[0],
    _Template(
        domain=OutcomeDomain.EDUCATION,
        description="Meet EHC plan learning targets",
        measure="EHC plan learning targets met (of 10)",
        baseline=(1, 5),
        change=(3, 6),
        direction=_UP,
        ceiling=10,
    ),
    _Template(
        domain=OutcomeDomain.EMOTIONAL_WELLBEING,
        description="Fewer incidents needing physical intervention",
        measure="incidents needing physical intervention per term",
        baseline=(3, 12),
        change=(2, 7),
        direction=_DOWN,
        ceiling=60,
    ),
    _Template(
        domain=OutcomeDomain.INDEPENDENCE,
        description="Travel to school independently",
        measure="independent travel training steps achieved (of 8)",
        baseline=(0, 3),
        change=(3, 6),
        direction=_UP,
        ceiling=8,
        min_age=11,
    ),
    _Template(
        domain=OutcomeDomain.RELATIONSHIPS,
        description="Take part in group activities with peers",
        measure="group sessions joined per half term",
        baseline=(1, 4),
        change=(2, 5),
        direction=_UP,
        ceiling=30,
    ),
)


def _reviews_held(
    rng: random.Random, schedule: ReviewSchedule, period: DateRange
) -> tuple[dt.date, ...]:
    held: list[dt.date] = []
    for due in schedule.due_dates(period):
        r = rng.random()
        if r < 0.07:
            continue  # missed
        offset = rng.randrange(21, 61) if r < 0.18 else rng.randrange(-7, 11)
        day = due + dt.timedelta(days=offset)
        if day in period and (not held or day > held[-1]):
            held.append(day)
    return tuple(held)


def _outcome(
    rng: random.Random,
    *,
    index: int,
    template: _Template,
    start: dt.date,
    target_date: dt.date,
    held: tuple[dt.date, ...],
    pace: int,
) -> Outcome:
    baseline = rng.randrange(*template.baseline)
    change = rng.randrange(*template.change)
    if template.direction is _UP:
        target = min(template.ceiling, baseline + change)
        if target == baseline:
            baseline -= 1
    else:
        target = max(0, baseline - change)
        if target == baseline:
            baseline += 1
    horizon_days = max(1, (target_date - start).days)
    measurements: list[Measurement] = []
    for day in held:
        # share of the way to the target, in percent: pace is percent per target period
        share = pace * (day - start).days // horizon_days + rng.randrange(-12, 13)
        value = baseline + (target - baseline) * share // 100
        value = max(0, min(template.ceiling, value))
        measurements.append(Measurement(on=day, value=Decimal(value)))
    return Outcome(
        id=OutcomeId(f"O{index}"),
        domain=template.domain,
        description=template.description,
        measure=template.measure,
        baseline=Decimal(baseline),
        target=Decimal(target),
        target_date=target_date,
        direction=template.direction,
        measurements=tuple(measurements),
    )


def make_agreement(
    rng: random.Random, placement: Placement, age_at_start: int
) -> IndividualChildAgreement:
    """An ICA for ``placement``: its start fee, 3-4 outcomes, six-monthly reviews."""
    start = placement.period.start
    bounded = DateRange(start=start, end=min(placement.period.end or HORIZON, HORIZON))
    schedule = ReviewSchedule(origin=start, interval_months=6)
    held = _reviews_held(rng, schedule, bounded)
    target_date = months_after(start, 12)
    if placement.period.end is not None and target_date >= placement.period.end:
        target_date = max(start, placement.period.end - dt.timedelta(days=1))
    pool = _SEND if placement.workstream is Workstream.SEND else _LAC
    eligible = [t for t in pool if age_at_start >= t.min_age]
    chosen = rng.sample(eligible, min(len(eligible), rng.choice((3, 3, 4))))
    r = rng.random()
    pace = (
        rng.randrange(100, 140)
        if r < 0.4
        else rng.randrange(70, 100)
        if r < 0.75
        else (rng.randrange(-10, 20) if r < 0.92 else rng.randrange(-60, -10))
    )
    outcomes = tuple(
        _outcome(
            rng,
            index=i + 1,
            template=t,
            start=start,
            target_date=target_date,
            held=held,
            pace=pace + rng.randrange(-15, 16),
        )
        for i, t in enumerate(chosen)
    )
    return IndividualChildAgreement(
        id=IcaId(f"ICA-{placement.id}"),
        placement=placement.id,
        agreed_on=start,
        agreed_fee=placement.fees.entries[0].value,
        outcomes=outcomes,
        reviews=schedule,
        reviews_held=held,
    )
