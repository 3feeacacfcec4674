"""slcp's SSDA903 code lists against the public validator's, collection year by collection year.

The lists below are transcribed by hand from data-to-insight/csc-validator-be-903 at commit
10ad07c513aa07bd8fffc928d57ae9918a70ae07, each rule's ``code_list`` literal; a later year
takes an earlier year's rule unless its folder holds a new version of it
(``lac_validator/rules/lac2023_24/__init__.py``: ``prev_registry`` updated by the year's
files). One deliberate difference: ``lac2024_25/rule_146.py`` lists ``"k3"`` in lower case, a
typo (the validator compares case-sensitively, so it rejects ``K3`` in 2024/25 while
``lac2025_26/rule_146.py`` accepts it); slcp lists ``K3``.
"""

from __future__ import annotations

import pytest

from slcp.io._ssda903_codes import CodeLists, code_lists, place_codes
from slcp.periods import FinancialYear

# lac2022_23/rule_143.py (RNE), unchanged to 2026/27
RNE = ["S", "P", "L", "T", "U", "B"]
# lac2022_23/rule_144.py (LS), unchanged to 2026/27
LS = ["C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"]
# lac2022_23/rule_145.py (CIN), unchanged to 2026/27
CIN = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"]
# lac2022_23/rule_149.py (REC), unchanged to 2026/27
REC = [
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
    "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
]  # fmt: skip
# lac2022_23/rule_1009.py (REASON_PLACE_CHANGE), unchanged to 2026/27
RPC = [
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
]  # fmt: skip
# lac2022_23/rule_178.py code_list_placement_provider, and lac2025_26/rule_178.py
PROVIDER = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]
# lac2022_23/rule_146.py (PLACE)
PLACE_2022 = [
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
]  # fmt: skip
# lac2024_25/rule_146.py (PLACE), its "k3" written K3
PLACE_2024 = [
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
]  # fmt: skip
# lac2025_26/rule_146.py (PLACE), unchanged in 2026/27
PLACE_2025 = [
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
    "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
]  # fmt: skip
# lac2022_23/rule_101.py and lac2024_25/rule_101.py (Header SEX)
SEX_2022 = ["1", "2"]
SEX_2024 = ["M", "F", "U"]
# places that must have no PLACE_PROVIDER: lac2022_23/rule_178.py
# code_list_placement_with_no_provider and lac2022_23/rule_213.py; from 2025/26
# lac2025_26/rule_178.py (T0-T3, Z11-Z14) together with lac2025_26/rule_213.py (T0-T4,
# Z11-Z14), since both rules apply
NO_PROVIDER_2022 = ["T0", "T1", "T2", "T3", "T4", "Z1"]
NO_PROVIDER_2025 = sorted(
    {"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"}
    | {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
)

VALIDATOR = {
    2022: (PLACE_2022, SEX_2022, NO_PROVIDER_2022),
    2023: (PLACE_2022, SEX_2022, NO_PROVIDER_2022),
    2024: (PLACE_2024, SEX_2024, NO_PROVIDER_2022),
    2025: (PLACE_2025, SEX_2024, NO_PROVIDER_2025),
    2026: (PLACE_2025, SEX_2024, NO_PROVIDER_2025),
}


@pytest.mark.parametrize("start_year", sorted(VALIDATOR))
def test_each_years_lists_are_the_validators(start_year: int) -> None:
    place, sex, no_provider = VALIDATOR[start_year]
    year = FinancialYear(start_year)
    assert code_lists(year) == CodeLists(
        year=year,
        rne=frozenset(RNE),
        ls=frozenset(LS),
        cin=frozenset(CIN),
        place=frozenset(place),
        place_provider=frozenset(PROVIDER),
        rec=frozenset(REC),
        reason_place_change=frozenset(RPC),
        sex=frozenset(sex),
        no_provider_places=frozenset(no_provider),
    )
    assert place_codes(year) == frozenset(place)
    # every code is upper case: the validator's lower-case "k3" is not copied
    assert all(c == c.upper() for c in place)


def test_years_outside_the_published_lists_take_the_nearest() -> None:
    assert code_lists(FinancialYear(2017)).place == frozenset(PLACE_2022)
    assert code_lists(FinancialYear(2017)).sex == frozenset(SEX_2022)
    assert code_lists(FinancialYear(2030)).place == frozenset(PLACE_2025)
    assert code_lists(FinancialYear(2030)).sex == frozenset(SEX_2024)


def test_the_recodes_the_dfe_carries_over() -> None:
    # an open H5 placement recoded K3 is valid in 2024/25 (both codes are); in 2025/26 H5, P2
    # and Z1 are rejected and Z1's recodes Z11-Z14 valid
    assert {"H5", "K3"} <= place_codes(FinancialYear(2024))
    assert not {"H5", "P2", "Z1"} & place_codes(FinancialYear(2025))
    assert {"Z11", "Z12", "Z13", "Z14"} <= place_codes(FinancialYear(2025))
