"""Time Shapley values of the volume game: exact enumeration, closed form and sampling.

Run: ``python benchmarks/shapley.py``. Prints, for each case, the wall time of one run and
the peak memory (tracemalloc) of a second. Volumes are placement-weeks drawn with a fixed
seed; the curve is a set of all-unit discount tiers (so no closed form applies) or a line.

Cases:

* exact enumeration of the volume game for 5, 10, 15 and 20 members (2^n coalitions);
* exact enumeration of a generic characteristic function (one call of ``v`` per coalition)
  for 10 and 14 members, for comparison;
* the linear closed form ``φ_i = b·q_i·(Q − q_i)`` for 152 members (every English authority);
* permutation sampling for 152 members under discount tiers, with the Hoeffding bound.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction

from slcp.money import Money
from slcp.savings import (
    DiscountTier,
    LinearPriceCurve,
    ShapleyValues,
    TieredPriceCurve,
    coalition_gain,
    estimate_shapley_values,
    shapley_values,
    shapley_values_for_volumes,
)

TIERS = TieredPriceCurve(
    tiers=(
        DiscountTier(from_volume=0, unit_price=Money(400_000)),
        DiscountTier(from_volume=2_000, unit_price=Money(390_000)),
        DiscountTier(from_volume=10_000, unit_price=Money(380_000)),
        DiscountTier(from_volume=40_000, unit_price=Money(370_000)),
    )
)


def volumes(n: int, seed: int) -> dict[str, Fraction]:
    """``n`` members with 50 to 3,000 placement-weeks each, in sevenths of a week (days)."""
    rng = random.Random(seed)
    return {f"LA{i:03d}": Fraction(rng.randint(350, 21_000), 7) for i in range(n)}


def timed(label: str, run: Callable[[], ShapleyValues]) -> ShapleyValues:
    # Two runs: one timed, one under tracemalloc for peak memory (tracing slows allocation,
    # so it would distort the time).
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<58}{seconds:>9.3f} s{peak / 2**20:>9.1f} MiB")
    return result


def main() -> None:
    print(f"{'case':<58}{'wall':>11}{'peak':>13}")
    for n in (5, 10, 15, 20):
        q = volumes(n, n)
        result = timed(
            f"exact, volume game, tiers, n={n}", lambda q=q: shapley_values_for_volumes(q, TIERS)
        )
        assert sum(result.values.values()) == result.grand_value
    for n in (10, 14):
        q = volumes(n, n)

        def run(q: dict[str, Fraction] = q) -> ShapleyValues:
            return shapley_values(list(q), lambda s: coalition_gain(q, TIERS, sorted(s)))

        timed(f"exact, generic v(S) called per coalition, n={n}", run)
    q152 = volumes(152, 152)
    total = sum(q152.values(), Fraction(0))
    linear = LinearPriceCurve(intercept=400_000, slope=Fraction(400_000, 4) / total)
    timed("linear closed form, n=152", lambda: shapley_values_for_volumes(q152, linear))
    for m in (200, 1_000, 100_000):
        est = timed(
            f"sampling, tiers, n=152, {m} permutations",
            lambda m=m: estimate_shapley_values(q152, TIERS, rng=random.Random(1), permutations=m),
        )
        mean = est.grand_value / 152
        bounds = sorted((est.error_bounds or {}).values())
        print(
            f"    Hoeffding ε per member at {float(est.confidence or 0):.0%} confidence: "
            f"median £{float(bounds[len(bounds) // 2]) / 100:,.2f}, "
            f"largest £{float(bounds[-1]) / 100:,.2f}; mean value £{float(mean) / 100:,.2f}"
        )


if __name__ == "__main__":
    main()
