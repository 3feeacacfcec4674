"""``slcp sample --out x.json && slcp validate x.json``, and what validate says when x.json
is broken.

Exit status: 0 when the file loads and has no error findings, 2 when it cannot be loaded (the
LoadError messages go to stderr, each naming the JSON path at fault).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from slcp.cli import main
from slcp.io import dumps_programme
from slcp.sample import south_london
from tests.io.test_json_examples import small_programme

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample written once by ``slcp sample --out``."""
    path = tmp_path_factory.mktemp("sample") / "x.json"
    result = CliRunner().invoke(main, ["sample", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {path}\n"
    return path


@pytest.fixture
def sample_doc(sample_file: Path) -> Doc:
    """The sample file parsed afresh, for a test to edit."""
    data: Doc = json.loads(sample_file.read_text(encoding="utf-8"))
    return data


def _validate(path: Path) -> Result:
    return CliRunner().invoke(main, ["validate", str(path)])


def _write(tmp_path: Path, doc: Doc) -> Path:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_sample_file_is_the_canonical_document(sample_file: Path) -> None:
    assert sample_file.read_text(encoding="utf-8") == dumps_programme(south_london())


def test_sample_then_validate_exits_0(sample_file: Path) -> None:
    result = _validate(sample_file)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(" 0 error(s)\n")
    assert result.stderr == ""


def test_a_fee_edited_to_a_float_exits_2_naming_its_path(sample_doc: Doc, tmp_path: Path) -> None:
    assert sample_doc["placements"], "the sample has placements"
    fee = sample_doc["placements"][0]["fees"]["entries"][0]["value"]
    fee["core_pence"] = fee["core_pence"] + 0.5
    path = _write(tmp_path, sample_doc)
    result = _validate(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"slcp: cannot load {path}:",
        "  money must be an integer of pence, not a float"
        f" (got {fee['core_pence']!r}; £4,000.50 is 400050)"
        " @ $.placements[0].fees.entries[0].value.core_pence",
    ]


def test_an_unknown_key_exits_2_naming_its_path(sample_doc: Doc, tmp_path: Path) -> None:
    sample_doc["providers"][2]["colour"] = "teal"
    path = _write(tmp_path, sample_doc)
    result = _validate(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"slcp: cannot load {path}:",
        "  unknown key 'colour' @ $.providers[2]",
    ]


# -- smaller documents for the other ways a file can be unloadable ------------------------------


def _small_doc() -> Doc:
    data: Doc = json.loads(dumps_programme(small_programme()))
    return data


def test_a_small_programme_validates(tmp_path: Path) -> None:
    result = _validate(_write(tmp_path, _small_doc()))
    assert result.exit_code == 0, result.output


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    doc = _small_doc()
    doc["providers"][1]["colour"] = "teal"
    doc["boroughs"][0].pop("dfe_code")
    doc["placements"][2]["period"]["start"] = "2021-02-30"
    result = _validate(_write(tmp_path, doc))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        "  missing required key 'dfe_code' @ $.boroughs[0]",
        "  unknown key 'colour' @ $.providers[1]",
        '  no such date: the string "2021-02-30" @ $.placements[2].period.start',
    ]


def test_a_truncated_file_exits_2_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{\n  "schema_version": 1,\n  "name": "South Lo', encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "  invalid JSON: Unterminated string starting at @ line 3 column 11"
    )


def test_an_unknown_schema_version_exits_2(tmp_path: Path) -> None:
    result = _validate(_write(tmp_path, {**_small_doc(), "schema_version": 99}))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "  unsupported schema_version 99; this slcp reads version 1 @ $.schema_version"
    )
