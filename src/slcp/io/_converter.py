"""The one private cattrs converter of slcp's JSON documents, and how its errors read.

Every record in :mod:`slcp.domain` is structured and unstructured here, by the conventions of
decision record 0100 (``docs/decisions/0100-json-conventions.md``):

* a record is a JSON object whose keys are its field names, in field order; unknown keys are
  refused; a key whose field has a default may be left out on reading, and every key is
  written;
* money (:class:`~slcp.money.Money`) is an integer of pence and its key ends in ``_pence``
  (``core_pence``, ``amount_pence``); floats, booleans and strings are refused;
* rates and exact measures (:class:`~slcp.money.Rate`, ``Decimal``) are decimal strings
  (``"0.035"``);
* dates are ``"YYYY-MM-DD"``; a :class:`~slcp.periods.DateRange` is
  ``{"start": ..., "end": ... | null}``, half-open; a financial year is ``"2019/20"``; a
  year and month is ``"2008-03"``; enumerations are written by value;
* a purchasing vehicle carries an explicit tag, ``"kind"``: ``"framework"``, ``"dps"`` or
  ``"block_contract"``.

Errors are collected with cattrs' detailed validation and turned into messages ending in a
JSONPath-like location by :func:`error_messages`; :mod:`slcp.io.json_document` wraps them in
:class:`~slcp.errors.LoadError`. :func:`read_document_file` and :func:`parse_document` read a
versioned document's file and text the same way for every kind of document.
:mod:`slcp.io.schema` reads the same conventions (:func:`json_fields`, :data:`VEHICLE_TAGS`,
the patterns) to publish the JSON Schema.

Private to :mod:`slcp.io`; may import everything below it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import difflib
import enum
import functools
import gc
import json
import re
import sys
import types
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar, Union, cast, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from slcp.domain import (
    BlockContract,
    DynamicPurchasingSystem,
    FrameworkAgreement,
    PurchasingVehicle,
)
from slcp.errors import LoadError, SlcpError
from slcp.io.atomic import write_atomic
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_bounded
from slcp.money import Money, Rate
from slcp.periods import FinancialYear, YearMonth

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "FINANCIAL_YEAR_PATTERN",
    "MONEY_SUFFIX",
    "VEHICLE_TAGS",
    "VEHICLE_TAG_KEY",
    "VERSION_KEY",
    "YEAR_MONTH_PATTERN",
    "JsonField",
    "JsonObject",
    "NonFinite",
    "TooManyDigits",
    "bound_problems",
    "converter",
    "describe",
    "document_text",
    "dump_text",
    "error_messages",
    "is_record",
    "is_sequence",
    "is_vehicle_union",
    "json_fields",
    "load_document",
    "load_fast",
    "optional_inner",
    "parse_document",
    "parse_text",
    "read_document_file",
    "structure_checked",
    "unstructure",
    "write_document_file",
]

#: Suffix of the key of every money field: ``core`` is written ``core_pence``.
MONEY_SUFFIX: Final = "_pence"
#: The key of a document's format version, always its first key.
VERSION_KEY: Final = "schema_version"
#: The key that tags a purchasing vehicle's kind.
VEHICLE_TAG_KEY: Final = "kind"
#: Tag of each kind of purchasing vehicle, in the order the schema lists them.
VEHICLE_TAGS: Final[dict[str, type[Any]]] = {
    "framework": FrameworkAgreement,
    "dps": DynamicPurchasingSystem,
    "block_contract": BlockContract,
}
#: A decimal number written in plain positional notation: no exponent, no '+', no spaces.
DECIMAL_PATTERN: Final = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
#: An ISO 8601 calendar date.
DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A local-government financial year, ``"2019/20"``.
FINANCIAL_YEAR_PATTERN: Final = r"^[0-9]{4}/[0-9]{2}$"
#: A calendar month, ``"2008-03"``.
YEAR_MONTH_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}$"

_DECIMAL = re.compile(DECIMAL_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_FINANCIAL_YEAR = re.compile(FINANCIAL_YEAR_PATTERN)
_YEAR_MONTH = re.compile(YEAR_MONTH_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")

#: The record type a document is read as.
_D = TypeVar("_D")


# -- values the JSON parser hands over -------------------------------------------------------


class JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers keys given more than once (the last one is kept)."""

    duplicate_keys: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> JsonObject:
        """``object_pairs_hook`` for :func:`json.loads`."""
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            dups: list[str] = []
            for key, _ in pairs:
                if key in seen and key not in dups:
                    dups.append(key)
                seen.add(key)
            obj.duplicate_keys = tuple(dups)
        return obj


@attrs.frozen
class NonFinite:
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python's parser, never valid here."""

    text: str


@attrs.frozen
class TooManyDigits:
    """A JSON integer longer than the limit, kept as its digit count and never converted.

    Converting a very long digit string to an ``int`` is slow (and above 4,300 digits
    Python refuses), and no count or sum of pence is that long.
    """

    digits: int


#: The bounds of the document being read (decimals are checked inside the converter's hooks).
_LIMITS: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "slcp_json_limits", default=DEFAULT_LIMITS
)


# -- the errors hooks raise ----------------------------------------------------------------


class _ShapeError(Exception):
    """A JSON value of the wrong type or form.

    ``key`` names a key below the current location the problem belongs to (e.g. ``"kind"``).
    """

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def _describe(value: object) -> str:
    """A JSON value as a message shows it: its JSON type, and the value when it is short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NonFinite):
        return value.text
    if isinstance(value, TooManyDigits):
        return f"an integer of {value.digits:,} digits"
    if isinstance(value, int):
        return f"the integer {_clip(str(value))}"
    if isinstance(value, float):
        return f"the number {_clip(repr(value))}"
    if isinstance(value, str):
        return f"the string {_clip(json.dumps(value, ensure_ascii=False))}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return _clip(repr(value))


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: object) -> str:
    """A domain error's offending value in JSON terms (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    if isinstance(value, Decimal):
        return f'"{value:f}"'
    if isinstance(value, enum.Enum):
        return repr(value.value)
    return _clip(repr(value))


# -- scalar hooks: strict, so that nothing is silently coerced -------------------------------


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"expected a string, got {_describe(value)}")
    if _SURROGATE.search(value):
        raise _ShapeError("the string contains an unpaired UTF-16 surrogate")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ShapeError(f"expected an integer, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError(f"expected true or false, got {_describe(value)}")
    return value


def _structure_money(value: object, _: object) -> Money:
    if isinstance(value, int) and not isinstance(value, bool):
        return Money(value)
    kind = {float: "a float", str: "a string", bool: "a boolean"}.get(type(value))
    if kind is None:
        raise _ShapeError(f"money must be an integer of pence, got {_describe(value)}")
    raise _ShapeError(
        f"money must be an integer of pence, not {kind}"
        f" (got {_clip(json.dumps(value, ensure_ascii=False))}; £4,000.50 is 400050)"
    )


def _parse_decimal(value: object, what: str) -> Decimal:
    most = _LIMITS.get().max_decimal_digits
    if isinstance(value, str) and len(value) > most:
        digits = sum(c.isdigit() for c in value)
        if digits > most:
            raise _ShapeError(
                f"{what} has {digits:,} digits, more than the {most} slcp reads"
                " (Limits.max_decimal_digits)"
            )
    if not isinstance(value, str) or not _DECIMAL.match(value):
        raise _ShapeError(
            f'{what} must be a decimal number written as a string such as "0.035",'
            f" got {_describe(value)}"
        )
    return Decimal(value)


def _structure_decimal(value: object, _: object) -> Decimal:
    return _parse_decimal(value, "an exact number")


def _structure_rate(value: object, _: object) -> Rate:
    return Rate(_parse_decimal(value, "a rate"))


def _unstructure_decimal(value: Decimal) -> str:
    # positional notation, never an exponent: Decimal("1E-7") is written "0.0000001"
    return f"{value:f}"


def _structure_date(value: object, _: object) -> dt.date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise _ShapeError(f'expected a date as "YYYY-MM-DD", got {_describe(value)}')
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _ShapeError(f"no such date: {_describe(value)}") from None


def _structure_financial_year(value: object, _: object) -> FinancialYear:
    if isinstance(value, str) and _FINANCIAL_YEAR.match(value):
        first, second = int(value[:4]), int(value[5:])
        if second == (first + 1) % 100:
            try:
                return FinancialYear(first)
            except SlcpError as e:
                raise _ShapeError(f"{e.message}, got {_describe(value)}") from None
    raise _ShapeError(
        f'expected a financial year such as "2019/20" (consecutive years), got {_describe(value)}'
    )


def _structure_year_month(value: object, _: object) -> YearMonth:
    if isinstance(value, str) and _YEAR_MONTH.match(value):
        try:
            return YearMonth.parse(value)
        except SlcpError as e:
            raise _ShapeError(f"{e.message}, got {_describe(value)}") from None
    raise _ShapeError(f'expected a year and month such as "2008-03", got {_describe(value)}')


def _enum_label(cls: type[enum.Enum]) -> str:
    # ServiceKind -> "service kind"
    return re.sub(r"(?<!^)(?=[A-Z][a-z])", " ", cls.__name__).lower()


def _structure_enum_factory(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    by_value = {member.value: member for member in cls}
    accepted = ", ".join(json.dumps(v) for v in by_value)

    def structure(value: object, _: object) -> enum.Enum:
        if isinstance(value, str) and value in by_value:
            return by_value[value]
        raise _ShapeError(
            f"{_describe(value)} is not a valid {_enum_label(cls)}; expected one of {accepted}"
        )

    return structure


# -- type predicates shared with the schema ---------------------------------------------------


def optional_inner(tp: object) -> Any:
    """``X`` for ``X | None`` (a union of ``None`` and exactly one type), else ``None``."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
    return None


def is_sequence(tp: object) -> bool:
    """True for ``tuple[X, ...]``, the only collection type the domain uses."""
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def is_vehicle_union(tp: object) -> bool:
    """True for :data:`~slcp.domain.PurchasingVehicle`, the tagged union of vehicles."""
    return get_origin(tp) in (Union, types.UnionType) and set(get_args(tp)) == set(
        get_args(PurchasingVehicle)
    )


def is_record(tp: object) -> bool:
    """True for an attrs record written as a JSON object (generic ones included)."""
    origin = get_origin(tp) or tp
    return (
        isinstance(origin, type)
        and attrs.has(origin)
        and origin not in (Money, Rate, FinancialYear, YearMonth)
    )


@attrs.frozen(kw_only=True)
class JsonField:
    """One field of a record as a JSON document writes it.

    Attributes:
        name: the attribute name.
        key: the JSON key (``name`` plus ``_pence`` for money).
        type: the field's type with type variables resolved.
        required: True when the key must be present on reading (the field has no default).
        default: the default value, or ``attrs.NOTHING``.
        attribute: the attrs attribute.
    """

    name: str
    key: str
    type: Any
    required: bool
    default: object
    attribute: attrs.Attribute[Any]


def _substitute(tp: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(tp, TypeVar):
        return mapping.get(tp, tp)
    params = getattr(tp, "__parameters__", ())
    if params and mapping:
        return tp[tuple(mapping.get(p, p) for p in params)]
    return tp


def _is_money(tp: object) -> bool:
    return tp is Money or optional_inner(tp) is Money


@functools.cache
def json_fields(tp: Any) -> tuple[JsonField, ...]:
    """The fields of record type ``tp`` (a class or a parametrised generic) in JSON order."""
    origin = get_origin(tp) or tp
    attrs.resolve_types(origin)
    params = getattr(origin, "__parameters__", ())
    mapping = dict(zip(params, get_args(tp), strict=False))
    out: list[JsonField] = []
    for a in attrs.fields(origin):
        if not a.init:
            continue
        resolved = _substitute(a.type, mapping)
        default: Any = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        out.append(
            JsonField(
                name=a.name,
                key=a.name + MONEY_SUFFIX if _is_money(resolved) else a.name,
                type=resolved,
                required=a.default is attrs.NOTHING,
                default=default,
                attribute=a,
            )
        )
    return tuple(out)


# -- the converter ------------------------------------------------------------------------------


def _make_converter() -> Converter:
    conv = Converter(forbid_extra_keys=True, detailed_validation=True)

    # scalars (singledispatch: exact classes win over the predicate factories below)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Money, lambda m: m.pence)
    conv.register_structure_hook(Rate, _structure_rate)
    conv.register_unstructure_hook(Rate, lambda r: _unstructure_decimal(r.value))
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(FinancialYear, _structure_financial_year)
    conv.register_unstructure_hook(FinancialYear, lambda fy: fy.label)
    conv.register_structure_hook(YearMonth, _structure_year_month)
    conv.register_unstructure_hook(YearMonth, str)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum_factory
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _t: _enum_value
    )

    # records
    def structure_record_factory(tp: Any) -> Callable[[object, object], object]:
        fn = make_dict_structure_fn(tp, conv, **_overrides(tp))

        def structure(value: object, _: object) -> object:
            if not isinstance(value, dict):
                raise _ShapeError(f"expected an object, got {_describe(value)}")
            dups = getattr(value, "duplicate_keys", ())
            if not dups:
                return fn(value, tp)
            problems: list[Exception] = [_ShapeError(f"duplicate key '{k}'") for k in dups]
            try:
                fn(value, tp)
            except ClassValidationError as e:
                problems.extend(e.exceptions)
            raise ClassValidationError(f"While structuring {tp!r}", problems, tp)

        return structure

    def unstructure_record_factory(tp: Any) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = make_dict_unstructure_fn(tp, conv, **_overrides(tp))
        return fn

    conv.register_structure_hook_factory(is_record, structure_record_factory)
    conv.register_unstructure_hook_factory(is_record, unstructure_record_factory)

    # tuple[X, ...] <-> JSON array
    def structure_sequence_factory(tp: Any) -> Callable[[object, object], tuple[Any, ...]]:
        item_type = get_args(tp)[0]

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _ShapeError(f"expected an array, got {_describe(value)}")
            items: list[Any] = []
            problems: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    items.append(conv.structure(item, item_type))
                except Exception as e:  # every problem is reported, with its index
                    e.__notes__ = [
                        *getattr(e, "__notes__", []),
                        IterableValidationNote(f"Structuring {tp!r} @ index {i}", i, item_type),
                    ]
                    problems.append(e)
            if problems:
                raise IterableValidationError(f"While structuring {tp!r}", problems, tp)
            return tuple(items)

        return structure

    def unstructure_sequence_factory(tp: Any) -> Callable[[Any], list[Any]]:
        item_type = get_args(tp)[0]
        return lambda value: [conv.unstructure(item, unstructure_as=item_type) for item in value]

    conv.register_structure_hook_factory(is_sequence, structure_sequence_factory)
    conv.register_unstructure_hook_factory(is_sequence, unstructure_sequence_factory)

    # the purchasing-vehicle union, tagged by "kind"
    tag_of = {cls: tag for tag, cls in VEHICLE_TAGS.items()}
    accepted = ", ".join(json.dumps(t) for t in VEHICLE_TAGS)

    def structure_vehicle(value: object, _: object) -> object:
        if not isinstance(value, dict):
            raise _ShapeError(f"expected an object, got {_describe(value)}")
        if VEHICLE_TAG_KEY not in value:
            raise _ShapeError(
                f"missing required key '{VEHICLE_TAG_KEY}' (the kind of vehicle: {accepted})"
            )
        tag = value[VEHICLE_TAG_KEY]
        cls = VEHICLE_TAGS.get(tag) if isinstance(tag, str) else None
        if cls is None:
            raise _ShapeError(
                f"{_describe(tag)} is not a valid kind of purchasing vehicle;"
                f" expected one of {accepted}",
                key=VEHICLE_TAG_KEY,
            )
        body = JsonObject((k, v) for k, v in value.items() if k != VEHICLE_TAG_KEY)
        body.duplicate_keys = getattr(value, "duplicate_keys", ())
        return conv.structure(body, cls)

    def unstructure_vehicle(value: object) -> Any:
        return conv.unstructure(value, unstructure_as=type(value))

    def tagged(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        # a vehicle is always written with its tag first, whatever type it is unstructured as
        plain = unstructure_record_factory(cls)
        tag = tag_of[cls]
        return lambda value: {VEHICLE_TAG_KEY: tag, **plain(value)}

    conv.register_structure_hook_func(is_vehicle_union, structure_vehicle)
    conv.register_unstructure_hook_func(is_vehicle_union, unstructure_vehicle)
    for cls in VEHICLE_TAGS.values():
        conv.register_unstructure_hook(cls, tagged(cls))
    return conv


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _overrides(tp: Any) -> dict[str, Any]:
    return {f.name: override(rename=f.key) for f in json_fields(tp) if f.key != f.name}


#: The converter. Use it only through :mod:`slcp.io.json_document`.
converter: Final = _make_converter()


# -- the fast path -------------------------------------------------------------------------------
#
# cattrs' detailed validation wraps every field and array item in its own try/except so that
# every problem is found with its path, and the parser's duplicate-key hook runs in Python for
# every object; on a large, valid document that bookkeeping costs several times the parsing.
# A document is therefore read first by lean generated code that stops at the first doubt, and
# only a document it gives up on is read again, by the parser and converter above, which find
# and locate every problem exactly as before. The fast path calls the converter's own scalar
# hooks and the records' own constructors, so every check a hook or a record makes applies on
# both paths; it makes the record, array and union hooks' checks itself (an object with no
# duplicate or unknown keys and every required key, an array, a known vehicle tag). It parses
# objects as tuples of (key, value) pairs (arrays stay lists), so duplicate keys are seen by
# comparing each object's pairs with its keys.


class _DoubtError(Exception):
    """The fast path met something it does not vouch for: read the document carefully."""


_Fast = Callable[[object], Any]
_Hook = Callable[[object, Any], Any]


class _FastStructurer:
    """Generated structuring functions, one per type, built on first use.

    Scalars go through the converter's own hook, remembered per value during one read (a
    hook is a pure function of the JSON value, and documents repeat dates, codes and rates).
    """

    def __init__(self, conv: Converter) -> None:
        self._conv = conv
        self._made: dict[Any, _Fast] = {}
        self._bodies: dict[Any, _Fast] = {}
        self._scalars: dict[Any, tuple[_Hook, dict[object, object]]] = {}
        self._records: list[dict[object, object]] = []

    def forget(self) -> None:
        """Drop the values and records remembered while reading one document."""
        for _, memo in self._scalars.values():
            memo.clear()
        for memo in self._records:
            memo.clear()

    def for_type(self, tp: Any) -> _Fast:
        """The function reading a parsed JSON value as ``tp``; raises on any doubt."""
        made = self._made.get(tp)
        if made is None:
            # a stand-in while ``tp`` is built, so that a type that contains itself resolves
            self._made[tp] = lambda value: self._made[tp](value)  # noqa: PLW0108
            made = self._make(tp)
            self._made[tp] = made
        return made

    def _body(self, tp: Any) -> _Fast:
        # a record read from a dict already checked for duplicate keys
        self.for_type(tp)
        return self._bodies[tp]

    def _make(self, tp: Any) -> _Fast:
        inner = optional_inner(tp)
        if inner is not None:
            return _optional(self.for_type(inner))
        if is_sequence(tp):
            return _sequence(self.for_type(get_args(tp)[0]))
        if is_record(tp):
            return self._record(tp)
        if is_vehicle_union(tp):
            return _vehicle({tag: self._body(cls) for tag, cls in VEHICLE_TAGS.items()})
        hook, memo = self._scalar(tp)
        return _remembered(hook, tp, memo)

    def _scalar(self, tp: Any) -> tuple[_Hook, dict[object, object]]:
        # one memo per type, shared by every field of that type: a date met as one record's
        # start and another's review day is read once
        made = self._scalars.get(tp)
        if made is None:
            made = self._scalars[tp] = (_bounded(self._conv.get_structure_hook(tp)), {})
        return made

    def _record(self, tp: Any) -> _Fast:
        fields = json_fields(tp)
        namespace: dict[str, Any] = {
            "cls": get_origin(tp) or tp,
            "Doubt": _DoubtError,
            "keys": frozenset(f.key for f in fields),
            "n": len(fields),
        }
        # The functions' text. With every key present (as slcp writes them), each field is
        # read inline: a scalar through its hook, remembered per string or integer value (only
        # those: hashable, and never equal to each other, whereas True == 1); anything else
        # through its generated function. Otherwise each key present is read by its function
        # and defaults are left to the record.
        #
        # A record whose fields are all scalars, none of them a boolean, is remembered too,
        # per object as parsed (its key-value pairs): documents repeat periods, sources,
        # charging bases and fee components thousands of times, and a record is immutable.
        # An object equal to one read before is read the same unless a value of it differs
        # in type while equal in value (True == 1 == 1.0); no field takes a boolean or a
        # float, so an object met again holding either is doubted.
        lines = ["def structure(p):", "    if p.__class__ is not tuple:", "        raise Doubt"]
        if _rememberable(fields):
            memo: dict[object, object] = {}
            self._records.append(memo)
            namespace["rm"] = memo
            lines += [
                "    r = rm.get(p)",
                "    if r is not None:",
                "        for _, v in p:",
                "            if v.__class__ is bool or v.__class__ is float:",
                "                raise Doubt",
                "        return r",
                "    d = dict(p)",
                "    if len(d) != len(p):",
                "        raise Doubt",
                "    r = rm[p] = body(d)",
                "    return r",
            ]
        else:
            lines += [
                "    d = dict(p)",
                "    if len(d) != len(p):",
                "        raise Doubt",
                "    return body(d)",
            ]
        lines += [
            "def body(d):",
            "    if not keys.issuperset(d):",
            "        raise Doubt",
            "    if len(d) == n:",
        ]
        args = []
        for i, f in enumerate(fields):
            namespace[f"s{i}"] = self.for_type(f.type)
            inner = optional_inner(f.type)
            target = f.type if inner is None else inner
            if is_record(target) or is_sequence(target) or is_vehicle_union(target):
                lines.append(f"        x{i} = s{i}(d[{f.key!r}])")
            else:
                namespace[f"h{i}"], namespace[f"m{i}"] = self._scalar(target)
                namespace[f"t{i}"] = target
                lines.append(f"        v = d[{f.key!r}]")
                indent = "        "
                if inner is not None:
                    lines.append("        if v is None:")
                    lines.append(f"            x{i} = None")
                    lines.append("        else:")
                    indent += "    "
                lines.extend(
                    indent + line
                    for line in (
                        "if v.__class__ is str or v.__class__ is int:",
                        f"    x{i} = m{i}.get(v)",
                        f"    if x{i} is None:",
                        f"        x{i} = m{i}[v] = h{i}(v, t{i})",
                        "else:",
                        f"    x{i} = h{i}(v, t{i})",
                    )
                )
            args.append(f"{f.attribute.alias}=x{i}")
        lines.append(f"        return cls({', '.join(args)})")
        lines.append("    kw = {}")
        for i, f in enumerate(fields):
            lines.append(f"    if {f.key!r} in d:")
            lines.append(f"        kw[{f.attribute.alias!r}] = s{i}(d[{f.key!r}])")
            if f.required:
                lines.append("    else:")
                lines.append("        raise Doubt")
        lines.append("    return cls(**kw)")
        exec("\n".join(lines), namespace)  # code built from the record's field names only
        self._bodies[tp] = namespace["body"]
        made: _Fast = namespace["structure"]
        return made


def _rememberable(fields: Sequence[JsonField]) -> bool:
    """True when every field of a record is a scalar other than a boolean (see ``_record``)."""
    for f in fields:
        target = optional_inner(f.type) or f.type
        if is_record(target) or is_sequence(target) or is_vehicle_union(target) or target is bool:
            return False
    return True


def _bounded(hook: _Hook) -> _Hook:
    """``hook``, doubting any string or whole number beyond the limits of this read.

    Called only when a value is first met in a document (values are remembered), so the
    bounds cost one check per distinct value; the careful path then says where and why.
    """

    def read(value: object, tp: Any) -> Any:
        limits = _LIMITS.get()
        if value.__class__ is str:
            if len(value) > limits.max_string_chars:
                raise _DoubtError
        elif value.__class__ is int and abs(value) >= 10**limits.max_integer_digits:
            raise _DoubtError
        return hook(value, tp)

    return read


def _optional(structure: _Fast) -> _Fast:
    return lambda value: None if value is None else structure(value)


def _sequence(structure: _Fast) -> _Fast:
    def read(value: object) -> tuple[Any, ...]:
        if value.__class__ is not list:
            raise _DoubtError
        return tuple(map(structure, cast(list[object], value)))

    return read


def _vehicle(bodies: dict[str, _Fast]) -> _Fast:
    def read(value: object) -> Any:
        if value.__class__ is not tuple:
            raise _DoubtError
        pairs = cast(tuple[tuple[str, object], ...], value)
        d = dict(pairs)
        if len(d) != len(pairs):
            raise _DoubtError
        tag = d.pop(VEHICLE_TAG_KEY, None)
        if not isinstance(tag, str) or tag not in bodies:
            raise _DoubtError
        return bodies[tag](d)

    return read


def _remembered(hook: _Hook, tp: Any, memo: dict[object, object]) -> _Fast:
    def read(value: object) -> Any:
        if value.__class__ is str or value.__class__ is int:
            done = memo.get(value)
            if done is None:
                done = memo[value] = hook(value, tp)
            return done
        return hook(value, tp)

    return read


_fast = _FastStructurer(converter)


def load_fast(text: object, tp: type[Any], *, version: int) -> Any | None:
    """A valid document of ``version`` read as ``tp`` by the fast path, else ``None``.

    ``None`` means only that the fast path doubts: :func:`load_document` then reads the text
    carefully, which raises with every problem located. The cyclic garbage collector is
    paused while the records are built: they hold no cycles, and a collection every few
    thousand allocations would otherwise rescan all the records made so far.
    """
    if not isinstance(text, str) or len(text) > _LIMITS.get().max_file_bytes:
        return None
    paused = gc.isenabled()
    gc.disable()
    try:
        parsed = json.loads(text, object_pairs_hook=tuple)
        if parsed.__class__ is not tuple:
            return None
        rest = tuple(pair for pair in parsed if pair[0] != VERSION_KEY)
        found = dict(parsed).get(VERSION_KEY)
        if len(rest) != len(parsed) - 1 or found.__class__ is not int or found != version:
            return None
        return _fast.for_type(tp)(rest)
    except Exception:  # any doubt at all: the careful path decides, and says where
        return None
    finally:
        _fast.forget()
        if paused:
            gc.enable()


# -- error messages -----------------------------------------------------------------------------


def error_messages(exc: BaseException, path: str = "$") -> list[str]:
    """Every problem inside ``exc`` as ``"<what is wrong> @ <path>"``, in document order.

    Paths are JSONPath-like and use JSON keys, not attribute names:
    ``$.placements[3].fees.entries[0].value.core_pence``.
    """
    out: list[str] = []
    if isinstance(exc, IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, inote in with_notes:
            out.extend(error_messages(sub, f"{path}[{inote.index}]"))
        for sub in without:
            out.extend(error_messages(sub, path))
    elif isinstance(exc, ClassValidationError):
        fields = json_fields(exc.cl) if is_record(exc.cl) else ()
        keys = {f.name: f.key for f in fields}
        with_notes_c, without = exc.group_exceptions()
        for sub, cnote in with_notes_c:
            key = keys.get(cnote.name, cnote.name)
            if isinstance(sub, KeyError) and sub.args == (key,):
                out.append(f"missing required key '{key}' @ {path}")
            else:
                out.extend(error_messages(sub, f"{path}.{key}"))
        for sub in without:
            if isinstance(sub, ForbiddenExtraKeysError):
                out.extend(_unknown_keys(sub.extra_fields, keys.values(), path))
            elif isinstance(sub, SlcpError):
                out.append(_domain_message(sub, fields, path))
            else:
                out.extend(error_messages(sub, path))
    elif isinstance(exc, _ShapeError):
        where = f"{path}.{exc.key}" if exc.key else path
        out.append(f"{exc.message} @ {where}")
    elif isinstance(exc, SlcpError):
        out.append(_domain_message(exc, (), path))
    else:  # a defect, not bad input; still reported with its place rather than a traceback
        out.append(f"{type(exc).__name__}: {exc} @ {path}")
    return out


def _unknown_keys(extra: Iterable[str], accepted: Iterable[str], path: str) -> list[str]:
    accepted = list(accepted)
    out = []
    for key in sorted(extra):
        # money written under its plain name ("core" for "core_pence") is the likeliest slip
        money_key = key + MONEY_SUFFIX
        hint = [money_key] if money_key in accepted else difflib.get_close_matches(key, accepted, 1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        out.append(f"unknown key '{key}'{suggestion} @ {path}")
    return out


def _domain_message(exc: SlcpError, fields: Sequence[JsonField], path: str) -> str:
    """An invariant a record broke, at the record's path (or its field's, when it names one)."""
    parts = [exc.message]
    suffix = _field_path(exc.field, fields) if exc.field is not None else None
    if exc.field is not None and suffix is None:
        parts.append(f"field: {exc.field}")
    if exc.value is not None:
        parts.append(f"got: {_show(exc.value)}")
    if exc.expected is not None:
        parts.append(f"expected: {exc.expected}")
    return "; ".join(parts) + f" @ {path}{suffix or ''}"


_FIELD_SEGMENT = re.compile(r"(\w+)(?:\[(\d+)\])?")


def _field_path(field: str, fields: Sequence[JsonField]) -> str | None:
    """The JSON path below a record of the field a domain error names, when it has one.

    The name is followed through nested records and arrays, segment by segment: ``"core"``
    becomes ``".core_pence"``; ``"entries[1].effective"`` (an item of an array field) becomes
    ``".entries[1].effective"``; ``"thresholds.entries[0]"`` (an array inside a record field)
    becomes ``".thresholds.entries[0]"``. A name that is not a JSON location
    (``"fees[0].effective"``, where ``fees`` is an object, not an array) gives ``None``.
    """
    suffix = ""
    current: Sequence[JsonField] = fields
    for segment in field.split("."):
        m = _FIELD_SEGMENT.fullmatch(segment)
        found = {f.name: f for f in current}.get(m.group(1)) if m is not None else None
        if m is None or found is None:
            return None
        suffix += f".{found.key}"
        tp = optional_inner(found.type) or found.type
        if m.group(2) is not None:
            if not is_sequence(tp):
                return None
            suffix += f"[{m.group(2)}]"
            tp = get_args(tp)[0]
        current = json_fields(tp) if is_record(tp) else ()
    return suffix


def structure_checked(value: object, tp: type[Any], path: str = "$") -> tuple[Any, list[str]]:
    """Structure ``value`` as ``tp``; return the record, or ``None`` and every problem found."""
    try:
        return converter.structure(value, tp), []
    except Exception as e:  # every failure becomes messages with paths
        return None, error_messages(e, path)


def unstructure(value: object, tp: object) -> Any:
    """``value`` as JSON-ready Python data (dicts, lists, str, int, bool, None)."""
    return converter.unstructure(value, unstructure_as=tp)


def dump_text(data: object) -> str:
    """Canonical JSON text: two-space indent, UTF-8 characters as they are, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def parse_text(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON text keeping duplicate keys visible and NaN/Infinity refusable.

    An integer with more than ``limits.max_integer_digits`` digits is never converted: it
    is read as :class:`TooManyDigits` (:func:`bound_problems` reports it with its path).

    Raises:
        json.JSONDecodeError, RecursionError: as :func:`json.loads` does.
    """
    most = limits.max_integer_digits

    def parse_int(digits: str) -> int | TooManyDigits:
        length = len(digits) - digits.startswith("-")
        return TooManyDigits(length) if length > most else int(digits)

    return json.loads(
        text,
        object_pairs_hook=JsonObject.from_pairs,
        parse_constant=NonFinite,
        parse_int=parse_int,
    )


def bound_problems(data: object, limits: Limits = DEFAULT_LIMITS, path: str = "$") -> list[str]:
    """Every value of parsed JSON beyond ``limits``, as ``"<what> @ <path>"``, in order.

    Finds integers longer than ``max_integer_digits`` and strings (keys included) longer
    than ``max_string_chars``. Decimals written as strings are bounded when structured.
    """
    out: list[str] = []
    stack: list[tuple[object, str]] = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, TooManyDigits):
            out.append(
                f"a number has {value.digits:,} digits, more than the"
                f" {limits.max_integer_digits} slcp reads (Limits.max_integer_digits) @ {where}"
            )
        elif isinstance(value, str) and len(value) > limits.max_string_chars:
            if _DECIMAL.match(value):  # a decimal written out at length, not text
                digits = len(value) - value.count(".") - value.count("-")
                out.append(
                    f"a decimal number has {digits:,} digits, more than the"
                    f" {limits.max_decimal_digits} slcp reads (Limits.max_decimal_digits)"
                    f" @ {where}"
                )
            else:
                out.append(_long_string(len(value), limits, where))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                if len(key) > limits.max_string_chars:
                    out.append(_long_string(len(key), limits, where) + " (a key)")
                    continue
                stack.append((item, f"{where}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(value))))
    return out


def _long_string(length: int, limits: Limits, where: str) -> str:
    return (
        f"a string of {length:,} characters, more than the {limits.max_string_chars:,}"
        f" slcp reads (Limits.max_string_chars) @ {where}"
    )


def describe(value: object) -> str:
    """How a message shows a JSON value (``"the number 1.5"``, ``"an array"``)."""
    return _describe(value)


# -- versioned documents --------------------------------------------------------------------------


def document_text(value: object, tp: type[Any], *, version: int) -> str:
    """Canonical JSON text of ``value`` as ``tp``, ``schema_version`` (``version``) first."""
    return dump_text({VERSION_KEY: version, **unstructure(value, tp)})


def write_document_file(path: str | Path, text: str) -> None:
    """Write document text to ``path`` as UTF-8 with ``\\n`` line endings, atomically."""
    write_atomic(path, text)


def read_document_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a UTF-8 JSON file (a leading byte-order mark is allowed and dropped).

    Raises:
        LoadError: the file cannot be read, is not a regular file, is larger than
            ``limits.max_file_bytes`` or is not UTF-8; ``source`` is the path.
    """
    source = str(path)
    raw = read_bounded(path, limits)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LoadError(
            [f"the file is not UTF-8 text (byte {e.start} cannot be decoded) @ {source}"],
            source=source,
        ) from None


def parse_document(
    text: object, *, version: int, source: str | None, limits: Limits = DEFAULT_LIMITS
) -> tuple[JsonObject, list[str]]:
    """A document's JSON object without its ``schema_version``, and the problems found so far.

    A missing version is reported (and reading goes on, so every other problem is found too);
    the object returned keeps the duplicate keys the parser saw.

    Raises:
        LoadError: the text is not JSON, not an object, or of a version other than
            ``version`` (a document of another version cannot be read field by field), or
            holds values beyond ``limits`` (each reported with its path).
    """
    if not isinstance(text, str):
        raise LoadError([f"expected JSON text, got {type(text).__name__} @ $"], source=source)
    if len(text) > limits.max_file_bytes:
        raise LoadError(
            [
                f"the text holds {len(text):,} characters, more than the"
                f" {limits.max_file_bytes:,} slcp reads (Limits.max_file_bytes) @ $"
            ],
            source=source,
        )
    try:
        data = parse_text(text, limits)
    except json.JSONDecodeError as e:
        raise LoadError(
            [f"invalid JSON: {e.msg} @ line {e.lineno} column {e.colno}"], source=source
        ) from None
    except RecursionError:
        raise LoadError(["invalid JSON: nested too deeply @ $"], source=source) from None
    except ValueError:  # an integer with more digits than Python will convert
        raise LoadError(
            [f"invalid JSON: a number has more than {sys.get_int_max_str_digits()} digits @ $"],
            source=source,
        ) from None
    if not isinstance(data, dict):
        raise LoadError(
            [f"the document must be a JSON object, got {_describe(data)} @ $"], source=source
        )
    beyond = bound_problems(data, limits)
    if beyond:
        raise LoadError(beyond, source=source)
    messages: list[str] = []
    if VERSION_KEY not in data:
        messages.append(
            f"missing required key '{VERSION_KEY}' (this slcp reads version {version}) @ $"
        )
    else:
        found = data[VERSION_KEY]
        if isinstance(found, bool) or not isinstance(found, int):
            raise LoadError(
                [f"{VERSION_KEY} must be an integer, got {_describe(found)} @ $.{VERSION_KEY}"],
                source=source,
            )
        if found != version:
            raise LoadError(
                [
                    f"unsupported {VERSION_KEY} {found}; this slcp reads version"
                    f" {version} @ $.{VERSION_KEY}"
                ],
                source=source,
            )
    body = JsonObject((k, v) for k, v in data.items() if k != VERSION_KEY)
    body.duplicate_keys = getattr(data, "duplicate_keys", ())
    return body, messages


def load_document(
    text: object,
    tp: type[_D],
    *,
    version: int,
    source: str | None,
    limits: Limits = DEFAULT_LIMITS,
) -> _D:
    """Read the body of a document of ``version`` (everything but ``schema_version``) as ``tp``.

    Raises:
        LoadError: as :func:`parse_document` does; otherwise with every problem found at once
            (a missing version, unknown or missing keys, wrong types, broken invariants,
            decimals longer than ``limits.max_decimal_digits``).
    """
    # The fast path parses the text itself: a check of the text as a whole (its size, its
    # nesting) must come before it as well as in parse_document (decision 0104); the bounds
    # on each value are checked by its scalar hooks, under the same limits.
    token = _LIMITS.set(limits)
    try:
        fast = load_fast(text, tp, version=version)
        if fast is not None:
            return cast(_D, fast)
        body, messages = parse_document(text, version=version, source=source, limits=limits)
        value, problems = structure_checked(body, tp)
    finally:
        _LIMITS.reset(token)
    messages.extend(problems)
    if messages:
        raise LoadError(messages, source=source)
    return cast(_D, value)
