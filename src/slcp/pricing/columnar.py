"""The columnar costing engine: a portfolio costed from columns, to the penny of
:func:`slcp.pricing.cost_portfolio`.

:func:`cost_portfolio` builds a fee schedule object per placement; at national scale (a
million placements) the objects, not the arithmetic, are the cost. This module holds the same
calculation over columns (numpy ``int64`` arrays, one value per placement or fee row) and is
checked against the record-by-record path by a differential property test
(``docs/decisions/0010``): both give identical pence in every cell.

The arithmetic, step by step, exactly as the object path does it:

* **Fee segments.** Each fee row is in force from its ``effective`` day to the placement's
  next fee row (or its end). Rows starting on or after the end are ignored.
* **Uplift rounds** apply on each placement's uplift date (1 April, or the start anniversary
  in the round's year, 29 February clamping to 28 February) when the placement runs that day,
  no fee row takes effect that day and the provider made a request; rounds on one day apply
  in order of financial year, then id. Each step sets a new fee rounded half up to the penny
  in integers: ``(2·fee·num + den) // (2·den)`` for a growth factor ``num / den``.
* **Charges** are counted per piece of a financial year and an academic year (boundaries on
  1 April and 1 September): ``fee × days`` sevenths of a penny (pro rata by day and whole
  weeks, the latter stopping at the last complete week of an ended placement), or
  ``fee × N × days`` shares of a 365- or 366-day academic year (weeks per year). Sums per
  cell stay in ``int64`` (bounds checked; Python integers otherwise) and are brought to the
  common denominator ``7 × 365 × 366`` only per cell, in Python integers.
* **Rounding** happens once per year total (half up), and the total is allocated with
  :func:`slcp.money.allocate_pence`, so parts always add up.

No float touches money: counts of days, fees and numerators are integers throughout.

numpy is imported here; :mod:`slcp` does not import this module, so ``import slcp`` stays
light. May import what :mod:`slcp.pricing` may import, and numpy.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Literal, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from slcp.domain import (
    ChargingMethod,
    FeeUpliftRound,
    GssCode,
    LotId,
    Placement,
    PlacementId,
    Programme,
    ProviderId,
    ServiceKind,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    VehicleId,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate, allocate_pence
from slcp.periods import DateRange, FinancialYear, anniversary
from slcp.pricing._avoidance import (
    AvoidanceConvention,
    CostAvoidance,
    FullYearPart,
    RoundWeights,
    assemble_avoidance,
    assemble_conventions,
    check_rounds,
)
from slcp.pricing._benchmarking import weekly_fees_on
from slcp.pricing._call_offs import (
    CallOffActivity,
    assemble_call_offs,
    called_off,
    check_call_off_periods,
)
from slcp.pricing._exact import CHARGE_DENOMINATOR, round_numerator, to_exact
from slcp.pricing._portfolio import PORTFOLIO_METHOD, PortfolioCost, PortfolioKey

__all__ = [
    "EPOCH",
    "METHOD_CODES",
    "OPEN_END",
    "Category",
    "ColumnarCost",
    "FeeColumns",
    "PlacementColumns",
    "YearSums",
    "call_off_activity_columns",
    "cost_and_avoidance_columns",
    "cost_and_avoidance_programme_columns",
    "cost_avoidance_columns",
    "cost_avoidance_programme_columns",
    "cost_columns",
    "cost_programme_columns",
    "sort_fee_columns",
    "to_epoch_day",
    "weekly_fees_on_columns",
    "weekly_fees_on_programme",
    "weekly_fees_on_programme_columns",
]

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
Bool = npt.NDArray[np.bool_]
E = TypeVar("E", Workstream, ServiceKind)

#: Day 0 of the day numbers used in columns (the Unix epoch, as Arrow's ``date32``).
EPOCH = dt.date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()
#: The end day number of an open-ended placement (far beyond any real date).
OPEN_END = 1 << 40
_OPEN_ORDINAL = OPEN_END + _EPOCH_ORDINAL  # OPEN_END once the epoch's ordinal is taken off
#: ``charging_method`` codes in :attr:`PlacementColumns.method`.
METHOD_CODES: dict[ChargingMethod, int] = {
    ChargingMethod.DAILY_PRO_RATA: 0,
    ChargingMethod.WHOLE_WEEKS: 1,
    ChargingMethod.WEEKS_PER_YEAR: 2,
}
_PRO_RATA, _WHOLE_WEEKS, _WEEKS_PER_YEAR = 0, 1, 2
_PER_DAY = CHARGE_DENOMINATOR // 7  # 365 × 366 per day of a weekly fee (pro rata)
_PER_365 = CHARGE_DENOMINATOR // 365  # 7 × 366 per day of a 365-day academic year
_PER_366 = CHARGE_DENOMINATOR // 366  # 7 × 365 per day of a 366-day academic year
_INT64_MAX = (1 << 63) - 1
_NO_DAY = -(1 << 40)  # a round that does not apply to a placement

Dimension = Literal["borough", "workstream", "lot", "provider", "service"]
_DIMENSIONS: tuple[Dimension, ...] = ("borough", "workstream", "lot", "provider", "service")


def to_epoch_day(day: dt.date) -> int:
    """A date as its day number since 1 January 1970 (Arrow's ``date32``).

    >>> to_epoch_day(dt.date(1970, 1, 1)), to_epoch_day(dt.date(2020, 2, 29))
    (0, 18321)
    """
    return day.toordinal() - _EPOCH_ORDINAL


@attrs.frozen(kw_only=True, eq=False)
class Category:
    """A column of codes: each row holds an index into ``values``.

    Attributes:
        codes: one ``int32`` index per row.
        values: the distinct values; ``None`` stands for a blank cell (no lot, in-house).
    """

    codes: I32
    values: tuple[str | None, ...]

    @classmethod
    def from_values(cls, values: Iterable[str | None]) -> Category:
        """Encode a sequence of values, in order of first appearance.

        >>> c = Category.from_values(["b", None, "b"])
        >>> c.codes.tolist(), c.values
        ([0, 1, 0], ('b', None))
        """
        given = list(values)
        # the distinct values in order of first appearance, then one look-up per row, in C
        index = {v: i for i, v in enumerate(dict.fromkeys(given))}
        codes = np.fromiter(map(index.__getitem__, given), np.int32, len(given))
        return cls(codes=codes, values=tuple(index))

    @classmethod
    def from_members(cls, members: Sequence[enum.Enum]) -> Category:
        """Encode enum members as their values, in order of first appearance.

        Members are singletons, so rows are told apart by identity and each distinct
        member's value is read once (not once per row).

        >>> c = Category.from_members([ChargingMethod.WHOLE_WEEKS] * 2)
        >>> c.codes.tolist(), c.values
        ([0, 0], ('whole_weeks',))
        """
        ids = list(map(id, members))
        index = {i: k for k, i in enumerate(dict.fromkeys(ids))}
        codes = np.fromiter(map(index.__getitem__, ids), np.int32, len(ids))
        return cls(codes=codes, values=tuple(members[ids.index(i)].value for i in index))


@attrs.frozen(kw_only=True, eq=False)
class PlacementColumns:
    """Placements as columns, one entry per placement.

    Days are numbers since 1 January 1970 (:func:`to_epoch_day`); periods are half-open
    ``[start_day, end_day)``, ``end_day`` is :data:`OPEN_END` while a placement continues.

    Attributes:
        ids: the placements' ids.
        borough: GSS codes of the placing boroughs.
        workstream: ``"send"`` or ``"lac"``.
        lot: lot ids (``None``: no lot).
        provider: provider ids (``None``: in-house).
        service: service kinds by value, e.g. ``"childrens_home"``.
        start_day: first day (included).
        end_day: first day no longer running.
        method: charging method codes (:data:`METHOD_CODES`).
        weeks_per_year: weeks charged a year for weeks-per-year charging, else 0.
    """

    ids: Sequence[str]
    borough: Category
    workstream: Category
    lot: Category
    provider: Category
    service: Category
    start_day: I64
    end_day: I64
    method: I8
    weeks_per_year: I64

    def __len__(self) -> int:
        return len(self.start_day)

    @classmethod
    def from_placements(cls, placements: Sequence[Placement]) -> PlacementColumns:
        """Columns of placement records (for tests and programmes already in memory)."""
        return cls(
            ids=tuple(p.id for p in placements),
            borough=Category.from_values(p.borough for p in placements),
            workstream=Category.from_members([p.workstream for p in placements]),
            lot=Category.from_values(p.route.lot for p in placements),
            provider=Category.from_values(p.provider for p in placements),
            service=Category.from_members([p.service for p in placements]),
            start_day=np.array([p.period.start.toordinal() for p in placements], np.int64)
            - _EPOCH_ORDINAL,
            end_day=np.array(
                [
                    _OPEN_ORDINAL if p.period.end is None else p.period.end.toordinal()
                    for p in placements
                ],
                np.int64,
            )
            - _EPOCH_ORDINAL,
            method=np.array([METHOD_CODES[p.charging.method] for p in placements], np.int8),
            weeks_per_year=np.array([p.charging.weeks_per_year or 0 for p in placements], np.int64),
        )


@attrs.frozen(kw_only=True, eq=False)
class FeeColumns:
    """Contractual weekly fees as columns, one entry per fee row.

    Attributes:
        placement: the row of :class:`PlacementColumns` each fee belongs to.
        effective_day: the first day each fee is in force (day number since 1970).
        weekly_pence: the total weekly fee (all components), pence per week, non-negative.
    """

    placement: I64
    effective_day: I64
    weekly_pence: I64

    @classmethod
    def from_placements(cls, placements: Sequence[Placement]) -> FeeColumns:
        """Columns of every fee-history entry of the placements, in their order."""
        rows = [(i, e) for i, p in enumerate(placements) for e in p.fees.entries]
        for _, p in enumerate(placements):
            if p.fees.ends is not None:
                raise InvalidValueError(
                    "a fee history with an end date cannot be costed in columns",
                    field="fees.ends",
                    value=p.id,
                    expected="no end (use cost_portfolio)",
                )
        components = [e.value for _, e in rows]
        return cls(
            placement=np.array([i for i, _ in rows], np.int64),
            effective_day=np.array([e.effective.toordinal() for _, e in rows], np.int64)
            - _EPOCH_ORDINAL,
            # FeeComponents.total without a Money per row (as the fee schedules sum them)
            weekly_pence=np.array(
                [
                    c.core.pence + c.additional_support.pence + c.education.pence + c.other.pence
                    for c in components
                ],
                np.int64,
            ),
        )


CellKey = tuple[str, str, str | None, str | None, str]
Sums = npt.NDArray[np.int64] | npt.NDArray[np.object_]


@attrs.frozen(kw_only=True, eq=False)
class YearSums:
    """One year's exact spend per cell, in three integer parts whose weights bring them to
    the common denominator ``7 × 365 × 366`` (see :meth:`numerators`).

    Attributes:
        sevenths: ``Σ weekly pence × days`` on the pro rata and whole-weeks bases (sevenths
            of a penny).
        days_365: ``Σ weekly pence × N × days`` on the weeks-per-year basis within 365-day
            academic years (365ths of a week's fees × N).
        days_366: the same within 366-day academic years.
        placements: the number of placements charged anything in each cell.
    """

    sevenths: Sums
    days_365: Sums
    days_366: Sums
    placements: I64

    def numerator(self) -> int:
        """The exact spend of all cells in ``1 / CHARGE_DENOMINATOR`` pence, as a Python
        integer."""
        w, a, b = (int(p.sum()) for p in (self.sevenths, self.days_365, self.days_366))
        return _PER_DAY * w + _PER_365 * a + _PER_366 * b

    def numerators(self) -> list[int]:
        """Each cell's exact spend in ``1 / CHARGE_DENOMINATOR`` pence (Python integers)."""
        return [
            _PER_DAY * int(w) + _PER_365 * int(a) + _PER_366 * int(b)
            for w, a, b in zip(
                self.sevenths.tolist(), self.days_365.tolist(), self.days_366.tolist(), strict=True
            )
        ]


@attrs.frozen(kw_only=True, eq=False)
class ColumnarCost:
    """A portfolio costed in columns: exact sums per cell and year, rounded year totals.

    A cell is borough × workstream × lot × provider × service; cells are numbered in the order
    :class:`~slcp.pricing.PortfolioKey` sorts them (no lot and no provider first).

    Attributes:
        years: the financial years costed, in order.
        rounds: ids of the fee-uplift rounds applied.
        cells: per dimension (borough, workstream, lot, provider, service), each cell's code
            into the matching :class:`Category` of ``placements``.
        sums: per year, each cell's exact spend (:class:`YearSums`).
        exact_totals: exact spend per year, in pence.
        totals: each year's spend rounded half up to the penny, once.
        placements: the columns costed (for drilling into a cell).
        placement_cell: each placement's cell number.
        charged: per year, whether each placement was charged anything.
    """

    years: tuple[FinancialYear, ...]
    rounds: tuple[str, ...]
    cells: tuple[I64, I64, I64, I64, I64] = attrs.field(repr=False)
    sums: dict[FinancialYear, YearSums] = attrs.field(repr=False)
    exact_totals: dict[FinancialYear, Fraction]
    totals: dict[FinancialYear, Money]
    placements: PlacementColumns = attrs.field(repr=False)
    placement_cell: I64 = attrs.field(repr=False)
    charged: dict[FinancialYear, Bool] = attrs.field(repr=False)

    def _categories(self) -> tuple[Category, Category, Category, Category, Category]:
        p = self.placements
        return (p.borough, p.workstream, p.lot, p.provider, p.service)

    @property
    def cell_keys(self) -> tuple[CellKey, ...]:
        """Each cell's ``(borough, workstream, lot, provider, service)`` values, in order."""
        b, w, lot, p, s = (
            [c.values[i] for i in codes.tolist()]
            for c, codes in zip(self._categories(), self.cells, strict=True)
        )
        return tuple(
            (str(k[0]), str(k[1]), k[2], k[3], str(k[4])) for k in zip(b, w, lot, p, s, strict=True)
        )

    def total(self, year: FinancialYear) -> Money:
        """The year's rounded total (``Money(0)`` for a year not costed)."""
        return self.totals.get(year, Money(0))

    def spend_by(self, dimension: Dimension, year: FinancialYear) -> dict[str | None, Money]:
        """The year's spend by one dimension, allocated directly at that level.

        The cells' exact sums are added up per group; the year's total (rounded half up once)
        is allocated to the groups with :func:`~slcp.money.allocate_pence` (largest
        remainder, ties to the group that sorts first). The groups add up exactly to
        :meth:`total`, and each is within 1p of its exact share. Groups with no charge are
        left out; groups are sorted (``None``, no lot or in-house, first).

        Args:
            dimension: ``"borough"``, ``"workstream"``, ``"lot"``, ``"provider"`` or
                ``"service"``.
            year: a year costed.
        """
        at = _DIMENSIONS.index(dimension)
        category = self._categories()[at]
        codes = self.cells[at]
        sums = self.sums[year]
        parts = (sums.sevenths, sums.days_365, sums.days_366)
        grouped = []
        for part in parts:
            out = np.zeros(len(category.values), dtype=part.dtype)
            np.add.at(out, codes, part)
            grouped.append(out.tolist())
        numerators: dict[str, int] = {}
        names: dict[str, str | None] = {}
        for code, (w, a, b) in enumerate(zip(*grouped, strict=True)):
            n = _PER_DAY * int(w) + _PER_365 * int(a) + _PER_366 * int(b)
            if n:
                value = category.values[code]
                names[value or ""] = value
                numerators[value or ""] = n
        if not numerators:
            return {}
        ordered = dict(sorted(numerators.items()))
        allocated = allocate_pence(self.totals[year].pence, ordered)
        return {names[label]: Money(p) for label, p in allocated.items()}

    def placements_in(self, cell: CellKey, year: FinancialYear) -> tuple[str, ...]:
        """The ids of the placements charged in one cell in ``year``: the explanation of its
        figure (cost any of them with :func:`~slcp.pricing.cost_for_range` to see how).

        Args:
            cell: ``(borough, workstream, lot, provider, service)`` as in :attr:`cell_keys`.
            year: a year costed.
        """
        try:
            index = self.cell_keys.index(cell)
        except ValueError:
            return ()
        rows = np.flatnonzero((self.placement_cell == index) & self.charged[year])
        return tuple(self.placements.ids[int(i)] for i in rows)

    def to_portfolio_cost(self) -> PortfolioCost:
        """The same figures as the object path's :class:`~slcp.pricing.PortfolioCost`.

        Each year's total is allocated to its cells with
        :func:`~slcp.money.allocate_pence`, in :class:`~slcp.pricing.PortfolioKey` order,
        exactly as :func:`~slcp.pricing.cost_portfolio` allocates it (one Python step per
        cell: use :meth:`spend_by` for roll-ups at national scale).
        """
        cell_numerators: dict[PortfolioKey, int] = {}
        cells: dict[PortfolioKey, Money] = {}
        counts: dict[PortfolioKey, int] = {}
        # each dimension's values typed once (a handful each), then looked up per cell
        b_of, w_of, lot_of, p_of, s_of = (
            [c.values[i] for i in codes.tolist()]
            for c, codes in zip(self._categories(), self.cells, strict=True)
        )
        boroughs = [GssCode(str(v)) for v in b_of]
        streams = _typed(w_of, Workstream)
        lots = [None if v is None else LotId(v) for v in lot_of]
        providers = [None if v is None else ProviderId(v) for v in p_of]
        services = _typed(s_of, ServiceKind)
        for fy in self.years:
            year = self.sums[fy]
            present, numerators = _charged_cells(year)
            if not present:
                continue
            parts = allocate_pence(self.totals[fy].pence, dict(enumerate(numerators))).values()
            keys = [
                PortfolioKey(
                    financial_year=fy,
                    borough=boroughs[i],
                    workstream=streams[i],
                    lot=lots[i],
                    provider=providers[i],
                    service=services[i],
                )
                for i in present
            ]
            cell_numerators.update(zip(keys, numerators, strict=True))
            cells.update(zip(keys, map(Money, parts), strict=True))
            counts.update(zip(keys, year.placements[present].tolist(), strict=True))
        return PortfolioCost(
            years=self.years,
            rounds=self.rounds,
            exact_totals=dict(self.exact_totals),
            totals=dict(self.totals),
            cell_numerators=cell_numerators,
            cells=cells,
            placements=counts,
            method=PORTFOLIO_METHOD,
        )


def _typed(values: Sequence[str | None], kind: type[E]) -> list[E]:
    """``kind(v)`` for each value, each distinct value converted once."""
    members = {v: kind(str(v)) for v in set(values)}
    return [members[v] for v in values]


def _charged_cells(year: YearSums) -> tuple[list[int], list[int]]:
    """The cells charged anything in ``year`` (their numbers, in order) and their exact
    spend in ``1 / CHARGE_DENOMINATOR`` pence, as :meth:`YearSums.numerators` gives it: in
    ``int64`` when the largest possible value fits, else in Python integers."""
    parts = (year.sevenths, year.days_365, year.days_366)
    if len(year.sevenths) and all(p.dtype == np.int64 for p in parts):
        bound = sum(
            weight * max(abs(int(p.max())), abs(int(p.min())))
            for weight, p in zip((_PER_DAY, _PER_365, _PER_366), parts, strict=True)
        )
        if bound <= _INT64_MAX:
            numerators = _PER_DAY * parts[0] + _PER_365 * parts[1] + _PER_366 * parts[2]
            charged = np.flatnonzero(numerators)
            return charged.tolist(), numerators[charged].tolist()
    every = year.numerators()
    charged_cells = [i for i, n in enumerate(every) if n]
    return charged_cells, [every[i] for i in charged_cells]


# --- uplift rounds -----------------------------------------------------------------------------


def _growth(rate: Rate) -> tuple[int, int]:
    """``1 + rate`` as ``(numerator, denominator)`` in lowest terms."""
    growth = 1 + rate.fraction
    if growth < 0:
        raise InvalidValueError(
            "an uplift rate below -100% cannot be applied in columns",
            field="agreed",
            value=str(rate),
            expected="a rate of -100% or more, or use cost_portfolio",
        )
    if growth.numerator > _INT64_MAX or growth.denominator > _INT64_MAX:
        raise InvalidValueError(
            "an uplift rate has too many decimal places for columnar costing",
            field="agreed",
            value=str(rate),
            expected="at most 15 decimal places, or use cost_portfolio",
        )
    return growth.numerator, growth.denominator


@attrs.frozen(kw_only=True, eq=False)
class _Decided:
    """A round's decisions per (provider, service) combination: whether it changes the fee,
    the agreed growth factor ``num / den``, the requested one ``req_num / req_den``, and the
    exact requested and agreed rates (0 where it does not apply)."""

    has: Bool
    num: I64
    den: I64
    req_num: I64
    req_den: I64
    requested: list[Fraction]
    agreed: list[Fraction]


def _decisions(
    uplift_round: FeeUpliftRound,
    providers: Category,
    services: Category,
    combos: tuple[I64, I64],
    tiers: Mapping[str, str | None],
    *,
    asked: bool = False,
) -> _Decided:
    """Per (provider, service) combination (codes into ``providers`` and ``services``):
    whether the round changes the fee, and the growth factors it applies and (with ``asked``)
    was asked for.

    The rule is :func:`slcp.pricing.decide_rate`'s: a request for the service, else the
    provider's general request, else no change; the agreed rate is the exception agreed, else
    the lower of the request and the first band's cap (by tier and service), else the default
    cap's. Requests are matched to combinations in arrays and each distinct
    (request, tier, service) decided once; the differential property keeps this in step.
    """
    combo_provider, combo_service = combos
    n = len(combo_provider)
    has = np.zeros(n, dtype=np.bool_)
    num = np.ones(n, dtype=np.int64)
    den = np.ones(n, dtype=np.int64)
    req_num = np.ones(n, dtype=np.int64)
    req_den = np.ones(n, dtype=np.int64)
    requested_rates = [Fraction(0)] * n
    agreed_rates = [Fraction(0)] * n
    decided_all = _Decided(
        has=has,
        num=num,
        den=den,
        req_num=req_num,
        req_den=req_den,
        requested=requested_rates,
        agreed=agreed_rates,
    )
    requests = uplift_round.requests
    if not requests or n == 0:
        return decided_all
    provider_code = {v: i for i, v in enumerate(providers.values) if v is not None}
    service_code = {v: i for i, v in enumerate(services.values)}
    kinds = [ServiceKind(str(v)) for v in services.values]
    in_round = np.array([k.workstream is uplift_round.workstream for k in kinds], dtype=np.bool_)
    n_services = max(len(services.values), 1)
    # the request that covers each combination: service-specific first, then general
    general = np.full(len(providers.values), -1, dtype=np.int64)
    specific_keys: list[int] = []
    specific_requests: list[int] = []
    for k, r in enumerate(requests):
        code = provider_code.get(r.provider)
        if code is None:
            continue
        if r.service is None:
            general[code] = k
        elif r.service.value in service_code:
            specific_keys.append(code * n_services + service_code[r.service.value])
            specific_requests.append(k)
    chosen = general[combo_provider]
    if specific_keys:
        keys = np.array(specific_keys, dtype=np.int64)
        order = np.argsort(keys)
        keys = keys[order]
        found = np.array(specific_requests, dtype=np.int64)[order]
        combo_key = combo_provider * n_services + combo_service
        at = np.clip(np.searchsorted(keys, combo_key), 0, len(keys) - 1)
        chosen = np.where(keys[at] == combo_key, found[at], chosen)
    live = (chosen >= 0) & in_round[combo_service]
    # decide each distinct (request, tier, service) once
    tier_of = [tiers.get(str(v)) if v is not None else None for v in providers.values]
    rows = np.flatnonzero(live)
    # per distinct (request, tier, service): agreed and requested growth factors and rates
    decided: dict[tuple[int, str | None, int], tuple[int, int, int, int, Fraction, Fraction]] = {}
    growths: dict[Rate, tuple[int, int, Fraction]] = {}
    unasked = (1, 1, Fraction(0))

    def growth_of(rate: Rate) -> tuple[int, int, Fraction]:
        """``1 + rate`` as (numerator, denominator), and the rate as a fraction."""
        growth = growths.get(rate)
        if growth is None:
            growth = growths[rate] = (*_growth(rate), rate.fraction)
        return growth

    position = uplift_round.position
    no_bands = not position.bands
    per_row = []
    for k, p, sv in zip(
        chosen[rows].tolist(),
        combo_provider[rows].tolist(),
        combo_service[rows].tolist(),
        strict=True,
    ):
        key = (k, None, 0) if no_bands else (k, tier_of[p], sv)
        decision = decided.get(key)
        if decision is None:
            a_num, a_den, agreed = growth_of(_agreed(requests[k], position, tier_of[p], kinds[sv]))
            r_num, r_den, requested = growth_of(requests[k].requested) if asked else unasked
            decision = decided[key] = (a_num, a_den, r_num, r_den, requested, agreed)
        per_row.append(decision)
    if per_row:
        nums, dens, req_nums, req_dens, requested_fractions, agreed_fractions = zip(
            *per_row, strict=True
        )
        num[rows], den[rows] = nums, dens
        req_num[rows], req_den[rows] = req_nums, req_dens
        if asked:
            for i, q, a in zip(rows.tolist(), requested_fractions, agreed_fractions, strict=True):
                requested_rates[i] = q
                agreed_rates[i] = a
    has[rows] = True
    return decided_all


def _agreed(
    request: UpliftRequest, position: UpliftPosition, tier: str | None, service: ServiceKind
) -> Rate:
    """:func:`slcp.pricing.decide_rate`'s agreed rate for a provider that made ``request``."""
    if request.agreed is not None:
        return request.agreed
    band = next((b for b in position.bands if b.applies_to(tier, service)), None)
    if band is not None:
        return min(request.requested, band.cap)
    if position.default_cap is not None:
        return min(request.requested, position.default_cap)
    return request.requested


def _anniversary_days(start_day: I64, year: FinancialYear) -> I64:
    """Each start's anniversary within ``year`` (29 February → 28 February), or ``_NO_DAY``."""
    d = start_day.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(np.int64) + 1970
    months = d.astype("datetime64[M]").astype(np.int64) % 12  # 0 = January
    dom = (d - d.astype("datetime64[M]")).astype(np.int64)  # 0 = the 1st
    first, last = to_epoch_day(year.start), to_epoch_day(year.end)
    out = np.full(len(start_day), _NO_DAY, dtype=np.int64)
    for calendar_year in (year.start_year, year.start_year + 1):
        leap = calendar_year % 4 == 0 and (calendar_year % 100 != 0 or calendar_year % 400 == 0)
        day_of_month = dom
        if not leap:
            day_of_month = np.where((months == 1) & (dom == 28), 27, dom)
        month_start = ((calendar_year - 1970) * 12 + months).astype("datetime64[M]")
        day = month_start.astype("datetime64[D]").astype(np.int64) + day_of_month
        ok = (calendar_year - years >= 1) & (day >= first) & (day < last) & (out == _NO_DAY)
        out = np.where(ok, day, out)
    return out


def _half_up(fee: I64, num: I64, den: I64) -> I64:
    """``round half up (fee × num / den)`` in integers, for non-negative fees."""
    if len(fee) == 0:
        return fee
    bound = 2 * int(fee.max()) * int(num.max()) + int(den.max())
    if bound <= _INT64_MAX:
        return (2 * fee * num + den) // (2 * den)
    exact: npt.NDArray[np.object_] = (
        2 * fee.astype(object) * num.astype(object) + den.astype(object)
    ) // (2 * den.astype(object))
    if int(exact.max()) > _INT64_MAX:
        raise InvalidValueError(
            "an uplifted weekly fee is too large to hold",
            field="weekly_pence",
            value=int(exact.max()),
            expected="a weekly fee below £92 trillion",
        )
    return np.asarray(exact, dtype=np.int64)


# --- the engine -------------------------------------------------------------------------------


def _check_columns(placements: PlacementColumns, fees: FeeColumns) -> I64:
    """Validate the columns; return the fee rows ordered by (placement, effective day)."""
    n = len(placements)
    if len(fees.weekly_pence) and int(fees.weekly_pence.min()) < 0:
        raise InvalidValueError(
            "weekly fee must be non-negative", field="weekly_pence", expected=">= 0"
        )
    if len(fees.placement) and (int(fees.placement.min()) < 0 or int(fees.placement.max()) >= n):
        raise InvalidValueError(
            "a fee row names a placement row that does not exist", field="placement"
        )
    # already in order (as files usually are): one pass instead of a sort
    key = fees.placement * (1 << 32) + (fees.effective_day + (1 << 31))
    if len(key) < 2 or bool(np.all(key[1:] >= key[:-1])):
        order = np.arange(len(key), dtype=np.int64)
        pidx, eff = fees.placement, fees.effective_day
    else:
        order = np.argsort(key, kind="stable").astype(np.int64)
        pidx = fees.placement[order]
        eff = fees.effective_day[order]
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = pidx[1:] != pidx[:-1]
    if len(order) > 1 and bool(np.any(~first[1:] & (eff[1:] == eff[:-1]))):
        raise InvalidValueError(
            "a placement has two fee rows taking effect on the same day", field="effective_day"
        )
    counts = np.bincount(pidx, minlength=n)
    starts_ok = np.zeros(n, dtype=np.bool_)
    starts_ok[pidx[first]] = eff[first] == placements.start_day[pidx[first]]
    bad = np.flatnonzero((counts == 0) | ~starts_ok)
    if len(bad):
        raise InvalidValueError(
            "the fee history must start on the placement's start date (no gap)",
            field="fees[0].effective",
            value=placements.ids[int(bad[0])],
            expected="a fee row on every placement's first day",
        )
    if bool(np.any(placements.end_day < placements.start_day)):
        raise InvalidValueError("a placement ends before it starts", field="end_day")
    return order


def sort_fee_columns(placements: PlacementColumns, fees: FeeColumns) -> FeeColumns:
    """``fees`` checked against ``placements`` and ordered by placement, then day.

    Raises:
        InvalidValueError: a negative fee; a fee row for a placement row that does not
            exist; two fee rows of a placement on one day; a placement with no fee row on its
            first day; a placement that ends before it starts.
    """
    order = _check_columns(placements, fees)
    return FeeColumns(
        placement=fees.placement[order],
        effective_day=fees.effective_day[order],
        weekly_pence=fees.weekly_pence[order],
    )


@attrs.frozen(kw_only=True, eq=False)
class _Step:
    """The ``k``-th round each fee row meets, in the order rounds apply: which round, its
    uplift day (``_NO_DAY``: none), whether it changes the fee, and its agreed and requested
    growth factors, one value per fee row."""

    round_index: I64
    day: I64
    has: Bool
    num: I64
    den: I64
    req_num: I64
    req_den: I64


@attrs.frozen(kw_only=True, eq=False)
class _Plan:
    """Fee rows in force ``(placement row, start day, end day, weekly pence)`` before any
    round, and the rounds each meets, in order (see :class:`_Step`)."""

    pidx: I64
    start: I64
    stop: I64
    fee: I64
    sequence: tuple[_Step, ...]
    decided: tuple[_Decided, ...]
    combo: I64


def _plan(
    placements: PlacementColumns,
    fees: FeeColumns,
    order: I64,
    rounds: Sequence[FeeUpliftRound],
    tiers: Mapping[str, str | None],
    *,
    asked: bool = False,
) -> _Plan:
    """The fee rows in force and the rounds each meets, in the order they apply."""
    pidx = fees.placement[order]
    start = fees.effective_day[order]
    fee = fees.weekly_pence[order]
    end = placements.end_day[pidx]
    # each row runs to the next row of its placement, or the placement's end
    stop = end.copy()
    same = np.zeros(len(order), dtype=np.bool_)
    same[:-1] = pidx[1:] == pidx[:-1]
    stop[:-1] = np.where(same[:-1], np.minimum(start[1:], end[:-1]), end[:-1])
    keep = start < end
    pidx, start, stop, fee = pidx[keep], start[keep], stop[keep], fee[keep]
    if not rounds or len(pidx) == 0:
        return _Plan(
            pidx=pidx,
            start=start,
            stop=stop,
            fee=fee,
            sequence=(),
            decided=(),
            combo=np.zeros(0, np.int64),
        )
    n = len(placements)
    # (provider, service) combinations: a round decides per provider and service
    n_services = max(len(placements.service.values), 1)
    combo_code = placements.provider.codes.astype(np.int64) * n_services + (
        placements.service.codes.astype(np.int64)
    )
    unique_codes, combo = _unique_codes(combo_code, len(placements.provider.values) * n_services)
    combos = (
        unique_codes // n_services,
        unique_codes % n_services,
    )
    ranked = sorted(range(len(rounds)), key=lambda i: (rounds[i].financial_year, rounds[i].id))
    all_pidx = fees.placement
    all_eff = fees.effective_day
    days: list[I64] = []  # per round, each placement's uplift day or _NO_DAY
    decided: list[_Decided] = []
    for r in rounds:
        ws_code = (
            placements.workstream.values.index(r.workstream.value)
            if r.workstream.value in placements.workstream.values
            else -1
        )
        if r.timing is UpliftTiming.FINANCIAL_YEAR_START:
            day = np.full(n, to_epoch_day(r.financial_year.start), dtype=np.int64)
        else:
            day = _anniversary_days(placements.start_day, r.financial_year)
        live = (
            (placements.workstream.codes == ws_code)
            & (day >= placements.start_day)
            & (day < placements.end_day)
        )
        # a fee row taking effect on the day is already the new price
        blocked = np.zeros(n, dtype=np.bool_)
        blocked[all_pidx[all_eff == day[all_pidx]]] = True
        days.append(np.where(live & ~blocked, day, _NO_DAY))
        decided.append(
            _decisions(r, placements.provider, placements.service, combos, tiers, asked=asked)
        )
    # the order rounds apply in, per placement: by day, then financial year, then id
    rank = np.empty(len(rounds), dtype=np.int64)
    rank[np.array(ranked, dtype=np.int64)] = np.arange(len(rounds), dtype=np.int64)
    sequence: list[_Step] = []
    if all(r.timing is UpliftTiming.FINANCIAL_YEAR_START for r in rounds):
        static = sorted(
            range(len(rounds)),
            key=lambda i: (rounds[i].financial_year.start, rounds[i].financial_year, rounds[i].id),
        )
        for i in static:
            d, c = decided[i], combo[pidx]
            ones = np.broadcast_to(np.int64(1), len(pidx))  # read-only views, no memory
            sequence.append(
                _Step(
                    round_index=np.broadcast_to(np.int64(i), len(pidx)),
                    day=days[i][pidx],
                    has=d.has[c],
                    num=d.num[c],
                    den=d.den[c],
                    req_num=d.req_num[c] if asked else ones,
                    req_den=d.req_den[c] if asked else ones,
                )
            )
    else:
        day_matrix = np.stack(days, axis=1)
        key = np.where(day_matrix == _NO_DAY, OPEN_END, day_matrix) * len(rounds) + rank
        per_placement = np.argsort(key, axis=1, kind="stable")
        entry_combo = combo[pidx]

        def stacked(values: Sequence[npt.NDArray[np.int64] | Bool]) -> npt.NDArray[np.int64]:
            return np.stack([v[entry_combo] for v in values], axis=1)

        stacked_has = stacked([d.has for d in decided])
        stacked_num = stacked([d.num for d in decided])
        stacked_den = stacked([d.den for d in decided])
        stacked_req_num = stacked([d.req_num for d in decided]) if asked else None
        stacked_req_den = stacked([d.req_den for d in decided]) if asked else None
        ones = np.broadcast_to(np.int64(1), len(pidx))
        rows = np.arange(len(pidx))
        for k in range(len(rounds)):
            which = per_placement[pidx, k]
            sequence.append(
                _Step(
                    round_index=which.astype(np.int64),
                    day=day_matrix[pidx, which],
                    has=stacked_has[rows, which].astype(np.bool_),
                    num=stacked_num[rows, which],
                    den=stacked_den[rows, which],
                    req_num=ones if stacked_req_num is None else stacked_req_num[rows, which],
                    req_den=ones if stacked_req_den is None else stacked_req_den[rows, which],
                )
            )
    return _Plan(
        pidx=pidx,
        start=start,
        stop=stop,
        fee=fee,
        sequence=tuple(sequence),
        decided=tuple(decided),
        combo=combo,
    )


def _segments(plan: _Plan) -> tuple[I64, I64, I64, I64]:
    """Fee segments ``(placement row, start day, end day, weekly pence)`` after the rounds."""
    pidx, start, stop = plan.pidx, plan.start, plan.stop
    if not plan.sequence:
        return pidx, start, stop, plan.fee
    out_p: list[I64] = []
    out_a: list[I64] = []
    out_b: list[I64] = []
    out_f: list[I64] = []
    cursor = start.copy()
    fee = plan.fee.copy()
    for step in plan.sequence:
        day = step.day
        hit = step.has & (day > start) & (day < stop)
        if not bool(hit.any()):
            continue
        out_p.append(pidx[hit])
        out_a.append(cursor[hit])
        out_b.append(day[hit])
        out_f.append(fee[hit])
        fee[hit] = _half_up(fee[hit], step.num[hit], step.den[hit])
        cursor[hit] = day[hit]
    out_p.append(pidx)
    out_a.append(cursor)
    out_b.append(stop)
    out_f.append(fee)
    return (
        np.concatenate(out_p),
        np.concatenate(out_a),
        np.concatenate(out_b),
        np.concatenate(out_f),
    )


def _academic_year_days(first_calendar_year: int) -> int:
    return (dt.date(first_calendar_year + 1, 9, 1) - dt.date(first_calendar_year, 9, 1)).days


def cost_columns(
    placements: PlacementColumns,
    fees: FeeColumns,
    years: Iterable[FinancialYear],
    *,
    rounds: Sequence[FeeUpliftRound] = (),
    tiers: Mapping[str, str | None] | None = None,
) -> ColumnarCost:
    """Cost placements held in columns in each of ``years``, as
    :func:`~slcp.pricing.cost_portfolio` does, to the penny.

    Args:
        placements: the placements.
        fees: their contractual fee rows (each placement needs one on its first day).
        years: the financial years to cost (duplicates ignored).
        rounds: the fee-uplift rounds to apply (each applies to its workstream only).
        tiers: each provider's tier (for band caps); providers not named have none.

    Returns:
        Exact numerators per cell and year, and each year's total rounded half up once.

    Raises:
        InvalidValueError: no years; a negative fee; a placement without a fee row on its
            first day, or with two fee rows on one day; an uplifted fee beyond ``int64``.

    >>> from slcp.money import Money
    >>> cols = PlacementColumns(ids=("PL-1",),
    ...     borough=Category.from_values(["E09000008"]), workstream=Category.from_values(["lac"]),
    ...     lot=Category.from_values([None]), provider=Category.from_values(["P1"]),
    ...     service=Category.from_values(["childrens_home"]),
    ...     start_day=np.array([to_epoch_day(dt.date(2020, 3, 30))]),
    ...     end_day=np.array([to_epoch_day(dt.date(2020, 4, 3))]),
    ...     method=np.array([0], np.int8), weeks_per_year=np.array([0]))
    >>> fee = FeeColumns(placement=np.array([0]), effective_day=cols.start_day,
    ...     weekly_pence=np.array([350_000]))
    >>> cost = cost_columns(cols, fee, [FinancialYear(2019), FinancialYear(2020)])
    >>> [(str(y), m.pence) for y, m in cost.totals.items()]   # £3,500 ÷ 7 × 2 days each
    [('2019/20', 100000), ('2020/21', 100000)]
    >>> cost.placements_in(cost.cell_keys[0], FinancialYear(2020))
    ('PL-1',)
    """
    chosen = _chosen_years(years)
    order = _check_columns(placements, fees)
    # handed over in a list the engine empties, so that no frame keeps the segments (or the
    # plan) alive beside the engine's own copies: at a million placements that is 150 MiB
    segments = [_segments(_plan(placements, fees, order, rounds, tiers or {}))]
    del order
    return _cost(placements, segments, chosen, rounds)


def _chosen_years(years: Iterable[FinancialYear]) -> tuple[FinancialYear, ...]:
    chosen = tuple(sorted(set(years)))
    if not chosen:
        raise InvalidValueError(
            "no financial years to cost", field="years", expected="at least one FinancialYear"
        )
    return chosen


def cost_and_avoidance_columns(
    placements: PlacementColumns,
    fees: FeeColumns,
    years: Iterable[FinancialYear],
    *,
    horizon: FinancialYear,
    rounds: Sequence[FeeUpliftRound] = (),
    tiers: Mapping[str, str | None] | None = None,
) -> tuple[ColumnarCost, CostAvoidance, tuple[AvoidanceConvention, ...]]:
    """:func:`cost_columns`, :func:`cost_avoidance_columns` and the avoidance under both
    conventions (:func:`~slcp.pricing.compare_avoidance_conventions`) together, the fee rows
    and the rounds each meets worked out once for all three (what a report needs).

    Raises:
        InvalidValueError: as either function.
    """
    chosen_years = _chosen_years(years)
    chosen = _unique_rounds(rounds)
    order = _check_columns(placements, fees)
    plan = _plan(placements, fees, order, chosen, tiers or {}, asked=True)
    avoidance = _avoid(placements, plan, chosen, horizon)
    return (
        _cost(placements, [_segments(plan)], chosen_years, chosen),
        avoidance,
        _conventions(placements, plan, chosen, avoidance),
    )


def cost_and_avoidance_programme_columns(
    programme: Programme, years: Iterable[FinancialYear], *, horizon: FinancialYear
) -> tuple[ColumnarCost, CostAvoidance, tuple[AvoidanceConvention, ...]]:
    """A programme's spend in ``years``, cost avoidance to ``horizon`` and that avoidance under
    both conventions, in columns: the figures of :func:`~slcp.pricing.cost_portfolio`,
    :func:`~slcp.pricing.cost_avoidance` and
    :func:`~slcp.pricing.compare_avoidance_conventions` (every round of the programme applied
    and assessed), the placements put into columns and their fee rows planned once for all.

    Raises:
        UnknownReferenceError: a round's request names a provider the programme lacks.
        InvalidValueError: as :func:`cost_and_avoidance_columns`; a fee history with an end
            date.
    """
    rounds = programme.uplift_rounds
    check_rounds(programme, rounds)
    placements = programme.placements
    return cost_and_avoidance_columns(
        PlacementColumns.from_placements(placements),
        FeeColumns.from_placements(placements),
        years,
        horizon=horizon,
        rounds=rounds,
        tiers={p.id: p.tier for p in programme.providers},
    )


def _cost(
    placements: PlacementColumns,
    segments: list[tuple[I64, I64, I64, I64]],
    chosen: tuple[FinancialYear, ...],
    rounds: Sequence[FeeUpliftRound],
) -> ColumnarCost:
    """The engine of :func:`cost_columns` on the fee segments after the rounds (taken out of
    ``segments``), for the (sorted, distinct) years."""
    seg_p, seg_a, seg_b, seg_fee = segments.pop()
    n = len(placements)
    # the whole-weeks basis drops the trailing part week of an ended placement
    seg_b = np.minimum(seg_b, _chargeable_limit_all(placements)[seg_p])
    wpy = placements.method[seg_p] == _WEEKS_PER_YEAR
    weekly: Sums = seg_fee * np.where(wpy, placements.weeks_per_year[seg_p], 1)
    # every sum below is at most Σ weekly × 366 days: int64 when that bound fits
    if len(weekly) and int(weekly.max()) * 366 * len(weekly) > _INT64_MAX:
        weekly = weekly.astype(object)
    cells, placement_cell = _cells(placements)
    n_cells = len(cells[0])
    # segments in cell order, so each cell's sum is one contiguous reduction
    by_cell = np.argsort(placement_cell[seg_p], kind="stable")
    seg_p, seg_a, seg_b, weekly, wpy = (
        seg_p[by_cell], seg_a[by_cell], seg_b[by_cell], weekly[by_cell], wpy[by_cell]
    )  # fmt: skip
    seg_cell = placement_cell[seg_p]
    run_starts = np.flatnonzero(np.r_[True, seg_cell[1:] != seg_cell[:-1]]) if len(seg_cell) else (
        np.zeros(0, dtype=np.int64)
    )  # fmt: skip
    run_cells = seg_cell[run_starts]

    def cell_sums(values: Sums) -> Sums:
        out = _zeros(n_cells, values)
        if len(run_starts):
            out[run_cells] = np.add.reduceat(values, run_starts)
        return out

    sums: dict[FinancialYear, YearSums] = {}
    charged: dict[FinancialYear, Bool] = {}
    exact_totals: dict[FinancialYear, Fraction] = {}
    totals: dict[FinancialYear, Money] = {}
    for fy in chosen:
        y = fy.start_year
        # pieces of the year in one academic year each: [1 Apr, 1 Sep) and [1 Sep, 1 Apr)
        pieces = (
            (to_epoch_day(dt.date(y, 4, 1)), to_epoch_day(dt.date(y, 9, 1)), y - 1),
            (to_epoch_day(dt.date(y, 9, 1)), to_epoch_day(dt.date(y + 1, 4, 1)), y),
        )
        values = [
            weekly * np.clip(np.minimum(seg_b, end_day) - np.maximum(seg_a, start_day), 0, None)
            for start_day, end_day, _ in pieces
        ]
        positive = np.asarray((values[0] > 0) | (values[1] > 0), dtype=np.bool_)
        by_length: dict[int, Sums] = {}
        for value, (_, _, academic_year) in zip(values, pieces, strict=True):
            length = _academic_year_days(academic_year)
            spread = np.where(wpy, value, 0)
            by_length[length] = spread if length not in by_length else by_length[length] + spread
        parts = {
            "week": cell_sums(np.where(wpy, 0, values[0] + values[1])),
            365: cell_sums(by_length[365]) if 365 in by_length else _zeros(n_cells, weekly),
            366: cell_sums(by_length[366]) if 366 in by_length else _zeros(n_cells, weekly),
        }
        flag = np.zeros(n, dtype=np.bool_)
        flag[seg_p[positive]] = True
        year = YearSums(
            sevenths=parts["week"],
            days_365=parts[365],
            days_366=parts[366],
            placements=np.bincount(placement_cell[flag], minlength=n_cells).astype(np.int64),
        )
        sums[fy] = year
        charged[fy] = flag
        numerator = year.numerator()
        exact_totals[fy] = to_exact(numerator)
        totals[fy] = Money(round_numerator(numerator))
    return ColumnarCost(
        years=chosen,
        rounds=tuple(r.id for r in rounds),
        cells=cells,
        sums=sums,
        exact_totals=exact_totals,
        totals=totals,
        placements=placements,
        placement_cell=placement_cell,
        charged=charged,
    )


def _largest(values: Sums) -> int:
    """The largest magnitude in ``values`` (0 for none), as a Python integer."""
    if len(values) == 0:
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def _zeros(n: int, like: Sums) -> Sums:
    if like.dtype == np.object_:
        return np.array([0] * n, dtype=object)
    return np.zeros(n, dtype=np.int64)


def _unique_codes(codes: I64, size: int) -> tuple[I64, I64]:
    """``np.unique(codes, return_inverse=True)`` for codes in ``[0, size)``: by marking a
    table when it is small enough (no sort), else by sorting."""
    if size <= max(1 << 16, 16 * len(codes)):
        seen = np.zeros(size, dtype=np.bool_)
        seen[codes] = True
        unique = np.flatnonzero(seen).astype(np.int64)
        lookup = np.cumsum(seen, dtype=np.int32) - 1
        return unique, lookup[codes].astype(np.int64)
    unique, inverse = np.unique(codes, return_inverse=True)
    return unique.astype(np.int64), inverse.reshape(-1).astype(np.int64)


def _cells(
    placements: PlacementColumns,
) -> tuple[tuple[I64, I64, I64, I64, I64], I64]:
    """The cells (borough × workstream × lot × provider × service) in
    :class:`~slcp.pricing.PortfolioKey` order, as codes per dimension, and each placement's
    cell number."""
    categories = (
        placements.borough,
        placements.workstream,
        placements.lot,
        placements.provider,
        placements.service,
    )
    # rank each category's values as PortfolioKey sorts them (None as ""), so that sorting
    # combined ranks sorts cells
    ranked: list[I64] = []
    for c in categories:
        order = sorted(range(len(c.values)), key=lambda i, c=c: c.values[i] or "")  # type: ignore[misc]
        rank = np.empty(len(c.values), dtype=np.int64)
        rank[np.array(order, dtype=np.int64)] = np.arange(len(c.values), dtype=np.int64)
        ranked.append(rank[c.codes] if len(c.codes) else np.zeros(0, dtype=np.int64))
    sizes = [max(len(c.values), 1) for c in categories]
    if math.prod(sizes) < 1 << 62:
        code = np.zeros(len(placements), dtype=np.int64)
        for r, size in zip(ranked, sizes, strict=True):
            code = code * size + r
        unique, placement_cell = _unique_codes(code, math.prod(sizes))
        per_dimension: list[I64] = []
        rest = unique.copy()
        for size in reversed(sizes):
            per_dimension.append(rest % size)
            rest //= size
        per_dimension.reverse()
        ranks_of_cells: list[I64] = per_dimension
    else:
        stacked = np.stack(ranked, axis=1).reshape(len(placements), len(ranked))
        unique_rows, placement_cell = np.unique(stacked, axis=0, return_inverse=True)
        ranks_of_cells = [unique_rows[:, k] for k in range(len(ranked))]
    # back from ranks to each category's codes
    cells: list[I64] = []
    for c, ranks in zip(categories, ranks_of_cells, strict=True):
        by_rank = np.array(
            sorted(range(len(c.values)), key=lambda i, c=c: c.values[i] or ""),  # type: ignore[misc]
            dtype=np.int64,
        )
        cells.append(by_rank[ranks] if len(ranks) else np.zeros(0, dtype=np.int64))
    return (cells[0], cells[1], cells[2], cells[3], cells[4]), placement_cell.reshape(-1).astype(
        np.int64
    )


def cost_programme_columns(
    programme: Programme,
    years: Iterable[FinancialYear],
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> ColumnarCost:
    """:func:`cost_columns` over a programme's placements (the arguments of
    :func:`~slcp.pricing.cost_portfolio`): ``rounds=None`` applies the programme's rounds,
    providers' tiers come from its providers.
    """
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    placements = programme.placements
    return cost_columns(
        PlacementColumns.from_placements(placements),
        FeeColumns.from_placements(placements),
        years,
        rounds=applied,
        tiers={p.id: p.tier for p in programme.providers},
    )


# --- fees in force on a day --------------------------------------------------------------------


def weekly_fees_on_columns(
    placements: PlacementColumns,
    fees: FeeColumns,
    day: dt.date,
    *,
    rounds: Sequence[FeeUpliftRound] = (),
    tiers: Mapping[str, str | None] | None = None,
) -> dict[str, Money]:
    """The weekly fee in force on ``day`` (pence a week, fee history with ``rounds`` applied,
    each step rounded half up) for every placement running that day (``start <= day < end``),
    as :func:`~slcp.pricing.weekly_fees_on` gives it, in the placements' order.

    Raises:
        InvalidValueError: the columns are refused by :func:`cost_columns`.
    """
    order = _check_columns(placements, fees)
    seg_p, seg_a, seg_b, seg_fee = _segments(_plan(placements, fees, order, rounds, tiers or {}))
    d = to_epoch_day(day)
    # a placement's segments tile its period, so a running placement is in exactly one
    on = np.flatnonzero((seg_a <= d) & (d < seg_b))
    on = on[np.argsort(seg_p[on], kind="stable")]
    ids = placements.ids
    return {ids[i]: Money(f) for i, f in zip(seg_p[on].tolist(), seg_fee[on].tolist(), strict=True)}


def weekly_fees_on_programme_columns(
    programme: Programme,
    day: dt.date,
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
    placements: Sequence[Placement] | None = None,
) -> dict[PlacementId, Money]:
    """:func:`weekly_fees_on_columns` over a programme (the arguments of
    :func:`~slcp.pricing.weekly_fees_on`, which it equals to the penny): only the placements
    running on ``day`` are put into columns.

    Args:
        programme: the programme (its rounds and providers' tiers).
        day: the day.
        rounds: the rounds applied; ``None`` applies the programme's.
        placements: only these of the programme's placements (``None``: all of them); each
            placement's fee depends on nothing but itself, the rounds and its provider's tier.

    Raises:
        InvalidValueError: as :func:`weekly_fees_on_columns`; a fee history with an end date.
    """
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    chosen = programme.placements if placements is None else placements
    running = [p for p in chosen if day in p.period]
    found = weekly_fees_on_columns(
        PlacementColumns.from_placements(running),
        FeeColumns.from_placements(running),
        day,
        rounds=applied,
        tiers={p.id: p.tier for p in programme.providers},
    )
    return {PlacementId(k): v for k, v in found.items()}


def weekly_fees_on_programme(
    programme: Programme, day: dt.date, *, placements: Sequence[Placement] | None = None
) -> dict[PlacementId, Money]:
    """:func:`~slcp.pricing.weekly_fees_on` with the programme's rounds (of ``placements``
    only, when given), computed in columns by :func:`weekly_fees_on_programme_columns` (the
    same pence, a differential property); what the columns refuse (a fee history with an end
    date, a rate with more decimal places than ``int64`` holds), record by record, so that
    the figures, and any error, are the record path's."""
    try:
        return weekly_fees_on_programme_columns(programme, day, placements=placements)
    except InvalidValueError:
        return weekly_fees_on(programme, day, placements=placements)


# --- cost avoidance ---------------------------------------------------------------------------


def cost_avoidance_columns(
    placements: PlacementColumns,
    fees: FeeColumns,
    *,
    horizon: FinancialYear,
    rounds: Sequence[FeeUpliftRound] = (),
    tiers: Mapping[str, str | None] | None = None,
) -> CostAvoidance:
    """Cost avoided by each fee-uplift round, computed in columns, to the penny of
    :func:`~slcp.pricing.cost_avoidance` (the same :class:`~slcp.pricing.CostAvoidance`).

    For a round *R*, each fee row it changes is followed twice through the rounds that row
    meets: as agreed, and with *R* at the requested rate (later rounds compounding on that
    fee, each step rounded half up to the penny in integers). Charges are linear in the weekly
    fee, so the avoidance of a stretch of days is the charge of the weekly difference
    ``requested − agreed`` on those days, on the placement's basis; it runs from *R*'s uplift
    day to the next fee row (a renegotiation resets the fee), the placement's chargeable end
    or the end of ``horizon``. Exact sums per placement and year are then rounded and
    allocated by the object path's own rounding step, so breakdowns add up alike.

    Args:
        placements: the placements.
        fees: their contractual fee rows (each placement needs one on its first day).
        horizon: the last financial year counted (inclusive).
        rounds: every fee-uplift round applied; those after ``horizon`` are not assessed.
        tiers: each provider's tier (for band caps); providers not named have none.

    Returns:
        Per round: changed placements, rate averages, in-year, full-year and per-year figures;
        lines per round, placement and year, and full-year lines per round and placement.

    Raises:
        InvalidValueError: two rounds share an id; the columns are refused by
            :func:`cost_columns`; a rate with too many decimal places for ``int64``.
    """
    chosen = _unique_rounds(rounds)
    order = _check_columns(placements, fees)
    plan = _plan(placements, fees, order, chosen, tiers or {}, asked=True)
    return _avoid(placements, plan, chosen, horizon)


def _unique_rounds(rounds: Sequence[FeeUpliftRound]) -> tuple[FeeUpliftRound, ...]:
    chosen = tuple(rounds)
    ids = [r.id for r in chosen]
    if len(set(ids)) != len(ids):
        raise InvalidValueError(
            "two uplift rounds share an id", field="rounds", value=sorted(ids), expected="unique"
        )
    return chosen


def _avoid(
    placements: PlacementColumns,
    plan: _Plan,
    chosen: tuple[FeeUpliftRound, ...],
    horizon: FinancialYear,
) -> CostAvoidance:
    """The engine of :func:`cost_avoidance_columns` on a plan made with ``asked=True``."""
    assessed = sorted(
        (i for i, r in enumerate(chosen) if r.financial_year <= horizon),
        key=lambda i: (chosen[i].financial_year, chosen[i].id),
    )
    limit = _chargeable_limit(placements, horizon)
    yearly: dict[tuple[str, FinancialYear], dict[PlacementId, int]] = {}
    full: dict[str, dict[PlacementId, FullYearPart]] = {}
    weights: dict[str, RoundWeights] = {}
    placed: dict[PlacementId, tuple[GssCode, Workstream]] = {}
    for ri in assessed:
        r = chosen[ri]
        diff, steps = _follow_round(plan, ri)
        rows, day, before, after, requested_after = steps
        p = plan.pidx[rows]
        for i in p.tolist():
            pid = PlacementId(placements.ids[i])
            if pid not in placed:
                placed[pid] = (
                    GssCode(str(placements.borough.values[int(placements.borough.codes[i])])),
                    Workstream(
                        str(placements.workstream.values[int(placements.workstream.codes[i])])
                    ),
                )
        weights[r.id] = _round_weights(plan, ri, p, before)
        full[r.id] = _full_year_parts(placements, p, day, requested_after - after)
        seg_p, seg_a, seg_b, seg_diff = diff
        seg_b = np.minimum(seg_b, limit[seg_p])
        segments = (seg_p, seg_a, seg_b, seg_diff)
        for fy, numerators in _by_year(placements, segments, r.financial_year, horizon):
            yearly[(r.id, fy)] = {PlacementId(placements.ids[i]): n for i, n in numerators.items()}
    return assemble_avoidance(
        [chosen[i] for i in assessed],
        horizon,
        yearly=yearly,
        full=full,
        weights=weights,
        placed=placed,
    )


def cost_avoidance_programme_columns(
    programme: Programme,
    rounds: Sequence[FeeUpliftRound] | None = None,
    *,
    horizon: FinancialYear,
    columns: tuple[PlacementColumns, FeeColumns] | None = None,
) -> CostAvoidance:
    """:func:`cost_avoidance_columns` over a programme (the arguments of
    :func:`~slcp.pricing.cost_avoidance`, which it equals to the penny).

    Args:
        programme: the programme (its placements, providers' tiers and rounds).
        rounds: the rounds to assess; ``None`` uses ``programme.uplift_rounds``.
        horizon: the last financial year counted (inclusive).
        columns: the programme's placements already in columns (as
            :meth:`PlacementColumns.from_placements` and :meth:`FeeColumns.from_placements`
            give them), to share with :func:`cost_columns`.

    Raises:
        UnknownReferenceError: a round's request names a provider the programme lacks.
        InvalidValueError: as :func:`cost_avoidance_columns`; a fee history with an end date.
    """
    chosen = tuple(programme.uplift_rounds if rounds is None else rounds)
    check_rounds(programme, chosen)
    placements = programme.placements
    if columns is None:
        columns = (
            PlacementColumns.from_placements(placements),
            FeeColumns.from_placements(placements),
        )
    return cost_avoidance_columns(
        columns[0],
        columns[1],
        horizon=horizon,
        rounds=chosen,
        tiers={p.id: p.tier for p in programme.providers},
    )


Segments = tuple[I64, I64, I64, I64]
StepRows = tuple[I64, I64, I64, I64, I64]


def _follow_all_requested(plan: _Plan) -> Segments:
    """The stretches where every round at its requested rate (compounding, each step rounded
    half up) changes the weekly fee: ``(placement row, start day, end day, requested − agreed
    pence)``."""
    pidx, start, stop = plan.pidx, plan.start, plan.stop
    fee = plan.fee.copy()
    alt = plan.fee.copy()
    cursor = start.copy()
    out: list[Segments] = []
    for step in plan.sequence:
        day = step.day
        hit = step.has & (day > start) & (day < stop)
        if not bool(hit.any()):
            continue
        out.append((pidx[hit], cursor[hit], day[hit], alt[hit] - fee[hit]))
        alt[hit] = _half_up(alt[hit], step.req_num[hit], step.req_den[hit])
        fee[hit] = _half_up(fee[hit], step.num[hit], step.den[hit])
        cursor[hit] = day[hit]
    out.append((pidx, cursor, stop, alt - fee))
    seg_p, seg_a, seg_b, seg_diff = (np.concatenate([o[k] for o in out]) for k in range(4))
    changed = seg_diff != 0
    return seg_p[changed], seg_a[changed], seg_b[changed], seg_diff[changed]


def _conventions(
    placements: PlacementColumns,
    plan: _Plan,
    chosen: tuple[FeeUpliftRound, ...],
    avoidance: CostAvoidance,
) -> tuple[AvoidanceConvention, ...]:
    """:func:`~slcp.pricing.compare_avoidance_conventions` on a plan made with
    ``asked=True``."""
    horizon = avoidance.horizon
    streams = {r.workstream.value for r in chosen if r.financial_year <= horizon}
    together: dict[tuple[Workstream, int], int] = {}
    if not streams:
        return assemble_conventions(avoidance, together)
    seg_p, seg_a, seg_b, seg_diff = _follow_all_requested(plan)
    seg_b = np.minimum(seg_b, _chargeable_limit(placements, horizon)[seg_p])
    ws_values = placements.workstream.values
    ws_of = placements.workstream.codes
    wanted = np.array([v in streams for v in ws_values], dtype=np.bool_)
    keep = wanted[ws_of[seg_p]] if len(ws_values) else np.zeros(len(seg_p), dtype=np.bool_)
    segments = (seg_p[keep], seg_a[keep], seg_b[keep], seg_diff[keep])
    first = min(r.financial_year for r in chosen)
    for fy, numerators in _by_year(placements, segments, first, horizon):
        for i, n in numerators.items():
            key = (Workstream(str(ws_values[int(ws_of[i])])), fy.start_year)
            together[key] = together.get(key, 0) + n
    return assemble_conventions(avoidance, together)


def _chargeable_limit(placements: PlacementColumns, horizon: FinancialYear) -> I64:
    """Each placement's first day not charged (whole weeks: after its last complete week),
    at most the end of ``horizon``."""
    return np.minimum(_chargeable_limit_all(placements), to_epoch_day(horizon.end))


def _follow_round(plan: _Plan, round_index: int) -> tuple[Segments, StepRows]:
    """The stretches where round ``round_index`` at its requested rate changes the weekly fee
    ``(placement row, start day, end day, requested − agreed pence)``, and the fee rows it
    changes ``(row of the plan, day, fee before, agreed fee after, requested fee after)``."""
    pidx, start, stop = plan.pidx, plan.start, plan.stop
    fee = plan.fee.copy()
    alt = plan.fee.copy()  # the counterfactual fee, meaningful once ``diverged``
    cursor = start.copy()
    diverged = np.zeros(len(pidx), dtype=np.bool_)
    out: list[Segments] = []
    found: list[StepRows] = []
    for step in plan.sequence:
        day = step.day
        hit = step.has & (day > start) & (day < stop)
        if not bool(hit.any()):
            continue
        carried = hit & diverged
        if bool(carried.any()):
            out.append((pidx[carried], cursor[carried], day[carried], alt[carried] - fee[carried]))
            alt[carried] = _half_up(alt[carried], step.num[carried], step.den[carried])
        mine = hit & (step.round_index == round_index)
        after = _half_up(fee[hit], step.num[hit], step.den[hit])
        if bool(mine.any()):
            rows = np.flatnonzero(mine)
            requested = _half_up(fee[mine], step.req_num[mine], step.req_den[mine])
            agreed = fee.copy()
            agreed[hit] = after
            found.append((rows, day[mine], fee[mine], agreed[mine], requested))
            alt[mine] = requested
            diverged |= mine
        fee[hit] = after
        cursor[hit] = day[hit]
    out.append((pidx[diverged], cursor[diverged], stop[diverged], alt[diverged] - fee[diverged]))
    seg_p, seg_a, seg_b, seg_diff = (np.concatenate([o[k] for o in out]) for k in range(4))
    changed = seg_diff != 0
    none = np.zeros(0, dtype=np.int64)
    rows, day, before, after, requested = (
        np.concatenate([none, *(f[k] for f in found)]) for k in range(5)
    )
    return (seg_p[changed], seg_a[changed], seg_b[changed], seg_diff[changed]), (
        rows,
        day,
        before,
        after,
        requested,
    )


def _round_weights(plan: _Plan, round_index: int, p: I64, before: I64) -> RoundWeights:
    """The fees just before a round, summed, and weighted by its rates (exact)."""
    if len(p) == 0:
        return RoundWeights(placements=0, base_weekly=0, requested=Fraction(0), agreed=Fraction(0))
    decided = plan.decided[round_index]
    combo = plan.combo[p]
    base: dict[int, int] = {}
    for c, b in zip(combo.tolist(), before.tolist(), strict=True):
        base[c] = base.get(c, 0) + b
    return RoundWeights(
        placements=len(p),
        base_weekly=sum(base.values()),
        requested=sum((b * decided.requested[c] for c, b in base.items()), Fraction(0)),
        agreed=sum((b * decided.agreed[c] for c, b in base.items()), Fraction(0)),
    )


def _full_year_parts(
    placements: PlacementColumns, p: I64, day: I64, weekly_avoided: I64
) -> dict[PlacementId, FullYearPart]:
    """Each changed placement's weekly difference charged for the twelve months from the
    round's day on its basis (whole weeks: the 52 complete weeks in them)."""
    factors: dict[int, tuple[int, int, int]] = {}
    out: dict[PlacementId, FullYearPart] = {}
    methods = placements.method[p].tolist()
    weeks = placements.weeks_per_year[p].tolist()
    for i, d, m, n, w in zip(
        p.tolist(), day.tolist(), methods, weeks, weekly_avoided.tolist(), strict=True
    ):
        factor = factors.get(d)
        if factor is None:
            factor = factors[d] = _full_year_factors(d)
        numerator = 0 if w == 0 else w * (n * factor[2] if m == _WEEKS_PER_YEAR else factor[m])
        out[PlacementId(placements.ids[i])] = FullYearPart(
            numerator=numerator,
            effective=EPOCH + dt.timedelta(days=d),
            weekly_avoided=Money(w),
        )
    return out


def _full_year_factors(day: int) -> tuple[int, int, int]:
    """Numerators of a 1p weekly fee over the twelve months from ``day`` (a day number): pro
    rata, whole weeks, and one week a year spread over the academic years' days."""
    first = EPOCH + dt.timedelta(days=day)
    stop = anniversary(first, 1)
    days = (stop - first).days
    spread = 0
    cursor = first
    while cursor < stop:
        ay = cursor.year if cursor.month >= 9 else cursor.year - 1
        ay_stop = dt.date(ay + 1, 9, 1)
        piece = min(ay_stop, stop)
        spread += (piece - cursor).days * (CHARGE_DENOMINATOR // _academic_year_days(ay))
        cursor = piece
    return days * _PER_DAY, 7 * (days // 7) * _PER_DAY, spread


def _by_year(
    placements: PlacementColumns,
    segments: Segments,
    first: FinancialYear,
    horizon: FinancialYear,
) -> Iterable[tuple[FinancialYear, dict[int, int]]]:
    """Per financial year from ``first`` to ``horizon``, each placement row's nonzero avoidance
    in ``1 / CHARGE_DENOMINATOR`` pence (Python integers), from the stretches
    ``(placement row, start day, end day, weekly difference)``."""
    seg_p, seg_a, seg_b, seg_diff = segments
    if len(seg_p) == 0:
        return
    wpy = placements.method[seg_p] == _WEEKS_PER_YEAR
    weekly: Sums = seg_diff * np.where(wpy, placements.weeks_per_year[seg_p], 1)
    if int(np.abs(weekly).max()) * 366 * len(weekly) > _INT64_MAX:
        weekly = weekly.astype(object)
    rows, placement_of = np.unique(seg_p, return_inverse=True)
    placement_of = placement_of.reshape(-1)
    for y in range(first.start_year, horizon.start_year + 1):
        numerators: Sums = _zeros(len(rows), weekly)
        for piece_first, piece_last, academic_year in (
            (dt.date(y, 4, 1), dt.date(y, 9, 1), y - 1),
            (dt.date(y, 9, 1), dt.date(y + 1, 4, 1), y),
        ):
            a, b = to_epoch_day(piece_first), to_epoch_day(piece_last)
            days = np.clip(np.minimum(seg_b, b) - np.maximum(seg_a, a), 0, None)
            if not bool(days.any()):
                continue
            value = weekly * days
            by_week = _zeros(len(rows), value)
            by_year = _zeros(len(rows), value)
            np.add.at(by_week, placement_of, np.where(wpy, 0, value))
            np.add.at(by_year, placement_of, np.where(wpy, value, 0))
            spread = CHARGE_DENOMINATOR // _academic_year_days(academic_year)
            # in int64 while the largest possible sum fits, else in Python integers
            bound = _PER_DAY * _largest(by_week) + spread * _largest(by_year)
            if numerators.dtype != np.object_ and bound + _largest(numerators) > _INT64_MAX:
                numerators = numerators.astype(object)
            if numerators.dtype == np.object_:
                by_week, by_year = by_week.astype(object), by_year.astype(object)
            numerators = numerators + _PER_DAY * by_week + spread * by_year
        charged = np.flatnonzero(numerators)
        if len(charged):
            found = dict(
                zip(rows[charged].tolist(), map(int, numerators[charged].tolist()), strict=True)
            )
            yield FinancialYear(y), found


# --- call-offs --------------------------------------------------------------------------------


def call_off_activity_columns(
    programme: Programme,
    vehicle: VehicleId,
    periods: Sequence[DateRange],
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> CallOffActivity:
    """:func:`~slcp.pricing.call_off_activity` with the call-offs' fees planned in columns,
    to the penny: the same lines (call-offs per period and lot, each valued from its start
    to the period's end in ``1 / CHARGE_DENOMINATOR`` pence, fees as charged with the rounds,
    on its own charging basis), each period's total rounded half up once and allocated to
    its lots by largest remainder. Only the placements starting in one of ``periods`` are put
    into columns.

    Args:
        programme: the programme (placements, providers' tiers, uplift rounds).
        vehicle: the DPS or framework's id.
        periods: bounded half-open ranges.
        rounds: uplift rounds to apply; ``None`` uses ``programme.uplift_rounds``.

    Raises:
        PeriodError: a period is open-ended.
        InvalidValueError: the columns are refused (as by :func:`cost_columns`; a fee history
            with an end date), where :func:`~slcp.pricing.call_off_activity` still answers.
    """
    ends_on = check_call_off_periods(periods)
    ends = [to_epoch_day(end) for end in ends_on]
    starts = [to_epoch_day(period.start) for period in periods]
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    # the placements starting in a period: the periods merged into disjoint ranges, each
    # placement's start looked up among them
    merged: list[list[dt.date]] = []
    for opens_on, closes_on in sorted(zip((r.start for r in periods), ends_on, strict=True)):
        if merged and opens_on <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes_on)
        elif opens_on < closes_on:
            merged.append([opens_on, closes_on])
    opens = [m[0] for m in merged]
    calls = [
        p
        for p in called_off(programme, vehicle)
        if (i := bisect.bisect_right(opens, p.period.start) - 1) >= 0
        and p.period.start < merged[i][1]
    ]
    if not calls:
        return assemble_call_offs(vehicle, periods, applied, [{} for _ in periods])
    placements = PlacementColumns.from_placements(calls)
    fees = FeeColumns.from_placements(calls)
    order = _check_columns(placements, fees)
    tiers: dict[str, str | None] = {p.id: p.tier for p in programme.providers}
    seg_p, seg_a, seg_b, seg_fee = _segments(_plan(placements, fees, order, applied, tiers))
    seg_b = np.minimum(seg_b, _chargeable_limit_all(placements)[seg_p])
    wpy = placements.method[seg_p] == _WEEKS_PER_YEAR
    weekly: Sums = seg_fee * np.where(wpy, placements.weeks_per_year[seg_p], 1)
    # a period's call-offs run at most its length within it: every sum below is at most
    # Σ weekly × that many days, so int64 while that bound fits, else Python integers
    longest = max((b - a for a, b in zip(starts, ends, strict=True)), default=1)
    if len(weekly) and int(weekly.max()) * max(longest, 1) * len(weekly) > _INT64_MAX:
        weekly = weekly.astype(object)
    lots = [None if v is None else LotId(v) for v in placements.lot.values]
    lot_codes = placements.lot.codes
    start = placements.start_day
    tallies: list[dict[LotId | None, tuple[int, int]]] = []
    for first, end in zip(starts, ends, strict=True):
        chosen = (start >= first) & (start < end)
        if not bool(chosen.any()):
            tallies.append({})
            continue
        mask = chosen[seg_p]
        seg_lot = lot_codes[seg_p[mask]]
        a, b, w, spread = seg_a[mask], np.minimum(seg_b[mask], end), weekly[mask], wpy[mask]
        days = np.clip(b - a, 0, None)
        # (weight, values): pro rata and whole weeks are weekly × days sevenths of a penny;
        # weeks per year weekly × N × days of each academic year, weighted by its length
        parts: list[tuple[int, Sums]] = [(_PER_DAY, np.where(spread, 0, w * days))]
        if bool(spread.any()):
            y = _academic_start_year(int(a[spread].min()))
            high = int(b[spread].max())
            while to_epoch_day(dt.date(y, 9, 1)) < high:
                ay_a, ay_b = to_epoch_day(dt.date(y, 9, 1)), to_epoch_day(dt.date(y + 1, 9, 1))
                inside = np.clip(np.minimum(b, ay_b) - np.maximum(a, ay_a), 0, None)
                per_day = CHARGE_DENOMINATOR // _academic_year_days(y)
                parts.append((per_day, np.where(spread, w * inside, 0)))
                y += 1
        numerators = [0] * len(lots)
        for weight, values in parts:
            sums = _zeros(len(lots), values)
            np.add.at(sums, seg_lot, values)
            numerators = [
                n + weight * int(v) for n, v in zip(numerators, sums.tolist(), strict=True)
            ]
        counts = np.bincount(lot_codes[chosen], minlength=len(lots)).tolist()
        tallies.append({lots[k]: (counts[k], numerators[k]) for k in range(len(lots)) if counts[k]})
    return assemble_call_offs(vehicle, periods, applied, tallies)


def _academic_start_year(day: int) -> int:
    """The first calendar year of the academic year (1 September to 31 August) holding a day
    number."""
    date = dt.date.fromordinal(day + _EPOCH_ORDINAL)
    return date.year if date.month >= 9 else date.year - 1


def _chargeable_limit_all(placements: PlacementColumns) -> I64:
    """Each placement's first day not charged: its end, or for an ended placement charged in
    whole weeks the day after its last complete week (``chargeable_end``)."""
    start, end = placements.start_day, placements.end_day
    weeks_end = start + 7 * ((end - start) // 7)
    return np.where((placements.method == _WHOLE_WEEKS) & (end != OPEN_END), weeks_end, end)
