"""Attributing savings to boroughs: direct, by spend, by volume, equal shares, equal price, Shapley.

Every attribution allocates a whole-pence amount with :func:`slcp.money.allocate_pence`
(largest remainder), so the parts add up to it exactly; the exact shares, the method and a
description of the weights are kept with the result.

Membership over time (``docs/decisions/0603-pro-rata-membership.md``): a saving of a workstream
and financial year is shared among the boroughs that were members of that workstream on at
least one day of the year, and every weight counts only the days of membership — volume is
placement-weeks during membership, equal shares are weighted by days of membership, spend is
the year's spend scaled by the share of the year in membership.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property

import attrs

from slcp.domain import GssCode, Programme, SavingRecord, Workstream
from slcp.errors import AllocationError, InvalidValueError
from slcp.money import Exact, Money, allocate_pence, to_fraction
from slcp.periods import FinancialYear
from slcp.pricing import spend_by_borough
from slcp.savings._ledger import SavingsLedger
from slcp.savings._shapley import (
    LinearPriceCurve,
    VolumePriceCurve,
    equal_price_gains,
    shapley_values_for_volumes,
)

__all__ = [
    "Attribution",
    "AttributionBasis",
    "AttributionMethod",
    "RecordAttribution",
    "SavingsAttribution",
    "attribute_amount",
    "attribute_savings",
    "measure_attribution_basis",
    "parse_attribution_method",
]


class AttributionMethod(enum.Enum):
    """How a saving is shared among boroughs (``docs/savings/attribution.md``)."""

    DEFAULT = "default"
    """Direct where the saving belongs to one borough, by volume otherwise (equal shares by
    days of membership in a year with no placement-weeks)."""
    DIRECT = "direct"
    """A saving on a borough's own placement stays with that borough."""
    SPEND = "spend"
    """In proportion to each member's spend in the workstream and year."""
    VOLUME = "volume"
    """In proportion to each member's placement-weeks in the workstream and year."""
    EQUAL_SHARES = "equal_shares"
    """Equally among members (weighted by days of membership)."""
    EQUAL_PRICE = "equal_price"
    """Every member pays the group's price; each keeps ``q·(p(q) − p(Q))``."""
    SHAPLEY = "shapley"
    """Shapley values of the volume game ``v(S) = Σ q_i·p(q_i) − Q_S·p(Q_S)``."""


def parse_attribution_method(name: str | None) -> AttributionMethod:
    """The method called ``name`` (``None`` gives the default).

    Raises:
        InvalidValueError: an unknown name; the message lists every accepted name.

    >>> parse_attribution_method("shapley"), parse_attribution_method(None)
    (<AttributionMethod.SHAPLEY: 'shapley'>, <AttributionMethod.DEFAULT: 'default'>)
    >>> parse_attribution_method("fair")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: unknown attribution method; field: attribution; got: 'fair'; \
expected: one of default, direct, spend, volume, equal_shares, equal_price, shapley
    """
    if name is None:
        return AttributionMethod.DEFAULT
    for method in AttributionMethod:
        if method.value == name:
            return method
    raise InvalidValueError(
        "unknown attribution method",
        field="attribution",
        value=name,
        expected="one of " + ", ".join(m.value for m in AttributionMethod),
    )


@attrs.frozen(kw_only=True)
class Attribution:
    """One whole-pence amount shared among boroughs.

    Attributes:
        method: the method used.
        basis: what the weights were, in words (e.g. ``"placement-weeks during membership"``).
        total: the amount shared.
        parts: borough → pence; they add up to ``total`` exactly.
        shares: borough → exact share of the total (they add up to 1).
        residuals: borough → ``part − share × total`` in pence: the rounding, each within
            1p and adding up to 0.
    """

    method: AttributionMethod
    basis: str
    total: Money
    parts: Mapping[GssCode, Money]
    shares: Mapping[GssCode, Fraction]
    residuals: Mapping[GssCode, Fraction]


def attribute_amount(
    total: Money,
    weights: Mapping[GssCode, Exact],
    *,
    method: AttributionMethod,
    basis: str,
) -> Attribution:
    """Share ``total`` in proportion to ``weights`` (largest remainder; parts sum exactly).

    Raises:
        AllocationError: no weights, a negative weight, or weights summing to zero.

    >>> a = attribute_amount(Money(100), {GssCode("A"): 1, GssCode("B"): 2},
    ...                      method=AttributionMethod.VOLUME, basis="example")
    >>> a.parts, a.shares["B"], a.residuals["A"]  # 33⅓ → 33, 66⅔ → 67
    ({'A': Money(pence=33), 'B': Money(pence=67)}, Fraction(2, 3), Fraction(-1, 3))
    >>> attribute_amount(Money(1), {GssCode("A"): 0}, method=AttributionMethod.VOLUME, basis="x")
    Traceback (most recent call last):
    ...
    slcp.errors.AllocationError: weights sum to zero, so no share is defined...
    """
    exact = {k: to_fraction(w, field=f"weights[{k!r}]") for k, w in weights.items()}
    parts = allocate_pence(total.pence, exact)
    weight_sum = sum(exact.values(), Fraction(0))
    shares = {k: w / weight_sum for k, w in exact.items()}
    return Attribution(
        method=method,
        basis=basis,
        total=total,
        parts={k: Money(p) for k, p in parts.items()},
        shares=shares,
        residuals={k: parts[k] - shares[k] * total.pence for k in parts},
    )


@attrs.frozen(kw_only=True)
class AttributionBasis:
    """What a workstream's members brought to the partnership in a financial year.

    Attributes:
        workstream: the workstream.
        financial_year: the year.
        membership_days: member → days of the year in membership (only members with > 0).
        volumes: member → placement-weeks (days ÷ 7, exact) of the workstream's placements
            during the member's membership in the year.
        spend: member → spend in the workstream and year (contractual fees, pro rata by
            day) scaled by its share of the year in membership (exact pence).
        curve: the volume-price curve for equal price and Shapley; ``None`` means a linear
            curve, under which both methods' shares are ``q·(Q − q) / Σ q·(Q − q)`` whatever
            the intercept and slope.
    """

    workstream: Workstream
    financial_year: FinancialYear
    membership_days: Mapping[GssCode, int]
    volumes: Mapping[GssCode, Fraction]
    spend: Mapping[GssCode, Fraction]
    curve: VolumePriceCurve | None = None


def measure_attribution_basis(
    programme: Programme,
    workstream: Workstream,
    year: FinancialYear,
    *,
    curve: VolumePriceCurve | None = None,
) -> AttributionBasis:
    """Membership days, placement-weeks and spend of each member for one workstream and year.

    Placement-weeks count the days ``[start, end)`` a placement of the workstream ran within
    both the year and its borough's membership, divided by 7 (exact). Spend comes from
    :func:`slcp.pricing.spend_by_borough` for the workstream's placements, times membership
    days ÷ days in the year.
    """
    days = {
        gss: d
        for gss in sorted({m.borough for m in programme.memberships})
        if (d := programme.membership_days(gss, workstream, year)) > 0
    }
    volumes = dict.fromkeys(days, Fraction(0))
    for p in programme.placements:
        if p.workstream is not workstream or p.borough not in volumes:
            continue
        in_year = p.period.intersection(year.range)
        if in_year is None:
            continue
        for m in programme.memberships:
            if m.borough != p.borough or m.workstream is not workstream:
                continue
            piece = in_year.intersection(m.period)
            if piece is not None:
                volumes[p.borough] += Fraction(piece.days, 7)
    in_workstream = programme.with_placements(
        p for p in programme.placements if p.workstream is workstream
    )
    year_spend = spend_by_borough(in_workstream, year)
    spend = {
        gss: Fraction(year_spend.get(gss, Money(0)).pence * d, year.days) for gss, d in days.items()
    }
    return AttributionBasis(
        workstream=workstream,
        financial_year=year,
        membership_days=days,
        volumes=volumes,
        spend=spend,
        curve=curve,
    )


def _curve_for(basis: AttributionBasis) -> VolumePriceCurve:
    if basis.curve is not None:
        return basis.curve
    # Any linear curve gives the same shares; p(Q) = Q_N − Q keeps every price non-negative.
    total = sum(basis.volumes.values(), Fraction(0))
    return LinearPriceCurve(intercept=total, slope=1)


def _weights(
    method: AttributionMethod, basis: AttributionBasis
) -> tuple[dict[GssCode, Fraction], str]:
    curve_words = "a linear volume-price curve" if basis.curve is None else "the given curve"
    match method:
        case AttributionMethod.SPEND:
            return dict(basis.spend), "spend during membership"
        case AttributionMethod.VOLUME | AttributionMethod.DEFAULT:
            return dict(basis.volumes), "placement-weeks during membership"
        case AttributionMethod.EQUAL_SHARES:
            weights = {k: Fraction(d) for k, d in basis.membership_days.items()}
            return weights, "equal shares, pro rata by days of membership"
        case AttributionMethod.EQUAL_PRICE:
            gains = equal_price_gains(basis.volumes, _curve_for(basis))
            return {
                GssCode(k): v for k, v in gains.items()
            }, f"equal-price gains under {curve_words}"
        case AttributionMethod.SHAPLEY:
            values = shapley_values_for_volumes(basis.volumes, _curve_for(basis)).values
            return {GssCode(k): v for k, v in values.items()}, f"Shapley values under {curve_words}"
        case AttributionMethod.DIRECT:
            raise InvalidValueError(
                "direct attribution has no weights: a saving stays with its own borough",
                field="method",
                value=method.value,
                expected="a weighted method",
            )


def _weights_for(
    method: AttributionMethod, basis: AttributionBasis
) -> tuple[AttributionMethod, dict[GssCode, Fraction], str]:
    if method is not AttributionMethod.DEFAULT:
        return (method, *_weights(method, basis))
    if any(basis.volumes.values()):
        return (AttributionMethod.VOLUME, *_weights(AttributionMethod.VOLUME, basis))
    # The default must always give figures: with no placement-weeks to weigh by (a year with no
    # placements in the workstream), share by days of membership, and say so in the basis.
    weights, words = _weights(AttributionMethod.EQUAL_SHARES, basis)
    return (
        AttributionMethod.EQUAL_SHARES,
        weights,
        f"{words} (no member had placement-weeks in the year)",
    )


@attrs.frozen(kw_only=True)
class RecordAttribution:
    """How one ledger record was shared.

    Attributes:
        record: the saving.
        attribution: its parts by borough (adding up to ``record.amount``).
    """

    record: SavingRecord
    attribution: Attribution


@attrs.frozen(kw_only=True)
class SavingsAttribution:
    """A whole ledger attributed to boroughs, record by record.

    Attributes:
        method: the method asked for.
        total: the ledger total.
        by_borough: borough → attributed pence, sorted by GSS code; adds up to ``total``.
        records: each record's attribution.
    """

    method: AttributionMethod
    total: Money
    by_borough: Mapping[GssCode, Money]
    records: tuple[RecordAttribution, ...]

    @cached_property
    def _parts_by_stream_year(self) -> dict[tuple[Workstream, FinancialYear], dict[str, int]]:
        # each borough's attributed pence per (workstream, year), summed once over the records
        out: dict[tuple[Workstream, FinancialYear], dict[str, int]] = {}
        for ra in self.records:
            r = ra.record
            parts = out.setdefault((r.workstream, r.financial_year), {})
            for gss, part in ra.attribution.parts.items():
                parts[gss] = parts.get(gss, 0) + part.pence
        return out

    def amount_for(
        self,
        borough: str,
        *,
        workstream: Workstream | None = None,
        financial_year: FinancialYear | None = None,
        through_year: FinancialYear | None = None,
    ) -> Money:
        """What ``borough`` was attributed, optionally for one workstream and year or to date.

        Args:
            borough: GSS code.
            workstream: only this workstream (``None``: all).
            financial_year: only savings realised in this year.
            through_year: only savings realised in this year or before.
        """
        gss = GssCode(borough)
        pence = 0  # summed as ints over the index: the report asks this hundreds of times
        for (ws, year), parts in self._parts_by_stream_year.items():
            if workstream is not None and ws is not workstream:
                continue
            if financial_year is not None and year != financial_year:
                continue
            if through_year is not None and year > through_year:
                continue
            pence += parts.get(gss, 0)
        return Money(pence)


def attribute_savings(
    programme: Programme,
    ledger: SavingsLedger,
    method: AttributionMethod,
    *,
    curves: Mapping[Workstream, VolumePriceCurve] | None = None,
) -> SavingsAttribution:
    """Attribute every record of ``ledger`` to boroughs by ``method``.

    Each record is shared among the members of its workstream in its financial year (see the
    module docstring); ``DIRECT`` and ``DEFAULT`` give a record that names a borough wholly to
    it; ``DEFAULT`` shares any other record by placement-weeks, or — when no member had any in
    the year — by days of membership (recorded as ``EQUAL_SHARES`` with the reason in the
    basis). The per-record parts add up to each record's amount, so the borough totals add up
    to the ledger total exactly. Weights are computed once per workstream, year and method.

    Args:
        programme: memberships, placements and spend.
        ledger: the savings.
        method: the attribution method.
        curves: volume-price curves per workstream for equal price and Shapley (absent: a
            linear curve).

    Raises:
        InvalidValueError: ``DIRECT`` for a record naming no borough; a partnership-wide
            record in a workstream and year with no members.
        AllocationError: weights that are all zero or negative (e.g. no placement-weeks).
    """
    bases: dict[tuple[Workstream, FinancialYear], AttributionBasis] = {}
    weighed: dict[
        tuple[Workstream, FinancialYear, AttributionMethod],
        tuple[AttributionMethod, dict[GssCode, Fraction], str],
    ] = {}
    out: list[RecordAttribution] = []
    for r in ledger.records:
        if r.borough is not None and method in (
            AttributionMethod.DIRECT,
            AttributionMethod.DEFAULT,
        ):
            weights: dict[GssCode, Fraction] = {r.borough: Fraction(1)}
            basis_words = "the borough's own saving"
            used = AttributionMethod.DIRECT
        elif method is AttributionMethod.DIRECT:
            raise InvalidValueError(
                "direct attribution needs a saving that belongs to one borough",
                field=f"savings[{r.id}].borough",
                value=None,
                expected="a borough on the record, or another method such as volume or shapley",
            )
        else:
            key = (r.workstream, r.financial_year)
            if key not in bases:
                curve = None if curves is None else curves.get(r.workstream)
                bases[key] = measure_attribution_basis(
                    programme, r.workstream, r.financial_year, curve=curve
                )
            basis = bases[key]
            if not basis.membership_days:
                raise InvalidValueError(
                    f"no borough was a member of {r.workstream.value} in {r.financial_year} "
                    "to share this saving",
                    field=f"savings[{r.id}]",
                    value=str(r.amount),
                    expected="memberships covering the saving's year, or a borough on it",
                )
            if (*key, method) not in weighed:
                weighed[(*key, method)] = _weights_for(method, basis)
            used, weights, basis_words = weighed[(*key, method)]
        try:
            attribution = attribute_amount(r.amount, weights, method=used, basis=basis_words)
        except AllocationError as e:
            raise AllocationError(
                f"cannot attribute saving {r.id} by {used.value} ({basis_words}): {e.message}",
                field=f"savings[{r.id}]",
                value=str(r.amount),
                expected=e.expected,
            ) from None
        out.append(RecordAttribution(record=r, attribution=attribution))
    by_borough: dict[GssCode, Money] = {}
    for ra in out:
        for gss, part in ra.attribution.parts.items():
            by_borough[gss] = by_borough.get(gss, Money(0)) + part
    return SavingsAttribution(
        method=method,
        total=ledger.total,
        by_borough=dict(sorted(by_borough.items())),
        records=tuple(out),
    )
