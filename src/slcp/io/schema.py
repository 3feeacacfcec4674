"""The JSON Schemas (draft 2020-12) of slcp's JSON documents, generated from the model.

:func:`programme_json_schema` walks :class:`~slcp.domain.Programme` and every record reachable
from it with the conventions of :mod:`slcp.io._converter`, so the schema cannot drift from
what :func:`slcp.io.loads_programme` reads. Descriptions come from the records' docstrings.
The published copy is ``docs/schemas/programme.schema.json``; regenerate it with::

    python -m slcp.io.schema > docs/schemas/programme.schema.json

:func:`outcomes_framework_json_schema` does the same for the outcomes framework document
(:mod:`slcp.io.kpi_framework`), published as ``docs/schemas/outcomes-framework.schema.json``::

    python -m slcp.io.schema outcomes-framework > docs/schemas/outcomes-framework.schema.json

The schema checks the document's shape and types, so a web front-end can validate before it
sends. It cannot say everything the loader checks (decision record 0102): JSON Schema counts
``400000.0`` as an integer, where slcp refuses any float for money; and the domain's own
invariants (code formats, date order, shares summing to 1, references between records) are
checked by slcp on loading and by ``slcp validate``.

Imports :mod:`slcp.io._converter`, the domain and the vocabulary.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import re
import sys
from decimal import Decimal
from typing import Any, Final, get_args, get_origin

from slcp.domain import Programme
from slcp.io._converter import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    FINANCIAL_YEAR_PATTERN,
    MONEY_SUFFIX,
    VEHICLE_TAG_KEY,
    VEHICLE_TAGS,
    YEAR_MONTH_PATTERN,
    dump_text,
    is_record,
    is_sequence,
    is_vehicle_union,
    json_fields,
    optional_inner,
    unstructure,
)
from slcp.io.json_document import SCHEMA_VERSION
from slcp.io.kpi_framework import OUTCOMES_FRAMEWORK_SCHEMA_VERSION
from slcp.money import Money, Rate
from slcp.outcomes import OutcomesFramework
from slcp.periods import FinancialYear, YearMonth

__all__ = [
    "SCHEMA_DIALECT",
    "dumps_outcomes_framework_json_schema",
    "dumps_programme_json_schema",
    "outcomes_framework_json_schema",
    "programme_json_schema",
]

#: The JSON Schema dialect used.
SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: Final[dict[object, tuple[str, dict[str, Any]]]] = {
    Money: (
        "Pence",
        {
            "type": "integer",
            "description": (
                "An amount of money in whole pence (GBP), e.g. 400050 for £4,000.50. Keys of"
                f" money fields end in '{MONEY_SUFFIX}'. Floats are refused by slcp even when"
                " whole (400050.0)."
            ),
        },
    ),
    Rate: (
        "Rate",
        {
            "type": "string",
            "pattern": DECIMAL_PATTERN,
            "description": "An exact rate as a decimal fraction written as a string: '0.035' is"
            " 3.5%.",
        },
    ),
    Decimal: (
        "Decimal",
        {
            "type": "string",
            "pattern": DECIMAL_PATTERN,
            "description": "An exact decimal number written as a string, e.g. '92.5'; no exponent.",
        },
    ),
    dt.date: (
        "Date",
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": "A calendar date, 'YYYY-MM-DD'.",
        },
    ),
    FinancialYear: (
        "FinancialYear",
        {
            "type": "string",
            "pattern": FINANCIAL_YEAR_PATTERN,
            "description": "A local-government financial year, 1 April to 31 March, written"
            " '2019/20'.",
        },
    ),
    YearMonth: (
        "YearMonth",
        {
            "type": "string",
            "pattern": YEAR_MONTH_PATTERN,
            "description": "A calendar month, 'YYYY-MM' (e.g. a month of birth).",
        },
    ),
}


def programme_json_schema() -> dict[str, object]:
    """The JSON Schema of a programme document, as a JSON-ready ``dict``.

    >>> schema = programme_json_schema()
    >>> schema["$schema"], schema["properties"]["schema_version"]["const"]
    ('https://json-schema.org/draft/2020-12/schema', 1)
    >>> schema["$defs"]["FeeComponents"]["required"]
    ['core_pence']
    """
    builder = _Builder()
    body = builder.record_body(Programme)
    properties: dict[str, Any] = {
        "schema_version": {
            "const": SCHEMA_VERSION,
            "description": "The version of this document format; slcp refuses versions it"
            " does not know.",
        },
        **body["properties"],
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "slcp programme document",
        "description": (
            "A commissioning programme and all it records, as written by slcp (schema version"
            f" {SCHEMA_VERSION}). Money is integer pence under keys ending '{MONEY_SUFFIX}';"
            " date ranges are half-open [start, end). See docs/json-format.md."
        ),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", *body["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def dumps_programme_json_schema() -> str:
    """:func:`programme_json_schema` as the text of ``docs/schemas/programme.schema.json``."""
    return dump_text(programme_json_schema())


def outcomes_framework_json_schema() -> dict[str, object]:
    """The JSON Schema of an outcomes framework document, as a JSON-ready ``dict``.

    Like the programme's, it checks shape, types and codes; the records' own rules (green
    at or beyond amber in the KPI's direction, a unit matching its derivation, a positive
    weight, unique KPI ids) are checked by :func:`slcp.io.loads_outcomes_framework`.

    >>> schema = outcomes_framework_json_schema()
    >>> schema["required"], schema["properties"]["framework"]
    (['schema_version', 'framework'], {'$ref': '#/$defs/OutcomesFramework'})
    >>> schema["$defs"]["Derivation"]["enum"][:2]
    ['unplanned_endings', 'placements_lasting']
    """
    builder = _Builder()
    framework = builder.schema_for(OutcomesFramework)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "slcp outcomes framework document",
        "description": (
            "The KPIs providers are scored on, as written by slcp (schema version"
            f" {OUTCOMES_FRAMEWORK_SCHEMA_VERSION}). Thresholds, targets, weights and points"
            " are exact decimal strings; thresholds are effective-dated, each entry with its"
            " source. See docs/outcomes/kpis.md."
        ),
        "type": "object",
        "properties": {
            "schema_version": {
                "const": OUTCOMES_FRAMEWORK_SCHEMA_VERSION,
                "description": "The version of this document format; slcp refuses versions"
                " it does not know.",
            },
            "framework": framework,
        },
        "required": ["schema_version", "framework"],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def dumps_outcomes_framework_json_schema() -> str:
    """:func:`outcomes_framework_json_schema` as the text of
    ``docs/schemas/outcomes-framework.schema.json``."""
    return dump_text(outcomes_framework_json_schema())


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, name: str, build: Any) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = {}  # placeholder, in case a record refers to itself
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def schema_for(self, tp: Any) -> dict[str, Any]:
        inner = optional_inner(tp)
        if inner is not None:
            return {"anyOf": [self.schema_for(inner), {"type": "null"}]}
        if is_sequence(tp):
            return {"type": "array", "items": self.schema_for(get_args(tp)[0])}
        if is_vehicle_union(tp):
            return {
                "oneOf": [
                    self.ref(cls.__name__, lambda t=tag, c=cls: self.record_body(c, tag=t))
                    for tag, cls in VEHICLE_TAGS.items()
                ]
            }
        if tp in _SCALARS:
            name, schema = _SCALARS[tp]
            return self.ref(name, lambda: dict(schema))
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self.ref(tp.__name__, lambda: _enum_schema(tp))
        if is_record(tp):
            return self.ref(_record_name(tp), lambda: self.record_body(tp))
        supertype = getattr(tp, "__supertype__", None)  # typing.NewType
        if supertype is not None:
            return self.schema_for(supertype)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is str:
            return {"type": "string"}
        raise TypeError(f"no JSON convention for {tp!r}; add one to slcp.io._converter")

    def record_body(self, tp: Any, *, tag: str | None = None) -> dict[str, Any]:
        origin = get_origin(tp) or tp
        docs = _attribute_docs(origin)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            properties[VEHICLE_TAG_KEY] = {"const": tag, "description": "The kind of vehicle."}
            required.append(VEHICLE_TAG_KEY)
        for field in json_fields(tp):
            schema = self.schema_for(field.type)
            if field.name in docs:
                schema = {**schema, "description": docs[field.name]}
            if field.required:
                required.append(field.key)
            else:
                schema = {**schema, "default": unstructure(field.default, field.type)}
            properties[field.key] = schema
        out: dict[str, Any] = {"type": "object"}
        summary = _summary(origin)
        if summary:
            out["description"] = summary
        out["properties"] = properties
        out["required"] = required
        out["additionalProperties"] = False
        return out


def _record_name(tp: Any) -> str:
    origin = get_origin(tp) or tp
    args = get_args(tp)
    if not args:
        return str(origin.__name__)
    return "_".join([origin.__name__, *(_record_name(a) for a in args)])


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "enum": [m.value for m in cls]}
    summary = _summary(cls)
    if summary:
        out["description"] = summary
    return out


_ROLE = re.compile(r":[a-z]+:`~?(?:[\w.]+\.)?([^`]+)`")


_NONE = re.compile(r"\bNone\b")


def _plain(text: str) -> str:
    """Docstring markup to plain text: roles to their last name, ``literals`` unquoted, and
    Python's ``None`` as JSON's ``null``."""
    text = _ROLE.sub(r"\1", text)
    text = text.replace("``", "")
    text = _NONE.sub("null", text)
    return " ".join(text.split())


def _summary(cls: type) -> str:
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    return _plain(doc.split("\n\n", 1)[0]) if doc else ""


def _attribute_docs(cls: type) -> dict[str, str]:
    """Descriptions of fields from a Google-style ``Attributes:`` section."""
    lines = inspect.cleandoc(cls.__dict__.get("__doc__") or "").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Attributes:")
    except StopIteration:
        return {}
    base = len(lines[start]) - len(lines[start].lstrip())
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    entry_indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        if indent <= base:
            break
        m = re.match(r"^(\w+)(?: \([^)]*\))?: ?(.*)$", line.strip())
        if m and (entry_indent is None or indent == entry_indent):
            entry_indent = indent
            current = [m.group(2)]
            out[m.group(1)] = current
        elif current is not None:
            current.append(line.strip())
    return {name: _sentence(_plain(" ".join(parts))) for name, parts in out.items()}


def _sentence(text: str) -> str:
    """Start a description with a capital, as a sentence ("e.g. ..." is left as it is)."""
    return text if text.startswith("e.g.") else text[:1].upper() + text[1:]


_DOCUMENTS: Final = {
    "programme": dumps_programme_json_schema,
    "outcomes-framework": dumps_outcomes_framework_json_schema,
}

if __name__ == "__main__":  # python -m slcp.io.schema [programme|outcomes-framework] > FILE
    _which = sys.argv[1] if len(sys.argv) > 1 else "programme"
    if _which not in _DOCUMENTS:
        sys.exit(f"usage: python -m slcp.io.schema [{'|'.join(_DOCUMENTS)}]")
    sys.stdout.write(_DOCUMENTS[_which]())
