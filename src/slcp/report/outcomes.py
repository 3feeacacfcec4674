"""The report's outcomes section: provider scorecards, ICA progress and placement stability.

JSON key ``outcomes`` (stable; documented in ``docs/outcomes/report.md``):

* ``framework`` — the framework's name; ``as_of`` — the year's last day (ISO date);
* ``kpis`` — each KPI of the framework scored on (``ReportOptions.outcomes_framework``, or
  the default framework when it is ``None``): ``id``, ``name``, ``unit``, ``direction``,
  ``weight``, ``green``, ``amber`` (decimal strings, cut-offs in force on ``as_of``);
* ``providers`` — one object per provider, by id: ``id``, ``name``, ``lot`` (its main lot
  or ``null``), ``score`` (0-100 rounded half up to one decimal place, a string, or
  ``null`` when no KPI had data), ``score_exact`` (the exact score as ``"n/d"`` or
  ``null``), ``rag`` (KPI id → ``"green"``/``"amber"``/``"red"``/``"not_scored"``),
  ``rank_in_lot`` (``null`` when unscored or without a lot), ``open_concerns``;
* ``medians`` — ``partnership`` and ``lots`` (lot id → …), each KPI id (and ``"score"``) →
  the exact median of providers' values as ``"n/d"``, or ``null``;
* ``icas`` — ``agreements`` (ICAs whose placement ran in the year), ``outcomes`` (count per
  status, assessed on ``as_of`` or on the placement's last day if it ended earlier) and
  ``reviews`` (count per timeliness, reviews due in the year);
* ``stability`` — from :func:`slcp.report.stability.build_stability`.

May import :mod:`slcp.outcomes`, :mod:`slcp.domain` and the vocabulary modules.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from slcp.domain import LotId, Programme
from slcp.outcomes import (
    OutcomesFramework,
    OutcomeStatus,
    ReviewTimeliness,
    Scorecard,
    assess_agreement,
    assess_reviews,
    benchmark_lots,
    cap_assessment_day,
    default_outcomes_framework,
    lots_of,
    partnership_medians,
    score_providers,
    summarise_concerns,
)
from slcp.outcomes.scorecard import KpiMedian
from slcp.periods import DateRange
from slcp.report._base import JsonValue, ReportOptions, Section
from slcp.report.stability import build_stability

__all__ = ["build"]

_RAG_LETTER = {"green": "G", "amber": "A", "red": "R", "not_scored": "-"}


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _main_lot(programme: Programme, provider_id: str, year: DateRange) -> LotId | None:
    # the lot most of its placements in the year were called off (ties: lowest id), else the
    # first lot it is admitted to
    called: Counter[LotId] = Counter(
        p.route.lot
        for p in programme.placements
        if p.provider == provider_id and p.route.lot is not None and p.period.overlaps(year)
    )
    if called:
        return min(called, key=lambda lot: (-called[lot], lot))
    lots = lots_of(programme, provider_id, year)
    return lots[0] if lots else None


def _medians(medians: tuple[KpiMedian, ...]) -> dict[str, JsonValue]:
    return {m.kpi: _fraction(m.median) for m in medians}


def _icas(programme: Programme, year: DateRange) -> tuple[dict[str, JsonValue], list[str]]:
    on = year.last_day
    outcomes: Counter[OutcomeStatus] = Counter()
    reviews: Counter[ReviewTimeliness] = Counter()
    n = 0
    for a in sorted(programme.agreements, key=lambda a: a.id):
        if not programme.has_placement(a.placement) or a.agreed_on > on:
            continue
        placement = programme.placement(a.placement)
        within = placement.period.intersection(year)
        if within is None:
            continue
        n += 1
        day = cap_assessment_day(placement, on)
        if a.agreed_on <= day:
            outcomes.update(o.status for o in assess_agreement(a, on=day).outcomes)
        reviews.update(c.timeliness for c in assess_reviews(a, within=within, on=on).checks)
    data: dict[str, JsonValue] = {
        "agreements": n,
        "outcomes": {s.value: outcomes[s] for s in OutcomeStatus},
        "reviews": {t.value: reviews[t] for t in ReviewTimeliness},
    }
    lines = [
        f"ICAs with a placement in the year: {n}",
        "  Outcomes: "
        + ", ".join(f"{s.value.replace('_', ' ')} {outcomes[s]}" for s in OutcomeStatus),
        "  Reviews due: "
        + ", ".join(f"{t.value.replace('_', ' ')} {reviews[t]}" for t in ReviewTimeliness),
    ]
    return data, lines


def _stability_lines(stability: JsonValue) -> list[str]:
    if not isinstance(stability, dict):
        return []
    programme = stability.get("programme")
    if not isinstance(programme, dict):
        return []
    lines = [f"Placement stability, year ending {stability.get('year_ending')} (programme):"]
    for key, label in (
        ("short_term", "3+ placements in the year"),
        ("two_year", "3+ placements in two years"),
        ("long_term", "same carer 2+ years (long-term cohort)"),
    ):
        m = programme.get(key)
        if isinstance(m, dict) and m.get("denominator") == 0:
            lines.append(f"  {label}: no children in the cohort")
        elif isinstance(m, dict) and m.get("numerator") is not None:
            lines.append(
                f"  {label}: {m.get('numerator')} of {m.get('denominator')}"
                f" ({m.get('percent') or '-'}%)"
            )
        else:
            reason = m.get("reason") if isinstance(m, dict) else None
            lines.append(f"  {label}: not available" + (f" ({reason})" if reason else ""))
    return lines


def _provider_rows(
    programme: Programme,
    cards: tuple[Scorecard, ...],
    framework: OutcomesFramework,
    year: DateRange,
) -> tuple[list[JsonValue], dict[str, JsonValue], list[str]]:
    lots = benchmark_lots(programme, year, framework, cards=cards)
    by_lot = {b.lot: b for b in lots}
    concerns = {s.provider: s.open for s in summarise_concerns(programme, on=year.last_day)}
    rows: list[JsonValue] = []
    head = f"{'Provider':<10}{'Lot':<16}{'Score':>7}{'Rank':>6}  " + " ".join(
        f"{i + 1:>2}" for i in range(len(framework.kpis))
    )
    lines = [head]
    for card in cards:
        provider = programme.provider(card.provider)
        lot = _main_lot(programme, card.provider, year)
        rank = by_lot[lot].rank_of(card.provider) if lot in by_lot else None
        rag: dict[str, JsonValue] = {
            k.kpi: k.rag.value if k.rag is not None else "not_scored" for k in card.kpis
        }
        rows.append(
            {
                "id": card.provider,
                "name": provider.name,
                "lot": lot,
                "score": card.display,
                "score_exact": _fraction(card.score),
                "rag": rag,
                "rank_in_lot": rank,
                "open_concerns": concerns.get(card.provider, 0),
            }
        )
        letters = " ".join(f"{_RAG_LETTER[str(v)]:>2}" for v in rag.values())
        lines.append(
            f"{card.provider:<10}{lot or '-':<16}{card.display or '-':>7}"
            f"{rank if rank is not None else '-':>6}  {letters}"
        )
    medians: dict[str, JsonValue] = {
        "partnership": _medians(partnership_medians(cards, framework)),
        "lots": {b.lot: _medians(b.medians) for b in lots},
    }
    return rows, medians, lines


def build(programme: Programme, options: ReportOptions) -> Section | None:
    """The outcomes section, or ``None`` when the programme has no providers, ICAs or
    SSDA903 episodes to report on."""
    if not (programme.providers or programme.agreements or programme.episodes):
        return None
    year = options.financial_year.range
    on = year.last_day
    framework = options.outcomes_framework
    if framework is None:
        framework = default_outcomes_framework()
    cards = score_providers(programme, year, framework)
    rows, medians, provider_lines = _provider_rows(programme, cards, framework, year)
    icas, ica_lines = _icas(programme, year)
    kpis: list[JsonValue] = []
    legend: list[str] = []
    for i, k in enumerate(framework.kpis):
        t = k.thresholds.value_on(on)
        kpis.append(
            {
                "id": k.id,
                "name": k.name,
                "unit": k.unit.value,
                "direction": k.direction.value,
                "weight": str(k.weight),
                "green": str(t.green),
                "amber": str(t.amber),
            }
        )
        legend.append(f"  {i + 1:>2} {k.name}")
    stability = build_stability(programme, options)
    data: dict[str, JsonValue] = {
        "framework": framework.name,
        "as_of": on.isoformat(),
        "kpis": kpis,
        "providers": rows,
        "medians": medians,
        "icas": icas,
        "stability": stability,
    }
    text = [
        f"Outcomes — {framework.name}, as of {on.isoformat()}",
        "",
        "Provider scorecards (score 0-100, RAG per KPI: G/A/R, '-' not scored):",
        *provider_lines,
        "",
        "KPIs:",
        *legend,
        "",
        *ica_lines,
        "",
        *_stability_lines(stability),
    ]
    return Section(data={"outcomes": data}, text=tuple(text))
