"""Savings: the savings ledger, attribution of savings to boroughs (direct, by spend, by
volume, equal shares, equal price, Shapley), membership over time and return on investment.

* :mod:`slcp.savings._ledger` — :class:`SavingsLedger` and the ``derive_*`` functions that
  turn data into saving records, split by financial year.
* :mod:`slcp.savings._shapley` — volume-price curves, coalition gains, exact Shapley values
  (up to 20 members, or any number under a linear curve) and sampled ones with a Hoeffding
  error bound.
* :mod:`slcp.savings._attribution` — the attribution methods; every attribution allocates
  whole pence that add up exactly to the amount shared.
* :mod:`slcp.savings._roi` — contributions owed pro rata, gross and net return, the
  programme's mean and aggregate return, payback and the 5%-8% business-case check.

May import: :mod:`slcp.pricing`, :mod:`slcp.domain` and the vocabulary modules. Never
:mod:`slcp.outcomes`, :mod:`slcp.io`, cattrs or json.
"""

from slcp.savings._attribution import (
    Attribution,
    AttributionBasis,
    AttributionMethod,
    RecordAttribution,
    SavingsAttribution,
    attribute_amount,
    attribute_savings,
    measure_attribution_basis,
    parse_attribution_method,
)
from slcp.savings._ledger import (
    BasisKind,
    FigureBasis,
    SavingsLedger,
    basis_of_saving,
    basis_of_source,
    build_ledger,
    derive_dps_transaction_cost_savings,
    derive_fee_increase_savings,
    derive_negotiated_reduction,
    derive_spot_to_framework_savings,
    derive_transaction_cost_saving,
    derive_volume_discount,
    split_saving_by_financial_year,
)
from slcp.savings._roi import (
    BUSINESS_CASE_HIGH,
    BUSINESS_CASE_LOW,
    BusinessCaseCheck,
    BusinessCaseVerdict,
    OwedAmounts,
    OwedContribution,
    Payback,
    ProgrammeReturn,
    ReturnOnInvestment,
    YearFlow,
    calculate_return,
    check_business_case,
    find_payback,
    measure_payback,
    measure_return,
    owe_contribution,
    summarise_returns,
    to_pct,
)
from slcp.savings._shapley import (
    MAX_EXACT_MEMBERS,
    DiscountTier,
    LinearPriceCurve,
    ShapleyValues,
    TieredPriceCurve,
    VolumePriceCurve,
    coalition_gain,
    equal_price_gains,
    estimate_shapley_values,
    hoeffding_permutations,
    shapley_values,
    shapley_values_for_volumes,
)

__all__ = [
    "BUSINESS_CASE_HIGH",
    "BUSINESS_CASE_LOW",
    "MAX_EXACT_MEMBERS",
    "Attribution",
    "AttributionBasis",
    "AttributionMethod",
    "BasisKind",
    "BusinessCaseCheck",
    "BusinessCaseVerdict",
    "DiscountTier",
    "FigureBasis",
    "LinearPriceCurve",
    "OwedAmounts",
    "OwedContribution",
    "Payback",
    "ProgrammeReturn",
    "RecordAttribution",
    "ReturnOnInvestment",
    "SavingsAttribution",
    "SavingsLedger",
    "ShapleyValues",
    "TieredPriceCurve",
    "VolumePriceCurve",
    "YearFlow",
    "attribute_amount",
    "attribute_savings",
    "basis_of_saving",
    "basis_of_source",
    "build_ledger",
    "calculate_return",
    "check_business_case",
    "coalition_gain",
    "derive_dps_transaction_cost_savings",
    "derive_fee_increase_savings",
    "derive_negotiated_reduction",
    "derive_spot_to_framework_savings",
    "derive_transaction_cost_saving",
    "derive_volume_discount",
    "equal_price_gains",
    "estimate_shapley_values",
    "find_payback",
    "hoeffding_permutations",
    "measure_attribution_basis",
    "measure_payback",
    "measure_return",
    "owe_contribution",
    "parse_attribution_method",
    "shapley_values",
    "shapley_values_for_volumes",
    "split_saving_by_financial_year",
    "summarise_returns",
    "to_pct",
]
