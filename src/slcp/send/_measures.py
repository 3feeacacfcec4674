"""Measures a SEND team reports from its SEN2 return: plans in force on census day, new
plans in the calendar year, 20-week timeliness and placements by setting."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from slcp.domain import ChildRef, GssCode
from slcp.money import round_decimal
from slcp.periods import DateRange
from slcp.send._records import EhcRequest, Sen2Return, SenPlacement, setting_category

__all__ = [
    "AGE_BANDS",
    "TWENTY_WEEKS_DAYS",
    "NewPlans",
    "PlansInForce",
    "Timeliness",
    "TimelinessLine",
    "TimelinessReason",
    "age_band",
    "new_plans",
    "placements_by_borough",
    "placements_by_setting",
    "plans_in_force",
    "timeliness_20_weeks",
]

#: The statutory limit: a plan is on time when issued within 20 weeks (140 days) of the
#: request being received (SEND Regulations 2014, regulation 13(2)).
TWENTY_WEEKS_DAYS = 140

#: The DfE's age bands for EHC plans: (label, youngest, oldest), ages in completed years.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under 5", 0, 4),
    ("5 to 10", 5, 10),
    ("11 to 15", 11, 15),
    ("16 to 19", 16, 19),
    ("20 to 25", 20, 25),
)

_NO_PLACEMENT = "no_placement"


def age_band(age: int | None) -> str:
    """The DfE age band of an age in completed years (``"unknown"`` for ``None``).

    >>> age_band(4), age_band(5), age_band(19), age_band(26), age_band(None)
    ('under 5', '5 to 10', '16 to 19', 'over 25', 'unknown')
    """
    if age is None:
        return "unknown"
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return "over 25" if age > 25 else "unknown"


def _in_force(ret: Sen2Return) -> list[EhcRequest]:
    """One request per child with a plan active on census day (first in file order)."""
    out: dict[ChildRef, EhcRequest] = {}
    for r in ret.requests:
        if r.is_in_force_on(ret.census_date):
            out.setdefault(r.child, r)
    return list(out.values())


def _main_placement(r: EhcRequest, day: dt.date) -> SenPlacement | None:
    current = sorted((p for p in r.placements if p.is_in_force_on(day)), key=lambda p: p.rank)
    if current:
        return current[0]
    named = sorted(r.named_placements, key=lambda p: p.rank)
    return named[0] if named else None


def _setting(p: SenPlacement | None, types: Mapping[str, int]) -> str:
    if p is None:
        return _NO_PLACEMENT
    gias = types.get(p.urn) if p.urn is not None else None
    return setting_category(
        urn=p.urn, ukprn=p.ukprn, sen_setting=p.sen_setting, gias_type=gias
    ).value


def _count(keys: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@attrs.frozen(kw_only=True)
class PlansInForce:
    """EHC plans in force on census day, counted once per child.

    Attributes:
        census_date: the day counted.
        total: children with a plan in force (ActivePlans given, not ceased by census day,
            not starting after it).
        by_need: by primary (rank 1) SEN type; ``"unknown"`` without one.
        by_age: by DfE age band of the age on census day (month of birth; birthday taken as
            the 1st of the month).
        by_setting: by the setting of the main (lowest-rank) placement in force on census day
            (else the plan's first named placement; ``"no_placement"`` without either).

    Each breakdown adds up to ``total``; keys are ordered by count, largest first.
    """

    census_date: dt.date
    total: int
    by_need: dict[str, int]
    by_age: dict[str, int]
    by_setting: dict[str, int]


def plans_in_force(ret: Sen2Return, establishment_types: Mapping[str, int]) -> PlansInForce:
    """Count the plans in force on the return's census day by need, age and setting.

    Args:
        ret: the return.
        establishment_types: URN -> GIAS establishment type code (e.g. from the schools
            register, or :func:`slcp.send.establishment_types_of` a programme).
    """
    day = ret.census_date
    plans = _in_force(ret)
    births = {c.ref: c.month_of_birth for c in ret.children}
    ages = []
    for r in plans:
        born = births.get(r.child)
        ages.append(age_band(None if born is None else born.age_on(day)))
    return PlansInForce(
        census_date=day,
        total=len(plans),
        by_need=_count(r.primary_need.value if r.primary_need else "unknown" for r in plans),
        by_age=_count(ages),
        by_setting=_count(_setting(_main_placement(r, day), establishment_types) for r in plans),
    )


@attrs.frozen(kw_only=True)
class NewPlans:
    """New EHC plans issued in the calendar year before the census.

    Attributes:
        calendar_year: ``[1 January, 1 January)`` of the activity year.
        count: plans whose start (issue) date falls in the year, transfers in excluded.
        by_need: by primary SEN type (``"unknown"`` when the plan has no SENneed).
    """

    calendar_year: DateRange
    count: int
    by_need: dict[str, int]


def _new(ret: Sen2Return) -> list[EhcRequest]:
    year = ret.calendar_year
    return [
        r
        for r in ret.requests
        if r.plan_start is not None and year.contains(r.plan_start) and not r.transferred_in
    ]


def new_plans(ret: Sen2Return) -> NewPlans:
    """Count the plans issued in the return's calendar year (transfers in excluded)."""
    plans = _new(ret)
    return NewPlans(
        calendar_year=ret.calendar_year,
        count=len(plans),
        by_need=_count(r.primary_need.value if r.primary_need else "unknown" for r in plans),
    )


class TimelinessReason(enum.Enum):
    """Why a new plan is (or is not) counted in the 20-week measure, and how."""

    WITHIN_20_WEEKS = "within_20_weeks"
    """Issued within 140 days of the request: in numerator and denominator."""
    LATE = "late"
    """Issued after 140 days: in the denominator only."""
    EXCEPTION_APPLIES = "exception_applies"
    """Week20 = 1: one of the four exceptions in regulation 10(4)(a)-(d) applied ((a) a
    school or post-16 institution, or (b) an early years provider, closed for 4+ weeks when
    advice was asked; (c) exceptional personal circumstances; (d) the child, parent or young
    person away from the area for 4+ weeks); the return does not say which. Left out of the
    measure excluding exceptions; counted in the one including them."""
    NO_REQUEST_DATE = "no_request_date"
    """The request's received date is missing or unreadable: cannot be timed."""
    ISSUED_BEFORE_REQUEST = "issued_before_request"
    """The plan's start date is before the request was received: cannot be timed."""


@attrs.frozen(kw_only=True)
class TimelinessLine:
    """One new plan and how it counts.

    Attributes:
        child: the child.
        received_on: the request's received date.
        issued_on: the plan's start (issue) date.
        days: ``issued_on - received_on`` in days, when both are known.
        reason: how it counts.
    """

    child: ChildRef
    received_on: dt.date | None
    issued_on: dt.date
    days: int | None
    reason: TimelinessReason


@attrs.frozen(kw_only=True)
class Timeliness:
    """The share of new plans issued within 20 weeks, excluding exceptions (the DfE's
    headline figure), with the variant including exceptions.

    Attributes:
        numerator: plans issued within 20 weeks, exceptions excluded.
        denominator: plans timed, exceptions excluded.
        numerator_with_exceptions: as ``numerator``, with plans where exceptions applied.
        denominator_with_exceptions: as ``denominator``, with plans where exceptions applied.
        lines: every new plan of the year and how it counts.
    """

    numerator: int
    denominator: int
    numerator_with_exceptions: int
    denominator_with_exceptions: int
    lines: tuple[TimelinessLine, ...]

    @property
    def percent(self) -> Fraction | None:
        """Exact percentage ``100 × numerator ÷ denominator``; ``None`` when nothing is timed."""
        return None if self.denominator == 0 else Fraction(100 * self.numerator, self.denominator)

    @property
    def percent_text(self) -> str | None:
        """:attr:`percent` rounded half up to one decimal place, for display."""
        return _text(self.percent)

    @property
    def percent_with_exceptions(self) -> Fraction | None:
        """The exact percentage including plans where exceptions applied."""
        if self.denominator_with_exceptions == 0:
            return None
        return Fraction(100 * self.numerator_with_exceptions, self.denominator_with_exceptions)

    @property
    def percent_with_exceptions_text(self) -> str | None:
        """:attr:`percent_with_exceptions` rounded half up to one place, for display."""
        return _text(self.percent_with_exceptions)


def _text(percent: Fraction | None) -> str | None:
    # the one display rule: half up to one place, as every slcp percentage
    return None if percent is None else str(round_decimal(percent, 1))


def timeliness_20_weeks(ret: Sen2Return) -> Timeliness:
    """The 20-week timeliness of the new plans of the return's calendar year.

    A new plan (start date in the calendar year, not transferred in) is on time when
    ``start - received <= 140 days``: a request received on Monday 3 January 2022 is on time
    when the plan is issued by Monday 23 May 2022. Plans whose assessment records
    ``Week20 = 1`` are left out of the headline measure and kept in the variant including
    exceptions; plans that cannot be timed (no received date, or issued before it) are in
    neither.
    """
    lines: list[TimelinessLine] = []
    for r in _new(ret):
        if r.plan_start is None:  # _new keeps only plans with a start; for the type checker
            continue
        days = None if r.received_on is None else (r.plan_start - r.received_on).days
        if days is None:
            reason = TimelinessReason.NO_REQUEST_DATE
        elif days < 0:
            reason = TimelinessReason.ISSUED_BEFORE_REQUEST
        elif r.exception_applies:
            reason = TimelinessReason.EXCEPTION_APPLIES
        elif days <= TWENTY_WEEKS_DAYS:
            reason = TimelinessReason.WITHIN_20_WEEKS
        else:
            reason = TimelinessReason.LATE
        lines.append(
            TimelinessLine(
                child=r.child,
                received_on=r.received_on,
                issued_on=r.plan_start,
                days=days,
                reason=reason,
            )
        )
    within = sum(1 for x in lines if x.reason is TimelinessReason.WITHIN_20_WEEKS)
    timed = within + sum(1 for x in lines if x.reason is TimelinessReason.LATE)
    exceptions = [x for x in lines if x.reason is TimelinessReason.EXCEPTION_APPLIES]
    exc_within = sum(1 for x in exceptions if x.days is not None and x.days <= TWENTY_WEEKS_DAYS)
    return Timeliness(
        numerator=within,
        denominator=timed,
        numerator_with_exceptions=within + exc_within,
        denominator_with_exceptions=timed + len(exceptions),
        lines=tuple(lines),
    )


def placements_by_setting(
    ret: Sen2Return, establishment_types: Mapping[str, int]
) -> tuple[tuple[str, int], ...]:
    """Placements in force on census day (every rank) of plans in force, by setting.

    Returns:
        ``(setting, count)`` pairs, largest count first (ties by setting name).
    """
    day = ret.census_date
    settings = (
        _setting(p, establishment_types)
        for r in _in_force(ret)
        for p in r.placements
        if p.is_in_force_on(day)
    )
    return tuple(_count(settings).items())


def placements_by_borough(
    returns: Iterable[Sen2Return], establishment_types: Mapping[str, int]
) -> dict[str, tuple[tuple[str, int], ...]]:
    """:func:`placements_by_setting` for each authority's return, keyed by GSS code (or the
    header's DfE code, or ``"unknown"``), in key order."""
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for ret in returns:
        key: GssCode | str = ret.la or ret.la_code or "unknown"
        out[key] = placements_by_setting(ret, establishment_types)
    return dict(sorted(out.items()))
