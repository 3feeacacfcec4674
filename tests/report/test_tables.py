"""Tables for notebooks: every table read through the Arrow stream interface by pyarrow and
by polars gives the rows the JSON report gives."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl
import pyarrow as pa
import pytest

from slcp.findings import Finding, Severity
from slcp.report import Column, Report, Table, findings_table, report_tables

Json = dict[str, Any]


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


def _boroughs(j: Json) -> list[dict[str, Any]]:
    return [
        {"gss_code": b["gss_code"], "spend_pence": b["spend_pence"], "placements": b["placements"]}
        for b in j["boroughs"]
    ]


def _spend_by_borough_year(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "financial_year": y["financial_year"],
            "gss_code": b["gss_code"],
            "spend_pence": b["spend_pence"],
        }
        for y in j["spend"]["by_borough_financial_year"]
        for b in y["boroughs"]
    ]


def _spend(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "gss_code": r["gss_code"],
            "workstream": r["workstream"],
            "lot": r["lot"],
            "spend_pence": r["spend_pence"],
        }
        for r in j["spend"]["by_borough_workstream_lot"]
    ]


def _spend_by_year(j: Json) -> list[dict[str, Any]]:
    return [
        {"financial_year": r["financial_year"], "spend_pence": r["spend_pence"]}
        for r in j["spend"]["by_financial_year"]
    ]


def _spend_by_service(j: Json) -> list[dict[str, Any]]:
    return [
        {"service": r["service"], "spend_pence": r["spend_pence"]} for r in j["spend"]["by_service"]
    ]


def _rounds(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "round_id": r["id"],
            "placements": r["placements"],
            "requested_pct": _d(r["requested_weighted_average_pct"]),
            "to_date_pence": r["cost_avoidance_to_date_pence"],
        }
        for r in j["fee_increases"]["rounds"]
    ]


def _avoidance(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "round_id": r["id"],
            "gss_code": b["gss_code"],
            "in_year_pence": b["cost_avoidance_in_year_pence"],
            "full_year_pence": b["cost_avoidance_full_year_pence"],
            "to_date_pence": b["cost_avoidance_to_date_pence"],
        }
        for r in j["fee_increases"]["rounds"]
        for b in r["by_borough"]
    ]


def _budgets(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "gss_code": b["gss_code"],
            "annualisation": kind,
            "projected_spend_pence": a["projected_spend_pence"],
            "variance_pence": a["variance_pence"],
        }
        for b in j["budget"]
        for kind, a in b["annualisations"].items()
    ]


def _call_offs(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "vehicle": v["vehicle"],
            "financial_year": y["financial_year"],
            "lot": lot["lot"],
            "call_offs": lot["call_offs"],
            "value_pence": lot["value_pence"],
        }
        for v in j["call_offs"]["vehicles"]
        for y in v["years"]
        for lot in y["lots"]
    ]


def _by_source(j: Json) -> list[dict[str, Any]]:
    s = j["savings"]
    return [
        {"scope": "year", "source": k, "savings_pence": v} for k, v in s["by_source"].items()
    ] + [
        {"scope": "to_date", "source": k, "savings_pence": v}
        for k, v in s["to_date_by_source"].items()
    ]


def _ledger(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "gss_code": r["borough"],
            "amount_pence": r["amount_pence"],
            "basis": r["basis"],
        }
        for r in j["savings"]["records"]
    ]


def _assumptions(j: Json) -> list[dict[str, Any]]:
    return [
        {"subject": a["subject"], "citation": a["citation"], "amount_pence": a["amount_pence"]}
        for a in j["provenance"]["assumptions"]
    ]


def _attribution(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "gss_code": b["gss_code"],
            "savings_pence": b["savings_pence"],
            "to_date_savings_pence": b["to_date_savings_pence"],
        }
        for b in j["savings"]["attribution"]["boroughs"]
    ]


def _roi(j: Json) -> list[dict[str, Any]]:
    rows = []
    for b in j["savings"]["roi"]["boroughs"]:
        scopes = [("all", "year", b), ("all", "to_date", b["to_date"])]
        for w in b["workstreams"]:
            scopes += [(w["workstream"], "year", w), (w["workstream"], "to_date", w["to_date"])]
        rows += [
            {
                "gss_code": b["gss_code"],
                "workstream": ws,
                "scope": scope,
                "contribution_pence": r["contribution_pence"],
                "savings_pence": r["savings_pence"],
                "gross_return_pct": _d(r["gross_return_pct"]),
                "net_return_pct": _d(r["net_return_pct"]),
            }
            for ws, scope, r in scopes
        ]
    return rows


def _roi_programme(j: Json) -> list[dict[str, Any]]:
    p = j["savings"]["roi"]["programme"]
    streams = [("all", p)] + [(w["workstream"], w) for w in p["workstreams"]]
    return [
        {
            "workstream": ws,
            "scope": scope,
            "savings_pence": r["savings_pence"],
            "gross_return_pct": _d(r["gross_return_pct"]),
            "mean_gross_return_pct": _d(r["mean_gross_return_pct"]),
        }
        for ws, row in streams
        for scope, r in (("year", row), ("to_date", row["to_date"]))
    ]


def _scorecards(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "provider_id": p["id"],
            "provider": p["name"],
            "lot": p["lot"],
            "score": _d(p["score"]),
            "rank_in_lot": p["rank_in_lot"],
            "open_concerns": p["open_concerns"],
        }
        for p in j["outcomes"]["providers"]
    ]


def _kpis(j: Json) -> list[dict[str, Any]]:
    return [
        {"provider_id": p["id"], "kpi_id": k, "rag": rag}
        for p in j["outcomes"]["providers"]
        for k, rag in p["rag"].items()
    ]


def _icas(j: Json) -> list[dict[str, Any]]:
    i = j["outcomes"]["icas"]
    return [{"kind": "outcome", "status": k, "count": v} for k, v in i["outcomes"].items()] + [
        {"kind": "review", "status": k, "count": v} for k, v in i["reviews"].items()
    ]


def _stability(j: Json) -> list[dict[str, Any]]:
    s = j["outcomes"]["stability"]
    areas = [(None, s["programme"])] + [(b["borough"], b) for b in s["boroughs"]]
    return [
        {
            "gss_code": gss,
            "measure": m,
            "numerator": a[m]["numerator"],
            "denominator": a[m]["denominator"],
            "percent": _d(a[m]["percent"]),
        }
        for gss, a in areas
        for m in ("short_term", "two_year", "long_term")
    ]


def _market_demand(j: Json) -> list[dict[str, Any]]:
    return [{"service": d["service"], "children": d["children"]} for d in j["market"]["demand"]]


def _market_needs(j: Json) -> list[dict[str, Any]]:
    return [{"need": d["need"], "children": d["children"]} for d in j["market"]["demand_by_need"]]


def _market_supply(j: Json) -> list[dict[str, Any]]:
    keys = ("service", "vacancies", "places", "providers")
    return [{k: x[k] for k in keys} for x in j["market"]["supply"]]


def _market_concentration(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "dimension": c["dimension"],
            "market": c["market"],
            "basis": c["basis"],
            "organisations": c["organisations"],
            "hhi": c["hhi"],
            "hhi_exact": c["hhi_exact"],
            "top5_share": _d(c["top5_pct"]),
        }
        for c in j["market"]["concentration"]
    ]


def _market_shares(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "market": c["market"],
            "basis": c["basis"],
            "group": s["group"],
            "amount": s["amount"],
            "share": _d(s["share_pct"]),
        }
        for c in j["market"]["concentration"]
        for s in c["shares"]
    ]


def _market_groups(j: Json) -> list[dict[str, Any]]:
    keys = ("group", "members", "spend_pence", "places")
    return [{k: g[k] for k in keys} for g in j["market"]["groups"]]


def _market_prices(j: Json) -> list[dict[str, Any]]:
    keys = ("placements", "min_weekly_pence", "median_weekly_pence", "max_weekly_pence")
    return [
        {"service": d["service"], "gss_code": gss, **{k: row[k] for k in keys}}
        for d in j["market"]["prices"]
        for gss, row in [(None, d)] + [(b["gss_code"], b) for b in d["boroughs"]]
    ]


def _market_framework_share(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "gss_code": f["gss_code"],
            "month": f["month"],
            "awards": f["awards"],
            "on_framework": f["on_framework"],
            "share": _d(f["share_pct"]),
        }
        for f in j["market"]["framework_share"]
    ]


def _market_demand_projection(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "month": c["month"],
            "gss_code": c["gss_code"],
            "group": c["group"],
            **{k: _d(c[k]) for k in ("central", "low", "high")},
        }
        for c in j["market"]["demand_outlook"]["looked_after"]["projected"]
    ]


def _market_demand_cost(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "financial_year": y["financial_year"],
            "gss_code": y["gss_code"],
            "total_pence": y["total_pence"],
            "fostering_pence": y["by_group_pence"].get("fostering"),
            "residential_pence": y["by_group_pence"].get("residential"),
        }
        for y in j["market"]["demand_outlook"]["forecast_cost"]["years"]
    ]


def _market_sufficiency(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "month": g["month"],
            "gss_code": g["gss_code"],
            "group": g["group"],
            "projected": _d(g["central"]),
            **{k: _d(g[k]) for k in ("low", "high", "gap")},
            "registered_places": g["registered_places"],
        }
        for g in j["market"]["demand_outlook"]["sufficiency"]
    ]


def _market_send_projection(j: Json) -> list[dict[str, Any]]:
    return [
        {
            "service": s["service"],
            "month": p["month"],
            "now": s["now"],
            "placements": _d(p["placements"]),
        }
        for s in j["market"]["demand_outlook"]["send"]
        for p in s["projected"]
    ]


EXPECTED: dict[str, Callable[[Json], list[dict[str, Any]]]] = {
    "boroughs": _boroughs,
    "spend_by_year": _spend_by_year,
    "spend_by_borough_year": _spend_by_borough_year,
    "spend": _spend,
    "spend_by_service": _spend_by_service,
    "fee_increase_rounds": _rounds,
    "cost_avoidance": _avoidance,
    "budgets": _budgets,
    "call_offs": _call_offs,
    "savings_by_source": _by_source,
    "savings_ledger": _ledger,
    "attribution": _attribution,
    "roi": _roi,
    "roi_programme": _roi_programme,
    "scorecards": _scorecards,
    "scorecard_kpis": _kpis,
    "icas": _icas,
    "stability": _stability,
    "assumptions": _assumptions,
    "market_demand": _market_demand,
    "market_needs": _market_needs,
    "market_supply": _market_supply,
    "market_concentration": _market_concentration,
    "market_shares": _market_shares,
    "market_groups": _market_groups,
    "market_prices": _market_prices,
    "market_framework_share": _market_framework_share,
    "market_demand_projection": _market_demand_projection,
    "market_demand_cost": _market_demand_cost,
    "market_send_projection": _market_send_projection,
    "market_sufficiency": _market_sufficiency,
}


def test_every_table_is_checked(sample_report: Report) -> None:
    assert set(report_tables(sample_report)) == set(EXPECTED)


def _project(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in keys} for r in rows]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pyarrow_and_polars_read_the_rows_of_the_json_report(
    sample_report: Report, sample_json: Json, name: str
) -> None:
    table = report_tables(sample_report)[name]
    expected = EXPECTED[name](sample_json)
    assert expected, "the sample gives every table some rows"
    keys = list(expected[0])
    via_arrow = pa.table(table)  # the Arrow PyCapsule stream interface
    via_polars = pl.from_arrow(via_arrow)
    assert isinstance(via_polars, pl.DataFrame)
    assert _project(via_arrow.to_pylist(), keys) == expected
    assert _project(via_polars.to_dicts(), keys) == expected
    # money is int64 pence, pounds an exact decimal beside it
    for column in table.columns:
        if column.kind == "pence":
            assert via_arrow.schema.field(column.name).type == pa.int64()
            pounds = column.name.removesuffix("_pence") + "_pounds"
            assert [
                _pounds(p) if p is not None else None for p in via_arrow[column.name].to_pylist()
            ] == via_arrow[pounds].to_pylist()


def test_polars_reads_the_capsule_directly(sample_report: Report, sample_json: Json) -> None:
    frame = pl.DataFrame(report_tables(sample_report)["boroughs"])
    assert frame["spend_pence"].sum() == sample_json["total_spend_pence"]


def test_pandas_helper(sample_report: Report, sample_json: Json) -> None:
    frame = report_tables(sample_report)["spend"].to_pandas()
    assert int(frame["spend_pence"].sum()) == sample_json["spend"]["total_pence"]
    assert report_tables(sample_report)["spend"].to_polars().height == len(
        sample_json["spend"]["by_borough_workstream_lot"]
    )


def test_labels_stand_beside_codes(sample_report: Report) -> None:
    services = report_tables(sample_report)["spend_by_service"].records()
    assert {"service": "childrens_home", "label": "Children's home"} in [
        {"service": r["service"], "label": r["service_label"]} for r in services
    ]


def test_reprs_are_compact_and_html_escapes(sample_report: Report) -> None:
    table = report_tables(sample_report)["savings_ledger"]
    # id, source, source_label, financial_year, workstream, gss_code, amount_pence,
    # amount_pounds, derived, evidence, basis
    assert repr(table) == f"<Table savings_ledger: {len(table)} rows × 11 columns>"
    html = table._repr_html_()
    assert html.count("<tr>") == 11  # header + the first ten rows
    assert "more rows" in html
    odd = Table(
        name="t", title="t", columns=(Column(name="name"),), rows=(("<script>x</script>",),)
    )
    assert "&lt;script&gt;" in odd._repr_html_()
    assert "<script>" not in odd._repr_html_()
    summary = sample_report._repr_html_()
    assert "Synthetic sample data" in summary
    assert "<code>roi</code>" in summary


def test_findings_table() -> None:
    # a hand-made finding: every field lands in its column
    finding = Finding(
        severity=Severity.ERROR, code="fee-gap", message="no fee", subject_id="PL1", location="$.x"
    )
    rows = pa.table(findings_table([finding])).to_pylist()
    assert rows == [
        {
            "severity": "error",
            "code": "fee-gap",
            "message": "no fee",
            "subject_id": "PL1",
            "location": "$.x",
        }
    ]
