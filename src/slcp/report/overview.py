"""The report's overview: the programme, its boroughs and memberships, placements and spend.

JSON keys (stable): ``programme``, ``host``, ``financial_year`` (``"2019/20"``), ``boroughs``
(a list, alphabetical by name, of objects with ``name``, ``gss_code``, ``dfe_code``,
``workstreams`` — the workstreams it belonged to on any day of the year — ``placements``
(placements active on at least one day of the year) and ``spend_pence``) and
``total_spend_pence``, which the boroughs' ``spend_pence`` add up to exactly.
"""

from __future__ import annotations

from slcp.domain import Programme, Workstream
from slcp.money import Money
from slcp.pricing import spend_by_borough
from slcp.report._base import JsonValue, ReportOptions, Section

__all__ = ["build"]


def _workstreams_in_year(programme: Programme, gss: str, options: ReportOptions) -> list[str]:
    year = options.financial_year.range
    return [
        w.value
        for w in Workstream
        if any(
            m.borough == gss and m.workstream is w and m.period.overlaps(year)
            for m in programme.memberships
        )
    ]


def build(programme: Programme, options: ReportOptions) -> Section:
    """The overview section (always present)."""
    year = options.financial_year
    spend = spend_by_borough(programme, year)
    active: dict[str, int] = {}
    for p in programme.placements_in(year.range):
        active[p.borough] = active.get(p.borough, 0) + 1
    rows: list[JsonValue] = []
    host = programme.host
    host_name = programme.borough(host).name if programme.has_borough(host) else host
    lines = [
        f"{programme.name} — financial year {year}",
        f"Host: {host_name}",
        "",
        f"{'Borough':<22}{'GSS':<11}{'DfE':<5}{'Workstreams':<12}{'Placements':>11}{'Spend':>18}",
    ]
    total = Money(0)
    for b in sorted(programme.boroughs, key=lambda b: b.name):
        ws = _workstreams_in_year(programme, b.gss_code, options)
        money = spend.get(b.gss_code, Money(0))
        total += money
        rows.append(
            {
                "name": b.name,
                "gss_code": b.gss_code,
                "dfe_code": b.dfe_code,
                "workstreams": list[JsonValue](ws),
                "placements": active.get(b.gss_code, 0),
                "spend_pence": money.pence,
            }
        )
        lines.append(
            f"{b.name:<22}{b.gss_code:<11}{b.dfe_code:<5}{'+'.join(ws) or '-':<12}"
            f"{active.get(b.gss_code, 0):>11}{money!s:>18}"
        )
    lines.append(f"{'Total':<50}{sum(active.values()):>11}{total!s:>18}")
    data: dict[str, JsonValue] = {
        "programme": programme.name,
        "host": programme.host,
        "financial_year": str(year),
        "boroughs": rows,
        "total_spend_pence": total.pence,
    }
    return Section(data=data, text=tuple(lines))
