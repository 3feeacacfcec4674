"""Keyed pseudonyms for child references, so boroughs can link records without sharing ids.

A pseudonym is the HMAC-SHA-256 (RFC 2104, FIPS 198-1) of the child's reference under a
secret key, written as its first :data:`PSEUDONYM_HEX_DIGITS` lower-case hex digits. The
same reference under the same key always gives the same pseudonym — across boroughs,
returns and years — so records about one child still link; without the key no one can
compute a pseudonym from a reference, nor test a guess (unlike a plain hash, which anyone
can compute for every plausible id). Decision 0005.

The key:

* comes from a key file or an environment variable, never from slcp itself: there is no
  default key, and a key shorter than :data:`MIN_KEY_BYTES` bytes is refused;
* is never written with the data: nothing slcp writes contains it, and ``slcp pseudonymise``
  refuses a key file kept in the same folder as the files it writes;
* is held by the partnership (one key for every borough that must link records) and rotated
  only with a planned re-linking, since a new key gives every child a new pseudonym.

Tables are rewritten as CSV text, cell by cell: only the child-reference column changes,
every other cell keeps its value (see :func:`pseudonymise_csv`).

Imports the domain (child references) and the CSV engine's decoding.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs

from slcp.domain.child import ChildRef
from slcp.errors import InvalidValueError, LoadError
from slcp.io._csv_engine import CsvSource, decode_source
from slcp.io.limits import DEFAULT_LIMITS, Limits, read_bounded

__all__ = [
    "CHILD_COLUMNS",
    "MIN_KEY_BYTES",
    "PSEUDONYM_HEX_DIGITS",
    "PseudonymKey",
    "PseudonymisedTable",
    "pseudonym",
    "pseudonymise_csv",
]

#: The fewest bytes a key may have: SHA-256's output size, as RFC 2104 §3 advises.
MIN_KEY_BYTES: Final = 32
#: Hex digits kept of the HMAC (80 bits): among a million children the chance that any two
#: share a pseudonym is about 1 in 2.4 million million (n² / 2⁸¹).
PSEUDONYM_HEX_DIGITS: Final = 20
#: The child-reference column of each kind of table slcp pseudonymises.
CHILD_COLUMNS: Final[Mapping[str, str]] = {
    "ssda903": "CHILD",
    "pds": "childId",
    "csv": "child_ref",
}


@attrs.frozen(kw_only=True, repr=False)
class PseudonymKey:
    """A secret pseudonymisation key (its ``repr`` never shows the secret).

    Attributes:
        secret: the key's bytes, at least :data:`MIN_KEY_BYTES` long.

    >>> PseudonymKey(secret=b"short")
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: a pseudonymisation key must have at least 32 bytes...
    >>> PseudonymKey(secret=b"k" * 32)
    PseudonymKey(<secret>)
    """

    secret: bytes = attrs.field()

    @secret.validator
    def _check(self, _attribute: object, value: bytes) -> None:
        if not isinstance(value, bytes) or len(value) < MIN_KEY_BYTES:
            raise InvalidValueError(
                f"a pseudonymisation key must have at least {MIN_KEY_BYTES} bytes",
                field="key",
                expected="e.g. 64 hex digits from: python -c 'import secrets; "
                "print(secrets.token_hex(32))'",
            )

    def __repr__(self) -> str:
        return "PseudonymKey(<secret>)"

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> PseudonymKey:
        """The key held in a file: its bytes, less one final line ending.

        Raises:
            LoadError: the file cannot be read or is not a regular file.
            InvalidValueError: the key is too short.
        """
        data = read_bounded(path, Limits(max_file_bytes=64 * 1024))
        for ending in (b"\r\n", b"\n"):
            if data.endswith(ending):
                data = data[: -len(ending)]
                break
        return cls(secret=data)

    @classmethod
    def from_environment(cls, variable: str, environ: Mapping[str, str]) -> PseudonymKey:
        """The key held in environment variable ``variable`` of ``environ`` (UTF-8 bytes).

        Raises:
            InvalidValueError: the variable is not set, or the key is too short.
        """
        value = environ.get(variable)
        if not value:
            raise InvalidValueError(
                f"the environment variable {variable} holding the key is not set",
                field="key",
                value=variable,
            )
        return cls(secret=value.encode("utf-8"))


def pseudonym(reference: str, key: PseudonymKey) -> ChildRef:
    """The pseudonym of a child reference under ``key``.

    The reference is taken exactly as given after removing surrounding spaces (so
    ``"0042"`` and ``"42"`` differ, as their SSDA903 ids do), encoded as UTF-8; the result
    is the first :data:`PSEUDONYM_HEX_DIGITS` lower-case hex digits of
    HMAC-SHA-256(key, reference).

    Raises:
        InvalidValueError: the reference is blank.

    >>> key = PseudonymKey(secret=b"\\xaa" * 131)   # RFC 4231 test case 6
    >>> pseudonym("Test Using Larger Than Block-Size Key - Hash Key First", key)
    '60e431591ee0b67f0d8a'
    """
    text = reference.strip()
    if not text:
        raise InvalidValueError("a blank child reference has no pseudonym", field="child")
    digest = hmac.new(key.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return ChildRef(digest[:PSEUDONYM_HEX_DIGITS])


@attrs.frozen(kw_only=True)
class PseudonymisedTable:
    """A CSV table with its child references replaced.

    Attributes:
        text: the CSV text; every cell but the child references holds what it held (a
            cell may be quoted differently, as Python's CSV writer quotes).
        column: the column replaced.
        rows: how many data rows had a reference replaced (blank cells are left blank).
    """

    text: str
    column: str
    rows: int


def pseudonymise_csv(
    source: CsvSource,
    *,
    column: str,
    key: PseudonymKey,
    limits: Limits = DEFAULT_LIMITS,
) -> PseudonymisedTable:
    """Replace every reference in one column of a CSV table by its pseudonym.

    The text is handled as CSV cells, not as records: no other cell is parsed or changed,
    so any SSDA903 table (Header, Episodes, UASC, OC2...) or any slcp or Placements Data
    Standard table can be pseudonymised before it leaves the borough. Lines end ``\\r\\n``
    when the first line of the input did, ``\\n`` otherwise.

    Args:
        source: a path or the file's bytes (UTF-8, a byte-order mark allowed).
        column: the header of the child-reference column (e.g. ``CHILD``, ``childId``).
        key: the partnership's key.
        limits: the size bound applied to the file.

    Raises:
        LoadError: the file cannot be read as UTF-8 CSV, has no such column, or has the
            column twice.

    >>> key = PseudonymKey(secret=b"\\xaa" * 131)
    >>> out = pseudonymise_csv(b"CHILD,DECOM\\n0042,01/04/2019\\n,02/04/2019\\n",
    ...                        column="CHILD", key=key)
    >>> print(out.text, end=""); out.rows
    CHILD,DECOM
    ...,01/04/2019
    ,02/04/2019
    1
    """
    default_name = "table.csv"
    if isinstance(source, str | os.PathLike):
        default_name = Path(source).name or default_name
        source = read_bounded(Path(source), limits)
    text, name = decode_source(source, default_name=default_name)
    first_line = text.split("\n", 1)[0]
    ending = "\r\n" if first_line.endswith("\r") else "\n"
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    try:
        header = next(reader, None)
        if header is None:
            raise LoadError([f"the file is empty; expected a header with {column} @ {name}"])
        names = [h.strip() for h in header]
        if names.count(column) != 1:
            problem = "is not in the header" if column not in names else "appears twice"
            raise LoadError([f"the column {column} {problem} @ {name} row 1"], source=name)
        at = names.index(column)
        writer.writerow(header)
        replaced = 0
        for record in reader:
            if at < len(record) and record[at].strip():
                record[at] = pseudonym(record[at], key)
                replaced += 1
            writer.writerow(record)
    except csv.Error as e:
        raise LoadError(
            [f"the CSV cannot be split into cells ({e}) @ {name} row {reader.line_num}"],
            source=name,
        ) from None
    return PseudonymisedTable(text=out.getvalue(), column=column, rows=replaced)
