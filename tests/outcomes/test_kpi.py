"""KPI definitions, the RAG rule at its boundaries, and the default framework."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import Direction
from slcp.errors import InvalidValueError, ParameterNotFoundError, UnknownReferenceError
from slcp.outcomes import (
    Derivation,
    KpiUnit,
    Rag,
    RagPoints,
    RagThresholds,
    default_outcomes_framework,
    rate_value,
)
from slcp.timeline import Timeline, TimelineEntry
from tests.outcomes.builders import SRC, kpi

HIGH = Direction.HIGHER_IS_BETTER
LOW = Direction.LOWER_IS_BETTER
T = RagThresholds(green=Decimal("0.75"), amber=Decimal("0.60"))
T_LOW = RagThresholds(green=Decimal("0.10"), amber=Decimal("0.20"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # exactly on green (3/4 = 0.75): the better rating
        (Fraction(3, 4), Rag.GREEN),
        (Fraction(3, 4) - Fraction(1, 10**9), Rag.AMBER),
        # exactly on amber (3/5 = 0.60): amber
        (Fraction(3, 5), Rag.AMBER),
        (Fraction(3, 5) - Fraction(1, 10**9), Rag.RED),
        (Fraction(1), Rag.GREEN),
        (Fraction(0), Rag.RED),
    ],
)
def test_rag_higher_is_better_boundaries(value: Fraction, expected: Rag) -> None:
    assert rate_value(value, T, HIGH) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 10), Rag.GREEN),  # on green: green
        (Fraction(1, 10) + Fraction(1, 10**9), Rag.AMBER),
        (Fraction(1, 5), Rag.AMBER),  # on amber: amber
        (Fraction(1, 5) + Fraction(1, 10**9), Rag.RED),
        (Fraction(0), Rag.GREEN),
    ],
)
def test_rag_lower_is_better_boundaries(value: Fraction, expected: Rag) -> None:
    assert rate_value(value, T_LOW, LOW) is expected


def test_rag_when_green_equals_amber_has_no_amber_band() -> None:
    t = RagThresholds(green=Decimal("0.5"), amber=Decimal("0.5"))
    assert rate_value(Fraction(1, 2), t, HIGH) is Rag.GREEN
    assert rate_value(Fraction(49, 100), t, HIGH) is Rag.RED


_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
fractions = st.fractions(min_value=0, max_value=1, max_denominator=1000)


def dec(f: Fraction) -> Decimal:
    return Decimal(f.numerator) / Decimal(f.denominator)


@given(a=fractions, b=fractions, green=fractions, amber=fractions)
def test_rag_is_monotone_in_the_value(
    a: Fraction, b: Fraction, green: Fraction, amber: Fraction
) -> None:
    lo, hi = sorted((a, b))
    g, am = max(green, amber), min(green, amber)
    t_high = RagThresholds(green=dec(g), amber=dec(am))
    assert _ORDER[rate_value(hi, t_high, HIGH)] >= _ORDER[rate_value(lo, t_high, HIGH)]
    t_low = RagThresholds(green=dec(am), amber=dec(g))
    assert _ORDER[rate_value(lo, t_low, LOW)] >= _ORDER[rate_value(hi, t_low, LOW)]


def test_thresholds_refuse_floats() -> None:
    with pytest.raises(InvalidValueError):
        RagThresholds(green=0.75, amber=Decimal("0.6"))


def test_thresholds_must_agree_with_direction() -> None:
    with pytest.raises(InvalidValueError, match="green must be at or beyond amber"):
        kpi("k", Derivation.UNPLANNED_ENDINGS, green="0.3", amber="0.2", lower_is_better=True)


def test_weight_must_be_positive() -> None:
    with pytest.raises(InvalidValueError, match="weight must be positive"):
        kpi("k", Derivation.WITHIN_DISTANCE, green="0.8", amber="0.6", weight=0)


def test_unit_must_match_derivation() -> None:
    k = kpi("k", Derivation.WITHIN_DISTANCE, green="0.8", amber="0.6")
    with pytest.raises(InvalidValueError, match="unit does not match"):
        attrs.evolve(k, unit=KpiUnit.COUNT)


def test_thresholds_are_dated_and_missing_dates_raise() -> None:
    later = RagThresholds(green=Decimal("0.80"), amber=Decimal("0.65"))
    timeline = Timeline(
        entries=(
            TimelineEntry(effective=dt.date(2019, 4, 1), value=T, source=SRC),
            TimelineEntry(effective=dt.date(2021, 4, 1), value=later, source=SRC),
        )
    )
    k = kpi("k", Derivation.WITHIN_DISTANCE, green="0.75", amber="0.6").with_thresholds(timeline)
    assert k.thresholds.value_on(dt.date(2021, 3, 31)) == T
    assert k.thresholds.value_on(dt.date(2021, 4, 1)) == later
    with pytest.raises(ParameterNotFoundError):
        k.thresholds.value_on(dt.date(2019, 3, 31))


def test_default_framework_covers_the_issue_list() -> None:
    fw = default_outcomes_framework()
    derivations = {k.derivation for k in fw.kpis}
    assert derivations == {
        Derivation.UNPLANNED_ENDINGS,
        Derivation.PLACEMENTS_LASTING,
        Derivation.ICA_OUTCOMES_ON_TRACK,
        Derivation.ICA_REVIEWS_ON_TIME,
        Derivation.WITHIN_DISTANCE,
        Derivation.OFSTED_GOOD_AT_PLACEMENT,
        Derivation.COMMISSIONED_ROUTE,
        Derivation.PRICE_WITHIN_BAND,
        Derivation.EDUCATION_CONTINUITY,
    }
    assert fw.kpi("placements-12-months").effective_parameter == Decimal(12)
    assert fw.kpi("unplanned-endings").direction is LOW


def test_framework_can_be_cut_down_reweighted_and_extended() -> None:
    fw = default_outcomes_framework()
    smaller = fw.without("price-within-band")
    assert "price-within-band" not in smaller.ids
    assert len(smaller.kpis) == len(fw.kpis) - 1
    heavier = smaller.with_kpi(smaller.kpi("within-20-miles").with_weight(Decimal(5)))
    assert heavier.kpi("within-20-miles").weight == Decimal(5)
    assert heavier.ids == smaller.ids  # replaced in place
    concerns = kpi(
        "open-concerns", Derivation.OPEN_CONCERNS, green="0", amber="1", lower_is_better=True
    )
    assert heavier.with_kpi(concerns).ids[-1] == "open-concerns"
    with pytest.raises(UnknownReferenceError):
        fw.without("no-such-kpi")
    with pytest.raises(InvalidValueError, match="unique"):
        fw.__class__(name="x", kpis=(concerns, concerns))


def test_rag_points_must_be_ordered_and_bounded() -> None:
    assert RagPoints().points_for(Rag.AMBER) == 50
    with pytest.raises(InvalidValueError):
        RagPoints(green=Decimal(101))


def test_parameters_are_checked_against_the_derivation() -> None:
    with pytest.raises(InvalidValueError, match="takes no parameter"):
        kpi(
            "k",
            Derivation.UNPLANNED_ENDINGS,
            green="0.1",
            amber="0.2",
            lower_is_better=True,
            parameter=Decimal(3),
        )
    with pytest.raises(InvalidValueError, match="whole number of months"):
        kpi("k", Derivation.PLACEMENTS_LASTING, green="0.7", amber="0.5", parameter=Decimal("12.5"))
    with pytest.raises(InvalidValueError, match="positive"):
        kpi("k", Derivation.WITHIN_DISTANCE, green="0.7", amber="0.5", parameter=Decimal(0))
    ten = kpi("k", Derivation.WITHIN_DISTANCE, green="0.7", amber="0.5", parameter=Decimal("10.5"))
    assert ten.effective_parameter == Decimal("10.5")


def test_exactness_errors_name_the_field() -> None:
    with pytest.raises(InvalidValueError, match="field: weight"):
        attrs.evolve(kpi("k", Derivation.WITHIN_DISTANCE, green="0.7", amber="0.5"), weight=1.5)


@given(value=fractions, green=fractions, amber=fractions)
def test_the_two_directions_apply_the_same_boundary_rule(
    value: Fraction, green: Fraction, amber: Fraction
) -> None:
    # lower-is-better on v is higher-is-better on −v with negated cut-offs: a value on a
    # cut-off gets the better rating either way
    lo, hi = min(green, amber), max(green, amber)
    low = RagThresholds(green=dec(lo), amber=dec(hi))
    mirrored = RagThresholds(green=-dec(lo), amber=-dec(hi))
    assert rate_value(value, low, LOW) is rate_value(-value, mirrored, HIGH)
    on_green = Fraction(dec(lo))
    assert rate_value(on_green, low, LOW) is Rag.GREEN
