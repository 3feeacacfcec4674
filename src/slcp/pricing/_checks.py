"""Bad pricing input, found all at once: fee histories with gaps or overlaps, uplift rounds
naming unknown providers or agreeing more than was asked, fees of zero.

:func:`check_pricing` returns findings (a council sees every problem in one run);
:func:`fee_history_from_periods` builds a fee history from dated rows and raises a typed error
at the first gap or overlap, naming the row.
"""

from __future__ import annotations

from collections.abc import Sequence

from slcp.domain import FeeComponents, Programme, RouteKind
from slcp.errors import PeriodError
from slcp.findings import Finding, Severity
from slcp.periods import DateRange
from slcp.timeline import Source, Timeline, TimelineEntry

__all__ = ["check_pricing", "fee_history_from_periods"]


def fee_history_from_periods(
    rows: Sequence[tuple[DateRange, FeeComponents, Source]],
) -> Timeline[FeeComponents]:
    """A fee history from rows that each give the fee for ``[start, end)``.

    Rows must tile time: each starts on the day the previous one ends (the last may be open).
    The history ends with the last row's end.

    Raises:
        PeriodError: no rows, a gap, an overlap, or an open row that is not the last; the
            error names the row (``rows[2].start``).

    >>> import datetime as dt
    >>> from slcp.money import Money
    >>> from slcp.timeline import SourceKind
    >>> src = Source(kind=SourceKind.AGREEMENT, citation="ICA")
    >>> fee = FeeComponents(core=Money(100_000))
    >>> rows = [(DateRange(start=dt.date(2019, 4, 1), end=dt.date(2019, 9, 1)), fee, src),
    ...         (DateRange(start=dt.date(2019, 9, 2)), fee, src)]
    >>> fee_history_from_periods(rows)
    Traceback (most recent call last):
    ...
    slcp.errors.PeriodError: gap in the fee history: no fee for [2019-09-01, 2019-09-02)...
    """
    if not rows:
        raise PeriodError("a fee history needs at least one row", field="rows")
    entries: list[TimelineEntry[FeeComponents]] = []
    for i, (period, fee, source) in enumerate(rows):
        if i > 0:
            before = rows[i - 1][0]
            if before.end is None:
                raise PeriodError(
                    "only the last fee row may be open-ended",
                    field=f"rows[{i - 1}].end",
                    expected="an end date, the day the next row starts",
                )
            if period.start > before.end:
                gap = DateRange(start=before.end, end=period.start)
                raise PeriodError(
                    f"gap in the fee history: no fee for {gap}",
                    field=f"rows[{i}].start",
                    value=period.start,
                    expected=f"{before.end.isoformat()} (the previous row's end)",
                )
            if period.start < before.end:
                raise PeriodError(
                    "overlap in the fee history: two fees for the same days",
                    field=f"rows[{i}].start",
                    value=period.start,
                    expected=f"{before.end.isoformat()} (the previous row's end)",
                )
        entries.append(TimelineEntry(effective=period.start, value=fee, source=source))
    return Timeline(entries=tuple(entries), ends=rows[-1][0].end)


def check_pricing(programme: Programme) -> tuple[Finding, ...]:
    """Every pricing problem in ``programme``, as findings.

    Codes:
        ``fee-history-gap`` (error): the fee history stops before the placement does.
        ``fee-after-placement`` (warning): a fee change takes effect on or after the
        placement's end (it overlaps whatever follows and is never charged).
        ``fee-zero`` (warning): a weekly fee of £0.00 (a bought placement charged nothing;
        in-house provision, which has no external fee, is not flagged).
        ``uplift-agreed-above-requested`` (warning): an exception agrees more than was asked.

    Cross-references (a round naming an unknown provider, two rounds for one workstream and
    year) are :func:`slcp.domain.validate`'s findings (``unknown-provider``,
    ``repeated-uplift-round``) and are not repeated here; ``slcp validate`` reports both sets.
    """
    findings: list[Finding] = []
    for i, p in enumerate(programme.placements):
        where = f"$.placements[{i}]"
        fees = p.fees
        end = p.period.end
        if fees.ends is not None and (end is None or fees.ends < end):
            findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code="fee-history-gap",
                    message=(
                        f"no fee from {fees.ends.isoformat()} though the placement runs "
                        f"{'on' if end is None else 'to ' + end.isoformat()}"
                    ),
                    subject_id=p.id,
                    location=f"{where}.fees",
                )
            )
        for j, entry in enumerate(fees.entries):
            if end is not None and entry.effective >= end:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="fee-after-placement",
                        message=(
                            f"fee change on {entry.effective.isoformat()} is on or after the "
                            f"placement's end {end.isoformat()}"
                        ),
                        subject_id=p.id,
                        location=f"{where}.fees[{j}]",
                    )
                )
            elif entry.value.total.pence == 0 and p.route.kind is not RouteKind.IN_HOUSE:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="fee-zero",
                        message=f"weekly fee of £0.00 from {entry.effective.isoformat()}",
                        subject_id=p.id,
                        location=f"{where}.fees[{j}]",
                    )
                )
    for i, r in enumerate(programme.uplift_rounds):
        where = f"$.uplift_rounds[{i}]"
        for j, req in enumerate(r.requests):
            if req.agreed is not None and req.agreed > req.requested:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="uplift-agreed-above-requested",
                        message=(
                            f"{req.provider} was agreed {req.agreed} against {req.requested} "
                            "requested: the round's cost avoidance is negative"
                        ),
                        subject_id=r.id,
                        location=f"{where}.requests[{j}].agreed",
                    )
                )
    return tuple(findings)
