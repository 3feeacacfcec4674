"""Exact money: integer pence, exact rates, the one rounding function and allocation.

* :class:`Money` is an integer number of pence (GBP). It adds and subtracts; it does not
  multiply or divide, because every product of money and a rate must pass through
  :func:`round_pence` at a named rounding point.
* :class:`Rate` is an exact decimal fraction (``Rate.of("0.035")`` is 3.5%).
* :func:`round_pence` is the only function in slcp that turns an exact quantity of pence into
  an ``int``.
* :func:`allocate_pence` splits a rounded total into parts that add up to it exactly
  (largest remainder).

Floats are refused everywhere money or rates enter (:class:`~slcp.errors.FloatRefusedError`).
Imports only :mod:`slcp.errors`.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Hashable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TypeVar

import attrs

from slcp.errors import AllocationError, FloatRefusedError, InvalidValueError

__all__ = [
    "Exact",
    "Money",
    "Rate",
    "RoundingMode",
    "allocate_money",
    "allocate_pence",
    "round_decimal",
    "round_pence",
    "to_fraction",
]

_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$")

#: An exact number slcp accepts in calculations: never a float.
Exact = int | Fraction | Decimal


class RoundingMode(enum.Enum):
    """How :func:`round_pence` resolves a fraction of a penny.

    ``HALF_UP`` (the default, slcp's rule for invoices and reports) rounds halves away from
    zero, as ``decimal.ROUND_HALF_UP`` does; ``HALF_EVEN`` is banker's rounding; ``DOWN``
    truncates toward zero; ``UP`` rounds away from zero; ``FLOOR`` and ``CEILING`` round
    toward minus and plus infinity.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"
    FLOOR = "floor"
    CEILING = "ceiling"


def to_fraction(x: object, *, field: str = "value") -> Fraction:
    """Convert an exact number (int, Fraction, Decimal or decimal str) to a ``Fraction``.

    Raises:
        FloatRefusedError: for a ``float`` (or ``bool``).
        InvalidValueError: for a string that is not a finite decimal number.

    >>> to_fraction("0.035")
    Fraction(7, 200)
    >>> to_fraction(0.1)
    Traceback (most recent call last):
    ...
    slcp.errors.FloatRefusedError: floats are not exact...
    """
    if isinstance(x, bool | float):
        raise FloatRefusedError(
            "floats are not exact; money and rates must be exact",
            field=field,
            value=x,
            expected="an int, a decimal.Decimal or a string such as '1234.56'",
        )
    if isinstance(x, int | Fraction):
        return Fraction(x)
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise InvalidValueError("number must be finite", field=field, value=x)
        return Fraction(x)
    if isinstance(x, str):
        text = x.strip()
        # commas only as thousands separators: "0,50" is not fifty pence or fifty pounds
        if "," in text and not _THOUSANDS.fullmatch(text):
            raise InvalidValueError(
                "commas may only separate thousands",
                field=field,
                value=x,
                expected="e.g. '1,234.56' or '1234.56'",
            )
        try:
            d = Decimal(text.replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise InvalidValueError(
                "not a decimal number", field=field, value=x, expected="e.g. '0.035' or '1234.56'"
            ) from None
        if not d.is_finite():
            raise InvalidValueError("number must be finite", field=field, value=x)
        return Fraction(d)
    raise InvalidValueError(
        "not an exact number", field=field, value=x, expected="int, Fraction, Decimal or str"
    )


def round_pence(x: Exact, *, mode: RoundingMode = RoundingMode.HALF_UP) -> int:
    """Round an exact quantity of **pence** to a whole number of pence.

    This is the only rounding function in slcp; it is called only at named rounding points
    (a new fee is set, a period total is reported, inside allocation).

    Args:
        x: an exact number of pence (``int``, ``Fraction`` or ``Decimal``; floats refused).
        mode: the rounding rule; half up (away from zero) by default.

    Returns:
        The rounded number of pence.

    >>> round_pence(Fraction(5, 2)), round_pence(Fraction(-5, 2))
    (3, -3)
    >>> round_pence(Fraction(5, 2), mode=RoundingMode.HALF_EVEN)
    2
    >>> round_pence(Decimal("0.4999")), round_pence(0), round_pence(1)
    (0, 0, 1)
    >>> round_pence(Fraction(-1, 3), mode=RoundingMode.FLOOR)
    -1
    """
    f = to_fraction(x, field="pence")
    if f.denominator == 1:
        return f.numerator
    sign = -1 if f < 0 else 1
    a = abs(f)
    whole = math.floor(a)
    rest = a - whole
    match mode:
        case RoundingMode.HALF_UP:
            up = rest >= Fraction(1, 2)
        case RoundingMode.HALF_EVEN:
            up = rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1)
        case RoundingMode.DOWN:
            up = False
        case RoundingMode.UP:
            up = True
        case RoundingMode.FLOOR:
            up = sign < 0
        case RoundingMode.CEILING:
            up = sign > 0
    return sign * (whole + (1 if up else 0))


def round_decimal(x: Exact, places: int, *, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """Round an exact number (a percentage, a rate, a count) to ``places`` decimal places.

    The display counterpart of :func:`round_pence`, with the same rule: the exact value is
    scaled by ``10 ** places`` and rounded to a whole number exactly as pence are, so every
    figure slcp shows is rounded one way. Use it only to present a figure; keep the exact
    value in the result record.

    Args:
        x: the exact value (``int``, ``Fraction``, ``Decimal``; floats refused).
        places: decimal places to keep (0 or more).
        mode: the rounding rule; half up (away from zero) by default.

    Returns:
        A ``Decimal`` with exactly ``places`` decimal places.

    >>> round_decimal(Fraction(1768, 1), 1), round_decimal(Fraction(-1, 3), 1)
    (Decimal('1768.0'), Decimal('-0.3'))
    >>> round_decimal(Fraction(1, 20), 1), round_decimal(Fraction(2, 3), 0)
    (Decimal('0.1'), Decimal('1'))
    >>> round_decimal(Decimal("0.125"), 2, mode=RoundingMode.HALF_EVEN)
    Decimal('0.12')
    """
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise InvalidValueError(
            "places must be a whole number, 0 or more", field="places", value=places
        )
    n = round_pence(to_fraction(x, field="value") * 10**places, mode=mode)
    # built from a string, so no decimal context (precision) touches the digits
    return Decimal(f"{n}E-{places}")


@attrs.frozen(order=True)
class Money:
    """An amount of money in whole pence (GBP).

    Build it from pence (``Money(123456)``) or from pounds given exactly
    (``Money.from_pounds("1234.56")``). Money adds, subtracts, negates and ``sum()``\\ s; it
    has no ``*`` or ``/`` — scale the exact ``pence`` and call :func:`round_pence` instead.

    Attributes:
        pence: the amount in pence; may be negative (a saving, a refund, an overspend).

    >>> Money.from_pounds("1234.56")
    Money(pence=123456)
    >>> str(Money(123456)), str(Money(-5)), str(Money(0)), str(Money(1))
    ('£1,234.56', '-£0.05', '£0.00', '£0.01')
    >>> sum([Money(1), Money(2)], Money(0))
    Money(pence=3)
    >>> sum([Money(1), Money(2)])
    Money(pence=3)
    >>> Money.from_pounds(12.5)
    Traceback (most recent call last):
    ...
    slcp.errors.FloatRefusedError: floats are not exact...
    >>> Money.from_pounds("1.234")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: pounds may have at most 2 decimal places...
    """

    pence: int = attrs.field()

    @pence.validator
    def _check(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is int:  # the common case, decided without two isinstance calls
            return
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float):
                raise FloatRefusedError(
                    "money must be an integer of pence, not a float",
                    field="pence",
                    value=value,
                    expected="an int of pence, or Money.from_pounds('1234.56')",
                )
            raise InvalidValueError(
                "money must be an integer of pence", field="pence", value=value, expected="int"
            )

    @classmethod
    def from_pounds(cls, pounds: str | Decimal | int) -> Money:
        """Money from an exact amount of pounds with at most two decimal places.

        Args:
            pounds: ``"1234.56"``, ``"£1,234.56"``, ``Decimal("1234.56")`` or ``1234``.

        Raises:
            FloatRefusedError: for a float.
            InvalidValueError: for more than two decimal places or a non-number.
        """
        raw: object = pounds
        if isinstance(pounds, str):
            raw = pounds.strip().replace("£", "", 1)
        amount = to_fraction(raw, field="pounds") * 100
        if amount.denominator != 1:
            raise InvalidValueError(
                "pounds may have at most 2 decimal places",
                field="pounds",
                value=pounds,
                expected="e.g. '1234.56'",
            )
        return cls(amount.numerator)

    @classmethod
    def zero(cls) -> Money:
        """£0.00."""
        return cls(0)

    @property
    def pounds(self) -> Decimal:
        """The amount in pounds as an exact ``Decimal`` with two places.

        >>> Money(-105).pounds
        Decimal('-1.05')
        """
        return (Decimal(self.pence) / 100).quantize(Decimal("0.01"))

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence + other.pence)

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence - other.pence)

    def __neg__(self) -> Money:
        return Money(-self.pence)

    def __abs__(self) -> Money:
        return Money(abs(self.pence))

    def __str__(self) -> str:
        sign = "-" if self.pence < 0 else ""
        pounds, pence = divmod(abs(self.pence), 100)
        return f"{sign}£{pounds:,}.{pence:02d}"

    def is_negative(self) -> bool:
        """True below £0.00."""
        return self.pence < 0


@attrs.frozen(order=True)
class Rate:
    """An exact rate held as a fraction: ``0.035`` is 3.5%.

    Build it from a string (``Rate.of("0.035")``) or a percentage
    (``Rate.from_pct("3.5")``). Rates may be negative (a price reduction). Floats are refused.

    Attributes:
        value: the exact rate as a ``Decimal`` (a fraction, not a percentage).

    >>> Rate.of("0.035")
    Rate(value=Decimal('0.035'))
    >>> Rate.from_pct("3.5") == Rate.of("0.035"), str(Rate.of("0.035"))
    (True, '3.5%')
    >>> Rate.of("0").pct, Rate.of("-0.01").pct
    (Decimal('0'), Decimal('-1'))
    """

    value: Decimal = attrs.field()

    @value.validator
    def _check(self, _attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if isinstance(value, float):
            raise FloatRefusedError(
                "a rate must be exact, not a float",
                field="rate",
                value=value,
                expected="Rate.of('0.035')",
            )
        if not isinstance(value, Decimal) or not value.is_finite():
            raise InvalidValueError(
                "a rate must be a finite Decimal",
                field="rate",
                value=value,
                expected="Rate.of('0.035')",
            )

    @classmethod
    def of(cls, value: str | Decimal | int) -> Rate:
        """A rate from an exact fraction: ``Rate.of("0.035")`` is 3.5%. Floats refused."""
        return cls(_exact_decimal(value, field="rate"))

    @classmethod
    def from_pct(cls, pct: str | Decimal | int) -> Rate:
        """A rate from a percentage: ``Rate.from_pct("3.5")`` is 0.035. Floats refused."""
        d = _exact_decimal(pct, field="rate_pct") / 100
        return cls(d.normalize() if d != 0 else Decimal(0))

    @classmethod
    def zero(cls) -> Rate:
        """A rate of 0%."""
        return cls(Decimal(0))

    @property
    def fraction(self) -> Fraction:
        """The rate as an exact ``Fraction``."""
        return Fraction(self.value)

    @property
    def pct(self) -> Decimal:
        """The rate as a percentage (``Decimal``), exact."""
        return (self.value * 100).normalize() if self.value != 0 else Decimal(0)

    def __str__(self) -> str:
        return f"{self.pct:f}%"


def _exact_decimal(value: object, *, field: str) -> Decimal:
    to_fraction(value, field=field)  # refuses floats and non-numbers
    if isinstance(value, str):
        return Decimal(value.strip().replace(",", "").replace("_", ""))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    raise InvalidValueError(
        "a rate must be a decimal", field=field, value=value, expected="e.g. '0.035'"
    )


K = TypeVar("K", bound=Hashable)


def allocate_pence(total: int, weights: Mapping[K, Exact]) -> dict[K, int]:
    """Split ``total`` pence into whole-pence parts proportional to ``weights``.

    Largest-remainder method: each part first gets the floor of its exact share
    ``total × weight ÷ Σ weights``; the pence left over go one each to the parts with the
    largest fractional remainders, ties broken by ascending key (never by input order). The
    parts always sum to ``total``, each is within 1p of its exact share, and allocating
    ``-total`` gives exactly the negated parts.

    Args:
        total: the rounded total in pence (may be negative or zero).
        weights: non-negative exact weights, at least one positive; keys must be mutually
            orderable (strings, ints, tuples of them).

    Returns:
        A dict in the order of ``weights`` mapping each key to its pence.

    Raises:
        AllocationError: no weights, a negative weight, or weights summing to zero.
        FloatRefusedError: a float weight.

    >>> allocate_pence(100, {"a": 1, "b": 1, "c": 1})
    {'a': 34, 'b': 33, 'c': 33}
    >>> allocate_pence(-100, {"c": 1, "b": 1, "a": 1})
    {'c': -33, 'b': -33, 'a': -34}
    >>> allocate_pence(0, {"a": 2, "b": 0})
    {'a': 0, 'b': 0}
    >>> allocate_pence(1, {"x": 1, "y": 3})
    {'x': 0, 'y': 1}
    """
    if isinstance(total, bool) or not isinstance(total, int):
        to_fraction(total, field="total")  # raises for floats
        raise AllocationError("total must be an integer of pence", field="total", value=total)
    if not weights:
        raise AllocationError("nothing to allocate to: no weights given", field="weights")
    keys = list(weights)
    given = list(weights.values())
    scaled: list[int]
    # plain ints (the common case: pence, days, placement counts, charge numerators) are
    # checked in one pass; anything else is converted one by one, in order
    if all(type(w) is int for w in given) and min(given) >= 0:
        scaled = given  # type: ignore[assignment]  # every weight an int (checked)
    else:
        exact = [_allocation_weight(k, w) for k, w in zip(keys, given, strict=True)]
        # Exact shares in integer arithmetic: scale every weight to a common denominator,
        # so each share's floor and remainder come from one divmod and remainders compare
        # as integers.
        common = math.lcm(*(f.denominator for f in exact if isinstance(f, Fraction)))
        scaled = [int(f * common) for f in exact]
    weight_sum = sum(scaled)
    if weight_sum == 0:
        raise AllocationError(
            "weights sum to zero, so no share is defined",
            field="weights",
            expected="at least one positive weight",
        )
    magnitude = abs(total)
    shares = [divmod(magnitude * w, weight_sum) for w in scaled]
    parts = [floor for floor, _ in shares]
    left = magnitude - sum(parts)
    if left:
        # the pence left over go to the largest remainders, ties to the smaller key; keys
        # that compare among themselves (ints, strings, tuples of them) sort as plain
        # tuples, the same comparisons _SortKey makes, without an object each
        ranked: list[tuple[int, object, int]]
        try:
            negated = [-rest for _, rest in shares]
            ranked = sorted(zip(negated, keys, range(len(keys)), strict=True))
        except TypeError:
            ranked = sorted(
                (-rest, _SortKey(k), i)
                for i, (k, (_, rest)) in enumerate(zip(keys, shares, strict=True))
            )
        for _, _, i in ranked[:left]:
            parts[i] += 1
    if total < 0:
        parts = [-p for p in parts]
    return dict(zip(keys, parts, strict=True))


def _allocation_weight(key: object, weight: Exact) -> int | Fraction:
    """One weight of :func:`allocate_pence`, exact and checked non-negative."""
    f: int | Fraction = (
        weight if type(weight) is int else to_fraction(weight, field=f"weights[{key!r}]")
    )
    if f < 0:
        raise AllocationError(
            "weights must be non-negative",
            field=f"weights[{key!r}]",
            value=weight,
            expected=">= 0",
        )
    return f


@attrs.frozen
class _SortKey:
    """Orders keys by value when they compare, by their repr otherwise."""

    key: object

    def __lt__(self, other: _SortKey) -> bool:
        try:
            return bool(self.key < other.key)  # type: ignore[operator]
        except TypeError:
            return repr(self.key) < repr(other.key)


def allocate_money(total: Money, weights: Mapping[K, Exact]) -> dict[K, Money]:
    """:func:`allocate_pence` for :class:`Money`: parts sum exactly to ``total``.

    >>> allocate_money(Money(10), {"a": 1, "b": 2})
    {'a': Money(pence=3), 'b': Money(pence=7)}
    """
    return {k: Money(p) for k, p in allocate_pence(total.pence, weights).items()}
