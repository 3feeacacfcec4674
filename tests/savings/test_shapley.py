"""Shapley values, equal price and coalition gains: hand-worked examples and properties."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.errors import FloatRefusedError, InvalidValueError
from slcp.money import Money
from slcp.savings import (
    DiscountTier,
    LinearPriceCurve,
    TieredPriceCurve,
    VolumePriceCurve,
    coalition_gain,
    equal_price_gains,
    estimate_shapley_values,
    hoeffding_permutations,
    shapley_values,
    shapley_values_for_volumes,
)

LINEAR = LinearPriceCurve(intercept=100, slope=1)


def test_linear_identity_worked_by_hand() -> None:
    # p(Q) = 100 − Q; volumes A=1, B=2, C=3 (Q = 6).
    # Alone: A 1·99 = 99, B 2·98 = 196, C 3·97 = 291.
    # v(AB) = 99 + 196 − 3·97 = 4;  v(AC) = 99 + 291 − 4·96 = 6;
    # v(BC) = 196 + 291 − 5·95 = 12; v(ABC) = 586 − 6·94 = 22.
    # Six orders; marginal contributions:
    #   A: first 0, 0; after B 4; after C 6; last 22 − 12 = 10, 10 → 30/6 = 5
    #   B: first 0, 0; after A 4; after C 12; last 22 − 6 = 16, 16  → 48/6 = 8
    #   C: first 0, 0; after A 6; after B 12; last 22 − 4 = 18, 18  → 54/6 = 9
    # and b·q·(Q − q) = 1·1·5 = 5, 1·2·4 = 8, 1·3·3 = 9: the equal-price gains.
    volumes = {"A": 1, "B": 2, "C": 3}
    assert coalition_gain(volumes, LINEAR, ["A", "B"]) == 4
    assert coalition_gain(volumes, LINEAR, ["A", "C"]) == 6
    assert coalition_gain(volumes, LINEAR, ["B", "C"]) == 12
    assert coalition_gain(volumes, LINEAR, ["A", "B", "C"]) == 22
    phi = shapley_values_for_volumes(volumes, LINEAR)
    assert phi.values == {"A": 5, "B": 8, "C": 9}
    assert phi.grand_value == 22
    assert equal_price_gains(volumes, LINEAR) == {"A": 5, "B": 8, "C": 9}


TIERS = TieredPriceCurve(
    tiers=(
        DiscountTier(from_volume=0, unit_price=Money(100)),
        DiscountTier(from_volume=30, unit_price=Money(90)),
        DiscountTier(from_volume=50, unit_price=Money(80)),
    )
)


def test_tiered_example_worked_by_hand() -> None:
    # see tests/savings/test_attribution.py::test_shapley_under_discount_tiers for the working
    phi = shapley_values_for_volumes({"A": 10, "B": 20, "C": 30}, TIERS)
    assert phi.values == {"A": Fraction(400, 3), "B": Fraction(1300, 3), "C": Fraction(1000, 3)}
    # equal price is not the Shapley value here: A gains 200 under equal price, 133⅓ by Shapley
    assert equal_price_gains({"A": 10, "B": 20, "C": 30}, TIERS) == {"A": 200, "B": 400, "C": 300}


def test_generic_game_by_hand() -> None:
    # A glove game: L holds a left glove, R1 and R2 right gloves; a pair is worth 1.
    # L is pivotal unless first (4 of 6 orders): φ_L = 2/3; each R is pivotal only right
    # after L with the other R not yet in (1 of 6 orders): φ_R = 1/6.
    def v(s: frozenset[str]) -> Fraction:
        return Fraction(1 if "L" in s and ("R1" in s or "R2" in s) else 0)

    assert shapley_values(["L", "R1", "R2"], v).values == {
        "L": Fraction(2, 3),
        "R1": Fraction(1, 6),
        "R2": Fraction(1, 6),
    }


def test_curves_refuse_bad_data() -> None:
    with pytest.raises(FloatRefusedError):
        LinearPriceCurve(intercept=100.0, slope=1)
    with pytest.raises(InvalidValueError, match="slope"):
        LinearPriceCurve(intercept=100, slope=-1)
    with pytest.raises(InvalidValueError, match="never rise in price"):
        TieredPriceCurve(
            tiers=(
                DiscountTier(from_volume=0, unit_price=Money(100)),
                DiscountTier(from_volume=10, unit_price=Money(110)),
            )
        )
    with pytest.raises(InvalidValueError, match="negative"):
        coalition_gain({"A": -1}, LINEAR, ["A"])
    with pytest.raises(InvalidValueError, match="at most 20"):
        shapley_values_for_volumes({f"M{i}": 1 for i in range(21)}, TIERS)


def test_linear_closed_form_for_152_authorities() -> None:
    # Σ b·q·(Q − q) = b·(Q² − Σq²) = v(N) for the linear curve: efficiency without enumeration.
    volumes = {f"LA{i:03d}": (i % 17) + 1 for i in range(152)}
    total = sum(volumes.values())
    curve = LinearPriceCurve(intercept=total, slope=Fraction(1, 2))
    phi = shapley_values_for_volumes(volumes, curve)
    assert phi.method == "linear closed form"
    assert sum(phi.values.values()) == phi.grand_value
    assert phi.values["LA000"] == Fraction(1, 2) * 1 * (total - 1)


def test_sampling_is_within_its_stated_bound() -> None:
    volumes = {"A": 10, "B": 20, "C": 30, "D": 5, "E": 15}
    exact = shapley_values_for_volumes(volumes, TIERS).values
    est = estimate_shapley_values(volumes, TIERS, rng=random.Random(20190401), permutations=400)
    assert est.error_bound is not None
    assert est.confidence == Fraction(19, 20)
    assert sum(est.values.values()) == est.grand_value  # each order shares v(N) exactly
    assert est.error_bounds is not None
    assert est.error_bound == max(est.error_bounds.values())
    for m, value in exact.items():
        assert abs(est.values[m] - value) <= est.error_bounds[m]


@settings(max_examples=40)
@given(data=st.data(), qs=st.lists(st.integers(min_value=1, max_value=30), min_size=2, max_size=6))
def test_sampling_bound_covers_every_marginal_contribution(
    data: st.DataObject, qs: list[int]
) -> None:
    # Hoeffding needs each member's marginal gains to lie in an interval of the width the bound
    # uses: enumerate every coalition of the others and compare the spread actually seen.
    from itertools import combinations

    from slcp.savings._shapley import _marginal_cost_width

    volumes = {f"M{i}": q for i, q in enumerate(qs)}
    curve = data.draw(curves(max_volume=sum(qs)))
    total = sum(qs)
    for i, q in enumerate(qs):
        others = qs[:i] + qs[i + 1 :]
        seen = [
            coalition_gain(volumes, curve, [*(f"M{j}" for j in chosen), f"M{i}"])
            - coalition_gain(volumes, curve, [f"M{j}" for j in chosen])
            for k in range(len(others) + 1)
            for chosen in combinations([j for j in range(len(qs)) if j != i], k)
        ]
        width = _marginal_cost_width(curve, Fraction(q), Fraction(total - q))
        assert max(seen) - min(seen) <= width


def test_sampling_is_reproducible_with_the_same_seed() -> None:
    volumes = {"A": 10, "B": 20, "C": 30}
    one = estimate_shapley_values(volumes, TIERS, rng=random.Random(7), permutations=25)
    two = estimate_shapley_values(volumes, TIERS, rng=random.Random(7), permutations=25)
    assert one.values == two.values


def test_hoeffding_count_grows_as_the_error_shrinks() -> None:
    # m = R²·ln(2n/δ)/(2ε²): halving ε multiplies m by about 4
    wide = hoeffding_permutations(
        value_range=Fraction(100), error=Fraction(10), delta=Fraction(1, 20), n=10
    )
    narrow = hoeffding_permutations(
        value_range=Fraction(100), error=Fraction(5), delta=Fraction(1, 20), n=10
    )
    # ln(400) ≈ 5.99; the safe bound uses 9 bits × 0.6932 = 6.2388: 100·6.2388/2 = 311.94
    assert wide == 312
    assert narrow == 1248  # 400·6.2388/2 = 1247.76


# -- properties ---------------------------------------------------------------------------------

volumes_st = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6)


@st.composite
def curves(draw: st.DrawFn, *, max_volume: int) -> VolumePriceCurve:
    if draw(st.booleans()):
        slope = Fraction(draw(st.integers(min_value=0, max_value=5)), 2)
        return LinearPriceCurve(intercept=slope * max_volume + 1000, slope=slope)
    starts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=200), max_size=4))))
    prices = sorted(
        draw(st.lists(st.integers(0, 1000), min_size=len(starts) + 1, max_size=len(starts) + 1)),
        reverse=True,
    )
    return TieredPriceCurve(
        tiers=tuple(
            DiscountTier(from_volume=v, unit_price=Money(p))
            for v, p in zip([0, *starts], prices, strict=True)
        )
    )


@settings(max_examples=60)
@given(data=st.data(), qs=volumes_st)
def test_efficiency(data: st.DataObject, qs: list[int]) -> None:
    volumes = {f"M{i}": q for i, q in enumerate(qs)}
    curve = data.draw(curves(max_volume=sum(qs)))
    phi = shapley_values_for_volumes(volumes, curve)
    assert sum(phi.values.values()) == coalition_gain(volumes, curve, list(volumes))


@settings(max_examples=60)
@given(data=st.data(), qs=volumes_st, twin=st.integers(min_value=0, max_value=40))
def test_symmetry(data: st.DataObject, qs: list[int], twin: int) -> None:
    volumes = {f"M{i}": q for i, q in enumerate(qs)} | {"X": twin, "Y": twin}
    curve = data.draw(curves(max_volume=sum(volumes.values())))
    phi = shapley_values_for_volumes(volumes, curve).values
    assert phi["X"] == phi["Y"]


@settings(max_examples=60)
@given(data=st.data(), qs=volumes_st)
def test_null_player(data: st.DataObject, qs: list[int]) -> None:
    volumes = {f"M{i}": q for i, q in enumerate(qs)} | {"NULL": 0}
    curve = data.draw(curves(max_volume=sum(qs)))
    assert shapley_values_for_volumes(volumes, curve).values["NULL"] == 0


@settings(max_examples=40)
@given(data=st.data(), qs=volumes_st)
def test_additivity(data: st.DataObject, qs: list[int]) -> None:
    volumes = {f"M{i}": q for i, q in enumerate(qs)}
    one = data.draw(curves(max_volume=sum(qs)))
    two = data.draw(curves(max_volume=sum(qs)))

    def both(s: frozenset[str]) -> Fraction:
        members = sorted(s)
        return coalition_gain(volumes, one, members) + coalition_gain(volumes, two, members)

    combined = shapley_values(list(volumes), both).values
    phi_one = shapley_values_for_volumes(volumes, one).values
    phi_two = shapley_values_for_volumes(volumes, two).values
    assert combined == {m: phi_one[m] + phi_two[m] for m in volumes}


@settings(max_examples=60)
@given(
    qs=volumes_st,
    slope=st.fractions(min_value=0, max_value=10, max_denominator=7),
)
def test_linear_shapley_equals_equal_price(qs: list[int], slope: Fraction) -> None:
    volumes = {f"M{i}": q for i, q in enumerate(qs)}
    total = sum(qs)
    curve = LinearPriceCurve(intercept=slope * total + 50, slope=slope)
    phi = shapley_values_for_volumes(volumes, curve).values
    assert phi == {m: slope * q * (total - q) for m, q in volumes.items()}
    assert phi == equal_price_gains(volumes, curve)


@settings(max_examples=30)
@given(data=st.data(), qs=volumes_st)
def test_fast_enumeration_agrees_with_the_definition(data: st.DataObject, qs: list[int]) -> None:
    # the generic enumeration evaluates v(S) directly; the volume version uses the structure
    volumes = {f"M{i}": q for i, q in enumerate(qs)}
    curve = data.draw(curves(max_volume=sum(qs)))
    direct = shapley_values(list(volumes), lambda s: coalition_gain(volumes, curve, sorted(s)))
    assert direct.values == shapley_values_for_volumes(volumes, curve).values
