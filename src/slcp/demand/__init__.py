"""Demand and sufficiency forecasting: how many children will be looked after, where, in
which placement types, at what cost, against the places providers have.

A Markov model on month ends, in the manner of data-to-insight's demand model: from SSDA903
episodes it counts each month's moves between placement groups (fostering, residential,
other) by age band, entries to care and leaving care (:func:`estimate_transition_rates`,
every rate an exact count over its denominator), then projects each borough's population
month by month in whole thousandths of a child, conserving children exactly
(:func:`project_population`), with an interval from a seeded bootstrap over children
(:class:`BootstrapSettings`). :func:`backtest_demand` fits to the years up to Y−2 and
compares its projection with Y−1 and Y. The projection is priced in integer pence from
weekly fees and an expected uplift, labelled as assumptions (:func:`price_projection`), and
compared with registered places (:func:`assess_sufficiency`). Decision record 1110.
:func:`outlook_demand` puts these together for a programme, SEND placements projected from
its placement records beside them (:func:`project_send_placements`; decision record 1111).

May import: :mod:`slcp.outcomes`, :mod:`slcp.pricing`, :mod:`slcp.domain` and the vocabulary
modules. Never :mod:`slcp.io`, :mod:`slcp.report`, :mod:`slcp.render`, :mod:`slcp.cli`,
cattrs, json or click. numpy is imported when a projection runs.
"""

from slcp.demand._cost import (
    ASSUMPTIONS_LABEL,
    GROUP_SERVICES,
    AreaCost,
    DemandCost,
    PriceAssumption,
    PriceBasis,
    YearCost,
    price_projection,
    prices_from_programme,
)
from slcp.demand._fit import (
    ChildMonths,
    EntryCount,
    TransitionCount,
    TransitionRates,
    estimate_transition_rates,
    month_number,
    month_of_number,
    monthly_states,
)
from slcp.demand._forecast import (
    Backtest,
    BacktestError,
    DemandForecast,
    backtest_demand,
    census_month,
    data_months,
    forecast_demand,
    last_covered_day,
)
from slcp.demand._outlook import (
    OUTLOOK_BOOTSTRAP,
    OUTLOOK_YEARS,
    DemandOutlook,
    SendProjection,
    expected_uplift_of,
    outlook_demand,
    project_send_placements,
)
from slcp.demand._projection import (
    UNITS_PER_CHILD,
    AreaProjection,
    BootstrapSettings,
    PopulationProjection,
    ProjectedCount,
    ProjectedMonth,
    bootstrap_counts,
    project_population,
    start_population,
)
from slcp.demand._states import (
    CARE_STATES,
    AgeBand,
    CareState,
    PlacementGroup,
    age_band_of,
    month_end,
    placement_group_of,
)
from slcp.demand._sufficiency import RegisteredPlaces, SufficiencyGap, assess_sufficiency

__all__ = [
    "ASSUMPTIONS_LABEL",
    "CARE_STATES",
    "GROUP_SERVICES",
    "OUTLOOK_BOOTSTRAP",
    "OUTLOOK_YEARS",
    "UNITS_PER_CHILD",
    "AgeBand",
    "AreaCost",
    "AreaProjection",
    "Backtest",
    "BacktestError",
    "BootstrapSettings",
    "CareState",
    "ChildMonths",
    "DemandCost",
    "DemandForecast",
    "DemandOutlook",
    "EntryCount",
    "PlacementGroup",
    "PopulationProjection",
    "PriceAssumption",
    "PriceBasis",
    "ProjectedCount",
    "ProjectedMonth",
    "RegisteredPlaces",
    "SendProjection",
    "SufficiencyGap",
    "TransitionCount",
    "TransitionRates",
    "YearCost",
    "age_band_of",
    "assess_sufficiency",
    "backtest_demand",
    "bootstrap_counts",
    "census_month",
    "data_months",
    "estimate_transition_rates",
    "expected_uplift_of",
    "forecast_demand",
    "last_covered_day",
    "month_end",
    "month_number",
    "month_of_number",
    "monthly_states",
    "outlook_demand",
    "placement_group_of",
    "price_projection",
    "prices_from_programme",
    "project_population",
    "project_send_placements",
    "start_population",
]
