"""Portfolio costing and spend by borough: hand-worked examples."""

from __future__ import annotations

import pytest

from slcp.domain import LotId, ProviderId, Workstream
from slcp.errors import InvalidValueError
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import cost_portfolio, spend_by_borough
from tests.pricing.builders import CROYDON, MERTON, SUTTON, placement, programme, uplift_round

FY19 = FinancialYear(2019)


def test_borough_spend_adds_up_to_the_rounded_programme_total() -> None:
    # three placements at 100p a week for 1 day each: 100/7 = 14.2857p each; total 300/7 =
    # 42.857p -> 43p; floors 14 + 14 + 14 = 42, the extra penny goes to the first key in
    # order (equal remainders): Croydon E09000008 < Merton E09000024 < Sutton E09000029
    ps = [
        placement("A", start="2019-05-01", end="2019-05-02", weekly_pence=100, borough=CROYDON),
        placement("B", start="2019-05-01", end="2019-05-02", weekly_pence=100, borough=SUTTON),
        placement("C", start="2019-05-01", end="2019-05-02", weekly_pence=100, borough=MERTON),
    ]
    spend = spend_by_borough(programme(ps), FY19)
    assert spend == {CROYDON: Money(15), MERTON: Money(14), SUTTON: Money(14)}


def test_spend_includes_uplift_rounds() -> None:
    # £1,000 a week from Sept 2018, 1% agreed from 1 April 2019: 101,000 × 366 ÷ 7 =
    # 5,280,857.14p -> 5,280,857p (contractual only: 5,228,571p)
    p = placement("A", start="2018-09-01", weekly_pence=100_000)
    prog = programme([p], [uplift_round(2019)])
    assert spend_by_borough(prog, FY19) == {CROYDON: Money(5_280_857)}
    contractual = cost_portfolio(prog, [FY19], rounds=())
    assert contractual.total(FY19) == Money(5_228_571)


def test_cells_by_workstream_lot_and_provider() -> None:
    # A: LAC lot 1, £700 a week all year (366 days): 70,000 × 366 ÷ 7 = 3,660,000p
    # B: SEND spot, £1,400 a week for 10 days: 200,000p
    a = placement(
        "A", start="2019-04-01", weekly_pence=70_000, workstream=Workstream.LAC, lot="FW/1"
    )
    b = placement("B", start="2019-04-01", end="2019-04-11", weekly_pence=140_000, provider="P2")
    cost = cost_portfolio(programme([a, b]), [FY19, FinancialYear(2020)])
    assert cost.total(FY19) == Money(3_860_000)
    assert cost.total_by(lambda k: k.workstream.value, year=FY19) == {
        "lac": Money(3_660_000),
        "send": Money(200_000),
    }
    assert cost.total_by(lambda k: k.lot, year=FY19) == {
        LotId("FW/1"): Money(3_660_000),
        None: Money(200_000),
    }
    assert cost.total_by(lambda k: k.provider, year=FY19)[ProviderId("P2")] == Money(200_000)
    # 2020/21 (365 days): only A, 70,000 × 365 ÷ 7 = 3,650,000p
    assert cost.total(FinancialYear(2020)) == Money(3_650_000)
    # one year's cells in cell order: both in Croydon, then by workstream, "lac" < "send"
    assert [(k.workstream, m) for k, m in cost.cells_in(FY19)] == [
        (Workstream.LAC, Money(3_660_000)),
        (Workstream.SEND, Money(200_000)),
    ]
    assert [m for _, m in cost.cells_in(FinancialYear(2020))] == [Money(3_650_000)]
    assert cost.cells_in(FinancialYear(2021)) == ()


def test_no_years_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="no financial years"):
        cost_portfolio(programme([]), [])
