"""The report as one self-contained HTML page: inline CSS and SVG charts, no script, no font
or file fetched from anywhere, readable on screen and in print."""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

from slcp.domain import ServiceKind
from slcp.money import Money, round_decimal
from slcp.outcomes import SUPPRESSED, TOTAL
from slcp.render._common import (
    compact,
    millions,
    pct_text,
    return_pct,
    stability_shown,
    terminal_safe,
)
from slcp.render._finance import finance_html
from slcp.render._market_demand import demand_html
from slcp.render._send import send_html
from slcp.render._svg import Bar, bar_chart, column_chart, histogram
from slcp.report import Report, SpendLine, report_tables
from slcp.report._labels import ENGLAND_STABILITY_PCT, MEASURE_LABELS, label
from slcp.report._publish import published_measure

__all__ = ["render_html"]

_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d7de; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 980px; padding: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem;
  border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
.meta { color: var(--muted); font-size: .9rem; }
.banner { background: #fff4d6; border: 1px solid #e0b84c; padding: .5rem .75rem;
  margin: .75rem 0; font-weight: 600; }
.headline { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.headline div { border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .8rem; }
.headline b { display: block; font-size: 1.3rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .2rem .5rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .85rem; }
.lots { display: flex; flex-wrap: wrap; gap: 1rem; }
svg.chart { max-width: 100%; height: auto; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; }
  figure, table { break-inside: avoid; } .banner { border: 1px solid #000; } }
"""


def _e(text: object) -> str:
    # control characters are not allowed in HTML text: show them escaped, as in the terminal
    return html.escape(terminal_safe(str(text)), quote=True)


def _money_bar(name: str, amount: Money) -> Bar:
    return Bar(label=name, values=(amount.pence,), texts=(compact(amount),))


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _count(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value


def _overview(report: Report) -> str:
    o = report.overview
    d = report.disclosure
    returns = {b.gss_code: b for b in report.savings.roi} if report.savings else {}
    rows = []
    for b in o.boroughs:
        places = (
            f"{b.placements:,}"
            if d is None
            else _e(_count(d.count("placements", b.gss_code, "placements")))
        )
        r = returns.get(b.gss_code)
        gross = net = "-"
        if r is not None and r.year.is_defined:
            gross, net = pct_text(r.year.gross_return_pct()), pct_text(r.year.net_return_pct())
        rows.append(
            f"<tr><td>{_e(b.name)}</td><td>{_e(b.gss_code)}</td>"
            f"<td>{_e('+'.join(label(w) for w in b.workstreams) or '-')}</td>"
            f'<td class="num">{places}</td><td class="num">{_e(b.spend)}</td>'
            f'<td class="num">{_e(gross)}</td><td class="num">{_e(net)}</td></tr>'
        )
    return (
        "<h2>Boroughs</h2><table><thead><tr><th>Borough</th><th>GSS</th><th>Workstreams</th>"
        '<th class="num">Placements</th><th class="num">Spend</th>'
        '<th class="num">ROI gross</th><th class="num">ROI net</th></tr></thead><tbody>'
        + "".join(rows)
        + '<tr><th>Total</th><th></th><th></th><th class="num">'
        + (
            f"{sum(b.placements for b in o.boroughs):,}"
            if d is None or d.table("placements") is None  # internal, or no borough at all
            else _e(_count(d.count("placements", TOTAL, "placements")))
        )
        + "</th>"
        f'<th class="num">{_e(o.total_spend)}</th><th></th><th></th></tr></tbody></table>'
    )


def _spend(report: Report) -> str:
    s = report.spend
    if s is None:
        return ""
    recent = s.by_borough_year[-3:]
    names = [x.borough_name or x.borough or "-" for x in s.by_borough]
    amounts = [{x.borough_name or x.borough or "-": x.amount for x in lines} for _, lines in recent]
    # a borough with no spend in a year it did not belong to reads "not a member", not £0.00
    members = dict(s.members_by_year)
    codes = {x.borough_name or x.borough or "-": x.borough for x in s.by_borough}
    outside = [
        {n for n in names if y in members and codes[n] not in members[y] and n not in a}
        for (y, _), a in zip(recent, amounts, strict=True)
    ]
    by_borough = bar_chart(
        f"Spend by borough, {recent[0][0]} to {recent[-1][0]}"
        if recent
        else f"Spend {s.financial_year} by borough",
        [
            Bar(
                label=name,
                values=tuple(
                    None if name in out else a.get(name, Money(0)).pence
                    for a, out in zip(amounts, outside, strict=True)
                ),
                texts=tuple(
                    "not a member" if name in out else compact(a.get(name, Money(0)))
                    for a, out in zip(amounts, outside, strict=True)
                ),
            )
            for name in names
        ],
        series=tuple(str(y) for y, _ in recent),
    )
    by_year = column_chart(
        "Spend by financial year",
        [_money_bar(str(y.financial_year), y.amount) for y in s.by_financial_year],
    )
    by_service = bar_chart(
        f"Spend {s.financial_year} by kind of service",
        [_money_bar(label(x.service) if x.service else "-", x.amount) for x in s.by_service],
    )
    return (
        "<h2>Spend</h2>"
        + _figure(by_borough, "Spend by borough in the last three years, at the fees paid.")
        + _figure(by_year, "Spend by financial year, uplift rounds included.")
        + _figure(by_service, "Spend by kind of service.")
    )


def _fees(report: Report) -> str:
    f = report.fee_increases
    if f is None or not f.rounds:
        return ""
    chart = bar_chart(
        "Cost avoidance by fee-uplift round",
        [
            Bar(
                label=r.id,
                values=(r.in_year.pence, r.to_date.pence),
                texts=(compact(r.in_year), compact(r.to_date)),
            )
            for r in f.rounds
        ],
        series=("in its own year", f"to {f.horizon}"),
    )
    return "<h2>Annual fee increases</h2>" + _figure(
        chart,
        "Cost avoided by agreeing less than providers asked, per round: in the round's own year "
        f"and to {f.horizon}. Each round is measured with every other round as agreed.",
    )


def _savings(report: Report) -> str:
    s = report.savings
    if s is None:
        return ""
    in_year = {x.source: x.amount for x in s.by_source}
    sources = bar_chart(
        "Savings by source",
        [
            Bar(
                label=label(t.source),
                values=(in_year.get(t.source, Money(0)).pence, t.amount.pence),
                texts=(compact(in_year.get(t.source, Money(0))), compact(t.amount)),
            )
            for t in s.to_date_by_source
        ],
        series=(f"{s.financial_year}", "to date"),
    )
    boroughs = bar_chart(
        "Savings attributed to boroughs",
        [
            Bar(
                label=a.name,
                values=(a.savings.pence, a.to_date_savings.pence),
                texts=(compact(a.savings), compact(a.to_date_savings)),
            )
            for a in s.attribution
        ],
        series=(f"{s.financial_year}", "to date"),
    )
    roi_bars = []
    for b in s.roi:
        if not b.year.is_defined:
            roi_bars.append(Bar(label=b.name, values=(None, None), texts=("undefined", "")))
            continue
        gross, net = b.year.gross_return_pct(), b.year.net_return_pct()
        roi_bars.append(
            Bar(
                label=b.name + (" *" if b.assumption_flags else ""),
                values=(Decimal(gross), Decimal(net)),
                texts=(pct_text(gross), pct_text(net)),
            )
        )
    roi = bar_chart(f"Return on contribution {s.financial_year}", roi_bars, series=("gross", "net"))
    return (
        "<h2>Savings and return on investment</h2>"
        + _figure(sources, "Savings realised by source, in the year and to date.")
        + _figure(boroughs, f"Savings attributed to each borough ({s.method.value}: {s.rule}).")
        + _figure(
            roi,
            "Gross return: attributed savings ÷ contribution owed; net return: "
            "(savings − contribution) ÷ contribution. * rests on an assumption "
            "(a contribution or saving; see the assumptions above).",
        )
    )


def _scores(report: Report) -> str:
    c = report.scorecards
    if c is None:
        return ""
    lots: dict[str, list[int]] = {}
    for p in c.providers:
        if p.card.score is None:
            continue
        band = min(int(p.card.score // 10), 9)
        lots.setdefault(p.lot_name or "No lot", [0] * 10)[band] += 1
    charts = "".join(
        f"<figure>{histogram(f'Scores in {name}', counts)}"
        f"<figcaption>{_e(name)}: {sum(counts)} providers scored</figcaption></figure>"
        for name, counts in sorted(lots.items())
    )
    return (
        f"<h2>Provider scores</h2><p class=meta>{_e(c.framework)}, as of {c.as_of}. "
        f"Distribution of scores (0-100) by lot.</p><div class=lots>{charts}</div>"
    )


def _stability(report: Report) -> str:
    st = report.stability
    if st is None:
        return ""
    figures = []
    for key, text in MEASURE_LABELS:
        bars = []
        for name, result in [("Programme", st.programme)] + [
            (b.name or b.gss_code, b.result) for b in st.boroughs
        ]:
            m = getattr(result, key)
            shown = getattr(m, "percent_text", None)
            p = (
                None
                if report.disclosure is None
                else published_measure(report.disclosure, key, result.borough)
            )
            if p is not None and not p.shown:
                bars.append(Bar(label=name, values=(None,), texts=(SUPPRESSED,)))
                continue
            bars.append(
                Bar(
                    label=name,
                    values=(None if shown is None else Decimal(shown),),
                    texts=("n/a" if shown is None else pct_text(shown),),
                )
            )
        chart = bar_chart(
            f"Stability: {text}",
            bars,
            references=(
                ("England " + str(ENGLAND_STABILITY_PCT[key]) + "%", ENGLAND_STABILITY_PCT[key]),
            ),
        )
        figures.append(
            _figure(chart, f"{text}; dashed line: England ({ENGLAND_STABILITY_PCT[key]}%).")
        )
    return (
        f"<h2>Placement stability</h2><p class=meta>Year ending {st.year_ending}; DfE measures "
        "by borough against England (DfE, England 2025).</p>" + "".join(figures)
    )


def _market(report: Report) -> str:
    m = report.market
    if m is None:
        return ""
    supply = {x.service: x for x in m.supply}
    prices = {d.service: d for d in m.dispersion}
    rows = []
    for d in m.demand:
        x, pr = supply.get(d.service), prices.get(d.service)
        fees = (
            "<td></td><td></td><td></td>"
            if pr is None
            else f'<td class="num">{_e(pr.min_weekly)}</td>'
            f'<td class="num">{_e(pr.median_weekly)}</td><td class="num">{_e(pr.max_weekly)}</td>'
        )
        rows.append(
            f"<tr><td>{_e(label(d.service))}</td><td class=num>{d.children:,}</td>"
            f"<td class=num>{(x.places if x else 0):,}</td>"
            f"<td class=num>{(x.vacancies if x else 0):,}</td>{fees}</tr>"
        )
    demand = (
        "<table><thead><tr><th>Kind of placement</th><th class=num>Children placed</th>"
        "<th class=num>Places open</th><th class=num>Vacancies</th>"
        "<th class=num>Weekly fee: min</th><th class=num>median</th><th class=num>max</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    by = {(c.dimension, c.market, c.basis.value): c for c in m.concentration}
    markets = [(c.dimension, c.market, c.name) for c in m.concentration if c.basis.value == "spend"]
    crows = []
    for dimension, market, name in markets:
        cells = []
        for basis in ("spend", "places"):
            c = by.get((dimension, market, basis))
            cells.append(
                "<td></td><td></td>"
                if c is None
                else f'<td class="num">{_e(c.hhi_text)}</td><td class="num">{_e(c.top5_pct)}%</td>'
            )
        shown = label(ServiceKind(market)) if dimension == "service" else name
        level = by[(dimension, market, "spend")].level.value.replace("_", " ")
        crows.append(
            f"<tr><td>{_e(dimension)}</td><td>{_e(shown)}</td>{''.join(cells)}"
            f"<td>{_e(level)}</td></tr>"
        )
    concentration = (
        "<table><thead><tr><th>By</th><th>Market</th><th class=num>HHI (spend)</th>"
        "<th class=num>Top five (spend)</th><th class=num>HHI (places)</th>"
        "<th class=num>Top five (places)</th><th>Reads as (spend)</th></tr></thead><tbody>"
        + "".join(crows)
        + "</tbody></table>"
    )
    groups = "".join(
        f"<tr><td>{_e(g.name)}</td><td class=num>{g.members}</td>"
        f"<td class=num>{_e(g.spend)}</td><td class=num>{g.places:,}</td></tr>"
        for g in m.groups
    )
    if groups:
        groups = (
            "<table><thead><tr><th>Provider organisation</th><th class=num>Homes or schools</th>"
            "<th class=num>Spend in the year</th><th class=num>Children placed</th></tr></thead>"
            f"<tbody>{groups}</tbody></table>"
        )
    t = m.time_to_place
    placing = (
        f"<p>Awards in the year: {t.awards}; "
        f"{t.on_framework} placed on framework or DPS; days from referral to award: "
        f"{'-' if t.min_days is None else t.min_days} to "
        f"{'-' if t.max_days is None else t.max_days}.</p>"
    )
    asks = "".join(f"<li>{_e(x)}</li>" for x in m.statement)
    return (
        f"<h2>The market</h2><p class=meta>Children placed, places open and weekly fees on "
        f"{m.as_of}; concentration by organisation (homes and schools grouped under their "
        "owner): the Herfindahl-Hirschman index is the sum of squared shares in percent "
        "(0-10,000; above 1,000 concentrated, above 2,000 highly concentrated).</p>"
        + demand
        + concentration
        + groups
        + placing
        + f"<h3>What the partnership wants from the market</h3><ul>{asks}</ul>"
    )


def _rows(head: tuple[str, ...], rows: list[tuple[object, ...]], numeric: int = 1) -> str:
    """A small table: ``head`` as its header, the last ``numeric`` columns right-aligned."""

    def cell(i: int, value: object, tag: str) -> str:
        right = ' class="num"' if i >= len(head) - numeric else ""
        return f"<{tag}{right}>{_e(value)}</{tag}>"

    top = "".join(cell(i, h, "th") for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell(i, v, "td") for i, v in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _borough(report: Report) -> str:
    """One borough's drill-down (``slcp report --borough``): the figures the text shows."""
    d = report.borough
    if d is None:
        return ""
    year = report.overview.financial_year

    def lines(xs: tuple[SpendLine, ...], name: str, what: Callable[[SpendLine], str]) -> str:
        return _rows((name, "Spend"), [(what(x), x.amount) for x in xs])

    parts = [
        f"<h2>Drill-down: {_e(d.name)} ({_e(d.gss_code)})</h2>",
        f"<p>Spend {year}: {_e(d.spend)}. Savings credited: {_e(d.attributed)} in the year, "
        f"{_e(d.attributed_to_date)} to date (* rests on an assumption).</p>",
        lines(
            d.spend_by_workstream,
            "Workstream",
            lambda x: label(x.workstream) if x.workstream else "-",
        ),
        lines(d.spend_by_lot, "Lot", lambda x: x.lot_name or "-"),
        lines(d.spend_by_service, "Service", lambda x: label(x.service) if x.service else "-"),
        "<h3>Savings it is credited with</h3>",
        _rows(
            ("Record", "Source", "Year", "Share", "How", "Evidence", "Its part"),
            [
                (
                    c.id + ("*" if c.basis.is_assumption else ""),
                    c.source.value,
                    c.financial_year,
                    f"{c.share.numerator}/{c.share.denominator} of {c.record_amount}"
                    f" ({c.method.value})",
                    c.how,
                    c.evidence,
                    c.amount,
                )
                for c in d.savings
            ],
        ),
    ]
    if d.avoidance:
        parts.append("<h3>Fee-increase avoidance on its placements</h3>")
        parts.append(
            _rows(
                ("Round", "Year", "Avoided"),
                [(a.round_id, a.financial_year, a.amount) for a in d.avoidance],
            )
        )
    if d.contributions:
        parts.append("<h3>Contributions (full-year amounts)</h3>")
        parts.append(
            _rows(
                ("Workstream", "Year", "Amount"),
                [(label(k.workstream), k.financial_year, k.amount) for k in d.contributions],
            )
        )
    if d.roi is not None:
        flags = " and ".join(d.roi.assumption_flags)
        parts.append(
            f"<p>Return {year}: gross {_e(return_pct(d.roi.year, 'gross'))}, net "
            f"{_e(return_pct(d.roi.year, 'net'))}; to date gross "
            f"{_e(return_pct(d.roi.to_date, 'gross'))}, net "
            f"{_e(return_pct(d.roi.to_date, 'net'))}"
            + (f" (* rests on an assumed {_e(flags)})" if flags else "")
            + "</p>"
        )
    if d.providers:
        parts.append("<h3>Its providers</h3>")
        parts.append(
            _rows(
                ("Provider", "Score 0-100", "Open concerns"),
                [
                    (
                        p.name,
                        "-" if p.card.score is None else f"{round_decimal(p.card.score, 2):f}",
                        p.open_concerns,
                    )
                    for p in d.providers
                ],
                numeric=2,
            )
        )
    if d.stability is not None:
        parts.append("<h3>Stability</h3>")
        parts.append(
            _rows(
                ("Measure", "Children", "Cohort", "Percent", "England"),
                [
                    (
                        m.label,
                        "-" if m.numerator is None else m.numerator,
                        "-" if m.denominator is None else m.denominator,
                        f"not available ({m.reason})" if m.reason is not None else m.percent or "-",
                        f"{m.england_pct}%",
                    )
                    for m in stability_shown(d.stability.result, report.disclosure)
                ],
                numeric=4,
            )
        )
    return "".join(parts)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (UTF-8 text): header and provenance, a
    synthetic-data banner when it applies, headline figures, the borough table and inline
    SVG charts — spend by borough and year, cost avoidance by round, savings by source and
    borough, ROI, provider score distribution by lot, stability by borough against England —
    the market (demand, places, fees, concentration, what the partnership wants) and the
    list of tables available in CSV and Excel. No scripts, fonts or network access.
    A published report (:func:`~slcp.report.publish`) states its disclosure rule and shows
    its protected counts and their percentages as ``c``; any other report carries an
    "Internal: not for publication" banner.
    """
    o, p = report.overview, report.provenance
    banner = (
        '<p class="banner">Synthetic sample: these figures are modelled, not any council\'s '
        "real data.</p>"
        if p.synthetic
        else ""
    )
    if report.disclosure is not None:
        banner += (
            f'<p class="meta">Published: {_e(report.disclosure.rule)}; a percentage is '
            "shown only where both its counts are"
            + (f"; {_e(report.disclosure.withheld_text)}" if report.disclosure.withheld else "")
            + ".</p>"
        )
    else:
        banner += (
            '<p class="banner">Internal: not for publication. Counts of children below '
            "the disclosure threshold are shown as they are (publish with "
            "<code>slcp report --publish</code>).</p>"
        )
    if p.assumptions:
        banner += (
            '<details class="assumptions"><summary>Assumptions in force (figures marked * '
            "rest on them)</summary><ul>"
            + "".join(
                f"<li>* <b>{_e(a.subject)}</b>: {_e(a.source.citation)} — {_e(a.affects)}"
                + ("" if a.amount is None else f" ({_e(a.amount)} to date)")
                + "</li>"
                for a in p.assumptions
            )
            + "</ul></details>"
        )
    cards = [("Spend " + str(o.financial_year), millions(o.total_spend))]
    if report.savings is not None:
        cards.append(("Savings in the year", millions(report.savings.total)))
        cards.append(("Savings to date", millions(report.savings.to_date)))
    if report.fee_increases is not None and report.fee_increases.rounds:
        cards.append(
            ("Fee-increase avoidance to date", millions(report.fee_increases.total_to_date))
        )
    headline = "".join(f"<div>{_e(k)}<b>{_e(v)}</b></div>" for k, v in cards)
    tables = "".join(
        f"<li><code>{_e(name)}</code>: {_e(t.title)} ({len(t):,} rows)</li>"
        for name, t in report_tables(report).items()
    )
    digest = f" (SHA-256 {_e(p.input_sha256)})" if p.input_sha256 else ""
    body = (
        f"<h1>{_e(o.programme)} — {_e(o.financial_year)}</h1>"
        f'<p class="meta">Host: {_e(o.host_name)} · input: {_e(p.input_name)}{digest} · '
        f"slcp {_e(p.slcp_version)} · attribution: {_e(p.attribution.value)} · "
        f"as of {p.as_of}</p>{banner}<div class=headline>{headline}</div>"
        + _overview(report)
        + _spend(report)
        + _fees(report)
        + _savings(report)
        + _scores(report)
        + _stability(report)
        + _borough(report)
        + send_html(report.send)
        + _market(report)
        + demand_html(report)
        + finance_html(report)
        + f"<h2>Tables</h2><p>Every figure is also a table (<code>slcp report --format csv</code>"
        f" or <code>xlsx</code>):</p><ul>{tables}</ul>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(o.programme)} — {_e(o.financial_year)}</title><style>{_CSS}</style>"
        f"</head><body>{body}</body></html>\n"
    )
