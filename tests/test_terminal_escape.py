"""Text from files is printed with control characters escaped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from slcp.findings import Finding, Severity, escape_for_terminal


def test_escape_sequences_and_newlines_are_shown_not_sent() -> None:
    assert escape_for_terminal("Oak\x1b]0;pwned\x07 House") == "Oak\\x1b]0;pwned\\x07 House"
    assert escape_for_terminal("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert escape_for_terminal("\x9b31m\x7f") == "\\x9b31m\\x7f"  # C1 CSI and DEL
    assert escape_for_terminal("abc\u202edcba\u2066") == "abc\\u202edcba\\u2066"
    assert escape_for_terminal("Zoë Ørsted, £4,000 — ok") == "Zoë Ørsted, £4,000 — ok"


def test_a_finding_prints_on_one_safe_line() -> None:
    f = Finding(
        severity=Severity.ERROR,
        code="unknown-provider",
        message="provider 'P\x1b[2J' does not exist\nerror forged",
        subject_id="PL\r1",
    )
    assert str(f) == (
        "error unknown-provider [PL\\r1]: provider 'P\\x1b[2J' does not exist\\nerror forged"
    )


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    shown = escape_for_terminal(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not any(
        c in shown for c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
