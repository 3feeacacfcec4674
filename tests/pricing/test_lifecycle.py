"""A placement's life as a state machine: start, uplift rounds, renegotiations, end."""

from __future__ import annotations

import datetime as dt

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from slcp.domain import FeeUpliftRound, Placement
from slcp.money import Money, Rate
from slcp.periods import DateRange
from slcp.pricing import cost_for_range, fee_schedule
from tests.pricing.builders import placement, uplift_round
from tests.strategies import rates

START = dt.date(2018, 9, 1)
WINDOW = DateRange(start=dt.date(2018, 1, 1), end=dt.date(2035, 1, 1))


class PlacementLife(RuleBasedStateMachine):
    """Rounds each year, fee changes and an end; costs must stay consistent throughout."""

    def __init__(self) -> None:
        super().__init__()
        self.fees: list[tuple[str, int]] = [(START.isoformat(), 150_000)]
        self.rounds: list[FeeUpliftRound] = []
        self.next_year = 2019
        self.end: dt.date | None = None

    def _placement(self) -> Placement:
        return placement(
            start=START.isoformat(),
            end=self.end.isoformat() if self.end else None,
            fees=self.fees,
        )

    def _last_change(self) -> dt.date:
        return dt.date.fromisoformat(self.fees[-1][0])

    @precondition(lambda self: self.next_year < 2032)
    @rule(
        requested=rates(min_value="0", max_value="0.1"), cap=rates(min_value="0", max_value="0.1")
    )
    def uplift(self, requested: Rate, cap: Rate) -> None:
        self.rounds.append(
            uplift_round(
                self.next_year, requests=[("P1", str(requested.value), None)], cap=str(cap.value)
            )
        )
        self.next_year += 1

    @precondition(lambda self: self.end is None)
    @rule(after=st.integers(min_value=1, max_value=700), weekly=st.integers(0, 1_000_000))
    def renegotiate(self, after: int, weekly: int) -> None:
        day = self._last_change() + dt.timedelta(days=after)
        self.fees.append((day.isoformat(), weekly))

    @precondition(lambda self: self.end is None)
    @rule(after=st.integers(min_value=1, max_value=900))
    def end_placement(self, after: int) -> None:
        self.end = self._last_change() + dt.timedelta(days=after)

    @invariant()
    def fees_are_never_negative(self) -> None:
        schedule = fee_schedule(self._placement(), self.rounds)
        assert all(s.weekly_fee.pence >= 0 for s in schedule.segments)

    @invariant()
    def totals_equal_their_breakdowns(self) -> None:
        cost = cost_for_range(self._placement(), WINDOW, self.rounds)
        assert sum(cost.by_financial_year.values(), Money(0)) == cost.total

    @invariant()
    def ended_placements_accrue_nothing(self) -> None:
        if self.end is not None:
            after = DateRange(start=self.end, end=self.end + dt.timedelta(days=3 * 366))
            assert cost_for_range(self._placement(), after, self.rounds).exact == 0


PlacementLife.TestCase.settings = settings(max_examples=30, stateful_step_count=12, deadline=None)
TestPlacementLife = PlacementLife.TestCase
