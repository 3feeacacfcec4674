"""The market's optional tables: provider groups, vacancies and registered places."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from slcp.cli import main
from slcp.demand import PlacementGroup, RegisteredPlaces
from slcp.domain import GssCode, ProviderId, SenNeed, ServiceKind
from slcp.io import read_programme_tables
from slcp.io.market_tables import (
    group_rows,
    read_provider_groups,
    read_registered_places_table,
    read_vacancies,
    write_provider_groups,
    write_registered_places,
    write_vacancies,
)
from slcp.market import sample_market
from slcp.sample import south_london

DATA = Path(__file__).parent.parent / "data" / "csv"


def test_the_samples_groups_and_vacancies_round_trip() -> None:
    book = sample_market(south_london())
    vacancies = read_vacancies(write_vacancies(book.vacancies).encode())
    assert vacancies.findings == ()
    assert vacancies.records == book.vacancies
    rows = read_provider_groups(write_provider_groups(book.groups).encode())
    assert rows.findings == ()
    assert group_rows(rows.records) == book.groups
    # text round trip is canonical too
    assert write_vacancies(vacancies.records) == write_vacancies(book.vacancies)


def test_a_vacancy_row_reads_as_written_by_hand() -> None:
    text = (
        "vacancy_id,provider_id,places,first_day,last_day,services,min_age,max_age,needs_met,"
        "location,weekly_fee_pence\n"
        "V1,PRV-S001,2,2020-09-01,2021-07-31,send_day;send_post_16,11,19,ASD;SEMH,CR0,150000\n"
    )
    (v,) = read_vacancies(text.encode()).records
    # last_day 31 July 2021 inclusive: the half-open period ends on 1 August
    assert (v.period.start, v.period.end) == (dt.date(2020, 9, 1), dt.date(2021, 8, 1))
    assert v.services == (ServiceKind.SEND_DAY, ServiceKind.SEND_POST_16)
    assert v.needs_met == (SenNeed.ASD, SenNeed.SEMH)
    assert (v.places, v.min_age, v.max_age, v.weekly_fee.pence) == (2, 11, 19, 150_000)


def test_every_bad_cell_is_a_finding_naming_file_row_and_column() -> None:
    text = (
        "vacancy_id,provider_id,places,first_day,last_day,services,min_age,max_age,needs_met,"
        "location,weekly_fee_pence\n"
        "V1,H1,0,2020-09-01,,childrens_home,10,17,,CR0,400000\n"
        "V2,H1,1,2020-09-01,,care_home,10,17,,CR0,400000.50\n"
        "V3,H1,1,2020-09-01,2020-08-01,childrens_home,10,17,,CR0,400000\n"
    )
    messages = read_vacancies(text.encode()).error_messages()
    locations = [m.rsplit(" @ ", 1)[1] for m in messages]
    assert locations == [
        "vacancies.csv row 2 column places",
        "vacancies.csv row 3 column services",
        "vacancies.csv row 3 column weekly_fee_pence",
        "vacancies.csv row 4 column last_day",
    ]
    places = read_registered_places_table(
        b"la_gss,placement_group,places\nE09000008,kinship,4\nX1,fostering,4\n"
    ).error_messages()
    assert [m.rsplit(" @ ", 1)[1] for m in places] == [
        "registered_places.csv row 2 column placement_group",
        "registered_places.csv row 3 column la_gss",
    ]


def test_registered_places_round_trip() -> None:
    places = (
        RegisteredPlaces(area=GssCode("E09000008"), group=PlacementGroup.RESIDENTIAL, places=6,
                         provider="SC123456", source="Ofsted register March 2024"),
        RegisteredPlaces(area=GssCode("E09000028"), group=PlacementGroup.FOSTERING, places=0),
    )  # fmt: skip
    text = write_registered_places(places)
    assert text.splitlines()[2] == "E09000028,fostering,0,,"
    read = read_registered_places_table(text.encode())
    assert read.findings == ()
    assert read.records == places


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(DATA, folder)
    (folder / "provider_groups.csv").write_text(
        "group_id,name,provider_id\nG-OAK,Oak Group,PRV-0001\nG-OAK,Oak Group,PRV-0002\n",
        encoding="utf-8",
    )
    (folder / "vacancies.csv").write_text(
        "vacancy_id,provider_id,places,first_day,last_day,services,min_age,max_age,needs_met,"
        "location,weekly_fee_pence\n"
        "V1,PRV-0001,2,2020-04-01,,childrens_home,10,17,,CR0,450000\n",
        encoding="utf-8",
    )
    (folder / "registered_places.csv").write_text(
        "la_gss,placement_group,places,provider,source\n"
        "E09000008,residential,6,SC123456,illustrative\n"
        "E09000028,fostering,10,,illustrative\n",
        encoding="utf-8",
    )
    return folder


def test_a_folder_reads_its_market_tables_without_warnings(tmp_path: Path) -> None:
    read = read_programme_tables(_folder(tmp_path))
    assert not [f for f in read.findings if f.code == "unknown-table"]
    assert read.market is not None
    assert [(g.id, g.members) for g in read.market.groups] == [
        ("G-OAK", (ProviderId("PRV-0001"), ProviderId("PRV-0002")))
    ]
    assert [v.id for v in read.market.vacancies] == ["V1"]
    assert read.registered_places is not None
    assert sum(p.places for p in read.registered_places) == 16
    # without the files: no market book and no places (not empty ones)
    plain = read_programme_tables(DATA)
    assert (plain.market, plain.registered_places) == (None, None)


def test_the_report_reads_them_from_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["report", "--tables", str(_folder(tmp_path)), "--year", "2020/21",
               "--format", "json", "--internal"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    market = json.loads(result.output)["market"]
    # V1 open on 31 March 2021 with 2 places; Oak Group holds both providers
    assert market["supply"] == [
        {"service": "childrens_home", "vacancies": 1, "places": 2, "providers": 1}
    ]
    assert [g["group"] for g in market["groups"]] == ["G-OAK"]
    assert market["demand_outlook"]["registered_places"] == 16


def test_a_bad_market_table_stops_the_report(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "registered_places.csv").write_text(
        "la_gss,placement_group,places\nE09000008,residential,many\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["report", "--tables", str(folder)])
    assert result.exit_code == 2
    assert "registered_places.csv row 2 column places" in result.output


def test_match_reads_the_vacancies_from_tables(tmp_path: Path) -> None:
    referral = {
        "referrals": [
            {"id": "R1", "child": "C9", "borough": "E09000008", "workstream": "lac",
             "service": "childrens_home", "needs": [], "age": 12, "home_district": "CR0",
             "school_district": None, "urgency": "within_5_days",
             "referred_on": "2020-06-01"}
        ]
    }  # fmt: skip
    path = tmp_path / "referral.json"
    path.write_text(json.dumps(referral), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["match", str(path), "--tables", str(_folder(tmp_path)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    # the folder's one vacancy, V1 for ages 10-17 in CR0, is the only offer
    offers = json.loads(result.output)["matches"][0]["offers"]
    assert [(o["vacancy"], o["provider"]) for o in offers] == [("V1", "PRV-0001")]
