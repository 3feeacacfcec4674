"""The report's stability block (``slcp.report.stability.build_stability``).

Input: the hand-built tables read as Croydon's return; figures worked by hand in
``tests/io/test_ssda903_stability_rules.py`` (4/20, 1/11, 5/7 for the year ending 31 March
2018, i.e. financial year 2017/18).
"""

from __future__ import annotations

from pathlib import Path

from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode, Programme
from slcp.io.ssda903 import load_ssda903
from slcp.periods import FinancialYear
from slcp.report import ReportOptions
from slcp.report.stability import build_stability

DATA = Path(__file__).parent.parent / "data" / "ssda903"
CROYDON = GssCode("E09000008")


def programme(*, with_children: bool) -> Programme:
    loaded = load_ssda903(
        DATA / "episodes_rules.csv",
        DATA / "header_rules.csv",
        collection_year=FinancialYear(2017),
        borough=CROYDON,
    )
    return Programme(
        name="South London Commissioning Programme",
        host=CROYDON,
        boroughs=SOUTH_LONDON_BOROUGHS,
        episodes=loaded.episodes,
        children=(loaded.children or ()) if with_children else (),
    )


def test_programme_and_borough_figures() -> None:
    data = build_stability(
        programme(with_children=True), ReportOptions(financial_year=FinancialYear(2017))
    )
    assert isinstance(data, dict)
    assert data["year_ending"] == "2018-03-31"
    whole = data["programme"]
    assert isinstance(whole, dict)
    expected = {
        "short_term": (4, 20, "20.0"),
        "two_year": (1, 11, "9.1"),
        "long_term": (5, 7, "71.4"),
    }
    for key, (num, den, pct) in expected.items():
        m = whole[key]
        assert isinstance(m, dict)
        assert (m["numerator"], m["denominator"], m["percent"]) == (num, den, pct)
    boroughs = data["boroughs"]
    assert isinstance(boroughs, list)
    assert len(boroughs) == 1
    croydon = boroughs[0]
    assert isinstance(croydon, dict)
    assert (croydon["borough"], croydon["name"]) == ("E09000008", "Croydon")
    assert croydon["short_term"] == whole["short_term"]


def test_without_months_of_birth_long_term_is_unavailable() -> None:
    data = build_stability(
        programme(with_children=False), ReportOptions(financial_year=FinancialYear(2017))
    )
    assert isinstance(data, dict)
    whole = data["programme"]
    assert isinstance(whole, dict)
    long_term = whole["long_term"]
    assert isinstance(long_term, dict)
    assert long_term["available"] is False
    assert long_term["denominator"] is None


def test_a_programme_without_episodes_has_empty_cohorts() -> None:
    empty = Programme(name="P", host=CROYDON, boroughs=SOUTH_LONDON_BOROUGHS)
    data = build_stability(empty, ReportOptions(financial_year=FinancialYear(2019)))
    assert isinstance(data, dict)
    assert data["year_ending"] == "2020-03-31"
    whole = data["programme"]
    assert isinstance(whole, dict)
    short = whole["short_term"]
    assert isinstance(short, dict)
    assert (short["numerator"], short["denominator"], short["percent"]) == (0, 0, None)
    assert data["boroughs"] == []
