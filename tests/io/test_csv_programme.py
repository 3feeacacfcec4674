"""A whole programme as a folder of CSV tables: round trips for every record type, and every
finding from every table at once, each naming file, row and column."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slcp.domain import (
    BlockContract,
    Budget,
    CareEpisode,
    Child,
    ChildRef,
    ConcernCategory,
    ConcernId,
    Contribution,
    FeeUpliftRound,
    GssCode,
    OfstedRating,
    Programme,
    Provider,
    ProviderConcern,
    ProviderId,
    SavingId,
    SavingRecord,
    SavingSource,
    SenNeed,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    UpliftTiming,
    VehicleId,
    Workstream,
)
from slcp.errors import LoadError
from slcp.findings import Severity
from slcp.io.programme_tables import (
    PROGRAMME_FILES,
    load_programme_tables,
    programme_table_texts,
    read_programme_tables,
    write_programme_tables,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear, YearMonth
from slcp.sample import south_london
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry
from tests import strategies as shared

DATA = Path(__file__).parent.parent / "data" / "csv"

# Free text as people type it (no surrounding spaces: readers strip them), with text that a
# spreadsheet would run as a formula drawn often, so the neutralising rule is exercised.
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: s == s.strip()) | st.sampled_from(
    ["=1+1", "+44 20", "-minus", "@SUM(A1:A2)", "'quoted", "''twice", 'Oak "House", Ltd']
)


def _spread(programme: Programme, per_collection: int) -> Programme:
    """The programme with at most ``per_collection`` records of each kind, evenly spaced."""
    cut: dict[str, Any] = {}
    for field in attrs.fields(Programme):
        items = getattr(programme, field.name)
        if isinstance(items, tuple) and len(items) > per_collection:
            step = len(items) / per_collection
            cut[field.name] = tuple(items[int(i * step)] for i in range(per_collection))
    return attrs.evolve(programme, **cut)


# -- the sample -------------------------------------------------------------------------------


def test_the_sample_round_trips_through_a_folder_for_every_record_type(tmp_path: Path) -> None:
    # The whole sample takes several seconds to write and read (benchmarks/csv_programme.py
    # times it); an even spread of 300 records of each kind holds every shape it has: all
    # three vehicle kinds, lots with price bands, ICAs with outcomes and measurements, ...
    sample = _spread(south_london(), 300)
    for field in attrs.fields(Programme):
        value = getattr(sample, field.name)
        if isinstance(value, tuple):
            assert value, f"the spread has no {field.name}"
    assert {type(v).__name__ for v in sample.vehicles} == {
        "FrameworkAgreement",
        "DynamicPurchasingSystem",
        "BlockContract",
    }
    written = write_programme_tables(sample, tmp_path)
    assert [p.name for p in written] == list(PROGRAMME_FILES)
    read = read_programme_tables(tmp_path)
    assert read.findings == ()
    assert read.programme is not None
    for field in attrs.fields(Programme):
        assert getattr(read.programme, field.name) == getattr(sample, field.name), field.name
    assert read.programme == sample


def test_writing_what_was_read_gives_the_same_files(tmp_path: Path) -> None:
    sample = _spread(south_london(), 60)
    first = programme_table_texts(sample)
    write_programme_tables(sample, tmp_path)
    again = programme_table_texts(load_programme_tables(tmp_path))
    assert again == first


# -- generated programmes ---------------------------------------------------------------------


@st.composite
def full_programmes(draw: st.DrawFn) -> Programme:
    """A generated programme with a record of every kind, free text drawn from ``_TEXT``."""
    base = draw(shared.programmes(max_children=4, max_placements_per_child=2, with_agreements=True))
    boroughs = [b.gss_code for b in base.boroughs]
    source = st.builds(
        Source,
        kind=st.sampled_from(SourceKind),
        citation=_TEXT,
        dated=st.none() | shared.dates(),
    )
    years = shared.financial_years(min_start_year=2014, max_start_year=2024)
    providers = tuple(
        attrs.evolve(
            p,
            name=draw(_TEXT),
            urn=draw(st.none() | st.sampled_from(["SC123456", "123456"])),
            tier=draw(st.none() | st.sampled_from(["A", "B"])),
            ofsted=draw(
                st.none()
                | st.builds(
                    lambda day, rating, src, ends: Timeline(
                        entries=(TimelineEntry(effective=day, value=rating, source=src),),
                        ends=None if ends is None else day + dt.timedelta(days=ends),
                    ),
                    shared.dates(),
                    st.sampled_from(OfstedRating),
                    source,
                    st.none() | st.integers(1, 400),
                )
            ),
        )
        for p in base.providers
    )
    children = tuple(
        Child(
            ref=c.ref,
            month_of_birth=draw(
                st.none() | st.builds(YearMonth, st.integers(2000, 2020), st.integers(1, 12))
            ),
            sen_primary=(primary := draw(st.none() | st.sampled_from(SenNeed))),
            sen_secondary=None if primary is None else draw(st.none() | st.sampled_from(SenNeed)),
            home_district=draw(st.none() | st.sampled_from(["CR0", "SE15"])),
        )
        for c in base.children
    )
    block = BlockContract(
        id=VehicleId("BLK-1"),
        name=draw(_TEXT),
        workstream=Workstream.LAC,
        provider=providers[0].id,
        period=draw(shared.date_ranges(bounded=None)),
        places=draw(st.integers(0, 20)),
        annual_value=draw(shared.money(min_pence=0, max_pence=10**9)),
    )
    contributions = tuple(
        Contribution(
            borough=b,
            workstream=Workstream.LAC,
            financial_year=FinancialYear(2019),
            amount=draw(shared.money(min_pence=0, max_pence=10**8)),
            source=draw(st.none() | source),
        )
        for b in boroughs
    )
    budgets = tuple(
        Budget(
            borough=b,
            workstream=Workstream.LAC,
            financial_year=draw(years),
            amount=draw(shared.money(min_pence=1, max_pence=10**9)),
            service=draw(st.none() | st.just(ServiceKind.CHILDRENS_HOME)),
            source=draw(st.none() | source),
        )
        for b in boroughs[:1]
    )
    savings = tuple(
        SavingRecord(
            id=SavingId(f"SAV-{i}"),
            source=draw(st.sampled_from(SavingSource)),
            financial_year=draw(years),
            workstream=draw(st.sampled_from(Workstream)),
            amount=draw(shared.money()),
            evidence=draw(source),
            borough=draw(st.none() | st.sampled_from(boroughs)),
            derived=draw(st.booleans()),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    concerns = []
    for i in range(draw(st.integers(0, 3))):
        raised = draw(shared.dates())
        concerns.append(
            ProviderConcern(
                id=ConcernId(f"CON-{i}"),
                provider=draw(st.sampled_from(providers)).id,
                raised_by=draw(st.sampled_from(boroughs)),
                raised_on=raised,
                category=draw(st.sampled_from(ConcernCategory)),
                summary=draw(_TEXT),
                resolved_on=draw(st.none() | shared.dates(min_value=raised)),
            )
        )
    episodes = tuple(
        CareEpisode(
            child=ChildRef(f"E{i}"),
            borough=draw(st.none() | st.sampled_from(boroughs)),
            period=draw(shared.date_ranges(bounded=None)),
            reason_new_episode=draw(st.sampled_from(["S", "P", "L", "T", "B", "U"])),
            legal_status=draw(st.sampled_from(["C2", "V3", "J1"])),
            category_of_need=draw(st.none() | st.just("N1")),
            place=draw(st.sampled_from(["K2", "U4", "T1"])),
            place_provider=draw(st.none() | st.just("PR4")),
            reason_ceased=draw(st.none() | st.sampled_from(["X1", "E11"])),
            reason_place_change=draw(st.none() | st.just("CARPL")),
            home_district=draw(st.none() | st.just("BR1")),
            placement_district=draw(st.none() | st.just("SE15")),
            urn=draw(st.none() | st.just("SC123456")),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    rounds = tuple(
        FeeUpliftRound(
            id=UpliftId(f"R-{i}"),
            workstream=Workstream.SEND,
            financial_year=draw(years),
            timing=draw(st.sampled_from(UpliftTiming)),
            position=UpliftPosition(
                default_cap=draw(st.none() | shared.rates(min_value="0", max_value="0.1")),
                bands=(UpliftBand(cap=Rate.of("0.02"), provider_tier="A"),),
                source=draw(source),
            ),
            requests=(
                UpliftRequest(
                    provider=providers[0].id, requested=Rate.of("0.035"), source=draw(source)
                ),
            ),
            source=draw(source),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    placements = tuple(
        p.with_fees(
            Timeline(
                entries=p.fees.entries,
                ends=p.fees.entries[-1].effective + dt.timedelta(days=draw(st.integers(1, 99))),
            )
        )
        if draw(st.booleans())
        else p
        for p in base.placements
    )
    return attrs.evolve(
        base,
        name=draw(_TEXT),
        placements=placements,
        providers=providers,
        children=children,
        vehicles=(*base.vehicles, block),
        contributions=contributions,
        budgets=budgets,
        savings=savings,
        concerns=tuple(concerns),
        episodes=episodes,
        uplift_rounds=rounds,
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(full_programmes())
def test_every_generated_programme_round_trips_through_tables(programme: Programme) -> None:
    folder = Path(_scratch()) / "p"
    try:
        write_programme_tables(programme, folder)
        loaded = load_programme_tables(folder)
        assert loaded == programme
        # and canonical: writing what was read gives the same text
        assert programme_table_texts(loaded) == programme_table_texts(programme)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _scratch() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="slcp-tables-")


# -- the example folder -----------------------------------------------------------------------


def test_the_example_folder_is_a_complete_small_programme() -> None:
    programme = load_programme_tables(DATA)
    assert programme.name == "South London Commissioning Programme (example)"
    assert programme.host == "E09000008"
    for field in attrs.fields(Programme):
        value = getattr(programme, field.name)
        if isinstance(value, tuple):
            assert value, f"tests/data/csv has no {field.name}"
    (ica,) = [a for a in programme.agreements if a.id == "ICA-PL-1"]
    # agreements.csv: 400000 + 50000 pence a week agreed; two outcomes, the first with two
    # measurements (88 then 93.5) and two reviews held
    assert ica.agreed_fee.total == Money(450_000)
    assert [o.id for o in ica.outcomes] == ["O1", "O2"]
    assert [m.value for m in ica.outcomes[0].measurements] == [Decimal("88"), Decimal("93.5")]
    assert ica.reviews_held == (dt.date(2020, 10, 1), dt.date(2021, 3, 1))
    framework = programme.vehicle("LAC-FW-2020")
    # 4 + 2 + 2 years from 1 March 2020 (seed 004 §6)
    assert framework.maximum_term.end == dt.date(2028, 3, 1)  # type: ignore[union-attr]


def test_the_example_folder_files_are_canonical() -> None:
    texts = programme_table_texts(load_programme_tables(DATA))
    for name, text in texts.items():
        assert (DATA / name).read_text(encoding="utf-8") == text, name


# -- findings ---------------------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    shutil.copytree(DATA, folder)
    return folder


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_finding_from_every_table_is_reported_at_once(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "budgets.csv", "325800000", "3258000.00")
    _edit(
        folder,
        "agreement_measurements.csv",
        "ICA-PL-1,O1,2021-03-01,93.5",
        "ICA-PL-1,O9,2021-03-01,93.5",
    )
    _edit(folder, "vehicles.csv", "LAC-FW-2020,framework,", "LAC-FW-2020,fwk,")
    _edit(folder, "children.csv", "C00043,", "Jane Smith,")
    read = read_programme_tables(folder)
    errors = read.error_messages()
    assert (
        "budget must be an integer of pence, e.g. 450000 for £4,500.00, got '3258000.00' "
        "@ budgets.csv row 2 column amount_pence"
    ) in errors
    assert (
        "outcome O9 of ICA ICA-PL-1 is not in agreement_outcomes.csv "
        "@ agreement_measurements.csv row 3 column outcome_id"
    ) in errors
    assert (
        "vehicle kind must be one of framework, dps, block_contract, got 'fwk' "
        "@ vehicles.csv row 3 column kind"
    ) in errors
    assert any(m.endswith("@ children.csv row 3 column child_ref") for m in errors)
    # the ICA whose measurement is wrong is left out, not loaded without it
    assert any(
        m.startswith("the ICA's rows in agreement_outcomes") and "agreements.csv row 2" in m
        for m in errors
    )
    with pytest.raises(LoadError) as caught:
        load_programme_tables(folder)
    assert len(caught.value.messages) == len(errors)


def test_a_folder_without_a_programme_row_names_the_missing_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "programme.csv").unlink()
    read = read_programme_tables(folder)
    assert read.programme is None
    assert read.error_messages() == (
        "programme.csv is missing; it names the programme and its host borough (columns "
        "name, host_gss) @ programme.csv",
    )


def test_absent_tables_hold_no_records_and_strange_files_are_warned_about(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "programme.csv").write_text("name,host_gss\nP,E09000008\n", encoding="utf-8")
    (folder / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    read = read_programme_tables(folder)
    assert read.programme == Programme(name="P", host=GssCode("E09000008"), boroughs=())
    assert [(f.severity, f.code, f.location) for f in read.findings] == [
        (Severity.WARNING, "unknown-table", "notes.csv")
    ]


def test_fee_rows_without_their_placements_file_are_unknown_references(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "placements.csv").unlink()
    errors = read_programme_tables(folder).error_messages()
    assert (
        errors[0]
        == "placement PL-1 is not in placements.csv @ placement_fees.csv row 2 column placement_id"
    )


def test_a_column_that_does_not_apply_to_the_vehicle_kind_is_refused() -> None:
    from slcp.io.csv_tables import read_vehicles

    read = read_vehicles(
        b"vehicle_id,kind,name,workstream,first_day,last_day,places\n"
        b"D,dps,SEND DPS,send,2016-06-01,,4\n"
        b"F,framework,LAC,lac,2020-03-01,2024-02-29,\n"
        b"B,block_contract,Beds,lac,2017-04-01,2020-03-31,8\n"
    )
    assert read.error_messages() == (
        "places does not apply to a dps; leave it blank; got '4' "
        "@ vehicles.csv row 2 column places",
        "last_day does not apply to a framework; leave it blank; got '2024-02-29' "
        "@ vehicles.csv row 3 column last_day",
        "a block_contract needs provider_id @ vehicles.csv row 4 column provider_id",
    )


def test_a_block_contract_reads_its_inclusive_last_day_as_a_half_open_period() -> None:
    from slcp.io.csv_tables import read_vehicles

    (block,) = read_vehicles(
        b"vehicle_id,kind,name,workstream,first_day,last_day,provider_id,places,annual_value_pence\n"
        b"B,block_contract,Beds,lac,2017-04-01,2020-03-31,PRV-1,8,40644864\n"
    ).records
    assert isinstance(block, BlockContract)
    # last day 31 March 2020 included: [2017-04-01, 2020-04-01), 366 + 365 + 365 days
    assert block.period == DateRange(start=dt.date(2017, 4, 1), end=dt.date(2020, 4, 1))
    assert block.period.days == 1096
    assert block.annual_value == Money(40_644_864)


def test_formula_text_is_neutralised_in_the_file_and_restored_on_reading(tmp_path: Path) -> None:
    provider = Provider(id=ProviderId("PRV-1"), name='=HYPERLINK("http://x","click")')
    programme = Programme(name="P", host=GssCode("E09000008"), boroughs=(), providers=(provider,))
    write_programme_tables(programme, tmp_path)
    line = (tmp_path / "providers.csv").read_text(encoding="utf-8").splitlines()[1]
    assert line == """PRV-1,"'=HYPERLINK(""http://x"",""click"")",,,,"""
    assert load_programme_tables(tmp_path) == programme


def test_negative_measures_are_numbers_not_neutralised_text() -> None:
    from slcp.io.csv_tables import read_agreements, write_agreement_measurements

    read = read_agreements(
        b"ica_id,placement_id,agreed_on,core_pence,review_origin\n"
        b"I,PL-1,2020-04-01,1000,2020-04-01\n",
        b"ica_id,outcome_id,domain,description,measure,baseline,target,target_date,direction\n"
        b"I,O1,health,Less weight loss,kg change,-2.5,0,2021-01-01,higher_is_better\n",
        b"ica_id,outcome_id,measured_on,value\nI,O1,2020-06-01,-1.25\n",
    )
    (ica,) = read.records
    assert ica.outcomes[0].baseline == Decimal("-2.5")
    assert write_agreement_measurements(read.records).splitlines()[1] == "I,O1,2020-06-01,-1.25"


def test_an_outcome_rule_is_reported_on_its_row() -> None:
    from slcp.io.csv_tables import read_agreements

    read = read_agreements(
        b"ica_id,placement_id,agreed_on,core_pence,review_origin\n"
        b"I,PL-1,2020-04-01,1000,2020-04-01\n",
        b"ica_id,outcome_id,domain,description,measure,baseline,target,target_date,direction\n"
        b"I,O1,education,Attend,attendance %,90,80,2021-01-01,higher_is_better\n",
    )
    assert read.records == ()
    assert read.error_messages() == (
        "the target must be better than the baseline in the outcome's direction; got '80'; "
        "expected higher_is_better than baseline 90 @ agreement_outcomes.csv row 2 column target",
        "the ICA's rows in agreement_outcomes, agreement_measurements or agreement_reviews "
        "have errors, so it was not loaded @ agreements.csv row 2 column ica_id",
    )


def test_a_fee_history_may_end_on_an_inclusive_last_day() -> None:
    from slcp.errors import ParameterNotFoundError
    from slcp.io.csv_tables import read_placements, write_placements

    (placement,) = read_placements(
        b"placement_id,child_ref,borough_gss,workstream,service,first_day,route,fees_last_day\n"
        b"PL-1,C1,E09000008,lac,childrens_home,2020-04-01,spot,2020-12-31\n",
        b"placement_id,effective_from,core_pence,source_kind,source_citation\n"
        b"PL-1,2020-04-01,400000,agreement,ICA\n",
    ).records
    # last day 31 December 2020 included: the history is half-open, ending 1 January 2021
    assert placement.fees.ends == dt.date(2021, 1, 1)
    assert placement.fee_on(dt.date(2020, 12, 31)).core == Money(400_000)
    with pytest.raises(ParameterNotFoundError):
        placement.fee_on(dt.date(2021, 1, 1))
    assert write_placements([placement]).splitlines()[1].endswith(",2020-12-31")
