"""Findings: the problems whole-dataset validation reports, all at once.

A :class:`Finding` is a value, not an exception: validators return a tuple of them so a
council sees every problem in one run. Imports only :mod:`slcp.errors`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

import attrs

__all__ = ["Finding", "Severity", "count_by_code", "escape_for_terminal", "has_errors"]

# C0 controls (ESC among them), DEL, C1 controls (CSI among them), the line and paragraph
# separators, and the bidirectional overrides and isolates ("Trojan Source", CVE-2021-42574)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": r"\n", "\r": r"\r", "\t": r"\t"}


def escape_for_terminal(text: str) -> str:
    r"""``text`` safe to print on one terminal line: control characters written as escapes.

    Names, ids and messages come from files anyone may have written; a raw escape sequence
    could recolour, move the cursor or retitle the window, and a newline could forge a line
    of output. Each control character, the line separators and the bidirectional-override
    characters are shown as a Python-style escape (``\x1b``, ``\n``, ``\u202e``); every
    other character, non-ASCII letters included, is kept.

    >>> print(escape_for_terminal("Oak House \x1b[31mred\x1b[0m"))
    Oak House \x1b[31mred\x1b[0m
    >>> print(escape_for_terminal("a\nb\tc\u202e"), escape_for_terminal("Zoë, £4,000"))
    a\nb\tc\u202e Zoë, £4,000
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    if c in _NAMED:
        return _NAMED[c]
    return f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}"


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

    ``str`` escapes control characters (:func:`escape_for_terminal`), so a finding prints
    as one safe line whatever text the data held.
    """

    severity: Severity
    code: str
    message: str
    subject_id: str
    location: str = ""

    def __str__(self) -> str:
        where = f" @ {self.location}" if self.location else ""
        return escape_for_terminal(
            f"{self.severity.value} {self.code} [{self.subject_id}]: {self.message}{where}"
        )


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
