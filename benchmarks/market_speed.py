"""Time the market layer on the embedded sample.

Prints CPU seconds (median of ``--runs`` runs, default 3) of:

* ``sample_market``: the sample's market book (groups, vacancies, 36 referrals matched,
  offers and awards);
* ``match_referral`` for one referral against every provider (304) and vacancy (152);
* ``describe_market`` for 2019/20 (the report's market section), given the costed portfolio;
* ``build_report`` on the sample, with and without the market section (``market=`` an empty
  book still has demand, concentration and prices; the difference is the sample's book).

Run: ``python benchmarks/market_speed.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable


def cpu(run: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of ``runs`` calls of ``run``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    from slcp.market import MarketBook, describe_market, match_referral, sample_market
    from slcp.periods import FinancialYear
    from slcp.pricing import cost_portfolio
    from slcp.report import ReportOptions, build_report
    from slcp.sample import south_london

    programme = south_london()
    year = FinancialYear(2019)
    book = sample_market(programme)
    cost = cost_portfolio(programme, [year])
    referral = book.referrals[1]
    print(f"sample: {len(programme.providers)} providers, {len(book.vacancies)} vacancies")
    print(f"sample_market          {cpu(lambda: sample_market(programme), runs):.3f} s")
    one = cpu(lambda: match_referral(programme, book, referral), runs)
    print(f"match_referral (one)   {one:.4f} s")
    market = cpu(lambda: describe_market(programme, book, year=year, cost=cost), runs)
    print(f"describe_market        {market:.3f} s")
    with_book = cpu(
        lambda: build_report(programme, ReportOptions(financial_year=year, synthetic=True)), runs
    )
    empty = cpu(
        lambda: build_report(
            programme, ReportOptions(financial_year=year, synthetic=True, market=MarketBook())
        ),
        runs,
    )
    print(f"build_report (sample's book)  {with_book:.3f} s")
    print(f"build_report (empty book)     {empty:.3f} s")


if __name__ == "__main__":
    main()
