"""Programme look-ups, membership over time and selections."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slcp.domain import Contribution, Membership, Programme, Workstream
from slcp.errors import UnknownReferenceError
from slcp.money import Money
from slcp.periods import DateRange, FinancialYear
from tests.domain.builders import BEXLEY, CROYDON, LAMBETH, clean_programme
from tests.strategies import programmes

D = dt.date
P = clean_programme()


def test_look_ups_and_unknown_references() -> None:
    assert P.borough(CROYDON).name == "Croydon"
    assert P.provider("PRV-2").name == "School Trust"
    assert P.vehicle("B").term.start == D(2019, 4, 1)
    assert P.placement("PL-3").child == "C3"
    assert P.child("C4").ref == "C4"
    assert P.has_borough(LAMBETH)
    assert not P.has_provider("PRV-9")
    assert P.has_vehicle("F")
    assert not P.has_placement("PL-9")
    for look_up in (P.borough, P.provider, P.vehicle, P.placement, P.child):
        with pytest.raises(UnknownReferenceError) as info:
            look_up("nope")
        assert info.value.value == "nope"


def test_lot_look_up() -> None:
    found = P.lot("F/2")
    assert found is not None
    assert found[0].id == "F"
    assert found[1].number == 2
    assert P.lot("F/9") is None


def test_membership_over_time() -> None:
    # Lambeth: LAC member for [2018-04-01, 2021-04-01)
    assert P.is_member(LAMBETH, Workstream.LAC, D(2018, 4, 1))
    assert P.is_member(LAMBETH, Workstream.LAC, D(2021, 3, 31))
    assert not P.is_member(LAMBETH, Workstream.LAC, D(2021, 4, 1))
    assert not P.is_member(BEXLEY, Workstream.SEND, D(2020, 1, 1))
    assert P.members_on(Workstream.LAC, D(2017, 1, 1)) == (BEXLEY, CROYDON)
    assert P.members_on(Workstream.LAC, D(2020, 1, 1)) == (BEXLEY, CROYDON, LAMBETH)
    assert P.workstreams_of(CROYDON, D(2020, 1, 1)) == (Workstream.SEND, Workstream.LAC)
    assert P.workstreams_of(BEXLEY, D(2016, 11, 30)) == ()


def test_membership_days_in_a_year() -> None:
    # Bexley joined LAC on 1 Dec 2016: 1 Dec 2016 - 31 Mar 2017 = 31+31+28+31 = 121 days
    assert P.membership_days(BEXLEY, Workstream.LAC, FinancialYear(2016)) == 121
    assert P.membership_days(BEXLEY, Workstream.LAC, FinancialYear(2019)) == 366
    assert P.membership_days(LAMBETH, Workstream.LAC, FinancialYear(2021)) == 0
    assert P.membership_days(BEXLEY, Workstream.SEND, FinancialYear(2019)) == 0
    rejoined = P.with_memberships(
        (
            *P.memberships,
            Membership(
                borough=LAMBETH,
                workstream=Workstream.LAC,
                period=DateRange(start=D(2022, 1, 1), end=D(2022, 2, 1)),
            ),
        )
    )
    assert rejoined.membership_days(LAMBETH, Workstream.LAC, FinancialYear(2021)) == 31


def test_selections() -> None:
    year = FinancialYear(2019).range
    # running on some day of 2019/20: PL-2 (from Sep 2019), PL-3, PL-4; PL-1 starts 1 Apr 2020
    assert sorted(p.id for p in P.placements_in(year)) == ["PL-2", "PL-3", "PL-4"]
    assert [a.id for a in P.agreements_for("PL-1")] == ["ICA-1"]
    assert P.agreements_for("PL-2") == ()


def test_with_changes_leave_the_original_alone() -> None:
    emptied = P.with_placements(()).with_savings(()).with_uplift_rounds(()).with_episodes(())
    assert emptied.placements == ()
    assert emptied.savings == ()
    assert emptied.uplift_rounds == ()
    assert emptied.episodes == ()
    assert len(P.placements) == 5


@given(programmes())
def test_placements_of_a_provider_are_those_naming_it_in_order(programme: Programme) -> None:
    for provider in [*programme.providers, None]:
        pid = "NO-SUCH-PROVIDER" if provider is None else provider.id
        assert programme.placements_of(pid) == tuple(
            p for p in programme.placements if p.provider == pid
        )


@given(
    st.lists(
        st.builds(
            Contribution,
            borough=st.sampled_from([BEXLEY, CROYDON]),
            workstream=st.sampled_from(list(Workstream)),
            financial_year=st.integers(min_value=2018, max_value=2020).map(FinancialYear),
            amount=st.integers(min_value=0, max_value=10**6).map(Money),
        ),
        max_size=12,
    )
)
def test_contributions_for_are_those_recorded_for_it_in_order(
    contributions: list[Contribution],
) -> None:
    programme = attrs.evolve(clean_programme(), contributions=tuple(contributions))
    for borough in (BEXLEY, CROYDON, LAMBETH):
        for w in Workstream:
            for y in (FinancialYear(2018), FinancialYear(2019), FinancialYear(2021)):
                assert programme.contributions_for(borough, w, y) == tuple(
                    c
                    for c in contributions
                    if c.borough == borough and c.workstream is w and c.financial_year == y
                )
