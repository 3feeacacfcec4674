"""The SEND-return section as JSON-ready data and as tidy tables (it only reads the
:class:`~slcp.report._send.SendSection`)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from slcp.findings import count_by_code
from slcp.report._labels import pounds
from slcp.report._send import SendSection
from slcp.report._tables import Cell, Table, _table
from slcp.send import CommissioningJoin, SendSummary

if TYPE_CHECKING:
    from slcp.report._json import JsonValue

__all__ = ["cost_per_plan_data", "send_core_data", "send_data", "send_tables"]


def _pct(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def cost_per_plan_data(joined: CommissioningJoin) -> list[JsonValue]:
    """The join's weekly cost per plan by setting, JSON-ready (``slcp sen2`` and the report's
    ``send.commissioning`` share it): pence totals, the per-plan figure rounded half up to a
    penny and the exact fraction of pence it was rounded from."""
    return [
        {
            "setting": c.setting.value,
            "plans": c.plans,
            "weekly_total_pence": c.weekly_total.pence,
            "weekly_per_plan_pence": c.weekly_per_plan.pence,
            "weekly_per_plan_exact": _fraction(c.weekly_per_plan_exact),
        }
        for c in joined.cost_per_plan
    ]


def send_core_data(summary: SendSummary) -> dict[str, JsonValue]:
    """The measures ``slcp sen2`` and the report's ``send`` object both give, JSON-ready:
    plans in force (total and by need, age and setting), new plans, the 20-week measure
    (``percent`` half up to one place, ``percent_exact`` as a fraction ``"n/d"``) with and
    without exceptions, and placements in force by setting."""
    plans, timely = summary.plans_in_force, summary.timeliness
    return {
        "plans_in_force": plans.total,
        "plans_in_force_by": {
            "need": dict(plans.by_need),
            "age": dict(plans.by_age),
            "setting": dict(plans.by_setting),
        },
        "new_plans": summary.new_plans.count,
        "timeliness_20_weeks": {
            "numerator": timely.numerator,
            "denominator": timely.denominator,
            "percent": timely.percent_text,
            "percent_exact": _fraction(timely.percent),
            "including_exceptions": {
                "numerator": timely.numerator_with_exceptions,
                "denominator": timely.denominator_with_exceptions,
                "percent": timely.percent_with_exceptions_text,
            },
        },
        "placements_by_setting": [
            {"setting": setting, "count": n} for setting, n in summary.placements_by_setting
        ],
    }


def send_data(section: SendSection) -> dict[str, JsonValue]:
    """The ``send`` object of the report's JSON (documented in ``docs/report.md``)."""
    s = section.summary
    ret, joined = s.ret, s.commissioning
    england = section.england
    commissioning: JsonValue = None
    if joined is not None:
        commissioning = {
            "borough": joined.borough,
            "return_places": joined.return_places,
            "matched": len(joined.matched),
            "mismatches": section.mismatches,
            "mismatches_by_code": dict(count_by_code(joined.findings)),
            "bought_through_dps_or_framework": joined.bought_through_programme,
            "share_bought_percent": joined.share_bought_text,
            "share_bought_exact": _fraction(joined.share_bought),
            "cost_per_plan": cost_per_plan_data(joined),
        }
    core = send_core_data(s)
    timeliness = core["timeliness_20_weeks"]
    assert isinstance(timeliness, dict)
    timeliness |= {
        "england_percent": None if england is None else f"{england.percent:f}",
        "england_calendar_year": None if england is None else england.calendar_year,
        "england_source": None if england is None else england.source,
    }
    return {
        "source": section.name,
        "synthetic": section.synthetic,
        "collection_year": ret.collection_year,
        "census_date": section.census_date.isoformat(),
        "census_in_report_year": section.in_report_year,
        "la": ret.la,
        "la_code": ret.la_code,
        **core,
        "commissioning": commissioning,
        "findings": dict(section.findings_by_code),
    }


def send_tables(section: SendSection) -> list[Table]:
    """The section's tidy tables: ``send_plans`` (plans in force by need, age and setting),
    ``send_timeliness`` (the 20-week measure beside England's), ``send_placements``
    (placements in force by setting) and, with a join, ``send_commissioning`` (places
    matched, mismatches, bought through the DPS or framework) and ``send_cost_per_plan``
    (weekly cost per plan by setting)."""
    s = section.summary
    plans, timely, joined = s.plans_in_force, s.timeliness, s.commissioning
    census = section.census_date.isoformat()
    synthetic = " (synthetic sample)" if section.synthetic else ""
    plan_rows: list[tuple[Cell, ...]] = [("all", "all", plans.total)]
    for by, counts in (("need", plans.by_need), ("age", plans.by_age)):
        plan_rows += [(by, key, n) for key, n in counts.items()]
    plan_rows += [("setting", key, n) for key, n in plans.by_setting.items()]
    england = section.england
    timeliness_rows: list[tuple[Cell, ...]] = [
        (
            "excluding_exceptions",
            timely.numerator,
            timely.denominator,
            _pct(timely.percent_text),
            None
            if timely.percent is None
            else f"{timely.percent.numerator}/{timely.percent.denominator}",
            None if england is None else england.percent,
        ),
        (
            "including_exceptions",
            timely.numerator_with_exceptions,
            timely.denominator_with_exceptions,
            _pct(timely.percent_with_exceptions_text),
            None,
            None,
        ),
    ]
    tables = [
        _table(
            "send_plans",
            f"EHC plans in force on census day {census} by need, age and setting{synthetic}",
            [("by", "text"), ("group", "text"), ("plans", "int")],
            plan_rows,
        ),
        _table(
            "send_timeliness",
            f"New EHC plans issued within 20 weeks in {s.new_plans.calendar_year.start.year}"
            f"{synthetic}, against England",
            [
                ("measure", "text"),
                ("numerator", "int"),
                ("denominator", "int"),
                ("percent", "pct"),
                ("percent_exact", "text"),
                ("england_percent", "pct"),
            ],
            timeliness_rows,
        ),
        _table(
            "send_placements",
            f"Placements in force on census day {census} by setting{synthetic}",
            [("setting", "text"), ("placements", "int")],
            s.placements_by_setting,
        ),
    ]
    if joined is not None:
        share = joined.share_bought
        tables.append(
            _table(
                "send_commissioning",
                f"The return's independent and non-maintained special places on {census} "
                f"joined to the programme{synthetic}",
                [
                    ("borough", "text"),
                    ("return_places", "int"),
                    ("matched", "int"),
                    ("mismatches", "int"),
                    ("bought_through_dps_or_framework", "int"),
                    ("share_bought_percent", "pct"),
                    ("share_bought_exact", "text"),
                ],
                [
                    (
                        joined.borough,
                        joined.return_places,
                        len(joined.matched),
                        section.mismatches,
                        joined.bought_through_programme,
                        _pct(joined.share_bought_text),
                        None if share is None else f"{share.numerator}/{share.denominator}",
                    )
                ],
            )
        )
        tables.append(
            _table(
                "send_cost_per_plan",
                f"Independent and non-maintained special places joined to the programme on "
                f"{census}: weekly cost per plan by setting{synthetic}",
                [
                    ("setting", "text"),
                    ("plans", "int"),
                    ("weekly_total_pence", "pence"),
                    ("weekly_total_pounds", "pounds"),
                    ("weekly_per_plan_pence", "pence"),
                    ("weekly_per_plan_pounds", "pounds"),
                ],
                (
                    (
                        c.setting.value,
                        c.plans,
                        c.weekly_total.pence,
                        pounds(c.weekly_total.pence),
                        c.weekly_per_plan.pence,
                        pounds(c.weekly_per_plan.pence),
                    )
                    for c in joined.cost_per_plan
                ),
            )
        )
    return tables
