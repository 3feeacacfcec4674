"""Keyed pseudonyms (decision 0005): HMAC-SHA-256 test vectors, stability, and the command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from slcp.cli import main
from slcp.domain.child import check_child_ref
from slcp.errors import InvalidValueError, LoadError
from slcp.io.pseudonymise import (
    PSEUDONYM_HEX_DIGITS,
    PseudonymKey,
    pseudonym,
    pseudonymise_csv,
)

# RFC 4231 §4.7 (test case 6) and §4.8 (test case 7): key 0xaa repeated 131 times.
# HMAC-SHA-256 values as printed in the RFC; slcp keeps the first 20 hex digits.
RFC_KEY = PseudonymKey(secret=b"\xaa" * 131)
CASE_6 = "Test Using Larger Than Block-Size Key - Hash Key First"
CASE_6_HMAC = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
CASE_7 = (
    "This is a test using a larger than block-size key and a larger than block-size data."
    " The key needs to be hashed before being used by the HMAC algorithm."
)
CASE_7_HMAC = "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
KEY = PseudonymKey(secret=b"0123456789abcdef0123456789abcdef")


@pytest.mark.parametrize(("message", "mac"), [(CASE_6, CASE_6_HMAC), (CASE_7, CASE_7_HMAC)])
def test_rfc_4231_test_vectors(message: str, mac: str) -> None:
    assert PSEUDONYM_HEX_DIGITS == 20
    assert pseudonym(message, RFC_KEY) == mac[:20]


def test_the_same_child_gets_the_same_pseudonym_in_every_file() -> None:
    # stable across boroughs and returns: a function of the key and the reference only
    assert pseudonym("0042", KEY) == pseudonym(" 0042 ", KEY)
    assert pseudonym("0042", KEY) != pseudonym("42", KEY)  # leading zeros matter, as in 903
    assert pseudonym("0042", KEY) != pseudonym("0042", PseudonymKey(secret=b"x" * 32))


def test_a_pseudonym_is_a_valid_child_reference() -> None:
    ref = pseudonym("Jane.Smith", KEY)
    assert check_child_ref(ref) == ref
    assert len(ref) == 20
    assert set(ref) <= set("0123456789abcdef")


def test_keys_are_never_shown_and_never_short() -> None:
    assert "0123" not in repr(KEY)
    with pytest.raises(InvalidValueError, match="at least 32 bytes"):
        PseudonymKey(secret=b"k" * 31)
    with pytest.raises(InvalidValueError, match="SLCP_KEY holding the key is not set"):
        PseudonymKey.from_environment("SLCP_KEY", {})
    assert PseudonymKey.from_environment("K", {"K": "k" * 32}).secret == b"k" * 32


def test_a_key_file_loses_its_final_line_ending(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_bytes(b"0123456789abcdef0123456789abcdef\r\n")
    assert PseudonymKey.from_file(path) == KEY


def test_only_the_child_column_changes() -> None:
    table = pseudonymise_csv(
        b'CHILD,DECOM,RNE\r\n0042,01/04/2019,S\r\n"0043","02/04/2019",P\r\n,03/04/2019,T\r\n',
        column="CHILD",
        key=KEY,
    )
    first, second = pseudonym("0042", KEY), pseudonym("0043", KEY)
    assert table.text == (
        f"CHILD,DECOM,RNE\r\n{first},01/04/2019,S\r\n{second},02/04/2019,P\r\n,03/04/2019,T\r\n"
    )
    assert table.rows == 2


def test_a_missing_column_is_refused() -> None:
    with pytest.raises(LoadError) as info:
        pseudonymise_csv(b"child,DECOM\n1,2\n", column="CHILD", key=KEY)
    assert info.value.messages == ("the column CHILD is not in the header @ table.csv row 1",)


# -- the command --------------------------------------------------------------------------------


def test_slcp_pseudonymise_an_ssda903_table(tmp_path: Path) -> None:
    (tmp_path / "secret").mkdir()
    key_file = tmp_path / "secret" / "key"
    key_file.write_text("0123456789abcdef0123456789abcdef\n")
    episodes = tmp_path / "episodes.csv"
    episodes.write_text("CHILD,DECOM\n0042,01/04/2019\n")
    out = tmp_path / "episodes-pseudonymised.csv"
    args = ["pseudonymise", str(episodes), "--kind", "ssda903", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 1 reference(s) in column CHILD replaced\n"
    assert out.read_text() == f"CHILD,DECOM\n{pseudonym('0042', KEY)},01/04/2019\n"
    # the same through an environment variable
    again = CliRunner(env={"SLCP_KEY": "0123456789abcdef0123456789abcdef"}).invoke(
        main, [*args, "--key-env", "SLCP_KEY"]
    )
    assert again.exit_code == 0
    assert out.read_text() == f"CHILD,DECOM\n{pseudonym('0042', KEY)},01/04/2019\n"


def test_the_key_must_be_given_and_kept_apart_from_the_data(tmp_path: Path) -> None:
    episodes = tmp_path / "episodes.csv"
    episodes.write_text("CHILD,DECOM\n0042,01/04/2019\n")
    key_file = tmp_path / "key"
    key_file.write_text("0123456789abcdef0123456789abcdef\n")
    args = ["pseudonymise", str(episodes), "--kind", "ssda903", "--out", str(tmp_path / "o.csv")]
    no_key = CliRunner().invoke(main, args)
    assert no_key.exit_code == 2
    assert "give the key with --key-file or --key-env (there is no default)" in no_key.stderr
    beside = CliRunner().invoke(main, [*args, "--key-file", str(key_file)])
    assert beside.exit_code == 2
    assert beside.stderr == (
        "slcp: the key file is in the folder the output is written to; keep the key apart "
        f"from the data; field: key-file; got: '{key_file}'\n"
    )
    assert not (tmp_path / "o.csv").exists()
    short = CliRunner(env={"K": "short"}).invoke(main, [*args, "--key-env", "K"])
    assert short.exit_code == 2
    assert short.stderr.startswith("slcp: a pseudonymisation key must have at least 32 bytes")
    assert sorted(os.listdir(tmp_path)) == ["episodes.csv", "key"]  # nothing written
