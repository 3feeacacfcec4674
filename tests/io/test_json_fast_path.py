"""The fast path of the JSON reader never decides alone: a document it reads, it reads exactly
as the careful path does; anything else it leaves to the careful path, which reports it.

The careful path is the reference (the converter with detailed validation, whose messages
tests/io/test_json_errors.py pins); these properties plant edits anywhere in a document —
another JSON value, a key removed, an unknown or duplicated key — and compare the two.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.domain import Programme
from slcp.io import dumps_programme, loads_programme
from slcp.io._converter import load_fast, parse_document, structure_checked
from slcp.io.json_document import SCHEMA_VERSION
from tests.io.test_json_examples import small_programme
from tests.strategies import programmes


def _careful(text: str) -> tuple[Programme | None, list[str]]:
    """The careful path alone: the parser that sees duplicate keys, then detailed validation."""
    try:
        body, messages = parse_document(text, version=SCHEMA_VERSION, source=None)
    except Exception as e:  # a LoadError before structuring: the document is refused
        return None, [str(e)]
    value, problems = structure_checked(body, Programme)
    messages.extend(problems)
    return (None, messages) if messages else (value, [])


@given(programmes(with_agreements=True))
@settings(max_examples=25)
def test_the_fast_path_reads_valid_documents_as_the_careful_path_does(p: Programme) -> None:
    text = dumps_programme(p)
    fast = load_fast(text, Programme, version=SCHEMA_VERSION)
    assert fast == p
    assert _careful(text) == (p, [])


# -- documents with a planted edit --------------------------------------------------------------


class _Object(list[list[Any]]):
    """A JSON object as a list of [key, value] pairs, so keys can repeat."""


def _pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return _Object([[k, _pairs(v)] for k, v in value.items()])
    if isinstance(value, list):
        return [_pairs(v) for v in value]
    return value


def _render(value: Any) -> str:
    if isinstance(value, _Object):
        return "{" + ", ".join(f"{json.dumps(k)}: {_render(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _objects(value: Any) -> list[_Object]:
    found: list[_Object] = []
    if isinstance(value, _Object):
        found.append(value)
        for _, v in value:
            found.extend(_objects(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(_objects(v))
    return found


_SMALL = _pairs(json.loads(dumps_programme(small_programme())))
_COUNT = len(_objects(_SMALL))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["", "2019-04-01", "2019-02-30", "2019/20", "0.035", "1E-3", "E09000008", "\ud800x"]
    )
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)

edits = st.one_of(
    st.tuples(st.just("set"), st.integers(min_value=0), json_values),
    st.tuples(st.just("drop"), st.integers(min_value=0), st.none()),
    st.tuples(st.just("repeat"), st.integers(min_value=0), json_values),
    st.tuples(
        st.just("add"), st.sampled_from(["colour", "id", "core", "kind", "end"]), json_values
    ),
)


@given(st.integers(min_value=0), st.lists(edits, min_size=1, max_size=3))
@example(0, [("set", 0, 2)])  # schema_version 2
@example(0, [("set", 0, True)])  # schema_version true, which equals 1 in Python
@example(5, [("repeat", 0, None)])
@example(7, [("drop", 0, None)])
@example(3, [("add", "kind", "framework")])
@example(114361886, [("set", 114361886, None), ("set", 0, None)])  # an object becomes null
def test_an_edited_document_is_read_by_the_fast_path_only_when_it_is_valid(
    where: int, changes: list[tuple[str, Any, Any]]
) -> None:
    doc = _pairs(json.loads(_render(_SMALL)))
    for i, change in enumerate(changes):
        # An earlier edit may have replaced an object by a scalar, so count what is left.
        objects = _objects(doc)
        if not objects:
            break
        target = objects[(where + i) % len(objects)]
        kind, at, value = change
        if kind == "add":
            target.append([at, value])
        elif target:
            pair = target[at % len(target)]
            if kind == "set":
                pair[1] = value
            elif kind == "drop":
                target.remove(pair)
            else:
                target.append([pair[0], value])
    text = _render(doc)
    fast = load_fast(text, Programme, version=SCHEMA_VERSION)
    careful, messages = _careful(text)
    if fast is not None:
        # the fast path vouched for it: the careful path agrees, value for value
        assert messages == []
        assert fast == careful
    # and loads_programme gives the careful path's verdict either way
    if careful is not None:
        assert loads_programme(text) == careful


def test_a_repeated_key_is_never_read_by_the_fast_path() -> None:
    # the same value twice (nothing would change) is still a duplicate key, refused
    text = _render(_SMALL).replace('"name": ', '"name": "Demo", "name": ', 1)
    assert load_fast(text, Programme, version=SCHEMA_VERSION) is None
    assert _careful(text)[1] == ["duplicate key 'name' @ $"]


def test_a_document_with_keys_left_out_is_read_with_their_defaults() -> None:
    # keys of fields with defaults may be left out; the fast path fills them as the careful
    # path does (from the record's own defaults)
    data = json.loads(dumps_programme(small_programme()))
    for p in data["placements"]:
        p.pop("funding")
        p.pop("charging")
    text = json.dumps(data)
    fast = load_fast(text, Programme, version=SCHEMA_VERSION)
    assert fast is not None
    assert fast == _careful(text)[0]


# -- records met again -------------------------------------------------------------------------


def _repeated_objects(doc: Any) -> list[tuple[_Object, _Object]]:
    """Pairs (first, later) of equal objects holding only scalars, in document order."""
    first: dict[str, _Object] = {}
    pairs = []
    for obj in _objects(doc):
        if any(isinstance(v, list) for _, v in obj):
            continue
        text = _render(obj)
        if text in first:
            pairs.append((first[text], obj))
        else:
            first[text] = obj
    return pairs


def test_the_small_document_repeats_fee_components_with_zero_pence() -> None:
    # the cases below need a record met twice holding whole numbers, 0 among them:
    # the small programme's fee components {400000, 0, 0, 0} appear twice
    later = [obj for _, obj in _repeated_objects(_SMALL)]
    fees = [obj for obj in later if obj[0][0] == "core_pence"]
    assert fees == [
        [
            ["core_pence", 400000],
            ["additional_support_pence", 0],
            ["education_pence", 0],
            ["other_pence", 0],
        ]
    ]


@given(st.data())
@settings(max_examples=40)
def test_a_record_met_again_with_a_number_of_another_type_is_refused(data: st.DataObject) -> None:
    # A record read once is remembered and returned for an equal object met later. In
    # Python 0 == False == 0.0 and 400000 == 400000.0, so an object that differs from one
    # met before only in the type of a number compares equal to it; it must still be refused
    # (a boolean or a float is never money), by the fast path doubting and the careful path
    # saying where.
    doc = _pairs(json.loads(_render(_SMALL)))
    candidates = [
        (later, i)
        for _, later in _repeated_objects(doc)
        for i, (_, v) in enumerate(later)
        if type(v) is int
    ]
    later, i = data.draw(st.sampled_from(candidates))
    value = later[i][1]
    options = [float(value)] + ([bool(value)] if value in (0, 1) else [])
    later[i][1] = data.draw(st.sampled_from(options))
    text = _render(doc)
    assert load_fast(text, Programme, version=SCHEMA_VERSION) is None
    careful, messages = _careful(text)
    assert careful is None
    kind = "a boolean" if type(later[i][1]) is bool else "a float"
    assert len(messages) == 1
    assert messages[0].startswith(f"money must be an integer of pence, not {kind} (got ")
    assert messages[0].endswith(f".{later[i][0]}")  # the later object's field, not the first's
