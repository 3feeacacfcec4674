"""Pooled budgets as CSV: ``pooled_budgets.csv``, one row per contribution.

Columns: ``pool_id``, ``borough_gss``, ``workstream`` (``send`` or ``lac``),
``financial_year`` (``2019/20``), ``services`` (the services the pot pays for, separated by
``;``; blank for the whole workstream), ``stream`` (``education``, ``health`` or
``social_care``), ``amount_pence`` (the stream's agreed contribution for the year, whole pence,
not negative), ``source`` (the agreement that sets it, e.g. "Croydon section 75 agreement
2019/20, schedule 2") and ``source_date`` (its date, blank when not known). Rows with the
same ``pool_id`` are the contributions of one pot and must agree on its borough, workstream,
year and services. Every problem is a finding naming the file, row and column; nothing raises
except a file that is not UTF-8 CSV text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from slcp.domain import GssCode, ServiceKind, Workstream
from slcp.finance import FundingStream, PoolContribution, PooledBudget
from slcp.io._csv_engine import (
    CellKind,
    Column,
    CsvSource,
    ParsedRow,
    TableRead,
    TableSpec,
    read_grouped,
    write_table,
)
from slcp.io.csv_tables import _GSS_PATTERN, _codes
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.timeline import Source, SourceKind

__all__ = ["POOLED_BUDGETS", "read_pools", "write_pools"]


#: The ``pooled_budgets.csv`` table.
POOLED_BUDGETS = TableSpec(
    name="pooled_budgets",
    file_name="pooled_budgets.csv",
    title="Pooled budgets",
    description="One stream's agreed contribution to a pooled budget (e.g. a section 75 pot).",
    columns=(
        Column(
            name="pool_id",
            kind=CellKind.TEXT,
            description="The pool's name or agreement reference.",
            required=True,
            label="pool",
        ),
        Column(
            name="borough_gss",
            kind=CellKind.TEXT,
            description="GSS code of the borough whose placements the pot pays for.",
            required=True,
            pattern=_GSS_PATTERN,
            label="borough GSS code",
        ),
        Column(
            name="workstream",
            kind=CellKind.CODE,
            description="send or lac.",
            required=True,
            codes=_codes(Workstream),
        ),
        Column(
            name="financial_year",
            kind=CellKind.FINANCIAL_YEAR,
            description="The year the contributions are for, e.g. 2019/20.",
            required=True,
            label="financial year",
        ),
        Column(
            name="services",
            kind=CellKind.CODE_LIST,
            description="The services the pot pays for, separated by ';'; blank for the whole "
            "workstream.",
            codes=_codes(ServiceKind),
        ),
        Column(
            name="stream",
            kind=CellKind.CODE,
            description="The contributing stream: education, health or social_care.",
            required=True,
            codes=_codes(FundingStream),
            label="funding stream",
        ),
        Column(
            name="amount_pence",
            kind=CellKind.PENCE,
            description="The stream's agreed contribution for the year, in pence.",
            required=True,
            minimum=0,
            label="contribution",
        ),
        Column(
            name="source",
            kind=CellKind.TEXT,
            description="The agreement that sets the contribution.",
        ),
        Column(
            name="source_date",
            kind=CellKind.DATE,
            description="The agreement's date, YYYY-MM-DD; blank when not known.",
            label="source date",
        ),
    ),
    field_columns={"amount": "amount_pence", "contributions": "stream"},
)

_POOL_COLUMNS = ("borough_gss", "workstream", "financial_year", "services")


def _contribution(row: ParsedRow) -> PoolContribution:
    citation = row.optional("source", str)
    source = (
        None
        if citation is None
        else Source(
            kind=SourceKind.AGREEMENT, citation=citation, dated=row.optional("source_date", dt.date)
        )
    )
    return PoolContribution(
        stream=row.get("stream", FundingStream),
        amount=row.get("amount_pence", Money),
        source=source,
    )


def _pool(pool_id: str, group: list[ParsedRow]) -> PooledBudget:
    first = group[0]
    return PooledBudget(
        id=pool_id,
        borough=GssCode(first.text("borough_gss")),
        workstream=first.get("workstream", Workstream),
        financial_year=first.get("financial_year", FinancialYear),
        services=first.optional("services", tuple) or (),
        contributions=tuple(_contribution(r) for r in group),
    )


def read_pools(source: CsvSource) -> TableRead[PooledBudget]:
    """Read ``pooled_budgets.csv`` into pooled budgets, with a finding for every problem.

    Args:
        source: a path or the file's bytes.

    Returns:
        The pools whose rows all read cleanly, in order of first appearance, and every
        finding (a bad cell, rows of one pool that disagree on its borough, workstream, year
        or services, a stream that contributes twice, a pot with nothing in it).

    Raises:
        LoadError: the bytes are not UTF-8 CSV text.

    >>> text = (
    ...     "pool_id,borough_gss,workstream,financial_year,services,stream,amount_pence,"
    ...     "source,source_date\\n"
    ...     "S75,E09000008,send,2019/20,send_residential_52_week,education,260000000,,\\n"
    ...     "S75,E09000008,send,2019/20,send_residential_52_week,health,35000000,ICB,2019-03-15\\n")
    >>> read = read_pools(text.encode())
    >>> (pool,) = read.records
    >>> str(pool.amount), [c.stream.value for c in pool.contributions], read.findings
    ('£2,950,000.00', ['education', 'health'], ())
    """
    return read_grouped(
        source,
        POOLED_BUDGETS,
        _pool,
        key="pool_id",
        same=_POOL_COLUMNS,
        code="pool-rows-disagree",
        disagree=lambda pool_id, row: (
            f"the rows of pool {pool_id} must name the same "
            f"borough, workstream, financial year and services as its first row (row {row})"
        ),
    )


def write_pools(pools: Iterable[PooledBudget]) -> str:
    """``pooled_budgets.csv`` text: one row per contribution.

    ``read_pools(write_pools(x).encode()).records == tuple(x)`` for pools with distinct ids
    whose sources, when given, are agreements.
    """
    return write_table(
        POOLED_BUDGETS,
        (
            {
                "pool_id": pool.id,
                "borough_gss": pool.borough,
                "workstream": pool.workstream,
                "financial_year": pool.financial_year,
                "services": pool.services,
                "stream": c.stream,
                "amount_pence": c.amount,
                "source": None if c.source is None else c.source.citation,
                "source_date": None if c.source is None else c.source.dated,
            }
            for pool in pools
            for c in pool.contributions
        ),
    )
