"""Plans in force, new plans and placements by setting, on small hand-built returns."""

from __future__ import annotations

import datetime as dt

from slcp.domain import ChildRef, SenNeed
from slcp.periods import DateRange, YearMonth
from slcp.send import (
    EhcRequest,
    Sen2Child,
    Sen2Return,
    SenPlacement,
    SettingCategory,
    age_band,
    placements_by_borough,
    placements_by_setting,
    plans_in_force,
    setting_category,
)

D = dt.date
CENSUS = D(2023, 1, 19)
TYPES = {"100010": 10, "100008": 8, "100007": 7, "100001": 1}


def placement(
    child: str,
    urn: str | None,
    start: dt.date,
    end: dt.date | None = None,
    *,
    rank: int = 1,
    setting: str | None = None,
) -> SenPlacement:
    return SenPlacement(
        child=ChildRef(child),
        urn=urn,
        ukprn=None,
        sen_setting=setting,
        rank=rank,
        period=DateRange(start=start, end=end),
    )


def request(
    child: str,
    *,
    start: dt.date,
    cease: dt.date | None = None,
    active: bool = True,
    need: SenNeed | None = SenNeed.ASD,
    places: tuple[SenPlacement, ...] = (),
) -> EhcRequest:
    return EhcRequest(
        child=ChildRef(child),
        received_on=None,
        plan_start=start,
        plan_cease=cease,
        active=active,
        needs=((1, need),) if need else (),
        placements=places,
    )


def child(ref: str, born: YearMonth | None) -> Sen2Child:
    return Sen2Child(ref=ChildRef(ref), month_of_birth=born, home_district=None, location="")


def sample() -> Sen2Return:
    return Sen2Return(
        collection_year=2023,
        census_date=CENSUS,
        la=None,
        la_code="306",
        children=(
            child("a", YearMonth(2018, 2)),  # 4 on census day: under 5
            child("b", YearMonth(2018, 1)),  # 5 (birthday taken as 1 January): 5 to 10
            child("c", YearMonth(2007, 1)),  # 16: 16 to 19
            child("d", None),
            child("e", YearMonth(2012, 6)),
        ),
        requests=(
            # a: independent special (rank 1) and a mainstream rank 2 placement
            request(
                "a",
                start=D(2021, 9, 1),
                places=(
                    placement("a", "100010", D(2021, 9, 1)),
                    placement("a", "100001", D(2021, 9, 1), rank=2),
                ),
            ),
            # b: moved from mainstream to maintained special before census day
            request(
                "b",
                start=D(2020, 1, 1),
                need=SenNeed.SEMH,
                places=(
                    placement("b", "100001", D(2020, 1, 1), D(2022, 9, 1)),
                    placement("b", "100007", D(2022, 9, 1)),
                ),
            ),
            # c: elective home education, no need given
            request(
                "c",
                start=D(2019, 3, 1),
                need=None,
                places=(placement("c", None, D(2019, 3, 1), setting="EHE"),),
            ),
            # d: ceased on census day (the first day without the plan): not in force
            request("d", start=D(2019, 3, 1), cease=CENSUS),
            # e: a second request for a; and e's plan starting after census day: neither count
            request("a", start=D(2022, 1, 1)),
            request("e", start=D(2023, 2, 1)),
        ),
        findings=(),
    )


def test_plans_in_force_by_need_age_and_setting() -> None:
    p = plans_in_force(sample(), TYPES)
    assert p.total == 3
    assert p.by_need == {"ASD": 1, "SEMH": 1, "unknown": 1}
    assert p.by_age == {"16 to 19": 1, "5 to 10": 1, "under 5": 1}
    assert p.by_setting == {"EHE": 1, "independent_special": 1, "maintained_special": 1}


def test_placements_by_setting_counts_every_rank_in_force() -> None:
    # a: independent special + mainstream (rank 2); b: maintained special (mainstream ended
    # 1 September 2022); c: EHE
    assert placements_by_setting(sample(), TYPES) == (
        ("EHE", 1),
        ("independent_special", 1),
        ("mainstream", 1),
        ("maintained_special", 1),
    )
    assert placements_by_borough([sample()], TYPES) == {
        "306": placements_by_setting(sample(), TYPES)
    }


def test_setting_categories_follow_gias_types() -> None:
    def cat(gias: int | None) -> SettingCategory:
        return setting_category(urn="100000", ukprn=None, sen_setting=None, gias_type=gias)

    assert [cat(t) for t in (8, 10, 32, 7, 44, 1, 34, 26, None)] == [
        SettingCategory.NON_MAINTAINED_SPECIAL,
        SettingCategory.INDEPENDENT_SPECIAL,
        SettingCategory.SPECIAL_POST_16,
        SettingCategory.MAINTAINED_SPECIAL,
        SettingCategory.MAINTAINED_SPECIAL,
        SettingCategory.MAINSTREAM,
        SettingCategory.MAINSTREAM,
        SettingCategory.OTHER_ESTABLISHMENT,
        SettingCategory.UNKNOWN_ESTABLISHMENT,
    ]
    assert setting_category(urn=None, ukprn="10001234", sen_setting=None, gias_type=None) is (
        SettingCategory.FURTHER_EDUCATION
    )
    assert [c for c in SettingCategory if c.is_independent_or_non_maintained] == [
        SettingCategory.INDEPENDENT_SPECIAL,
        SettingCategory.NON_MAINTAINED_SPECIAL,
        SettingCategory.SPECIAL_POST_16,
    ]


def test_age_bands_edges() -> None:
    assert [age_band(a) for a in (0, 4, 5, 10, 11, 15, 16, 19, 20, 25)] == [
        "under 5", "under 5", "5 to 10", "5 to 10", "11 to 15", "11 to 15", "16 to 19",
        "16 to 19", "20 to 25", "20 to 25",
    ]  # fmt: skip
