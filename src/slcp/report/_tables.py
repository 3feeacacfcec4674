"""Tidy tables from the report model: one row per observation, for notebooks, CSV and Excel.

A :class:`Table` holds plain Python values; it exposes the Arrow PyCapsule stream interface
(``__arrow_c_stream__``), so ``pyarrow.table(t)`` and ``polars.from_arrow(...)`` read it
directly. pyarrow is imported only when a table is converted. Money is integer pence
(``*_pence``) with an exact pounds column (``*_pounds``, a two-place decimal, never a float)
beside it; percentages are decimals; codes have labels beside them.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

import attrs

from slcp.findings import Finding
from slcp.money import Money, round_decimal
from slcp.outcomes import SUPPRESSED
from slcp.outcomes.stability import StabilityMeasure, StabilityResult, UnavailableMeasure
from slcp.pricing import Annualisation
from slcp.report._labels import ENGLAND_STABILITY_PCT, MEASURE_LABELS, label, pounds
from slcp.report._model import Disclosure, Report
from slcp.report._publish import published_measure
from slcp.savings import ReturnOnInvestment

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]
    import polars as pl
    import pyarrow as pa

__all__ = ["Column", "Table", "findings_table", "report_html_summary", "report_tables"]

#: A cell: text, whole number, flag, exact decimal (pounds, percentages), date or nothing.
Cell = str | int | bool | Decimal | dt.date | None

Kind = Literal["text", "int", "bool", "pence", "pounds", "pct", "decimal", "date", "published"]

_REPR_ROWS = 10


@attrs.frozen(kw_only=True)
class Column:
    """A table column.

    Attributes:
        name: the column's name (snake case; ``*_pence`` for pence, ``*_pounds`` for pounds).
        kind: ``text``, ``int``, ``bool``, ``pence`` (int64 pence), ``pounds`` (decimal, two
            places), ``pct`` (a percentage or score as displayed, one place, rounded half
            up), ``decimal`` (an exact decimal, four places at most: rates, weeks, KPI
            values), ``date`` or ``published`` (a figure of a published report that may be
            suppressed: a whole count, a decimal or ``"c"``; text in Arrow).
    """

    name: str
    kind: Kind = "text"


def _arrow_type(kind: Kind) -> pa.DataType:
    import pyarrow as pa

    types: dict[Kind, pa.DataType] = {
        "text": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "pence": pa.int64(),
        "pounds": pa.decimal128(18, 2),
        "pct": pa.decimal128(12, 1),
        "decimal": pa.decimal128(18, 4),
        "date": pa.date32(),
        "published": pa.string(),
    }
    return types[kind]


@attrs.frozen(kw_only=True, repr=False)
class Table:
    """One tidy table of the report.

    Attributes:
        name: a short identifier (``spend``, ``roi``), also the CSV file and sheet name.
        title: what the table holds, for people.
        columns: the columns, in order.
        rows: one tuple of cells per observation, in the columns' order.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def column_names(self) -> tuple[str, ...]:
        """The columns' names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> tuple[Cell, ...]:
        """Every cell of the column ``name``, in row order.

        Raises:
            KeyError: no such column.
        """
        i = self.column_names.index(name) if name in self.column_names else -1
        if i < 0:
            raise KeyError(name)
        return tuple(r[i] for r in self.rows)

    def records(self) -> list[dict[str, Cell]]:
        """The rows as dictionaries keyed by column name."""
        names = self.column_names
        return [dict(zip(names, r, strict=True)) for r in self.rows]

    def to_arrow(self) -> pa.Table:
        """The table as a ``pyarrow.Table`` (pence int64, pounds and percentages decimal128)."""
        import pyarrow as pa

        schema = pa.schema([pa.field(c.name, _arrow_type(c.kind)) for c in self.columns])
        arrays = [
            pa.array(
                [
                    _text(r[i]) if c.kind == "published" and r[i] is not None else r[i]
                    for r in self.rows
                ],
                type=schema.field(i).type,
            )
            for i, c in enumerate(self.columns)
        ]
        return pa.Table.from_arrays(arrays, schema=schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream of :meth:`to_arrow` (for ``pyarrow.table(t)``,
        ``polars.from_arrow`` and any Arrow consumer)."""
        stream: object = self.to_arrow().__arrow_c_stream__(requested_schema)  # type: ignore[no-untyped-call]
        return stream

    def to_pandas(self) -> pd.DataFrame:
        """A ``pandas.DataFrame`` (needs the ``pandas`` extra)."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> pl.DataFrame:
        """A ``polars.DataFrame`` (needs the ``polars`` extra)."""
        import polars as pl

        frame = pl.from_arrow(self.to_arrow())
        assert isinstance(frame, pl.DataFrame)  # a table converts to a frame, never a series
        return frame

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self.rows)} rows × {len(self.columns)} columns>"

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(n)}</th>" for n in self.column_names)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_text(c))}</td>" for c in r) + "</tr>"
            for r in self.rows[:_REPR_ROWS]
        )
        more = len(self.rows) - _REPR_ROWS
        tail = f"<p>… {more} more rows</p>" if more > 0 else ""
        return (
            f"<p><b>{html.escape(self.title)}</b> ({len(self.rows)} rows)</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}"
        )


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _pct(value: Fraction | None, places: int = 1) -> Decimal | None:
    return None if value is None else round_decimal(value * 100, places)


def _table(
    name: str, title: str, columns: Sequence[tuple[str, Kind]], rows: Iterable[Sequence[Cell]]
) -> Table:
    return Table(
        name=name,
        title=title,
        columns=tuple(Column(name=n, kind=k) for n, k in columns),
        rows=tuple(tuple(r) for r in rows),
    )


def _money(name: str) -> list[tuple[str, Kind]]:
    return [(f"{name}_pence", "pence"), (f"{name}_pounds", "pounds")]


def _overview_tables(report: Report) -> list[Table]:
    o = report.overview
    return [
        _table(
            "boroughs",
            f"Boroughs: placements and spend, {o.financial_year}",
            [
                ("gss_code", "text"),
                ("borough", "text"),
                ("dfe_code", "text"),
                ("workstreams", "text"),
                ("placements", "int"),
                *_money("spend"),
            ],
            (
                (
                    b.gss_code,
                    b.name,
                    b.dfe_code,
                    "+".join(label(w) for w in b.workstreams),
                    b.placements,
                    b.spend.pence,
                    pounds(b.spend.pence),
                )
                for b in o.boroughs
            ),
        )
    ]


def _spend_tables(report: Report) -> list[Table]:
    s = report.spend
    if s is None:
        return []
    fy = str(s.financial_year)
    return [
        _table(
            "spend_by_year",
            "Spend by financial year",
            [("financial_year", "text"), *_money("spend")],
            (
                (str(y.financial_year), y.amount.pence, pounds(y.amount.pence))
                for y in s.by_financial_year
            ),
        ),
        _table(
            "spend_by_borough_year",
            "Spend by borough and financial year",
            [
                ("financial_year", "text"),
                ("gss_code", "text"),
                ("borough", "text"),
                *_money("spend"),
            ],
            (
                (str(y), x.borough, x.borough_name, x.amount.pence, pounds(x.amount.pence))
                for y, lines in s.by_borough_year
                for x in lines
            ),
        ),
        _table(
            "spend",
            f"Spend {fy} by borough, workstream and lot",
            [
                ("financial_year", "text"),
                ("gss_code", "text"),
                ("borough", "text"),
                ("workstream", "text"),
                ("workstream_label", "text"),
                ("lot", "text"),
                ("lot_name", "text"),
                *_money("spend"),
            ],
            (
                (
                    fy,
                    x.borough,
                    x.borough_name,
                    x.workstream.value if x.workstream else None,
                    label(x.workstream) if x.workstream else None,
                    x.lot,
                    x.lot_name,
                    x.amount.pence,
                    pounds(x.amount.pence),
                )
                for x in s.by_borough_workstream_lot
            ),
        ),
        _table(
            "spend_by_service",
            f"Spend {fy} by kind of service",
            [
                ("financial_year", "text"),
                ("service", "text"),
                ("service_label", "text"),
                *_money("spend"),
            ],
            (
                (
                    fy,
                    x.service.value if x.service else None,
                    label(x.service) if x.service else None,
                    x.amount.pence,
                    pounds(x.amount.pence),
                )
                for x in s.by_service
            ),
        ),
    ]


def _fee_tables(report: Report) -> list[Table]:
    f = report.fee_increases
    if f is None:
        return []
    return [
        _table(
            "fee_increase_rounds",
            f"Annual fee increases and cost avoidance to {f.horizon}",
            [
                ("round_id", "text"),
                ("workstream", "text"),
                ("financial_year", "text"),
                ("timing", "text"),
                ("placements", "int"),
                ("requested_pct", "decimal"),
                ("agreed_pct", "decimal"),
                *_money("in_year"),
                *_money("full_year"),
                *_money("to_date"),
            ],
            (
                (
                    r.id,
                    r.workstream.value,
                    str(r.financial_year),
                    r.timing,
                    r.placements,
                    _pct(r.requested_average, 4),
                    _pct(r.agreed_average, 4),
                    r.in_year.pence,
                    pounds(r.in_year.pence),
                    r.full_year.pence,
                    pounds(r.full_year.pence),
                    r.to_date.pence,
                    pounds(r.to_date.pence),
                )
                for r in f.rounds
            ),
        ),
        _table(
            "cost_avoidance",
            f"Cost avoidance by round and borough to {f.horizon}",
            [
                ("round_id", "text"),
                ("workstream", "text"),
                ("financial_year", "text"),
                ("gss_code", "text"),
                ("borough", "text"),
                *_money("in_year"),
                *_money("full_year"),
                *_money("to_date"),
            ],
            (
                (
                    r.id,
                    r.workstream.value,
                    str(r.financial_year),
                    b.gss_code,
                    b.name,
                    b.in_year.pence,
                    pounds(b.in_year.pence),
                    b.full_year.pence,
                    pounds(b.full_year.pence),
                    b.to_date.pence,
                    pounds(b.to_date.pence),
                )
                for r in f.rounds
                for b in r.by_borough
            ),
        ),
    ]


def _budget_tables(report: Report) -> list[Table]:
    if report.budgets is None:
        return []
    rows = []
    for line in report.budgets:
        a = line.assessed
        b = a.budget
        for kind in Annualisation:
            position = a.positions.get(kind)
            if position is None:
                continue
            rows.append(
                (
                    b.borough,
                    line.name,
                    b.workstream.value,
                    b.service.value if b.service else None,
                    str(b.financial_year),
                    b.amount.pence,
                    pounds(b.amount.pence),
                    a.placements,
                    round_decimal(a.average_placements, 2),
                    a.average_weekly_cost.pence,
                    pounds(a.average_weekly_cost.pence),
                    a.costed_spend.pence,
                    pounds(a.costed_spend.pence),
                    kind.value,
                    round_decimal(position.funded.weeks, 4),
                    round_decimal(position.funded.exact, 1),
                    position.projected.pence,
                    pounds(position.projected.pence),
                    position.variance.pence,
                    pounds(position.variance.pence),
                )
            )
    return [
        _table(
            "budgets",
            "Budgets: funded placements and projected spend, one row per annualisation",
            [
                ("gss_code", "text"),
                ("borough", "text"),
                ("workstream", "text"),
                ("service", "text"),
                ("financial_year", "text"),
                *_money("budget"),
                ("placements", "int"),
                ("average_placements", "decimal"),
                *_money("average_weekly_cost"),
                *_money("costed_spend"),
                ("annualisation", "text"),
                ("weeks", "decimal"),
                ("funded_placements", "decimal"),
                *_money("projected_spend"),
                *_money("variance"),
            ],
            rows,
        )
    ]


def _call_off_tables(report: Report) -> list[Table]:
    c = report.call_offs
    if c is None:
        return []
    rows = []
    for v in c.vehicles:
        for year in v.years:
            for line in v.activity.lines:
                if line.period != year.range:
                    continue
                rows.append(
                    (
                        v.vehicle,
                        v.name,
                        v.kind,
                        str(year),
                        line.lot,
                        v.lot_names.get(line.lot) if line.lot is not None else None,
                        line.call_offs,
                        line.value.pence,
                        pounds(line.value.pence),
                    )
                )
    return [
        _table(
            "call_offs",
            "Call-offs by year and lot on each DPS and framework: placements called off in the "
            "year, valued at what they cost from their start to the year's end",
            [
                ("vehicle", "text"),
                ("vehicle_name", "text"),
                ("vehicle_kind", "text"),
                ("financial_year", "text"),
                ("lot", "text"),
                ("lot_name", "text"),
                ("call_offs", "int"),
                *_money("value"),
            ],
            rows,
        )
    ]


def _savings_tables(report: Report) -> list[Table]:
    s = report.savings
    if s is None:
        return []
    fy = str(s.financial_year)
    roi_rows = []
    for b in s.roi:
        scopes: list[tuple[str | None, str, ReturnOnInvestment]] = [
            (None, "year", b.year),
            (None, "to_date", b.to_date),
        ]
        for w in b.workstreams:
            scopes += [
                (w.workstream.value, "year", w.year),
                (w.workstream.value, "to_date", w.to_date),
            ]
        for ws, scope, r in scopes:
            whole = ws is None and scope == "to_date"
            roi_rows.append(
                (
                    b.gss_code,
                    b.name,
                    ws or "all",
                    scope,
                    r.contribution.pence,
                    pounds(r.contribution.pence),
                    r.savings.pence,
                    pounds(r.savings.pence),
                    _pct(r.gross_return),
                    _pct(r.net_return),
                    r.undefined_reason or None,
                    b.payback.paid_back_on if whole else None,
                    b.payback.days if whole else None,
                )
            )
    programme_rows = []
    streams = [("all", s.programme.year, s.programme.to_date)] + [
        (w.workstream.value, w.year, w.to_date) for w in s.programme.workstreams
    ]
    for ws, year, to_date in streams:
        for scope, p in (("year", year), ("to_date", to_date)):
            programme_rows.append(
                (
                    ws,
                    scope,
                    p.aggregate.contribution.pence,
                    pounds(p.aggregate.contribution.pence),
                    p.aggregate.savings.pence,
                    pounds(p.aggregate.savings.pence),
                    _pct(p.aggregate.gross_return),
                    _pct(p.aggregate.net_return),
                    _pct(p.mean_gross_return),
                    _pct(p.mean_net_return),
                    len(p.averaged),
                )
            )
    return [
        _table(
            "savings_by_source",
            f"Savings by source: {fy} and to date",
            [("scope", "text"), ("source", "text"), ("source_label", "text"), *_money("savings")],
            [
                ("year", x.source.value, label(x.source), x.amount.pence, pounds(x.amount.pence))
                for x in s.by_source
            ]
            + [
                ("to_date", x.source.value, label(x.source), x.amount.pence, pounds(x.amount.pence))
                for x in s.to_date_by_source
            ],
        ),
        _table(
            "savings_ledger",
            f"Savings ledger to {fy}: every record, entered or derived",
            [
                ("id", "text"),
                ("source", "text"),
                ("source_label", "text"),
                ("financial_year", "text"),
                ("workstream", "text"),
                ("gss_code", "text"),
                *_money("amount"),
                ("derived", "bool"),
                ("evidence", "text"),
                ("basis", "text"),
            ],
            (
                (
                    r.id,
                    r.source.value,
                    label(r.source),
                    str(r.financial_year),
                    r.workstream.value,
                    r.borough,
                    r.amount.pence,
                    pounds(r.amount.pence),
                    r.derived,
                    r.evidence.citation,
                    s.record_bases[i].kind.value if i < len(s.record_bases) else None,
                )
                for i, r in enumerate(s.records)
            ),
        ),
        _table(
            "attribution",
            f"Savings attributed to boroughs ({s.method.value}: {s.rule})",
            [
                ("gss_code", "text"),
                ("borough", "text"),
                *_money("savings"),
                *_money("to_date_savings"),
            ],
            (
                (
                    a.gss_code,
                    a.name,
                    a.savings.pence,
                    pounds(a.savings.pence),
                    a.to_date_savings.pence,
                    pounds(a.to_date_savings.pence),
                )
                for a in s.attribution
            ),
        ),
        _table(
            "roi",
            f"Return on contribution by borough, {fy} and to date (gross and net, %)",
            [
                ("gss_code", "text"),
                ("borough", "text"),
                ("workstream", "text"),
                ("scope", "text"),
                *_money("contribution"),
                *_money("savings"),
                ("gross_return_pct", "pct"),
                ("net_return_pct", "pct"),
                ("return_undefined", "text"),
                ("paid_back_on", "date"),
                ("payback_days", "int"),
            ],
            roi_rows,
        ),
        _table(
            "roi_programme",
            f"Return on contribution for the programme, {fy} and to date",
            [
                ("workstream", "text"),
                ("scope", "text"),
                *_money("contribution"),
                *_money("savings"),
                ("gross_return_pct", "pct"),
                ("net_return_pct", "pct"),
                ("mean_gross_return_pct", "pct"),
                ("mean_net_return_pct", "pct"),
                ("boroughs_averaged", "int"),
            ],
            programme_rows,
        ),
    ]


def _outcome_tables(report: Report) -> list[Table]:
    c, icas, st = report.scorecards, report.icas, report.stability
    if c is None or icas is None or st is None:
        return []
    names = {k.kpi.id: k.kpi.name for k in c.kpis}
    kpi_rows = [
        (
            p.id,
            p.name,
            k.kpi,
            names.get(k.kpi, k.kpi),
            None if k.measure.value is None else round_decimal(k.measure.value, 4),
            None
            if k.measure.value is None
            else f"{k.measure.value.numerator}/{k.measure.value.denominator}",
            k.rag.value if k.rag is not None else "not_scored",
            None if k.points is None else round_decimal(k.points, 4),
        )
        for p in c.providers
        for k in p.card.kpis
    ]
    stability_rows = [
        row
        for gss, name, result in [(None, "Programme", st.programme)]
        + [(b.gss_code, b.name, b.result) for b in st.boroughs]
        for row in _stability_rows(gss, name, result)
    ]
    return [
        _table(
            "scorecards",
            f"Provider scorecards ({c.framework}), as of {c.as_of.isoformat()}",
            [
                ("provider_id", "text"),
                ("provider", "text"),
                ("lot", "text"),
                ("lot_name", "text"),
                ("score", "pct"),
                ("score_exact", "text"),
                ("rank_in_lot", "int"),
                ("open_concerns", "int"),
            ],
            (
                (
                    p.id,
                    p.name,
                    p.lot,
                    p.lot_name,
                    None if p.card.display is None else Decimal(p.card.display),
                    None
                    if p.card.score is None
                    else f"{p.card.score.numerator}/{p.card.score.denominator}",
                    p.rank_in_lot,
                    p.open_concerns,
                )
                for p in c.providers
            ),
        ),
        _table(
            "scorecard_kpis",
            "Provider scorecards: each KPI's value, RAG rating and points",
            [
                ("provider_id", "text"),
                ("provider", "text"),
                ("kpi_id", "text"),
                ("kpi", "text"),
                ("value", "decimal"),
                ("value_exact", "text"),
                ("rag", "text"),
                ("points", "decimal"),
            ],
            kpi_rows,
        ),
        _table(
            "icas",
            f"Individual Child Agreements: {icas.agreements} with a placement in the year",
            [("kind", "text"), ("status", "text"), ("label", "text"), ("count", "int")],
            [("outcome", s.value, label(s), n) for s, n in icas.outcomes]
            + [("review", t.value, label(t), n) for t, n in icas.reviews],
        ),
        _table(
            "stability",
            f"Placement stability, year ending {st.year_ending.isoformat()}, against England",
            [
                ("gss_code", "text"),
                ("borough", "text"),
                ("measure", "text"),
                ("measure_label", "text"),
                ("available", "bool"),
                ("numerator", "int"),
                ("denominator", "int"),
                ("percent", "pct"),
                ("percent_exact", "text"),
                ("england_percent", "int"),
                ("reason", "text"),
            ],
            stability_rows,
        ),
    ]


def _market_tables(report: Report) -> list[Table]:
    m = report.market
    if m is None:
        return []
    on = m.as_of.isoformat()
    prices: list[tuple[Cell, ...]] = []
    for d in m.dispersion:
        rows: list[tuple[str | None, int, Money, Fraction, Money, Money]] = [
            (None, d.placements, d.min_weekly, d.median_exact, d.median_weekly, d.max_weekly)
        ]
        rows += [
            (b.borough, b.placements, b.min_weekly, b.median_exact, b.median_weekly, b.max_weekly)
            for b in d.boroughs
        ]
        for gss, n, low, exact, median, high in rows:
            prices.append(
                (
                    d.service.value,
                    label(d.service),
                    gss,
                    n,
                    low.pence,
                    pounds(low.pence),
                    median.pence,
                    pounds(median.pence),
                    f"{exact.numerator}/{exact.denominator}",
                    high.pence,
                    pounds(high.pence),
                )
            )
    return [
        _table(
            "market_demand",
            f"Market: children placed with a provider on {on}, by kind of placement",
            [("service", "text"), ("service_label", "text"), ("children", "int")],
            ((d.service.value, label(d.service), d.children) for d in m.demand),
        ),
        _table(
            "market_needs",
            f"Market: SEND children placed on {on}, by primary need",
            [("need", "text"), ("children", "int")],
            ((None if n.need is None else n.need.value, n.children) for n in m.demand_by_need),
        ),
        _table(
            "market_supply",
            f"Market: vacancies open on {on}, by kind of placement",
            [
                ("service", "text"),
                ("service_label", "text"),
                ("vacancies", "int"),
                ("places", "int"),
                ("providers", "int"),
            ],
            (
                (x.service.value, label(x.service), x.vacancies, x.places, x.providers)
                for x in m.supply
            ),
        ),
        _table(
            "market_concentration",
            f"Market concentration (HHI: shares in percent, squared, 0-10,000), {m.financial_year}",
            [
                ("dimension", "text"),
                ("market", "text"),
                ("name", "text"),
                ("basis", "text"),
                ("total", "int"),
                ("organisations", "int"),
                ("hhi", "int"),
                ("hhi_exact", "text"),
                ("level", "text"),
                ("top5_share", "pct"),
            ],
            (
                (
                    c.dimension,
                    c.market,
                    c.name,
                    c.basis.value,
                    c.total,
                    c.organisations,
                    int(round_decimal(c.hhi, 0)),
                    f"{c.hhi.numerator}/{c.hhi.denominator}",
                    c.level.value,
                    Decimal(c.top5_pct),
                )
                for c in m.concentration
            ),
        ),
        _table(
            "market_shares",
            "Market shares by organisation (shares allocated in tenths of a percent)",
            [
                ("dimension", "text"),
                ("market", "text"),
                ("basis", "text"),
                ("group", "text"),
                ("name", "text"),
                ("amount", "int"),
                ("share", "pct"),
                ("share_exact", "text"),
            ],
            (
                (
                    c.dimension,
                    c.market,
                    c.basis.value,
                    x.group,
                    x.name,
                    x.amount,
                    Decimal(x.share_pct),
                    f"{x.share.numerator}/{x.share.denominator}",
                )
                for c in m.concentration
                for x in c.shares
            ),
        ),
        _table(
            "market_groups",
            f"Provider organisations: homes and schools, spend in {m.financial_year}, "
            f"children placed on {on}",
            [
                ("group", "text"),
                ("name", "text"),
                ("members", "int"),
                *_money("spend"),
                ("places", "int"),
            ],
            (
                (g.group, g.name, g.members, g.spend.pence, pounds(g.spend.pence), g.places)
                for g in m.groups
            ),
        ),
        _table(
            "market_prices",
            f"Weekly fees on {on} by kind of placement: partnership (no borough) and boroughs",
            [
                ("service", "text"),
                ("service_label", "text"),
                ("gss_code", "text"),
                ("placements", "int"),
                *_money("min_weekly"),
                *_money("median_weekly"),
                ("median_exact_pence", "text"),
                *_money("max_weekly"),
            ],
            prices,
        ),
        _table(
            "market_framework_share",
            f"Awards placed on framework or DPS, by borough and month, {m.financial_year}",
            [
                ("gss_code", "text"),
                ("month", "text"),
                ("awards", "int"),
                ("on_framework", "int"),
                ("share", "pct"),
                ("share_exact", "text"),
            ],
            (
                (
                    f.borough,
                    str(f.month),
                    f.awards,
                    f.on_framework,
                    Decimal(f.percent),
                    f"{f.share.numerator}/{f.share.denominator}",
                )
                for f in m.framework_share
            ),
        ),
    ]


def _stability_rows(
    gss: str | None, name: str | None, result: StabilityResult
) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for key, text in MEASURE_LABELS:
        m: StabilityMeasure | UnavailableMeasure = getattr(result, key)
        if isinstance(m, UnavailableMeasure):
            rows.append(
                (
                    gss,
                    name,
                    key,
                    text,
                    False,
                    None,
                    None,
                    None,
                    None,
                    ENGLAND_STABILITY_PCT[key],
                    m.reason,
                )
            )
            continue
        exact = m.percent
        rows.append(
            (
                gss,
                name,
                key,
                text,
                True,
                m.numerator,
                m.denominator,
                None if m.percent_text is None else Decimal(m.percent_text),
                None if exact is None else str(exact),
                ENGLAND_STABILITY_PCT[key],
                None,
            )
        )
    return rows


def _assumption_tables(report: Report) -> list[Table]:
    p = report.provenance
    if not p.assumptions:
        return []
    return [
        _table(
            "assumptions",
            "Assumptions in force: chosen parameters and conventions the figures rest on"
            + (" (SYNTHETIC SAMPLE)" if p.synthetic else ""),
            [
                ("subject", "text"),
                ("source_kind", "text"),
                ("citation", "text"),
                ("affects", "text"),
                *_money("amount"),
            ],
            (
                (
                    a.subject,
                    a.source.kind.value,
                    a.source.citation,
                    a.affects,
                    None if a.amount is None else a.amount.pence,
                    None if a.amount is None else pounds(a.amount.pence),
                )
                for a in p.assumptions
            ),
        )
    ]


def _borough_tables(report: Report) -> list[Table]:
    d = report.borough
    if d is None:
        return []
    spend_rows = (
        [
            ("workstream", x.workstream.value if x.workstream else None, x.amount)
            for x in d.spend_by_workstream
        ]
        + [("lot", x.lot_name, x.amount) for x in d.spend_by_lot]
        + [
            ("service", x.service.value if x.service else None, x.amount)
            for x in d.spend_by_service
        ]
    )
    return [
        _table(
            "borough_spend",
            f"{d.name}'s spend in {report.overview.financial_year} by workstream, lot and service",
            [("gss_code", "text"), ("by", "text"), ("group", "text"), *_money("amount")],
            ((d.gss_code, by, group, m.pence, pounds(m.pence)) for by, group, m in spend_rows),
        ),
        _table(
            "borough_savings",
            f"Each saving {d.name} is credited with, and its share",
            [
                ("gss_code", "text"),
                ("id", "text"),
                ("source", "text"),
                ("financial_year", "text"),
                ("workstream", "text"),
                ("basis", "text"),
                ("method", "text"),
                ("how", "text"),
                *_money("record_amount"),
                ("share", "text"),
                *_money("share"),
                ("evidence", "text"),
            ],
            (
                (
                    d.gss_code,
                    c.id,
                    c.source.value,
                    str(c.financial_year),
                    c.workstream.value,
                    c.basis.kind.value,
                    c.method.value,
                    c.how,
                    c.record_amount.pence,
                    pounds(c.record_amount.pence),
                    f"{c.share.numerator}/{c.share.denominator}",
                    c.amount.pence,
                    pounds(c.amount.pence),
                    c.evidence,
                )
                for c in d.savings
            ),
        ),
        _table(
            "borough_avoidance",
            f"Fee-increase avoidance on {d.name}'s placements by round and year",
            [
                ("gss_code", "text"),
                ("round", "text"),
                ("workstream", "text"),
                ("financial_year", "text"),
                *_money("amount"),
            ],
            (
                (
                    d.gss_code,
                    a.round_id,
                    a.workstream.value,
                    str(a.financial_year),
                    a.amount.pence,
                    pounds(a.amount.pence),
                )
                for a in d.avoidance
            ),
        ),
    ]


def report_tables(report: Report) -> dict[str, Table]:
    """Every result of ``report`` as a tidy table, keyed by the table's name.

    Tables (present with their sections): ``boroughs``; ``spend_by_year``,
    ``spend_by_borough_year``, ``spend``,
    ``spend_by_service``, ``fee_increase_rounds``, ``cost_avoidance``, ``budgets``,
    ``call_offs`` (by year and lot on each DPS and framework);
    ``savings_by_source``, ``savings_ledger``, ``attribution``, ``roi``, ``roi_programme``;
    ``scorecards``, ``scorecard_kpis``, ``icas``, ``stability``; ``assumptions`` (the
    provenance's assumptions in force, when there are any); ``borough_spend``,
    ``borough_savings``, ``borough_avoidance`` (with a borough's drill-down); ``send_plans``,
    ``send_timeliness``, ``send_placements``, ``send_commissioning``,
    ``send_cost_per_plan`` (with a SEN2 return); ``market_demand``, ``market_needs``,
    ``market_supply``, ``market_concentration``, ``market_shares``, ``market_groups``,
    ``market_prices``, ``market_framework_share`` (with a market section);
    ``market_demand_projection``, ``market_demand_cost``, ``market_sufficiency`` (with a
    registered places table) and ``market_send_projection`` (with the market section's demand
    outlook);
    ``forecast_month_ends``, ``forecast``, ``forecast_months``, ``invoice_summary``,
    ``invoice_checks``, ``invoice_discrepancies``, ``pool_positions`` (finance);
    ``funding_spend``, ``funding_fee_increases``, ``funding_savings``, ``funding_budgets``,
    ``funding_borough``, ``funding_call_offs``, ``funding_market``, ``funding_send``,
    ``funding_market_demand`` (funding). Their
    figures are the
    model's own (nothing is recomputed), so each table's pence add up as the JSON's do. In a
    published report (:func:`~slcp.report.publish`) every protected count, and every figure
    that would give one back, is its published figure (an ``int`` or ``"c"``) in a
    ``published`` column.
    """
    tables = [
        _published(t, report.disclosure, report) if report.disclosure is not None else t
        for t in (
            _overview_tables(report)
            + _spend_tables(report)
            + _fee_tables(report)
            + _budget_tables(report)
            + _call_off_tables(report)
            + _savings_tables(report)
            + _outcome_tables(report)
            + _assumption_tables(report)
            + _borough_tables(report)
            + _market_tables(report)
        )
    ]
    if report.send is not None:
        from slcp.report._send_out import send_tables

        tables += send_tables(report.send)
    from slcp.report._finance_tables import finance_tables  # imports this module

    tables += finance_tables(report)
    from slcp.report._market_demand import demand_outlook_tables  # imports this module

    tables += demand_outlook_tables(report)
    return {t.name: t for t in tables}


def findings_table(findings: Iterable[Finding]) -> Table:
    """Validation findings as a table: severity, code, message, subject and location."""
    return _table(
        "findings",
        "Findings",
        [
            ("severity", "text"),
            ("code", "text"),
            ("message", "text"),
            ("subject_id", "text"),
            ("location", "text"),
        ],
        ((f.severity.value, f.code, f.message, f.subject_id, f.location) for f in findings),
    )


def report_html_summary(report: Report) -> str:
    """A short HTML summary of ``report`` for a notebook cell: headline figures and the
    tables available (the full page is :func:`slcp.render.render_html`)."""
    o = report.overview
    p = report.provenance
    items = [
        f"<li>Spend {html.escape(str(o.financial_year))}: {html.escape(str(o.total_spend))}</li>"
    ]
    if report.savings is not None:
        items.append(
            f"<li>Savings in the year: {html.escape(str(report.savings.total))}; "
            f"to date {html.escape(str(report.savings.to_date))}</li>"
        )
    tables = ", ".join(
        f"<code>{html.escape(name)}</code> ({len(t)})" for name, t in report_tables(report).items()
    )
    banner = "<p><b>Synthetic sample data.</b></p>" if p.synthetic else ""
    return (
        f"<div><h3>{html.escape(o.programme)} — {html.escape(str(o.financial_year))}</h3>"
        f"{banner}<ul>{''.join(items)}</ul><p>Tables: {tables}</p>"
        f"<p><small>slcp {html.escape(p.slcp_version)}; "
        f"input: {html.escape(p.input_name)}</small></p></div>"
    )


# -- a published report's tables (decision 0405) ----------------------------------------------

#: A budget line's figures that would give back a hidden count: the average level, the average
#: weekly cost of a few placements, and what is worked from them.
_BUDGET_LEVELS = (
    "average_placements",
    "average_weekly_cost_pence",
    "average_weekly_cost_pounds",
    "funded_placements",
    "projected_spend_pence",
    "projected_spend_pounds",
    "variance_pence",
    "variance_pounds",
)


def _budget_lines(report: Report) -> list[int]:
    # the budget line each row of the budgets table belongs to, as _budget_tables lays them out
    return [
        i
        for i, line in enumerate(report.budgets or ())
        for kind in Annualisation
        if line.assessed.positions.get(kind) is not None
    ]


def _published(table: Table, d: Disclosure, report: Report) -> Table:
    """``table`` with every protected count replaced by its published figure."""
    records = table.records()
    changed: set[str] = set()

    def put(row: dict[str, Cell], column: str, value: Cell) -> None:
        row[column] = value
        changed.add(column)

    title = table.title
    if table.name == "boroughs":
        for r in records:
            put(r, "placements", d.count("placements", str(r["gss_code"]), "placements"))
    elif table.name == "fee_increase_rounds":
        for r in records:
            put(r, "placements", d.count("fee_round_placements", str(r["round_id"]), "placements"))
    elif table.name == "budgets":
        for r, i in zip(records, _budget_lines(report), strict=True):
            put(r, "placements", d.count("budget_placements", str(i), "placements"))
            if SUPPRESSED in (
                r["placements"],
                d.count("budget_placements_at_year_end", str(i), "placements"),
            ):
                for column in _BUDGET_LEVELS:
                    put(r, column, SUPPRESSED)
    elif table.name == "icas":
        for r in records:
            name = "ica_outcomes" if r["kind"] == "outcome" else "ica_reviews"
            put(r, "count", d.count(name, str(r["status"]), "count"))
        agreements = d.count("ica_agreements", "agreements", "count")
        title = f"Individual Child Agreements: {agreements} with a placement in the year"
    elif table.name == "stability":
        for r in records:
            gss = r["gss_code"]
            p = published_measure(d, str(r["measure"]), None if gss is None else str(gss))
            if p is None or r["available"] is not True:
                continue
            put(r, "numerator", p.numerator)
            put(r, "denominator", p.denominator)
            if not p.shown:
                put(r, "percent", SUPPRESSED)
                put(r, "percent_exact", SUPPRESSED)
    if not changed and title == table.title:
        return table
    return Table(
        name=table.name,
        title=title,
        columns=tuple(
            Column(name=c.name, kind="published") if c.name in changed else c for c in table.columns
        ),
        rows=tuple(tuple(r[c] for c in table.column_names) for r in records),
    )
