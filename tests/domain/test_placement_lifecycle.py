"""The placement lifecycle as a hypothesis state machine.

One child is placed, has fee changes (a new fee-history entry: a renegotiation or an uplift
agreed for the placement), moves provider (the placement ends and a new one starts the same
day) and leaves. After every step:

* no fee is negative;
* an ended placement accrues nothing on or after its end day;
* each placement's rounded total equals the sum of its per-financial-year breakdown, and each
  year's part is within 1p of that year's exact cost;
* the whole history validates cleanly (no overlaps, every reference known).

Costs use the simplest charging rule, written out here rather than imported so the test does
not depend on the pricing layer: weekly fee ÷ 7 × days, exact, rounded once per total with
``round_pence``; the breakdown allocates the rounded total over the years' exact costs.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from slcp.domain import (
    Borough,
    Child,
    ChildRef,
    EndingReason,
    FeeComponents,
    Membership,
    Placement,
    PlacementEnding,
    PlacementId,
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    Workstream,
    borough_by_name,
    validate,
)
from slcp.money import Money, allocate_pence, round_pence
from slcp.periods import DateRange, FinancialYear, split_by_financial_year
from slcp.timeline import Timeline, TimelineEntry
from tests.domain.builders import SOURCE
from tests.strategies import fee_components

CROYDON: Borough = borough_by_name("Croydon")
PROVIDERS = tuple(ProviderId(f"PRV-{i}") for i in range(3))
FIRST_DAY = dt.date(2019, 3, 1)
HORIZON_DAYS = 500  # costs are measured up to this many days after the latest event

gaps = st.integers(min_value=1, max_value=200)


def exact_cost(placement: Placement, window: DateRange) -> Fraction:
    """Weekly fee ÷ 7 × days for the days of ``window`` the placement ran, exact (pence)."""
    total = Fraction(0)
    for span, entry in placement.fees.periods():
        running = span.intersection(placement.period)
        days = running.intersection(window) if running is not None else None
        if days is not None:
            total += Fraction(entry.value.total.pence, 7) * days.days
    return total


def breakdown_by_year(placement: Placement, window: DateRange) -> dict[FinancialYear, int]:
    """The rounded total over ``window``, allocated to financial years by their exact cost."""
    exact = {fy: exact_cost(placement, part) for fy, part in split_by_financial_year(window)}
    total = round_pence(sum(exact.values(), Fraction(0)))
    if not any(exact.values()):
        return dict.fromkeys(exact, 0)
    return allocate_pence(total, exact)


class PlacementLifecycle(RuleBasedStateMachine):
    """One child's placements over time."""

    def __init__(self) -> None:
        super().__init__()
        self.today = FIRST_DAY
        self.placements: list[Placement] = []

    # -- helpers --

    @property
    def current(self) -> Placement | None:
        if self.placements and self.placements[-1].period.is_open_ended:
            return self.placements[-1]
        return None

    def _start(self, provider: ProviderId, fee: FeeComponents) -> None:
        self.placements.append(
            Placement(
                id=PlacementId(f"PL-{len(self.placements)}"),
                child=ChildRef("C1"),
                borough=CROYDON.gss_code,
                workstream=Workstream.LAC,
                provider=provider,
                service=ServiceKind.CHILDRENS_HOME,
                period=DateRange.open_from(self.today),
                fees=Timeline.constant(fee, effective=self.today, source=SOURCE),
                route=PurchaseRoute(kind=RouteKind.SPOT),
            )
        )

    def _end_current(self, reason: EndingReason) -> None:
        current = self.current
        assert current is not None
        self.placements[-1] = current.with_end(self.today, PlacementEnding(reason=reason))

    # -- rules --

    @precondition(lambda self: self.current is None)
    @rule(
        gap=st.integers(min_value=0, max_value=200),
        provider=st.sampled_from(PROVIDERS),
        fee=fee_components(),
    )
    def start(self, gap: int, provider: ProviderId, fee: FeeComponents) -> None:
        self.today += dt.timedelta(days=gap)
        self._start(provider, fee)

    @precondition(lambda self: self.current is not None)
    @rule(gap=gaps, fee=fee_components())
    def change_fee(self, gap: int, fee: FeeComponents) -> None:
        current = self.current
        assert current is not None
        self.today += dt.timedelta(days=gap)
        entry = TimelineEntry(effective=self.today, value=fee, source=SOURCE)
        self.placements[-1] = current.with_fees(current.fees.with_entry(entry))

    @precondition(lambda self: self.current is not None)
    @rule(gap=gaps, provider=st.sampled_from(PROVIDERS), fee=fee_components())
    def move(self, gap: int, provider: ProviderId, fee: FeeComponents) -> None:
        self.today += dt.timedelta(days=gap)
        self._end_current(EndingReason.PLANNED_MOVE)
        self._start(provider, fee)

    @precondition(lambda self: self.current is not None)
    @rule(gap=gaps, reason=st.sampled_from(EndingReason))
    def end(self, gap: int, reason: EndingReason) -> None:
        self.today += dt.timedelta(days=gap)
        self._end_current(reason)

    # -- invariants --

    @property
    def window(self) -> DateRange:
        return DateRange(start=FIRST_DAY, end=self.today + dt.timedelta(days=HORIZON_DAYS))

    @invariant()
    def no_negative_fees(self) -> None:
        for p in self.placements:
            for entry in p.fees.entries:
                assert all(part.pence >= 0 for part in entry.value.as_dict().values())
                assert entry.value.total >= Money(0)

    @invariant()
    def ended_placements_accrue_nothing_after_their_end(self) -> None:
        for p in self.placements:
            if p.period.end is not None:
                after = DateRange(start=p.period.end, end=self.window.end)
                assert exact_cost(p, after) == 0
                assert not p.is_active_on(p.period.end)
                assert p.is_active_on(p.period.end - dt.timedelta(days=1))
                # and everything before the end is charged. Worked from the raw fee entries,
                # not Timeline.periods(): each fee runs from its effective day (or the start)
                # to the next entry's effective day (or the end), at weekly fee ÷ 7 a day.
                entries = p.fees.entries
                whole = Fraction(0)
                for i, entry in enumerate(entries):
                    begin = max(entry.effective, p.period.start)
                    stop = entries[i + 1].effective if i + 1 < len(entries) else p.period.end
                    stop = min(stop, p.period.end)
                    if stop > begin:
                        whole += Fraction(entry.value.total.pence * (stop - begin).days, 7)
                assert exact_cost(p, self.window) == whole

    @invariant()
    def totals_equal_the_sum_of_their_yearly_breakdowns(self) -> None:
        for p in self.placements:
            total = round_pence(exact_cost(p, self.window))
            parts = breakdown_by_year(p, self.window)
            assert sum(parts.values()) == total
            whole = exact_cost(p, self.window)
            for fy, pence in parts.items():
                part_range = fy.range.intersection(self.window)
                assert part_range is not None
                # Each year gets its exact share of the *rounded* total, to within 1p. Its
                # share, not its exact cost: rounding the total moves every share a little
                # (weights 26958034/7, 75610286 and 45512647/7 make a total of 85963240.43p,
                # rounded to 85963240p, whose middle share is 75610285.62p -> 75610285p,
                # a whole penny under that year's exact 75610286p).
                share = total * exact_cost(p, part_range) / whole if whole else 0
                assert abs(pence - share) < 1

    @invariant()
    def the_history_validates_cleanly(self) -> None:
        programme = Programme(
            name="Lifecycle",
            host=CROYDON.gss_code,
            boroughs=(CROYDON,),
            memberships=(
                Membership(
                    borough=CROYDON.gss_code,
                    workstream=Workstream.LAC,
                    period=DateRange.open_from(dt.date(2014, 4, 1)),
                ),
            ),
            providers=tuple(Provider(id=pid, name=pid) for pid in PROVIDERS),
            children=(Child(ref=ChildRef("C1")),),
            placements=tuple(self.placements),
        )
        assert validate(programme) == ()
        for before, after in zip(self.placements, self.placements[1:], strict=False):
            assert before.period.end is not None
            assert before.period.end <= after.period.start


PlacementLifecycle.TestCase.settings = settings(max_examples=30, stateful_step_count=15)
TestPlacementLifecycle = PlacementLifecycle.TestCase


def test_breakdown_hand_worked() -> None:
    # £700 a week from 25 Mar 2020 to 5 Apr 2020 (exclusive): 7 days in 2019/20, 4 in 2020/21
    # at £100 a day -> £700.00 and £400.00, total £1,100.00
    p = Placement(
        id=PlacementId("P"),
        child=ChildRef("C1"),
        borough=CROYDON.gss_code,
        workstream=Workstream.LAC,
        provider=PROVIDERS[0],
        service=ServiceKind.CHILDRENS_HOME,
        period=DateRange(start=dt.date(2020, 3, 25), end=dt.date(2020, 4, 5)),
        fees=Timeline.constant(
            FeeComponents(core=Money(70_000)), effective=dt.date(2020, 3, 25), source=SOURCE
        ),
        route=PurchaseRoute(kind=RouteKind.SPOT),
    )
    window = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert breakdown_by_year(p, window) == {
        FinancialYear(2019): 70_000,
        FinancialYear(2020): 40_000,
    }
    # £0.01 a week for 3 days in each of two years ([29 Mar, 4 Apr 2020)): 3/7p in each,
    # 6/7p in all -> rounded total 1p, which goes to the earlier year (equal remainders,
    # ties broken by the smaller key)
    r = Placement(
        id=PlacementId("R"),
        child=ChildRef("C1"),
        borough=CROYDON.gss_code,
        workstream=Workstream.LAC,
        provider=PROVIDERS[0],
        service=ServiceKind.CHILDRENS_HOME,
        period=DateRange(start=dt.date(2020, 3, 29), end=dt.date(2020, 4, 4)),
        fees=Timeline.constant(
            FeeComponents(core=Money(1)), effective=dt.date(2020, 3, 29), source=SOURCE
        ),
        route=PurchaseRoute(kind=RouteKind.SPOT),
    )
    assert breakdown_by_year(r, r.period) == {FinancialYear(2019): 1, FinancialYear(2020): 0}
