"""Effective-dated parameters with provenance.

Rules that change by date (uplift caps, KPI thresholds, Ofsted ratings, fee schedules) are held
in a :class:`Timeline`: entries each take effect on a date and stay in force until the next
entry (or the timeline's ``ends``). Every entry carries the :class:`Source` it came from. A date
with no value in force raises :class:`~slcp.errors.ParameterNotFoundError`; it never returns
zero.

Imports only :mod:`slcp.errors` and :mod:`slcp.periods`.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from bisect import bisect_right
from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from slcp.errors import ParameterNotFoundError, PeriodError
from slcp.periods import DateRange

__all__ = ["Source", "SourceKind", "Timeline", "TimelineEntry"]

T = TypeVar("T")


class SourceKind(enum.Enum):
    """Where a figure or rule came from."""

    CONTRACT_CLAUSE = "contract_clause"
    BOARD_DECISION = "board_decision"
    REPORT = "report"
    STATUTE = "statute"
    AGREEMENT = "agreement"
    INSPECTION = "inspection"
    DATA_RETURN = "data_return"
    ASSUMPTION = "assumption"


@attrs.frozen(kw_only=True)
class Source:
    """Provenance of a rule or figure: what says so.

    Attributes:
        kind: the kind of source.
        citation: a human-readable reference, e.g. ``"SLCP report to CPP, 3 July 2019, §3.2.5"``.
        dated: the date of the source, where known.

    >>> Source(kind=SourceKind.REPORT, citation="CPP report 2019 §3.2.5")
    Source(kind=<SourceKind.REPORT: 'report'>, citation='CPP report 2019 §3.2.5', dated=None)
    """

    kind: SourceKind
    citation: str
    dated: dt.date | None = None


@attrs.frozen(kw_only=True)
class TimelineEntry(Generic[T]):
    """One value and the day it takes effect (in force until the next entry).

    Attributes:
        effective: the first day the value is in force.
        value: the value.
        source: what says so.
    """

    effective: dt.date
    value: T
    source: Source


def _effective(entry: TimelineEntry[T]) -> dt.date:
    return entry.effective


@attrs.frozen(kw_only=True)
class Timeline(Generic[T]):
    """An effective-dated parameter: each entry is in force from its ``effective`` date up
    to (not including) the next entry's, the last one up to ``ends`` (or forever).

    Attributes:
        entries: the entries, in strictly increasing order of ``effective`` (checked).
        ends: first day on which no value is in force any more, or ``None``.

    >>> src = Source(kind=SourceKind.BOARD_DECISION, citation="SEND board, March 2019")
    >>> cap = Timeline(entries=(
    ...     TimelineEntry(effective=dt.date(2019, 4, 1), value="1.0%", source=src),
    ...     TimelineEntry(effective=dt.date(2020, 4, 1), value="1.5%", source=src)))
    >>> cap.value_on(dt.date(2020, 3, 31)), cap.value_on(dt.date(2020, 4, 1))
    ('1.0%', '1.5%')
    >>> cap.value_on(dt.date(2019, 3, 31))
    Traceback (most recent call last):
    ...
    slcp.errors.ParameterNotFoundError: no value in force on 2019-03-31...
    """

    entries: tuple[TimelineEntry[T], ...] = attrs.field()
    ends: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        days = [e.effective for e in self.entries]
        for i, (a, b) in enumerate(itertools.pairwise(days)):
            if b <= a:
                raise PeriodError(
                    "timeline entries must take effect on strictly increasing dates",
                    field=f"entries[{i + 1}].effective",
                    value=b,
                    expected=f"after {a.isoformat()}",
                )
        if self.ends is not None and days and self.ends <= days[-1]:
            raise PeriodError(
                "a timeline must end after its last entry takes effect",
                field="ends",
                value=self.ends,
                expected=f"after {days[-1].isoformat()}",
            )

    @classmethod
    def constant(cls, value: T, *, effective: dt.date, source: Source) -> Timeline[T]:
        """A timeline with a single value from ``effective`` onward."""
        return cls(entries=(TimelineEntry(effective=effective, value=value, source=source),))

    @classmethod
    def from_entries(
        cls, entries: Iterable[TimelineEntry[T]], *, ends: dt.date | None = None
    ) -> Timeline[T]:
        """A timeline from entries in any order (they are sorted by effective date)."""
        return cls(entries=tuple(sorted(entries, key=lambda e: e.effective)), ends=ends)

    def entry_on(self, day: dt.date) -> TimelineEntry[T]:
        """The entry in force on ``day``.

        Raises:
            ParameterNotFoundError: before the first entry, on or after ``ends``, or when
                the timeline is empty.
        """
        i = bisect_right(self.entries, day, key=_effective)
        if i == 0 or (self.ends is not None and day >= self.ends):
            first = self.entries[0].effective.isoformat() if self.entries else "never"
            raise ParameterNotFoundError(
                f"no value in force on {day.isoformat()}",
                field="effective",
                value=day,
                expected=f"a date from {first}"
                + (f" and before {self.ends.isoformat()}" if self.ends else ""),
            )
        return self.entries[i - 1]

    def value_on(self, day: dt.date) -> T:
        """The value in force on ``day`` (see :meth:`entry_on`)."""
        return self.entry_on(day).value

    def has_value_on(self, day: dt.date) -> bool:
        """True when a value is in force on ``day``."""
        try:
            self.entry_on(day)
        except ParameterNotFoundError:
            return False
        return True

    def periods(self) -> tuple[tuple[DateRange, TimelineEntry[T]], ...]:
        """Each entry with the half-open range it is in force for (the last may be open)."""
        out: list[tuple[DateRange, TimelineEntry[T]]] = []
        for i, e in enumerate(self.entries):
            nxt = self.entries[i + 1].effective if i + 1 < len(self.entries) else self.ends
            out.append((DateRange(start=e.effective, end=nxt), e))
        return tuple(out)

    def with_entry(self, entry: TimelineEntry[T]) -> Timeline[T]:
        """A new timeline with ``entry`` added (replacing any entry on the same date)."""
        kept = [e for e in self.entries if e.effective != entry.effective]
        return Timeline.from_entries([*kept, entry], ends=self.ends)

    @property
    def first_effective(self) -> dt.date | None:
        """The day the first entry takes effect, or ``None`` for an empty timeline."""
        return self.entries[0].effective if self.entries else None
