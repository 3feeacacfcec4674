"""Outcomes: KPI definitions and provider scorecards, Individual Child Agreement progress,
placement stability and disclosure control.

May import: :mod:`slcp.domain` and the vocabulary modules. Never :mod:`slcp.pricing`,
:mod:`slcp.io`, cattrs or json.
"""

__all__: list[str] = []
