"""The report as plain text for a terminal: short by default, everything with ``full``."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from fractions import Fraction

from slcp.domain import ServiceKind
from slcp.money import Money, round_decimal
from slcp.outcomes import TOTAL, PublishedCount
from slcp.outcomes.stability import StabilityResult
from slcp.render._common import millions, pct_text, return_pct, stability_shown, terminal_safe
from slcp.render._market_demand import demand_text
from slcp.render._send import send_text
from slcp.report import Disclosure, Report, Savings, Scorecards
from slcp.report._labels import label
from slcp.savings import to_pct

__all__ = ["render_text"]

#: Providers shown at each end of each lot in the short report.
_ENDS = 2
#: The widest a name column grows in the short report (longer names are cut with "…").
_SHORT_NAME = 22


def _fit(text: str, width: int | None) -> str:
    text = terminal_safe(text)
    if width is not None and len(text) > width:
        return text[: width - 1] + "…"
    return text


def _header(report: Report) -> list[str]:
    o, p = report.overview, report.provenance
    lines = [f"{terminal_safe(o.programme)} — financial year {o.financial_year}"]
    if p.synthetic:
        lines.append("SYNTHETIC SAMPLE: modelled figures, not any council's real data.")
    digest = f" (sha256 {p.input_sha256[:12]}…)" if p.input_sha256 else ""
    lines.append(
        f"slcp {p.slcp_version} · input: {terminal_safe(p.input_name)}{digest} · "
        f"attribution: {p.attribution.value}"
    )
    lines.append(f"Host: {terminal_safe(o.host_name)}")
    if report.disclosure is not None:
        lines.append(f"Published: {report.disclosure.rule}.")
        if report.disclosure.withheld:
            lines.append(f"Published: {report.disclosure.withheld_text}.")
    return lines


def _count(report: Report, table: str, row: str, column: str, true: int) -> PublishedCount:
    """A count as this report shows it: the published figure when published, else ``true``."""
    d = report.disclosure
    if d is None or d.table(table) is None:
        # no published table: the report is internal, or the table had no rows to count
        # (a total over nothing is 0)
        return true
    return d.count(table, row, column)


def _n(value: PublishedCount) -> str:
    return f"{value:,}" if isinstance(value, int) else value


def _headline(report: Report) -> list[str]:
    o = report.overview
    parts = [f"Spend {millions(o.total_spend)} ({o.total_spend})"]
    lines = ["", "Headline"]
    lines.append("  " + parts[0])
    s = report.savings
    if s is not None:
        lines.append(f"  Savings {millions(s.total)} in the year, {millions(s.to_date)} to date")
        agg = s.programme.year.aggregate
        if agg.is_defined:
            lines.append(
                f"  Return on contributions: gross {return_pct(agg, 'gross')}, "
                f"net {return_pct(agg, 'net')}"
                f" (contributions {millions(agg.contribution)})"
                + ("*" if any(b.assumption_flags for b in s.roi) else "")
            )
    f = report.fee_increases
    if f is not None and f.rounds:
        lines.append(f"  Fee-increase cost avoidance to date {millions(f.total_to_date)}")
    return lines


def _borough_table(report: Report, full: bool) -> list[str]:
    o = report.overview
    returns = {b.gss_code: b for b in report.savings.roi} if report.savings else {}
    attributed = (
        {a.gss_code: a.savings for a in report.savings.attribution} if report.savings else {}
    )
    names = [terminal_safe(b.name) for b in o.boroughs] + ["Total"]
    width = max(len(n) for n in names)
    if not full:
        width = min(width, _SHORT_NAME)
    lines = [
        "",
        f"{'Borough':<{width}} {'Places':>6} {'Spend':>15} {'Savings':>13} "
        f"{'ROI gross':>9} {'ROI net':>9}",
    ]
    for b in o.boroughs:
        r = returns.get(b.gss_code)
        saving = attributed.get(b.gss_code)
        places = _count(report, "placements", b.gss_code, "placements", b.placements)
        lines.append(
            f"{_fit(b.name, width):<{width}} {places!s:>6} {b.spend!s:>15} "
            f"{'' if saving is None else str(saving):>13} "
            f"{'-' if r is None else return_pct(r.year, 'gross'):>9} "
            f"{'-' if r is None else return_pct(r.year, 'net'):>9}"
            + ("*" if r is not None and r.assumption_flags else "")
        )
    total_savings = sum(attributed.values(), Money(0))
    total = _count(report, "placements", TOTAL, "placements", sum(b.placements for b in o.boroughs))
    lines.append(f"{'Total':<{width}} {total!s:>6} {o.total_spend!s:>15} {total_savings!s:>13}")
    lines.append("Places: placements active in the year. ROI gross: the year's attributed savings")
    lines.append("over the contribution owed; net: (savings - contribution) / contribution.")
    if any(b.assumption_flags for b in returns.values()):
        lines.append("* rests on an assumption (a contribution or saving; see Assumptions).")
    return lines


def _borough(report: Report) -> list[str]:
    d = report.borough
    if d is None:
        return []
    lines = ["", f"Drill-down: {terminal_safe(d.name)} ({d.gss_code})"]
    lines.append(f"  Spend {report.overview.financial_year}: {d.spend}")
    for x in d.spend_by_workstream:
        lines.append(f"    {label(x.workstream) if x.workstream else '-':<42}{x.amount!s:>18}")
    lines.append("  by lot:")
    for x in d.spend_by_lot:
        lines.append(f"    {_fit(x.lot_name or '-', 42):<42}{x.amount!s:>18}")
    lines.append("  by service:")
    for x in d.spend_by_service:
        lines.append(f"    {label(x.service) if x.service else '-':<42}{x.amount!s:>18}")
    lines.append(f"  Savings credited: {d.attributed} in the year, {d.attributed_to_date} to date")
    lines.append(f"  ({len(d.savings)} records, each with its share; * rests on an assumption)")
    for c in d.savings:
        mark = "*" if c.basis.is_assumption else ""
        lines.append(f"    {_fit(c.id, 44):<44}{c.amount!s:>15}{mark}")
        lines.append(
            f"      {c.source.value}, {c.financial_year}: {c.share.numerator}/"
            f"{c.share.denominator} of {c.record_amount} ({c.method.value})"
        )
        lines.append(f"      how: {_fit(c.how, 68)}")
        lines.append(f"      evidence: {_fit(c.evidence, 62)}")
    if d.avoidance:
        lines.append("  Fee-increase avoidance on its placements, by round and year:")
        for a in d.avoidance:
            lines.append(f"    {a.round_id:<18}{a.financial_year!s:<10}{a.amount!s:>18}")
    if d.contributions:
        lines.append("  Contributions (full-year amounts):")
        for k in d.contributions:
            lines.append(f"    {label(k.workstream):<6}{k.financial_year!s:<10}{k.amount!s:>14}")
    if d.roi is not None:
        lines.append(
            f"  Return {report.overview.financial_year}: gross {return_pct(d.roi.year, 'gross')}, "
            f"net {return_pct(d.roi.year, 'net')}; "
            f"to date gross {return_pct(d.roi.to_date, 'gross')}, "
            f"net {return_pct(d.roi.to_date, 'net')}"
        )
        if d.roi.assumption_flags:
            lines.append("    * rests on an assumed " + " and ".join(d.roi.assumption_flags))
    if d.providers:
        lines.append("  Its providers (score 0-100, open concerns):")
        for p in d.providers:
            score = "-" if p.card.score is None else _two(p.card.score / 100)
            lines.append(f"    {_fit(p.name, 44):<44}{score:>8}{p.open_concerns:>6}")
    if d.stability is not None:
        lines.append("  Stability (England in brackets):")
        lines += ["  " + x for x in _stability_rows(d.stability.result, report.disclosure)]
    return lines


def _assumptions(report: Report, full: bool) -> list[str]:
    p = report.provenance
    if not p.assumptions:
        return []
    lines = ["", "Assumptions in force (figures marked * rest on them)"]
    if full:
        for a in p.assumptions:
            amount = "" if a.amount is None else f" — {a.amount} to date"
            lines.append(f"  * {terminal_safe(a.subject)}{amount}")
            lines.append(f"      {terminal_safe(a.source.citation)}")
        return lines
    counts: dict[str, int] = {}
    for a in p.assumptions:
        counts[a.subject] = counts.get(a.subject, 0) + 1
    words = [f"{k} ({n})" if n > 1 else k for k, n in counts.items()]
    line = " "
    for w in [*words[:-1], words[-1] + "; every one with --full."]:
        piece = f" {terminal_safe(w)}{'' if w.endswith('.') else ';'}"
        if len(line) + len(piece) > 80:
            lines.append(line)
            line = " "
        line += piece
    lines.append(line)
    return lines


def _spend(report: Report, full: bool) -> list[str]:
    s = report.spend
    if s is None:
        return []
    lines = [
        "",
        f"Spend {s.financial_year}: "
        + "; ".join(
            f"{label(x.workstream) if x.workstream else '-'} {x.amount}" for x in s.by_workstream
        ),
    ]
    for x in sorted(s.by_service, key=lambda x: -x.amount.pence):
        lines.append(f"  {label(x.service) if x.service else '-':<36}{x.amount!s:>18}")
    if full:
        lines.append("  by lot (no lot: spot purchases, in-house and block contracts):")
        lines += [f"    {_fit(x.lot_name or '-', None):<44}{x.amount!s:>18}" for x in s.by_lot]
        lines.append("  by year:")
        lines += [f"    {y.financial_year!s:<10}{y.amount!s:>18}" for y in s.by_financial_year]
    else:
        no_lot = [x for x in s.by_lot if x.lot is None]
        if no_lot:
            lines.append(
                f"  Outside any lot (spot, in-house or block): {millions(no_lot[0].amount)}"
            )
    return lines


def _fees(report: Report, full: bool) -> list[str]:
    f = report.fee_increases
    if f is None or not f.rounds:
        return []
    shown = f.rounds if full else tuple(r for r in f.rounds if r.financial_year == f.horizon)
    lines = ["", f"Annual fee increases ({'all rounds' if full else f.horizon!s})"]
    lines.append(f"  {'Round':<18}{'Places':>7}{'Asked':>8}{'Agreed':>8}{'Avoided in year':>18}")
    for r in shown:
        places = _count(report, "fee_round_placements", r.id, "placements", r.placements)
        lines.append(
            f"  {_fit(r.id, 18):<18}{places!s:>7}"
            f"{pct_text(_two(r.requested_average)):>8}{pct_text(_two(r.agreed_average)):>8}"
            f"{r.in_year!s:>18}"
        )
    for c in f.cumulative_by_workstream:
        lines.append(
            f"  {label(c.workstream)} avoided since {c.since} (to {c.through}): {c.amount}"
        )
    if f.conventions:
        one = sum((c.per_round for c in f.conventions), Money(0))
        every = sum((c.all_rounds for c in f.conventions), Money(0))
        lines.append(
            f"  Figures {f.convention}; all rounds together {every} (interaction {every - one})"
        )
    return lines


def _call_offs(report: Report, full: bool) -> list[str]:
    c = report.call_offs
    if c is None:
        return []
    if not full:
        # one line under the fee increases: the year's count and value per vehicle
        this_year = c.financial_year.range
        parts = [
            f"{'DPS' if v.kind == 'dps' else v.kind} {v.activity.call_offs_in(this_year)} "
            f"{millions(v.activity.value_in(this_year))}"
            for v in c.vehicles
        ]
        return [f"  Call-offs {c.financial_year} (cost to year end): " + "; ".join(parts)]
    lines = ["", "Call-offs by year and lot (value: cost from each start to the year's end)"]
    for v in c.vehicles:
        for year in v.years:
            period = year.range
            lines.append(
                f"  {_fit(v.name, 52):<52} {year!s:<8}{v.activity.call_offs_in(period):>5}"
                f"{v.activity.value_in(period)!s:>15}"
            )
            for line in v.activity.lines:
                if line.period == period:
                    name = v.lot_names.get(line.lot, line.lot) if line.lot else "-"
                    lines.append(f"    {_fit(name, 56):<56}{line.call_offs:>5}{line.value!s:>15}")
    return lines


def _two(value: Fraction) -> str:
    return f"{round_decimal(value * 100, 2):f}"


def _savings(s: Savings | None, full: bool) -> list[str]:
    if s is None:
        return []
    lines = ["", f"Savings {s.financial_year} by source ({s.method.value} attribution)"]
    for x in s.by_source:
        mark = "*" if x.source in s.assumed_sources else ""
        lines.append(f"  {label(x.source):<34}{x.amount!s:>18}{mark}")
    if s.business_case is not None and full:
        check = s.business_case
        low, high = _share(check.low.fraction, 0), _share(check.high.fraction, 0)
        lines.append(
            f"  All spend (not the business case's basis): savings "
            f"{pct_text(_share(check.share))}; band {pct_text(low)}-{pct_text(high)}"
        )
    for f in s.framework_business_cases:
        lines.append(f"  {_fit(f.name, 40)} business case (5%-8%), live {f.go_live}:")
        for y in f.years:
            if not full and y.financial_year != s.financial_year:
                continue
            if y.check is None:
                lines.append(f"    {y.financial_year}: {y.note}")
                continue
            part = "; part year" if y.live_days < y.financial_year.range.days else ""
            lines.append(
                f"    {y.financial_year}: savings {pct_text(_share(y.check.share))} of "
                f"{millions(y.spend)} framework spend ({y.check.verdict.value}{part})"
            )
    if full:
        lines.append(f"  Attribution rule: {s.rule}")
        lines.append("  Return to date (gross / net) and payback:")
        for b in s.roi:
            when = b.payback.paid_back_on.isoformat() if b.payback.paid_back_on else "not yet"
            lines.append(
                f"    {terminal_safe(b.name):<22}{return_pct(b.to_date, 'gross'):>10}"
                f"{return_pct(b.to_date, 'net'):>10}  paid back {when}"
            )
            for w in b.workstreams:
                lines.append(
                    f"      {label(w.workstream):<20}{return_pct(w.year, 'gross'):>10}"
                    f"{return_pct(w.year, 'net'):>10}  (year)"
                )
    return lines


def _share(value: Fraction, places: int = 2) -> str:
    return to_pct(value, places=places)


def _providers(c: Scorecards | None, full: bool) -> list[str]:
    if c is None:
        return []
    lines = [
        "",
        f"Provider scores 0-100 as of {c.as_of}, best and lowest per lot",
        f"({terminal_safe(c.framework)}):",
    ]
    if not full:  # one line a lot: (lot and count) best, score, lowest, score
        lines[1:] = [
            _fit(f"Provider scores 0-100 as of {c.as_of} ({terminal_safe(c.framework)})", 80),
            f"  {'Lot (providers scored)':<27} {'best':<24}  lowest",
        ]
    lots: dict[str, list[tuple[str, str, int | None]]] = {}
    unscored = 0
    for p in c.providers:
        if p.card.display is None:
            unscored += 1
            continue
        lot = p.lot_name or "No lot (spot, in-house or block)"
        lots.setdefault(lot, []).append((p.name, p.card.display, p.rank_in_lot))
    width = max((len(terminal_safe(n)) for ps in lots.values() for n, _, _ in ps), default=10)
    width = width if full else min(width, _SHORT_NAME)
    for lot, providers in sorted(lots.items()):
        ranked = sorted(providers, key=lambda p: (-_tenths(p[1]), p[0]))
        if full:
            lines.append(f"  {_fit(lot, None)} ({len(ranked)} scored)")
            lines += [
                f"    {i:>3}. {_fit(name, width):<{width}} {score:>6}"
                for i, (name, score, _) in enumerate(ranked, 1)
            ]
            continue
        best, lowest = ranked[0], ranked[-1]
        text = f"  {_fit(f'{lot} ({len(ranked)})', 27):<27} {_fit(best[0], 18):<18}{best[1]:>6}"
        if len(ranked) > 1:
            text += f"  {_fit(lowest[0], 18):<18}{lowest[1]:>6}"
        lines.append(text)
    if unscored:
        lines.append(f"  {unscored} provider(s) had no KPI data in the year (not scored)")
    if full:
        lines.append("  KPIs: " + "; ".join(terminal_safe(k.kpi.name) for k in c.kpis))
    return lines


def _finance(report: Report, full: bool) -> list[str]:
    """The finance sections' text; their renderer is imported only when there are some."""
    if report.finance is None and report.funding is None:
        return []
    from slcp.render._finance import finance_text

    return finance_text(report, full)


def _tenths(score: str) -> int:
    """A display score (``"66.7"``) as an integer of tenths, for sorting without floats."""
    whole, _, frac = score.partition(".")
    return int(whole) * 10 + (int(frac[:1]) if frac else 0)


def _stability(report: Report, full: bool) -> list[str]:
    st = report.stability
    if st is None:
        return []
    lines = ["", f"Placement stability, year ending {st.year_ending} (England in brackets)"]
    lines += _stability_rows(st.programme, report.disclosure)
    if full:
        for b in st.boroughs:
            lines.append(f"  {terminal_safe(b.name or b.gss_code)}:")
            lines += ["  " + x for x in _stability_rows(b.result, report.disclosure)]
    if report.icas is not None:
        i = report.icas
        agreements = _count(report, "ica_agreements", "agreements", "count", i.agreements)
        outcomes = [(s, _count(report, "ica_outcomes", s.value, "count", n)) for s, n in i.outcomes]
        lines.append(f"ICAs with a placement in the year: {_n(agreements)}; their outcomes:")
        lines.append("  " + ", ".join(f"{label(s).lower()} {_n(n)}" for s, n in outcomes))
        if full:
            reviews = [
                (t, _count(report, "ica_reviews", t.value, "count", n)) for t, n in i.reviews
            ]
            lines.append(
                "  Reviews due: " + ", ".join(f"{label(t).lower()} {n}" for t, n in reviews)
            )
    return lines


def _stability_rows(result: StabilityResult, disclosure: Disclosure | None) -> list[str]:
    rows = []
    for m in stability_shown(result, disclosure):
        england = f"({m.england_pct}%)"
        if m.reason is not None:
            rows.append(f"  {m.label}: not available ({m.reason}) {england}")
        elif m.denominator == 0:
            rows.append(f"  {m.label}: no children in the cohort {england}")
        else:
            rows.append(f"  {m.label}: {m.numerator} of {m.denominator} = {m.percent} {england}")
    return rows


def _market(report: Report, full: bool) -> list[str]:
    m = report.market
    if m is None:
        return []
    placed = sum(d.children for d in m.demand)
    places = sum(x.places for x in m.supply)
    vacancies = sum(x.vacancies for x in m.supply)
    lines = ["", f"Market on {m.as_of}"]
    lines.append(
        f"  Placed with providers: {placed:,} children; open: {places:,} places "
        f"in {vacancies:,} vacancies"
    )
    lots = [
        c for c in m.concentration if c.dimension == "lot" and c.market and c.basis.value == "spend"
    ]
    if lots:
        top = max(lots, key=lambda c: (c.hhi, c.market))
        lines.append(f"  Most concentrated lot by spend: {_fit(top.name, 34)}, HHI {top.hhi_text}")
    t = m.time_to_place
    if t.awards:
        share = round_decimal(Fraction(100 * t.on_framework, t.awards), 1)
        median = round_decimal(t.median_days or Fraction(0), 1)
        lines.append(
            f"  Awards in the year: {t.awards}, median {median:f} days to place, "
            f"{t.on_framework} on framework ({share:f}%)"
        )
    if not full:
        return lines
    supply = {x.service: x for x in m.supply}
    prices = {d.service: d for d in m.dispersion}
    lines.append(
        f"  {'Kind of placement':<27}{'placed':>8}{'places':>8}  weekly fee min/median/max"
    )
    for d in m.demand:
        x, pr = supply.get(d.service), prices.get(d.service)
        fee = "" if pr is None else f"  {pr.min_weekly} / {pr.median_weekly} / {pr.max_weekly}"
        lines.append(f"  {label(d.service):<27}{d.children:>8,}{(x.places if x else 0):>8,}{fee}")
    lines.append(f"  {'Concentration: HHI; top-five share':<42}{'by spend':>16} {'by places':>16}")
    spend = {(c.dimension, c.market): c for c in m.concentration if c.basis.value == "spend"}
    for c in m.concentration:
        if c.basis.value != "places":
            continue
        by_spend = spend.get((c.dimension, c.market))
        left = "-" if by_spend is None else f"{by_spend.hhi_text}; {by_spend.top5_pct}%"
        name = label(ServiceKind(c.market)) if c.dimension == "service" else c.name
        right = f"{c.hhi_text}; {c.top5_pct}%"
        lines.append(f"    {_fit(name, 40):<40}{left:>16} {right:>16}")
    if m.groups:
        lines.append(
            "  Provider organisations: homes or schools, spend in the year, children placed"
        )
        lines += [
            f"    {_fit(g.name, 34):<34}{g.members:>4}  {millions(g.spend):>8}{g.places:>6}"
            for g in m.groups
        ]
    lines.append("  What the partnership wants from the market:")
    for said in m.statement:
        lines += textwrap.wrap(
            terminal_safe(said), 80, initial_indent="    - ", subsequent_indent="      "
        )
    return lines


def render_text(report: Report, *, full: bool = False) -> str:
    """The report as text: headline figures, the borough table, spend by service, the
    year's fee increases, savings, the best and lowest-scoring providers by name per lot,
    stability against England and the market in three lines — about 80 lines of at most 80
    columns. ``full`` adds every
    breakdown (spend by lot and year, every round, ROI per workstream and payback, every
    provider, stability per borough, the market by kind of placement and lot) and lets name
    columns grow to the longest name.

    Names from the data are escaped (control characters shown as ``\\x1b``), so printing a
    report cannot drive the terminal. A published report (:func:`~slcp.report.publish`)
    says so under the header and shows its protected counts as published (``c``).
    """
    sections: Sequence[list[str]] = (
        _header(report),
        _headline(report),
        _borough_table(report, full),
        _spend(report, full),
        _fees(report, full),
        _call_offs(report, full),
        _savings(report.savings, full),
        _providers(report.scorecards, full),
        _stability(report, full),
        _finance(report, full),
        _assumptions(report, full),
        _borough(report),
        send_text(report.send, full),
        _market(report, full),
        demand_text(report, full),
    )
    return "\n".join(line for s in sections for line in s) + "\n"
