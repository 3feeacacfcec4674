"""Properties of attribution and contributions on random valid programmes.

Every borough in ``tests.strategies.programmes`` is a member of both workstreams from a date in
2014–2017 onward (open-ended), with placements from 2018; savings are drawn for 2016/17–2023/24
so some years have members but no placements (the default then shares by membership days).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import Programme, SavingId, SavingRecord, SavingSource, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.savings import AttributionMethod, SavingsLedger, attribute_savings, owe_contribution
from tests.strategies import TEST_SOURCE, programmes


def _has_members(programme: Programme, workstream: Workstream, year: FinancialYear) -> bool:
    return any(
        programme.membership_days(m.borough, workstream, year) > 0 for m in programme.memberships
    )


@st.composite
def ledgers(draw: st.DrawFn, programme: Programme) -> SavingsLedger:
    members = sorted({m.borough for m in programme.memberships})
    size = draw(st.integers(min_value=1, max_value=6))
    records = []
    for i in range(size):
        records.append(
            SavingRecord(
                id=SavingId(f"S{i}"),
                source=draw(st.sampled_from(SavingSource)),
                financial_year=FinancialYear(draw(st.integers(min_value=2016, max_value=2023))),
                workstream=draw(st.sampled_from(Workstream)),
                amount=Money(draw(st.integers(min_value=-(10**8), max_value=10**8))),
                evidence=TEST_SOURCE,
                borough=draw(st.sampled_from([None, *members])),
            )
        )
    return SavingsLedger(records=tuple(records))


@settings(max_examples=25)
@given(data=st.data(), programme=programmes(max_children=3))
def test_default_and_equal_shares_conserve_every_penny(
    data: st.DataObject, programme: Programme
) -> None:
    ledger = data.draw(ledgers(programme))
    method = data.draw(st.sampled_from([AttributionMethod.DEFAULT, AttributionMethod.EQUAL_SHARES]))
    shared = [
        r for r in ledger.records if r.borough is None or method is not AttributionMethod.DEFAULT
    ]
    if any(not _has_members(programme, r.workstream, r.financial_year) for r in shared):
        # a saving to share in a year with no members cannot be attributed: said, not dropped
        with pytest.raises(InvalidValueError, match="no borough was a member"):
            attribute_savings(programme, ledger, method)
        return
    result = attribute_savings(programme, ledger, method)
    assert sum(m.pence for m in result.by_borough.values()) == ledger.total.pence
    for ra in result.records:
        r = ra.record
        assert sum(p.pence for p in ra.attribution.parts.values()) == r.amount.pence
        if r.borough is not None and method is AttributionMethod.DEFAULT:
            assert set(ra.attribution.parts) == {r.borough}
        else:
            # only boroughs that were members on some day of the record's year share it
            for gss in ra.attribution.parts:
                assert programme.membership_days(gss, r.workstream, r.financial_year) > 0


@settings(max_examples=30)
@given(
    programme=programmes(max_children=0),
    year=st.integers(min_value=2013, max_value=2018),
    full=st.integers(min_value=0, max_value=10**7),
)
def test_contribution_owed_is_the_full_year_scaled_by_membership(
    programme: Programme, year: int, full: int
) -> None:
    from slcp.domain import Contribution

    fy = FinancialYear(year)
    contributions = tuple(
        Contribution(
            borough=m.borough, workstream=m.workstream, financial_year=fy, amount=Money(full)
        )
        for m in programme.memberships
    )
    programme = Programme(
        name=programme.name,
        host=programme.host,
        boroughs=programme.boroughs,
        memberships=programme.memberships,
        contributions=contributions,
    )
    for m in programme.memberships:
        owed = owe_contribution(programme, m.borough, m.workstream, fy)
        days = programme.membership_days(m.borough, m.workstream, fy)
        # within half a penny of full × days ÷ year days, never above the full year
        assert abs(owed.amount.pence * fy.days - full * days) * 2 <= fy.days
        assert 0 <= owed.amount.pence <= full
        if days == fy.days:
            assert owed.amount.pence == full


@settings(max_examples=25)
@given(data=st.data(), programme=programmes(max_children=0))
def test_returns_and_paybacks_are_the_same_with_owed_amounts_kept(
    data: st.DataObject, programme: Programme
) -> None:
    # a report keeps each contribution owed in one dict shared by every return and payback it
    # measures: any order of questions gives what each gives on its own, and the dict holds
    # owe_contribution's amounts
    from slcp.domain import Contribution
    from slcp.savings import OwedAmounts, measure_payback, measure_return

    years = [FinancialYear(y) for y in range(2013, 2019)]
    contributions = tuple(
        Contribution(
            borough=m.borough,
            workstream=m.workstream,
            financial_year=fy,
            amount=Money(data.draw(st.integers(min_value=0, max_value=10**7))),
        )
        for m in programme.memberships
        for fy in data.draw(st.lists(st.sampled_from(years), unique=True, max_size=3))
    )
    programme = Programme(
        name=programme.name,
        host=programme.host,
        boroughs=programme.boroughs,
        memberships=programme.memberships,
        contributions=contributions,
    )
    attribution = attribute_savings(programme, SavingsLedger(records=()), AttributionMethod.DEFAULT)
    boroughs = sorted({m.borough for m in programme.memberships})
    owed: OwedAmounts = {}
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        gss = data.draw(st.sampled_from(boroughs))
        span = years[data.draw(st.integers(0, 5)) :][: data.draw(st.integers(1, 6))]
        ws = data.draw(st.sampled_from([None, *Workstream]))
        kept = measure_return(programme, attribution, gss, years=span, workstream=ws, owed=owed)
        assert kept == measure_return(programme, attribution, gss, years=span, workstream=ws)
        payback = measure_payback(programme, attribution, gss, years=span, owed=owed)
        assert payback == measure_payback(programme, attribution, gss, years=span)
    for (gss, ws, fy), amount in owed.items():
        assert amount == owe_contribution(programme, gss, ws, fy).amount
