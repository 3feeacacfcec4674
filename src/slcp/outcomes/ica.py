"""Individual Child Agreement progress: each outcome's progress and status, and whether
each review was held on schedule.

Outcome status rule (decision 0402), assessed on a day ``on`` for an outcome agreed on
``baseline_on``, using the latest measurement taken on or before ``on``:

1. **not yet measured** — no measurement on or before ``on``;
2. **achieved** — the latest measurement meets or betters the target (progress ≥ 1);
3. **on track** — progress ≥ the elapsed share of the time from ``baseline_on`` to the target
   date, as of ``on`` (capped at 1, so once the target date has passed only "achieved" is
   good enough);
4. **off track** — otherwise.

Progress is ``(latest − baseline) / (target − baseline)``, exact, and may be below 0 (worse
than the baseline) or above 1 (beyond the target). For an outcome whose target equals its
baseline (keep something as it is) progress is 1 when the latest measurement is at least as
good as the target and 0 otherwise.

Review timeliness (decision 0403): a review due on day ``D`` is **on time** when held within
``[D − early_days, D + late_days]`` (both ends included; 14 days each by default), **late**
when held after that window but before the next review falls due, **missed** when not held
and the window has closed by ``on``, and **pending** while the window is still open.
"""

from __future__ import annotations

import datetime as dt
import enum
import weakref
from decimal import Decimal
from fractions import Fraction
from typing import Generic, TypeVar

import attrs

from slcp.domain import (
    Direction,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    Placement,
    ReviewSchedule,
)
from slcp.errors import InvalidValueError
from slcp.periods import DateRange, months_after

__all__ = [
    "AgreementProgress",
    "OutcomeProgress",
    "OutcomeStatus",
    "ReviewCheck",
    "ReviewRecord",
    "ReviewTimeliness",
    "ReviewTolerance",
    "assess_agreement",
    "assess_outcome",
    "assess_reviews",
    "cap_assessment_day",
    "outcome_statuses",
    "review_timeliness",
]


class OutcomeStatus(enum.Enum):
    """Where an ICA outcome stands (rule in the module docstring)."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NOT_YET_MEASURED = "not_yet_measured"

    # hashed by identity, as Rag is (slcp.outcomes.kpi): the ICA section counts statuses
    __hash__ = object.__hash__

    @property
    def is_good(self) -> bool:
        """True for achieved and on track."""
        return self in (OutcomeStatus.ACHIEVED, OutcomeStatus.ON_TRACK)


@attrs.frozen(kw_only=True)
class OutcomeProgress:
    """An outcome assessed on a day.

    Attributes:
        outcome: the outcome's id.
        on: the day of the assessment.
        latest: the latest measurement on or before ``on``, or ``None``.
        progress: exact progress from baseline (0) to target (1); ``None`` if not measured.
        elapsed_share: exact share of ``[baseline_on, target_date)`` elapsed by ``on``,
            between 0 and 1.
        status: the status.
        rule: the rule that decided the status, in words.
    """

    outcome: str
    on: dt.date
    latest: Measurement | None
    progress: Fraction | None
    elapsed_share: Fraction
    status: OutcomeStatus
    rule: str


_NONE_ELAPSED = Fraction(0)
_ALL_ELAPSED = Fraction(1)


def _elapsed_share(baseline_on: dt.date, target_date: dt.date, on: dt.date) -> Fraction:
    if on <= baseline_on:
        return _NONE_ELAPSED
    if on >= target_date:
        return _ALL_ELAPSED
    return Fraction((on - baseline_on).days, (target_date - baseline_on).days)


#: Each Decimal's exact ratio already worked out: a programme's outcomes use a few hundred
#: distinct baselines, targets and measured values thousands of times, and looking one up is
#: several times faster than ``as_integer_ratio`` (equal Decimals have the same ratio).
_INTEGER_RATIOS: dict[Decimal, tuple[int, int]] = {}


def _integer_ratio(value: Decimal) -> tuple[int, int]:
    # value.as_integer_ratio(), remembered (bounded: started again when full)
    try:
        found = _INTEGER_RATIOS.get(value)
    except TypeError:  # a signalling NaN cannot be hashed: let as_integer_ratio refuse it
        return value.as_integer_ratio()
    if found is None:
        found = value.as_integer_ratio()
        if len(_INTEGER_RATIOS) >= 10_000:
            _INTEGER_RATIOS.clear()
        _INTEGER_RATIOS[value] = found
    return found


def _progress_ratio(outcome: Outcome, value: Decimal) -> tuple[int, int]:
    # (value − baseline) / (target − baseline) as (numerator, denominator > 0), exact: integer
    # arithmetic on the Decimals' exact ratios, not reduced
    bn, bd = _integer_ratio(outcome.baseline)
    tn, td = _integer_ratio(outcome.target)
    vn, vd = _integer_ratio(value)
    span = tn * bd - bn * td  # (target − baseline) × td × bd, denominators positive
    if span == 0:
        higher = outcome.direction is Direction.HIGHER_IS_BETTER
        kept = vn * td >= tn * vd if higher else vn * td <= tn * vd
        return (1, 1) if kept else (0, 1)
    num, den = (vn * bd - bn * vd) * td, span * vd
    return (-num, -den) if den < 0 else (num, den)


def _progress(outcome: Outcome, value: Decimal) -> Fraction:
    return Fraction(*_progress_ratio(outcome, value))


def _judge(
    outcome: Outcome, *, baseline_on: dt.date, on: dt.date
) -> tuple[Measurement | None, OutcomeStatus]:
    # the status rule (module docstring), in integers: the latest measurement on or before
    # ``on`` and the outcome's status. Measurements are in date order (checked by Outcome),
    # so the latest on or before ``on`` is the last of those
    for latest in reversed(outcome.measurements):
        if latest.on <= on:
            break
    else:
        return None, OutcomeStatus.NOT_YET_MEASURED
    pn, pd = _progress_ratio(outcome, latest.value)
    if pn >= pd:  # progress >= 1
        return latest, OutcomeStatus.ACHIEVED
    # progress >= elapsed share a / b, both denominators positive
    target_date = outcome.target_date
    if on <= baseline_on:
        a, b = 0, 1
    elif on >= target_date:
        a, b = 1, 1
    else:
        a, b = (on - baseline_on).days, (target_date - baseline_on).days
    return latest, OutcomeStatus.ON_TRACK if pn * b >= a * pd else OutcomeStatus.OFF_TRACK


_RULES = {
    OutcomeStatus.NOT_YET_MEASURED: "no measurement on or before the assessment date",
    OutcomeStatus.ACHIEVED: "latest measurement meets or betters the target",
    OutcomeStatus.ON_TRACK: "progress >= elapsed share of time to target",
    OutcomeStatus.OFF_TRACK: "progress < elapsed share of time to target",
}


def assess_outcome(outcome: Outcome, *, baseline_on: dt.date, on: dt.date) -> OutcomeProgress:
    """Progress and status of one outcome on ``on`` (rule in the module docstring).

    Args:
        outcome: the outcome with its dated measurements.
        baseline_on: the day the baseline holds (normally the ICA's ``agreed_on``).
        on: the day of the assessment; measurements after it are ignored.

    >>> from decimal import Decimal
    >>> from slcp.domain import OutcomeDomain, OutcomeId
    >>> o = Outcome(id=OutcomeId("attend"), domain=OutcomeDomain.EDUCATION,
    ...     description="attends school", measure="attendance %", baseline=Decimal(60),
    ...     target=Decimal(90), target_date=dt.date(2021, 1, 1),
    ...     direction=Direction.HIGHER_IS_BETTER,
    ...     measurements=(Measurement(on=dt.date(2020, 7, 1), value=Decimal(75)),))
    >>> p = assess_outcome(o, baseline_on=dt.date(2020, 1, 1), on=dt.date(2020, 7, 1))
    >>> p.progress, p.elapsed_share, p.status.value   # 15/30 vs 182/366 days
    (Fraction(1, 2), Fraction(91, 183), 'on_track')
    >>> assess_outcome(o, baseline_on=dt.date(2020, 1, 1), on=dt.date(2020, 6, 30)).status.value
    'not_yet_measured'
    """
    if on < baseline_on:
        raise InvalidValueError(
            "an outcome cannot be assessed before its baseline date",
            field="on",
            value=on,
            expected=f"on or after {baseline_on.isoformat()}",
        )
    latest, status = _judge(outcome, baseline_on=baseline_on, on=on)
    return OutcomeProgress(
        outcome=outcome.id,
        on=on,
        latest=latest,
        progress=None if latest is None else _progress(outcome, latest.value),
        elapsed_share=_elapsed_share(baseline_on, outcome.target_date, on),
        status=status,
        rule=_RULES[status],
    )


class ReviewTimeliness(enum.Enum):
    """Whether a review due on a date was held on schedule (rule in the module docstring)."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    PENDING = "pending"

    # hashed by identity, as Rag is (slcp.outcomes.kpi): the ICA section counts these
    __hash__ = object.__hash__


@attrs.frozen(kw_only=True)
class ReviewTolerance:
    """How far either side of its due date a review still counts as on time.

    Attributes:
        early_days: days before the due date a review may be held (14 by default).
        late_days: days after the due date a review may be held (14 by default).
    """

    early_days: int = 14
    late_days: int = 14

    def __attrs_post_init__(self) -> None:
        for name in ("early_days", "late_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidValueError(
                    "review tolerance must be a whole number of days >= 0",
                    field=name,
                    value=value,
                )

    def window(self, due: dt.date) -> DateRange:
        """The half-open on-time window ``[due − early_days, due + late_days + 1)``."""
        return DateRange(
            start=due - dt.timedelta(days=self.early_days),
            end=due + dt.timedelta(days=self.late_days + 1),
        )


@attrs.frozen(kw_only=True)
class ReviewCheck:
    """One due review and what happened.

    Attributes:
        due: the due date.
        window: the on-time window, half-open.
        held_on: the day the review counted against this due date was held, or ``None``.
        timeliness: on time, late, missed or pending.
    """

    due: dt.date
    window: DateRange
    held_on: dt.date | None
    timeliness: ReviewTimeliness


@attrs.frozen(kw_only=True)
class ReviewRecord:
    """An ICA's reviews due in a range, assessed on a day.

    Attributes:
        agreement: the ICA's id.
        within: the range due dates were taken from (half-open).
        on: the day of the assessment.
        tolerance: the on-time tolerance used.
        checks: each due review, in date order.
    """

    agreement: str
    within: DateRange
    on: dt.date
    tolerance: ReviewTolerance
    checks: tuple[ReviewCheck, ...]

    def count(self, timeliness: ReviewTimeliness) -> int:
        """How many checks have this timeliness."""
        return sum(1 for c in self.checks if c.timeliness is timeliness)

    @property
    def decided(self) -> int:
        """Checks that are on time, late or missed (pending ones are not yet decided)."""
        return len(self.checks) - self.count(ReviewTimeliness.PENDING)


_T = TypeVar("_T")


class _Assessed(Generic[_T]):
    """Assessments already made, by the identity of the agreement they were made for.

    An assessment is a pure function of the (immutable) agreement and the other arguments;
    a report asks for the same ones twice (the ICA KPIs of each provider's scorecard, then
    the ICA section). An entry holds a weak reference to its agreement and is used only
    while that is the very object asked about, so a dead agreement cannot lend its identity
    to a new one and the cache keeps no programme alive. When full, it starts again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[tuple[object, ...], tuple[weakref.ref[IndividualChildAgreement], _T]]
        self.entries = {}

    def get(self, key: tuple[object, ...], agreement: IndividualChildAgreement) -> _T | None:
        entry = self.entries.get(key)
        if entry is None or entry[0]() is not agreement:
            return None
        return entry[1]

    def put(self, key: tuple[object, ...], agreement: IndividualChildAgreement, value: _T) -> None:
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = (weakref.ref(agreement), value)


_DEFAULT_TOLERANCE = ReviewTolerance()


def assess_reviews(
    agreement: IndividualChildAgreement,
    *,
    within: DateRange,
    on: dt.date,
    tolerance: ReviewTolerance | None = None,
) -> ReviewRecord:
    """Whether each review due in ``within`` was held on schedule, as known on ``on``.

    Due dates come from ``agreement.reviews.due_dates(within)``; reviews held after ``on``
    are not yet known. Each held review counts against at most one due date: first each due
    date takes the earliest unused review in its on-time window; then each remaining due date
    takes the earliest unused review after its window and before the next due date (late).

    Raises:
        PeriodError: if ``within`` is open-ended.

    >>> from slcp.domain import FeeComponents, IcaId, PlacementId, ReviewSchedule
    >>> from slcp.money import Money
    >>> ica = IndividualChildAgreement(id=IcaId("I1"), placement=PlacementId("P1"),
    ...     agreed_on=dt.date(2020, 1, 1), agreed_fee=FeeComponents(core=Money(1)),
    ...     reviews=ReviewSchedule(origin=dt.date(2020, 1, 1)),
    ...     reviews_held=(dt.date(2020, 7, 15), dt.date(2021, 2, 1)))
    >>> r = assess_reviews(ica, within=DateRange(start=dt.date(2020, 1, 1),
    ...     end=dt.date(2021, 8, 1)), on=dt.date(2021, 7, 10))
    >>> [(str(c.due), c.timeliness.value) for c in r.checks]
    [('2020-07-01', 'on_time'), ('2021-01-01', 'late'), ('2021-07-01', 'pending')]
    """
    tol = tolerance if tolerance is not None else _DEFAULT_TOLERANCE
    key = (id(agreement), within, on, tol)
    found = _REVIEWS.get(key, agreement)
    if found is None:
        found = _assess_reviews(agreement, within=within, on=on, tol=tol)
        _REVIEWS.put(key, agreement, found)
    return found


#: Each review due in a range: its due date, the day the review counted against it was held
#: (``None``: none), and its timeliness.
_Pick = tuple[dt.date, dt.date | None, "ReviewTimeliness"]


def _assess_reviews(
    agreement: IndividualChildAgreement, *, within: DateRange, on: dt.date, tol: ReviewTolerance
) -> ReviewRecord:
    checks = tuple(
        ReviewCheck(due=due, window=tol.window(due), held_on=held_on, timeliness=timeliness)
        for due, held_on, timeliness in _reviewed(agreement, within=within, on=on, tol=tol)
    )
    return ReviewRecord(agreement=agreement.id, within=within, on=on, tolerance=tol, checks=checks)


def _reviewed(
    agreement: IndividualChildAgreement, *, within: DateRange, on: dt.date, tol: ReviewTolerance
) -> tuple[_Pick, ...]:
    # the timeliness rule (assess_reviews), each on-time window [due − early, due + late + 1)
    # held as its two ends. Keyed by the range's and the tolerance's fields (equal ranges and
    # tolerances are equal fields), which hash faster than the records
    key = (id(agreement), within.start, within.end, on, tol.early_days, tol.late_days)
    found = _REVIEWED.get(key, agreement)
    if found is not None:
        return found
    found = _match_reviews(agreement, within=within, on=on, tol=tol)
    _REVIEWED.put(key, agreement, found)
    return found


def _match_reviews(
    agreement: IndividualChildAgreement, *, within: DateRange, on: dt.date, tol: ReviewTolerance
) -> tuple[_Pick, ...]:
    dues = _due_dates(agreement.reviews, within)
    if not dues:
        return ()
    early = dt.timedelta(days=tol.early_days)
    late = dt.timedelta(days=tol.late_days + 1)
    windows = [(due - early, due + late) for due in dues]
    # a review held before the first window opens meets no due date, on time or late
    first = windows[0][0]
    held = [day for day in agreement.reviews_held if first <= day <= on]
    picks: list[tuple[dt.date, ReviewTimeliness] | None] = [None] * len(dues)
    if held:
        used = [False] * len(held)
        # first every on-time match, so a review is never spent as a late one for an earlier
        # due date when it was on time for its own; each takes the earliest unused review
        for n, (opens, closes) in enumerate(windows):
            for i, day in enumerate(held):
                if not used[i] and opens <= day < closes:
                    used[i] = True
                    picks[n] = (day, ReviewTimeliness.ON_TIME)
                    break
        for n, (_, closes) in enumerate(windows):
            if picks[n] is not None:
                continue
            # the earliest unused review after the window and before the next due date, even
            # beyond ``within`` (the due dates in ``within`` are consecutive ones of the
            # schedule, so it is the next of them, or for the last one the schedule's first
            # after it, looked up only when an unused review comes after the window)
            nxt: dt.date | None = dues[n + 1] if n + 1 < len(dues) else None
            for i, day in enumerate(held):
                if used[i] or day < closes:
                    continue
                if nxt is None:
                    nxt = _next_due(agreement, dues[n])
                if day < nxt:
                    used[i] = True
                    picks[n] = (day, ReviewTimeliness.LATE)
                    break
    out: list[_Pick] = []
    for due, (_, closes), pick in zip(dues, windows, picks, strict=True):
        if pick is not None:
            out.append((due, pick[0], pick[1]))
        else:
            out.append(
                (due, None, ReviewTimeliness.MISSED if on >= closes else ReviewTimeliness.PENDING)
            )
    return tuple(out)


def _due_dates(schedule: ReviewSchedule, within: DateRange) -> tuple[dt.date, ...]:
    # schedule.due_dates(within), counting from the first interval that can reach ``within``
    # instead of from the origin. Due date k falls in the month k × interval after the
    # origin's, so every k whose month is before ``within``'s start month falls before it
    if within.end is None:
        return schedule.due_dates(within)  # raises PeriodError with the standard message
    start, end = within.start, within.end
    months_before = (start.year - schedule.origin.year) * 12 + start.month - schedule.origin.month
    k = max(1, months_before // schedule.interval_months)
    out: list[dt.date] = []
    while True:
        due = months_after(schedule.origin, k * schedule.interval_months)
        if due >= end:
            return tuple(out)
        if start <= due:
            out.append(due)
        k += 1


def _next_due(agreement: IndividualChildAgreement, due: dt.date) -> dt.date:
    # the schedule's first due date after ``due``: within one interval of it, give or take the
    # days a month-end clamp moves a date (31 August → 28 February → 31 August)
    return _due_dates(
        agreement.reviews,
        DateRange(
            start=due + dt.timedelta(days=1),
            end=months_after(due, agreement.reviews.interval_months) + dt.timedelta(days=4),
        ),
    )[0]


@attrs.frozen(kw_only=True)
class AgreementProgress:
    """Every outcome of one ICA assessed on a day.

    Attributes:
        agreement: the ICA's id.
        on: the day of the assessment.
        outcomes: each outcome's progress, in the ICA's order.
    """

    agreement: str
    on: dt.date
    outcomes: tuple[OutcomeProgress, ...]

    def count(self, status: OutcomeStatus) -> int:
        """How many outcomes have this status."""
        return sum(1 for o in self.outcomes if o.status is status)


def assess_agreement(agreement: IndividualChildAgreement, *, on: dt.date) -> AgreementProgress:
    """Each outcome of ``agreement`` assessed on ``on``, with ``agreed_on`` as baseline date.

    Raises:
        InvalidValueError: if ``on`` is before the agreement was made.
    """
    key = (id(agreement), on)
    found = _PROGRESS.get(key, agreement)
    if found is None:
        found = AgreementProgress(
            agreement=agreement.id,
            on=on,
            outcomes=tuple(
                assess_outcome(o, baseline_on=agreement.agreed_on, on=on)
                for o in agreement.outcomes
            ),
        )
        _PROGRESS.put(key, agreement, found)
    return found


def outcome_statuses(
    agreement: IndividualChildAgreement, *, on: dt.date
) -> tuple[OutcomeStatus, ...]:
    """The status of each outcome of ``agreement`` on ``on``, in the ICA's order.

    The same statuses as ``assess_agreement(agreement, on=on).outcomes``, without their
    progress records: for counting many ICAs (a report's ICA section and the ICA KPIs).

    Raises:
        InvalidValueError: if ``on`` is before the agreement was made.
    """
    key = (id(agreement), on)
    found = _STATUSES.get(key, agreement)
    if found is None:
        if agreement.outcomes and on < agreement.agreed_on:
            assess_outcome(agreement.outcomes[0], baseline_on=agreement.agreed_on, on=on)
        found = tuple(
            _judge(o, baseline_on=agreement.agreed_on, on=on)[1] for o in agreement.outcomes
        )
        _STATUSES.put(key, agreement, found)
    return found


def review_timeliness(
    agreement: IndividualChildAgreement,
    *,
    within: DateRange,
    on: dt.date,
    tolerance: ReviewTolerance | None = None,
) -> tuple[tuple[dt.date, ReviewTimeliness], ...]:
    """Each review due in ``within`` with its timeliness as known on ``on``, in date order.

    The same due dates and timeliness as ``assess_reviews(...).checks``, without their
    records: for counting many ICAs (a report's ICA section and the ICA KPIs).

    Raises:
        PeriodError: if ``within`` is open-ended.
    """
    tol = tolerance if tolerance is not None else _DEFAULT_TOLERANCE
    return tuple(
        (due, timeliness)
        for due, _, timeliness in _reviewed(agreement, within=within, on=on, tol=tol)
    )


#: Enough for every ICA of a programme of several thousand placements, assessed twice over.
_REVIEWS: _Assessed[ReviewRecord] = _Assessed(limit=50_000)
_PROGRESS: _Assessed[AgreementProgress] = _Assessed(limit=50_000)
_REVIEWED: _Assessed[tuple[_Pick, ...]] = _Assessed(limit=50_000)
_STATUSES: _Assessed[tuple[OutcomeStatus, ...]] = _Assessed(limit=50_000)


def cap_assessment_day(placement: Placement, on: dt.date) -> dt.date:
    """The day to assess a placement's ICA outcomes for a period whose last day is ``on``.

    ``on`` itself, or the placement's last day (``end − 1``) if it ended earlier: outcomes
    are judged as they stood when the provider stopped caring for the child, not left to
    drift off track afterwards.

    >>> from slcp.domain import (ChildRef, FeeComponents, GssCode, PlacementId, PurchaseRoute,
    ...     RouteKind, ServiceKind, Workstream)
    >>> from slcp.money import Money
    >>> from slcp.timeline import Source, SourceKind, Timeline
    >>> start = dt.date(2020, 5, 1)
    >>> p = Placement(id=PlacementId("P1"), child=ChildRef("C1"), borough=GssCode("E09000008"),
    ...     workstream=Workstream.LAC, provider=None, service=ServiceKind.CHILDRENS_HOME,
    ...     period=DateRange(start=start, end=dt.date(2020, 10, 1)),
    ...     fees=Timeline.constant(FeeComponents(core=Money(1)), effective=start,
    ...         source=Source(kind=SourceKind.ASSUMPTION, citation="example")),
    ...     route=PurchaseRoute(kind=RouteKind.SPOT))
    >>> cap_assessment_day(p, dt.date(2021, 3, 31)), cap_assessment_day(p, dt.date(2020, 6, 30))
    (datetime.date(2020, 9, 30), datetime.date(2020, 6, 30))
    """
    end = placement.period.end
    if end is None or end > on:
        return on
    return max(placement.period.start, end - dt.timedelta(days=1))
