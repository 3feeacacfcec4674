"""The JSON report on the embedded sample, pinned.

``tests/data/golden/`` holds the JSON report for 2018/19 and 2019/20 as it stood when the
report's figures had been re-derived independently. The report may gain keys (the JSON is a
contract: add, don't break), so the check is that every key and value in the golden file is
still present and equal in today's report. A golden file changes only in a commit that says
which fix moved which figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main

GOLDEN = Path(__file__).parent.parent / "data" / "golden"


def _differences(golden: object, actual: object, path: str = "$") -> list[str]:
    """Paths at which ``actual`` lacks or changes a value of ``golden``."""
    if isinstance(golden, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {type(actual).__name__}"]
        out: list[str] = []
        for key, value in golden.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out.extend(_differences(value, actual[key], f"{path}.{key}"))
        return out
    if isinstance(golden, list):
        if not isinstance(actual, list) or len(actual) != len(golden):
            return [f"{path}: expected a list of {len(golden)}"]
        return [
            d
            for i, (g, a) in enumerate(zip(golden, actual, strict=True))
            for d in _differences(g, a, f"{path}[{i}]")
        ]
    if golden != actual or type(golden) is not type(actual):
        return [f"{path}: expected {golden!r}, got {actual!r}"]
    return []


def test_differences_finds_a_changed_a_missing_and_a_shortened_value() -> None:
    golden = {"a": 1, "b": [1, 2], "c": {"d": "x"}}
    actual = {"a": 2, "b": [1], "c": {}, "e": "added keys are allowed"}
    assert _differences(golden, actual) == [
        "$.a: expected 1, got 2",
        "$.b: expected a list of 2",
        "$.c.d: missing",
    ]
    assert _differences(golden, {**golden, "new": 0}) == []


@pytest.mark.parametrize(
    ("year", "name"), [("2019/20", "report-2019-20.json"), ("2018/19", "report-2018-19.json")]
)
def test_report_on_the_sample_keeps_every_golden_figure(year: str, name: str) -> None:
    result = CliRunner().invoke(main, ["report", "--format", "json", "--year", year])
    assert result.exit_code == 0, result.output
    golden = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    differences = _differences(golden, json.loads(result.output))
    assert differences == [], "\n".join(differences[:20])
