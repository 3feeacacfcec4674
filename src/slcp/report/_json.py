"""The report model as JSON-ready data: the stable contract documented in ``docs/report.md``.

Money keys end in ``_pence`` and hold integers; rates, percentages and fractional counts are
decimal strings; years ``"2019/20"``; dates ISO. Keys are only ever added.
"""

from __future__ import annotations

from fractions import Fraction

from slcp.market import MarketPosition
from slcp.money import round_decimal
from slcp.outcomes import SUPPRESSED
from slcp.outcomes.scorecard import KpiMedian
from slcp.outcomes.stability import StabilityMeasure, StabilityResult, UnavailableMeasure
from slcp.pricing import Annualisation
from slcp.report._finance_json import finance_to_json, funding_to_json
from slcp.report._labels import ENGLAND_STABILITY_PCT, MEASURE_LABELS
from slcp.report._model import (
    BoroughDrillDown,
    BudgetLine,
    CallOffs,
    Disclosure,
    FeeIncreases,
    IcaProgress,
    Overview,
    Provenance,
    Report,
    Savings,
    Scorecards,
    Spend,
    SpendLine,
    Stability,
)
from slcp.report._publish import published_measure
from slcp.savings import ProgrammeReturn, ReturnOnInvestment, to_pct

__all__ = [
    "JsonValue",
    "borough_to_json",
    "market_to_json",
    "measure_to_json",
    "report_data",
    "result_to_json",
    "stability_to_json",
]

#: A value that ``json.dumps`` writes as is (no floats for money: integers of pence).
JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def decimal_text(value: Fraction, places: int) -> str:
    """An exact fraction as a decimal string rounded half up to ``places`` decimals.

    >>> decimal_text(Fraction(1, 40) * 100, 4), decimal_text(Fraction(2, 3), 2)
    ('2.5000', '0.67')
    >>> decimal_text(Fraction(-1, 200), 2)
    '-0.01'
    """
    return f"{round_decimal(value, places):f}"


def rate_pct(value: Fraction) -> str:
    """A rate (0.035) as a percentage string to four places (``"3.5000"``)."""
    return decimal_text(value * 100, 4)


def fraction_text(value: Fraction | None) -> str | None:
    """An exact fraction as ``"n/d"``, or ``None``."""
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _provenance(p: Provenance) -> dict[str, JsonValue]:
    return {
        "slcp_version": p.slcp_version,
        "input": p.input_name,
        "input_sha256": p.input_sha256,
        "synthetic": p.synthetic,
        "financial_year": str(p.financial_year),
        "as_of": p.as_of.isoformat(),
        "options": {
            "attribution": p.attribution.value,
            "outcomes_framework": p.outcomes_framework,
        },
        "assumptions": [
            {
                "subject": a.subject,
                "source_kind": a.source.kind.value,
                "citation": a.source.citation,
                "affects": a.affects,
                "amount_pence": None if a.amount is None else a.amount.pence,
            }
            for a in p.assumptions
        ],
    }


def _overview(o: Overview) -> dict[str, JsonValue]:
    return {
        "programme": o.programme,
        "host": o.host,
        "financial_year": str(o.financial_year),
        "boroughs": [
            {
                "name": b.name,
                "gss_code": b.gss_code,
                "dfe_code": b.dfe_code,
                "workstreams": [w.value for w in b.workstreams],
                "placements": b.placements,
                "spend_pence": b.spend.pence,
            }
            for b in o.boroughs
        ],
        "total_spend_pence": o.total_spend.pence,
    }


def _spend(s: Spend) -> dict[str, JsonValue]:
    return {
        "financial_year": str(s.financial_year),
        "total_pence": s.total.pence,
        "by_financial_year": [
            {"financial_year": str(y.financial_year), "spend_pence": y.amount.pence}
            for y in s.by_financial_year
        ],
        "by_borough": [
            {"gss_code": x.borough, "name": x.borough_name, "spend_pence": x.amount.pence}
            for x in s.by_borough
        ],
        "by_workstream": [
            {
                "workstream": x.workstream.value if x.workstream else None,
                "spend_pence": x.amount.pence,
            }
            for x in s.by_workstream
        ],
        "by_lot": [
            {"lot": x.lot, "name": x.lot_name, "spend_pence": x.amount.pence} for x in s.by_lot
        ],
        "by_service": [
            {"service": x.service.value if x.service else None, "spend_pence": x.amount.pence}
            for x in s.by_service
        ],
        "by_borough_workstream_lot": [
            {
                "gss_code": x.borough,
                "workstream": x.workstream.value if x.workstream else None,
                "lot": x.lot,
                "spend_pence": x.amount.pence,
            }
            for x in s.by_borough_workstream_lot
        ],
        "method": s.method,
        "by_borough_financial_year": [
            {
                "financial_year": str(y),
                "boroughs": [
                    {"gss_code": x.borough, "name": x.borough_name, "spend_pence": x.amount.pence}
                    for x in lines
                ],
            }
            for y, lines in s.by_borough_year
        ],
    }


def _fee_increases(f: FeeIncreases) -> dict[str, JsonValue]:
    return {
        "horizon": str(f.horizon),
        "rounds": [
            {
                "id": r.id,
                "workstream": r.workstream.value,
                "financial_year": str(r.financial_year),
                "timing": r.timing,
                "placements": r.placements,
                "requested_weighted_average_pct": rate_pct(r.requested_average),
                "agreed_weighted_average_pct": rate_pct(r.agreed_average),
                "cost_avoidance_in_year_pence": r.in_year.pence,
                "cost_avoidance_full_year_pence": r.full_year.pence,
                "cost_avoidance_to_date_pence": r.to_date.pence,
                "by_borough": [
                    {
                        "gss_code": b.gss_code,
                        "name": b.name,
                        "cost_avoidance_in_year_pence": b.in_year.pence,
                        "cost_avoidance_full_year_pence": b.full_year.pence,
                        "cost_avoidance_to_date_pence": b.to_date.pence,
                    }
                    for b in r.by_borough
                ],
            }
            for r in f.rounds
        ],
        "cumulative_by_workstream": [
            {
                "workstream": c.workstream.value,
                "since": str(c.since),
                "through": str(c.through),
                "cost_avoidance_pence": c.amount.pence,
            }
            for c in f.cumulative_by_workstream
        ],
        "method": f.method,
        "convention": f.convention,
        "conventions": [
            {
                "workstream": c.workstream.value,
                "financial_year": str(c.financial_year),
                "per_round_pence": c.per_round.pence,
                "all_rounds_together_pence": c.all_rounds.pence,
                "interaction_pence": c.interaction.pence,
            }
            for c in f.conventions
        ],
    }


def _budget(line: BudgetLine) -> dict[str, JsonValue]:
    assessed = line.assessed
    b = assessed.budget
    annualised: dict[str, JsonValue] = {}
    for a in Annualisation:
        position = assessed.positions.get(a)
        if position is None:
            continue
        at_end = assessed.positions_at_year_end[a]
        annualised[a.value] = {
            "weeks": decimal_text(position.funded.weeks, 4),
            "funded_placements": decimal_text(position.funded.exact, 1),
            "funded_placements_nearest": position.funded.nearest,
            "projected_spend_pence": position.projected.pence,
            "variance_pence": position.variance.pence,
            "projected_spend_at_year_end_level_pence": at_end.projected.pence,
            "variance_at_year_end_level_pence": at_end.variance.pence,
        }
    return {
        "gss_code": b.borough,
        "name": line.name,
        "workstream": b.workstream.value,
        "service": b.service.value if b.service else None,
        "financial_year": str(b.financial_year),
        "budget_pence": b.amount.pence,
        "placements": assessed.placements,
        "average_placements": decimal_text(assessed.average_placements, 2),
        "placements_at_year_end": assessed.running_at_year_end,
        "average_weekly_cost_pence": assessed.average_weekly_cost.pence,
        "costed_spend_pence": assessed.costed_spend.pence,
        "costed_variance_pence": assessed.costed_variance.pence,
        "annualisations": annualised,
    }


def _pct(value: Fraction | None) -> str | None:
    return None if value is None else to_pct(value)


def _return(r: ReturnOnInvestment) -> dict[str, JsonValue]:
    return {
        "contribution_pence": r.contribution.pence,
        "savings_pence": r.savings.pence,
        "gross_return_pct": _pct(r.gross_return),
        "net_return_pct": _pct(r.net_return),
        "return_undefined": r.undefined_reason or None,
    }


def _programme_return(s: ProgrammeReturn) -> dict[str, JsonValue]:
    return {
        **_return(s.aggregate),
        "mean_gross_return_pct": _pct(s.mean_gross_return),
        "mean_net_return_pct": _pct(s.mean_net_return),
        "boroughs_averaged": len(s.averaged),
        "boroughs_undefined": list[JsonValue](s.excluded),
    }


def _basis(s: Savings, i: int) -> dict[str, JsonValue]:
    if i >= len(s.record_bases):
        return {}
    b = s.record_bases[i]
    return {"basis": b.kind.value, "rule": b.rule}


def _savings(s: Savings) -> dict[str, JsonValue]:
    programme = _programme_return(s.programme.year)
    programme["to_date"] = _programme_return(s.programme.to_date)
    programme["workstreams"] = [
        {
            "workstream": w.workstream.value,
            **_programme_return(w.year),
            "to_date": _programme_return(w.to_date),
        }
        for w in s.programme.workstreams
    ]
    business: JsonValue = None
    if s.business_case is not None:
        check = s.business_case
        business = {
            "savings_pence": check.savings.pence,
            "spend_pence": check.spend.pence,
            "share_pct": to_pct(check.share, places=2),
            "band_low_pct": to_pct(check.low.fraction, places=0),
            "band_high_pct": to_pct(check.high.fraction, places=0),
            "verdict": check.verdict.value,
        }
    return {
        "financial_year": str(s.financial_year),
        "total_pence": s.total.pence,
        "by_source": {x.source.value: x.amount.pence for x in s.by_source},
        "to_date_pence": s.to_date.pence,
        "to_date_by_source": {x.source.value: x.amount.pence for x in s.to_date_by_source},
        "attribution": {
            "method": s.method.value,
            "rule": s.rule,
            "boroughs": [
                {
                    "gss_code": a.gss_code,
                    "name": a.name,
                    "savings_pence": a.savings.pence,
                    "to_date_savings_pence": a.to_date_savings.pence,
                }
                for a in s.attribution
            ],
        },
        "roi": {
            "boroughs": [
                {
                    "gss_code": b.gss_code,
                    "name": b.name,
                    **_return(b.year),
                    "workstreams": [
                        {
                            "workstream": w.workstream.value,
                            **_return(w.year),
                            "to_date": _return(w.to_date),
                        }
                        for w in b.workstreams
                    ],
                    "assumptions": list[JsonValue](b.assumption_flags),
                    "to_date": {
                        **_return(b.to_date),
                        "paid_back_on": None
                        if b.payback.paid_back_on is None
                        else b.payback.paid_back_on.isoformat(),
                        "payback_days": b.payback.days,
                    },
                }
                for b in s.roi
            ],
            "programme": programme,
        },
        "business_case": business,
        "business_case_framework": [
            {
                "framework": f.framework,
                "name": f.name,
                "workstream": f.workstream.value,
                "go_live": f.go_live.isoformat(),
                "basis": f.basis,
                "years": [
                    {
                        "financial_year": str(y.financial_year),
                        "live_days": y.live_days,
                        "spend_pence": y.spend.pence,
                        "savings_pence": y.savings.pence,
                        "share_pct": None if y.check is None else to_pct(y.check.share, places=2),
                        "verdict": None if y.check is None else y.check.verdict.value,
                        "note": y.note,
                    }
                    for y in f.years
                ],
            }
            for f in s.framework_business_cases
        ],
        "records": [
            {
                "id": r.id,
                "source": r.source.value,
                "financial_year": str(r.financial_year),
                "workstream": r.workstream.value,
                "borough": r.borough,
                "amount_pence": r.amount.pence,
                "derived": r.derived,
                "evidence": r.evidence.citation,
                **_basis(s, i),
            }
            for i, r in enumerate(s.records)
        ],
        "assumed_sources": [x.value for x in s.assumed_sources],
    }


def _medians(medians: tuple[KpiMedian, ...]) -> dict[str, JsonValue]:
    return {m.kpi: fraction_text(m.median) for m in medians}


def _scorecards(c: Scorecards) -> tuple[list[JsonValue], list[JsonValue], dict[str, JsonValue]]:
    kpis: list[JsonValue] = [
        {
            "id": k.kpi.id,
            "name": k.kpi.name,
            "unit": k.kpi.unit.value,
            "direction": k.kpi.direction.value,
            "weight": str(k.kpi.weight),
            "green": str(k.thresholds.green),
            "amber": str(k.thresholds.amber),
        }
        for k in c.kpis
    ]
    providers: list[JsonValue] = [
        {
            "id": p.id,
            "name": p.name,
            "lot": p.lot,
            "score": p.card.display,
            "score_exact": fraction_text(p.card.score),
            "rag": {k.kpi: k.rag.value if k.rag is not None else "not_scored" for k in p.card.kpis},
            "rank_in_lot": p.rank_in_lot,
            "open_concerns": p.open_concerns,
        }
        for p in c.providers
    ]
    medians: dict[str, JsonValue] = {
        "partnership": _medians(c.partnership_medians),
        "lots": {lot: _medians(m) for lot, m in c.lot_medians},
    }
    return kpis, providers, medians


def _icas(i: IcaProgress) -> dict[str, JsonValue]:
    return {
        "agreements": i.agreements,
        "outcomes": {s.value: n for s, n in i.outcomes},
        "reviews": {t.value: n for t, n in i.reviews},
    }


def measure_to_json(measure: StabilityMeasure | UnavailableMeasure) -> dict[str, JsonValue]:
    """One stability measure as JSON-ready values: ``available``, ``numerator``,
    ``denominator``, ``percent`` (half up to one place, display only), ``percent_exact`` (a
    fraction string), and ``reason`` when unavailable (unavailable is not zero).

    >>> import datetime as dt
    >>> from slcp.outcomes.stability import StabilityMeasureKind
    >>> measure_to_json(UnavailableMeasure(kind=StabilityMeasureKind.LONG_TERM,
    ...     year_ending=dt.date(2018, 3, 31), reason="no months of birth"))
    {'available': False, 'numerator': None, 'denominator': None, 'percent': None,
     'percent_exact': None, 'reason': 'no months of birth'}
    """
    if isinstance(measure, UnavailableMeasure):
        return {
            "available": False,
            "numerator": None,
            "denominator": None,
            "percent": None,
            "percent_exact": None,
            "reason": measure.reason,
        }
    exact = measure.percent
    return {
        "available": True,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "percent": measure.percent_text,
        "percent_exact": None if exact is None else str(exact),
    }


def result_to_json(result: StabilityResult) -> dict[str, JsonValue]:
    """The three measures of one area (``short_term``, ``two_year``, ``long_term``)."""
    return {
        "short_term": measure_to_json(result.short_term),
        "two_year": measure_to_json(result.two_year),
        "long_term": measure_to_json(result.long_term),
    }


def stability_to_json(s: Stability) -> dict[str, JsonValue]:
    """``{"year_ending", "programme": {...}, "boroughs": [{"borough", "name", ...}]}``."""
    return {
        "year_ending": s.year_ending.isoformat(),
        "programme": dict(result_to_json(s.programme)),
        "boroughs": [
            {"borough": b.gss_code, "name": b.name, **result_to_json(b.result)} for b in s.boroughs
        ],
    }


def _line(x: SpendLine) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {}
    if x.workstream is not None:
        out["workstream"] = x.workstream.value
    if x.lot_name is not None:
        out["lot"] = x.lot
        out["lot_name"] = x.lot_name
    if x.service is not None:
        out["service"] = x.service.value
    out["amount_pence"] = x.amount.pence
    return out


def borough_to_json(d: BoroughDrillDown) -> dict[str, JsonValue]:
    """One borough's drill-down as JSON-ready data (the report's ``borough`` key)."""
    return {
        "gss_code": d.gss_code,
        "name": d.name,
        "spend_pence": d.spend.pence,
        "spend_by_workstream": [_line(x) for x in d.spend_by_workstream],
        "spend_by_lot": [_line(x) for x in d.spend_by_lot],
        "spend_by_service": [_line(x) for x in d.spend_by_service],
        "attributed_savings_pence": d.attributed.pence,
        "attributed_to_date_savings_pence": d.attributed_to_date.pence,
        "savings": [
            {
                "id": c.id,
                "source": c.source.value,
                "financial_year": str(c.financial_year),
                "workstream": c.workstream.value,
                "evidence": c.evidence,
                "basis": c.basis.kind.value,
                "method": c.method.value,
                "how": c.how,
                "record_amount_pence": c.record_amount.pence,
                "share": fraction_text(c.share),
                "share_pence": c.amount.pence,
            }
            for c in d.savings
        ],
        "avoidance": [
            {
                "round": a.round_id,
                "workstream": a.workstream.value,
                "financial_year": str(a.financial_year),
                "amount_pence": a.amount.pence,
            }
            for a in d.avoidance
        ],
        "contributions": [
            {
                "workstream": c.workstream.value,
                "financial_year": str(c.financial_year),
                "amount_pence": c.amount.pence,
                "source": None if c.source is None else c.source.citation,
            }
            for c in d.contributions
        ],
        "roi": None
        if d.roi is None
        else {
            **_return(d.roi.year),
            "to_date": _return(d.roi.to_date),
            "assumptions": list[JsonValue](d.roi.assumption_flags),
        },
        "providers": [
            {
                "id": p.id,
                "name": p.name,
                "lot": p.lot,
                "score": fraction_text(p.card.score),
                "rank_in_lot": p.rank_in_lot,
                "open_concerns": p.open_concerns,
            }
            for p in d.providers
        ],
        "stability": None
        if d.stability is None
        else {
            **result_to_json(d.stability.result),
            "england_pct": dict[str, JsonValue](ENGLAND_STABILITY_PCT),
        },
    }


def _call_offs(c: CallOffs) -> dict[str, JsonValue]:
    vehicles: list[JsonValue] = []
    for v in c.vehicles:
        years: list[JsonValue] = []
        for year in v.years:
            period = year.range
            lots: list[JsonValue] = [
                {
                    "lot": line.lot,
                    "lot_name": v.lot_names.get(line.lot) if line.lot is not None else None,
                    "call_offs": line.call_offs,
                    "value_pence": line.value.pence,
                }
                for line in v.activity.lines
                if line.period == period
            ]
            years.append(
                {
                    "financial_year": str(year),
                    "call_offs": v.activity.call_offs_in(period),
                    "value_pence": v.activity.value_in(period).pence,
                    "lots": lots,
                }
            )
        vehicles.append({"vehicle": v.vehicle, "name": v.name, "kind": v.kind, "years": years})
    return {"financial_year": str(c.financial_year), "rule": c.rule, "vehicles": vehicles}


def _median_pence(value: Fraction) -> str:
    # an exact median of whole pence is whole or a half penny: "123456" or "123456.5"
    return decimal_text(value, 0 if value.denominator == 1 else 1)


def market_to_json(m: MarketPosition) -> dict[str, JsonValue]:
    """The market section as JSON-ready values (``docs/market.md``): demand, supply,
    concentration (HHI exact as ``"n/d"`` and rounded; top-five share; every organisation's
    share, largest first), price dispersion (whole pence; exact medians as decimal strings),
    time to place, the on-framework share by borough and month, and the statement."""
    return {
        "financial_year": str(m.financial_year),
        "as_of": m.as_of.isoformat(),
        "demand": [{"service": d.service.value, "children": d.children} for d in m.demand],
        "demand_by_need": [
            {"need": None if n.need is None else n.need.value, "children": n.children}
            for n in m.demand_by_need
        ],
        "supply": [
            {
                "service": x.service.value,
                "vacancies": x.vacancies,
                "places": x.places,
                "providers": x.providers,
            }
            for x in m.supply
        ],
        "concentration": [
            {
                "dimension": c.dimension,
                "market": c.market,
                "name": c.name,
                "basis": c.basis.value,
                "total": c.total,
                "organisations": c.organisations,
                "hhi": int(round_decimal(c.hhi, 0)),
                "hhi_exact": fraction_text(c.hhi),
                "level": c.level.value,
                "top5_pct": c.top5_pct,
                "shares": [
                    {
                        "group": s.group,
                        "name": s.name,
                        "amount": s.amount,
                        "share_pct": s.share_pct,
                    }
                    for s in c.shares
                ],
            }
            for c in m.concentration
        ],
        "groups": [
            {
                "group": g.group,
                "name": g.name,
                "members": g.members,
                "spend_pence": g.spend.pence,
                "places": g.places,
            }
            for g in m.groups
        ],
        "prices": [
            {
                "service": d.service.value,
                "placements": d.placements,
                "min_weekly_pence": d.min_weekly.pence,
                "median_weekly_pence": d.median_weekly.pence,
                "median_exact_pence": _median_pence(d.median_exact),
                "max_weekly_pence": d.max_weekly.pence,
                "boroughs": [
                    {
                        "gss_code": b.borough,
                        "placements": b.placements,
                        "min_weekly_pence": b.min_weekly.pence,
                        "median_weekly_pence": b.median_weekly.pence,
                        "median_exact_pence": _median_pence(b.median_exact),
                        "max_weekly_pence": b.max_weekly.pence,
                    }
                    for b in d.boroughs
                ],
            }
            for d in m.dispersion
        ],
        "time_to_place": {
            "awards": m.time_to_place.awards,
            "on_framework": m.time_to_place.on_framework,
            "min_days": m.time_to_place.min_days,
            "median_days": None
            if m.time_to_place.median_days is None
            else decimal_text(m.time_to_place.median_days, 1),
            "max_days": m.time_to_place.max_days,
        },
        "framework_share": [
            {
                "gss_code": f.borough,
                "month": str(f.month),
                "awards": f.awards,
                "on_framework": f.on_framework,
                "share_pct": f.percent,
            }
            for f in m.framework_share
        ],
        "off_framework_reasons": [
            {"reason": reason, "awards": n} for reason, n in m.off_framework_reasons
        ],
        "statement": list(m.statement),
    }


def report_data(report: Report) -> dict[str, JsonValue]:
    """The report as one JSON-ready object: the stable contract (``docs/report.md``).

    Top-level keys, in order: the overview's (``programme``, ``host``, ``financial_year``,
    ``boroughs``, ``total_spend_pence``), then ``spend``, ``fee_increases`` and ``budget``
    (pricing), ``call_offs`` (call-offs by year and lot on each DPS and framework),
    ``savings``, ``outcomes``, ``send``, ``market``, ``borough``, ``finance`` and ``funding``
    — each only when its section is present — and ``provenance``. A published report
    (:func:`~slcp.report.publish`) shows every protected count as published (an ``int`` or
    ``"c"``) and adds ``disclosure``.
    """
    out: dict[str, JsonValue] = dict(_overview(report.overview))
    if report.spend is not None and report.fee_increases is not None:
        out["spend"] = _spend(report.spend)
        out["fee_increases"] = _fee_increases(report.fee_increases)
        out["budget"] = [_budget(b) for b in report.budgets or ()]
    if report.savings is not None:
        out["savings"] = _savings(report.savings)
    if report.scorecards is not None and report.icas is not None and report.stability:
        kpis, providers, medians = _scorecards(report.scorecards)
        out["outcomes"] = {
            "framework": report.scorecards.framework,
            "as_of": report.scorecards.as_of.isoformat(),
            "kpis": kpis,
            "providers": providers,
            "medians": medians,
            "icas": _icas(report.icas),
            "stability": stability_to_json(report.stability),
        }
    if report.call_offs is not None:
        out["call_offs"] = _call_offs(report.call_offs)
    if report.borough is not None:
        out["borough"] = borough_to_json(report.borough)
    if report.send is not None:
        from slcp.report._send_out import send_data

        out["send"] = send_data(report.send)
    if report.market is not None:
        market = market_to_json(report.market)
        if report.market_demand is not None:
            from slcp.report._market_demand import demand_outlook_to_json

            market["demand_outlook"] = demand_outlook_to_json(report.market_demand)
        out["market"] = market
    if report.finance is not None:
        out["finance"] = finance_to_json(report.finance)
    if report.funding is not None:
        out["funding"] = funding_to_json(report.funding)
    out["provenance"] = _provenance(report.provenance)
    return _published(out, report)


def _published_result(
    disclosure: Disclosure, borough: str | None, measures: dict[str, JsonValue]
) -> None:
    for key, _ in MEASURE_LABELS:
        m = measures.get(key)
        p = published_measure(disclosure, key, borough)
        if not isinstance(m, dict) or p is None or not m.get("available"):
            continue
        m["numerator"] = p.numerator
        m["denominator"] = p.denominator
        if not p.shown:
            m["percent"] = SUPPRESSED
            m["percent_exact"] = SUPPRESSED


def _list_of_objects(value: JsonValue) -> list[dict[str, JsonValue]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _object(value: JsonValue) -> dict[str, JsonValue]:
    return value if isinstance(value, dict) else {}


def _published(out: dict[str, JsonValue], report: Report) -> dict[str, JsonValue]:
    # every protected count replaced by its published figure (an int or "c"), percentages
    # hidden with their numerator or denominator, and the rule stated (decision 0405)
    d = report.disclosure
    if d is None:
        return out
    for b in _list_of_objects(out.get("boroughs")):
        b["placements"] = d.count("placements", str(b["gss_code"]), "placements")
    fees = _object(out.get("fee_increases"))
    for r in _list_of_objects(fees.get("rounds")):
        r["placements"] = d.count("fee_round_placements", str(r["id"]), "placements")
    for i, line in enumerate(_list_of_objects(out.get("budget"))):
        line["placements"] = d.count("budget_placements", str(i), "placements")
        line["placements_at_year_end"] = d.count(
            "budget_placements_at_year_end", str(i), "placements"
        )
        if SUPPRESSED in (line["placements"], line["placements_at_year_end"]):
            _hide_budget_levels(line)
    outcomes = _object(out.get("outcomes"))
    icas = _object(outcomes.get("icas"))
    if icas:
        icas["agreements"] = d.count("ica_agreements", "agreements", "count")
        for key, name in (("outcomes", "ica_outcomes"), ("reviews", "ica_reviews")):
            counts = _object(icas.get(key))
            for status in counts:
                counts[status] = d.count(name, status, "count")
    st = _object(outcomes.get("stability"))
    if st:
        _published_result(d, None, _object(st.get("programme")))
        for b in _list_of_objects(st.get("boroughs")):
            _published_result(d, str(b["borough"]), b)
    drill = _object(out.get("borough"))
    if drill and isinstance(drill.get("stability"), dict):
        _published_result(d, str(drill["gss_code"]), _object(drill["stability"]))
    out["disclosure"] = {
        "published": True,
        "threshold": d.policy.threshold,
        "rounding_base": d.policy.rounding_base,
        "suppressed": SUPPRESSED,
        "rule": d.rule,
        "withheld_sections": list[JsonValue](d.withheld),
    }
    return out


def _hide_budget_levels(line: dict[str, JsonValue]) -> None:
    # spend ÷ average weekly cost gives placement-weeks, and budget ÷ funded placements
    # gives the average cost: every figure worked from the hidden level goes with it
    line["average_placements"] = SUPPRESSED
    line["average_weekly_cost_pence"] = SUPPRESSED
    for position in _object(line.get("annualisations")).values():
        if isinstance(position, dict):
            for key in position:
                if key != "weeks":
                    position[key] = SUPPRESSED
