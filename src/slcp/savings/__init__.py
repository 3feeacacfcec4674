"""Savings: the savings ledger, attribution of savings to boroughs (direct, proportional,
equal, equal-price, Shapley) and return on investment.

May import: :mod:`slcp.pricing`, :mod:`slcp.domain` and the vocabulary modules. Never
:mod:`slcp.outcomes`, :mod:`slcp.io`, cattrs or json.
"""

__all__: list[str] = []
