"""The outcomes framework document: the shipped example, round trips, and bad input with paths."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from slcp.domain import Direction, OutcomeDomain
from slcp.errors import LoadError
from slcp.io import (
    dump_outcomes_framework,
    dumps_outcomes_framework,
    load_outcomes_framework,
    loads_outcomes_framework,
)
from slcp.io.schema import dumps_outcomes_framework_json_schema, outcomes_framework_json_schema
from slcp.outcomes import (
    Derivation,
    KpiDefinition,
    KpiId,
    KpiUnit,
    OutcomesFramework,
    RagPoints,
    RagThresholds,
    default_outcomes_framework,
)
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

Doc = dict[str, Any]

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLE = DOCS / "examples" / "outcomes-framework.json"
SCHEMA = DOCS / "schemas" / "outcomes-framework.schema.json"
REGENERATE_SCHEMA = (
    "python -m slcp.io.schema outcomes-framework > docs/schemas/outcomes-framework.schema.json"
)
K = "$.framework.kpis"


def _doc() -> Doc:
    data: Doc = json.loads(dumps_outcomes_framework(default_outcomes_framework()))
    return data


def _kpi(doc: Doc, i: int) -> Doc:
    kpi: Doc = doc["framework"]["kpis"][i]
    return kpi


def _messages(text: str) -> tuple[str, ...]:
    with pytest.raises(LoadError) as caught:
        loads_outcomes_framework(text)
    return caught.value.messages


def _messages_after(edit: Callable[[Doc], object]) -> tuple[str, ...]:
    doc = copy.deepcopy(_doc())
    edit(doc)
    return _messages(json.dumps(doc))


# -- the shipped example ------------------------------------------------------------------------


def test_the_example_file_is_what_slcp_writes_for_the_default_framework() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == dumps_outcomes_framework(
        default_outcomes_framework()
    ), (
        "docs/examples/outcomes-framework.json is stale; regenerate it with"
        " slcp.io.dump_outcomes_framework(slcp.outcomes.default_outcomes_framework(), path)"
    )


def test_the_example_file_loads_as_the_default_framework() -> None:
    assert load_outcomes_framework(EXAMPLE) == default_outcomes_framework()


def _thresholds(kpi: Doc) -> tuple[Decimal, Decimal]:
    """The (green, amber) cut-offs of a KPI whose thresholds have a single entry."""
    (entry,) = kpi["thresholds"]["entries"]
    return Decimal(entry["value"]["green"]), Decimal(entry["value"]["amber"])


def test_the_example_file_reads_as_the_documented_table() -> None:
    # The table in default_outcomes_framework()'s docstring and docs/outcomes/kpis.md: the
    # first KPI, written out by hand, with the conventions of docs/json-format.md.
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert list(doc) == ["schema_version", "framework"]
    assert doc["schema_version"] == 1
    first = doc["framework"]["kpis"][0]
    assert first == {
        "id": "unplanned-endings",
        "name": "Placements ending unplanned",
        "domain": "stability",
        "unit": "ratio",
        "direction": "lower_is_better",
        "target": "0.10",
        "thresholds": {
            "entries": [
                {
                    "effective": "2014-04-01",
                    "value": {"green": "0.10", "amber": "0.20"},
                    "source": {
                        "kind": "assumption",
                        "citation": "slcp default outcomes framework; to be agreed with"
                        " providers (seed 004 §3.3)",
                        "dated": None,
                    },
                }
            ],
            "ends": None,
        },
        "weight": "2",
        "derivation": "unplanned_endings",
        "parameter": None,
    }
    # every KPI against the docstring's table: id, derivation, direction, green, amber, weight
    table = [
        (k["id"], k["derivation"], k["direction"], *_thresholds(k), Decimal(k["weight"]))
        for k in doc["framework"]["kpis"]
    ]
    up, down = "higher_is_better", "lower_is_better"
    d = Decimal
    assert table == [
        ("unplanned-endings", "unplanned_endings", down, d("0.10"), d("0.20"), 2),
        ("placements-12-months", "placements_lasting", up, d("0.70"), d("0.50"), 2),
        ("ica-outcomes-on-track", "ica_outcomes_on_track", up, d("0.80"), d("0.60"), 2),
        ("ica-reviews-on-time", "ica_reviews_on_time", up, d("0.90"), d("0.75"), 1),
        ("within-20-miles", "within_distance", up, d("0.75"), d("0.60"), 1),
        ("ofsted-good-at-placement", "ofsted_good_at_placement", up, d("0.90"), d("0.75"), 2),
        ("framework-or-dps", "commissioned_route", up, d("0.80"), d("0.60"), 1),
        ("price-within-band", "price_within_band", up, d("0.90"), d("0.75"), 1),
        ("education-continuity", "education_continuity", up, d("0.80"), d("0.60"), 1),
    ]
    weights = [k["weight"] for k in doc["framework"]["kpis"]]
    assert weights == ["2", "2", "2", "1", "1", "2", "1", "1", "1"]
    assert doc["framework"]["points"] == {"green": "100", "amber": "50", "red": "0"}


# -- reading a hand-written document ------------------------------------------------------------

MINIMAL = """{
  "schema_version": 1,
  "framework": {
    "name": "Lambeth pilot",
    "kpis": [
      {
        "id": "within-10-miles",
        "name": "Placements within 10 miles",
        "domain": "relationships",
        "unit": "ratio",
        "direction": "higher_is_better",
        "target": "0.5",
        "thresholds": {"entries": [
          {"effective": "2021-04-01", "value": {"green": "0.5", "amber": "0.3"},
           "source": {"kind": "board_decision", "citation": "LAC board, 12 March 2021"}}
        ]},
        "weight": "1.5",
        "derivation": "within_distance",
        "parameter": "10"
      }
    ]
  }
}
"""


def test_keys_with_defaults_may_be_left_out() -> None:
    fw = loads_outcomes_framework(MINIMAL)
    board = Source(kind=SourceKind.BOARD_DECISION, citation="LAC board, 12 March 2021")
    assert fw == OutcomesFramework(
        name="Lambeth pilot",
        kpis=(
            KpiDefinition(
                id=KpiId("within-10-miles"),
                name="Placements within 10 miles",
                domain=OutcomeDomain.RELATIONSHIPS,
                unit=KpiUnit.RATIO,
                direction=Direction.HIGHER_IS_BETTER,
                target=Decimal("0.5"),
                thresholds=Timeline.constant(
                    RagThresholds(green=Decimal("0.5"), amber=Decimal("0.3")),
                    effective=dt.date(2021, 4, 1),
                    source=board,
                ),
                weight=Decimal("1.5"),
                derivation=Derivation.WITHIN_DISTANCE,
                parameter=Decimal(10),
            ),
        ),
    )
    # points left out: 100 / 50 / 0 (decision 0401)
    assert fw.points == RagPoints(green=Decimal(100), amber=Decimal(50), red=Decimal(0))


def test_a_hand_written_document_is_written_back_in_canonical_form() -> None:
    canonical = dumps_outcomes_framework(loads_outcomes_framework(MINIMAL))
    data = json.loads(canonical)
    kpi = data["framework"]["kpis"][0]
    # every key written, defaults included, in model order
    assert list(kpi) == [
        "id",
        "name",
        "domain",
        "unit",
        "direction",
        "target",
        "thresholds",
        "weight",
        "derivation",
        "parameter",
    ]
    assert kpi["thresholds"]["ends"] is None
    assert kpi["thresholds"]["entries"][0]["source"]["dated"] is None
    assert data["framework"]["points"] == {"green": "100", "amber": "50", "red": "0"}
    assert canonical.startswith('{\n  "schema_version": 1,\n  "framework": {\n    "name": ')
    assert canonical.endswith("}\n")
    assert dumps_outcomes_framework(loads_outcomes_framework(canonical)) == canonical


def test_write_and_read_a_file(tmp_path: Path) -> None:
    fw = loads_outcomes_framework(MINIMAL)
    path = tmp_path / "kpis.json"
    dump_outcomes_framework(fw, path)
    assert path.read_bytes() == dumps_outcomes_framework(fw).encode("utf-8")
    assert load_outcomes_framework(path) == fw
    assert load_outcomes_framework(str(path)) == fw


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "kpis.json"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_outcomes_framework(path).name == "Lambeth pilot"


def test_dumps_refuses_anything_but_a_framework() -> None:
    with pytest.raises(TypeError, match="expected an OutcomesFramework, got KpiDefinition"):
        dumps_outcomes_framework(default_outcomes_framework().kpis[0])  # type: ignore[arg-type]


# -- round trips ---------------------------------------------------------------------------------

_TEXT = st.text(max_size=12)  # any characters but lone surrogates, which JSON text cannot hold


def _decimals(*, min_value: int = 0, max_value: int = 1000) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=min_value, max_value=max_value, places=3, allow_nan=False, allow_infinity=False
    )


@st.composite
def thresholds_timelines(
    draw: st.DrawFn, *, direction: Direction, max_entries: int = 3
) -> Timeline[RagThresholds]:
    """Thresholds from 1 to ``max_entries`` dates, green at or beyond amber in ``direction``."""
    days = draw(
        st.lists(
            st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
            min_size=1,
            max_size=max_entries,
            unique=True,
        )
    )
    entries = []
    for day in sorted(days):
        a, b = sorted(draw(st.tuples(_decimals(), _decimals())))
        green, amber = (b, a) if direction is Direction.HIGHER_IS_BETTER else (a, b)
        source = Source(
            kind=draw(st.sampled_from(SourceKind)),
            citation=draw(_TEXT),
            dated=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))),
        )
        entries.append(
            TimelineEntry(
                effective=day, value=RagThresholds(green=green, amber=amber), source=source
            )
        )
    ends = draw(st.none() | st.just(max(days) + dt.timedelta(days=draw(st.integers(1, 999)))))
    return Timeline(entries=tuple(entries), ends=ends)


@st.composite
def kpi_definitions(draw: st.DrawFn, *, kpi_id: str) -> KpiDefinition:
    """A valid KPI with id ``kpi_id``: any derivation, direction, thresholds and weight."""
    derivation = draw(st.sampled_from(Derivation))
    direction = draw(st.sampled_from(Direction))
    parameter = None
    if derivation.default_parameter is not None and draw(st.booleans()):
        whole = derivation is Derivation.PLACEMENTS_LASTING
        parameter = Decimal(draw(st.integers(1, 60))) if whole else draw(_decimals(max_value=99))
        parameter = parameter if parameter > 0 else Decimal(1)
    weight = draw(_decimals(max_value=50))
    return KpiDefinition(
        id=KpiId(kpi_id),
        name=draw(_TEXT),
        domain=draw(st.sampled_from(OutcomeDomain)),
        unit=derivation.unit,
        direction=direction,
        target=draw(_decimals(min_value=-5)),
        thresholds=draw(thresholds_timelines(direction=direction)),
        weight=weight if weight > 0 else Decimal("0.001"),
        derivation=derivation,
        parameter=parameter,
    )


@st.composite
def outcomes_frameworks(draw: st.DrawFn, *, max_kpis: int = 4) -> OutcomesFramework:
    """A valid framework of up to ``max_kpis`` KPIs with unique ids and ordered points."""
    ids = draw(st.lists(st.text(min_size=1, max_size=8), max_size=max_kpis, unique=True))
    red, amber, green = sorted(draw(st.tuples(*(_decimals(max_value=100),) * 3)))
    return OutcomesFramework(
        name=draw(_TEXT),
        kpis=tuple(draw(kpi_definitions(kpi_id=i)) for i in ids),
        points=RagPoints(green=green, amber=amber, red=red),
    )


@given(outcomes_frameworks())
def test_every_framework_round_trips_exactly_and_canonically(fw: OutcomesFramework) -> None:
    text = dumps_outcomes_framework(fw)
    assert loads_outcomes_framework(text) == fw
    assert dumps_outcomes_framework(loads_outcomes_framework(text)) == text


def test_decimals_keep_their_written_places() -> None:
    # "0.10" is read as Decimal("0.10") and written back as "0.10", not "0.1"; an exponent
    # form built in Python is written positionally: Decimal("5E+1") -> "50".
    text = MINIMAL.replace('"target": "0.5"', '"target": "0.50"')
    assert '"target": "0.50"' in dumps_outcomes_framework(loads_outcomes_framework(text))
    fw = loads_outcomes_framework(MINIMAL)
    wide = fw.with_kpi(fw.kpis[0].with_weight(Decimal("5E+1")))
    assert '"weight": "50"' in dumps_outcomes_framework(wide)


# -- bad input: every problem with its JSON path -------------------------------------------------


def _set_threshold(i: int, green: object, amber: object) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        _kpi(doc, i)["thresholds"]["entries"][0]["value"] = {"green": green, "amber": amber}

    return edit


def _add_entry(i: int, effective: str, green: str, amber: str) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        entries = _kpi(doc, i)["thresholds"]["entries"]
        entries.append(
            {
                "effective": effective,
                "value": {"green": green, "amber": amber},
                "source": {"kind": "board_decision", "citation": "LAC board"},
            }
        )

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            lambda d: _kpi(d, 0).update(derivation="distance_from_home"),
            'the string "distance_from_home" is not a valid derivation; expected one of'
            ' "unplanned_endings", "placements_lasting", "ica_outcomes_on_track",'
            ' "ica_reviews_on_time", "within_distance", "ofsted_good_at_placement",'
            ' "commissioned_route", "price_within_band", "education_continuity",'
            ' "open_concerns", "mean_days_before_ending", "mean_weekly_fee"'
            f" @ {K}[0].derivation",
            id="unknown derivation key",
        ),
        pytest.param(
            lambda d: _kpi(d, 1).update(weight=1.5),
            'an exact number must be a decimal number written as a string such as "0.035",'
            f" got the number 1.5 @ {K}[1].weight",
            id="weight a float",
        ),
        pytest.param(
            lambda d: _kpi(d, 1).update(weight=2),
            'an exact number must be a decimal number written as a string such as "0.035",'
            f" got the integer 2 @ {K}[1].weight",
            id="weight a JSON integer",
        ),
        pytest.param(
            lambda d: _kpi(d, 1).update(weight="2e0"),
            'an exact number must be a decimal number written as a string such as "0.035",'
            f' got the string "2e0" @ {K}[1].weight',
            id="weight with an exponent",
        ),
        pytest.param(
            _set_threshold(4, 0.75, "0.60"),
            'an exact number must be a decimal number written as a string such as "0.035",'
            f" got the number 0.75 @ {K}[4].thresholds.entries[0].value.green",
            id="threshold a float",
        ),
        pytest.param(
            # placements-12-months is higher-is-better: green 40% below amber 50% is backwards
            _set_threshold(1, "0.40", "0.50"),
            "green must be at or beyond amber in the KPI's direction; got: ('0.40', '0.50');"
            f" expected: green >= amber (higher_is_better) @ {K}[1].thresholds.entries[0]",
            id="thresholds backwards, higher is better",
        ),
        pytest.param(
            # unplanned-endings is lower-is-better: green at 30% above amber at 20% is backwards
            _set_threshold(0, "0.30", "0.20"),
            "green must be at or beyond amber in the KPI's direction; got: ('0.30', '0.20');"
            f" expected: green <= amber (lower_is_better) @ {K}[0].thresholds.entries[0]",
            id="thresholds backwards, lower is better",
        ),
        pytest.param(
            # flipping the direction without swapping the cut-offs (green 10%, amber 20%)
            lambda d: _kpi(d, 0).update(direction="higher_is_better"),
            "green must be at or beyond amber in the KPI's direction; got: ('0.10', '0.20');"
            f" expected: green >= amber (higher_is_better) @ {K}[0].thresholds.entries[0]",
            id="direction flipped",
        ),
        pytest.param(
            # a second, later entry in the wrong order is reported at its own index
            _add_entry(2, "2021-04-01", "0.60", "0.80"),
            "green must be at or beyond amber in the KPI's direction; got: ('0.60', '0.80');"
            f" expected: green >= amber (higher_is_better) @ {K}[2].thresholds.entries[1]",
            id="later thresholds backwards",
        ),
        pytest.param(
            _add_entry(2, "2013-04-01", "0.80", "0.60"),
            'timeline entries must take effect on strictly increasing dates; got: "2013-04-01";'
            f" expected: after 2014-04-01 @ {K}[2].thresholds.entries[1].effective",
            id="thresholds out of date order",
        ),
        pytest.param(
            lambda d: _kpi(d, 0).update(unit="count"),
            "the KPI's unit does not match its derivation; got: 'count'; expected: ratio"
            f" @ {K}[0].unit",
            id="unit not the derivation's",
        ),
        pytest.param(
            lambda d: _kpi(d, 3).update(weight="0"),
            "a KPI's weight must be positive (drop the KPI to leave it out); got: '0';"
            f" expected: > 0 @ {K}[3].weight",
            id="weight zero",
        ),
        pytest.param(
            lambda d: _kpi(d, 0).update(parameter="3"),
            'the unplanned_endings derivation takes no parameter; got: "3"; expected: None'
            f" @ {K}[0].parameter",
            id="parameter the derivation does not take",
        ),
        pytest.param(
            lambda d: _kpi(d, 1).update(parameter="6.5"),
            "a derivation parameter must be positive and a whole number of months;"
            f" got: '6.5'; expected: e.g. Decimal(12) months @ {K}[1].parameter",
            id="parameter not whole months",
        ),
        pytest.param(
            lambda d: _kpi(d, 3).update(id="unplanned-endings"),
            "KPI ids must be unique within a framework; got: ['unplanned-endings']"
            " @ $.framework.kpis",
            id="KPI id given twice",
        ),
        pytest.param(
            lambda d: d["framework"]["points"].update(amber="120"),
            "RAG points must satisfy 0 <= red <= amber <= green <= 100; field: points;"
            " got: ('0', '120', '100') @ $.framework.points",
            id="points out of order",
        ),
        pytest.param(
            lambda d: _kpi(d, 5).update(domain="wellbeing"),
            'the string "wellbeing" is not a valid outcome domain; expected one of'
            ' "education", "health", "emotional_wellbeing", "relationships", "independence",'
            f' "safety", "stability", "value_for_money", "quality" @ {K}[5].domain',
            id="unknown outcome domain",
        ),
        pytest.param(
            lambda d: _kpi(d, 6)["thresholds"]["entries"][0].update(effective="01/04/2014"),
            'expected a date as "YYYY-MM-DD", got the string "01/04/2014"'
            f" @ {K}[6].thresholds.entries[0].effective",
            id="date not ISO",
        ),
        pytest.param(
            lambda d: _kpi(d, 7)["thresholds"]["entries"][0]["source"].update(kind="minutes"),
            'the string "minutes" is not a valid source kind; expected one of'
            ' "contract_clause", "board_decision", "report", "statute", "agreement",'
            ' "inspection", "data_return", "assumption"'
            f" @ {K}[7].thresholds.entries[0].source.kind",
            id="unknown source kind",
        ),
        pytest.param(
            lambda d: _kpi(d, 8).update(colour="teal"),
            f"unknown key 'colour' @ {K}[8]",
            id="unknown key",
        ),
        pytest.param(
            lambda d: d.update(kpis=[]),
            "unknown key 'kpis' @ $",
            id="unknown top-level key",
        ),
        pytest.param(
            lambda d: d.pop("framework"),
            "missing required key 'framework' @ $",
            id="no framework",
        ),
    ],
)
def test_a_bad_document_is_refused_with_the_path_of_the_problem(
    edit: Callable[[Doc], object], expected: str
) -> None:
    assert _messages_after(edit) == (expected,)


def test_a_misspelt_key_is_reported_with_a_suggestion() -> None:
    def edit(doc: Doc) -> None:
        kpi = _kpi(doc, 2)
        kpi["threshold"] = kpi.pop("thresholds")

    assert _messages_after(edit) == (
        f"missing required key 'thresholds' @ {K}[2]",
        f"unknown key 'threshold' (did you mean 'thresholds'?) @ {K}[2]",
    )


def test_every_problem_is_reported_in_one_pass() -> None:
    def edit(doc: Doc) -> None:
        _kpi(doc, 0)["weight"] = 2.0
        _kpi(doc, 4)["derivation"] = "within_20_miles"
        _kpi(doc, 8)["thresholds"]["entries"][0]["value"]["amber"] = "0.90"

    messages = _messages_after(edit)
    assert [m.rsplit(" @ ", 1)[1] for m in messages] == [
        f"{K}[0].weight",
        f"{K}[4].derivation",
        f"{K}[8].thresholds.entries[0]",  # education-continuity: green 0.80 below amber 0.90
    ]


def test_a_duplicate_key_is_an_error() -> None:
    text = MINIMAL.replace('"weight": "1.5",', '"weight": "1.5", "weight": "3",')
    assert _messages(text) == (f"duplicate key 'weight' @ {K}[0]",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"schema_version": 1, "framework": {"name": "x", "kpis": []}',
            "invalid JSON: Expecting ',' delimiter @ line 1 column 61",
        ),
        ("[]", "the document must be a JSON object, got an array @ $"),
        (
            '{"framework": {"name": "x", "kpis": []}}',
            "missing required key 'schema_version' (this slcp reads version 1) @ $",
        ),
        (
            '{"schema_version": 2, "framework": {}}',
            "unsupported schema_version 2; this slcp reads version 1 @ $.schema_version",
        ),
        (
            '{"schema_version": "1", "framework": {}}',
            'schema_version must be an integer, got the string "1" @ $.schema_version',
        ),
        (
            '{"schema_version": 1, "framework": {"name": "x", "kpis": [], '
            '"points": {"green": NaN}}}',
            'an exact number must be a decimal number written as a string such as "0.035",'
            " got NaN @ $.framework.points.green",
        ),
    ],
    ids=["not JSON", "not an object", "no version", "another version", "version a string", "NaN"],
)
def test_documents_that_cannot_be_read(text: str, expected: str) -> None:
    assert _messages(text) == (expected,)


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(LoadError) as caught:
        load_outcomes_framework(path)
    assert caught.value.source == str(path)
    assert caught.value.messages == (f"cannot read the file: No such file or directory @ {path}",)


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(MINIMAL.replace("Lambeth pilot", "Lambeth pilot £").encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        load_outcomes_framework(path)
    # "£" is the single byte 0xA3 in Latin-1; everything before it in MINIMAL is ASCII, so its
    # byte offset is its character offset
    offset = MINIMAL.index("Lambeth pilot") + len("Lambeth pilot ")
    assert caught.value.messages == (
        f"the file is not UTF-8 text (byte {offset} cannot be decoded) @ {path}",
    )


def test_errors_in_a_file_carry_its_name(tmp_path: Path) -> None:
    path = tmp_path / "kpis.json"
    path.write_text(MINIMAL.replace('"weight": "1.5"', '"weight": 1.5'), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_outcomes_framework(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"could not load {path}:\n  an exact number")


# -- the JSON Schema -----------------------------------------------------------------------------


def test_the_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == dumps_outcomes_framework_json_schema(), (
        f"docs/schemas/outcomes-framework.schema.json is stale; regenerate it with:"
        f" {REGENERATE_SCHEMA}"
    )


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = outcomes_framework_json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_example_and_a_hand_written_document_are_valid(
    validator: Draft202012Validator,
) -> None:
    assert list(validator.iter_errors(json.loads(EXAMPLE.read_text(encoding="utf-8")))) == []
    assert list(validator.iter_errors(json.loads(MINIMAL))) == []


def test_the_schema_finds_the_shape_errors_slcp_finds(validator: Draft202012Validator) -> None:
    doc = _doc()
    _kpi(doc, 1)["weight"] = 1.5
    _kpi(doc, 2)["derivation"] = "distance_from_home"
    _kpi(doc, 3)["colour"] = "teal"
    doc["framework"]["points"]["red"] = "-"
    paths = sorted({e.json_path for e in validator.iter_errors(doc)})
    assert paths == [
        f"{K}[1].weight",
        f"{K}[2].derivation",
        f"{K}[3]",
        "$.framework.points.red",
    ]


def test_the_schema_does_not_check_the_records_own_rules(
    validator: Draft202012Validator,
) -> None:
    # Thresholds backwards for the direction: well-formed, so the schema accepts it; slcp
    # refuses it on loading (see docs/json-format.md, "The JSON Schema").
    doc = _doc()
    _kpi(doc, 1)["thresholds"]["entries"][0]["value"] = {"green": "0.40", "amber": "0.50"}
    assert list(validator.iter_errors(doc)) == []
    with pytest.raises(LoadError):
        loads_outcomes_framework(json.dumps(doc))
