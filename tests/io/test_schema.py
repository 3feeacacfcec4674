"""The published JSON Schema: generated from the model, committed, and in step with the reader."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from slcp.domain import Programme
from slcp.errors import LoadError
from slcp.io import dumps_programme, loads_programme
from slcp.io.schema import dumps_programme_json_schema, programme_json_schema
from slcp.sample import south_london
from tests import strategies as shared
from tests.io.test_json_examples import small_programme
from tests.io.test_json_properties import programmes

Doc = dict[str, Any]

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "programme.schema.json"
REGENERATE = "python -m slcp.io.schema > docs/schemas/programme.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = programme_json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _doc(programme: Programme) -> Doc:
    data: Doc = json.loads(dumps_programme(programme))
    return data


def _errors(validator: Draft202012Validator, doc: object) -> list[str]:
    return [e.json_path for e in validator.iter_errors(doc)]


# -- the committed file ------------------------------------------------------------------------


def test_the_committed_schema_is_the_generated_one() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == dumps_programme_json_schema(), (
        f"docs/schemas/programme.schema.json is stale; regenerate it with: {REGENERATE}"
    )


def test_the_schema_is_draft_2020_12() -> None:
    schema = programme_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


# -- documents slcp writes are valid ------------------------------------------------------------


def test_the_small_programme_is_valid(validator: Draft202012Validator) -> None:
    assert _errors(validator, _doc(small_programme())) == []


def _spread(programme: Programme, per_collection: int) -> Programme:
    """The programme with at most ``per_collection`` records of each kind, evenly spaced."""
    cut: dict[str, Any] = {}
    for field in attrs.fields(Programme):
        items = getattr(programme, field.name)
        if isinstance(items, tuple) and len(items) > per_collection:
            step = len(items) / per_collection
            cut[field.name] = tuple(items[int(i * step)] for i in range(per_collection))
    return attrs.evolve(programme, **cut)


def test_the_south_london_sample_is_valid(validator: Draft202012Validator) -> None:
    # The whole sample is a 25 MB document that jsonschema takes minutes over; an even spread
    # of 40 records of every kind checks every shape it holds. (Every document slcp writes is
    # valid: see the property below.)
    sample = _spread(south_london(), 40)
    assert len(sample.placements) == 40
    assert len(sample.agreements) == 40
    assert _errors(validator, _doc(sample)) == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(programmes)
def test_every_document_slcp_writes_is_valid(
    validator: Draft202012Validator, programme: Programme
) -> None:
    assert _errors(validator, _doc(programme)) == []


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(shared.programmes())
def test_valid_programmes_are_valid(validator: Draft202012Validator, programme: Programme) -> None:
    assert _errors(validator, _doc(programme)) == []


# -- broken documents are rejected, by the schema and by the reader alike -----------------------


def _fee(doc: Doc) -> Doc:
    value: Doc = doc["placements"][0]["fees"]["entries"][0]["value"]
    return value


BROKEN: list[tuple[str, Callable[[Doc], object], str]] = [
    ("float fee", lambda d: _fee(d).update(core_pence=4000.5), "$.placements[0]"),
    ("string fee", lambda d: _fee(d).update(core_pence="4000.50"), "$.placements[0]"),
    ("extra key", lambda d: d["providers"][1].update(colour="teal"), "$.providers[1]"),
    ("extra top-level key", lambda d: d.update(notes="draft"), "$"),
    ("missing field", lambda d: d["placements"][0]["period"].pop("start"), "$.placements[0]"),
    ("missing top-level field", lambda d: d.pop("host"), "$"),
    ("missing schema_version", lambda d: d.pop("schema_version"), "$"),
    ("other schema_version", lambda d: d.update(schema_version=2), "$.schema_version"),
    ("unknown enum value", lambda d: d["placements"][0].update(workstream="LAC"), "$.placements"),
    ("date not ISO", lambda d: d["children"][0].update(month_of_birth="03/2008"), "$.children"),
    (
        "rate as a number",
        lambda d: d["uplift_rounds"][0]["requests"][0].update(requested=0.035),
        "$.uplift_rounds",
    ),
    ("vehicle without kind", lambda d: d["vehicles"][2].pop("kind"), "$.vehicles[2]"),
    ("vehicle of unknown kind", lambda d: d["vehicles"][2].update(kind="spot"), "$.vehicles[2]"),
    (
        "financial year as an int",
        lambda d: d["budgets"][0].update(financial_year=2019),
        "$.budgets",
    ),
    ("array as an object", lambda d: d.update(boroughs={}), "$.boroughs"),
]


@pytest.mark.parametrize(("label", "edit", "where"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_documents_are_rejected(
    validator: Draft202012Validator, label: str, edit: Callable[[Doc], object], where: str
) -> None:
    doc = copy.deepcopy(_doc(small_programme()))
    edit(doc)
    paths = _errors(validator, doc)
    assert paths, f"the schema accepted a document with a {label}"
    assert any(p.startswith(where) for p in paths), paths
    with pytest.raises(LoadError):
        loads_programme(json.dumps(doc))


def test_a_whole_float_passes_the_schema_but_not_the_reader(
    validator: Draft202012Validator,
) -> None:
    # JSON Schema counts 400000.0 as an integer (draft 2020-12 §6.1.1); slcp refuses any float
    # where money goes (decision record 0102). Front-ends must send integers.
    doc = copy.deepcopy(_doc(small_programme()))
    _fee(doc)["core_pence"] = 400000.0
    assert _errors(validator, doc) == []
    with pytest.raises(LoadError, match="not a float"):
        loads_programme(json.dumps(doc))


# -- the schema states the conventions ----------------------------------------------------------


def _properties(schema: object) -> Iterator[tuple[str, Doc]]:
    if isinstance(schema, dict):
        yield from schema.get("properties", {}).items()
        for value in schema.values():
            yield from _properties(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _properties(value)


def _refs(prop: Doc) -> set[str]:
    found = {prop["$ref"]} if "$ref" in prop else set()
    for option in prop.get("anyOf", []):
        found |= _refs(option)
    return found


def test_every_money_key_ends_in_pence_and_every_pence_key_is_money() -> None:
    props = list(_properties(programme_json_schema()))
    money = {key for key, prop in props if "#/$defs/Pence" in _refs(prop)}
    assert money == {key for key, _ in props if key.endswith("_pence")}
    assert {
        "core_pence",
        "additional_support_pence",
        "education_pence",
        "other_pence",
        "amount_pence",
        "annual_value_pence",
        "min_weekly_pence",
        "max_weekly_pence",
    } <= money
    assert programme_json_schema()["$defs"]["Pence"]["type"] == "integer"  # type: ignore[index]


def test_every_record_refuses_unknown_keys() -> None:
    schema = programme_json_schema()
    defs: dict[str, Doc] = schema["$defs"]  # type: ignore[assignment]
    records = {name: d for name, d in defs.items() if d.get("type") == "object"}
    assert "Placement" in records
    assert all(d["additionalProperties"] is False for d in records.values())
    assert schema["additionalProperties"] is False


def test_vehicles_are_a_tagged_union() -> None:
    defs: dict[str, Doc] = programme_json_schema()["$defs"]  # type: ignore[assignment]
    tags = {
        name: defs[name]["properties"]["kind"]["const"]
        for name in ("FrameworkAgreement", "DynamicPurchasingSystem", "BlockContract")
    }
    assert tags == {
        "FrameworkAgreement": "framework",
        "DynamicPurchasingSystem": "dps",
        "BlockContract": "block_contract",
    }
    assert all(defs[name]["required"][0] == "kind" for name in tags)


def test_date_ranges_are_half_open_objects_with_a_nullable_end() -> None:
    date_range: Doc = programme_json_schema()["$defs"]["DateRange"]  # type: ignore[index]
    assert date_range["required"] == ["start"]
    assert date_range["properties"]["end"]["anyOf"][1] == {"type": "null"}
    assert "half-open" in date_range["description"]
