"""Publishing the report: every count of children or placements it shows per borough or per
small group goes through disclosure control (decision 0405).

:func:`publish` runs once over a built :class:`~slcp.report.Report` and attaches a
:class:`~slcp.report.Disclosure`: the counts arranged as tables with their margins, each
protected by :func:`~slcp.outcomes.protect_table`. Every rendering of a published report
(JSON, tables, CSV, Excel, text, HTML) reads its counts from there: a small count is ``"c"``,
a count hidden to protect one is ``"c"`` too, a percentage is hidden with its numerator or
denominator, and nothing says which ``c`` is small.

The tables, with what each row and column counts:

* ``placements`` — placements active in the year per borough (the overview);
* ``stability_short_term``, ``stability_two_year``, ``stability_long_term`` — per borough,
  children in the measure's numerator and the rest of its cohort; the row total is the
  borough's denominator and the totals row the programme's (a row ``unassigned`` holds
  children on episodes with no borough, so the margins are the programme's figures);
* ``fee_round_placements`` — placements each fee-uplift round changed;
* ``budget_placements`` — per budget line, placements costed against it and placements
  running on 31 March;
* ``ica_agreements``, ``ica_outcomes``, ``ica_reviews`` — Individual Child Agreements,
  their outcomes by status and their reviews by timeliness.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from slcp.outcomes import (
    PUBLICATION_POLICY,
    SUPPRESSED,
    TOTAL,
    CountTable,
    DisclosurePolicy,
    PublishedCount,
    protect_table,
)
from slcp.outcomes.stability import StabilityMeasure
from slcp.report._model import Disclosure, PublishedTable, Report

__all__ = [
    "IN_NUMERATOR",
    "NOT_IN_NUMERATOR",
    "UNASSIGNED",
    "PublishedMeasure",
    "publish",
    "published_measure",
    "stability_table_name",
]

#: The stability tables' columns: children in the numerator, and the rest of the cohort.
IN_NUMERATOR = "in_numerator"
NOT_IN_NUMERATOR = "not_in_numerator"
#: The stability tables' row for children on episodes that name no borough.
UNASSIGNED = "unassigned"
#: The stability measures published, in the report's order (the naive count is not shown).
_MEASURES = ("short_term", "two_year", "long_term")


def stability_table_name(measure: str) -> str:
    """The published table of one stability measure (``"short_term"`` →
    ``"stability_short_term"``)."""
    return f"stability_{measure}"


def _one_column(
    name: str, title: str, rows: Sequence[tuple[str, int]], column: str, policy: DisclosurePolicy
) -> PublishedTable | None:
    if not rows:
        return None
    table = CountTable(
        rows=tuple(r for r, _ in rows), columns=(column,), counts=tuple((n,) for _, n in rows)
    )
    return PublishedTable(name=name, title=title, table=protect_table(table, policy))


def _stability_table(
    report: Report, measure: str, policy: DisclosurePolicy
) -> PublishedTable | None:
    st = report.stability
    if st is None:
        return None
    whole = getattr(st.programme, measure)
    if not isinstance(whole, StabilityMeasure):
        return None
    rows: list[tuple[str, tuple[int, int]]] = []
    for b in st.boroughs:
        m = getattr(b.result, measure)
        if isinstance(m, StabilityMeasure):
            rows.append((b.gss_code, (m.numerator, m.denominator - m.numerator)))
    numerator = whole.numerator - sum(n for _, (n, _) in rows)
    rest = whole.denominator - whole.numerator - sum(r for _, (_, r) in rows)
    if numerator or rest or not rows:
        # children on episodes naming no borough: kept as a row so the totals row is the
        # programme's own figure and nothing is left over for a reader to subtract
        rows.append((UNASSIGNED, (numerator, rest)))
    table = CountTable(
        rows=tuple(r for r, _ in rows),
        columns=(IN_NUMERATOR, NOT_IN_NUMERATOR),
        counts=tuple(c for _, c in rows),
    )
    return PublishedTable(
        name=stability_table_name(measure),
        title=f"Placement stability ({measure}): children in the numerator and the rest of "
        "the cohort, by borough",
        table=protect_table(table, policy),
    )


def _rule(policy: DisclosurePolicy) -> str:
    # the rule in words exactly as protect_table states it for this policy
    probe = CountTable(rows=("r",), columns=("c",), counts=((policy.threshold,),))
    return protect_table(probe, policy).rule


def publish(report: Report, policy: DisclosurePolicy = PUBLICATION_POLICY) -> Report:
    """``report`` ready to publish: its counts of children and placements per borough or per
    small group protected by ``policy`` (threshold 5 by default: counts 1-4 shown as
    ``"c"``, with secondary suppression so none can be worked out from the totals).

    The model's own figures are kept (the producer's copy); the result carries a
    :class:`~slcp.report.Disclosure` that every rendering reads instead. Money, rates and
    scores are unchanged. Publishing a published report again gives the same report.

    Args:
        report: the report, as :func:`~slcp.report.build_report` made it.
        policy: the disclosure-control policy.
    """
    o = report.overview
    tables: list[PublishedTable | None] = [
        _one_column(
            "placements",
            f"Placements active in {o.financial_year} by borough",
            [(b.gss_code, b.placements) for b in o.boroughs],
            "placements",
            policy,
        )
    ]
    tables += [_stability_table(report, m, policy) for m in _MEASURES]
    if report.fee_increases is not None:
        tables.append(
            _one_column(
                "fee_round_placements",
                "Placements each fee-uplift round changed",
                [(r.id, r.placements) for r in report.fee_increases.rounds],
                "placements",
                policy,
            )
        )
    if report.budgets:
        lines = [(str(i), line.assessed) for i, line in enumerate(report.budgets)]
        tables.append(
            _one_column(
                "budget_placements",
                "Placements costed against each budget line",
                [(k, a.placements) for k, a in lines],
                "placements",
                policy,
            )
        )
        tables.append(
            _one_column(
                "budget_placements_at_year_end",
                "Placements running on 31 March, per budget line",
                [(k, a.running_at_year_end) for k, a in lines],
                "placements",
                policy,
            )
        )
    if report.icas is not None:
        i = report.icas
        tables.append(
            _one_column(
                "ica_agreements",
                "Individual Child Agreements with a placement in the year",
                [("agreements", i.agreements)],
                "count",
                policy,
            )
        )
        tables.append(
            _one_column(
                "ica_outcomes",
                "ICA outcomes by status",
                [(s.value, n) for s, n in i.outcomes],
                "count",
                policy,
            )
        )
        tables.append(
            _one_column(
                "ica_reviews",
                "ICA reviews due in the year by timeliness",
                [(t.value, n) for t, n in i.reviews],
                "count",
                policy,
            )
        )
    # The SEND-return and market sections count children per need, setting, borough and
    # month in groups of one or two; until those counts go through the tables above, a
    # published report leaves the sections out rather than publish them unprotected.
    withheld = tuple(
        name
        for name, section in (("send", report.send), ("market", report.market))
        if section is not None
    )
    if report.disclosure is not None:  # publishing again: the sections are gone already
        withheld = report.disclosure.withheld
    disclosure = Disclosure(
        policy=policy,
        rule=_rule(policy),
        tables=tuple(t for t in tables if t is not None),
        withheld=withheld,
    )
    return attrs.evolve(report, disclosure=disclosure, send=None, market=None, market_demand=None)


@attrs.frozen(kw_only=True)
class PublishedMeasure:
    """One stability measure of one area as published.

    Attributes:
        numerator: children in the numerator, or ``"c"``.
        denominator: children in the cohort, or ``"c"``.
        rounded: True when the policy rounds published counts.
    """

    numerator: PublishedCount
    denominator: PublishedCount
    rounded: bool = False

    @property
    def shown(self) -> bool:
        """True when the percentage may be shown: neither count is suppressed, and they are
        published exactly (an exact percentage beside rounded counts would give them back)."""
        return not self.rounded and SUPPRESSED not in (self.numerator, self.denominator)


def published_measure(
    disclosure: Disclosure, measure: str, borough: str | None
) -> PublishedMeasure | None:
    """The published numerator and denominator of ``measure`` (``"short_term"``,
    ``"two_year"`` or ``"long_term"``) for ``borough`` (a GSS code), or for the programme
    when ``borough`` is ``None``; ``None`` when the measure is not published (unavailable).
    """
    name = stability_table_name(measure)
    t = disclosure.table(name)
    if t is None:
        return None
    row = TOTAL if borough is None else borough
    if row != TOTAL and row not in t.rows:
        return None
    return PublishedMeasure(
        numerator=disclosure.count(name, row, IN_NUMERATOR),
        denominator=disclosure.count(name, row, TOTAL),
        rounded=disclosure.policy.rounding_base is not None,
    )
