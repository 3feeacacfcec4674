"""SEND measures from the SEN2 person-level return: EHC plans in force, new plans, 20-week
timeliness and placements by setting, and the return joined to the programme's commissioned
independent and non-maintained special school placements and their prices.

Records (:class:`Sen2Return` and what it holds) never carry a name, a full date of birth, a
full postcode, a UPN or a ULN; :mod:`slcp.io.sen2` reads them from files.

May import: :mod:`slcp.pricing`, :mod:`slcp.outcomes`, :mod:`slcp.domain` and the vocabulary
modules. Never :mod:`slcp.io`, :mod:`slcp.report`, cattrs, json or click.
"""

from slcp.send._england import (
    ENGLAND_TIMELINESS_20_WEEKS,
    EnglandTimeliness,
    england_timeliness_for,
)
from slcp.send._join import (
    CommissioningJoin,
    CostPerPlan,
    PlacementMatch,
    establishment_types_of,
    join_to_programme,
)
from slcp.send._measures import (
    AGE_BANDS,
    TWENTY_WEEKS_DAYS,
    NewPlans,
    PlansInForce,
    Timeliness,
    TimelinessLine,
    TimelinessReason,
    age_band,
    new_plans,
    placements_by_borough,
    placements_by_setting,
    plans_in_force,
    timeliness_20_weeks,
)
from slcp.send._records import (
    ESTABLISHMENT_TYPES,
    EhcRequest,
    Sen2Child,
    Sen2Return,
    SenPlacement,
    SettingCategory,
    setting_category,
)
from slcp.send._summary import SendSummary, summarise_send

__all__ = [
    "AGE_BANDS",
    "ENGLAND_TIMELINESS_20_WEEKS",
    "ESTABLISHMENT_TYPES",
    "TWENTY_WEEKS_DAYS",
    "CommissioningJoin",
    "CostPerPlan",
    "EhcRequest",
    "EnglandTimeliness",
    "NewPlans",
    "PlacementMatch",
    "PlansInForce",
    "Sen2Child",
    "Sen2Return",
    "SenPlacement",
    "SendSummary",
    "SettingCategory",
    "Timeliness",
    "TimelinessLine",
    "TimelinessReason",
    "age_band",
    "england_timeliness_for",
    "establishment_types_of",
    "join_to_programme",
    "new_plans",
    "placements_by_borough",
    "placements_by_setting",
    "plans_in_force",
    "setting_category",
    "summarise_send",
    "timeliness_20_weeks",
]
