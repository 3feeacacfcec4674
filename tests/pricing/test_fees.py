"""Fee uplift rounds: the rate each provider gets and the fee in force, step by step."""

from __future__ import annotations

import datetime as dt

import pytest

from slcp.domain import ProviderId, ServiceKind, UpliftTiming
from slcp.errors import ParameterNotFoundError
from slcp.money import Money, Rate
from slcp.pricing import RateRule, apply_uplift, decide_rate, fee_on, fee_schedule, uplift_date
from slcp.pricing._fees import build_schedule
from tests.pricing.builders import d, placement, uplift_round


class TestDecideRate:
    def test_cap_below_request(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.03", None)], cap="0.01")
        decision = decide_rate(r, ProviderId("P1"), ServiceKind.SEND_DAY)
        assert (decision.requested, decision.agreed) == (Rate.of("0.03"), Rate.of("0.01"))
        assert decision.rule is RateRule.DEFAULT_CAP

    def test_request_below_cap_is_agreed_as_asked(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.005", None)], cap="0.01")
        assert decide_rate(r, ProviderId("P1"), ServiceKind.SEND_DAY).agreed == Rate.of("0.005")

    def test_band_for_the_tier_wins_over_the_default_cap(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.04", None)], cap="0.01", bands=[("A", "0.02")])
        decision = decide_rate(r, ProviderId("P1"), ServiceKind.SEND_DAY, tier="A")
        assert (decision.agreed, decision.rule) == (Rate.of("0.02"), RateRule.BAND_CAP)

    def test_exception_may_exceed_the_cap(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.04", "0.025")], cap="0.01")
        decision = decide_rate(r, ProviderId("P1"), ServiceKind.SEND_DAY)
        assert (decision.agreed, decision.rule) == (Rate.of("0.025"), RateRule.EXCEPTION)

    def test_no_cap_means_the_request_is_agreed(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.04", None)], cap=None)
        decision = decide_rate(r, ProviderId("P1"), ServiceKind.SEND_DAY)
        assert (decision.agreed, decision.rule) == (Rate.of("0.04"), RateRule.AS_REQUESTED)

    def test_no_request_means_no_increase(self) -> None:
        r = uplift_round(2019, requests=[("P1", "0.04", None)])
        decision = decide_rate(r, ProviderId("P2"), ServiceKind.SEND_DAY)
        assert (decision.agreed, decision.rule) == (Rate.zero(), RateRule.NO_REQUEST)


class TestFeeOn:
    def test_step_by_step_rounding_differs_from_compounding_once(self) -> None:
        # 100p × 1.015 = 101.5p -> 102p (half up); 102p × 1.015 = 103.53p -> 104p.
        # Compounding once would give 100 × 1.015² = 103.0225p -> 103p: invoices round each
        # year, so 104p is right.
        p = placement(start="2018-09-01", weekly_pence=100)
        rounds = [
            uplift_round(2019, requests=[("P1", "0.015", None)], cap=None),
            uplift_round(2020, requests=[("P1", "0.015", None)], cap=None),
        ]
        assert fee_on(p, d("2019-03-31"), rounds).weekly_fee == Money(100)
        assert fee_on(p, d("2019-04-01"), rounds).weekly_fee == Money(102)
        assert fee_on(p, d("2020-03-31"), rounds).weekly_fee == Money(102)
        assert fee_on(p, d("2020-04-01"), rounds).weekly_fee == Money(104)

    def test_renegotiation_replaces_the_uplifted_fee(self) -> None:
        # £1,000 from Sept 2018; 2019 round 1% -> £1,010 from 1 April 2019; renegotiated to
        # £1,200 from 1 June 2019 (the 2019 round is not re-applied: it came before);
        # 2020 round 1% on £1,200 -> £1,212 from 1 April 2020
        p = placement(start="2018-09-01", fees=[("2018-09-01", 100_000), ("2019-06-01", 120_000)])
        rounds = [uplift_round(2019), uplift_round(2020)]
        assert fee_on(p, d("2019-05-31"), rounds).weekly_fee == Money(101_000)
        segment = fee_on(p, d("2019-06-01"), rounds)
        assert (segment.weekly_fee, segment.contractual, segment.steps) == (
            Money(120_000),
            Money(120_000),
            (),
        )
        assert fee_on(p, d("2020-04-01"), rounds).weekly_fee == Money(121_200)

    def test_fee_set_on_1_april_is_not_uplifted_that_day(self) -> None:
        p = placement(start="2019-04-01", weekly_pence=100_000)
        assert uplift_date(p, uplift_round(2019)) is None
        assert fee_on(p, d("2019-04-01"), [uplift_round(2019)]).weekly_fee == Money(100_000)

    def test_anniversary_timing(self) -> None:
        # started 15 June 2018: the 2019/20 round applies on 15 June 2019
        p = placement(start="2018-06-15", weekly_pence=100_000)
        r = uplift_round(2019, timing=UpliftTiming.PLACEMENT_ANNIVERSARY)
        assert uplift_date(p, r) == d("2019-06-15")
        assert fee_on(p, d("2019-06-14"), [r]).weekly_fee == Money(100_000)
        assert fee_on(p, d("2019-06-15"), [r]).weekly_fee == Money(101_000)

    def test_29_february_start_anniversary_is_28_february(self) -> None:
        p = placement(start="2016-02-29", weekly_pence=100_000)
        r = uplift_round(2016, timing=UpliftTiming.PLACEMENT_ANNIVERSARY)
        assert uplift_date(p, r) == dt.date(2017, 2, 28)

    def test_other_workstream_rounds_are_ignored(self) -> None:
        from slcp.domain import Workstream

        p = placement(start="2018-09-01", weekly_pence=100_000)
        r = uplift_round(2019, workstream=Workstream.LAC)
        assert fee_on(p, d("2019-04-02"), [r]).weekly_fee == Money(100_000)

    def test_zero_uplift_is_the_identity(self) -> None:
        assert apply_uplift(Money(123_457), Rate.zero()) == Money(123_457)

    def test_schedule_tiles_the_placement(self) -> None:
        p = placement(start="2018-09-01", end="2020-09-01", weekly_pence=100_000)
        schedule = fee_schedule(p, [uplift_round(2019), uplift_round(2020)])
        periods = [(s.period.start, s.period.end) for s in schedule.segments]
        assert periods == [
            (d("2018-09-01"), d("2019-04-01")),
            (d("2019-04-01"), d("2020-04-01")),
            (d("2020-04-01"), d("2020-09-01")),
        ]

    def test_day_outside_the_placement(self) -> None:
        p = placement(start="2019-04-01", end="2019-05-01")
        with pytest.raises(ParameterNotFoundError):
            fee_on(p, d("2019-05-01"))


class TestSchedulesAreRebuiltWhenTheirInputsChange:
    """Schedules are kept by the identity of the placement and rounds they were built from;
    any other placement or round, equal or not, gets its own."""

    def test_a_changed_placement_gets_its_own_schedule(self) -> None:
        rounds = (uplift_round(2019, cap=None),)  # P1 asks 3%: £1,000 -> £1,030 on 1 April
        p = placement(start="2018-09-01", weekly_pence=100_000)
        assert fee_on(p, d("2019-04-01"), rounds).weekly_fee == Money(103_000)
        dearer = p.with_fees(placement(start="2018-09-01", weekly_pence=200_000).fees)
        assert fee_on(dearer, d("2019-04-01"), rounds).weekly_fee == Money(206_000)
        assert fee_on(p, d("2019-04-01"), rounds).weekly_fee == Money(103_000)

    def test_a_list_of_rounds_changed_in_place_is_read_again(self) -> None:
        p = placement(start="2018-09-01", weekly_pence=100_000)
        rounds = [uplift_round(2019, cap=None)]
        assert fee_on(p, d("2020-04-01"), rounds).weekly_fee == Money(103_000)
        rounds.append(uplift_round(2020, cap=None))  # £1,030 × 1.03 = £1,060.90
        assert fee_on(p, d("2020-04-01"), rounds).weekly_fee == Money(106_090)
        rounds[0] = uplift_round(2019, cap="0.01")  # the same id, capped: £1,010 then £1,040.30
        assert fee_on(p, d("2020-04-01"), rounds).weekly_fee == Money(104_030)

    def test_two_rounds_sharing_an_id_each_decide_their_own_rate(self) -> None:
        p = placement(start="2018-09-01", weekly_pence=100_000)
        capped = uplift_round(2019, cap="0.01", rid="R")
        free = uplift_round(2020, cap=None, rid="R")
        # £1,000 × 1.01 = £1,010 in 2019/20, then × 1.03 = £1,040.30 in 2020/21, also when
        # a portfolio shares its decisions across placements
        schedule = build_schedule(p, (capped, free), decisions={})
        assert schedule.segment_on(d("2020-04-01")).weekly_fee == Money(104_030)
