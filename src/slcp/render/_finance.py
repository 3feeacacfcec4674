"""The finance and funding sections in text and HTML (they only read the model)."""

from __future__ import annotations

import html

from slcp.finance import FundingStream, PoolPosition
from slcp.money import Money
from slcp.render._common import compact, millions, terminal_safe
from slcp.render._svg import Bar, column_chart
from slcp.report import FundedFigure, Report
from slcp.report._labels import label

__all__ = ["finance_html", "finance_text"]

_STREAMS = (
    (FundingStream.EDUCATION, "Education (High Needs Block)"),
    (FundingStream.SOCIAL_CARE, "Social care"),
    (FundingStream.HEALTH, "Health"),
)


def _e(text: object) -> str:
    return html.escape(terminal_safe(str(text)), quote=True)


def _find(figures: tuple[FundedFigure, ...], figure: str) -> list[FundedFigure]:
    return [f for f in figures if f.figure == figure]


def _stream_lines(f: FundedFigure) -> list[str]:
    return [f"  {name:<32}{f.split.part(s)!s:>18}" for s, name in _STREAMS]


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def finance_text(report: Report, full: bool) -> list[str]:
    """Forecasts at month ends (quarter ends unless ``full``), the full forecast's totals and
    budgets when made, invoices, and the spend and savings by funding stream."""
    lines: list[str] = []
    fin = report.finance
    if fin is not None:
        lines += [
            "",
            f"Forecast outturn {fin.financial_year} made at month ends, against the year's "
            f"spend {millions(fin.outturn)}",
            f"  {'Made on':<12}{'Placements':>11}{'Forecast':>20}{'Error':>18}",
        ]
        for m in fin.month_ends:
            if full or m.as_of.month in (6, 9, 12, 3):
                lines.append(
                    f"  {m.as_of.isoformat():<12}{m.placements:>11,}"
                    f"{m.forecast!s:>20}{m.error!s:>18}"
                )
        f = fin.forecast
        if f is not None:
            moved = "" if f.previous_total is None else f", moved {f.total - f.previous_total}"
            lines.append(f"  Made on {f.as_of.isoformat()}: {f.total}{moved}")
            lines.append(f"    actual {f.actual}, committed {f.committed}")
            for b in f.budgets:
                what = label(b.budget.service) if b.budget.service else label(b.budget.workstream)
                lines.append(
                    f"    {_fit(b.budget.borough + ' ' + what, 28)} budget "
                    f"{millions(b.budget.amount)}, variance {millions(b.variance)}"
                )
        r = fin.reconciliation
        if r is not None:
            counts = {s.status.value: s.invoices for s in r.by_status}
            lines.append(
                f"  Invoices ({terminal_safe(r.input_name)}): {len(r.result.checks)} checked, "
                f"{counts.get('matched', 0)} matched, {counts.get('overcharged', 0)} over- and "
                f"{counts.get('undercharged', 0)} under-charged"
            )
            for x in r.by_reason:
                if x.count:
                    lines.append(f"    {x.reason.value:<24}{x.count:>5}{x.amount!s:>18}")
        lines += _pools_text(report)
    funding = report.funding
    if funding is not None:
        total = _find(funding.spend, "spend.total")
        if total:
            lines += ["", f"Who pays: spend {report.overview.financial_year} by funding stream"]
            lines += _stream_lines(total[0])
        if full:
            for w in _find(funding.spend, "spend.by_workstream"):
                if w.workstream is not None:
                    lines.append(f"  {label(w.workstream)}:")
                    lines += ["  " + x for x in _stream_lines(w)]
        saved = _find(funding.savings, "savings.total")
        if saved and saved[0].split.amount.pence:
            lines.append("  Savings in the year:")
            lines += ["  " + x for x in _stream_lines(saved[0])]
        for name, other in _other_figures(report):
            lines.append(f"  {terminal_safe(name)}:")
            lines += ["  " + x for x in _stream_lines(other)]
        for name, other in _weekly_and_forecast(report):
            lines.append(f"  {terminal_safe(name)}:")
            lines += ["  " + x for x in _stream_lines(other)]
    return lines


def _weekly_and_forecast(report: Report) -> list[tuple[str, FundedFigure]]:
    """The SEND return's weekly cost per setting and the partnership's forecast cost per
    year (an assumption, said so in its name) by stream, with names for people."""
    funding = report.funding
    if funding is None:
        return []
    out: list[tuple[str, FundedFigure]] = []
    if report.send is not None:
        day = report.send.census_date.isoformat()
        for f in _find(funding.send, "send.weekly_total"):
            setting = (f.item or "").replace("_", " ")
            out.append((f"SEND return {day}: weekly cost, {setting}", f))
    for f in _find(funding.market_demand, "market_demand.cost"):
        if f.item == "all":
            out.append((f"Forecast cost {f.financial_year} (an assumption)", f))
    return out


_NAMES = dict(_STREAMS)


def _pool_title(x: PoolPosition) -> str:
    pool = x.pool
    what = ", ".join(label(s) for s in pool.services) or label(pool.workstream)
    return f"{pool.id} ({pool.borough}, {what})"


def _pools_text(report: Report) -> list[str]:
    fin = report.finance
    if fin is None or not fin.pools or fin.pools_as_of is None:
        return []
    lines = [f"  Pooled budgets, forecast made on {fin.pools_as_of.isoformat()}:"]
    for x in fin.pools:
        lines += [
            f"  {_fit(terminal_safe(_pool_title(x)), 76)}",
            f"    pot {x.pool.amount}, forecast draw {x.forecast}, balance {x.balance}",
            f"    {'Partner':<28}{'Put in':>16}{'Forecast draw':>16}{'Variance share':>16}",
        ]
        for stream in x.partners():
            lines.append(
                f"    {_NAMES[stream]:<28}{x.contribution(stream)!s:>16}"
                f"{x.forecast_by_stream.get(stream, Money(0))!s:>16}"
                f"{x.variance_shares.get(stream, Money(0))!s:>16}"
            )
    return lines


def _pools_html(report: Report) -> str:
    fin = report.finance
    if fin is None or not fin.pools or fin.pools_as_of is None:
        return ""
    rows = ""
    for x in fin.pools:
        rows += (
            f"<tr><th>{_e(_pool_title(x))}</th><td class=num>{_e(x.pool.amount)}</td>"
            f"<td class=num>{_e(x.forecast)}</td><td class=num>{_e(x.variance)}</td>"
            f"<td class=num>{_e(x.balance)}</td></tr>"
        )
        for stream in x.partners():
            share = x.variance_shares.get(stream, Money(0))
            rows += (
                f"<tr><td>{_e(_NAMES[stream])}</td>"
                f"<td class=num>{_e(x.contribution(stream))}</td>"
                f"<td class=num>{_e(x.forecast_by_stream.get(stream, Money(0)))}</td>"
                f"<td class=num>{_e(share)}</td><td class=num>{_e(-share)}</td></tr>"
            )
    return (
        f"<h2>Pooled budgets</h2><p>Forecast made on {_e(fin.pools_as_of.isoformat())}; "
        "each partner bears the variance in proportion to what it put in.</p>"
        "<table><tr><th>Pool, then partner</th><th class=num>Put in</th>"
        "<th class=num>Forecast draw</th><th class=num>Variance</th>"
        f"<th class=num>Balance</th></tr>{rows}</table>"
    )


def _other_figures(report: Report) -> list[tuple[str, FundedFigure]]:
    """The drill-down's, the call-offs' and the provider groups' headline figures by stream,
    each with its name for people, in report order."""
    funding = report.funding
    if funding is None:
        return []
    out: list[tuple[str, FundedFigure]] = []
    year = report.overview.financial_year
    drill = report.borough
    if drill is not None:
        for f in _find(funding.borough, "borough.spend"):
            out.append((f"{drill.name}: spend {year}", f))
        for f in _find(funding.borough, "borough.attributed"):
            if f.split.amount.pence:
                out.append((f"{drill.name}: savings attributed {year}", f))
    if report.call_offs is not None:
        vehicles = {str(v.vehicle): v.name for v in report.call_offs.vehicles}
        for f in _find(funding.call_offs, "call_offs.total"):
            if f.financial_year == year and f.item is not None:
                out.append((f"Call-offs on {vehicles.get(f.item, f.item)} {year}", f))
    if report.market is not None:
        groups = {str(g.group): g.name for g in report.market.groups}
        for f in _find(funding.market, "market.group_spend"):
            if f.item is not None:
                out.append((f"{groups.get(f.item, f.item)}: spend {year}", f))
    return out


def finance_html(report: Report) -> str:
    """A chart of the month-end forecasts' error, the invoice summary and a table of the
    spend by funding stream per workstream."""
    out = ""
    fin = report.finance
    if fin is not None:
        chart = column_chart(
            f"Forecast {fin.financial_year} made at each month end minus the year's spend",
            [
                Bar(
                    label=m.as_of.strftime("%b"), values=(m.error.pence,), texts=(compact(m.error),)
                )
                for m in fin.month_ends
            ],
        )
        out += (
            "<h2>Forecast outturn</h2>"
            f"<figure>{chart}<figcaption>{_e(fin.method)}. The year's spend: "
            f"{_e(fin.outturn)}.</figcaption></figure>"
        )
        r = fin.reconciliation
        if r is not None:
            rows = "".join(
                f"<tr><td>{_e(x.reason.value)}</td><td class=num>{x.count}</td>"
                f"<td class=num>{_e(x.amount)}</td></tr>"
                for x in r.by_reason
            )
            out += (
                f"<h2>Invoices</h2><p>{len(r.result.checks):,} invoices from "
                f"{_e(r.input_name)} checked against the placements' charges.</p>"
                "<table><tr><th>Discrepancy</th><th class=num>Count</th>"
                f"<th class=num>Invoiced − expected</th></tr>{rows}</table>"
            )
        out += _pools_html(report)
    funding = report.funding
    if funding is not None:
        rows = ""
        for f in _find(funding.spend, "spend.by_workstream") + _find(funding.spend, "spend.total"):
            name = label(f.workstream) if f.workstream is not None else "All"
            cells = "".join(
                f"<td class=num>{_e(millions(f.split.part(s)))}</td>" for s, _ in _STREAMS
            )
            whole = _e(millions(f.split.amount))
            rows += f"<tr><td>{_e(name)}</td>{cells}<td class=num>{whole}</td></tr>"
        heads = "".join(f"<th class=num>{_e(n)}</th>" for _, n in _STREAMS)
        out += (
            f"<h2>Who pays</h2><table><tr><th>Spend {_e(report.overview.financial_year)}</th>"
            f"{heads}<th class=num>Total</th></tr>{rows}</table>"
        )
        others = ""
        for name, f in _other_figures(report):
            cells = "".join(
                f"<td class=num>{_e(millions(f.split.part(s)))}</td>" for s, _ in _STREAMS
            )
            whole = _e(millions(f.split.amount))
            others += f"<tr><td>{_e(name)}</td>{cells}<td class=num>{whole}</td></tr>"
        if others:
            out += (
                "<table><tr><th>The drill-down, call-offs and provider groups</th>"
                f"{heads}<th class=num>Total</th></tr>{others}</table>"
            )
        exact = ""
        for name, f in _weekly_and_forecast(report):
            cells = "".join(f"<td class=num>{_e(f.split.part(s))}</td>" for s, _ in _STREAMS)
            exact += f"<tr><td>{_e(name)}</td>{cells}<td class=num>{_e(f.split.amount)}</td></tr>"
        if exact:
            out += (
                "<table><tr><th>SEND weekly costs and the forecast cost</th>"
                f"{heads}<th class=num>Total</th></tr>{exact}</table>"
            )
        out += f"<p class=meta>{_e(funding.rule)}</p>"
    return out
