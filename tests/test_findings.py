"""Findings: values that whole-dataset checks return, never raise."""

from __future__ import annotations

import attrs
import pytest

from slcp.findings import Finding, Severity, count_by_code, has_errors


def _f(severity: Severity, code: str = "c", subject: str = "S1") -> Finding:
    return Finding(severity=severity, code=code, message="m", subject_id=subject)


def test_str_with_and_without_location() -> None:
    f = Finding(
        severity=Severity.WARNING,
        code="fee-above-price-band",
        message="too dear",
        subject_id="PL-1",
        location="$.placements[0].fees",
    )
    assert str(f) == "warning fee-above-price-band [PL-1]: too dear @ $.placements[0].fees"
    assert str(attrs.evolve(f, location="")) == "warning fee-above-price-band [PL-1]: too dear"


def test_findings_are_frozen_values() -> None:
    f = _f(Severity.INFO)
    assert f == _f(Severity.INFO)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        f.code = "x"  # type: ignore[misc]


def test_has_errors_only_for_error_severity() -> None:
    assert not has_errors([])
    assert not has_errors([_f(Severity.WARNING), _f(Severity.INFO)])
    assert has_errors([_f(Severity.INFO), _f(Severity.ERROR)])
    assert has_errors(iter([_f(Severity.ERROR)]))


def test_count_by_code_sorted() -> None:
    counts = count_by_code(
        [_f(Severity.ERROR, "b"), _f(Severity.INFO, "a"), _f(Severity.ERROR, "b")]
    )
    assert counts == {"a": 1, "b": 2}
    assert list(counts) == ["a", "b"]
    assert count_by_code([]) == {}


def test_severity_values_are_stable_strings() -> None:
    assert [s.value for s in Severity] == ["error", "warning", "info"]
