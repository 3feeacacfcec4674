"""SSDA903 code lists by collection year, and the mapping of placements to service kinds.

Sources: the DfE SSDA903 guidance code lists as summarised in REFERENCE §4. The PLACE list
changes by year (decision record 0504): K3 (registered supported accommodation) is valid from
2024/25; from 2025/26 H5, P2 and Z1 are withdrawn and Z11-Z14 replace Z1. The other lists are
the same every year slcp reads.
"""

from __future__ import annotations

from slcp.domain import ServiceKind
from slcp.periods import FinancialYear

__all__ = [
    "CIN_CODES",
    "LS_CODES",
    "PLACE_PROVIDER_CODES",
    "REASON_PLACE_CHANGE_CODES",
    "REC_CODES",
    "RNE_CODES",
    "SEX_CODES",
    "place_codes",
    "service_kind_of",
]

RNE_CODES = frozenset({"S", "L", "P", "T", "B", "U"})
LS_CODES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})
CIN_CODES = frozenset({f"N{i}" for i in range(1, 9)})
PLACE_PROVIDER_CODES = frozenset({f"PR{i}" for i in range(6)})
REC_CODES = frozenset(
    {
        "X1",
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17",
    }
)
REASON_PLACE_CHANGE_CODES = frozenset(
    {
        "ALLEG",
        "APPRR",
        "CARPL",
        "CHILD",
        "CLOSE",
        "CREQB",
        "CREQO",
        "CUSTOD",
        "LAREQ",
        "OTHER",
        "PLACE",
        "STAND",
    }
)
SEX_CODES = frozenset({"1", "2"})

_PLACE_BASE = frozenset(
    {
        *(f"A{i}" for i in range(3, 7)),
        "H5",
        "K1",
        "K2",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        *(f"T{i}" for i in range(5)),
        *(f"U{i}" for i in range(1, 7)),
        "Z1",
    }
)
_K3_FROM = 2024  # 2024/25
_Z1X_FROM = 2025  # 2025/26


def place_codes(year: FinancialYear) -> frozenset[str]:
    """Valid PLACE codes in the collection year ``year``.

    >>> "K3" in place_codes(FinancialYear(2023)), "K3" in place_codes(FinancialYear(2024))
    (False, True)
    >>> sorted(c for c in place_codes(FinancialYear(2025)) if c[0] in "HPZ")
    ['P1', 'P3', 'Z11', 'Z12', 'Z13', 'Z14']
    """
    codes = set(_PLACE_BASE)
    if year.start_year >= _K3_FROM:
        codes.add("K3")
    if year.start_year >= _Z1X_FROM:
        codes -= {"H5", "P2", "Z1"}
        codes |= {"Z11", "Z12", "Z13", "Z14"}
    return frozenset(codes)


_FOSTER_OTHER = frozenset({"U4", "U5", "U6"})
_FOSTER_KIN = frozenset({"U1", "U2", "U3"})
_RESIDENTIAL = frozenset({"K2", "R1"})
_MARKET = frozenset({"PR4", "PR5"})
_PUBLIC = frozenset({"PR1", "PR2"})


def service_kind_of(place: str, place_provider: str | None) -> ServiceKind:
    """The slcp service kind of a 903 placement (table in ``docs/ssda903.md``).

    >>> service_kind_of("U5", "PR4").value, service_kind_of("U5", "PR1").value
    ('independent_fostering', 'in_house_fostering')
    >>> service_kind_of("K2", "PR5").value, service_kind_of("K2", "PR1").value
    ('childrens_home', 'other')
    >>> service_kind_of("H5", None).value, service_kind_of("K3", "PR4").value
    ('supported_accommodation', 'supported_accommodation')
    """
    if place in _FOSTER_OTHER:
        if place_provider in _MARKET:
            return ServiceKind.INDEPENDENT_FOSTERING
        if place_provider in _PUBLIC:
            return ServiceKind.IN_HOUSE_FOSTERING
        return ServiceKind.OTHER
    if place in _FOSTER_KIN:
        return ServiceKind.KINSHIP_FOSTERING
    if place in _RESIDENTIAL:
        return ServiceKind.CHILDRENS_HOME if place_provider in _MARKET else ServiceKind.OTHER
    if place in ("K3", "H5"):
        return ServiceKind.SUPPORTED_ACCOMMODATION
    if place == "K1":
        return ServiceKind.SECURE_CHILDRENS_HOME
    if place == "R3":
        return ServiceKind.PARENT_AND_CHILD
    return ServiceKind.OTHER
