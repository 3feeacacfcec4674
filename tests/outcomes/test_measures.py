"""Each built-in derivation at its edges, worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import (
    ConcernCategory,
    ConcernId,
    Direction,
    EndingReason,
    FeeComponents,
    IcaId,
    IndividualChildAgreement,
    Measurement,
    OfstedRating,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    PlacementId,
    ProviderConcern,
    ProviderId,
    ReviewSchedule,
    RouteKind,
)
from slcp.money import Money
from slcp.outcomes import Derivation, lots_of, measure_kpi
from slcp.periods import DateRange
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry
from tests.outcomes.builders import (
    FY2020,
    LEWISHAM,
    LOT1,
    LOT2,
    kpi,
    placement,
    programme,
    provider,
)

D = dt.date


def _measure(prog, derivation: Derivation, parameter: Decimal | None = None):  # type: ignore[no-untyped-def]
    lower = derivation in (Derivation.UNPLANNED_ENDINGS, Derivation.OPEN_CONCERNS)
    k = kpi(
        "k",
        derivation,
        green="0" if lower else "1",
        amber="1" if lower else "0",
        lower_is_better=lower,
        parameter=parameter,
    )
    return measure_kpi(prog, "PRV-A", FY2020, k)


def test_ended_in_the_period_means_its_last_day_falls_in_it() -> None:
    # end 2020-04-01: last day 2020-03-31, before the year -> not counted
    # end 2021-04-01: last day 2021-03-31, in the year -> counted
    # an ended placement with no recorded reason is left out rather than guessed
    prog = programme(
        (
            placement("A", D(2019, 1, 1), D(2020, 4, 1), ending=EndingReason.UNPLANNED_OTHER),
            placement("B", D(2019, 1, 1), D(2021, 4, 1), ending=EndingReason.UNPLANNED_OTHER),
            placement("C", D(2019, 1, 1), D(2020, 6, 1)),
            placement("E", D(2019, 1, 1), D(2020, 6, 1), ending=EndingReason.PLANNED_END),
        )
    )
    m = _measure(prog, Derivation.UNPLANNED_ENDINGS)
    assert (m.considered, m.counted, m.value) == (("B", "E"), ("B",), Fraction(1, 2))


def test_placements_lasting_twelve_months_at_the_anniversary() -> None:
    # A: 2019-05-10 to 2020-05-10 — ended on its anniversary: lasted 12 months
    # B: 2019-05-10 to 2020-05-09 — one day short
    # C: 2020-04-01 open — anniversary 2021-04-01 is the year's end: not yet eligible
    # D: 2020-03-31 open — anniversary 2021-03-31, in the year, still running: lasted
    prog = programme(
        (
            placement("A", D(2019, 5, 10), D(2020, 5, 10), ending=EndingReason.PLANNED_END),
            placement("B", D(2019, 5, 10), D(2020, 5, 9), ending=EndingReason.PLANNED_END),
            placement("C", D(2020, 4, 1)),
            placement("D", D(2020, 3, 31)),
        )
    )
    m = _measure(prog, Derivation.PLACEMENTS_LASTING)
    assert (m.considered, m.counted) == (("A", "B", "D"), ("A", "D"))
    # with 6 months: C's 2020-10-01 anniversary is in the year and it is still running
    six = _measure(prog, Derivation.PLACEMENTS_LASTING, Decimal(6))
    assert (six.considered, six.counted) == (("A", "B", "C", "D"), ("A", "B", "C", "D"))


def test_distance_limit_is_inclusive_and_unknown_distances_are_left_out() -> None:
    prog = programme(
        (
            placement("A", D(2020, 5, 1), miles="20"),
            placement("B", D(2020, 5, 1), miles="20.1"),
            placement("C", D(2020, 5, 1)),
        )
    )
    m = _measure(prog, Derivation.WITHIN_DISTANCE)
    assert (m.considered, m.counted) == (("A", "B"), ("A",))
    assert _measure(prog, Derivation.WITHIN_DISTANCE, Decimal("20.1")).counted == ("A", "B")


def test_ofsted_rating_at_the_time_of_placement() -> None:
    inspection = Source(kind=SourceKind.INSPECTION, citation="test")
    ratings = Timeline(
        entries=(
            TimelineEntry(effective=D(2019, 1, 1), value=OfstedRating.GOOD, source=inspection),
            TimelineEntry(
                effective=D(2020, 9, 1), value=OfstedRating.INADEQUATE, source=inspection
            ),
        )
    )
    rated = attrs.evolve(provider("PRV-A"), ofsted=ratings)
    prog = programme(
        (
            placement("A", D(2018, 6, 1)),  # before any inspection: left out
            placement("B", D(2020, 5, 1)),  # placed while good (later inadequate): counts
            placement("C", D(2020, 9, 1)),  # placed the day it became inadequate
        ),
        providers=(rated,),
    )
    m = _measure(prog, Derivation.OFSTED_GOOD_AT_PLACEMENT)
    assert (m.considered, m.counted) == (("B", "C"), ("B",))


def test_commissioned_route_counts_new_placements_and_leaves_out_in_house() -> None:
    prog = programme(
        (
            placement("A", D(2020, 5, 1)),  # framework call-off
            placement("B", D(2020, 5, 1), route=RouteKind.SPOT, lot=None),
            placement("C", D(2020, 5, 1), route=RouteKind.IN_HOUSE, lot=None),
            placement("D", D(2019, 5, 1), route=RouteKind.SPOT, lot=None),  # not new
        )
    )
    m = _measure(prog, Derivation.COMMISSIONED_ROUTE)
    assert (m.considered, m.counted) == (("A", "B"), ("A",))


def test_price_band_bounds_are_inclusive_and_the_latest_fee_in_the_period_counts() -> None:
    src = Source(kind=SourceKind.AGREEMENT, citation="test")
    # lot 1 band £3,000-£5,000; C rose from £4,800 to £5,200 in January 2021
    c = placement("C", D(2020, 5, 1), weekly_pence=480_000)
    c = c.with_fees(
        c.fees.with_entry(
            TimelineEntry(
                effective=D(2021, 1, 1), value=FeeComponents(core=Money(520_000)), source=src
            )
        )
    )
    prog = programme(
        (
            placement("A", D(2020, 5, 1), weekly_pence=500_000),  # on the upper bound
            placement("B", D(2020, 5, 1), weekly_pence=299_999),  # 1p under the band
            c,
            placement("D", D(2020, 5, 1), lot=LOT2),  # lot 2 has no band: left out
        )
    )
    m = _measure(prog, Derivation.PRICE_WITHIN_BAND)
    assert (m.considered, m.counted) == (("A", "B", "C"), ("A",))


def test_open_concerns_counts_every_boroughs_concerns_open_on_the_last_day() -> None:
    def concern(cid: str, raised: dt.date, resolved: dt.date | None = None) -> ProviderConcern:
        return ProviderConcern(
            id=ConcernId(cid),
            provider=ProviderId("PRV-A"),
            raised_by=LEWISHAM,
            raised_on=raised,
            category=ConcernCategory.SAFEGUARDING,
            summary="test",
            resolved_on=resolved,
        )

    prog = attrs.evolve(
        programme(()),
        concerns=(
            concern("K1", D(2020, 6, 1)),
            concern("K2", D(2020, 6, 1), D(2021, 3, 31)),  # resolved on the last day
            concern("K3", D(2021, 4, 1)),  # after the year
        ),
    )
    m = _measure(prog, Derivation.OPEN_CONCERNS)
    assert (m.value, m.counted, m.denominator) == (1, ("K1",), None)
    # no concerns is a count of 0 — a value, not missing data
    assert _measure(programme(()), Derivation.OPEN_CONCERNS).value == 0


def test_ica_derivations_use_the_placements_icas() -> None:
    ica = IndividualChildAgreement(
        id=IcaId("I-A"),
        placement=PlacementId("A"),
        agreed_on=D(2020, 1, 1),
        agreed_fee=FeeComponents(core=Money(400_000)),
        reviews=ReviewSchedule(origin=D(2020, 1, 1)),
        # due 2020-07-01 (held on time), 2021-01-01 (missed), 2021-07-01 (after the year);
        reviews_held=(D(2020, 7, 3),),
    )
    prog = programme((placement("A", D(2020, 1, 1)),), agreements=(ica,))
    m = _measure(prog, Derivation.ICA_REVIEWS_ON_TIME)
    assert m.considered == ("I-A@2020-07-01", "I-A@2021-01-01")
    assert m.value == Fraction(1, 2)
    # no outcomes: nothing measured -> no value
    assert _measure(prog, Derivation.ICA_OUTCOMES_ON_TRACK).value is None


def test_lots_of_a_provider() -> None:
    # admitted to lot 1 (builders); a placement called off lot 2 in the year adds lot 2
    prog = programme((placement("A", D(2020, 5, 1), lot=LOT2),))
    assert lots_of(prog, "PRV-A", FY2020) == (LOT1, LOT2)
    assert lots_of(prog, "PRV-A", DateRange(start=D(2019, 4, 1), end=D(2020, 3, 1))) == ()
    # placements given (already grouped by the caller): only those are looked at, and only
    # the provider's own count (PRV-B's call-off on lot 2 adds nothing to PRV-A)
    other = placement("B", D(2020, 5, 1), lot=LOT2, prov="PRV-B")
    assert lots_of(prog, "PRV-A", FY2020, placements=prog.placements) == (LOT1, LOT2)
    assert lots_of(prog, "PRV-A", FY2020, placements=(other,)) == (LOT1,)
    assert lots_of(prog, "PRV-A", FY2020, placements=()) == (LOT1,)


def test_mean_days_before_ending_and_mean_weekly_fee() -> None:
    # ended in 2020/21: A 2020-01-01 to 2020-07-01 = 182 days (2020 leap year);
    # B 2020-06-01 to 2021-01-01 = 214 days -> mean (182 + 214) / 2 = 198
    # fees of placements in the year: A £4,000, B £4,500, C £3,001 ->
    # (400000 + 450000 + 300100) / 3 = 1150100/3 pence, kept exact
    prog = programme(
        (
            placement("A", D(2020, 1, 1), D(2020, 7, 1), ending=EndingReason.PLANNED_END),
            placement("B", D(2020, 6, 1), D(2021, 1, 1), weekly_pence=450_000),
            placement("C", D(2021, 3, 1), weekly_pence=300_100),
        )
    )
    days = _measure(prog, Derivation.MEAN_DAYS_BEFORE_ENDING)
    assert (days.value, days.numerator, days.denominator) == (Fraction(198), 396, 2)
    fee = _measure(prog, Derivation.MEAN_WEEKLY_FEE)
    assert fee.value == Fraction(1_150_100, 3)
    assert _measure(programme(()), Derivation.MEAN_WEEKLY_FEE).value is None


def test_ica_outcomes_of_an_ended_placement_are_judged_on_its_last_day() -> None:
    # attendance 60 -> 90 between 2020-04-01 and 2021-04-01 (365 days); measured 75 on
    # 2020-09-30, the placement's last day: progress 1/2 >= elapsed 182/365 -> on track then.
    # Judged on 2021-03-31 instead it would be off track (1/2 < 364/365).
    outcome = Outcome(
        id=OutcomeId("attendance"),
        domain=OutcomeDomain.EDUCATION,
        description="attends school",
        measure="attendance %",
        baseline=Decimal(60),
        target=Decimal(90),
        target_date=D(2021, 4, 1),
        direction=Direction.HIGHER_IS_BETTER,
        measurements=(Measurement(on=D(2020, 9, 30), value=Decimal(75)),),
    )
    ica = IndividualChildAgreement(
        id=IcaId("I-A"),
        placement=PlacementId("A"),
        agreed_on=D(2020, 4, 1),
        agreed_fee=FeeComponents(core=Money(400_000)),
        outcomes=(outcome,),
        reviews=ReviewSchedule(origin=D(2020, 4, 1)),
    )
    prog = programme(
        (placement("A", D(2020, 4, 1), D(2020, 10, 1), ending=EndingReason.PLANNED_MOVE),),
        agreements=(ica,),
    )
    m = _measure(prog, Derivation.ICA_OUTCOMES_ON_TRACK)
    assert (m.considered, m.counted) == (("I-A/attendance",), ("I-A/attendance",))


@given(
    st.lists(st.dates(min_value=D(2015, 1, 1), max_value=D(2021, 3, 31)), max_size=6),
    st.one_of(
        st.none(),
        st.lists(
            st.tuples(
                st.dates(min_value=D(2016, 1, 1), max_value=D(2021, 6, 30)),
                st.sampled_from(OfstedRating),
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda e: e[0],
        ),
    ),
)
def test_the_ofsted_kpi_reads_each_placements_rating_as_rating_on_does(
    starts: list[dt.date], inspections: list[tuple[dt.date, OfstedRating]] | None
) -> None:
    # the KPI looks each placement's rating up once in the timeline: the same placements
    # considered and counted as asking provider.rating_on(start) of each running in the year
    inspection = Source(kind=SourceKind.INSPECTION, citation="test")
    ratings = (
        None
        if inspections is None
        else Timeline(
            entries=tuple(
                TimelineEntry(effective=day, value=rating, source=inspection)
                for day, rating in sorted(inspections)
            )
        )
    )
    rated = attrs.evolve(provider("PRV-A"), ofsted=ratings)
    placed = tuple(placement(f"P{i}", day) for i, day in enumerate(starts))
    m = _measure(programme(placed, providers=(rated,)), Derivation.OFSTED_GOOD_AT_PLACEMENT)
    running = [p for p in placed if p.period.overlaps(FY2020)]
    found = {p.id: rated.rating_on(p.period.start) for p in running}
    assert m.considered == tuple(sorted(k for k, r in found.items() if r is not None))
    assert m.counted == tuple(
        sorted(k for k, r in found.items() if r is not None and r.is_good_or_better)
    )
