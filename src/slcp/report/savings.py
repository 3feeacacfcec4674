"""The report's savings section: the ledger by source, its attribution to boroughs and ROI.

JSON key ``savings`` (stable; documented in ``docs/savings/report.md``)::

    {"financial_year": "2019/20",
     "total_pence": …, "by_source": {"fee_increase_avoidance": …, …},
     "to_date_pence": …, "to_date_by_source": {…},
     "attribution": {"method": "default", "rule": "…",
                     "boroughs": [{"gss_code", "name", "savings_pence",
                                   "to_date_savings_pence"}, …]},
     "roi": {"boroughs": [{"gss_code", "name", "contribution_pence", "savings_pence",
                           "gross_return_pct", "net_return_pct", "return_undefined",
                           "workstreams": [{"workstream", …, "to_date"}],
                           "to_date": {…, "paid_back_on",
                           "payback_days"}}, …],
             "programme": {"contribution_pence", "savings_pence", "gross_return_pct",
                           "net_return_pct", "mean_gross_return_pct", "mean_net_return_pct",
                           "boroughs_averaged", "boroughs_undefined", "workstreams": […],
                           "to_date": {…}}},
     "business_case": {"savings_pence", "spend_pence", "share_pct", "band_low_pct",
                       "band_high_pct", "verdict"} or null}

Money is integer pence (``*_pence``); returns are percentage strings with one decimal place
(``"1768.0"``), rounded half up, never floats; an undefined return is ``null`` with the reason
in ``return_undefined``. The year's figures are savings realised in the report's financial
year and contributions owed for it; ``to_date`` counts every year up to and including it.
"""

from __future__ import annotations

from fractions import Fraction

from slcp.domain import GssCode, Programme, Workstream
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.pricing import spend_by_borough
from slcp.report._base import JsonValue, ReportOptions, Section
from slcp.savings import (
    AttributionMethod,
    ReturnOnInvestment,
    SavingsAttribution,
    SavingsLedger,
    attribute_savings,
    build_ledger,
    check_business_case,
    measure_payback,
    measure_return,
    parse_attribution_method,
    summarise_returns,
    to_pct,
)

__all__ = ["build"]

_RULES = {
    AttributionMethod.DEFAULT: "direct where a saving belongs to one borough, "
    "by placement-weeks during membership otherwise",
    AttributionMethod.DIRECT: "each saving stays with the borough it belongs to",
    AttributionMethod.SPEND: "in proportion to spend during membership",
    AttributionMethod.VOLUME: "in proportion to placement-weeks during membership",
    AttributionMethod.EQUAL_SHARES: "equal shares, pro rata by days of membership",
    AttributionMethod.EQUAL_PRICE: "equal-price gains under a linear volume-price curve",
    AttributionMethod.SHAPLEY: "Shapley values under a linear volume-price curve",
}


def _pct(value: Fraction | None) -> JsonValue:
    return None if value is None else to_pct(value)


def _return_json(r: ReturnOnInvestment) -> dict[str, JsonValue]:
    return {
        "contribution_pence": r.contribution.pence,
        "savings_pence": r.savings.pence,
        "gross_return_pct": _pct(r.gross_return),
        "net_return_pct": _pct(r.net_return),
        "return_undefined": r.undefined_reason or None,
    }


def _borough_return(
    programme: Programme,
    attribution: SavingsAttribution,
    gss: GssCode,
    years: tuple[FinancialYear, ...],
    ws: Workstream | None = None,
) -> ReturnOnInvestment:
    return measure_return(programme, attribution, gss, years=years, workstream=ws)


def _payback_json(
    programme: Programme,
    attribution: SavingsAttribution,
    gss: GssCode,
    years: tuple[FinancialYear, ...],
) -> dict[str, JsonValue]:
    payback = measure_payback(programme, attribution, gss, years=years)
    return {
        "paid_back_on": None if payback.paid_back_on is None else payback.paid_back_on.isoformat(),
        "payback_days": payback.days,
    }


def _years_through(
    ledger: SavingsLedger, programme: Programme, year: FinancialYear
) -> tuple[FinancialYear, ...]:
    firsts = [r.financial_year for r in ledger.records] + [
        c.financial_year for c in programme.contributions
    ]
    start = min((y for y in firsts if y <= year), default=year)
    out = [start]
    while out[-1] < year:
        out.append(out[-1].next())
    return tuple(out)


def build(programme: Programme, options: ReportOptions) -> Section | None:
    """The savings section, or ``None`` when the programme records no savings, rounds or
    contributions.

    Raises:
        InvalidValueError: an unknown ``options.attribution`` (the message lists the names),
            or data the chosen method cannot attribute (e.g. ``direct`` for a
            partnership-wide saving).
    """
    method = parse_attribution_method(options.attribution)
    if not (programme.savings or programme.uplift_rounds or programme.contributions):
        return None
    year = options.financial_year
    ledger = build_ledger(programme, horizon=year).through_year(year)
    in_year = ledger.for_year(year)
    attribution = attribute_savings(programme, ledger, method)
    years = _years_through(ledger, programme, year)
    names = {b.gss_code: b.name for b in programme.boroughs}
    involved = sorted(
        set(attribution.by_borough)
        | {c.borough for c in programme.contributions if c.financial_year <= year},
        key=lambda g: (names.get(g, g), g),
    )

    attributed: list[JsonValue] = []
    borough_rows: list[JsonValue] = []
    year_returns: list[ReturnOnInvestment] = []
    to_date_returns: list[ReturnOnInvestment] = []
    for gss in involved:
        name = names.get(gss, gss)
        attributed.append(
            {
                "gss_code": gss,
                "name": name,
                "savings_pence": attribution.amount_for(gss, financial_year=year).pence,
                "to_date_savings_pence": attribution.by_borough.get(gss, Money(0)).pence,
            }
        )
        one = _borough_return(programme, attribution, gss, (year,))
        cumulative = _borough_return(programme, attribution, gss, years)
        year_returns.append(one)
        to_date_returns.append(cumulative)
        streams: list[JsonValue] = []
        for ws in Workstream:
            r = _borough_return(programme, attribution, gss, (year,), ws)
            to_date = _borough_return(programme, attribution, gss, years, ws)
            if r.contribution.pence or r.savings.pence or to_date.contribution.pence:
                streams.append(
                    {"workstream": ws.value, **_return_json(r), "to_date": _return_json(to_date)}
                )
        borough_rows.append(
            {
                "gss_code": gss,
                "name": name,
                **_return_json(one),
                "workstreams": streams,
                "to_date": {
                    **_return_json(cumulative),
                    **_payback_json(programme, attribution, gss, years),
                },
            }
        )

    def programme_json(returns: list[ReturnOnInvestment]) -> dict[str, JsonValue]:
        s = summarise_returns(returns)
        return {
            **_return_json(s.aggregate),
            "mean_gross_return_pct": _pct(s.mean_gross_return),
            "mean_net_return_pct": _pct(s.mean_net_return),
            "boroughs_averaged": len(s.averaged),
            "boroughs_undefined": list[JsonValue](s.excluded),
        }

    programme_row = programme_json(year_returns)
    programme_row["to_date"] = programme_json(to_date_returns)
    stream_rows: list[JsonValue] = []
    for ws in Workstream:
        one_ws = [_borough_return(programme, attribution, g, (year,), ws) for g in involved]
        all_ws = [_borough_return(programme, attribution, g, years, ws) for g in involved]
        one_ws = [r for r in one_ws if r.contribution.pence or r.savings.pence]
        all_ws = [r for r in all_ws if r.contribution.pence or r.savings.pence]
        if one_ws or all_ws:
            row = {"workstream": ws.value, **programme_json(one_ws)}
            row["to_date"] = programme_json(all_ws)
            stream_rows.append(row)
    programme_row["workstreams"] = stream_rows
    spend = sum(spend_by_borough(programme, year).values(), Money(0))
    business: JsonValue = None
    if spend.pence > 0:
        check = check_business_case(in_year.total, spend)
        business = {
            "savings_pence": check.savings.pence,
            "spend_pence": check.spend.pence,
            "share_pct": to_pct(check.share, places=2),
            "band_low_pct": to_pct(check.low.fraction, places=0),
            "band_high_pct": to_pct(check.high.fraction, places=0),
            "verdict": check.verdict.value,
        }
    data: dict[str, JsonValue] = {
        "savings": {
            "financial_year": str(year),
            "total_pence": in_year.total.pence,
            "by_source": {s.value: m.pence for s, m in in_year.by_source().items()},
            "to_date_pence": ledger.total.pence,
            "to_date_by_source": {s.value: m.pence for s, m in ledger.by_source().items()},
            "attribution": {
                "method": method.value,
                "rule": _RULES[method],
                "boroughs": attributed,
            },
            "roi": {"boroughs": borough_rows, "programme": programme_row},
            "business_case": business,
        }
    }
    text = _text(
        year=year,
        in_year=in_year,
        ledger=ledger,
        method=method,
        names=names,
        year_returns=year_returns,
        to_date_returns=to_date_returns,
        programme_row=programme_row,
        business=business,
    )
    return Section(data=data, text=text)


def _pair(row: dict[str, JsonValue], prefix: str) -> str:
    gross, net = row.get(f"{prefix}gross_return_pct"), row.get(f"{prefix}net_return_pct")
    return "undefined" if gross is None else f"{gross}% / {net}%"


def _ret(r: ReturnOnInvestment) -> str:
    if not r.is_defined:
        return "undefined"
    return f"{r.gross_return_pct()}% / {r.net_return_pct()}%"


def _text(
    *,
    year: FinancialYear,
    in_year: SavingsLedger,
    ledger: SavingsLedger,
    method: AttributionMethod,
    names: dict[GssCode, str],
    year_returns: list[ReturnOnInvestment],
    to_date_returns: list[ReturnOnInvestment],
    programme_row: dict[str, JsonValue],
    business: JsonValue,
) -> tuple[str, ...]:
    lines = [
        f"Savings — {year} (to date: every year up to and including {year})",
        f"Total {in_year.total!s} in the year; {ledger.total!s} to date",
    ]
    for source, amount in in_year.by_source().items():
        lines.append(f"  {source.value:<26}{amount!s:>18}")
    lines.append(f"Attribution: {method.value} — {_RULES[method]}")
    lines.append(
        "Return on contribution, gross / net (net = (savings − contribution) ÷ contribution)"
    )
    lines.append(f"{'Borough':<22}{'Contribution':>14}{'Savings':>16}  {'Year':<24}{'To date'}")
    for one, cumulative in zip(year_returns, to_date_returns, strict=True):
        lines.append(
            f"{names.get(one.borough, one.borough) if one.borough else '':<22}"
            f"{one.contribution!s:>14}{one.savings!s:>16}  "
            f"{_ret(one):<24}{_ret(cumulative)}"
        )
    lines.append(
        f"{'Programme':<14}{'mean of boroughs':<26}{'aggregate':<26}to date (mean; aggregate)"
    )
    rows: list[tuple[str, JsonValue]] = [("all", programme_row)]
    streams = programme_row.get("workstreams")
    if isinstance(streams, list):
        rows += [(str(w.get("workstream")), w) for w in streams if isinstance(w, dict)]
    for label, row in rows:
        if not isinstance(row, dict):
            continue
        to_date = row.get("to_date")
        lines.append(
            f"  {label:<12}{_pair(row, 'mean_'):<26}{_pair(row, ''):<26}"
            + (
                f"{_pair(to_date, 'mean_')}; {_pair(to_date, '')}"
                if isinstance(to_date, dict)
                else ""
            )
        )
    if isinstance(business, dict):
        lines.append(
            f"Business case: savings {business['share_pct']}% of spend against "
            f"{business['band_low_pct']}%-{business['band_high_pct']}% ({business['verdict']})"
        )
    return tuple(lines)
