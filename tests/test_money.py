"""Money, Rate, round_pence and allocation: hand-worked examples, then properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.errors import AllocationError, FloatRefusedError, InvalidValueError, SlcpError
from slcp.money import (
    Money,
    Rate,
    RoundingMode,
    allocate_money,
    allocate_pence,
    round_decimal,
    round_pence,
    to_fraction,
)
from tests.strategies import allocation_weights, money, pence, rates

# -- round_pence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence_exact", "mode", "expected"),
    [
        # halves: 2.5p -> 3p half up (away from zero), 2p half even (2 is even), 3.5p -> 4p both
        (Fraction(5, 2), RoundingMode.HALF_UP, 3),
        (Fraction(5, 2), RoundingMode.HALF_EVEN, 2),
        (Fraction(7, 2), RoundingMode.HALF_EVEN, 4),
        (Fraction(-5, 2), RoundingMode.HALF_UP, -3),
        (Fraction(-5, 2), RoundingMode.HALF_EVEN, -2),
        # just under and over a half
        (Fraction(249, 100), RoundingMode.HALF_UP, 2),
        (Fraction(251, 100), RoundingMode.HALF_EVEN, 3),
        # 1/3p: down/floor give 0, up/ceiling give 1; -1/3p: floor -1, ceiling 0, down 0, up -1
        (Fraction(1, 3), RoundingMode.DOWN, 0),
        (Fraction(1, 3), RoundingMode.UP, 1),
        (Fraction(1, 3), RoundingMode.FLOOR, 0),
        (Fraction(1, 3), RoundingMode.CEILING, 1),
        (Fraction(-1, 3), RoundingMode.FLOOR, -1),
        (Fraction(-1, 3), RoundingMode.CEILING, 0),
        (Fraction(-1, 3), RoundingMode.DOWN, 0),
        (Fraction(-1, 3), RoundingMode.UP, -1),
        # whole pence are unchanged in every mode
        (Fraction(-7), RoundingMode.UP, -7),
        (Decimal("12.50"), RoundingMode.HALF_UP, 13),
        (0, RoundingMode.CEILING, 0),
    ],
)
def test_round_pence_hand_worked(pence_exact: Fraction, mode: RoundingMode, expected: int) -> None:
    assert round_pence(pence_exact, mode=mode) == expected


def test_round_pence_weekly_fee_pro_rata() -> None:
    # £4,000 a week for 3 days: 400000 / 7 * 3 = 171428.571...p -> 171429p half up
    assert round_pence(Fraction(400_000, 7) * 3) == 171_429


def test_round_pence_refuses_floats() -> None:
    with pytest.raises(FloatRefusedError) as info:
        round_pence(2.5)  # type: ignore[arg-type]
    assert info.value.field == "pence"
    assert isinstance(info.value, TypeError)


@given(st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**9))
def test_round_pence_is_within_half_a_penny_and_symmetric(x: Fraction) -> None:
    r = round_pence(x)
    assert abs(r - x) <= Fraction(1, 2)
    assert round_pence(-x) == -r  # half up is away from zero, so symmetric


@given(st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**9))
def test_floor_and_ceiling_bracket_the_value(x: Fraction) -> None:
    lo = round_pence(x, mode=RoundingMode.FLOOR)
    hi = round_pence(x, mode=RoundingMode.CEILING)
    assert lo <= x <= hi
    assert hi - lo in (0, 1)


# -- Money ------------------------------------------------------------------------------------


def test_money_arithmetic() -> None:
    assert Money(150) + Money(25) == Money(175)
    assert Money(150) - Money(175) == Money(-25)
    assert -Money(5) == Money(-5)
    assert abs(Money(-5)) == Money(5)
    assert sum([Money(1), Money(2), Money(3)]) == Money(6)
    assert sum([], Money(0)) == Money(0)
    assert Money(-1).is_negative()
    assert not Money(0).is_negative()
    assert Money.zero() == Money(0)
    assert Money(1) < Money(2)


def test_money_has_no_multiplication_or_division() -> None:
    with pytest.raises(TypeError):
        Money(100) * 2  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) / 2  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) + 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("pence_amount", "text"),
    [
        (0, "£0.00"),
        (1, "£0.01"),
        (-1, "-£0.01"),
        (99, "£0.99"),
        (100, "£1.00"),
        (123_456, "£1,234.56"),
        (-123_456, "-£1,234.56"),
        (5_026_420_200, "£50,264,202.00"),  # LAC residential estimate, seed 004 §5.1.1
    ],
)
def test_money_str(pence_amount: int, text: str) -> None:
    assert str(Money(pence_amount)) == text


@pytest.mark.parametrize(
    ("pounds", "expected_pence"),
    [
        ("1234.56", 123_456),
        ("£1,234.56", 123_456),
        ("  12.5 ", 1_250),
        ("0", 0),
        ("0.01", 1),
        ("-0.01", -1),
        ("1234.560", 123_456),  # trailing zero: still exactly two places of value
        (Decimal("30000"), 3_000_000),  # LAC contribution, seed 004 §3.2.5
        (1234, 123_400),
    ],
)
def test_from_pounds(pounds: str | Decimal | int, expected_pence: int) -> None:
    assert Money.from_pounds(pounds) == Money(expected_pence)


@pytest.mark.parametrize("bad", ["1.234", "0.001", "abc", "", "NaN", "Infinity"])
def test_from_pounds_refuses_bad_text(bad: str) -> None:
    with pytest.raises(InvalidValueError):
        Money.from_pounds(bad)


def test_money_refuses_floats_and_non_ints() -> None:
    with pytest.raises(FloatRefusedError):
        Money.from_pounds(12.5)  # type: ignore[arg-type]
    with pytest.raises(FloatRefusedError) as info:
        Money(12.5)  # type: ignore[arg-type]
    assert info.value.field == "pence"
    assert info.value.expected is not None
    with pytest.raises(InvalidValueError):
        Money(True)
    with pytest.raises(InvalidValueError):
        Money("100")  # type: ignore[arg-type]


def test_pounds_property() -> None:
    assert Money(-105).pounds == Decimal("-1.05")
    assert Money(0).pounds == Decimal("0.00")


@given(money())
def test_from_pounds_round_trips_through_pounds(m: Money) -> None:
    assert Money.from_pounds(m.pounds) == m


@given(money(), money(), money())
def test_money_addition_is_associative_and_subtraction_inverts(
    a: Money, b: Money, c: Money
) -> None:
    assert (a + b) + c == a + (b + c)
    assert (a + b) - b == a
    assert a + (-a) == Money(0)


# -- Rate and to_fraction ---------------------------------------------------------------------


def test_rate_from_string_and_pct() -> None:
    assert Rate.of("0.035").fraction == Fraction(7, 200)
    assert Rate.from_pct("3.5") == Rate.of("0.035")
    assert Rate.from_pct("0") == Rate.zero()
    assert str(Rate.of("0.035")) == "3.5%"
    assert str(Rate.of("-0.01")) == "-1%"
    assert Rate.of("0.1") < Rate.of("0.2")


def test_rate_refuses_floats_and_non_numbers() -> None:
    with pytest.raises(FloatRefusedError):
        Rate.of(0.035)  # type: ignore[arg-type]
    with pytest.raises(FloatRefusedError):
        Rate.from_pct(3.5)  # type: ignore[arg-type]
    with pytest.raises(FloatRefusedError):
        Rate(0.035)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        Rate.of("three percent")
    with pytest.raises(InvalidValueError):
        Rate(Decimal("NaN"))


@given(rates())
def test_rate_pct_round_trip(r: Rate) -> None:
    assert Rate.from_pct(r.pct) == r


def test_to_fraction() -> None:
    assert to_fraction("1,234.5") == Fraction(2469, 2)
    assert to_fraction(Decimal("0.1")) == Fraction(1, 10)
    with pytest.raises(FloatRefusedError):
        to_fraction(0.1)
    with pytest.raises(FloatRefusedError):
        to_fraction(True)
    with pytest.raises(InvalidValueError):
        to_fraction(Decimal("Infinity"))
    with pytest.raises(InvalidValueError):
        to_fraction([1])


# -- allocation -------------------------------------------------------------------------------


def test_allocate_hand_worked() -> None:
    # 100p in thirds: floors 33/33/33, 1p left, all remainders 1/3 -> first key "a" gets it
    assert allocate_pence(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    # 10p as 1:2 -> exact 3.33/6.67; floors 3/6, 1p left to the larger remainder (b: 2/3)
    assert allocate_pence(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}
    # 7p as 0.5/0.3/0.2 -> 3.5/2.1/1.4; floors 3/2/1 = 6, 1p to a (0.5 is largest)
    weights: dict[str, Fraction | Decimal | str] = {
        "a": Fraction(1, 2),
        "b": Decimal("0.3"),
        "c": "0.2",
    }
    assert allocate_pence(7, weights) == {"a": 4, "b": 2, "c": 1}  # type: ignore[arg-type]
    # zero weight gets nothing; zero total gives zeros
    assert allocate_pence(5, {"a": 0, "b": 1}) == {"a": 0, "b": 5}
    assert allocate_pence(0, {"a": 1, "b": 1}) == {"a": 0, "b": 0}


def test_allocate_ties_broken_by_key_not_input_order() -> None:
    # 2p over three equal shares: 0.67 each, the two smallest keys get a penny each
    assert allocate_pence(2, {"c": 1, "b": 1, "a": 1}) == {"c": 0, "b": 1, "a": 1}
    assert allocate_pence(2, {"a": 1, "c": 1, "b": 1}) == {"a": 1, "c": 0, "b": 1}


def test_allocate_ties_between_keys_that_do_not_compare_go_by_repr() -> None:
    # 2p over three equal shares, keys None (in-house) and strings: None and "a" cannot be
    # compared, so ties go by repr: "'a'" < "'b'" < "None" (a quote sorts before N)
    assert allocate_pence(2, {None: 1, "b": 1, "a": 1}) == {None: 0, "b": 1, "a": 1}
    # 1p over (None, 1) and (None, 2): tuples compare on their second items, 1 first
    assert allocate_pence(1, {(None, 2): 1, (None, 1): 1}) == {(None, 2): 0, (None, 1): 1}


@given(pence(), allocation_weights(), st.integers(min_value=1, max_value=10**20))
def test_integer_weights_allocate_as_the_same_fractions(
    total: int, weights: dict[str, Fraction], scale: int
) -> None:
    # plain int weights take a shorter path than fractions: both must give the same parts
    whole = {k: int(w * w.denominator * scale) for k, w in weights.items()}
    assert allocate_pence(total, whole) == allocate_pence(
        total, {k: Fraction(w) for k, w in whole.items()}
    )


def test_allocate_negative_total_mirrors_positive() -> None:
    # -100p in thirds: -34/-33/-33, the extra penny (in magnitude) to "a" as for +100p
    assert allocate_pence(-100, {"c": 1, "b": 1, "a": 1}) == {"c": -33, "b": -33, "a": -34}


def test_allocate_money() -> None:
    assert allocate_money(Money(3_000_000), {"E09000008": 1, "E09000004": 1}) == {
        "E09000008": Money(1_500_000),
        "E09000004": Money(1_500_000),
    }


@pytest.mark.parametrize(
    "weights",
    [{}, {"a": -1, "b": 2}, {"a": 0, "b": 0}, {"a": Fraction(0)}],
)
def test_allocate_refuses_bad_weights(weights: dict[str, int]) -> None:
    with pytest.raises(AllocationError) as info:
        allocate_pence(100, weights)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, SlcpError)
    assert info.value.field is not None


def test_allocate_refuses_floats() -> None:
    with pytest.raises(FloatRefusedError):
        allocate_pence(100, {"a": 0.5, "b": 0.5})  # type: ignore[dict-item]
    with pytest.raises(FloatRefusedError):
        allocate_pence(100.0, {"a": 1})  # type: ignore[arg-type]


@given(pence(), allocation_weights())
@example(total=1, weights={"k0": Fraction(1), "k1": Fraction(1)})
@example(total=-1, weights={"k0": Fraction(1), "k1": Fraction(1)})
def test_allocation_conserves_total_and_stays_within_a_penny(
    total: int, weights: dict[str, Fraction]
) -> None:
    parts = allocate_pence(total, weights)
    assert list(parts) == list(weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    for key, part in parts.items():
        exact = Fraction(total) * weights[key] / weight_sum
        assert abs(part - exact) < 1


@given(pence(), allocation_weights(min_size=2), st.randoms(use_true_random=False))
def test_allocation_is_independent_of_input_order(
    total: int, weights: dict[str, Fraction], rnd: object
) -> None:
    keys = list(weights)
    rnd.shuffle(keys)  # type: ignore[attr-defined]
    shuffled = {k: weights[k] for k in keys}
    assert allocate_pence(total, shuffled) == allocate_pence(total, weights)


@given(pence(), allocation_weights())
def test_allocation_is_sign_symmetric(total: int, weights: dict[str, Fraction]) -> None:
    positive = allocate_pence(total, weights)
    negative = allocate_pence(-total, weights)
    assert negative == {k: -v for k, v in positive.items()}


@given(pence(min_pence=0), allocation_weights())
def test_equal_weights_differ_by_at_most_a_penny(total: int, weights: dict[str, Fraction]) -> None:
    parts = allocate_pence(total, dict.fromkeys(weights, 1))
    assert max(parts.values()) - min(parts.values()) <= 1


def test_commas_only_separate_thousands() -> None:
    assert Money.from_pounds("1,234,567.89") == Money(123_456_789)
    assert Money.from_pounds("-1,000") == Money(-100_000)
    # a decimal comma would otherwise be read as a thousands separator: 100x too much
    for text in ("0,50", "12,34", "1,0000"):
        with pytest.raises(InvalidValueError) as info:
            Money.from_pounds(text)
        assert info.value.expected is not None
    with pytest.raises(InvalidValueError):
        Rate.of("0,035")
    assert Rate.of("1,000") == Rate.of("1000")


@given(money())
@example(Money(0))
@example(Money(-5))
@example(Money(123_456_789))
def test_str_parses_back_to_the_same_money(m: Money) -> None:
    assert Money.from_pounds(str(m)) == m


# -- round_decimal: the display rounding shares round_pence's rule --


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        # 2/3 = 0.666… → 0.67 (third place 6 rounds up)
        (Fraction(2, 3), 2, "0.67"),
        # 1/200 = 0.005 exactly: a half, away from zero → 0.01; -0.005 → -0.01
        (Fraction(1, 200), 2, "0.01"),
        (Fraction(-1, 200), 2, "-0.01"),
        # 100 × 1/21 = 4.7619… % → 4.8
        (Fraction(100, 21), 1, "4.8"),
        # whole numbers keep their places: 100 → 100.0
        (Fraction(100), 1, "100.0"),
        # 35 significant digits survive: no decimal context precision is applied
        (Fraction(10**34 + 1, 10), 0, "1000000000000000000000000000000000"),
    ],
)
def test_round_decimal_hand_worked(value: Fraction, places: int, expected: str) -> None:
    assert f"{round_decimal(value, places):f}" == expected


@given(st.fractions(), st.integers(min_value=0, max_value=6))
def test_round_decimal_is_round_pence_on_the_scaled_value(value: Fraction, places: int) -> None:
    scaled = Fraction(round_decimal(value, places)) * 10**places  # exact, no context
    assert scaled == round_pence(value * 10**places)
    assert abs(Fraction(round_decimal(value, places)) - value) <= Fraction(1, 2 * 10**places)


def test_round_decimal_refuses_negative_places_and_floats() -> None:
    with pytest.raises(InvalidValueError):
        round_decimal(Fraction(1, 3), -1)
    with pytest.raises(FloatRefusedError):
        round_decimal(0.5, 1)  # type: ignore[arg-type]
