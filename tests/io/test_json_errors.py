"""Bad documents: every problem is a LoadError message ending in the JSON path it refers to."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from slcp.errors import LoadError
from slcp.io import dumps_programme, load_programme, loads_programme
from tests.io.test_json_examples import small_programme

Doc = dict[str, Any]

FEE = "$.placements[1].fees.entries[0].value"


def _doc() -> Doc:
    data: Doc = json.loads(dumps_programme(small_programme()))
    return data


def _messages(text: str) -> tuple[str, ...]:
    with pytest.raises(LoadError) as caught:
        loads_programme(text)
    return caught.value.messages


def _messages_after(edit: Callable[[Doc], object]) -> tuple[str, ...]:
    doc = copy.deepcopy(_doc())
    edit(doc)
    return _messages(json.dumps(doc))


def _fee(doc: Doc) -> Doc:
    value: Doc = doc["placements"][1]["fees"]["entries"][0]["value"]
    return value


# -- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            4000.5,
            "money must be an integer of pence, not a float (got 4000.5; £4,000.50 is 400050)",
        ),
        (
            385050.0,  # whole, but still a float: refused, never truncated
            "money must be an integer of pence, not a float (got 385050.0; £4,000.50 is 400050)",
        ),
        (
            "3850.50",
            'money must be an integer of pence, not a string (got "3850.50"; £4,000.50 is 400050)',
        ),
        (True, "money must be an integer of pence, not a boolean (got true; £4,000.50 is 400050)"),
        (None, "money must be an integer of pence, got null"),
        ({"pence": 1}, "money must be an integer of pence, got an object"),
    ],
)
def test_money_must_be_integer_pence(value: object, message: str) -> None:
    messages = _messages_after(lambda d: _fee(d).update(core_pence=value))
    assert messages == (f"{message} @ {FEE}.core_pence",)


def test_a_negative_fee_is_refused_by_the_record_at_its_key() -> None:
    messages = _messages_after(lambda d: _fee(d).update(education_pence=-1))
    assert messages == (
        "weekly fee must be non-negative; got: '-£0.01'; expected: >= £0.00"
        f" @ {FEE}.education_pence",
    )


def test_money_is_refused_under_its_plain_name() -> None:
    def rename(d: Doc) -> None:
        fee = _fee(d)
        fee["core"] = fee.pop("core_pence")

    assert _messages_after(rename) == (
        f"missing required key 'core_pence' @ {FEE}",
        f"unknown key 'core' (did you mean 'core_pence'?) @ {FEE}",
    )


# -- keys -----------------------------------------------------------------------------------


def test_unknown_key() -> None:
    assert _messages_after(lambda d: d["providers"][1].update(colour="teal")) == (
        "unknown key 'colour' @ $.providers[1]",
    )


def test_unknown_keys_are_listed_in_alphabetical_order_with_a_suggestion() -> None:
    assert _messages_after(lambda d: d["children"][0].update(zeta=1, reff="C1")) == (
        "unknown key 'reff' (did you mean 'ref'?) @ $.children[0]",
        "unknown key 'zeta' @ $.children[0]",
    )


def test_unknown_top_level_key() -> None:
    assert _messages_after(lambda d: d.update(notes="draft")) == ("unknown key 'notes' @ $",)


def test_missing_required_key() -> None:
    assert _messages_after(lambda d: d["placements"][0]["period"].pop("start")) == (
        "missing required key 'start' @ $.placements[0].period",
    )


def test_missing_top_level_key() -> None:
    assert _messages_after(lambda d: d.pop("boroughs")) == ("missing required key 'boroughs' @ $",)


def test_duplicate_keys_are_refused_not_silently_overwritten() -> None:
    text = dumps_programme(small_programme())
    doubled = text.replace('"places": 4,', '"places": 4, "places": 5,')
    assert _messages(doubled) == ("duplicate key 'places' @ $.vehicles[2]",)


# -- types and forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["placements"][0]["period"].update(start="2019-02-29"),
            'no such date: the string "2019-02-29" @ $.placements[0].period.start',
        ),
        (
            lambda d: d["placements"][0]["period"].update(start="02/03/2020"),
            'expected a date as "YYYY-MM-DD", got the string "02/03/2020"'
            " @ $.placements[0].period.start",
        ),
        (
            lambda d: d["budgets"][0].update(financial_year="2019-20"),
            'expected a financial year such as "2019/20" (consecutive years),'
            ' got the string "2019-20" @ $.budgets[0].financial_year',
        ),
        (
            lambda d: d["budgets"][0].update(financial_year="2019/21"),
            'expected a financial year such as "2019/20" (consecutive years),'
            ' got the string "2019/21" @ $.budgets[0].financial_year',
        ),
        (
            lambda d: d["budgets"][0].update(financial_year=2019),
            'expected a financial year such as "2019/20" (consecutive years),'
            " got the integer 2019 @ $.budgets[0].financial_year",
        ),
        (
            lambda d: d["children"][0].update(month_of_birth="2008-13"),
            'month must be 1-12, got the string "2008-13" @ $.children[0].month_of_birth',
        ),
        (
            lambda d: d["children"][0].update(month_of_birth="2008-03-27"),
            'expected a year and month such as "2008-03", got the string "2008-03-27"'
            " @ $.children[0].month_of_birth",
        ),
        (
            lambda d: d["uplift_rounds"][0]["requests"][0].update(requested=0.035),
            'a rate must be a decimal number written as a string such as "0.035",'
            " got the number 0.035 @ $.uplift_rounds[0].requests[0].requested",
        ),
        (
            lambda d: d["uplift_rounds"][0]["requests"][0].update(requested="3.5e-2"),
            'a rate must be a decimal number written as a string such as "0.035",'
            ' got the string "3.5e-2" @ $.uplift_rounds[0].requests[0].requested',
        ),
        (
            lambda d: d["agreements"][0]["outcomes"][0].update(baseline=72.5),
            'an exact number must be a decimal number written as a string such as "0.035",'
            " got the number 72.5 @ $.agreements[0].outcomes[0].baseline",
        ),
        (
            lambda d: d["placements"][0].update(workstream="LAC"),
            'the string "LAC" is not a valid workstream; expected one of "send", "lac"'
            " @ $.placements[0].workstream",
        ),
        (
            lambda d: d["providers"][0]["ofsted"]["entries"][0].update(value="Good"),
            'the string "Good" is not a valid ofsted rating; expected one of "outstanding", "good",'
            ' "requires_improvement", "inadequate" @ $.providers[0].ofsted.entries[0].value',
        ),
        (
            lambda d: d["vehicles"][0].update(initial_term_years="4"),
            'expected an integer, got the string "4" @ $.vehicles[0].initial_term_years',
        ),
        (
            lambda d: d["vehicles"][2].update(places=4.0),
            "expected an integer, got the number 4.0 @ $.vehicles[2].places",
        ),
        (
            lambda d: d["savings"][0].update(derived="false"),
            'expected true or false, got the string "false" @ $.savings[0].derived',
        ),
        (
            lambda d: d["savings"][0].update(derived=0),
            "expected true or false, got the integer 0 @ $.savings[0].derived",
        ),
        (
            lambda d: d["boroughs"][0].update(dfe_code=306),
            "expected a string, got the integer 306 @ $.boroughs[0].dfe_code",
        ),
        (
            lambda d: d.update(boroughs="Croydon"),
            'expected an array, got the string "Croydon" @ $.boroughs',
        ),
        (
            lambda d: d["boroughs"].__setitem__(1, ["Merton"]),
            "expected an object, got an array @ $.boroughs[1]",
        ),
        (
            lambda d: d["placements"][0].update(route=None),
            "expected an object, got null @ $.placements[0].route",
        ),
    ],
)
def test_wrong_types_and_forms(edit: Callable[[Doc], object], message: str) -> None:
    assert _messages_after(edit) == (message,)


# -- the vehicle tag ------------------------------------------------------------------------


def test_a_vehicle_without_its_kind() -> None:
    assert _messages_after(lambda d: d["vehicles"][1].pop("kind")) == (
        "missing required key 'kind' (the kind of vehicle:"
        ' "framework", "dps", "block_contract") @ $.vehicles[1]',
    )


def test_a_vehicle_of_an_unknown_kind() -> None:
    assert _messages_after(lambda d: d["vehicles"][1].update(kind="dynamic_market")) == (
        'the string "dynamic_market" is not a valid kind of purchasing vehicle;'
        ' expected one of "framework", "dps", "block_contract" @ $.vehicles[1].kind',
    )


def test_a_vehicle_is_read_by_its_tag_so_fields_of_another_kind_are_unknown() -> None:
    # a DPS has no initial term; "framework" fields on it are unknown keys
    assert _messages_after(lambda d: d["vehicles"][1].update(initial_term_years=4)) == (
        "unknown key 'initial_term_years' @ $.vehicles[1]",
    )


# -- invariants of the records ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["placements"][0]["period"].update(end="2020-03-01"),
            'a range cannot end before it starts; got: "2020-03-01";'
            " expected: on or after start 2020-03-02 (half-open [start, end))"
            " @ $.placements[0].period.end",
        ),
        (
            lambda d: d["boroughs"][0].update(gss_code="E07000001"),
            "not an English local-authority GSS code; got: 'E07000001';"
            " expected: E06, E08, E09 or E10 followed by six digits, e.g. 'E09000008'"
            " @ $.boroughs[0].gss_code",
        ),
        (
            lambda d: d["providers"][0]["ofsted"]["entries"][1].update(effective="2018-05-14"),
            "timeline entries must take effect on strictly increasing dates;"
            ' got: "2018-05-14"; expected: after 2018-05-14'
            " @ $.providers[0].ofsted.entries[1].effective",
        ),
        (
            lambda d: d["placements"][1]["funding"].update(health="0.5"),
            "funding shares must sum to exactly 1 and none may be negative; field: funding;"
            " got: ('0%', '60%', '50%') @ $.placements[1].funding",
        ),
        (
            lambda d: d["placements"][0]["route"].update(vehicle=None),
            "a framework_call_off route must name its vehicle;"
            " expected: the id of a framework, DPS or block contract"
            " @ $.placements[0].route.vehicle",
        ),
        (
            lambda d: d["placements"][0]["fees"]["entries"][0].update(effective="2020-03-01"),
            "the fee history must start on the placement's start date (no gap);"
            ' field: fees[0].effective; got: "2020-03-01"; expected: 2020-03-02'
            " @ $.placements[0]",
        ),
        (
            lambda d: d["uplift_rounds"][0]["requests"][0].update(requested="1.5"),
            "an uplift rate must be above -100% and at most 100%; got: '150%';"
            " expected: a Rate such as Rate.of('0.025') for 2.5%"
            " @ $.uplift_rounds[0].requests[0].requested",
        ),
        (
            lambda d: d["children"][0].update(ref="Jane Smith"),
            "a child reference must be pseudonymous; field: child; got: 'Jane Smith';"
            " expected: 1-64 letters, digits, '.', '-' or '_' with no spaces @ $.children[0]",
        ),
        (
            lambda d: d["children"][1].update(home_district="CR0 1AB"),
            "a location must be a postcode district, never a full postcode; field: location;"
            " got: 'CR0 1AB'; expected: an outward code such as 'CR0' or 'SE15'"
            " @ $.children[1]",
        ),
    ],
)
def test_record_invariants_are_reported_at_the_record(
    edit: Callable[[Doc], object], message: str
) -> None:
    assert _messages_after(edit) == (message,)


# -- every problem in one pass ----------------------------------------------------------------


def test_every_problem_is_reported_at_once_in_document_order() -> None:
    def break_three_things(d: Doc) -> None:
        d["placements"][2]["fees"]["entries"][0]["value"]["core_pence"] = 1.5
        d["providers"][0]["colour"] = "teal"
        d["boroughs"][3].pop("name")
        d["episodes"][0]["period"]["start"] = "yesterday"

    assert _messages_after(break_three_things) == (
        "missing required key 'name' @ $.boroughs[3]",
        "unknown key 'colour' @ $.providers[0]",
        "money must be an integer of pence, not a float (got 1.5; £4,000.50 is 400050)"
        " @ $.placements[2].fees.entries[0].value.core_pence",
        'expected a date as "YYYY-MM-DD", got the string "yesterday" @ $.episodes[0].period.start',
    )


# -- the document as a whole --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid JSON: Expecting value @ line 1 column 1"),
        (
            '{"schema_version": 1,\n  "name" "x"}',
            "invalid JSON: Expecting ':' delimiter @ line 2 column 10",
        ),
        ('{"schema_version": 1}  {}', "invalid JSON: Extra data @ line 1 column 24"),
        ("[]", "the document must be a JSON object, got an array @ $"),
        ('"programme"', 'the document must be a JSON object, got the string "programme" @ $'),
        ("null", "the document must be a JSON object, got null @ $"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply @ $"),
        (
            '{"schema_version": 2}',
            "unsupported schema_version 2; this slcp reads version 1 @ $.schema_version",
        ),
        (
            '{"schema_version": "1"}',
            'schema_version must be an integer, got the string "1" @ $.schema_version',
        ),
        (
            '{"schema_version": 1.0}',
            "schema_version must be an integer, got the number 1.0 @ $.schema_version",
        ),
    ],
)
def test_unreadable_documents(text: str, message: str) -> None:
    assert _messages(text) == (message,)


def test_a_missing_schema_version_is_reported_with_the_other_problems() -> None:
    assert _messages('{"name": "Demo", "host": "E09000008", "boroughs": {}}') == (
        "missing required key 'schema_version' (this slcp reads version 1) @ $",
        "expected an array, got an object @ $.boroughs",
    )


def test_nan_and_infinity_are_not_json_numbers() -> None:
    text = dumps_programme(small_programme()).replace('"core_pence": 385050', '"core_pence": NaN')
    assert _messages(text) == (f"money must be an integer of pence, got NaN @ {FEE}.core_pence",)


def test_a_huge_integer_is_refused_without_a_traceback() -> None:
    # past Python's own 4,300-digit conversion limit, and never converted: refused by length
    (message,) = _messages('{"schema_version": ' + "9" * 5000 + "}")
    assert message == (
        "a number has 5,000 digits, more than the 15 slcp reads (Limits.max_integer_digits)"
        " @ $.schema_version"
    )


def test_an_unpaired_surrogate_is_refused() -> None:
    text = dumps_programme(small_programme()).replace("Riverside School", "Riverside \\ud800")
    assert _messages(text) == (
        "the string contains an unpaired UTF-16 surrogate @ $.providers[1].name",
    )


def test_the_load_error_names_its_source_and_lists_the_messages(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"schema_version": 1, "name": "Demo", "host": "E09000008"}', "utf-8")
    with pytest.raises(LoadError) as caught:
        load_programme(path)
    assert caught.value.source == str(path)
    assert caught.value.messages == ("missing required key 'boroughs' @ $",)
    assert str(caught.value) == f"could not load {path}:\n  missing required key 'boroughs' @ $"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "£"}'.encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        load_programme(path)
    assert caught.value.messages == (
        f"the file is not UTF-8 text (byte 10 cannot be decoded) @ {path}",
    )


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(LoadError) as caught:
        load_programme(path)
    assert caught.value.messages == (f"cannot read the file: No such file or directory @ {path}",)


def test_load_error_is_a_value_error_for_callers_that_catch_builtins() -> None:
    with pytest.raises(ValueError, match="could not load document"):
        loads_programme("{}")
