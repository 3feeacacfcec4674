"""The market section's demand outlook in the text and HTML reports (reads the model only).

Children are shown to one decimal in text (the model counts thousandths: JSON and the tables
keep all three), money in millions in text and to the penny in HTML; the forecast cost is
marked ``*`` as an assumption, as the assumptions list says.
"""

from __future__ import annotations

import html
import textwrap
from fractions import Fraction

from slcp.demand import UNITS_PER_CHILD, DemandOutlook, PlacementGroup, ProjectedCount
from slcp.domain import SOUTH_LONDON_BOROUGHS
from slcp.money import round_decimal
from slcp.render._common import millions, terminal_safe
from slcp.report import Report
from slcp.report._labels import label

__all__ = ["demand_html", "demand_text"]


def _e(text: object) -> str:
    return html.escape(terminal_safe(str(text)), quote=True)


def _one(units: int) -> str:
    """Thousandths of a child as children to one decimal, rounded half up (display only)."""
    return f"{round_decimal(Fraction(units, UNITS_PER_CHILD), 1):,f}"


def _range(c: ProjectedCount) -> str:
    return f"{_one(c.central_units)} [{_one(c.low_units)} to {_one(c.high_units)}]"


def _interval(o: DemandOutlook) -> str:
    f = o.forecast
    if f is None or f.bootstrap is None:
        return "no interval"
    b = f.bootstrap
    return f"{b.level_pct}% interval from {b.resamples} resamples"


def _partnership(o: DemandOutlook) -> list[ProjectedCount]:
    return [] if o.forecast is None else [c for c in o.forecast.counts if c.all_areas]


def demand_text(report: Report, full: bool) -> list[str]:
    """Lines closing the market section: children now and projected, the forecast cost and
    SEND placements in two lines (with a registered places table, a third and the boroughs
    short of places on the last projected 31 March); ``full`` adds the
    model, every group and borough, the assumptions and every sufficiency gap."""
    o = report.market_demand
    if o is None:
        return []
    f = o.forecast
    lines: list[str] = []
    if full:
        lines.append(f"  Demand from {o.census_day:%d %B %Y}, {o.years} years on; {_interval(o)}")
    if f is None:
        lines.append("  Looked after: no SSDA903 episodes cover the census day")
    else:
        now = sum(sum(row) for _, row in f.start)
        horizon = f.census_months[-1]
        every = [c for c in _partnership(o) if c.group is None and c.month == horizon]
        level = "" if f.bootstrap is None else f" ({f.bootstrap.level_pct}%)"
        lines.append(
            f"  Looked after {now:,} now, "
            + (_range(every[0]) if every else "-")
            + f" on 31 March {horizon.year}{level}"
        )
    said: list[str] = []
    if o.cost is not None and o.cost.total.years:
        first, last_year = o.cost.total.years[0], o.cost.total.years[-1]
        said.append(
            f"Cost* {millions(first.total)} in {first.year}, "
            f"{millions(last_year.total)} in {last_year.year}"
        )
    if o.send:
        total = sum((s.projected[-1][1] for s in o.send), Fraction(0))
        said.append(f"SEND {sum(s.now for s in o.send):,} now, {round_decimal(total, 1):,f} then")
    if said:
        lines.append("  " + "; ".join(said))
    if o.registered_places is not None:
        last = o.sufficiency[-1].month if o.sufficiency else None
        short = [
            g.group.value
            for g in o.sufficiency
            if g.month == last and g.all_areas and g.is_shortfall
        ]
        lines.append(
            f"  Registered places {sum(p.places for p in o.registered_places):,}"
            + ("" if last is None else f"; on 31 March {last.year}")
            + f" short of: {', '.join(short) or 'nothing'}"
        )
        lines += _short_by_borough(o)
    if full:
        lines += _full_text(o)
    return lines


_NAMES = {b.gss_code: b.name for b in SOUTH_LONDON_BOROUGHS}


def _short_by_borough(o: DemandOutlook) -> list[str]:
    """The boroughs short of places on the last projected 31 March, by group, with the
    shortfall in children to one decimal; nothing when none is short."""
    last = o.sufficiency[-1].month if o.sufficiency else None
    parts: list[str] = []
    for group in PlacementGroup:
        short = [
            f"{_NAMES.get(g.area, g.area)} "
            f"+{_one(g.projected.central_units - UNITS_PER_CHILD * g.registered_places)}"
            for g in o.sufficiency
            if g.month == last
            and g.group is group
            and not g.all_areas
            and g.area is not None
            and g.is_shortfall
        ]
        if short:
            parts.append(f"{group.value} in {', '.join(short)}")
    if not parts:
        return []
    return textwrap.wrap(
        terminal_safe("Short by borough: " + "; ".join(parts)),
        80,
        initial_indent="  ",
        subsequent_indent="    ",
    )


def _full_text(o: DemandOutlook) -> list[str]:
    lines: list[str] = []
    f = o.forecast
    if f is not None:
        lines.append("    Looked after, the partnership:")
        for c in _partnership(o):
            group = "all groups" if c.group is None else c.group.value
            lines.append(f"      {c.month.year}  {group:<12} {_range(c)}")
        horizon = f.census_months[-1]
        lines.append(f"    By borough, 31 March {horizon.year}:")
        for c in f.counts:
            if c.month == horizon and not c.all_areas and c.group is None:
                lines.append(f"      {c.area or 'no borough':<10} {_range(c)}")
    if o.cost is not None:
        lines.append(f"    Forecast cost* (uplift {o.expected_uplift} a year):")
        for y in o.cost.total.years:
            lines.append(f"      {y.year}  {y.total}")
        notes = [f"{a.group.value}: {a.weekly_fee} a week, {a.source}" for a in o.cost.assumptions]
        for text in [*notes, f"uplift: {o.uplift_source}"]:
            lines += textwrap.wrap(
                terminal_safe(text), 80, initial_indent="      * ", subsequent_indent="        "
            )
    if o.registered_places is None:
        lines.append("    Sufficiency: no registered places table given")
    else:
        last = o.sufficiency[-1].month if o.sufficiency else None
        lines.append("    Sufficiency: projected minus registered places (+ a shortfall):")
        for g in o.sufficiency:
            if g.month != last:
                continue
            where = "all" if g.all_areas else (g.area or "no borough")
            gap = g.projected.central_units - UNITS_PER_CHILD * g.registered_places
            lines.append(
                f"      {g.month.year} {where:<10} {g.group.value:<12} projected "
                f"{_one(g.projected.central_units):>8}  places {g.registered_places:>5,}  "
                f"gap {_one(gap):>8}"
            )
    if o.send:
        lines.append("    SEND placements by kind (from the placement records):")
        for s in o.send:
            lines.append(
                f"      {label(s.service):<34} now {s.now:>5,}  then "
                f"{round_decimal(s.projected[-1][1], 1):>8,f}"
            )
    return lines


def demand_html(report: Report) -> str:
    """The outlook as HTML tables, closing the market section ("" without an outlook)."""
    o = report.market_demand
    if o is None:
        return ""
    parts = [
        f"<h3>Demand from {o.census_day:%d %B %Y}, {o.years} years on</h3>"
        f"<p class=meta>Looked-after children projected from the SSDA903 episodes by a Markov "
        f"model on month ends ({_e(_interval(o))}); SEND placements projected from the "
        "placement records. Figures marked * rest on assumptions.</p>"
    ]
    f = o.forecast
    if f is not None:
        groups = [*PlacementGroup, None]
        head = "".join(f"<th class=num>{_e('all' if g is None else g.value)}</th>" for g in groups)
        rows = []
        by = {(c.month, c.area, c.all_areas, c.group): c for c in f.counts}
        for month in f.census_months:
            for area, all_areas in [*((a, False) for a, _ in f.start), (None, True)]:
                cells = "".join(
                    "<td></td>"
                    if (c := by.get((month, area, all_areas, g))) is None
                    else f"<td class=num>{_e(_range(c))}</td>"
                    for g in groups
                )
                name = "partnership" if all_areas else (area or "no borough")
                rows.append(f"<tr><td>{month}</td><td>{_e(name)}</td>{cells}</tr>")
        parts.append(
            "<table><thead><tr><th>March</th><th>Borough</th>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if o.cost is not None:
        rows = [
            f"<tr><td>{_e(y.year)}</td><td class=num>{_e(y.total)}</td>"
            + "".join(f"<td class=num>{_e(m)}</td>" for _, m in y.by_group)
            + "</tr>"
            for y in o.cost.total.years
        ]
        names = "".join(
            f"<th class=num>{_e(g.value)}</th>" for g, _ in o.cost.total.years[0].by_group
        )
        assumed = "; ".join(
            f"{a.group.value} {a.weekly_fee} a week ({a.source})" for a in o.cost.assumptions
        )
        parts.append(
            "<table><thead><tr><th>Year</th><th class=num>Forecast cost*</th>"
            f"{names}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p class=meta>* {_e(o.cost.label)}. Fees: {_e(assumed)}; uplift "
            f"{_e(o.expected_uplift)} a year: {_e(o.uplift_source)}.</p>"
        )
    if o.registered_places is not None:
        rows = [
            f"<tr><td>{g.month}</td><td>{_e('partnership' if g.all_areas else g.area)}</td>"
            f"<td>{_e(g.group.value)}</td><td class=num>{_e(_range(g.projected))}</td>"
            f"<td class=num>{g.registered_places:,}</td><td class=num>"
            f"{_e(_one(g.projected.central_units - UNITS_PER_CHILD * g.registered_places))}"
            "</td></tr>"
            for g in o.sufficiency
        ]
        parts.append(
            "<table><thead><tr><th>March</th><th>Borough</th><th>Group</th>"
            "<th class=num>Projected</th><th class=num>Registered places</th>"
            "<th class=num>Gap (+ shortfall)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    if o.send:
        rows = [
            f"<tr><td>{_e(label(s.service))}</td><td class=num>{s.now:,}</td>"
            + "".join(f"<td class=num>{round_decimal(v, 1):,f}</td>" for _, v in s.projected)
            + "</tr>"
            for s in o.send
        ]
        months = "".join(f"<th class=num>{m}</th>" for m, _ in o.send[0].projected)
        parts.append(
            "<table><thead><tr><th>SEND placements</th><th class=num>Now</th>"
            f"{months}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)
