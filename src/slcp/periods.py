"""Half-open time: date ranges, financial and academic years, anniversaries.

Every range in slcp is half-open, ``[start, end)``: ``start`` is the first day included and
``end`` the first day *not* included. Inclusive "first day / last day" forms exist only at the
edges (:meth:`DateRange.from_inclusive`, :attr:`DateRange.last_day`, file formats).
Local-government financial years run 1 April to 31 March and are :class:`FinancialYear`
values, never bare ints. Anniversaries are computed from the origin date each time
(29 February clamps to 28 February), never by adding a year repeatedly.

Imports only :mod:`slcp.errors`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs

from slcp.errors import InvalidValueError, PeriodError

__all__ = [
    "AcademicYear",
    "DateRange",
    "FinancialYear",
    "YearMonth",
    "anniversaries",
    "anniversary",
    "months_after",
    "split_by_financial_year",
]


def _check_date(value: object, field: str) -> None:
    if type(value) is dt.date:  # the common case, decided without two isinstance calls
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise PeriodError("must be a date", field=field, value=value, expected="datetime.date")


@attrs.frozen(kw_only=True, order=True)
class DateRange:
    """A half-open range of days ``[start, end)``; ``end=None`` means still open.

    ``start`` is the first day in the range; ``end`` is the first day **after** it. A
    placement that started on 1 April 2019 and whose last night was 31 March 2020 is
    ``DateRange(start=date(2019, 4, 1), end=date(2020, 4, 1))`` — 366 days, as 2020 is a
    leap year. ``start == end`` is an empty range (zero days), which is allowed.

    Attributes:
        start: first day included.
        end: first day excluded, or ``None`` for an open-ended range (a placement with no
            end yet).

    >>> r = DateRange.from_inclusive(dt.date(2019, 4, 1), dt.date(2020, 3, 31))
    >>> r.end, r.days, r.last_day
    (datetime.date(2020, 4, 1), 366, datetime.date(2020, 3, 31))
    >>> DateRange(start=dt.date(2020, 2, 29), end=dt.date(2020, 2, 29)).days
    0
    >>> dt.date(2020, 4, 1) in r
    False
    >>> DateRange(start=dt.date(2020, 1, 2), end=dt.date(2020, 1, 1))
    Traceback (most recent call last):
    ...
    slcp.errors.PeriodError: a range cannot end before it starts...
    """

    start: dt.date
    # ordering: an open end sorts after every date, so ranges with one sort without TypeError
    end: dt.date | None = attrs.field(default=None, order=lambda e: (e is None, e or dt.date.min))

    def __attrs_post_init__(self) -> None:
        _check_date(self.start, "start")
        if self.end is not None:
            _check_date(self.end, "end")
            if self.end < self.start:
                raise PeriodError(
                    "a range cannot end before it starts",
                    field="end",
                    value=self.end,
                    expected=f"on or after start {self.start.isoformat()} (half-open [start, end))",
                )

    @classmethod
    def from_inclusive(cls, first_day: dt.date, last_day: dt.date) -> DateRange:
        """The range from ``first_day`` to ``last_day``, both included."""
        return cls(start=first_day, end=last_day + dt.timedelta(days=1))

    @classmethod
    def open_from(cls, start: dt.date) -> DateRange:
        """An open-ended range starting on ``start``."""
        return cls(start=start, end=None)

    @property
    def is_open_ended(self) -> bool:
        """True when the range has no end yet."""
        return self.end is None

    @property
    def is_empty(self) -> bool:
        """True for a zero-day range (``start == end``)."""
        return self.end is not None and self.end == self.start

    @property
    def days(self) -> int:
        """Number of days in the range (``end - start``).

        Raises:
            PeriodError: for an open-ended range, which has no finite length.
        """
        if self.end is None:
            raise PeriodError(
                "an open-ended range has no number of days; bound it first",
                field="end",
                expected="a range with an end, e.g. range.bounded_by(year.range)",
            )
        return (self.end - self.start).days

    @property
    def last_day(self) -> dt.date:
        """The last day included (``end - 1 day``); for display and inclusive file formats.

        Raises:
            PeriodError: for an open-ended or empty range.
        """
        if self.end is None or self.is_empty:
            raise PeriodError("an open-ended or empty range has no last day", field="end")
        return self.end - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        if type(day) is not dt.date and (
            isinstance(day, dt.datetime) or not isinstance(day, dt.date)
        ):
            return False
        return self.start <= day and (self.end is None or day < self.end)

    def contains(self, day: dt.date) -> bool:
        """True when ``start <= day < end``."""
        if type(day) is not dt.date and (
            isinstance(day, dt.datetime) or not isinstance(day, dt.date)
        ):
            return False  # as ``day in self``, written out: it is called per record
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: DateRange) -> bool:
        """True when the two ranges share at least one day (empty ranges share none).

        >>> a = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1))
        >>> a.overlaps(DateRange(start=dt.date(2020, 2, 1)))
        False
        >>> a.overlaps(DateRange(start=dt.date(2020, 1, 31), end=dt.date(2020, 3, 1)))
        True
        """
        # the same test as ``intersection(other) is not None``, without building the range
        start = self.start if self.start >= other.start else other.start
        if self.end is None:
            return other.end is None or other.end > start
        if other.end is None or self.end <= other.end:
            return self.end > start
        return other.end > start

    def intersection(self, other: DateRange) -> DateRange | None:
        """The days both ranges contain, or ``None`` when they share none."""
        start = self.start if self.start >= other.start else other.start
        if self.end is None:
            end = other.end
        elif other.end is None or self.end <= other.end:
            end = self.end
        else:
            end = other.end
        if end is not None and end <= start:
            return None
        return _checked_range(start, end)

    def bounded_by(self, other: DateRange) -> DateRange | None:
        """Alias of :meth:`intersection`, read as "this range, within ``other``"."""
        return self.intersection(other)

    def with_end(self, end: dt.date | None) -> DateRange:
        """The same start with a new end (``None`` re-opens it)."""
        return attrs.evolve(self, end=end)

    def iter_days(self) -> Iterator[dt.date]:
        """Each day in the range, in order (bounded ranges only)."""
        for offset in range(self.days):
            yield self.start + dt.timedelta(days=offset)

    def __str__(self) -> str:
        end = self.end.isoformat() if self.end else "open"
        return f"[{self.start.isoformat()}, {end})"


def _checked_range(start: dt.date, end: dt.date | None) -> DateRange:
    # a DateRange from days already checked (the ends of two ranges, ``end`` > ``start`` or
    # ``None``): the same value as ``DateRange(start=start, end=end)`` without checking them
    # again, as an intersection of many ranges (a report's per-placement periods) builds many
    r = object.__new__(DateRange)
    object.__setattr__(r, "start", start)
    object.__setattr__(r, "end", end)
    return r


_FY_PATTERN = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@attrs.frozen(order=False)
class FinancialYear:
    """A local-government financial year, 1 April to 31 March, written ``"2019/20"``.

    Attributes:
        start_year: the calendar year in which the financial year begins (2019 for 2019/20).

    >>> fy = FinancialYear.parse("2019-20")
    >>> fy, str(fy), str(fy.range)
    (FinancialYear(start_year=2019), '2019/20', '[2019-04-01, 2020-04-01)')
    >>> fy.days  # 29 February 2020 falls in 2019/20
    366
    >>> str(FinancialYear.containing(dt.date(2020, 3, 31)))
    '2019/20'
    >>> str(FinancialYear.containing(dt.date(2020, 4, 1)))
    '2020/21'
    >>> FinancialYear.parse("2019/21")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: not a financial year...
    """

    start_year: int = attrs.field()

    @start_year.validator
    def _check(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is int and 1900 <= value <= 2200:  # the common case, decided at once
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            raise InvalidValueError(
                "financial year must start in a year between 1900 and 2200",
                field="start_year",
                value=value,
                expected="an int such as 2019 for 2019/20",
            )

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Parse ``"2019/20"``, ``"2019-20"``, ``"2019/2020"`` or ``"2019-2020"``."""
        m = _FY_PATTERN.match(text) if isinstance(text, str) else None
        if m is not None:
            first = int(m.group(1))
            second = m.group(2)
            following = (first + 1) % 100 if len(second) == 2 else first + 1
            if int(second) == following:
                return cls(first)
        raise InvalidValueError(
            "not a financial year",
            field="financial_year",
            value=text,
            expected="'2019/20' or '2019-20' (consecutive years)",
        )

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        """The financial year that contains ``day``."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> dt.date:
        """1 April, the first day of the year."""
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """1 April of the following year: the first day *after* the year (half-open)."""
        return dt.date(self.start_year + 1, 4, 1)

    @property
    def range(self) -> DateRange:
        """``[1 April, next 1 April)``."""
        return DateRange(start=self.start, end=self.end)

    @property
    def days(self) -> int:
        """365, or 366 when the year contains 29 February."""
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        """``"2019/20"``."""
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    # ordered by start year, as attrs' ``order=True`` would order them (only against another
    # FinancialYear), written out because reports compare and sort years many thousand times
    # and attrs' generic comparison builds a tuple of each side's fields every time
    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.start_year < other.start_year

    def __le__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.start_year <= other.start_year

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.start_year > other.start_year

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.start_year >= other.start_year

    def next(self) -> FinancialYear:
        """The following financial year."""
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        """The preceding financial year."""
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


@attrs.frozen(order=True)
class AcademicYear:
    """A school academic year, 1 September to 31 August, written ``"2019/20"``.

    Attributes:
        start_year: the calendar year in which it begins (2019 for 2019/20).

    >>> AcademicYear.containing(dt.date(2020, 8, 31)).range
    DateRange(start=datetime.date(2019, 9, 1), end=datetime.date(2020, 9, 1))
    """

    start_year: int

    @classmethod
    def containing(cls, day: dt.date) -> AcademicYear:
        """The academic year that contains ``day``."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def range(self) -> DateRange:
        """``[1 September, next 1 September)``."""
        return DateRange(
            start=dt.date(self.start_year, 9, 1), end=dt.date(self.start_year + 1, 9, 1)
        )

    @property
    def days(self) -> int:
        """365 or 366."""
        return self.range.days

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


def split_by_financial_year(period: DateRange) -> tuple[tuple[FinancialYear, DateRange], ...]:
    """Cut a bounded range at each 1 April.

    The pieces tile the range exactly: they are contiguous, in order, non-empty, and their
    days add up to ``period.days``. An empty range gives no pieces.

    Raises:
        PeriodError: for an open-ended range (bound it first).

    >>> for fy, part in split_by_financial_year(
    ...         DateRange(start=dt.date(2019, 3, 31), end=dt.date(2020, 4, 2))):
    ...     print(fy, part.days)
    2018/19 1
    2019/20 366
    2020/21 1
    """
    if period.end is None:
        raise PeriodError(
            "cannot split an open-ended range by financial year",
            field="end",
            expected="a bounded range",
        )
    pieces: list[tuple[FinancialYear, DateRange]] = []
    cursor = period.start
    while cursor < period.end:
        fy = FinancialYear.containing(cursor)
        piece_end = min(fy.end, period.end)
        pieces.append((fy, DateRange(start=cursor, end=piece_end)))
        cursor = piece_end
    return tuple(pieces)


def anniversary(origin: dt.date, years: int) -> dt.date:
    """The date ``years`` years after ``origin``, computed from the origin itself.

    29 February clamps to 28 February in a non-leap year.

    >>> anniversary(dt.date(2020, 2, 29), 1), anniversary(dt.date(2020, 2, 29), 4)
    (datetime.date(2021, 2, 28), datetime.date(2024, 2, 29))
    """
    return months_after(origin, 12 * years)


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_after(origin: dt.date, months: int) -> dt.date:
    """The date ``months`` months after ``origin``, clamped to the month's last day.

    >>> months_after(dt.date(2019, 8, 31), 6), months_after(dt.date(2019, 8, 31), 12)
    (datetime.date(2020, 2, 29), datetime.date(2020, 8, 31))
    """
    # calendar arithmetic: move the month, keep the day, clamp it to the new month's length
    # (written here, not behind a helper, as review schedules call it per due date)
    index = origin.month - 1 + months
    year = origin.year + index // 12
    month = index % 12 + 1
    last = _DAYS_IN_MONTH[month - 1]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    day = origin.day if origin.day <= last else last
    if type(origin) is dt.date:
        # the constructor, about four times as fast as ``replace`` with keywords; a subclass
        # (a datetime keeps its time of day) goes through ``replace``
        return dt.date(year, month, day)
    return origin.replace(year=year, month=month, day=day)


def anniversaries(origin: dt.date, within: DateRange) -> tuple[dt.date, ...]:
    """Every anniversary of ``origin`` (1, 2, 3... years on) that falls within ``within``.

    Each is computed from the origin (never by adding a year to the previous one), so an
    origin of 29 February gives 28 February in common years and 29 February in leap years.

    Raises:
        PeriodError: if ``within`` is open-ended.

    >>> anniversaries(dt.date(2016, 2, 29),
    ...               DateRange(start=dt.date(2016, 1, 1), end=dt.date(2021, 1, 1)))
    (datetime.date(2017, 2, 28), datetime.date(2018, 2, 28),
     datetime.date(2019, 2, 28), datetime.date(2020, 2, 29))
    """
    if within.end is None:
        raise PeriodError("anniversaries need a bounded range", field="within")
    out: list[dt.date] = []
    n = max(1, within.start.year - origin.year - 1)
    while True:
        day = anniversary(origin, n)
        if day >= within.end:
            break
        if day in within:
            out.append(day)
        n += 1
    return tuple(out)


@attrs.frozen(order=True)
class YearMonth:
    """A calendar month, e.g. a child's month of birth (never the full date).

    >>> YearMonth.of(dt.date(2008, 3, 27))
    YearMonth(year=2008, month=3)
    >>> str(YearMonth(2008, 3)), YearMonth.parse("2008-03")
    ('2008-03', YearMonth(year=2008, month=3))
    >>> march_2024 = dt.date(2024, 3, 31)
    >>> YearMonth(2008, 3).age_on(march_2024), YearMonth(2008, 4).age_on(march_2024)
    (16, 15)
    """

    year: int
    month: int = attrs.field()

    @month.validator
    def _check(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= 12:
            raise InvalidValueError("month must be 1-12", field="month", value=value)

    @classmethod
    def of(cls, day: dt.date) -> YearMonth:
        """The month containing ``day`` (drops the day: use it to reduce a date of birth)."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Parse ``"YYYY-MM"``."""
        m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip()) if isinstance(text, str) else None
        if m is None:
            raise InvalidValueError(
                "not a year and month", field="month", value=text, expected="'YYYY-MM'"
            )
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def first_day(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    def age_on(self, day: dt.date) -> int:
        """Age in completed years on ``day``, taking the birthday as the 1st of the month.

        slcp rule: with only the month of birth known, a child is treated as having their
        birthday on the first of that month (so they are never counted younger than the
        oldest child born that month).
        """
        first = self.first_day
        years = day.year - first.year
        if (day.month, day.day) < (first.month, 1):
            years -= 1
        return years

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
