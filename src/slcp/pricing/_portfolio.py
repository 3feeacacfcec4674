"""Portfolio costing: every placement of a programme costed by borough × workstream × lot ×
provider × financial year, rolled up exactly.

Spend is what the placements cost at the fees actually paid: each placement's contractual fee
history **with** the programme's fee-uplift rounds applied (``docs/decisions/0304``). Each
financial year's total is rounded once (half up) and allocated to the cells by largest
remainder, so any roll-up (by borough, by lot...) adds up to the year's total to the penny.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from fractions import Fraction
from typing import TypeVar

import attrs

from slcp.domain import (
    FeeUpliftRound,
    GssCode,
    LotId,
    Programme,
    ProviderId,
    ServiceKind,
    Workstream,
)
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing._costing import numerators_by_start_year
from slcp.pricing._exact import CHARGE_DENOMINATOR, allocate_signed, round_numerator, to_exact
from slcp.pricing._fees import DecisionCache, build_schedule

__all__ = ["PortfolioCost", "PortfolioKey", "cost_portfolio", "spend_by_borough"]

K = TypeVar("K", bound=Hashable)


@attrs.frozen(kw_only=True, cache_hash=True)
class PortfolioKey:
    """One cell of the portfolio: borough × workstream × lot × provider × service × year.

    Attributes:
        financial_year: the year.
        borough: the placing borough.
        workstream: SEND or LAC.
        lot: the lot the placements were called off (``None``: spot, in-house, or a vehicle
            without lots).
        provider: the provider (``None``: in-house).
        service: the kind of service bought (so spend can be set against lots' service
            kinds, e.g. children's homes against the residential lot).
    """

    financial_year: FinancialYear
    borough: GssCode
    workstream: Workstream
    lot: LotId | None
    provider: ProviderId | None
    service: ServiceKind

    @property
    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        """A plain tuple that orders cells: year, borough, workstream, lot, provider, service
        (no lot and no provider sort first)."""
        return (
            self.financial_year.start_year,
            self.borough,
            self.workstream.value,
            self.lot or "",
            self.provider or "",
            self.service.value,
        )


@attrs.frozen(kw_only=True)
class PortfolioCost:
    """The programme's spend per cell and year.

    Attributes:
        years: the financial years costed, in order.
        rounds: ids of the fee-uplift rounds applied.
        exact_totals: exact spend per year, in pence.
        totals: each year's spend rounded half up to the penny.
        cell_numerators: exact spend per cell in whole ``1 / CHARGE_DENOMINATOR`` pence
            (``7 × 365 × 366``); :attr:`exact_cells` gives it as fractions of a penny.
        cells: each year's rounded total allocated to its cells (largest remainder); the cells
            of a year add up to its total exactly. Cells with no charge are left out.
        placements: the number of placements charged in each cell.
        method: how the figures were computed, in words.
    """

    years: tuple[FinancialYear, ...]
    rounds: tuple[str, ...]
    exact_totals: dict[FinancialYear, Fraction]
    totals: dict[FinancialYear, Money]
    cell_numerators: dict[PortfolioKey, int] = attrs.field(repr=False)
    cells: dict[PortfolioKey, Money]
    placements: dict[PortfolioKey, int]
    method: str

    @functools.cached_property
    def exact_cells(self) -> dict[PortfolioKey, Fraction]:
        """Exact spend per cell, in pence (computed on first use)."""
        return {k: to_exact(n) for k, n in self.cell_numerators.items()}

    @functools.cached_property
    def _cells_by_year(self) -> dict[FinancialYear, tuple[tuple[PortfolioKey, Money], ...]]:
        # a report rolls the cells up a dozen ways per year: each year's cells listed once
        out: dict[FinancialYear, list[tuple[PortfolioKey, Money]]] = {}
        for k, m in self.cells.items():
            out.setdefault(k.financial_year, []).append((k, m))
        return {year: tuple(cells) for year, cells in out.items()}

    def cells_in(self, year: FinancialYear) -> Sequence[tuple[PortfolioKey, Money]]:
        """The cells of ``year`` and their pence, in cell order (cells with no charge are
        left out; a year not costed has none)."""
        return self._cells_by_year.get(year, ())

    def residual(self, year: FinancialYear) -> Fraction:
        """``total − exact`` for ``year``, in pence (between −½p and ½p)."""
        return self.totals[year].pence - self.exact_totals[year]

    def total_by(
        self, key: Callable[[PortfolioKey], K], *, year: FinancialYear | None = None
    ) -> dict[K, Money]:
        """Cells summed by ``key`` (e.g. ``lambda k: k.borough``), for one year or all years.

        The parts add up exactly to the year's total (or the sum of all years' totals).
        Keys are sorted where they can be compared.
        """
        pence: dict[K, int] = {}  # summed as ints, wrapped once per group
        cells = self.cells.items() if year is None else self._cells_by_year.get(year, ())
        for k, m in cells:
            group = key(k)
            pence[group] = pence.get(group, 0) + m.pence
        out = {group: Money(n) for group, n in pence.items()}
        try:
            return dict(sorted(out.items(), key=lambda item: item[0]))  # type: ignore[arg-type,return-value]
        except TypeError:
            return out

    def total(self, year: FinancialYear) -> Money:
        """The year's rounded total (``Money(0)`` for a year costed with no charges)."""
        return self.totals.get(year, Money(0))


#: :attr:`PortfolioCost.method` of :func:`cost_portfolio` (and of the columnar engine's
#: figures, which are the same to the penny).
PORTFOLIO_METHOD = (
    "fee history with uplift rounds applied step by step (rounded to the penny at each "
    "step); charged per the placement's basis; each year's total rounded half up and "
    "allocated to borough x workstream x lot x provider by largest remainder"
)


def _provider_tiers(programme: Programme) -> dict[str, str | None]:
    return {p.id: p.tier for p in programme.providers}


def cost_portfolio(
    programme: Programme,
    years: Iterable[FinancialYear],
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> PortfolioCost:
    """Cost every placement of ``programme`` in each of ``years``.

    Each placement's fee schedule is built once (fee history + rounds) and charged per fee
    segment and financial year, never day by day.

    Args:
        programme: the programme.
        years: the financial years to cost (duplicates ignored).
        rounds: the fee-uplift rounds to apply; ``None`` uses ``programme.uplift_rounds``
            (pass ``()`` for contractual fees only).

    Returns:
        Exact and rounded totals per year and per cell; cells allocated from the rounded
        yearly totals.

    Raises:
        InvalidValueError: no years given.
        ParameterNotFoundError: a placement's fee history stops before the placement does.
    """
    chosen = tuple(sorted(set(years)))
    if not chosen:
        raise InvalidValueError(
            "no financial years to cost", field="years", expected="at least one FinancialYear"
        )
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    tiers = _provider_tiers(programme)
    decisions: DecisionCache = {}
    by_workstream = {w: tuple(r for r in applied if r.workstream is w) for w in Workstream}
    years_by_start = {fy.start_year: fy for fy in chosen}
    first, last = chosen[0].start, chosen[-1].end
    # plain tuples while accumulating (hashing records per placement-year is slow):
    # (year, borough, workstream, lot, provider, service) -> numerator, placements
    numerators: dict[tuple[int, str, str, str, str, str], int] = {}
    counts: dict[tuple[int, str, str, str, str, str], int] = {}
    keys: dict[
        tuple[str, str, str, str, str],
        tuple[GssCode, Workstream, LotId | None, ProviderId | None, ServiceKind],
    ] = {}
    for p in programme.placements:
        if p.period.start >= last or (p.period.end is not None and p.period.end <= first):
            continue
        tier = tiers.get(p.provider) if p.provider is not None else None
        schedule = build_schedule(p, by_workstream[p.workstream], tier=tier, decisions=decisions)
        cell: tuple[str, str, str, str, str] = (
            p.borough,
            p.workstream.value,
            p.route.lot or "",
            p.provider or "",
            p.service.value,
        )
        keys.setdefault(cell, (p.borough, p.workstream, p.route.lot, p.provider, p.service))
        for start_year, n in numerators_by_start_year(schedule, first, last).items():
            if start_year not in years_by_start:
                continue
            key = (start_year, *cell)
            numerators[key] = numerators.get(key, 0) + n
            counts[key] = counts.get(key, 0) + 1
    ordered: list[tuple[PortfolioKey, int, int]] = []
    for key in sorted(numerators):
        borough, workstream, lot, provider, service = keys[key[1:]]
        record = PortfolioKey(
            financial_year=years_by_start[key[0]],
            borough=borough,
            workstream=workstream,
            lot=lot,
            provider=provider,
            service=service,
        )
        ordered.append((record, numerators[key], counts[key]))
    by_year: dict[FinancialYear, list[tuple[PortfolioKey, int]]] = {fy: [] for fy in chosen}
    for k, n, _ in ordered:
        by_year[k.financial_year].append((k, n))
    exact_totals: dict[FinancialYear, Fraction] = {}
    totals: dict[FinancialYear, Money] = {}
    cells: dict[PortfolioKey, Money] = {}
    for fy in chosen:
        year_cells = by_year[fy]
        numerator = sum(n for _, n in year_cells)
        exact_totals[fy] = to_exact(numerator)
        rounded = round_numerator(numerator)
        totals[fy] = Money(rounded)
        # allocate by position in sorted order: ties go to the earlier cell, cheaply
        parts = allocate_signed(
            rounded, {i: n for i, (_, n) in enumerate(year_cells)}, denominator=CHARGE_DENOMINATOR
        )
        for i, (k, _) in enumerate(year_cells):
            cells[k] = Money(parts[i])
    return PortfolioCost(
        years=chosen,
        rounds=tuple(r.id for r in applied),
        exact_totals=exact_totals,
        totals=totals,
        cell_numerators={k: n for k, n, _ in ordered},
        cells=cells,
        placements={k: c for k, _, c in ordered},
        method=PORTFOLIO_METHOD,
    )


def spend_by_borough(programme: Programme, year: FinancialYear) -> dict[GssCode, Money]:
    """Spend per borough in ``year``, at the fees actually paid (fee history + the
    programme's uplift rounds), charged per each placement's basis.

    The programme's total for the year is rounded once (half up) and allocated to the
    boroughs by largest remainder, so the boroughs' figures add up to it exactly. Boroughs
    with no charged placement in the year are left out.

    >>> from slcp.domain import SOUTH_LONDON_BOROUGHS
    >>> empty = Programme(name="P", host=GssCode("E09000008"), boroughs=SOUTH_LONDON_BOROUGHS)
    >>> spend_by_borough(empty, FinancialYear(2019))
    {}
    """
    cost = cost_portfolio(programme, (year,))
    return cost.total_by(lambda k: k.borough, year=year)
