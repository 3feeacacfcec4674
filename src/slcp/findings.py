"""Findings: the problems whole-dataset validation reports, all at once.

A :class:`Finding` is a value, not an exception: validators return a tuple of them so a
council sees every problem in one run. Imports only :mod:`slcp.errors`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = ["Finding", "Severity", "count_by_code", "has_errors"]


class Severity(enum.Enum):
    """How serious a finding is.

    ``ERROR`` makes the data unusable for the calculation it feeds (``slcp validate`` exits
    1); ``WARNING`` is worth a look but computation proceeds; ``INFO`` is a note.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a dataset.

    Attributes:
        severity: how serious it is.
        code: a stable machine-readable code, e.g. ``"unknown-provider"``.
        message: a sentence saying what is wrong and why.
        subject_id: the id of the record at fault (placement id, provider id, ``"row 7"``).
        location: where in the input it sits, e.g. ``"$.placements[3]"`` or
            ``"episodes.csv row 7 column DECOM"``; empty when not tied to a place in a file.

    >>> f = Finding(severity=Severity.ERROR, code="unknown-provider",
    ...             message="provider 'P9' does not exist", subject_id="PL1")
    >>> str(f)
    "error unknown-provider [PL1]: provider 'P9' does not exist"
    """

    severity: Severity
    code: str
    message: str
    subject_id: str
    location: str = ""

    def __str__(self) -> str:
        where = f" @ {self.location}" if self.location else ""
        return f"{self.severity.value} {self.code} [{self.subject_id}]: {self.message}{where}"


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding has severity ``ERROR``."""
    return any(f.severity is Severity.ERROR for f in findings)


def count_by_code(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per code, keys sorted alphabetically.

    >>> count_by_code([
    ...     Finding(severity=Severity.ERROR, code="b", message="", subject_id="1"),
    ...     Finding(severity=Severity.ERROR, code="a", message="", subject_id="2"),
    ...     Finding(severity=Severity.WARNING, code="b", message="", subject_id="3"),
    ... ])
    {'a': 1, 'b': 2}
    """
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return dict(sorted(counts.items()))
