"""Words for codes: what a reader sees instead of ``childrens_home`` or ``send``."""

from __future__ import annotations

import enum
from decimal import Decimal

from slcp.domain import SavingSource, ServiceKind, Workstream

__all__ = ["ENGLAND_STABILITY_PCT", "MEASURE_LABELS", "label", "pounds"]

_LABELS: dict[enum.Enum, str] = {
    Workstream.SEND: "SEND",
    Workstream.LAC: "LAC",
    ServiceKind.SEND_DAY: "SEND day school",
    ServiceKind.SEND_RESIDENTIAL_38_WEEK: "SEND residential, 38 weeks",
    ServiceKind.SEND_RESIDENTIAL_52_WEEK: "SEND residential, 52 weeks",
    ServiceKind.SEND_POST_16: "SEND post-16",
    ServiceKind.CHILDRENS_HOME: "Children's home",
    ServiceKind.INDEPENDENT_FOSTERING: "Independent fostering",
    ServiceKind.IN_HOUSE_FOSTERING: "In-house fostering",
    ServiceKind.KINSHIP_FOSTERING: "Kinship fostering",
    ServiceKind.SUPPORTED_ACCOMMODATION: "Supported accommodation",
    ServiceKind.SECURE_CHILDRENS_HOME: "Secure children's home",
    ServiceKind.PARENT_AND_CHILD: "Parent and child",
    ServiceKind.POSITIVE_INTERVENTION: "Positive intervention",
    SavingSource.FEE_INCREASE_AVOIDANCE: "Fee-increase avoidance",
    SavingSource.SPOT_TO_FRAMEWORK: "Spot to framework",
}

#: The three DfE measures' keys and labels, in the report's order.
MEASURE_LABELS = (
    ("short_term", "3+ placements in the year"),
    ("two_year", "3+ placements in two years"),
    ("long_term", "same carer 2+ years (long-term cohort)"),
)

#: England's figures for the three measures (REFERENCE §4: DfE, England 2025), in percent.
ENGLAND_STABILITY_PCT = {"short_term": 10, "two_year": 23, "long_term": 69}


def label(code: enum.Enum) -> str:
    """A code's label for people: ``Children's home`` for ``childrens_home``.

    >>> label(ServiceKind.CHILDRENS_HOME), label(Workstream.LAC), label(ServiceKind.OTHER)
    ("Children's home", 'LAC', 'Other')
    """
    known = _LABELS.get(code)
    if known is not None:
        return known
    text = str(code.value).replace("_", " ")
    return text[:1].upper() + text[1:]


def pounds(pence: int) -> Decimal:
    """Pence as an exact decimal of pounds with two places (no float).

    >>> pounds(123456), pounds(-1), pounds(0)
    (Decimal('1234.56'), Decimal('-0.01'), Decimal('0.00'))
    """
    return Decimal(pence).scaleb(-2).quantize(Decimal("0.01"))
