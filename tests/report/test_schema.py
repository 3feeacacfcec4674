"""The published JSON Schema of the report (docs/schemas/report.schema.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "report.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_samples_report_is_valid(
    validator: jsonschema.Draft202012Validator, sample_json: dict[str, Any]
) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(sample_json)]
    assert errors == []


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("total_spend_pence",), 165838573.51),  # money as a float (pounds)
        (("spend", "total_pence"), "16583857351"),  # money as text
        (("financial_year",), "2019-2020"),
        (("savings", "roi", "programme", "gross_return_pct"), 469.0),  # a float percentage
        (("provenance", "synthetic"), "yes"),
    ],
)
def test_the_schema_refuses_what_the_contract_forbids(
    validator: jsonschema.Draft202012Validator,
    sample_json: dict[str, Any],
    path: tuple[str, ...],
    bad: object,
) -> None:
    doc = copy.deepcopy(sample_json)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    assert not validator.is_valid(doc)
