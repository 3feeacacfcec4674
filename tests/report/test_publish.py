"""Publishing the report: disclosure control over every count of children per borough or
small group (decision 0405)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.domain import ChildRef, GssCode
from slcp.money import Money
from slcp.outcomes import (
    PUBLICATION_POLICY,
    SUPPRESSED,
    TOTAL,
    DisclosedTable,
    DisclosurePolicy,
    PublishedCount,
)
from slcp.outcomes.stability import (
    ChildCount,
    StabilityMeasure,
    StabilityMeasureKind,
    StabilityResult,
)
from slcp.periods import FinancialYear
from slcp.render import render_html, render_json, render_text, write_csv, write_xlsx
from slcp.report import (
    BoroughOverview,
    BoroughStability,
    IcaProgress,
    Overview,
    Provenance,
    Report,
    ReportOptions,
    Scorecards,
    Stability,
    build_report,
    publish,
    report_data,
    report_tables,
)
from slcp.sample import south_london
from slcp.savings import AttributionMethod

C = SUPPRESSED
FY = FinancialYear(2019)
YEAR_END = dt.date(2020, 3, 31)
A, B = GssCode("E09000004"), GssCode("E09000029")


# -- hand-made reports at the threshold ------------------------------------------------------


def _measure(
    kind: StabilityMeasureKind, gss: str | None, numerator: int, denominator: int
) -> StabilityMeasure:
    children = tuple(
        ChildCount(
            child=ChildRef(f"{gss}-{i:03}"),
            borough=None if gss is None else GssCode(gss),
            in_numerator=i < numerator,
        )
        for i in range(denominator)
    )
    return StabilityMeasure(
        kind=kind, year_ending=YEAR_END, window=FY.range, rule="test", children=children
    )


def _result(gss: str | None, numerator: int, denominator: int) -> StabilityResult:
    # every measure the same counts: only the short-term one is looked at below
    return StabilityResult(
        borough=None if gss is None else GssCode(gss),
        year_ending=YEAR_END,
        short_term=_measure(StabilityMeasureKind.SHORT_TERM, gss, numerator, denominator),
        two_year=_measure(StabilityMeasureKind.TWO_YEAR, gss, numerator, denominator),
        long_term=_measure(StabilityMeasureKind.LONG_TERM, gss, numerator, denominator),
        naive_episodes=_measure(StabilityMeasureKind.NAIVE_EPISODES, gss, numerator, denominator),
    )


def _report(
    placements: tuple[int, int], stability: tuple[tuple[int, int], tuple[int, int]] | None = None
) -> Report:
    """A report on two boroughs with the given placements and (numerator, denominator) each."""
    boroughs = tuple(
        BoroughOverview(
            name=name, gss_code=gss, dfe_code=dfe, workstreams=(), placements=n, spend=Money(0)
        )
        for (name, gss, dfe), n in zip(
            (("Bexley", A, "303"), ("Sutton", B, "319")), placements, strict=True
        )
    )
    st = None
    if stability is not None:
        (na, da), (nb, db) = stability
        st = Stability(
            year_ending=YEAR_END,
            programme=_result(None, na + nb, da + db),
            boroughs=(
                BoroughStability(gss_code=A, name="Bexley", result=_result(A, na, da)),
                BoroughStability(gss_code=B, name="Sutton", result=_result(B, nb, db)),
            ),
        )
    return Report(
        provenance=Provenance(
            slcp_version="test",
            input_name="programme passed in code",
            financial_year=FY,
            as_of=YEAR_END,
            attribution=AttributionMethod.DEFAULT,
        ),
        overview=Overview(
            programme="Two boroughs",
            host=A,
            host_name="Bexley",
            financial_year=FY,
            boroughs=boroughs,
            total_spend=Money(0),
        ),
        scorecards=None
        if st is None
        else Scorecards(
            framework="none",
            as_of=YEAR_END,
            kpis=(),
            providers=(),
            partnership_medians=(),
            lot_medians=(),
        ),
        icas=None if st is None else IcaProgress(agreements=0, outcomes=(), reviews=()),
        stability=st,
    )


def test_a_count_of_five_is_published() -> None:
    d = publish(_report((5, 30))).disclosure
    assert d is not None
    assert d.table("placements") is not None
    assert [d.count("placements", g, "placements") for g in (A, B, TOTAL)] == [5, 30, 35]


def test_a_count_of_four_is_hidden_and_so_is_the_one_that_would_give_it_back() -> None:
    # grid [[4, 4], [30, 30], [34, 34]] (one column and its row totals): 4 is small, so both
    # its cell and its row total are hidden; the total 34 is published, so 30 must go too
    # (34 - 30 = 4); the rectangle through both rows lets Bexley be 1..33.
    published = publish(_report((4, 30)))
    d = published.disclosure
    assert d is not None
    assert [d.count("placements", g, "placements") for g in (A, B, TOTAL)] == [C, C, 34]
    data = report_data(published)
    assert [b["placements"] for b in data["boroughs"]] == [C, C]
    text = render_text(published)
    assert re.search(r"^Bexley +c ", text, re.M)
    assert re.search(r"^Total +34 ", text, re.M)


def test_a_numerator_of_five_is_published_with_its_percentage() -> None:
    published = publish(_report((40, 50), ((5, 40), (12, 50))))
    rows = {
        (r["gss_code"], r["measure"]): (r["numerator"], r["denominator"], r["percent"])
        for r in report_tables(published)["stability"].records()
    }
    # 5/40 = 12.5%; 12/50 = 24.0%; 17/90 = 18.88.. -> 18.9% (half up, one place)
    assert rows[(A, "short_term")] == (5, 40, Decimal("12.5"))
    assert rows[(B, "short_term")] == (12, 50, Decimal("24.0"))
    assert rows[(None, "short_term")] == (17, 90, Decimal("18.9"))
    bexley = report_data(published)["outcomes"]["stability"]["boroughs"][0]
    assert bexley["short_term"] == {
        "available": True,
        "numerator": 5,
        "denominator": 40,
        "percent": "12.5",
        "percent_exact": "25/2",
    }


def test_a_numerator_of_four_is_hidden_with_its_percentage_and_its_neighbour() -> None:
    # grid [[4, 36, 40], [12, 38, 50], [16, 74, 90]]: 4 is small; the cheapest rectangle with
    # no total is Bexley, Sutton x in, not in (4 + 36 and 12 + 38 keep their row totals);
    # Bexley's numerator can then be 1..15 (Sutton's 12 falls to 1, or Sutton's 38 does).
    published = publish(_report((40, 50), ((4, 40), (12, 50))))
    rows = {
        (r["gss_code"], r["measure"]): (
            r["numerator"],
            r["denominator"],
            r["percent"],
            r["percent_exact"],
        )
        for r in report_tables(published)["stability"].records()
    }
    assert rows[(A, "short_term")] == (C, 40, C, C)
    assert rows[(B, "short_term")] == (C, 50, C, C)
    # the programme: 16 of 90 = 17.77.. -> 17.8%, exactly 160/9
    assert rows[(None, "short_term")][:2] == (16, 90)
    assert rows[(None, "short_term")][3] == "160/9"
    text = render_text(published, full=True)
    assert "3+ placements in the year: c of 40 = c (10%)" in text
    assert "3+ placements in the year: c of 50 = c (10%)" in text
    assert "3+ placements in the year: 16 of 90 = 17.8% (10%)" in text


def test_an_internal_report_is_unchanged_and_a_published_one_says_so() -> None:
    internal = _report((4, 30))
    assert internal.disclosure is None
    assert "disclosure" not in report_data(internal)
    assert report_data(internal)["boroughs"][0]["placements"] == 4
    data = report_data(publish(internal))
    assert data["disclosure"] == {
        "published": True,
        "threshold": 5,
        "rounding_base": None,
        "suppressed": "c",
        "rule": "counts below 5 shown as 'c'; zeros shown; secondary suppression: each "
        "hidden count could take at least 5 values",
        "withheld_sections": [],  # a programme in code has no SEND-return or market section
    }
    assert "Internal: not for publication" in render_html(internal)
    assert "Internal: not for publication" not in render_html(publish(internal))


def test_publishing_twice_gives_the_same_report() -> None:
    once = publish(_report((40, 50), ((4, 40), (12, 50))))
    assert publish(once) == once


def test_a_rounding_policy_withholds_percentages() -> None:
    # 12/50 is published as 10 of 50 under rounding to 5 (12 -> 10, halves up); showing 24.0%
    # beside them would give the 12 back, so the percentage is withheld
    policy = DisclosurePolicy(threshold=5, rounding_base=5)
    published = publish(_report((40, 50), ((6, 40), (12, 50))), policy)
    rows = {
        (r["gss_code"], r["measure"]): (r["numerator"], r["denominator"], r["percent"])
        for r in report_tables(published)["stability"].records()
    }
    assert rows[(B, "short_term")] == (10, 50, C)


# -- the sample ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pair() -> tuple[Report, Report]:
    """The sample's 2019/20 report with Sutton's drill-down: internal, and published."""
    internal = build_report(
        south_london(),
        ReportOptions(financial_year=FY, synthetic=True, borough="Sutton"),
    )
    return internal, publish(internal)


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


# The 2019/20 short-term stability table (year ending 31 March 2020), numerator of cohort:
#   Bexley 4/96, Croydon 24/283, Greenwich 11/133, Lambeth 10/138, Lewisham 13/139,
#   Merton 9/86, Southwark 7/133, Sutton 10/76; programme 88/1,084
#   (4 + 24 + 11 + 10 + 13 + 9 + 7 + 10 = 88; 96 + 283 + 133 + 138 + 139 + 86 + 133 + 76 = 1,084).
# Bexley's 4 is the one count below 5 (every other count the report shows per borough or small
# group is 5 or more). Hidden alone it comes back as 96 - 92 or 88 - 84, so a rectangle of
# hidden cells must go round it: with no total in it and fewest new cells, Bexley's rest (92)
# and one other borough's numerator and rest, the one with the smallest cohort (the smallest
# counts): Sutton's 10 of 76 (next is Merton's 86). So Sutton's numerator is hidden too:
# Bexley 4.2% (400/96 = 25/6), Sutton 13.2% (1000/76 = 13.157.. = 250/19), in the programme
# table and in Sutton's drill-down.
HIDDEN_PATHS = {
    f"$.outcomes.stability.boroughs[{i}].short_term.{key}": true
    for i, values in ((0, (4, "4.2", "25/6")), (7, (10, "13.2", "250/19")))
    for key, true in zip(("numerator", "percent", "percent_exact"), values, strict=True)
} | {
    f"$.borough.stability.short_term.{key}": true
    for key, true in zip(
        ("numerator", "percent", "percent_exact"), (10, "13.2", "250/19"), strict=True
    )
}


def test_the_sample_publishes_every_figure_but_the_small_one_and_its_cover(
    sample_pair: tuple[Report, Report],
) -> None:
    internal, published = (dict(_walk(report_data(r))) for r in sample_pair)
    changed = {p: internal[p] for p, v in published.items() if p in internal and v != internal[p]}
    assert changed == HIDDEN_PATHS
    assert all(published[p] == C for p in changed)
    assert {p for p in published if p not in internal} == {
        f"$.disclosure.{k}"
        for k in ("published", "threshold", "rounding_base", "suppressed", "rule")
    } | {"$.disclosure.withheld_sections[0]"}
    # the sample's market section is withheld, whole: no path of it is published
    assert any(p.startswith("$.market.") for p in internal)
    assert not any(p.startswith("$.market") for p in published)


def _published_strings(report: Report) -> dict[str, str]:
    """Every text rendering of ``report``, by name."""
    csv_out = io.StringIO()
    write_csv(report, csv_out)
    return {
        "json": render_json(report),
        "text": render_text(report, full=True),
        "csv": csv_out.getvalue(),
        "html": render_html(report),
    }


def test_no_rendering_of_the_published_sample_holds_a_hidden_count(
    sample_pair: tuple[Report, Report], tmp_path: Any
) -> None:
    internal, published = sample_pair
    before, after = _published_strings(internal), _published_strings(published)
    # what each rendering shows of the two hidden numerators, when internal: Bexley's 4 of 96
    # and Sutton's 10 of 76 (hidden to protect it)
    records = {
        "json": ['"percent_exact": "25/6"', '"percent_exact": "250/19"', '"numerator": 4,'],
        "text": ["4 of 96 = 4.2%", "10 of 76 = 13.2%"],
        "csv": [
            "E09000004,Bexley,short_term,3+ placements in the year,true,4,96,4.2,25/6",
            "E09000029,Sutton,short_term,3+ placements in the year,true,10,76,13.2,250/19",
        ],
        "html": [">4.2%<", ">13.2%<"],
    }
    for name, needles in records.items():
        for needle in needles:
            assert needle in before[name], (name, needle)  # the check can fail
            assert needle not in after[name], (name, needle)
    for exact in (",25/6,", ",250/19,"):
        assert exact in before["csv"]
        assert exact not in after["csv"]
    assert "c of 96 = c" in after["text"]
    assert "c of 76 = c" in after["text"]
    assert "E09000004,Bexley,short_term,3+ placements in the year,true,c,96,c,c" in after["csv"]
    # Excel: every sheet's cells, and the stability sheet's Bexley row
    openpyxl = pytest.importorskip("openpyxl")
    for report, name in ((internal, "internal.xlsx"), (published, "published.xlsx")):
        write_xlsx(report, tmp_path / name)
    cells = {}
    for name in ("internal.xlsx", "published.xlsx"):
        wb = openpyxl.load_workbook(tmp_path / name)
        cells[name] = [tuple(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]
    bexley = [r for r in cells["published.xlsx"] if r[:3] == ("E09000004", "Bexley", "short_term")]
    assert bexley == [
        (
            "E09000004",
            "Bexley",
            "short_term",
            "3+ placements in the year",
            True,
            C,
            96,
            C,
            C,
            10,
            None,
        )
    ]
    for exact in ("25/6", "250/19"):
        assert any(exact in r for r in cells["internal.xlsx"])
        assert not any(exact in r for r in cells["published.xlsx"])


def test_no_label_says_which_c_is_small(sample_pair: tuple[Report, Report]) -> None:
    text = json.dumps(report_data(sample_pair[1])) + render_text(sample_pair[1], full=True)
    for word in ("primary", "secondary suppression:"):
        # the rule's words are published; nothing else names a cell primary or secondary
        assert text.count(word) == (0 if word == "primary" else 2)


# -- the attacker on the published sample -------------------------------------------------------


def _stability_grid(data: dict[str, Any], measure: str) -> tuple[list[str], list[list[Any]]]:
    """The published table of one measure, rebuilt from the published JSON alone: per
    borough, children in the numerator, the rest of the cohort (the denominator less the
    numerator when both are shown) and the denominator; the programme's figures as totals."""

    def row(m: dict[str, Any]) -> list[Any]:
        n, d = m["numerator"], m["denominator"]
        rest = d - n if isinstance(n, int) and isinstance(d, int) else C
        return [n, rest, d]

    st = data["outcomes"]["stability"]
    boroughs = [b["borough"] for b in st["boroughs"]]
    grid = [row(b[measure]) for b in st["boroughs"]] + [row(st["programme"][measure])]
    return boroughs, grid


def _as_disclosed(rows: list[str], grid: list[list[PublishedCount]]) -> DisclosedTable:
    return DisclosedTable(
        rows=tuple(rows),
        columns=("in_numerator", "not_in_numerator"),
        cells=tuple(tuple(r[:-1]) for r in grid[:-1]),
        row_totals=tuple(r[-1] for r in grid[:-1]),
        column_totals=tuple(grid[-1][:-1]),
        grand_total=grid[-1][-1],
        policy=PUBLICATION_POLICY,
        rule="rebuilt from the published JSON",
    )


# What the attacker can say of each hidden cell of the sample's stability tables: (row, column)
# -> (least, greatest), column 0 the numerator and 1 the rest of the cohort. Only the short-term
# table hides anything in either year; every two-year and long-term count is 5 or more.
#
# 2019/20 (the table above HIDDEN_PATHS): Bexley a and Sutton b are hidden with the rest of each
# cohort. a + b = 88 - (24 + 11 + 10 + 13 + 9 + 7) = 88 - 74 = 14, each at least 1, so each is
# 1..13 (13 values, more than 5); the rests 96 - a and 76 - b: 83..95 and 63..75.
#
# 2018/19 (year ending 31 March 2019), numerator of cohort: Bexley 10/95, Croydon 29/265,
# Greenwich 9/124, Lambeth 19/139, Lewisham 12/135, Merton 10/83, Southwark 14/133, Sutton 4/70;
# programme 107/1,044. Sutton's 4 is the one small count; the cheapest cover is the borough
# with the smallest other cohort, Merton's 83 (next Bexley's 95), so Merton's 10 goes too.
# Sutton a and Merton b: a + b = 107 - (10 + 29 + 9 + 19 + 12 + 14) = 107 - 93 = 14, each
# 1..13; the rests 70 - a and 83 - b: 57..69 and 70..82.
ATTACKED = {
    2018: {
        ("short_term", "E09000024", 0): (1, 13),
        ("short_term", "E09000024", 1): (70, 82),
        ("short_term", "E09000029", 0): (1, 13),
        ("short_term", "E09000029", 1): (57, 69),
    },
    2019: {
        ("short_term", "E09000004", 0): (1, 13),
        ("short_term", "E09000004", 1): (83, 95),
        ("short_term", "E09000029", 0): (1, 13),
        ("short_term", "E09000029", 1): (63, 75),
    },
}


@pytest.mark.parametrize("year", sorted(ATTACKED))
def test_the_attack_on_the_published_samples_stability_tables(
    year: int, sample_pair: tuple[Report, Report]
) -> None:
    from tests.outcomes.test_disclosure import _ranges, _width

    pair = sample_pair
    if year != FY.start_year:
        report = build_report(south_london(), ReportOptions(financial_year=FinancialYear(year)))
        pair = (report, publish(report))
    internal, published = (json.loads(render_json(r)) for r in pair)
    hidden: dict[tuple[str, str, int], tuple[int, int | None]] = {}
    for measure in ("short_term", "two_year", "long_term"):
        rows, grid = _stability_grid(published, measure)
        _, truth = _stability_grid(internal, measure)
        for (i, j), bounds in _ranges(_as_disclosed(rows, grid)).items():
            low, high = bounds
            # the truth is always among the tables the reader cannot rule out
            assert low <= truth[i][j]
            assert high is None or truth[i][j] <= high
            hidden[(measure, rows[i] if i < len(rows) else TOTAL, j)] = bounds
    assert hidden == ATTACKED[year]
    recovered = sum(_width(r) == 1 for r in hidden.values())
    pinned = sum(_width(r) < PUBLICATION_POLICY.protected_values for r in hidden.values())
    assert (recovered, pinned) == (0, 0)


def test_html_and_excel_are_published_by_default_and_json_is_internal(tmp_path: Any) -> None:
    runner = CliRunner()
    html = runner.invoke(main, ["report", "--format", "html"])
    assert html.exit_code == 0, html.output
    assert "Published: counts below 5" in html.output
    assert ">4.2%<" not in html.output
    internal = runner.invoke(main, ["report", "--format", "html", "--internal"])
    assert "Internal: not for publication" in internal.output
    assert ">4.2%<" in internal.output
    as_json = runner.invoke(main, ["report", "--format", "json"])
    data = json.loads(as_json.output)
    assert "disclosure" not in data
    assert data["outcomes"]["stability"]["boroughs"][0]["short_term"]["numerator"] == 4
    published = json.loads(runner.invoke(main, ["report", "--format", "json", "--publish"]).output)
    assert published["outcomes"]["stability"]["boroughs"][0]["short_term"]["numerator"] == C
    pytest.importorskip("openpyxl")
    out = tmp_path / "r.xlsx"
    result = runner.invoke(main, ["report", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import openpyxl

    summary = openpyxl.load_workbook(out)["summary"]
    assert summary.cell(row=2, column=1).value == "Published"


def test_the_published_json_follows_the_schema(sample_pair: tuple[Report, Report]) -> None:
    from tests.report.test_schema import SCHEMA

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(render_json(sample_pair[1]))
    assert [e.message for e in validator.iter_errors(data)] == []
    # and "c" is refused where the contract never suppresses (money)
    data["total_spend_pence"] = C
    assert len(list(validator.iter_errors(data))) == 1


def test_the_attack_on_every_table_the_published_sample_holds(
    sample_pair: tuple[Report, Report],
) -> None:
    from tests.outcomes.test_disclosure import _ranges, _width

    d = sample_pair[1].disclosure
    assert d is not None
    ranges = [r for t in d.tables for r in _ranges(t.table).values()]
    # only the short-term stability table hides anything on the sample: four cells
    assert len(ranges) == 4
    assert sum(_width(r) == 1 for r in ranges) == 0
    assert sum(_width(r) < 5 for r in ranges) == 0


def _protected_counts(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every count a published report protects, by JSON path."""
    for path, value in _walk(data):
        if re.search(
            r"^\$\.boroughs\[\d+\]\.placements$"
            r"|^\$\.fee_increases\.rounds\[\d+\]\.placements$"
            r"|^\$\.budget\[\d+\]\.placements(_at_year_end)?$"
            r"|^\$\.outcomes\.icas\."
            r"|\.stability\..*\.(numerator|denominator)$",
            path,
        ):
            yield path, value


# 12 boroughs' placements; the fee-uplift rounds to the year (SEND, one a year from 2014/15:
# 5 to 2018/19, 6 to 2019/20; the LAC rounds start in 2020/21, docs/sample.md); Croydon's one
# budget line (2 counts); ICA agreements, 4 outcome statuses and 4 review timelinesses (9);
# stability: 3 measures x (numerator, denominator) for the programme and 8 LAC boroughs (54).
# 12 + 5 + 2 + 9 + 54 = 82; 12 + 6 + 2 + 9 + 54 = 83. Each year has one count of 1-4, a
# short-term numerator of 4 (Sutton's of 70 in 2018/19, Bexley's of 96 in 2019/20), and one
# count hidden to protect it (Merton's 10 of 83, Sutton's 10 of 76: see ATTACKED).
_SHORT_TERM = "$.outcomes.stability.boroughs[{}].short_term.numerator"


@pytest.mark.parametrize(
    ("year", "looked_at", "small", "cover"),
    [
        (2018, 82, {_SHORT_TERM.format(7): 4}, {_SHORT_TERM.format(5): 10}),
        (2019, 83, {_SHORT_TERM.format(0): 4}, {_SHORT_TERM.format(7): 10}),
    ],
)
def test_no_published_count_of_the_sample_is_below_the_threshold(
    year: int, looked_at: int, small: dict[str, int], cover: dict[str, int]
) -> None:
    internal = build_report(south_london(), ReportOptions(financial_year=FinancialYear(year)))
    before = dict(_protected_counts(report_data(internal)))
    after = dict(_protected_counts(report_data(publish(internal))))
    assert after.keys() == before.keys()
    assert len(after) == looked_at
    below = {p: v for p, v in before.items() if isinstance(v, int) and 1 <= v <= 4}
    assert below == small
    assert all(v in (C, 0) or (isinstance(v, int) and v >= 5) for v in after.values())
    # the small count and its cover are hidden, and nothing else is
    assert {p: v for p, v in before.items() if after[p] != v} == small | cover
    assert all(after[p] == C for p in small | cover)


def test_a_published_sample_report_withholds_the_send_and_market_sections() -> None:
    """Their counts (plans by need, awards by borough and month) come in ones and twos and
    do not yet go through disclosure control: published, the sections are left out and the
    report says so; internal, both are there."""
    from click.testing import CliRunner

    from slcp.cli import main

    runner = CliRunner()
    published = json.loads(runner.invoke(main, ["report", "--publish", "--format", "json"]).output)
    internal = json.loads(runner.invoke(main, ["report", "--format", "json"]).output)
    assert {"send", "market"} <= set(internal)
    assert "send" not in published
    assert "market" not in published
    assert published["disclosure"]["withheld_sections"] == ["send", "market"]
    text = runner.invoke(main, ["report", "--publish"]).output
    assert (
        "Published: withheld from publication: the SEND return and the market (counts per"
        " small group not yet protected)." in text
    )
