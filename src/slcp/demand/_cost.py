"""Pricing a projection: forecast cost in integer pence per financial year, on assumptions."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from fractions import Fraction

import attrs

from slcp.demand._fit import month_number, month_of_number
from slcp.demand._projection import UNITS_PER_CHILD, PopulationProjection
from slcp.demand._states import CARE_STATES, PlacementGroup, month_end
from slcp.domain import GssCode, Programme, ServiceKind
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate, allocate_pence, round_pence
from slcp.periods import FinancialYear
from slcp.pricing import apply_uplift, median_pence, weekly_fees_on

__all__ = [
    "ASSUMPTIONS_LABEL",
    "AreaCost",
    "DemandCost",
    "PriceAssumption",
    "PriceBasis",
    "YearCost",
    "price_projection",
    "prices_from_programme",
]

#: The label every priced projection carries.
ASSUMPTIONS_LABEL = (
    "forecast cost rests on assumptions: the projected numbers of children, one weekly fee "
    "per placement group and an expected yearly uplift; it is not a budget"
)

#: Service kinds whose placements price each group (decision record 1110).
GROUP_SERVICES: dict[PlacementGroup, frozenset[ServiceKind]] = {
    PlacementGroup.FOSTERING: frozenset(
        {
            ServiceKind.INDEPENDENT_FOSTERING,
            ServiceKind.IN_HOUSE_FOSTERING,
            ServiceKind.KINSHIP_FOSTERING,
        }
    ),
    PlacementGroup.RESIDENTIAL: frozenset(
        {ServiceKind.CHILDRENS_HOME, ServiceKind.SECURE_CHILDRENS_HOME}
    ),
    PlacementGroup.OTHER: frozenset(
        {ServiceKind.SUPPORTED_ACCOMMODATION, ServiceKind.PARENT_AND_CHILD}
    ),
}


class PriceBasis(enum.Enum):
    """Where a group's weekly fee comes from."""

    PLACEMENT_MEDIAN = "placement_median"
    """The median weekly fee of the programme's placements of the group in force that day
    (uplift rounds already effective included), rounded half up to the penny."""
    LOT_BAND_MIDPOINT = "lot_band_midpoint"
    """The midpoint of the price band of the first lot (by id) buying the group's services,
    rounded half up to the penny."""


@attrs.frozen(kw_only=True)
class PriceAssumption:
    """What one placement group is assumed to cost.

    Attributes:
        group: the placement group.
        weekly_fee: the weekly fee on the census day, in pence.
        expected_uplift: the increase assumed on each 1 April of the projection (a fraction:
            0.03 for 3%), applied with :func:`slcp.pricing.apply_uplift` (rounded half up to
            the penny at each step, as every new fee is).
        source: how the fee was chosen, in words.
    """

    group: PlacementGroup
    weekly_fee: Money
    expected_uplift: Rate
    source: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.weekly_fee, Money) or self.weekly_fee.pence < 0:
            raise InvalidValueError(
                "a weekly fee must be non-negative Money",
                field="weekly_fee",
                value=self.weekly_fee,
                expected="Money(pence >= 0)",
            )

    def fee_in(self, years_on: int) -> Money:
        """The weekly fee ``years_on`` financial years after the census (0: the census fee).

        >>> a = PriceAssumption(group=PlacementGroup.FOSTERING, weekly_fee=Money(80_000),
        ...                     expected_uplift=Rate.of("0.03"), source="example")
        >>> a.fee_in(0), a.fee_in(1), a.fee_in(2)
        (Money(pence=80000), Money(pence=82400), Money(pence=84872))
        """
        fee = self.weekly_fee
        for _ in range(years_on):
            fee = apply_uplift(fee, self.expected_uplift)
        return fee


def prices_from_programme(
    programme: Programme,
    *,
    on: dt.date,
    expected_uplift: Rate,
    basis: PriceBasis = PriceBasis.PLACEMENT_MEDIAN,
) -> tuple[PriceAssumption, ...]:
    """One price assumption per group the programme can price, from its placements or lots.

    A group with no placement in force on ``on`` (or no lot buying its services) gets no
    assumption, and stays unpriced: never priced at zero.

    Args:
        programme: the programme whose placements or lots give the fees.
        on: the day the fees are read (the census day, 31 March).
        expected_uplift: the yearly uplift assumed for every group.
        basis: placements' median fee, or the lot band's midpoint.
    """
    out: list[PriceAssumption] = []
    if basis is PriceBasis.PLACEMENT_MEDIAN:
        fees = weekly_fees_on(programme, on)
        by_id = {p.id: p for p in programme.placements}
        for group, services in GROUP_SERVICES.items():
            values = [f.pence for pid, f in fees.items() if by_id[pid].service in services]
            if not values:
                continue
            out.append(
                PriceAssumption(
                    group=group,
                    weekly_fee=Money(round_pence(median_pence(values))),
                    expected_uplift=expected_uplift,
                    source=f"median weekly fee of the {len(values)} {group.value} placement(s) "
                    f"of {programme.name} in force on {on.isoformat()}",
                )
            )
        return tuple(out)
    lots = sorted(
        (lot for v in programme.vehicles for lot in getattr(v, "lots", ())),
        key=lambda lot: lot.id,
    )
    for group, services in GROUP_SERVICES.items():
        for lot in lots:
            band = lot.price_band
            if band is None or not services & set(lot.service_kinds):
                continue
            mid = Fraction(band.min_weekly.pence + band.max_weekly.pence, 2)
            out.append(
                PriceAssumption(
                    group=group,
                    weekly_fee=Money(round_pence(mid)),
                    expected_uplift=expected_uplift,
                    source=f"midpoint of lot {lot.id}'s price band ({band.min_weekly} to "
                    f"{band.max_weekly} a week)",
                )
            )
            break
    return tuple(out)


@attrs.frozen(kw_only=True)
class YearCost:
    """One area's forecast cost in one financial year.

    Attributes:
        year: the financial year.
        total: the cost, rounded once, in pence.
        exact_pence: the exact cost before rounding.
        by_group: the total allocated to the priced groups by their exact shares (largest
            remainder), so the parts add up to the total.
        child_days: child-days of care projected in each group (exact), priced or not.
    """

    year: FinancialYear
    total: Money
    exact_pence: Fraction
    by_group: tuple[tuple[PlacementGroup, Money], ...]
    child_days: tuple[tuple[PlacementGroup, Fraction], ...]


@attrs.frozen(kw_only=True)
class AreaCost:
    """The forecast cost of one area (or of every area, ``all_areas``).

    Attributes:
        area: the borough (``None``: no borough given, or every area with ``all_areas``).
        all_areas: True for the partnership's total.
        years: one per projected financial year.
    """

    area: GssCode | None
    all_areas: bool = False
    years: tuple[YearCost, ...]


@attrs.frozen(kw_only=True)
class DemandCost:
    """A projection priced: cost per financial year, per area and in all.

    Attributes:
        label: :data:`ASSUMPTIONS_LABEL`.
        assumptions: the price assumptions used.
        unpriced: groups with no assumption (their child-days are shown, not costed).
        total: every area together; each year rounded once.
        areas: each area's share of the rounded total, allocated by exact shares.
    """

    label: str
    assumptions: tuple[PriceAssumption, ...]
    unpriced: tuple[PlacementGroup, ...]
    total: AreaCost
    areas: tuple[AreaCost, ...]


def _year_months(projection: PopulationProjection) -> list[tuple[FinancialYear, int]]:
    # financial year of each projected month, and its position among the projection's months
    out = []
    for k, month in enumerate(projection.months):
        out.append((FinancialYear.containing(month_end(month)), k))
    return out


def price_projection(
    projection: PopulationProjection, prices: Iterable[PriceAssumption]
) -> DemandCost:
    """Forecast cost per financial year, exact until each year's total is rounded.

    A month's child-days are the mean of its start and end populations times the days in the
    month; their cost is ``child-days × weekly fee ÷ 7`` at the fee of that financial year
    (:meth:`PriceAssumption.fee_in`: the census fee uplifted once for each 1 April passed).
    Each year's partnership total is rounded half up once; areas get it by largest remainder
    of their exact costs, and each area's groups get the area's pence the same way.

    Args:
        projection: the projected population (must start on a 31 March, as
            :func:`~slcp.demand.forecast_demand` does).
        prices: at most one assumption per group; groups without one are unpriced.

    Raises:
        InvalidValueError: two assumptions for a group, or a projection not starting in March.
    """
    by_group: dict[PlacementGroup, PriceAssumption] = {}
    for p in prices:
        if p.group in by_group:
            raise InvalidValueError(
                "one price assumption per placement group",
                field="prices",
                value=p.group.value,
                expected="each group at most once",
            )
        by_group[p.group] = p
    if projection.start_month.month != 3:
        raise InvalidValueError(
            "a priced projection starts on 31 March",
            field="start_month",
            value=str(projection.start_month),
            expected="a March",
        )
    first_year = FinancialYear.containing(month_end(projection.start_month)).start_year + 1
    groups = tuple(PlacementGroup)
    state_group = [groups.index(s.group) for s in CARE_STATES]
    # exact child-days and cost by (year, area, group)
    # thousandth-child-days (start + end populations times the month's days, summed) by
    # year, area and group: whole numbers, turned into exact child-days and cost once each
    units: dict[FinancialYear, list[list[int]]] = {}
    years_on_of: dict[FinancialYear, int] = {}
    for year, k in _year_months(projection):
        month = month_of_number(month_number(projection.start_month) + 1 + k)
        days = month_end(month).day
        years_on_of[year] = year.start_year - first_year + 1
        rows = units.setdefault(year, [[0] * len(groups) for _ in projection.areas])
        for ai, area in enumerate(projection.areas):
            m = area.months[k]
            row = rows[ai]
            for s, (a, b) in enumerate(zip(m.start, m.end, strict=True)):
                if a or b:
                    row[state_group[s]] += (a + b) * days
    # child-days = units ÷ (2 × 1000) and cost = child-days × weekly fee ÷ 7 = units × fee ÷
    # 14,000, exact: every child-day and every cost has one of two denominators, so sums and
    # shares are taken of the whole numerators and each figure made a Fraction once
    day_den, cost_den = 2 * UNITS_PER_CHILD, 14 * UNITS_PER_CHILD
    total_years: list[YearCost] = []
    area_years: list[list[YearCost]] = [[] for _ in projection.areas]
    priced = [(gi, g) for gi, g in enumerate(groups) if g in by_group]
    for year in sorted(units):
        rows = units[year]
        fees = [by_group[g].fee_in(years_on_of[year]).pence for _, g in priced]
        # cost numerators by area and priced group
        cost = [[row[gi] * fee for (gi, _), fee in zip(priced, fees, strict=True)] for row in rows]
        area_cost = [sum(c) for c in cost]
        exact = Fraction(sum(area_cost), cost_den)
        total = round_pence(exact)
        # shares of the same denominator's numerators are the shares of the exact costs
        shares = (
            allocate_pence(total, dict(enumerate(area_cost)))
            if any(area_cost)
            else dict.fromkeys(range(len(rows)), 0)
        )
        total_years.append(
            YearCost(
                year=year,
                total=Money(total),
                exact_pence=exact,
                by_group=_split(
                    total, {g: sum(c[pi] for c in cost) for pi, (_, g) in enumerate(priced)}
                ),
                child_days=tuple(
                    (g, Fraction(sum(row[gi] for row in rows), day_den))
                    for gi, g in enumerate(groups)
                ),
            )
        )
        for ai, row in enumerate(rows):
            area_years[ai].append(
                YearCost(
                    year=year,
                    total=Money(shares[ai]),
                    exact_pence=Fraction(area_cost[ai], cost_den),
                    by_group=_split(
                        shares[ai], {g: c for (_, g), c in zip(priced, cost[ai], strict=True)}
                    ),
                    child_days=tuple(
                        (g, Fraction(row[gi], day_den)) for gi, g in enumerate(groups)
                    ),
                )
            )
    return DemandCost(
        label=ASSUMPTIONS_LABEL,
        assumptions=tuple(by_group[g] for _, g in priced),
        unpriced=tuple(g for g in groups if g not in by_group),
        total=AreaCost(area=None, all_areas=True, years=tuple(total_years)),
        areas=tuple(
            AreaCost(area=a.area, years=tuple(area_years[ai]))
            for ai, a in enumerate(projection.areas)
        ),
    )


def _split(
    total: int, costs: dict[PlacementGroup, int]
) -> tuple[tuple[PlacementGroup, Money], ...]:
    """``total`` pence over the groups by largest remainder of ``costs``: numerators of the
    groups' exact costs over one denominator (so in proportion to the exact costs)."""
    if not costs:
        return ()
    if not any(costs.values()):
        return tuple((g, Money(0)) for g in costs)
    keyed = {g.value: v for g, v in costs.items()}
    parts = allocate_pence(total, keyed)
    return tuple((g, Money(parts[g.value])) for g in costs)
