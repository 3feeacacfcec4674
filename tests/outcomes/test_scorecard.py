"""Provider scorecards worked by hand, re-weighting of missing KPIs, ranks and medians."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import (
    Direction,
    EndingReason,
    OfstedRating,
    Placement,
    PlacementEnding,
    ProviderId,
    RouteKind,
)
from slcp.errors import ParameterNotFoundError, PeriodError, UnknownReferenceError
from slcp.outcomes import (
    Derivation,
    OutcomesFramework,
    Rag,
    RagPoints,
    benchmark_lots,
    default_outcomes_framework,
    display_score,
    median_of,
    partnership_medians,
    score_provider,
    score_providers,
)
from slcp.outcomes.kpi import _rate
from slcp.outcomes.scorecard import _by_score, _plan, _shares, _sorted_exactly, _weighted_score
from slcp.periods import DateRange, FinancialYear
from tests.outcomes.builders import FY2020, LOT1, kpi, placement, programme, provider

D = dt.date

# Three KPIs, one of which has no data for PRV-A in 2020/21.
THREE = OutcomesFramework(
    name="three KPIs",
    kpis=(
        kpi(
            "unplanned",
            Derivation.UNPLANNED_ENDINGS,
            green="0.10",
            amber="0.20",
            weight=2,
            lower_is_better=True,
        ),
        kpi("near", Derivation.WITHIN_DISTANCE, green="0.75", amber="0.60", weight=1),
        kpi("school", Derivation.EDUCATION_CONTINUITY, green="0.80", amber="0.60", weight=1),
    ),
)

# PRV-A's placements (financial year 2020/21 = [2020-04-01, 2021-04-01)):
#   P1 2019-06-01 .. 2020-09-01 breakdown (unplanned), 12 miles
#   P2 2020-05-01 .. 2021-01-15 planned move,           25 miles
#   P3 2020-07-01 .. open,                               8 miles
#   P4 2018-01-01 .. 2020-12-01 planned end,            20 miles (on the limit: within)
# None records education continuity.
PLACEMENTS = (
    placement(
        "P1", D(2019, 6, 1), D(2020, 9, 1), ending=EndingReason.UNPLANNED_BREAKDOWN, miles="12"
    ),
    placement("P2", D(2020, 5, 1), D(2021, 1, 15), ending=EndingReason.PLANNED_MOVE, miles="25"),
    placement("P3", D(2020, 7, 1), miles="8"),
    placement("P4", D(2018, 1, 1), D(2020, 12, 1), ending=EndingReason.PLANNED_END, miles="20"),
)


def test_hand_worked_scorecard_with_one_kpi_without_data() -> None:
    card = score_provider(programme(PLACEMENTS), "PRV-A", FY2020, THREE)
    # unplanned: P1, P2, P4 ended in the year, 1 of them unplanned: 1/3 > 0.20 -> red, 0 pts
    unplanned = card.kpi("unplanned")
    assert (unplanned.value, unplanned.rag, unplanned.points) == (
        Fraction(1, 3),
        Rag.RED,
        Fraction(0),
    )
    assert unplanned.measure.considered == ("P1", "P2", "P4")
    assert unplanned.measure.counted == ("P1",)
    # near: all four ran in the year; 12, 8 and 20 miles are within 20: 3/4 = 0.75, exactly
    # on the green cut-off -> green, 100 pts
    near = card.kpi("near")
    assert (near.value, near.rag) == (Fraction(3, 4), Rag.GREEN)
    assert near.points == 100
    # school: nothing recorded -> not scored, no points, no weight
    school = card.kpi("school")
    assert (school.value, school.rag, school.points) == (None, None, None)
    assert school.effective_weight == 0
    # weights 2 and 1 over the scored KPIs: (2 × 0 + 1 × 100) / (2 + 1) = 100/3
    assert unplanned.effective_weight == Fraction(2, 3)
    assert near.effective_weight == Fraction(1, 3)
    assert card.score == Fraction(100, 3)
    assert card.display == "33.3"


def test_missing_kpi_reweights_rather_than_scoring_zero() -> None:
    # Had "school" counted as 0 points the score would be (0 + 100 + 0) / 4 = 25;
    # re-weighting gives 100/3 instead: the same as a framework without "school" at all,
    # (2 × 0 + 1 × 100) / (2 + 1) = 100/3.
    card = score_provider(programme(PLACEMENTS), "PRV-A", FY2020, THREE)
    assert card.score == Fraction(100, 3)
    without = score_provider(programme(PLACEMENTS), "PRV-A", FY2020, THREE.without("school"))
    assert without.score == Fraction(100, 3)
    assert [k.kpi for k in without.kpis] == ["unplanned", "near"]


def test_all_kpis_with_data() -> None:
    # Give P2 and P3 a continuity record: P2 kept school, P3 did not -> 1/2 < 0.60 -> red.
    # Score: (2 × 0 + 1 × 100 + 1 × 0) / 4 = 25.
    placements = (
        PLACEMENTS[0],
        placement(
            "P2",
            D(2020, 5, 1),
            D(2021, 1, 15),
            ending=EndingReason.PLANNED_MOVE,
            miles="25",
            continuity=True,
        ),
        placement("P3", D(2020, 7, 1), miles="8", continuity=False),
        PLACEMENTS[3],
    )
    card = score_provider(programme(placements), "PRV-A", FY2020, THREE)
    assert card.kpi("school").value == Fraction(1, 2)
    assert card.score == 25
    assert card.display == "25.0"


def test_provider_with_no_data_has_no_score() -> None:
    prog = programme(PLACEMENTS, providers=(provider("PRV-A"), provider("PRV-B")))
    card = score_provider(prog, "PRV-B", FY2020, THREE)
    assert card.score is None
    assert card.display is None
    assert all(not k.is_scored for k in card.kpis)


def test_financial_year_and_range_give_the_same_card() -> None:
    prog = programme(PLACEMENTS)
    assert score_provider(prog, "PRV-A", FinancialYear(2020), THREE) == score_provider(
        prog, "PRV-A", FY2020, THREE
    )


def test_bad_inputs_raise() -> None:
    prog = programme(PLACEMENTS)
    with pytest.raises(UnknownReferenceError):
        score_provider(prog, "PRV-Z", FY2020, THREE)
    with pytest.raises(PeriodError):
        score_provider(prog, "PRV-A", DateRange(start=D(2020, 4, 1)), THREE)
    with pytest.raises(ParameterNotFoundError):
        # thresholds are in force from 1 April 2014 only
        score_provider(prog, "PRV-A", DateRange(start=D(2013, 4, 1), end=D(2014, 4, 1)), THREE)


def test_default_framework_hand_worked() -> None:
    # PRV-A, 2020/21, default framework; every placement is a framework call-off in lot 1
    # (band £3,000-£5,000, fee £4,000) from a provider rated good since 2015.
    card = score_provider(programme(PLACEMENTS), "PRV-A", FY2020, default_outcomes_framework())
    rags = {k.kpi: k.rag for k in card.kpis}
    # unplanned-endings 1/3 -> red (2); placements-12-months: P1 (anniversary 2020-06-01,
    # ended 2020-09-01: lasted) and P4 (anniversary 2019-01-01, lasted) are eligible; the
    # anniversaries of P2 (2021-05-01) and P3 (2021-07-01) fall after the year: not eligible.
    # 2/2 -> green (2).
    assert card.kpi("placements-12-months").value == 1
    # ICA KPIs: no ICAs -> not scored. within-20-miles 3/4 -> green (1).
    # ofsted-good-at-placement: all four started while rated good -> 1 -> green (2).
    # framework-or-dps: started in the year: P2, P3, both call-offs -> 1 -> green (1).
    # price-within-band: £4,000 in [£3,000, £5,000] for all four -> green (1).
    # education-continuity: none recorded -> not scored.
    assert rags == {
        "unplanned-endings": Rag.RED,
        "placements-12-months": Rag.GREEN,
        "ica-outcomes-on-track": None,
        "ica-reviews-on-time": None,
        "within-20-miles": Rag.GREEN,
        "ofsted-good-at-placement": Rag.GREEN,
        "framework-or-dps": Rag.GREEN,
        "price-within-band": Rag.GREEN,
        "education-continuity": None,
    }
    # scored weights 2 + 2 + 1 + 2 + 1 + 1 = 9; points 100 × (2 + 1 + 2 + 1 + 1) = 700
    assert card.score == Fraction(700, 9)
    assert card.display == "77.8"


def test_ranks_within_lot_and_medians() -> None:
    # PRV-A as above scores 100/3 on THREE. PRV-B: one placement, 30 miles, continuing,
    # school kept -> near 0 (red), school 1 (green): (0 + 100) / 2 = 50. PRV-C: no placements
    # but admitted to lot 1 -> unscored. PRV-D: same as PRV-B -> 50, ties with B.
    prog = programme(
        (
            *PLACEMENTS,
            placement("B1", D(2020, 6, 1), prov="PRV-B", miles="30", continuity=True),
            placement("D1", D(2020, 6, 1), prov="PRV-D", miles="30", continuity=True),
        ),
        providers=tuple(provider(p) for p in ("PRV-A", "PRV-B", "PRV-C", "PRV-D")),
    )
    cards = score_providers(prog, FY2020, THREE)
    [lot] = benchmark_lots(prog, FY2020, THREE, cards=cards)
    assert lot.lot == LOT1
    assert [(r.provider, r.rank) for r in lot.ranks] == [
        ("PRV-B", 1),
        ("PRV-D", 1),
        ("PRV-A", 3),
        ("PRV-C", None),
    ]
    medians = {m.kpi: m for m in partnership_medians(cards, THREE)}
    # near: A 3/4, B 0, D 0 (C none) -> median 0; score: 100/3, 50, 50 -> 50
    assert medians["near"].median == 0
    assert medians["near"].providers == 3
    assert medians["score"].median == 50
    # school: B 1, D 1 -> 1
    assert medians["school"].median == 1
    # unplanned: only A has endings -> 1/3
    assert medians["unplanned"].median == Fraction(1, 3)


def test_display_rounds_half_up_only_for_display() -> None:
    assert display_score(Fraction(1, 20)) == "0.1"  # 0.05 -> 0.1
    assert display_score(Fraction(2249, 100)) == "22.5"  # 22.49 -> 22.5
    assert display_score(Fraction(2244, 100)) == "22.4"


# -- properties ------------------------------------------------------------------------------

ENDINGS = [None, *EndingReason]


@st.composite
def provider_placements(draw: st.DrawFn) -> tuple[Placement, ...]:
    n = draw(st.integers(min_value=0, max_value=6))
    out = []
    for i in range(n):
        start = draw(st.dates(min_value=D(2019, 1, 1), max_value=D(2021, 3, 31)))
        days = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=700)))
        end = None if days is None else start + dt.timedelta(days=days)
        out.append(
            placement(
                f"P{i}",
                start,
                end,
                ending=None if end is None else draw(st.sampled_from(ENDINGS)),
                miles=draw(st.one_of(st.none(), st.integers(0, 60).map(str))),
                continuity=draw(st.one_of(st.none(), st.booleans())),
                route=draw(st.sampled_from([RouteKind.FRAMEWORK_CALL_OFF, RouteKind.SPOT])),
                weekly_pence=draw(st.integers(200_000, 600_000)),
            )
        )
    return tuple(out)


weights = st.integers(min_value=1, max_value=5)


@st.composite
def frameworks(draw: st.DrawFn) -> OutcomesFramework:
    fw = default_outcomes_framework()
    for k in fw.kpis:
        fw = fw.with_kpi(k.with_weight(Decimal(draw(weights))))
    red, amber, green = sorted(draw(st.integers(min_value=0, max_value=100)) for _ in range(3))
    return attrs.evolve(fw, points=RagPoints(green=green, amber=amber, red=red))


@given(provider_placements(), frameworks())
def test_scores_are_bounded_and_missing_data_never_scores_zero(
    placements: tuple[Placement, ...],
    fw: OutcomesFramework,
) -> None:
    prog = programme(placements, providers=(provider("PRV-A", rating=OfstedRating.GOOD),))
    card = score_provider(prog, "PRV-A", FY2020, fw)
    if card.score is None:
        assert not card.scored
    else:
        assert 0 <= card.score <= 100
        assert sum(k.effective_weight for k in card.kpis) == 1
    for k in card.kpis:
        if k.measure.value is None:
            assert k.points is None
            assert k.effective_weight == 0
            assert k.rag is None


def _improve(p: Placement) -> Placement:
    """One placement made better on one KPI, all else equal."""
    if p.ending is not None and not p.ending.is_planned:
        return attrs.evolve(p, ending=PlacementEnding(reason=EndingReason.PLANNED_MOVE))
    if p.distance_from_home_miles is not None and p.distance_from_home_miles > 20:
        return attrs.evolve(p, distance_from_home_miles=Decimal(5))
    if p.education_continuity is False:
        return attrs.evolve(p, education_continuity=True)
    return p


@given(provider_placements(), frameworks(), st.integers(min_value=0, max_value=5))
def test_a_better_kpi_value_never_lowers_the_score(
    placements: tuple[Placement, ...],
    fw: OutcomesFramework,
    which: int,
) -> None:
    if not placements:
        return
    i = which % len(placements)
    better = (*placements[:i], _improve(placements[i]), *placements[i + 1 :])
    before = score_provider(programme(placements), "PRV-A", FY2020, fw)
    after = score_provider(programme(better), "PRV-A", FY2020, fw)
    # improving a record changes no denominator here, so the same KPIs are scored
    assert [k.is_scored for k in before.kpis] == [k.is_scored for k in after.kpis]
    if before.score is not None and after.score is not None:
        assert after.score >= before.score
    for b, a in zip(before.kpis, after.kpis, strict=True):
        if b.rag is not None and a.rag is not None:
            order = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
            assert order[a.rag] >= order[b.rag]


@given(provider_placements(), frameworks())
def test_scoring_all_providers_agrees_with_scoring_each(
    placements: tuple[Placement, ...],
    fw: OutcomesFramework,
) -> None:
    # half the placements go to PRV-B, so grouping by provider matters
    mixed = tuple(
        attrs.evolve(p, provider=ProviderId("PRV-B")) if i % 2 else p
        for i, p in enumerate(placements)
    )
    prog = programme(mixed, providers=(provider("PRV-A"), provider("PRV-B")))
    cards = score_providers(prog, FY2020, fw)
    assert cards == tuple(score_provider(prog, pid, FY2020, fw) for pid in ("PRV-A", "PRV-B"))


def test_median_of_values_too_close_for_floats() -> None:
    # 1 + 10^-30, 1 and 1 - 10^-30 are all the float 1.0, so the exact order decides:
    # sorted exactly they are 1 - e, 1, 1 + e and the middle one is 1; with a fourth value
    # 1 + 2e the middle two are 1 and 1 + e, mean 1 + e/2
    e = Fraction(1, 10**30)
    assert median_of([1 + e, Fraction(1), 1 - e]) == Fraction(1)
    assert median_of([1 + 2 * e, 1 + e, 1 - e, Fraction(1)]) == 1 + e / 2
    # beyond the range of floats: 10^400 and 10^401 still order, median (10^400 + 10^401) / 2
    assert median_of([Fraction(10**401), Fraction(10**400)]) == Fraction(11 * 10**400, 2)


@given(st.lists(st.fractions(max_denominator=10**40), max_size=30))
def test_median_of_is_the_exact_middle(values: list[Fraction]) -> None:
    # the middle of the exactly sorted values (the mean of the two middle ones for an even
    # count), whatever floats make of them
    ordered = sorted(values)
    mid = len(ordered) // 2
    expected = (
        None
        if not ordered
        else ordered[mid]
        if len(ordered) % 2
        else (ordered[mid - 1] + ordered[mid]) / 2
    )
    assert median_of(values) == expected


@given(
    weights=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2),
        min_size=9,
        max_size=9,
    ),
    points=st.lists(
        st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=3), min_size=3, max_size=3
    ),
    rags=st.lists(st.sampled_from([None, *Rag]), min_size=9, max_size=9),
)
def test_a_score_is_the_weighted_mean_of_points_over_the_scored_kpis(
    weights: list[Decimal], points: list[Decimal], rags: list[Rag | None]
) -> None:
    # cards are weighed from integer sums in a unit common to the framework: the score must be
    # Σ weight × points ÷ Σ weight over the scored KPIs and Σ share × points, in Fractions,
    # and the shares of the scored KPIs must add up to 1
    red, amber, green = sorted(points)
    framework = attrs.evolve(
        default_outcomes_framework(),
        points=RagPoints(green=green, amber=amber, red=red),
    )
    framework = attrs.evolve(
        framework,
        kpis=tuple(k.with_weight(w) for k, w in zip(framework.kpis, weights, strict=True)),
    )
    plan = _plan(framework, FY2020.last_day)
    scored = tuple(r is not None for r in rags)
    shares = _shares(plan, scored)
    score = _weighted_score(plan, tuple(rags))
    by_rag = {Rag.GREEN: Fraction(green), Rag.AMBER: Fraction(amber), Rag.RED: Fraction(red)}
    pairs = [(Fraction(w), by_rag[r]) for w, r in zip(weights, rags, strict=True) if r is not None]
    if not pairs:
        assert score is None
        assert all(s == 0 for s in shares)
        return
    assert score == sum(w * p for w, p in pairs) / sum(w for w, _ in pairs)
    assert score == sum(
        (s * by_rag[r] for s, r in zip(shares, rags, strict=True) if r is not None), Fraction(0)
    )
    assert sum(shares) == 1


# values that floats cannot tell apart (1 and 1 + 10**-30), or cannot hold (beyond 1e308)
_CLOSE = st.one_of(
    st.fractions(max_denominator=10**40),
    st.integers(min_value=-3, max_value=3).map(lambda n: Fraction(n) + Fraction(n % 2, 10**30)),
    st.integers(min_value=10**310, max_value=10**311).map(Fraction),
)


@given(st.lists(_CLOSE, max_size=30))
def test_ordering_by_float_then_exactly_is_the_exact_order(values: list[Fraction]) -> None:
    # medians order values by float with an exact check where floats tie: the exact order
    assert _sorted_exactly(list(values)) == sorted(values)


@given(
    st.lists(
        st.tuples(_CLOSE, st.sampled_from(["P1", "P2", "P3", "P10"]).map(ProviderId)),
        max_size=20,
    )
)
def test_lot_ranks_order_by_float_then_exactly_as_by_exact_score(
    scored: list[tuple[Fraction, ProviderId]],
) -> None:
    # highest score first, ties by provider id: the same list as the exact sort
    assert _by_score(list(scored)) == sorted(scored, key=lambda sc: (-sc[0], sc[1]))


@given(
    _CLOSE,
    _CLOSE,
    _CLOSE,
    st.sampled_from(list(Direction)),
)
def test_rating_in_integers_agrees_with_fraction_comparisons(
    value: Fraction, a: Fraction, b: Fraction, direction: Direction
) -> None:
    # green is the better cut-off of the two: the larger when higher is better
    higher = direction is Direction.HIGHER_IS_BETTER
    green, amber = (max(a, b), min(a, b)) if higher else (min(a, b), max(a, b))
    if higher:
        expected = Rag.GREEN if value >= green else Rag.AMBER if value >= amber else Rag.RED
    else:
        expected = Rag.GREEN if value <= green else Rag.AMBER if value <= amber else Rag.RED
    assert _rate(value, green, amber, direction) is expected
    # another kind of number is compared as it is
    assert _rate(Decimal(1), green, amber, direction) is _rate(Fraction(1), green, amber, direction)


@given(
    st.lists(_CLOSE, min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(min_value=0, max_value=5), st.booleans()), max_size=40),
)
def test_the_median_of_shared_and_equal_objects_is_the_exact_middle(
    pool: list[Fraction], picks: list[tuple[int, bool]]
) -> None:
    # medians count each distinct object as often as it occurs (a scorecard's values are a
    # few shared Fractions): drawn from a small pool, each pick the pool's object itself or an
    # equal copy of it, the median is still that of the exactly sorted values
    values = [
        pool[i % len(pool)] if shared else Fraction(pool[i % len(pool)]) for i, shared in picks
    ]
    ordered = sorted(values)
    mid = len(ordered) // 2
    expected = (
        None
        if not ordered
        else ordered[mid]
        if len(ordered) % 2
        else (ordered[mid - 1] + ordered[mid]) / 2
    )
    assert median_of(values) == expected
