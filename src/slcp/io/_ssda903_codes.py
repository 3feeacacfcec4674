"""SSDA903 code lists by collection year, and the mapping of placements to service kinds.

Every row of a return is checked against the lists of the return's **collection year**, as the
DfE's validation rules do (decision record 0504); the public validator
(data-to-insight/csc-validator-be-903, ``lac_validator/rules/lac<YYYY_YY>/rule_*.py``) holds
them per year, and ``tests/io/test_ssda903_code_lists.py`` checks slcp's lists against its
literals for 2022/23 to 2026/27. What changes:

- PLACE: K3 (registered supported accommodation) is valid from 2024/25, beside H5, so an open
  H5 placement recoded K3 is valid (rule 146); from 2025/26 H5, P2 and Z1 are withdrawn and
  Z11-Z14 replace Z1.
- SEX (Header): 1 or 2 before 2024/25; M, F or U from 2024/25 (rule 101).
- PLACE_PROVIDER must be blank for T0-T4 and Z1 (rules 178 and 213); from 2025/26 for T0-T4
  and Z11-Z14 (rule 178 names T0-T3 and Z11-Z14, rule 213 still names T0-T4).

RNE, LS, CIN, PLACE_PROVIDER, REC and REASON_PLACE_CHANGE are the same every year. A year
before 2022/23 takes the 2022/23 lists (the codes slcp reads did not change in the years
before); a year after 2026/27 takes the 2026/27 lists, the latest published.
"""

from __future__ import annotations

import functools

import attrs

from slcp.domain import ServiceKind
from slcp.periods import FinancialYear

__all__ = [
    "CIN_CODES",
    "FIRST_LISTED_YEAR",
    "LAST_LISTED_YEAR",
    "LS_CODES",
    "PLACE_PROVIDER_CODES",
    "REASON_PLACE_CHANGE_CODES",
    "REC_CODES",
    "RNE_CODES",
    "CodeLists",
    "code_lists",
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

#: The first and last collection years whose lists are published (2022/23 and 2026/27).
FIRST_LISTED_YEAR = FinancialYear(2022)
LAST_LISTED_YEAR = FinancialYear(2026)

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
_Z1X = frozenset({"Z11", "Z12", "Z13", "Z14"})
_TEMPORARY = frozenset(f"T{i}" for i in range(5))
_K3_FROM = 2024  # 2024/25
_SEX_MFU_FROM = 2024  # 2024/25
_Z1X_FROM = 2025  # 2025/26


@attrs.frozen(kw_only=True)
class CodeLists:
    """The valid codes of each SSDA903 column in one collection year.

    Attributes:
        year: the collection year the lists are for.
        rne: RNE, reason for new episode.
        ls: LS, legal status.
        cin: CIN, category of need.
        place: PLACE, placement type.
        place_provider: PLACE_PROVIDER.
        rec: REC, reason episode ceased.
        reason_place_change: REASON_PLACE_CHANGE.
        sex: the Header's SEX.
        no_provider_places: PLACE codes for which PLACE_PROVIDER must be blank.
    """

    year: FinancialYear
    rne: frozenset[str]
    ls: frozenset[str]
    cin: frozenset[str]
    place: frozenset[str]
    place_provider: frozenset[str]
    rec: frozenset[str]
    reason_place_change: frozenset[str]
    sex: frozenset[str]
    no_provider_places: frozenset[str]


@functools.cache
def _lists(start_year: int) -> CodeLists:
    place = set(_PLACE_BASE)
    if start_year >= _K3_FROM:
        place.add("K3")
    no_provider = _TEMPORARY | {"Z1"}
    if start_year >= _Z1X_FROM:
        place -= {"H5", "P2", "Z1"}
        place |= _Z1X
        no_provider = _TEMPORARY | _Z1X
    return CodeLists(
        year=FinancialYear(start_year),
        rne=RNE_CODES,
        ls=LS_CODES,
        cin=CIN_CODES,
        place=frozenset(place),
        place_provider=PLACE_PROVIDER_CODES,
        rec=REC_CODES,
        reason_place_change=REASON_PLACE_CHANGE_CODES,
        sex=frozenset({"M", "F", "U"} if start_year >= _SEX_MFU_FROM else {"1", "2"}),
        no_provider_places=no_provider,
    )


def code_lists(year: FinancialYear) -> CodeLists:
    """The lists every row of a return for collection year ``year`` is checked against.

    >>> sorted(code_lists(FinancialYear(2023)).sex), sorted(code_lists(FinancialYear(2024)).sex)
    (['1', '2'], ['F', 'M', 'U'])
    >>> sorted(code_lists(FinancialYear(2025)).no_provider_places)
    ['T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14']
    """
    return _lists(year.start_year)


def place_codes(year: FinancialYear) -> frozenset[str]:
    """Valid PLACE codes in the collection year ``year``.

    >>> "K3" in place_codes(FinancialYear(2023)), "K3" in place_codes(FinancialYear(2024))
    (False, True)
    >>> sorted(c for c in place_codes(FinancialYear(2025)) if c[0] in "HPZ")
    ['P1', 'P3', 'Z11', 'Z12', 'Z13', 'Z14']
    """
    return _lists(year.start_year).place


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
