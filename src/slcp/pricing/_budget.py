"""Budgets: how many placements a budget funds, projected spend and over- or underspend, and the
average weekly cost an overspend implies — each under an explicit annualisation of the weekly
fee (52 weeks, as budgets usually assume; 365 ÷ 7 weeks, as finance answers do; or the days of
the financial year ÷ 7 — 366 ÷ 7 in a year holding 29 February — as REFERENCE §3 asks).

Seed 004's Croydon figures are the worked example (``docs/pricing/budgets.md``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from slcp.domain import Budget, FeeUpliftRound, Programme
from slcp.errors import InvalidValueError
from slcp.money import Money, round_decimal, round_pence
from slcp.periods import FinancialYear
from slcp.pricing._costing import numerators_by_year
from slcp.pricing._exact import round_numerator
from slcp.pricing._fees import DecisionCache, build_schedule

__all__ = [
    "Annualisation",
    "BoroughBudget",
    "BudgetPosition",
    "FundedPlacements",
    "ImpliedWeeklyCost",
    "assess_budgets",
    "funded_placements",
    "implied_weekly_cost",
    "project_budget",
]


class Annualisation(enum.Enum):
    """How many weeks a year a weekly cost is multiplied by.

    ``DAYS_IN_YEAR`` depends on the year (366 ÷ 7 for 2019/20, which holds 29 February 2020),
    so its weeks come from :meth:`weeks_in`; the fixed rules answer :attr:`weeks` as well.

    >>> Annualisation.WEEKS_52.weeks, Annualisation.DAYS_365_OVER_7.weeks
    (Fraction(52, 1), Fraction(365, 7))
    >>> years = (FinancialYear.parse("2019/20"), FinancialYear.parse("2020/21"))
    >>> [Annualisation.DAYS_IN_YEAR.weeks_in(y) for y in years]
    [Fraction(366, 7), Fraction(365, 7)]
    >>> Annualisation.DAYS_IN_YEAR.weeks
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: days_in_year annualisation needs a financial year...
    """

    WEEKS_52 = "weeks_52"
    """52 weeks: the usual budget assumption."""
    DAYS_365_OVER_7 = "days_365_over_7"
    """365 ÷ 7 ≈ 52.14 weeks: a calendar year of days."""
    DAYS_IN_YEAR = "days_in_year"
    """The financial year's own days ÷ 7: 366 ÷ 7 ≈ 52.29 weeks in a leap year, else 365 ÷ 7."""

    @property
    def weeks(self) -> Fraction:
        """The exact number of weeks in a year under a fixed rule (not ``DAYS_IN_YEAR``).

        Raises:
            InvalidValueError: for ``DAYS_IN_YEAR``, which needs :meth:`weeks_in`.
        """
        return self.weeks_in(None)

    def weeks_in(self, year: FinancialYear | None) -> Fraction:
        """The exact number of weeks in ``year`` under this rule.

        Args:
            year: the financial year; needed only for ``DAYS_IN_YEAR``.

        Raises:
            InvalidValueError: ``DAYS_IN_YEAR`` without a year.
        """
        if self is Annualisation.WEEKS_52:
            return Fraction(52)
        if self is Annualisation.DAYS_365_OVER_7:
            return Fraction(365, 7)
        if year is None:
            raise InvalidValueError(
                "days_in_year annualisation needs a financial year",
                field="year",
                value=None,
                expected="a FinancialYear, e.g. FinancialYear.parse('2019/20')",
            )
        return Fraction(year.days, 7)


def _positive_money(value: Money, field: str) -> None:
    if not isinstance(value, Money) or value.pence <= 0:
        raise InvalidValueError(
            f"{field} must be more than £0.00",
            field=field,
            value=str(value),
            expected="a positive Money, e.g. Money.from_pounds('3258000')",
        )


def _count(value: int | Fraction, field: str, *, positive: bool) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise InvalidValueError(
            f"{field} must be a whole or exact number", field=field, value=value, expected="int"
        )
    if value < 0 or (positive and value == 0):
        raise InvalidValueError(
            f"{field} must be {'positive' if positive else 'zero or more'}",
            field=field,
            value=value,
            expected="> 0" if positive else ">= 0",
        )
    return Fraction(value)


def _decimal(value: Fraction, places: int) -> Decimal:
    return round_decimal(value, places)


@attrs.frozen(kw_only=True)
class FundedPlacements:
    """How many placements a budget pays for at an average weekly cost.

    Attributes:
        budget: the budget.
        weekly_cost: the average weekly cost of a placement.
        annualisation: the weeks-a-year rule.
        weeks: the exact weeks a year that rule gave (366/7 for ``DAYS_IN_YEAR`` in 2019/20).
        exact: ``budget ÷ (weekly_cost × weeks)``, exact.
        nearest: ``exact`` rounded half up to a whole placement ("approximately 16").
        whole: placements funded for the whole year (``exact`` rounded down).
    """

    budget: Money
    weekly_cost: Money
    annualisation: Annualisation
    weeks: Fraction
    exact: Fraction
    nearest: int
    whole: int

    def to_decimal(self, places: int = 1) -> Decimal:
        """``exact`` rounded half up to ``places`` decimals, for display (15.7)."""
        return _decimal(self.exact, places)


def funded_placements(
    budget: Money,
    weekly_cost: Money,
    annualisation: Annualisation = Annualisation.WEEKS_52,
    *,
    year: FinancialYear | None = None,
) -> FundedPlacements:
    """Placements a budget funds for a year at an average weekly cost.

    Args:
        budget: the base budget (more than £0).
        weekly_cost: the average weekly cost of one placement (more than £0).
        annualisation: 52 weeks, 365 ÷ 7 weeks, or the year's days ÷ 7 a year.
        year: the budget's financial year (needed for ``DAYS_IN_YEAR`` only).

    Raises:
        InvalidValueError: a budget or weekly cost of zero or less.

    >>> f = funded_placements(Money.from_pounds("3258000"), Money.from_pounds("4000"))
    >>> f.to_decimal(1), f.nearest, f.whole          # seed 004: "approximately 16"
    (Decimal('15.7'), 16, 15)
    >>> funded_placements(Money(0), Money(1))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: budget must be more than £0.00...
    """
    _positive_money(budget, "budget")
    _positive_money(weekly_cost, "weekly_cost")
    weeks = annualisation.weeks_in(year)
    exact = Fraction(budget.pence) / (weekly_cost.pence * weeks)
    return FundedPlacements(
        budget=budget,
        weekly_cost=weekly_cost,
        annualisation=annualisation,
        weeks=weeks,
        exact=exact,
        nearest=round_pence(exact),
        whole=exact.numerator // exact.denominator,
    )


@attrs.frozen(kw_only=True)
class BudgetPosition:
    """Projected spend against a budget for a number of placements at an average weekly cost.

    Attributes:
        budget: the budget.
        weekly_cost: the average weekly cost.
        placements: the number of placements (exact; may be an average).
        annualisation: the weeks-a-year rule.
        projected_exact: ``placements × weekly_cost × weeks`` in exact pence.
        projected: ``projected_exact`` rounded half up to the penny.
        variance: ``projected − budget``: positive is an overspend, negative an underspend.
        funded: how many placements the budget funds at that weekly cost.
    """

    budget: Money
    weekly_cost: Money
    placements: Fraction
    annualisation: Annualisation
    projected_exact: Fraction
    projected: Money
    variance: Money
    funded: FundedPlacements

    @property
    def is_overspend(self) -> bool:
        """True when projected spend exceeds the budget."""
        return self.variance.pence > 0


def project_budget(
    budget: Money,
    weekly_cost: Money,
    placements: int | Fraction,
    annualisation: Annualisation = Annualisation.WEEKS_52,
    *,
    year: FinancialYear | None = None,
) -> BudgetPosition:
    """Projected spend and over- or underspend for ``placements`` at ``weekly_cost`` a week.

    Args:
        budget: the base budget (more than £0).
        weekly_cost: average weekly cost per placement (more than £0).
        placements: how many placements (zero or more; an exact average is allowed).
        annualisation: 52 weeks, 365 ÷ 7 weeks, or the year's days ÷ 7.
        year: the budget's financial year (needed for ``DAYS_IN_YEAR`` only).

    Raises:
        InvalidValueError: a budget or weekly cost of zero or less, or negative placements.

    >>> budget, weekly = Money.from_pounds("3258000"), Money.from_pounds("4000")
    >>> str(project_budget(budget, weekly, 40).variance)          # 40 × £4,000 × 52 − budget
    '£5,062,000.00'
    >>> str(project_budget(budget, weekly, 40, Annualisation.DAYS_365_OVER_7).variance)
    '£5,084,857.14'
    >>> str(project_budget(budget, weekly, 40, Annualisation.DAYS_IN_YEAR,
    ...                    year=FinancialYear.parse("2019/20")).projected)  # 40 × £4,000 × 366/7
    '£8,365,714.29'
    """
    count = _count(placements, "placements", positive=False)
    funded = funded_placements(budget, weekly_cost, annualisation, year=year)
    exact = count * weekly_cost.pence * funded.weeks
    projected = Money(round_pence(exact))
    return BudgetPosition(
        budget=budget,
        weekly_cost=weekly_cost,
        placements=count,
        annualisation=annualisation,
        projected_exact=exact,
        projected=projected,
        variance=projected - budget,
        funded=funded,
    )


@attrs.frozen(kw_only=True)
class ImpliedWeeklyCost:
    """The average weekly cost that a reported overspend implies.

    Attributes:
        budget: the budget.
        overspend: the overspend reported (negative for an underspend).
        placements: the number of placements.
        annualisation: the weeks-a-year rule.
        exact: ``(budget + overspend) ÷ (placements × weeks)`` in exact pence a week.
        weekly_cost: ``exact`` rounded half up to the penny.
    """

    budget: Money
    overspend: Money
    placements: Fraction
    annualisation: Annualisation
    exact: Fraction
    weekly_cost: Money


def implied_weekly_cost(
    budget: Money,
    overspend: Money,
    placements: int | Fraction,
    annualisation: Annualisation = Annualisation.WEEKS_52,
    *,
    year: FinancialYear | None = None,
) -> ImpliedWeeklyCost:
    """The average weekly cost at which ``placements`` overspend ``budget`` by ``overspend``.

    Args:
        budget: the base budget (more than £0).
        overspend: the over- (positive) or under- (negative) spend.
        placements: how many placements (more than zero).
        annualisation: 52 weeks, 365 ÷ 7 weeks, or the year's days ÷ 7.
        year: the financial year (needed for ``DAYS_IN_YEAR`` only).

    Raises:
        InvalidValueError: a budget of zero or less, or no placements.

    >>> implied = implied_weekly_cost(Money.from_pounds("3258000"),
    ...                               Money.from_pounds("5500000"), 40)
    >>> str(implied.weekly_cost)      # seed 004's "≈ £5.5m" at 40 placements: ≈ £4,200
    '£4,210.58'
    """
    _positive_money(budget, "budget")
    count = _count(placements, "placements", positive=True)
    exact = Fraction(budget.pence + overspend.pence) / (count * annualisation.weeks_in(year))
    return ImpliedWeeklyCost(
        budget=budget,
        overspend=overspend,
        placements=count,
        annualisation=annualisation,
        exact=exact,
        weekly_cost=Money(round_pence(exact)),
    )


@attrs.frozen(kw_only=True)
class BoroughBudget:
    """A borough's budget set against its placements in the budget's year.

    Attributes:
        budget: the budget record.
        placements: placements of the borough (workstream, and service when the budget names
            one) charged on at least one day of the year.
        average_placements: placement-days in the year ÷ days in the year (exact).
        average_weekly_cost: weekly fees averaged over those placement-days, rounded half up.
        costed_spend: what the placements cost in the year (fees with uplift rounds, each
            placement's charging basis), rounded half up.
        positions: projected spend and over/underspend for ``average_placements`` at
            ``average_weekly_cost``, under each annualisation.
        running_at_year_end: placements running on the year's last day (31 March).
        positions_at_year_end: the same projections for ``running_at_year_end`` placements:
            "if the year-end level holds for a year" (seed 004's "placements have risen to
            40").
    """

    budget: Budget
    placements: int
    average_placements: Fraction
    average_weekly_cost: Money
    costed_spend: Money
    positions: dict[Annualisation, BudgetPosition]
    running_at_year_end: int = 0
    positions_at_year_end: dict[Annualisation, BudgetPosition] = attrs.field(factory=dict)

    @property
    def costed_variance(self) -> Money:
        """``costed_spend − budget``: positive is an overspend."""
        return self.costed_spend - self.budget.amount


def assess_budgets(
    programme: Programme,
    year: FinancialYear,
    *,
    rounds: Sequence[FeeUpliftRound] | None = None,
) -> tuple[BoroughBudget, ...]:
    """Every budget of ``year`` in the programme, set against the borough's placements.

    Args:
        programme: the programme (its ``budgets`` and placements).
        year: the financial year.
        rounds: uplift rounds to apply (``None``: the programme's own).

    Returns:
        One record per budget of the year, in order of borough then workstream. A budget whose
        borough had no placements has no positions (nothing to average).
    """
    applied = tuple(programme.uplift_rounds if rounds is None else rounds)
    tiers = {p.id: p.tier for p in programme.providers}
    decisions: DecisionCache = {}
    out: list[BoroughBudget] = []
    budgets = sorted(
        (b for b in programme.budgets if b.financial_year == year),
        key=lambda b: (b.borough, b.workstream.value, b.service.value if b.service else ""),
    )
    for budget in budgets:
        count = 0
        at_end = 0
        last_day = year.range.last_day
        day_weighted = 0  # Σ weekly pence × days
        days = 0
        cost = 0
        for p in programme.placements:
            if p.borough != budget.borough or p.workstream is not budget.workstream:
                continue
            if budget.service is not None and p.service is not budget.service:
                continue
            part = p.period.intersection(year.range)
            if part is None:
                continue
            tier = tiers.get(p.provider) if p.provider is not None else None
            schedule = build_schedule(p, applied, tier=tier, decisions=decisions)
            numerator = numerators_by_year(schedule, year.start, year.end).get(year, 0)
            count += 1
            at_end += 1 if last_day in p.period else 0
            cost += numerator
            for seg in schedule.segments:
                piece = seg.period.intersection(year.range)
                if piece is not None and piece.end is not None:
                    day_weighted += seg.weekly_fee.pence * piece.days
                    days += piece.days
        positions: dict[Annualisation, BudgetPosition] = {}
        positions_at_end: dict[Annualisation, BudgetPosition] = {}
        average_weekly = Money(0)
        if days:
            average_weekly = Money(round_pence(Fraction(day_weighted, days)))
            if average_weekly.pence > 0:
                for a in Annualisation:
                    positions[a] = project_budget(
                        budget.amount, average_weekly, Fraction(days, year.days), a, year=year
                    )
                    positions_at_end[a] = project_budget(
                        budget.amount, average_weekly, at_end, a, year=year
                    )
        out.append(
            BoroughBudget(
                budget=budget,
                placements=count,
                average_placements=Fraction(days, year.days),
                average_weekly_cost=average_weekly,
                costed_spend=Money(round_numerator(cost)),
                positions=positions,
                running_at_year_end=at_end,
                positions_at_year_end=positions_at_end,
            )
        )
    return tuple(out)
