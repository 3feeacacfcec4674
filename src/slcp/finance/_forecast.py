"""Forecast outturn: what the year will cost, as known on a day, by month and funding stream.

For a financial year and an as-of date ``D`` (a forecast "made on D"):

* **actual** — what the placements known on ``D`` cost on the days before ``D``;
* **committed** — what the placements in force on ``D`` will cost from ``D`` to their known
  end or to the year end, at the fee that will apply (fee history known on ``D`` plus the
  programme's agreed uplift rounds, including those that take effect later in the year);
* **demand** (optional, an assumption) — placements expected to start after ``D`` at the rate
  seen in the last N months, at those starts' average weekly fee;
* **forecast** = actual + committed + demand; **budget** where the programme has one;
  **variance** = forecast − budget (positive: an overspend); **movement** = the change since the
  forecast made at the end of the previous month.

What is known on ``D`` is the snapshot rule of :func:`snapshot_placement`
(``docs/decisions/1001``). Charges come from :mod:`slcp.pricing` (the placement's fee schedule
and charging basis), never re-derived here. The forecast's exact total is rounded once (half
up) and allocated by largest remainder, first to the cells
:func:`slcp.pricing.cost_portfolio` uses (borough × workstream × lot × provider × service),
then within each cell to funding streams and each stream to component × month
(``docs/decisions/1003``, ``1006``): every breakdown
adds up, and the forecast made on 31 March equals the year's spend from
:func:`slcp.pricing.cost_portfolio`, per cell, to the penny.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from slcp.domain import (
    Budget,
    ChargingMethod,
    FundingShares,
    GssCode,
    Placement,
    Programme,
    ServiceKind,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.finance._funding import FundingStream, stream_weights
from slcp.money import Money, allocate_pence, round_pence
from slcp.periods import DateRange, FinancialYear, YearMonth, months_after
from slcp.pricing import charge_for_period, cost_for_range, fee_on, fee_schedule
from slcp.timeline import Timeline

__all__ = [
    "BudgetComparison",
    "DemandAssumption",
    "DemandEstimate",
    "ForecastLine",
    "ForecastMonth",
    "OutturnForecast",
    "forecast_outturn",
    "lead_stream",
    "previous_month_end",
    "snapshot_placement",
]

_ACTUAL, _COMMITTED, _DEMAND = "actual", "committed", "demand"
_ONE_DAY = dt.timedelta(days=1)


def lead_stream(workstream: Workstream) -> FundingStream:
    """The stream whose budget a programme :class:`~slcp.domain.Budget` is taken to be.

    A SEND placement budget is the High Needs Block's (education); a LAC placement budget is
    children's social care's (REFERENCE §8, ``docs/decisions/1001``).

    >>> lead_stream(Workstream.SEND).value, lead_stream(Workstream.LAC).value
    ('education', 'social_care')
    """
    return FundingStream.EDUCATION if workstream is Workstream.SEND else FundingStream.SOCIAL_CARE


def previous_month_end(as_of: dt.date) -> dt.date:
    """The day the previous month's forecast was made: the last day of the month before.

    >>> previous_month_end(dt.date(2019, 10, 31)), previous_month_end(dt.date(2020, 3, 1))
    (datetime.date(2019, 9, 30), datetime.date(2020, 2, 29))
    >>> previous_month_end(dt.date(2019, 4, 15))
    datetime.date(2019, 3, 31)
    """
    return as_of.replace(day=1) - _ONE_DAY


def _end_known(placement: Placement, as_of: dt.date) -> bool:
    end = placement.period.end
    if end is None:
        return False
    if end <= as_of:
        return True
    ending = placement.ending
    if ending is None or not ending.is_planned:
        return False
    return ending.notice_given_on is None or ending.notice_given_on <= as_of


def snapshot_placement(placement: Placement, as_of: dt.date) -> Placement | None:
    """The placement as known at the close of ``as_of`` (the snapshot rule).

    * A placement is known once it has begun: ``start <= as_of``; otherwise ``None``.
    * Its end is known when it falls on or before ``as_of``, or when the ending is planned and
      notice (where recorded) was given on or before ``as_of``. An unknown end is dropped:
      the placement is taken as continuing.
    * Fee-history entries taking effect after ``as_of`` are not yet known and are dropped.
      The programme's uplift rounds are agreed positions and stay (pricing applies them).

    Returns the placement itself when nothing is hidden.

    >>> from slcp.domain import (EndingReason, FeeComponents, PlacementEnding, PlacementId,
    ...     ProviderId, PurchaseRoute, RouteKind)
    >>> from slcp.timeline import Source, SourceKind
    >>> src = Source(kind=SourceKind.ASSUMPTION, citation="example")
    >>> p = Placement(id=PlacementId("PL1"), child="C1", borough=GssCode("E09000008"),
    ...     workstream=Workstream.LAC, provider=ProviderId("P1"),
    ...     service=ServiceKind.CHILDRENS_HOME,
    ...     period=DateRange(start=dt.date(2019, 5, 1), end=dt.date(2019, 12, 1)),
    ...     fees=Timeline.constant(FeeComponents(core=Money(350_000)),
    ...                            effective=dt.date(2019, 5, 1), source=src),
    ...     route=PurchaseRoute(kind=RouteKind.SPOT),
    ...     ending=PlacementEnding(reason=EndingReason.UNPLANNED_BREAKDOWN))
    >>> snapshot_placement(p, dt.date(2019, 4, 30)) is None      # not begun
    True
    >>> snapshot_placement(p, dt.date(2019, 10, 31)).period.end is None   # breakdown unknown
    True
    >>> snapshot_placement(p, dt.date(2019, 12, 1)) is p          # ended on or before as_of
    True
    """
    if placement.period.start > as_of:
        return None
    entries = tuple(e for e in placement.fees.entries if e.effective <= as_of)
    hide_end = placement.period.end is not None and not _end_known(placement, as_of)
    if not hide_end and len(entries) == len(placement.fees.entries):
        return placement
    if hide_end:
        return attrs.evolve(
            placement,
            period=placement.period.with_end(None),
            ending=None,
            fees=Timeline(entries=entries),
        )
    return placement.with_fees(Timeline(entries=entries, ends=placement.fees.ends))


@attrs.frozen(kw_only=True)
class DemandAssumption:
    """Expected new demand: an explicit, labelled assumption.

    New placements of each borough × workstream × service are assumed to start at the rate
    seen in the ``lookback_months`` months up to and including the as-of date, the same number
    on the first day of every whole month after the as-of date, each running to the year end
    at the average starting weekly fee of those recent starts, charged pro rata by day, and
    paid in the average of their funding shares.

    Attributes:
        lookback_months: N, the months of history the rate and average fee come from (1–24).
    """

    lookback_months: int = attrs.field()

    @lookback_months.validator
    def _check(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 24:
            raise InvalidValueError(
                "lookback must be a whole number of months from 1 to 24",
                field="lookback_months",
                value=value,
                expected="e.g. 6",
            )


@attrs.frozen(kw_only=True)
class DemandEstimate:
    """The demand assumed for one borough × workstream × service, with its working.

    Attributes:
        borough: the placing borough.
        workstream: SEND or LAC.
        service: the kind of service.
        window: the lookback ``[start, end)`` the starts were counted in.
        starts: placements that began in ``window``.
        starts_per_month: ``starts ÷ lookback months`` (exact).
        average_weekly_fee: the starts' mean starting weekly fee, rounded half up to the penny.
        start_months: the months new placements are assumed to start in (first day of each).
        exact: the exact demand cost for the year, in pence.
    """

    borough: GssCode
    workstream: Workstream
    service: ServiceKind
    window: DateRange
    starts: int
    starts_per_month: Fraction
    average_weekly_fee: Money
    start_months: tuple[YearMonth, ...]
    exact: Fraction


@attrs.frozen(kw_only=True)
class ForecastMonth:
    """One month of a forecast line (pence, allocated: months add up to the line).

    Attributes:
        month: the calendar month.
        actual: charges for days of the month before the as-of date.
        committed: charges for days of the month from the as-of date on.
        demand: assumed new demand in the month.
    """

    month: YearMonth
    actual: Money
    committed: Money
    demand: Money

    @property
    def forecast(self) -> Money:
        """``actual + committed + demand``."""
        return self.actual + self.committed + self.demand


@attrs.frozen(kw_only=True)
class ForecastLine:
    """One budget line: borough × workstream × service × funding stream.

    Attributes:
        borough: the placing borough.
        workstream: SEND or LAC.
        service: the kind of service.
        stream: the funding stream paying this part.
        months: April to March; each month's figures add up to the line's.
        actual: actual to date (pence).
        committed: commitments to the year end (pence).
        demand: assumed new demand (pence; zero without a demand assumption).
        exact: the exact forecast for the line, in pence, before rounding.
        budget: the programme's budget for the line, where one names it (see
            :func:`lead_stream`); ``None`` when there is none.
        previous_forecast: the forecast made at the previous month end, when compared.
    """

    borough: GssCode
    workstream: Workstream
    service: ServiceKind
    stream: FundingStream
    months: tuple[ForecastMonth, ...]
    actual: Money
    committed: Money
    demand: Money
    exact: Fraction
    budget: Money | None = None
    previous_forecast: Money | None = None

    @property
    def forecast(self) -> Money:
        """Forecast outturn: ``actual + committed + demand``."""
        return self.actual + self.committed + self.demand

    @property
    def variance(self) -> Money | None:
        """``forecast − budget`` (positive: overspend); ``None`` without a budget."""
        return None if self.budget is None else self.forecast - self.budget

    @property
    def movement(self) -> Money | None:
        """``forecast − previous forecast``; ``None`` when not compared."""
        if self.previous_forecast is None:
            return None
        return self.forecast - self.previous_forecast

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """Borough, workstream, service, stream."""
        return (self.borough, self.workstream.value, self.service.value, self.stream.value)


@attrs.frozen(kw_only=True)
class BudgetComparison:
    """A programme budget set against the forecast of the lines it funds.

    Attributes:
        budget: the budget record.
        stream: the stream it is taken to belong to (:func:`lead_stream`).
        forecast: the forecast of the lines it covers (its borough, workstream, stream, and
            service when it names one), in pence.
    """

    budget: Budget
    stream: FundingStream
    forecast: Money

    @property
    def variance(self) -> Money:
        """``forecast − budget`` (positive: overspend)."""
        return self.forecast - self.budget.amount


@attrs.frozen(kw_only=True)
class OutturnForecast:
    """The forecast outturn for a year as known on a day.

    Attributes:
        financial_year: the year forecast.
        as_of: the day the forecast is made: days before it are actual.
        lines: one per borough × workstream × service × stream, sorted.
        exact_total: the exact forecast, in pence.
        total: ``exact_total`` rounded half up; the lines add up to it exactly.
        demand_assumption: the demand assumption used, or ``None`` (no demand).
        demand: the demand estimates, with their working.
        budgets: every programme budget for the year against its forecast.
        previous_as_of: when the previous month's forecast was made, if compared.
        previous_total: that forecast's total, if compared.
        method: the method, in words.
    """

    financial_year: FinancialYear
    as_of: dt.date
    lines: tuple[ForecastLine, ...]
    exact_total: Fraction
    total: Money
    demand_assumption: DemandAssumption | None
    demand: tuple[DemandEstimate, ...]
    budgets: tuple[BudgetComparison, ...]
    previous_as_of: dt.date | None
    previous_total: Money | None
    method: str

    def _sum(self, name: str) -> Money:
        return Money(sum(getattr(line, name).pence for line in self.lines))

    @property
    def actual(self) -> Money:
        """Actual to date over all lines."""
        return self._sum("actual")

    @property
    def committed(self) -> Money:
        """Commitments over all lines."""
        return self._sum("committed")

    @property
    def demand_total(self) -> Money:
        """Assumed demand over all lines."""
        return self._sum("demand")

    @property
    def residual(self) -> Fraction:
        """``total − exact_total`` in pence (between −½p and ½p)."""
        return self.total.pence - self.exact_total

    def by_month(self) -> dict[YearMonth, Money]:
        """The forecast per month over all lines; adds up to :attr:`total`."""
        out: dict[YearMonth, Money] = {}
        for line in self.lines:
            for m in line.months:
                out[m.month] = out.get(m.month, Money(0)) + m.forecast
        return dict(sorted(out.items()))

    def total_by_borough(self) -> dict[GssCode, Money]:
        """The forecast per borough; adds up to :attr:`total`."""
        out: dict[GssCode, Money] = {}
        for line in self.lines:
            out[line.borough] = out.get(line.borough, Money(0)) + line.forecast
        return dict(sorted(out.items()))

    def total_by_stream(self) -> dict[FundingStream, Money]:
        """The forecast per funding stream; adds up to :attr:`total`."""
        out: dict[FundingStream, Money] = {}
        for line in self.lines:
            out[line.stream] = out.get(line.stream, Money(0)) + line.forecast
        return dict(sorted(out.items(), key=lambda item: item[0].value))


@functools.lru_cache(maxsize=64)
def _months(year: FinancialYear) -> tuple[tuple[YearMonth, DateRange], ...]:
    out: list[tuple[YearMonth, DateRange]] = []
    day = year.start
    while day < year.end:
        nxt = months_after(day, 1)
        out.append((YearMonth.of(day), DateRange(start=day, end=nxt)))
        day = nxt
    return tuple(out)


#: Every charge pricing makes is a whole number of ``1 / (7 × 365 × 366)`` pence (a day of a
#: weekly fee, or of an academic year's 365 or 366 days); sums are kept as such integers.
_DENOMINATOR = 7 * 365 * 366

# level-1 key: the portfolio cell (borough, workstream, lot, provider, service), plain strings
# so allocate_pence breaks ties in the same order as cost_portfolio's sorted cells
_Cell = tuple[str, str, str, str, str]
# level-2 key: (stream, component, month index)
_Part = tuple[str, str, int]


def _numerator(exact: Fraction) -> int:
    scale, rest = divmod(_DENOMINATOR, exact.denominator)
    if rest:  # never for pricing's charges; kept exact all the same
        raise InvalidValueError(
            "a charge is not a whole number of charging units", field="exact", value=exact
        )
    return exact.numerator * scale


def _placement_pieces(
    placement: Placement,
    year: FinancialYear,
    as_of: dt.date,
    programme: Programme,
    tiers: Mapping[str, str | None],
) -> dict[tuple[str, int], int]:
    """Charge numerators per (component, month index) for the placement's days in the year."""
    tier = tiers.get(placement.provider) if placement.provider is not None else None
    rounds = programme.uplift_rounds
    whole_weeks = placement.charging.method is ChargingMethod.WHOLE_WEEKS
    schedule = fee_schedule(placement, rounds, tier=tier)
    limit = schedule.chargeable_end
    # only the fee segments that reach into the year
    segments = [
        seg
        for seg in schedule.segments
        if seg.period.start < year.end and (seg.period.end is None or seg.period.end > year.start)
    ]
    out: dict[tuple[str, int], int] = {}
    p_start = placement.period.start
    p_end = placement.period.end
    for index, (_, month) in enumerate(_months(year)):
        m_start, m_end = month.start, month.end or year.end
        if m_end <= p_start or (p_end is not None and p_end <= m_start):
            continue
        for component, lo, hi in (
            (_ACTUAL, m_start, min(m_end, as_of)),
            (_COMMITTED, max(m_start, as_of), m_end),
        ):
            if lo >= hi:
                continue
            if whole_weeks:
                # complete weeks are counted from the placement's start: let pricing cost it
                exact = cost_for_range(placement, DateRange(start=lo, end=hi), rounds, tier=tier)
                n = _numerator(exact.exact)
                if n:
                    out[(component, index)] = out.get((component, index), 0) + n
                continue
            for seg in segments:
                a = max(lo, seg.period.start)
                b = hi if seg.period.end is None else min(hi, seg.period.end)
                if limit is not None:
                    b = min(b, limit)
                if a < b:
                    charge = charge_for_period(
                        seg.weekly_fee, DateRange(start=a, end=b), placement.charging
                    )
                    n = _numerator(charge.exact)
                    if n:
                        out[(component, index)] = out.get((component, index), 0) + n
    return out


def _demand(
    programme: Programme,
    year: FinancialYear,
    as_of: dt.date,
    assumption: DemandAssumption,
    tiers: Mapping[str, str | None],
) -> tuple[list[DemandEstimate], dict[_Cell, dict[_Part, Fraction]]]:
    window_end = as_of + _ONE_DAY
    window = DateRange(start=months_after(window_end, -assumption.lookback_months), end=window_end)
    months = _months(year)
    start_indexes = [i for i, (_, r) in enumerate(months) if r.start > as_of]
    groups: dict[tuple[str, str, str], list[Placement]] = {}
    for p in programme.placements:
        if p.period.start in window:
            groups.setdefault((p.borough, p.workstream.value, p.service.value), []).append(p)
    estimates: list[DemandEstimate] = []
    cells: dict[_Cell, dict[_Part, Fraction]] = {}
    for (borough, workstream, service), starters in sorted(groups.items()):
        k = len(starters)
        rate = Fraction(k, assumption.lookback_months)
        fees = [
            fee_on(
                p,
                p.period.start,
                programme.uplift_rounds,
                tier=tiers.get(p.provider) if p.provider is not None else None,
            ).weekly_fee.pence
            for p in starters
        ]
        average = Money(round_pence(Fraction(sum(fees), k)))
        weights: dict[FundingStream, Fraction] = {}
        for p in starters:
            for s, w in stream_weights(p.funding).items():
                weights[s] = weights.get(s, Fraction(0)) + w / k
        exact_total = Fraction(0)
        parts: dict[_Part, Fraction] = {}
        for n, index in enumerate(start_indexes, start=1):
            month_cost = charge_for_period(average, months[index][1]).exact * rate * n
            exact_total += month_cost
            for s, w in weights.items():
                if w and month_cost:
                    parts[(s.value, _DEMAND, index)] = month_cost * w
        estimates.append(
            DemandEstimate(
                borough=GssCode(borough),
                workstream=Workstream(workstream),
                service=ServiceKind(service),
                window=window,
                starts=k,
                starts_per_month=rate,
                average_weekly_fee=average,
                start_months=tuple(months[i][0] for i in start_indexes),
                exact=exact_total,
            )
        )
        if parts:
            cells[(borough, workstream, "", "", service)] = parts
    return estimates, cells


def _position(
    programme: Programme,
    year: FinancialYear,
    as_of: dt.date,
    demand: DemandAssumption | None,
) -> tuple[dict[_Cell, dict[_Part, Fraction]], list[DemandEstimate]]:
    tiers: dict[str, str | None] = {p.id: p.tier for p in programme.providers}
    # numerators per cell x funding shares x (component, month), turned into exact pence once
    sums: dict[_Cell, dict[FundingShares, dict[tuple[str, int], int]]] = {}
    for original in programme.placements:
        if original.period.start >= year.end or original.period.start > as_of:
            continue
        placement = snapshot_placement(original, as_of)
        if placement is None or not placement.period.overlaps(year.range):
            continue
        cell: _Cell = (
            placement.borough,
            placement.workstream.value,
            placement.route.lot or "",
            placement.provider or "",
            placement.service.value,
        )
        target = sums.setdefault(cell, {}).setdefault(placement.funding, {})
        for piece, n in _placement_pieces(placement, year, as_of, programme, tiers).items():
            target[piece] = target.get(piece, 0) + n
    cells: dict[_Cell, dict[_Part, Fraction]] = {}
    for cell, by_shares in sums.items():
        parts = cells.setdefault(cell, {})
        for shares, numerators in by_shares.items():
            weights = {s.value: w for s, w in stream_weights(shares).items() if w}
            for (component, index), n in numerators.items():
                exact = Fraction(n, _DENOMINATOR)
                for stream, w in weights.items():
                    part = (stream, component, index)
                    parts[part] = parts.get(part, Fraction(0)) + exact * w
    estimates: list[DemandEstimate] = []
    if demand is not None:
        estimates, demand_cells = _demand(programme, year, as_of, demand, tiers)
        for cell, demand_parts in demand_cells.items():
            target_parts = cells.setdefault(cell, {})
            for part, exact in demand_parts.items():
                target_parts[part] = target_parts.get(part, Fraction(0)) + exact
    return cells, estimates


def _allocate(
    cells: Mapping[_Cell, Mapping[_Part, Fraction]],
) -> tuple[Fraction, int, dict[tuple[str, str, str, str], dict[_Part, int]], dict[str, Fraction]]:
    """Round the exact total once, allocate it to cells, then within each cell to parts.

    Returns the exact total, the rounded total, pence per line key (borough, workstream,
    service, stream) × part, and the exact forecast per line key (joined with ``|``).
    """
    cell_exact = {c: sum(parts.values(), Fraction(0)) for c, parts in cells.items()}
    cell_exact = {c: e for c, e in cell_exact.items() if e}
    exact_total = sum(cell_exact.values(), Fraction(0))
    total = round_pence(exact_total)
    lines: dict[tuple[str, str, str, str], dict[_Part, int]] = {}
    line_exact: dict[str, Fraction] = {}
    if not cell_exact:
        return exact_total, total, lines, line_exact
    for cell, pence in allocate_pence(total, dict(sorted(cell_exact.items()))).items():
        parts = {k: e for k, e in cells[cell].items() if e}
        borough, workstream, _, _, service = cell
        # the cell's streams first (the split every spend figure uses, decision 1006), then
        # each stream's pence to its components and months
        by_stream: dict[str, dict[tuple[str, int], Fraction]] = {}
        for (stream, component, index), e in parts.items():
            by_stream.setdefault(stream, {})[(component, index)] = e
        stream_exact = {s: sum(p.values(), Fraction(0)) for s, p in sorted(by_stream.items())}
        for stream, stream_pence in allocate_pence(pence, stream_exact).items():
            key = (borough, workstream, service, stream)
            target = lines.setdefault(key, {})
            for (component, index), p in allocate_pence(stream_pence, by_stream[stream]).items():
                part = (stream, component, index)
                target[part] = target.get(part, 0) + p
            joined = "|".join(key)
            line_exact[joined] = line_exact.get(joined, Fraction(0)) + stream_exact[stream]
    return exact_total, total, lines, line_exact


def _budget_lines(
    budgets: Iterable[Budget], year: FinancialYear
) -> dict[tuple[str, str, str, str], Money]:
    out: dict[tuple[str, str, str, str], Money] = {}
    for b in budgets:
        if b.financial_year != year or b.service is None:
            continue
        key = (b.borough, b.workstream.value, b.service.value, lead_stream(b.workstream).value)
        out[key] = out.get(key, Money(0)) + b.amount
    return out


def forecast_outturn(
    programme: Programme,
    year: FinancialYear,
    as_of: dt.date,
    *,
    demand: DemandAssumption | None = None,
    compare_previous: bool = True,
) -> OutturnForecast:
    """The forecast outturn for ``year`` as known at the close of ``as_of``.

    Args:
        programme: the programme (placements, uplift rounds, providers' tiers, budgets).
        year: the financial year forecast.
        as_of: the day the forecast is made; charges for days before it are actual, days from
            it on are committed (placements in force on it) or demand. Any day: before the
            year nothing is actual, after it nothing is committed.
        demand: the new-demand assumption, or ``None`` for no demand allowance.
        compare_previous: also make the forecast at :func:`previous_month_end` and report
            each line's movement since it.

    Returns:
        Lines per borough × workstream × service × funding stream with months April–March;
        every figure allocated from the one rounded total (half up), so months add up to
        lines, lines to the total, and each line's ``forecast = actual + committed + demand``.

    Raises:
        ParameterNotFoundError: a placement's fee history stops before the placement does.
    """
    cells, estimates = _position(programme, year, as_of, demand)
    exact_total, total, line_parts, line_exact = _allocate(cells)
    budget_lines = _budget_lines(programme.budgets, year)
    previous: dict[tuple[str, str, str, str], int] = {}
    previous_as_of: dt.date | None = None
    previous_total: Money | None = None
    if compare_previous:
        previous_as_of = previous_month_end(as_of)
        before, _ = _position(programme, year, previous_as_of, demand)
        _, rounded_before, before_parts, _ = _allocate(before)
        previous_total = Money(rounded_before)
        previous = {k: sum(parts.values()) for k, parts in before_parts.items()}
    months = _months(year)
    lines: list[ForecastLine] = []
    for key in sorted(set(line_parts) | set(budget_lines)):
        parts = line_parts.get(key, {})
        month_records: list[ForecastMonth] = []
        for index, (ym, _) in enumerate(months):
            month_records.append(
                ForecastMonth(
                    month=ym,
                    actual=Money(parts.get((key[3], _ACTUAL, index), 0)),
                    committed=Money(parts.get((key[3], _COMMITTED, index), 0)),
                    demand=Money(parts.get((key[3], _DEMAND, index), 0)),
                )
            )
        borough, workstream, service, stream = key
        lines.append(
            ForecastLine(
                borough=GssCode(borough),
                workstream=Workstream(workstream),
                service=ServiceKind(service),
                stream=FundingStream(stream),
                months=tuple(month_records),
                actual=Money(sum(m.actual.pence for m in month_records)),
                committed=Money(sum(m.committed.pence for m in month_records)),
                demand=Money(sum(m.demand.pence for m in month_records)),
                exact=line_exact.get("|".join(key), Fraction(0)),
                budget=budget_lines.get(key),
                previous_forecast=Money(previous.get(key, 0)) if compare_previous else None,
            )
        )
    comparisons: list[BudgetComparison] = []
    for b in programme.budgets:
        if b.financial_year != year:
            continue
        paid_by = lead_stream(b.workstream)
        covered = sum(
            line.forecast.pence
            for line in lines
            if line.borough == b.borough
            and line.workstream is b.workstream
            and line.stream is paid_by
            and (b.service is None or line.service is b.service)
        )
        comparisons.append(BudgetComparison(budget=b, stream=paid_by, forecast=Money(covered)))
    return OutturnForecast(
        financial_year=year,
        as_of=as_of,
        lines=tuple(lines),
        exact_total=exact_total,
        total=Money(total),
        demand_assumption=demand,
        demand=tuple(estimates),
        budgets=tuple(comparisons),
        previous_as_of=previous_as_of,
        previous_total=previous_total,
        method=(
            "placements known at the close of the as-of date (begun by then; unknown ends "
            "dropped; later fee changes unknown) charged on their basis at fee history plus "
            "the programme's uplift rounds; days before the as-of date actual, the rest "
            "committed; the exact total rounded half up once and allocated by largest "
            "remainder to borough x workstream x lot x provider x service, then to funding "
            "stream, then to component x month"
        ),
    )
