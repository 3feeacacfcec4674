"""``pooled_budgets.csv``: read, written back, and every problem named by row and column."""

from __future__ import annotations

from slcp.finance import FundingStream, sample_pooled_budgets
from slcp.io.pools import read_pools, write_pools

HEADER = (
    "pool_id,borough_gss,workstream,financial_year,services,stream,amount_pence,source,"
    "source_date\n"
)


def test_the_samples_pools_round_trip() -> None:
    pools = sample_pooled_budgets()
    read = read_pools(write_pools(pools).encode())
    assert read.findings == ()
    assert read.records == pools


def test_a_stream_that_contributes_twice_is_a_finding_on_the_pools_first_row() -> None:
    text = HEADER + (
        "P,E09000008,send,2019/20,,education,100,,\n"
        "P,E09000008,send,2019/20,,education,200,,\n"
        "Q,E09000008,send,2019/20,send_day;send_post_16,health,300,,\n"
    )
    read = read_pools(text.encode())
    ((finding,),) = [read.findings]
    assert finding.code == "invalid-record"
    assert finding.message == "each stream contributes to a pool once"
    assert finding.location == "pooled_budgets.csv row 2 column stream"
    (q,) = read.records  # the other pool is kept
    assert q.id == "Q"
    assert [s.value for s in q.services] == ["send_day", "send_post_16"]
    assert q.contributions[0].stream is FundingStream.HEALTH


def test_a_pot_with_nothing_in_it_is_a_finding() -> None:
    read = read_pools((HEADER + "P,E09000008,send,2019/20,,education,0,,\n").encode())
    assert read.records == ()
    assert [f.message for f in read.findings] == ["a pooled budget needs a positive contribution"]
