"""The SEND-return section of the text and HTML reports (reads the section record only)."""

from __future__ import annotations

import html
from decimal import Decimal

from slcp.render._common import pct_text, terminal_safe
from slcp.render._svg import Bar, bar_chart
from slcp.report import SendSection

__all__ = ["send_html", "send_text"]


def _e(text: object) -> str:
    return html.escape(terminal_safe(str(text)), quote=True)


def _heading(s: SendSection) -> str:
    ret = s.summary.ret
    synthetic = ", SYNTHETIC SAMPLE" if s.synthetic else ""
    return f"SEND return (SEN2 {ret.collection_year}{synthetic}), census {s.census_date:%d/%m/%Y}"


def _timeliness(s: SendSection) -> str:
    t = s.summary.timeliness
    england = "" if s.england is None else f" (England {s.england.percent}%)"
    if t.denominator == 0:
        return f"no new plans could be timed{england}"
    return f"within 20 weeks {t.numerator} of {t.denominator} = {pct_text(t.percent_text)}{england}"


def send_text(s: SendSection | None, full: bool) -> list[str]:
    """The section as text lines of at most 80 columns (five in the short report)."""
    if s is None:
        return []
    summary = s.summary
    year = summary.new_plans.calendar_year.start.year
    lines = [
        "",
        _heading(s) + f": {summary.plans_in_force.total:,} EHC plans",
        f"  New plans in {year}: {summary.new_plans.count:,}; {_timeliness(s)}",
    ]
    if not s.in_report_year:
        lines.append("  (the census day is outside the report's financial year)")
    joined = summary.commissioning
    if joined is not None:
        share = pct_text(joined.share_bought_text)
        lines.append(
            f"  Independent/non-maintained places: {len(joined.matched)} of "
            f"{joined.return_places} matched, {s.mismatches} mismatches"
        )
        lines.append(
            f"  Bought through the DPS or framework: {joined.bought_through_programme} ({share})"
            + ("" if full else "; cost per plan with --full")
        )
    if full:
        plans = summary.plans_in_force
        for by, counts in (
            ("need", plans.by_need),
            ("age", plans.by_age),
            ("setting", plans.by_setting),
        ):
            lines.append(f"  Plans by {by}:")
            lines += [f"    {terminal_safe(k)}: {n:,}" for k, n in counts.items()]
        lines.append("  Placements in force by setting:")
        lines += [f"    {terminal_safe(k)}: {n:,}" for k, n in summary.placements_by_setting]
        if joined is not None:
            lines.append("  Weekly cost per plan (matched places, fees on census day):")
            lines += [
                f"    {c.setting.value}: {c.weekly_per_plan} ({c.plans} plans)"
                for c in joined.cost_per_plan
            ]
    return lines


def send_html(s: SendSection | None) -> str:
    """The section as HTML: headline figures, plans by setting, timeliness against England,
    and the join to the programme."""
    if s is None:
        return ""
    summary = s.summary
    t = summary.timeliness
    bars = [
        Bar(label=k, values=(n,), texts=(f"{n:,}",))
        for k, n in summary.plans_in_force.by_setting.items()
    ]
    chart = bar_chart("EHC plans in force by setting", bars)
    references = () if s.england is None else (("England", s.england.percent),)
    shown = t.percent_text
    timely = bar_chart(
        "New plans within 20 weeks",
        [
            Bar(
                label="Excluding exceptions",
                values=(None if shown is None else Decimal(shown),),
                texts=(pct_text(shown),),
            )
        ],
        references=references,
    )
    joined = summary.commissioning
    join = ""
    if joined is not None:
        rows = "".join(
            f"<tr><td>{_e(c.setting.value)}</td><td class=num>{c.plans}</td>"
            f"<td class=num>{_e(c.weekly_per_plan)}</td></tr>"
            for c in joined.cost_per_plan
        )
        join = (
            f"<p>Independent and non-maintained special places: {len(joined.matched)} of "
            f"{joined.return_places} matched to the programme; {s.mismatches} mismatches; "
            f"{joined.bought_through_programme} bought through the DPS or framework "
            f"({_e(pct_text(joined.share_bought_text))}).</p>"
            "<table><thead><tr><th>Setting</th><th class=num>Plans</th>"
            f"<th class=num>Weekly cost per plan</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    outside = "" if s.in_report_year else " The census day is outside the report's financial year."
    england = (
        ""
        if s.england is None
        else f"; dashed line: England {s.england.percent}% ({s.england.calendar_year})"
    )
    return (
        f"<h2>{_e(_heading(s))}</h2><p class=meta>{_e(s.name)}: "
        f"{summary.plans_in_force.total:,} EHC plans in force on census day; "
        f"{summary.new_plans.count:,} new plans in "
        f"{summary.new_plans.calendar_year.start.year}.{_e(outside)}</p>"
        f"<figure>{chart}<figcaption>Plans by the setting of the main placement."
        f"</figcaption></figure>"
        f"<figure>{timely}<figcaption>{t.numerator} of {t.denominator} new plans issued "
        f"within 20 weeks, exceptions excluded{_e(england)}.</figcaption></figure>" + join
    )
