"""Every SEND measure of one return, computed once, for the command line and the report."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from slcp.domain import Programme
from slcp.send._join import CommissioningJoin, establishment_types_of, join_to_programme
from slcp.send._measures import (
    NewPlans,
    PlansInForce,
    Timeliness,
    new_plans,
    placements_by_setting,
    plans_in_force,
    timeliness_20_weeks,
)
from slcp.send._records import Sen2Return

__all__ = ["SendSummary", "summarise_send"]


@attrs.frozen(kw_only=True)
class SendSummary:
    """The measures of one SEN2 return, each computed once.

    Attributes:
        ret: the return measured (its census date, year, authority and findings).
        establishment_types: the URN -> GIAS type list the settings were grouped by.
        plans_in_force: plans in force on census day by need, age and setting.
        new_plans: new plans in the calendar year.
        timeliness: 20-week timeliness of the new plans.
        placements_by_setting: placements in force on census day, ``(setting, count)``,
            largest first.
        commissioning: the join to the programme, or ``None`` without one.
    """

    ret: Sen2Return
    establishment_types: Mapping[str, int]
    plans_in_force: PlansInForce
    new_plans: NewPlans
    timeliness: Timeliness
    placements_by_setting: tuple[tuple[str, int], ...]
    commissioning: CommissioningJoin | None


def summarise_send(
    ret: Sen2Return,
    *,
    establishment_types: Mapping[str, int] | None = None,
    programme: Programme | None = None,
) -> SendSummary:
    """Compute every SEND measure of ``ret`` once.

    Args:
        ret: the return.
        establishment_types: URN -> GIAS type; the programme's providers' types (when a
            programme is given) are used for URNs this does not list.
        programme: the programme to join the return to, if any.
    """
    types: dict[str, int] = {}
    if programme is not None:
        types.update(establishment_types_of(programme))
    if establishment_types is not None:
        types.update(establishment_types)
    return SendSummary(
        ret=ret,
        establishment_types=types,
        plans_in_force=plans_in_force(ret, types),
        new_plans=new_plans(ret),
        timeliness=timeliness_20_weeks(ret),
        placements_by_setting=placements_by_setting(ret, types),
        commissioning=None
        if programme is None
        else join_to_programme(ret, programme, establishment_types=types),
    )
