"""Return on the partnership contribution, payback and the business-case check.

Two returns are kept apart because the seeds' percentages ("an average 1,768% return",
seed 000; "over 1,700%", seed 004 §3.2.2) do not say which they are
(``docs/decisions/0602-gross-and-net-return.md``):

* **gross return** = attributed savings ÷ contribution (savings of £18,680 on £1,000 is 1,868%);
* **net return** = (attributed savings − contribution) ÷ contribution (the same is 1,768%).

A contribution of zero leaves both undefined: the result says so and nothing is divided.
A part-year member owes its contribution pro rata by days of membership, rounded half up to the
penny (``docs/decisions/0603-pro-rata-membership.md``).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from slcp.domain import GssCode, Programme, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money, Rate, round_decimal, round_pence
from slcp.periods import FinancialYear
from slcp.savings._attribution import SavingsAttribution

__all__ = [
    "BUSINESS_CASE_HIGH",
    "BUSINESS_CASE_LOW",
    "BusinessCaseCheck",
    "BusinessCaseVerdict",
    "OwedAmounts",
    "OwedContribution",
    "Payback",
    "ProgrammeReturn",
    "ReturnOnInvestment",
    "YearFlow",
    "calculate_return",
    "check_business_case",
    "find_payback",
    "measure_payback",
    "measure_return",
    "owe_contribution",
    "summarise_returns",
    "to_pct",
]


def to_pct(value: Fraction, *, places: int = 1) -> str:
    """An exact fraction as a percentage string, half up to ``places`` decimals (no floats).

    Display only (:func:`slcp.money.round_decimal`); the exact value stays in the result
    record.

    >>> to_pct(Fraction(1768, 100)), to_pct(Fraction(-1, 3)), to_pct(Fraction(1, 2000))
    ('1768.0', '-33.3', '0.1')
    >>> to_pct(Fraction(2, 3), places=0), to_pct(Fraction(0))
    ('67', '0.0')
    """
    return f"{round_decimal(value * 100, places):f}"


@attrs.frozen(kw_only=True)
class OwedContribution:
    """What a borough owes for one workstream and year, pro rata by days of membership.

    Attributes:
        borough: GSS code.
        workstream: the workstream.
        financial_year: the year.
        full_year: the full-year contribution(s) recorded for it.
        membership_days: days of the year in membership.
        year_days: days in the year (365 or 366).
        amount: ``full_year × membership_days ÷ year_days``, rounded half up.
    """

    borough: GssCode
    workstream: Workstream
    financial_year: FinancialYear
    full_year: Money
    membership_days: int
    year_days: int
    amount: Money


def owe_contribution(
    programme: Programme, borough: str, workstream: Workstream, year: FinancialYear
) -> OwedContribution:
    """The contribution ``borough`` owes for ``workstream`` in ``year``.

    ``Σ recorded contributions × days of membership ÷ days in the year``, rounded half up to
    the penny (one named rounding point). A full-year member owes the recorded amount; a
    borough that was never a member that year owes nothing.
    """
    full = sum((c.amount for c in programme.contributions_for(borough, workstream, year)), Money(0))
    days = programme.membership_days(borough, workstream, year)
    year_days = year.days
    if days == year_days or full.pence == 0:
        # a whole number of pence already (full-year member, or nothing recorded): the
        # rounding point has nothing to round
        amount = full
    else:
        amount = Money(round_pence(Fraction(full.pence * days, year_days)))
    return OwedContribution(
        borough=GssCode(borough),
        workstream=workstream,
        financial_year=year,
        full_year=full,
        membership_days=days,
        year_days=year_days,
        amount=amount,
    )


@attrs.frozen(kw_only=True)
class ReturnOnInvestment:
    """Savings attributed against the contribution paid, for a borough (or the programme).

    Attributes:
        borough: GSS code, or ``None`` for the programme in aggregate.
        workstream: the workstream, or ``None`` for all.
        first_year: the first financial year counted.
        last_year: the last financial year counted (inclusive; equal to ``first_year`` for
            one year).
        savings: attributed savings in those years.
        contribution: contributions owed in those years.
        gross_return: ``savings ÷ contribution`` (exact), ``None`` when undefined.
        net_return: ``(savings − contribution) ÷ contribution`` (exact), ``None`` when
            undefined.
        undefined_reason: why the returns are undefined (empty when defined).

    >>> r = calculate_return(Money(1_868_000), Money(100_000))
    >>> r.gross_return_pct(), r.net_return_pct()
    ('1868.0', '1768.0')
    >>> calculate_return(Money(5), Money(0)).undefined_reason
    'no contribution was owed, so a return is undefined'
    """

    borough: GssCode | None = None
    workstream: Workstream | None = None
    first_year: FinancialYear | None = None
    last_year: FinancialYear | None = None
    savings: Money
    contribution: Money
    gross_return: Fraction | None
    net_return: Fraction | None
    undefined_reason: str = ""

    @property
    def is_defined(self) -> bool:
        """True when a contribution was owed, so the returns exist."""
        return self.gross_return is not None

    def gross_return_pct(self, *, places: int = 1) -> str:
        """Gross return as a percentage string (half up to ``places`` decimals).

        Raises:
            InvalidValueError: when the return is undefined (no contribution).
        """
        return to_pct(self._defined(self.gross_return), places=places)

    def net_return_pct(self, *, places: int = 1) -> str:
        """Net return as a percentage string (half up to ``places`` decimals).

        Raises:
            InvalidValueError: when the return is undefined (no contribution).
        """
        return to_pct(self._defined(self.net_return), places=places)

    def _defined(self, value: Fraction | None) -> Fraction:
        if value is None:
            raise InvalidValueError(
                "the return is undefined: " + self.undefined_reason,
                field="contribution",
                value=str(self.contribution),
                expected="a positive contribution",
            )
        return value


def calculate_return(
    savings: Money,
    contribution: Money,
    *,
    borough: GssCode | None = None,
    workstream: Workstream | None = None,
    first_year: FinancialYear | None = None,
    last_year: FinancialYear | None = None,
) -> ReturnOnInvestment:
    """Gross and net return of ``savings`` on ``contribution`` (exact fractions, not rounded).

    A zero contribution gives ``None`` returns with the reason, never a zero or a division.

    Raises:
        InvalidValueError: a negative contribution.
    """
    if contribution.pence < 0:
        raise InvalidValueError(
            "a contribution cannot be negative",
            field="contribution",
            value=str(contribution),
            expected=">= £0.00",
        )
    if contribution.pence == 0:
        return ReturnOnInvestment(
            borough=borough,
            workstream=workstream,
            first_year=first_year,
            last_year=last_year,
            savings=savings,
            contribution=contribution,
            gross_return=None,
            net_return=None,
            undefined_reason="no contribution was owed, so a return is undefined",
        )
    gross = Fraction(savings.pence, contribution.pence)
    return ReturnOnInvestment(
        borough=borough,
        workstream=workstream,
        first_year=first_year,
        last_year=last_year,
        savings=savings,
        contribution=contribution,
        gross_return=gross,
        net_return=gross - 1,
    )


@attrs.frozen(kw_only=True)
class ProgrammeReturn:
    """The programme's return: the mean across boroughs and the aggregate.

    Attributes:
        boroughs: each borough's return.
        aggregate: total savings ÷ total contributions (``borough`` is ``None``).
        mean_gross_return: the unweighted mean of the boroughs' gross returns (exact), over
            boroughs whose return is defined; ``None`` if none is.
        mean_net_return: likewise for net returns (always ``mean_gross_return − 1``).
        averaged: the boroughs in the mean.
        excluded: boroughs left out of the mean because no contribution was owed.
    """

    boroughs: tuple[ReturnOnInvestment, ...]
    aggregate: ReturnOnInvestment
    mean_gross_return: Fraction | None
    mean_net_return: Fraction | None
    averaged: tuple[GssCode, ...]
    excluded: tuple[GssCode, ...]


def summarise_returns(
    returns: Sequence[ReturnOnInvestment],
    *,
    workstream: Workstream | None = None,
    first_year: FinancialYear | None = None,
    last_year: FinancialYear | None = None,
) -> ProgrammeReturn:
    """The mean of the boroughs' returns and the return of their totals.

    The two differ whenever contributions differ: the mean gives each borough one vote, the
    aggregate weights them by contribution.

    >>> a = calculate_return(Money(300), Money(100), borough=GssCode("A"))
    >>> b = calculate_return(Money(100), Money(100), borough=GssCode("B"))
    >>> s = summarise_returns([a, b])
    >>> to_pct(s.mean_gross_return), s.aggregate.gross_return_pct()  # (300%+100%)/2; 400/200
    ('200.0', '200.0')
    """
    savings = sum((r.savings for r in returns), Money(0))
    contribution = sum((r.contribution for r in returns), Money(0))
    defined = [r for r in returns if r.gross_return is not None and r.borough is not None]
    mean = (
        sum((r.gross_return for r in defined if r.gross_return is not None), Fraction(0))
        / len(defined)
        if defined
        else None
    )
    return ProgrammeReturn(
        boroughs=tuple(returns),
        aggregate=calculate_return(
            savings,
            contribution,
            workstream=workstream,
            first_year=first_year,
            last_year=last_year,
        ),
        mean_gross_return=mean,
        mean_net_return=None if mean is None else mean - 1,
        averaged=tuple(r.borough for r in defined if r.borough is not None),
        excluded=tuple(
            r.borough for r in returns if r.gross_return is None and r.borough is not None
        ),
    )


@attrs.frozen(kw_only=True)
class YearFlow:
    """One financial year's contribution and attributed savings for a borough.

    Attributes:
        financial_year: the year.
        contribution: paid on the year's first day.
        savings: realised evenly by day over the year.
    """

    financial_year: FinancialYear
    contribution: Money
    savings: Money


@attrs.frozen(kw_only=True)
class Payback:
    """When cumulative savings first covered cumulative contributions.

    Attributes:
        paid_back_on: the first day by whose end savings covered contributions, or ``None``
            if they never did within the years given.
        days: days from the first year's 1 April to ``paid_back_on`` inclusive, or ``None``.
    """

    paid_back_on: dt.date | None
    days: int | None


def find_payback(flows: Iterable[YearFlow]) -> Payback:
    """The payback period: contributions paid up front each 1 April, savings accrue by day.

    Walking the years in order, the balance starts each year lowered by that year's
    contribution and rises by ``savings ÷ days in the year`` each day; payback is the first
    day at whose end the balance is ``>= 0`` (a whole day: the exact crossing is rounded up).

    Raises:
        InvalidValueError: no years, or years that repeat or skip.

    >>> fy = FinancialYear(2019)  # 366 days; £10 contribution, £366 savings: £1 a day
    >>> find_payback([YearFlow(financial_year=fy, contribution=Money(1000), savings=Money(36600))])
    Payback(paid_back_on=datetime.date(2019, 4, 10), days=10)
    >>> find_payback([YearFlow(financial_year=fy, contribution=Money(1), savings=Money(0))])
    Payback(paid_back_on=None, days=None)
    """
    ordered = sorted(flows, key=lambda f: f.financial_year)
    if not ordered:
        raise InvalidValueError("payback needs at least one year", field="flows")
    for a, b in itertools.pairwise(ordered):
        if b.financial_year != a.financial_year.next():
            raise InvalidValueError(
                "payback needs consecutive financial years",
                field="flows",
                value=str(b.financial_year),
                expected=f"{a.financial_year.next()}",
            )
    balance = Fraction(0)
    first_day = ordered[0].financial_year.start
    for f in ordered:
        balance -= f.contribution.pence
        if balance >= 0:
            day = f.financial_year.start
            return Payback(paid_back_on=day, days=(day - first_day).days + 1)
        per_day = Fraction(f.savings.pence, f.financial_year.days)
        if per_day > 0 and balance + f.savings.pence >= 0:
            needed = -balance / per_day  # days, exact; the day it is reached counts whole
            whole_days = -(-needed.numerator // needed.denominator)
            day = f.financial_year.start + dt.timedelta(days=whole_days - 1)
            return Payback(paid_back_on=day, days=(day - first_day).days + 1)
        balance += f.savings.pence
    return Payback(paid_back_on=None, days=None)


class BusinessCaseVerdict(enum.Enum):
    """Where savings as a share of spend fall against the business case's band."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


@attrs.frozen(kw_only=True)
class BusinessCaseCheck:
    """Savings as a share of spend, against the band the business case assumed.

    Attributes:
        savings: the savings.
        spend: the spend they are compared with.
        share: ``savings ÷ spend`` (exact).
        low: the band's lower bound (inclusive).
        high: the band's upper bound (inclusive).
        verdict: below, within or above the band.
    """

    savings: Money
    spend: Money
    share: Fraction
    low: Rate
    high: Rate
    verdict: BusinessCaseVerdict


#: The original LAC business case assumed 5%-8% savings on current spend (seed 004 §5.3.1).
BUSINESS_CASE_LOW = Rate.of("0.05")
BUSINESS_CASE_HIGH = Rate.of("0.08")


def check_business_case(
    savings: Money,
    spend: Money,
    *,
    low: Rate = BUSINESS_CASE_LOW,
    high: Rate = BUSINESS_CASE_HIGH,
) -> BusinessCaseCheck:
    """Savings as a share of spend against the 5%-8% band (seed 004 §5.3.1), both ends inclusive.

    Raises:
        InvalidValueError: spend of zero or less (the share would be undefined), or a band
            with ``low > high``.

    >>> c = check_business_case(Money(500), Money(10_000))
    >>> c.share, c.verdict
    (Fraction(1, 20), <BusinessCaseVerdict.WITHIN: 'within'>)
    >>> check_business_case(Money(1), Money(0))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: savings as a share of spend need spend above zero...
    """
    if spend.pence <= 0:
        raise InvalidValueError(
            "savings as a share of spend need spend above zero",
            field="spend",
            value=str(spend),
            expected="> £0.00",
        )
    if low > high:
        raise InvalidValueError(
            "the band's low end is above its high end",
            field="low",
            value=(str(low), str(high)),
            expected="low <= high",
        )
    share = Fraction(savings.pence, spend.pence)
    if share < low.fraction:
        verdict = BusinessCaseVerdict.BELOW
    elif share > high.fraction:
        verdict = BusinessCaseVerdict.ABOVE
    else:
        verdict = BusinessCaseVerdict.WITHIN
    return BusinessCaseCheck(
        savings=savings, spend=spend, share=share, low=low, high=high, verdict=verdict
    )


#: Contributions owed already worked out for one programme, by (borough, workstream, year):
#: the amount of :func:`owe_contribution`. A report measures each borough's return for one
#: year and to date, for each workstream and for all, and its payback: the same few hundred
#: amounts several times over.
OwedAmounts = dict[tuple[str, Workstream, FinancialYear], Money]


def _owed(
    programme: Programme,
    borough: str,
    years: Sequence[FinancialYear],
    workstream: Workstream | None,
    owed: OwedAmounts | None = None,
) -> Money:
    streams = tuple(Workstream) if workstream is None else (workstream,)
    if owed is None:
        return sum(
            (owe_contribution(programme, borough, w, y).amount for w in streams for y in years),
            Money(0),
        )
    total = 0
    for w in streams:
        for y in years:
            key = (borough, w, y)
            amount = owed.get(key)
            if amount is None:
                amount = owed[key] = owe_contribution(programme, borough, w, y).amount
            total += amount.pence
    return Money(total)


def measure_return(
    programme: Programme,
    attribution: SavingsAttribution,
    borough: str,
    *,
    years: Sequence[FinancialYear],
    workstream: Workstream | None = None,
    owed: OwedAmounts | None = None,
) -> ReturnOnInvestment:
    """A borough's return over ``years``: savings attributed to it ÷ contributions it owed.

    Savings are those of ``attribution`` realised in the years; contributions are owed pro
    rata by days of membership (:func:`owe_contribution`), each year rounded to the penny.

    Args:
        programme: memberships and contributions.
        attribution: the attributed ledger.
        borough: GSS code.
        years: the financial years counted (one for a year's return, several for to date).
        workstream: one workstream, or ``None`` for all.
        owed: amounts owed already worked out for this programme (:data:`OwedAmounts`), read
            and filled in, so that many calls work each out once; ``None``: none kept.

    Raises:
        InvalidValueError: no years.
    """
    ordered = sorted(years)
    if not ordered:
        raise InvalidValueError("a return needs at least one year", field="years")
    savings = sum(
        (attribution.amount_for(borough, workstream=workstream, financial_year=y) for y in ordered),
        Money(0),
    )
    return calculate_return(
        savings,
        _owed(programme, borough, ordered, workstream, owed),
        borough=GssCode(borough),
        workstream=workstream,
        first_year=ordered[0],
        last_year=ordered[-1],
    )


def measure_payback(
    programme: Programme,
    attribution: SavingsAttribution,
    borough: str,
    *,
    years: Sequence[FinancialYear],
    owed: OwedAmounts | None = None,
) -> Payback:
    """A borough's payback over consecutive ``years``, all workstreams (:func:`find_payback`).

    The clock starts on 1 April of the first year in which the borough owed a contribution
    (years before it joined are skipped). A borough that owed nothing in any of the years has
    no payback to measure: both fields are ``None``, as for one that never paid back.
    ``owed`` is as for :func:`measure_return`.
    """
    flows = [
        YearFlow(
            financial_year=y,
            contribution=_owed(programme, borough, (y,), None, owed),
            savings=attribution.amount_for(borough, financial_year=y),
        )
        for y in sorted(years)
    ]
    first = next((i for i, f in enumerate(flows) if f.contribution.pence > 0), None)
    if first is None:
        return Payback(paid_back_on=None, days=None)
    return find_payback(flows[first:])
