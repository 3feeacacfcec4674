"""Formula neutralising: every text round-trips, and nothing written starts a formula."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from slcp.io.spreadsheet_safety import FORMULA_TRIGGERS, neutralise_formula, restore_formula

_texts = st.text(alphabet=st.sampled_from([*"=+-@\t\r'ab 1"]), max_size=6) | st.text()


@given(_texts)
@example("'")
@example("''=")
@example("'a")
def test_restore_undoes_neutralise_for_every_text(text: str) -> None:
    assert restore_formula(neutralise_formula(text)) == text


@given(_texts)
def test_nothing_written_begins_with_a_formula_trigger(text: str) -> None:
    written = neutralise_formula(text)
    assert not written or written[0] not in FORMULA_TRIGGERS
    # Only a risky or quoted text changes, and then by exactly one leading quote.
    if written != text:
        assert written == "'" + text
        assert text[0] in FORMULA_TRIGGERS or text[0] == "'"


def test_the_owasp_triggers_are_the_six_characters() -> None:
    assert {"=", "+", "-", "@", "\t", "\r"} == FORMULA_TRIGGERS
