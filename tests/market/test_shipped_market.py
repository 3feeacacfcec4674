"""The sample's market book as shipped equals the book :func:`sample_market` builds afresh."""

from __future__ import annotations

from slcp.market import SAMPLE_REFERRALS, sample_market, sample_market_of, south_london_market
from slcp.sample import south_london


def test_the_shipped_book_equals_the_book_built_afresh() -> None:
    # if this fails, run: python -m slcp.market._regenerate
    shipped = south_london_market()
    assert shipped == sample_market(south_london())
    assert len(shipped.referrals) == SAMPLE_REFERRALS


def test_the_shipped_book_is_used_only_for_the_sample_itself() -> None:
    sample = south_london()
    assert sample_market_of(sample) is south_london_market()
    # any other programme, even one equal to the sample's but for its placements, gets a book
    # built from it: its referrals are matched to its own (here: no) placements' providers
    other = sample.with_placements(sample.placements[:100])
    book = sample_market_of(other)
    assert book is not south_london_market()
    assert book == sample_market(other)
