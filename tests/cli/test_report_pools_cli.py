"""``slcp report --pools FILE``: a partnership's own pooled budgets in the finance section."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner

from slcp.cli import main
from slcp.domain import ServiceKind, Workstream
from slcp.periods import FinancialYear
from slcp.pricing import cost_portfolio
from slcp.sample import south_london

HEADER = (
    "pool_id,borough_gss,workstream,financial_year,services,stream,amount_pence,source,"
    "source_date\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_pool_from_a_file_replaces_the_samples_and_is_set_against_its_placements(
    tmp_path: Path,
) -> None:
    pools = tmp_path / "pooled_budgets.csv"
    pools.write_text(
        HEADER
        + "CROYDON-HOMES,E09000008,lac,2019/20,childrens_home,social_care,600000000,S75,\n"
        + "CROYDON-HOMES,E09000008,lac,2019/20,childrens_home,health,50000000,S75,\n",
        encoding="utf-8",
    )
    code, out, err = run("--pools", str(pools), "--format", "json")  # implies --finance
    assert code == 0, err
    (pool,) = json.loads(out)["finance"]["pools"]  # the sample's own two are not added
    assert pool["id"] == "CROYDON-HOMES"
    assert pool["amount_pence"] == 650_000_000  # £6.0m + £0.5m
    # the forecast made on 31 March is the year's cost of Croydon's children's homes; the
    # costing engine's exact cells for them, summed, must agree (the forecast rounds each of
    # its lines half up, so a few lines' half-pennies apart at most)
    year = FinancialYear(2019)
    exact = sum(
        (
            v
            for k, v in cost_portfolio(south_london(), [year]).exact_cells.items()
            if k.financial_year == year
            and k.borough == "E09000008"
            and k.workstream is Workstream.LAC
            and k.service is ServiceKind.CHILDRENS_HOME
        ),
        Fraction(0),
    )
    forecast = pool["forecast_pence"]
    assert abs(forecast - exact) < 3
    assert pool["variance_pence"] == forecast - 650_000_000
    assert pool["balance_pence"] == 650_000_000 - forecast
    # the variance is shared 12 : 1 as the contributions (£6.0m : £0.5m) by largest
    # remainder: each partner gets the floor of its exact share, and the penny left (if
    # any) goes to the larger fractional part
    shares = {p["funding"]: p["variance_share_pence"] for p in pool["partners"]}
    variance = pool["variance_pence"]
    exact_share = {"health": Fraction(variance, 13), "social_care": Fraction(variance * 12, 13)}
    floors = {k: v.numerator // v.denominator for k, v in exact_share.items()}
    left = variance - sum(floors.values())
    order = sorted(exact_share, key=lambda k: exact_share[k] - floors[k], reverse=True)
    expected = {k: floors[k] + (1 if i < left else 0) for i, k in enumerate(order)}
    assert {k: shares[k] for k in expected} == expected
    assert shares["education"] == 0  # puts nothing in, bears nothing
    assert sum(shares.values()) == variance


def test_a_bad_pools_file_names_every_problem_and_exits_2(tmp_path: Path) -> None:
    pools = tmp_path / "pooled_budgets.csv"
    pools.write_text(
        HEADER
        + "P1,E09000008,lac,2019/20,,health,-5,,\n"
        + "P2,E09000008,care,2019/20,,health,100,,\n"
        + "P3,E09000008,lac,2019/20,,health,100,,\n"
        + "P3,E09000022,lac,2019/20,,social_care,100,,\n",
        encoding="utf-8",
    )
    code, out, err = run("--pools", str(pools))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert "row 2 column amount_pence" in err  # P1's negative contribution
    assert "row 3 column workstream" in err  # P2's unknown workstream
    assert "the rows of pool P3 must name the same borough" in err  # P3 on two boroughs


def test_a_pools_file_with_no_pool_is_refused(tmp_path: Path) -> None:
    pools = tmp_path / "pooled_budgets.csv"
    pools.write_text(HEADER, encoding="utf-8")
    code, _, err = run("--pools", str(pools))
    assert code == 2
    assert "holds no pooled budget" in err
