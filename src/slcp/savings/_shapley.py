"""Coalition gains when price depends on volume, and how to share them (Shapley, equal price).

A purchasing group buys volume ``Q`` (placement-weeks, placements...) at a unit price
``p(Q)`` that falls as volume rises. Alone, member ``i`` would buy its volume ``q_i`` at
``p(q_i)``; together everyone's volume is bought at ``p(Q)``. The gain of a coalition ``S`` is
what its members would pay alone minus what they pay together::

    v(S) = Σ_{i∈S} q_i·p(q_i) − Q_S·p(Q_S)

The curve is data: :class:`LinearPriceCurve` (``p(Q) = a − bQ``) or :class:`TieredPriceCurve`
(all-unit discount tiers). Every value here is exact (``Fraction`` pence); nothing is rounded —
attribution allocates a rounded total by these values as weights.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

import attrs

from slcp.errors import InvalidValueError
from slcp.money import Money, to_fraction

__all__ = [
    "MAX_EXACT_MEMBERS",
    "DiscountTier",
    "LinearPriceCurve",
    "ShapleyValues",
    "TieredPriceCurve",
    "VolumePriceCurve",
    "coalition_gain",
    "equal_price_gains",
    "estimate_shapley_values",
    "hoeffding_permutations",
    "shapley_values",
    "shapley_values_for_volumes",
]

#: The largest group whose Shapley values are computed exactly by enumeration (2^20 coalitions).
MAX_EXACT_MEMBERS = 20


K = TypeVar("K", bound=str)


def _intercept(value: object) -> Fraction:
    return to_fraction(value, field="intercept")


def _slope(value: object) -> Fraction:
    return to_fraction(value, field="slope")


def _from_volume(value: object) -> Fraction:
    return to_fraction(value, field="from_volume")


@attrs.frozen(kw_only=True)
class LinearPriceCurve:
    """A unit price falling linearly with volume: ``p(Q) = intercept − slope × Q``.

    Attributes:
        intercept: ``a``, the unit price at zero volume, in pence per unit (exact).
        slope: ``b``, pence per unit of price fall per unit of volume; non-negative (exact).

    >>> curve = LinearPriceCurve(intercept=100, slope=Fraction(1, 2))
    >>> curve.price_at(Fraction(10)), curve.price_at(Fraction(0))
    (Fraction(95, 1), Fraction(100, 1))
    >>> curve.price_at(Fraction(201))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: the curve gives a negative price at this volume...
    >>> LinearPriceCurve(intercept=100, slope=0.5)
    Traceback (most recent call last):
    ...
    slcp.errors.FloatRefusedError: floats are not exact...
    """

    intercept: Fraction = attrs.field(converter=_intercept)
    slope: Fraction = attrs.field(converter=_slope)

    def __attrs_post_init__(self) -> None:
        if self.intercept < 0 or self.slope < 0:
            raise InvalidValueError(
                "a linear volume-price curve needs intercept >= 0 and slope >= 0",
                field="slope" if self.intercept >= 0 else "intercept",
                value=(str(self.intercept), str(self.slope)),
                expected="p(Q) = a − bQ with a >= 0 and b >= 0 (price falls with volume)",
            )

    def price_at(self, volume: Fraction) -> Fraction:
        """Unit price in pence at total ``volume`` (exact; never negative).

        Raises:
            InvalidValueError: where ``a − bQ`` would be negative (outside the curve's range).
        """
        price = self.intercept - self.slope * volume
        if price < 0:
            raise InvalidValueError(
                "the curve gives a negative price at this volume",
                field="volume",
                value=str(volume),
                expected=f"a volume of at most {self.intercept / self.slope}",
            )
        return price


@attrs.frozen(kw_only=True)
class DiscountTier:
    """One all-unit discount tier: from ``from_volume`` units up, every unit costs ``unit_price``.

    Attributes:
        from_volume: the total volume at which the tier starts (inclusive), exact.
        unit_price: the price of every unit once the tier is reached.
    """

    from_volume: Fraction = attrs.field(converter=_from_volume)
    unit_price: Money


@attrs.frozen(kw_only=True)
class TieredPriceCurve:
    """All-unit discount tiers: the unit price is that of the highest tier reached.

    Tiers are given in ascending ``from_volume``, the first from 0, with prices that never
    rise (a discount schedule).

    Attributes:
        tiers: the tiers.

    >>> curve = TieredPriceCurve(tiers=(
    ...     DiscountTier(from_volume=0, unit_price=Money(100)),
    ...     DiscountTier(from_volume=10, unit_price=Money(90))))
    >>> curve.price_at(Fraction(9)), curve.price_at(Fraction(10))
    (Fraction(100, 1), Fraction(90, 1))
    >>> TieredPriceCurve(tiers=(DiscountTier(from_volume=5, unit_price=Money(1)),))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: discount tiers must start at volume 0...
    """

    tiers: tuple[DiscountTier, ...]

    def __attrs_post_init__(self) -> None:
        if not self.tiers or self.tiers[0].from_volume != 0:
            raise InvalidValueError(
                "discount tiers must start at volume 0",
                field="tiers[0].from_volume",
                value=str(self.tiers[0].from_volume) if self.tiers else None,
                expected="a first tier from volume 0",
            )
        for i, (a, b) in enumerate(zip(self.tiers, self.tiers[1:], strict=False), start=1):
            if b.from_volume <= a.from_volume or b.unit_price > a.unit_price:
                raise InvalidValueError(
                    "discount tiers must rise in volume and never rise in price",
                    field=f"tiers[{i}]",
                    value=(str(b.from_volume), str(b.unit_price)),
                    expected=f"from_volume > {a.from_volume} and unit_price <= {a.unit_price}",
                )
        if self.tiers[-1].unit_price.pence < 0:
            raise InvalidValueError(
                "a unit price cannot be negative",
                field="tiers.unit_price",
                value=str(self.tiers[-1].unit_price),
            )

    def price_at(self, volume: Fraction) -> Fraction:
        """Unit price in pence at total ``volume``: the highest tier whose start is reached."""
        price = self.tiers[0].unit_price.pence
        for tier in self.tiers:
            if tier.from_volume <= volume:
                price = tier.unit_price.pence
        return Fraction(price)


#: A volume-price curve: a linear curve or discount tiers.
VolumePriceCurve = LinearPriceCurve | TieredPriceCurve


@attrs.frozen(kw_only=True)
class ShapleyValues:
    """Each member's Shapley value of a coalition game, in exact pence.

    Attributes:
        values: member → exact value (pence); they sum to ``grand_value`` when ``exact``.
        grand_value: ``v(N)``, the gain of the whole group (exact pence).
        method: how they were found: ``"enumeration"``, ``"linear closed form"`` or
            ``"permutation sampling"``.
        exact: True unless sampled.
        permutations: for sampling, the number of random orders drawn.
        error_bound: for sampling, ``ε`` in pence: every estimate is within ``ε`` of its true
            value with probability at least ``confidence`` (Hoeffding with a union bound);
            the largest of ``error_bounds``.
        error_bounds: for sampling, each member's own bound ``ε_i`` (same confidence, jointly).
        confidence: for sampling, ``1 − δ``.
    """

    values: Mapping[str, Fraction]
    grand_value: Fraction
    method: str
    exact: bool = True
    permutations: int | None = None
    error_bound: Fraction | None = None
    error_bounds: Mapping[str, Fraction] | None = None
    confidence: Fraction | None = None


def _check_volumes(volumes: Mapping[K, object]) -> dict[K, Fraction]:
    if not volumes:
        raise InvalidValueError(
            "a coalition game needs at least one member", field="volumes", expected="a member"
        )
    out: dict[K, Fraction] = {}
    for member, q in volumes.items():
        f = to_fraction(q, field=f"volumes[{member!r}]")
        if f < 0:
            raise InvalidValueError(
                "a volume cannot be negative",
                field=f"volumes[{member!r}]",
                value=str(f),
                expected=">= 0",
            )
        out[member] = f
    return out


def _cost(curve: VolumePriceCurve, volume: Fraction) -> Fraction:
    return volume * curve.price_at(volume)


def coalition_gain(
    volumes: Mapping[K, Fraction | int], curve: VolumePriceCurve, members: Sequence[K]
) -> Fraction:
    """``v(S)``: what the members would pay buying alone minus what they pay together (pence).

    Args:
        volumes: every member's volume (exact, non-negative).
        curve: the volume-price curve.
        members: the coalition ``S`` (names in ``volumes``).

    >>> curve = LinearPriceCurve(intercept=100, slope=1)
    >>> coalition_gain({"A": 1, "B": 2}, curve, ["A", "B"])  # 1·99 + 2·98 − 3·97 = 4
    Fraction(4, 1)
    >>> coalition_gain({"A": 1, "B": 2}, curve, ["A"]), coalition_gain({"A": 1}, curve, [])
    (Fraction(0, 1), Fraction(0, 1))
    """
    q = _check_volumes(volumes)
    alone = sum((_cost(curve, q[m]) for m in members), Fraction(0))
    together = sum((q[m] for m in members), Fraction(0))
    return alone - _cost(curve, together)


def equal_price_gains(
    volumes: Mapping[K, Fraction | int], curve: VolumePriceCurve
) -> dict[K, Fraction]:
    """Each member's gain when everyone pays the group's price: ``q_i·(p(q_i) − p(Q))`` pence.

    The gains sum to ``v(N)``. With a linear curve each gain is ``b·q_i·(Q − q_i)``, which is
    also the member's Shapley value (see :func:`shapley_values_for_volumes`).

    >>> equal_price_gains({"A": 1, "B": 2}, LinearPriceCurve(intercept=100, slope=1))
    {'A': Fraction(2, 1), 'B': Fraction(2, 1)}
    """
    q = _check_volumes(volumes)
    group_price = curve.price_at(sum(q.values(), Fraction(0)))
    return {m: qi * (curve.price_at(qi) - group_price) for m, qi in q.items()}


def _size_weights(n: int) -> list[int]:
    # w_k = k!·(n−k−1)!: the number of orders in which a given coalition of size k precedes
    # a given outsider; Shapley divides by n!.
    return [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]


def _sum_with_bit(values: list[int], bit: int, n: int) -> int:
    # Masks with ``bit`` set lie in blocks of 2^bit at a stride of 2^(bit+1); slice whichever way
    # gives fewer slices so the summing happens in C.
    half = 1 << bit
    stride = half << 1
    blocks = (1 << n) // stride
    if half <= blocks:
        return sum(sum(values[r::stride]) for r in range(half, stride))
    return sum(sum(values[b + half : b + stride]) for b in range(0, 1 << n, stride))


def _enumerated_shapley(game: list[Fraction], n: int) -> list[Fraction]:
    """Shapley values of a game given by its value on every bitmask coalition (exact)."""
    scale = 1
    for g in game:
        scale = math.lcm(scale, g.denominator)
    return _enumerated_shapley_scaled(
        [g.numerator * (scale // g.denominator) for g in game], n, scale
    )


def _enumerated_shapley_scaled(ints: list[int], n: int, scale: int) -> list[Fraction]:
    """Shapley values of the game ``v(mask) = ints[mask] / scale`` (exact)."""
    w = _size_weights(n)
    # n!·φ_i = Σ_{T∋i} w_{|T|−1}·v(T) − Σ_{S∌i} w_{|S|}·v(S)
    #        = Σ_{T∋i} (w_{|T|−1} + w_{|T|})·v(T) − Σ_S w_{|S|}·v(S)   (w_n taken as 0)
    joined = [(w[k - 1] if k >= 1 else 0) + (w[k] if k < n else 0) for k in range(n + 1)]
    alone = [w[k] if k < n else 0 for k in range(n + 1)]
    sizes = [mask.bit_count() for mask in range(1 << n)]
    both = [joined[k] * g for k, g in zip(sizes, ints, strict=True)]
    outside = sum(alone[k] * g for k, g in zip(sizes, ints, strict=True))
    denominator = math.factorial(n) * scale
    return [Fraction(_sum_with_bit(both, i, n) - outside, denominator) for i in range(n)]


def _check_size(n: int) -> None:
    if n > MAX_EXACT_MEMBERS:
        raise InvalidValueError(
            "too many members for exact Shapley values by enumeration",
            field="members",
            value=n,
            expected=f"at most {MAX_EXACT_MEMBERS}; use estimate_shapley_values (sampling with "
            "an error bound) or a linear curve (closed form)",
        )


def shapley_values(
    members: Sequence[str], value: Callable[[frozenset[str]], Fraction]
) -> ShapleyValues:
    """Exact Shapley values of any coalition game on up to 20 members.

    ``φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S))``, computed from ``v`` on
    all ``2^n`` coalitions (each evaluated once) with integer arithmetic; exact.

    Args:
        members: the distinct members.
        value: the characteristic function, exact pence; ``v(∅)`` is taken as given.

    Raises:
        InvalidValueError: more than 20 members, no members, or repeated members.

    >>> game = {frozenset(): 0, frozenset("A"): 0, frozenset("B"): 0, frozenset("AB"): 6}
    >>> shapley_values(["A", "B"], lambda s: Fraction(game[s])).values
    {'A': Fraction(3, 1), 'B': Fraction(3, 1)}
    """
    names = list(members)
    if not names or len(set(names)) != len(names):
        raise InvalidValueError(
            "members must be distinct and at least one",
            field="members",
            value=tuple(names),
            expected="distinct names",
        )
    n = len(names)
    _check_size(n)
    game = [
        to_fraction(value(frozenset(names[b] for b in range(n) if mask >> b & 1)), field="v(S)")
        for mask in range(1 << n)
    ]
    phi = _enumerated_shapley(game, n)
    return ShapleyValues(
        values=dict(zip(names, phi, strict=True)),
        grand_value=game[-1] - game[0],
        method="enumeration",
    )


def shapley_values_for_volumes(
    volumes: Mapping[K, Fraction | int], curve: VolumePriceCurve
) -> ShapleyValues:
    """Exact Shapley values of the volume game ``v(S) = Σ q_i·p(q_i) − Q_S·p(Q_S)`` (pence).

    The game is a sum of an additive part (each member's cost alone, whose Shapley value is
    that cost) and minus the cost game ``C(Q_S)``, which depends only on the coalition's total
    volume. Up to 20 members the cost game is enumerated over all ``2^n`` coalitions, with
    coalition volumes built incrementally and ``C`` evaluated once per distinct volume. For a
    linear curve and any number of members the closed form ``φ_i = b·q_i·(Q − q_i)`` is used
    (method ``"linear closed form"``; it is proved in ``docs/savings/shapley.md`` and checked
    against enumeration in the tests).

    Raises:
        InvalidValueError: over 20 members with a tiered curve (sample instead).

    >>> curve = LinearPriceCurve(intercept=100, slope=1)
    >>> shapley_values_for_volumes({"A": 1, "B": 2}, curve).values  # b·q·(Q−q): 1·1·2, 1·2·1
    {'A': Fraction(2, 1), 'B': Fraction(2, 1)}
    """
    q = _check_volumes(volumes)
    names = list(q)
    n = len(names)
    total = sum(q.values(), Fraction(0))
    grand = sum((_cost(curve, qi) for qi in q.values()), Fraction(0)) - _cost(curve, total)
    if isinstance(curve, LinearPriceCurve) and n > MAX_EXACT_MEMBERS:
        return ShapleyValues(
            values={m: curve.slope * qi * (total - qi) for m, qi in q.items()},
            grand_value=grand,
            method="linear closed form",
        )
    _check_size(n)
    unit_of, scale = _units(q)
    units = [unit_of[m] for m in names]
    sums = [0] * (1 << n)
    for mask in range(1, 1 << n):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + units[low.bit_length() - 1]
    cost, cost_scale = _integer_cost(curve, scale)
    psi = _enumerated_shapley_scaled([cost(s) for s in sums], n, cost_scale)
    values: dict[str, Fraction] = {m: _cost(curve, q[m]) - psi[i] for i, m in enumerate(names)}
    return ShapleyValues(values=values, grand_value=grand, method="enumeration")


def _integer_cost(curve: VolumePriceCurve, scale: int) -> tuple[Callable[[int], int], int]:
    """``C(s / scale)`` as an integer function of ``s`` and one common denominator.

    Integer arithmetic keeps the 2^20 evaluations of the largest exact case (and the steps of
    sampling) fast: for tiers, ``C = (s/scale)·price`` and a tier starting at ``t`` is reached
    when ``s >= ⌈t·scale⌉``; for a line, ``C = (s/scale)·(a − b·s/scale)``.
    """
    if isinstance(curve, TieredPriceCurve):
        starts = [math.ceil(t.from_volume * scale) for t in curve.tiers]
        prices = [t.unit_price.pence for t in curve.tiers]

        def tiered(s: int) -> int:
            return s * prices[bisect.bisect_right(starts, s) - 1]

        return tiered, scale
    common = math.lcm(curve.intercept.denominator, curve.slope.denominator)
    a = int(curve.intercept * common) * scale
    b = int(curve.slope * common)

    def linear(s: int) -> int:
        if a - b * s < 0:
            curve.price_at(Fraction(s, scale))  # raises with the curve's own message
        return s * (a - b * s)

    return linear, scale * scale * common


def _units(q: Mapping[K, Fraction]) -> tuple[dict[K, int], int]:
    # volumes as integers over their common denominator
    scale = 1
    for qi in q.values():
        scale = math.lcm(scale, qi.denominator)
    return {m: int(qi * scale) for m, qi in q.items()}, scale


def hoeffding_permutations(
    *, value_range: Fraction, error: Fraction, delta: Fraction, n: int
) -> int:
    """Random orders needed so every sampled Shapley value is within ``error`` w.p. ``1 − delta``.

    Each member's marginal contribution lies in an interval of width ``value_range`` (pence);
    Hoeffding's inequality with a union bound over ``n`` members gives
    ``m ≥ R²·ln(2n/δ) / (2ε²)``. The logarithm is bounded above with exact arithmetic
    (``ln x < (number of bits of ⌈x⌉)·ln 2`` and ``ln 2 < 0.6932``), so the count is safe.

    >>> hoeffding_permutations(
    ...     value_range=Fraction(10), error=Fraction(1), delta=Fraction(1, 20), n=3)
    243
    """
    if error <= 0 or not 0 < delta < 1 or n < 1 or value_range < 0:
        raise InvalidValueError(
            "sampling needs error > 0, 0 < delta < 1, n >= 1 and a non-negative range",
            field="error",
            value=(str(error), str(delta), n, str(value_range)),
        )
    ln_upper = _ln_upper(Fraction(2 * n) / delta)
    needed = value_range * value_range * ln_upper / (2 * error * error)
    return max(1, -(-needed.numerator // needed.denominator))


_LN2_UPPER = Fraction(6932, 10000)


def _ln_upper(x: Fraction) -> Fraction:
    # ln x = log2 x · ln 2, and log2 x <= bit length of ceil(x); exact and on the safe side.
    ceiling = -(-x.numerator // x.denominator)
    return ceiling.bit_length() * _LN2_UPPER


def estimate_shapley_values(
    volumes: Mapping[K, Fraction | int],
    curve: VolumePriceCurve,
    *,
    rng: random.Random,
    permutations: int,
    delta: Fraction = Fraction(1, 20),
) -> ShapleyValues:
    """Shapley values of the volume game estimated from random orders, with an error bound.

    Each of ``permutations`` orders (drawn with ``rng``; never the global random state) adds
    every member's marginal gain ``q_i·p(q_i) − (C(Q + q_i) − C(Q))`` given the volume ``Q``
    of those before it; the estimate is the exact mean. Member ``i``'s marginal gain lies in
    an interval of width ``R_i``: the range of ``C(Q + q_i) − C(Q)`` over
    ``0 <= Q <= Q_N − q_i``, found exactly from the curve (``2·b·q_i·(Q_N − q_i)`` for a line;
    for tiers, the extremes at the tier starts and their left limits). By Hoeffding's
    inequality and a union bound over the ``n`` members, every estimate is within
    ``ε_i = R_i·√(ln(2n/δ)/(2m))`` of the true value with probability at least ``1 − δ``.
    Each ``ε_i`` is an exact upper bound (logarithm and square root taken upward);
    ``error_bound`` is the largest.

    Args:
        volumes: each member's volume.
        curve: the volume-price curve.
        rng: the random generator (seed it for a reproducible estimate).
        permutations: ``m``, the number of random orders (>= 1).
        delta: the chance the bound fails (default 1 in 20).

    >>> est = estimate_shapley_values({"A": 1, "B": 1}, LinearPriceCurve(intercept=10, slope=1),
    ...                               rng=random.Random(1), permutations=10)
    >>> sum(est.values.values()) == est.grand_value  # every order shares v(N) exactly
    True
    >>> est.exact, est.error_bound  # R_i = 2·1·1·1 = 2; 2·√(ln(80)/20) ≤ 0.986
    (False, Fraction(493, 500))
    """
    if isinstance(permutations, bool) or not isinstance(permutations, int) or permutations < 1:
        raise InvalidValueError(
            "need at least one permutation", field="permutations", value=permutations
        )
    q = _check_volumes(volumes)
    names = list(q)
    n = len(names)
    total = sum(q.values(), Fraction(0))
    grand = sum((_cost(curve, qi) for qi in q.values()), Fraction(0)) - _cost(curve, total)
    units, scale = _units(q)
    cost, cost_scale = _integer_cost(curve, scale)
    alone = {m: cost(u) for m, u in units.items()}
    sums: dict[str, int] = dict.fromkeys(names, 0)
    order = list(names)
    for _ in range(permutations):
        rng.shuffle(order)
        before = 0
        cost_before = 0
        for m in order:
            after = before + units[m]
            cost_after = cost(after)
            sums[m] += alone[m] - (cost_after - cost_before)
            before, cost_before = after, cost_after
    log_term = _ln_upper(Fraction(2 * n) / delta) / (2 * permutations)
    bounds: dict[str, Fraction] = {}
    for m in names:
        width = _marginal_cost_width(curve, q[m], total - q[m])
        bounds[m] = _sqrt_upper(width * width * log_term)
    return ShapleyValues(
        values={m: Fraction(s, cost_scale * permutations) for m, s in sums.items()},
        grand_value=grand,
        method="permutation sampling",
        exact=False,
        permutations=permutations,
        error_bound=max(bounds.values()),
        error_bounds=bounds,
        confidence=1 - delta,
    )


def _left_cost(curve: TieredPriceCurve, volume: Fraction) -> Fraction:
    # Q·p(Q) approached from below Q: the price of the last tier starting strictly below it.
    price = curve.tiers[0].unit_price.pence
    for tier in curve.tiers:
        if tier.from_volume < volume:
            price = tier.unit_price.pence
    return volume * price


def _marginal_cost_width(curve: VolumePriceCurve, q: Fraction, others: Fraction) -> Fraction:
    """``sup − inf`` of ``C(Q + q) − C(Q)`` over ``0 <= Q <= others`` (exact, pence)."""
    if q == 0:
        return Fraction(0)
    if isinstance(curve, LinearPriceCurve):
        # C(Q + q) − C(Q) = a·q − b·q² − 2·b·q·Q: linear in Q
        return 2 * curve.slope * q * others
    # Piecewise linear between the points where Q or Q + q meets a tier start; its extremes
    # are at those points, at either end, or approached from the left of a jump.
    points = {Fraction(0), others}
    for tier in curve.tiers[1:]:
        for x in (tier.from_volume, tier.from_volume - q):
            if 0 <= x <= others:
                points.add(x)
    values = []
    for x in points:
        values.append(_cost(curve, x + q) - _cost(curve, x))
        if x > 0:
            values.append(_left_cost(curve, x + q) - _left_cost(curve, x))
    return max(values) - min(values)


def _sqrt_upper(x: Fraction) -> Fraction:
    # An exact upper bound on √x to within 1/1000 of a penny: isqrt of the scaled value, plus one.
    scaled = x * 1_000_000
    root = math.isqrt(-(-scaled.numerator // scaled.denominator))
    if root * root < scaled:
        root += 1
    return Fraction(root, 1000)
