"""The whole :class:`~slcp.domain.Programme` as one JSON document.

The document is a JSON object: ``schema_version`` first, then the programme's fields in the
order the model declares them (``docs/json-format.md`` shows one). Reading is strict and
reports every problem it can find in one pass; writing is canonical, so that for every
programme ``p`` and every document ``s`` written by slcp::

    loads_programme(dumps_programme(p)) == p
    dumps_programme(loads_programme(s)) == s

Canonical text: two-space indentation, keys in model order (never sorted), arrays in the
order the programme holds them, non-ASCII characters written as themselves (UTF-8), every
key written (nulls and defaults included), one final newline.

Imports :mod:`slcp.io._converter` and the domain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from slcp.domain import Programme
from slcp.io._converter import (
    document_text,
    load_document,
    read_document_file,
    write_document_file,
)
from slcp.io.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "SCHEMA_VERSION",
    "dump_programme",
    "dumps_programme",
    "load_programme",
    "loads_programme",
]

#: The version of the document format this slcp reads and writes.
SCHEMA_VERSION: Final = 1


def dumps_programme(programme: Programme) -> str:
    """The programme as canonical JSON text (see the module docstring), ending in a newline.

    Money is written as integer pence under keys ending ``_pence``; dates as ``YYYY-MM-DD``;
    date ranges as ``{"start": ..., "end": ...}``, half-open, ``end`` null while open.

    >>> from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode
    >>> croydon = SOUTH_LONDON_BOROUGHS[2]
    >>> p = Programme(name="Demo", host=croydon.gss_code, boroughs=(croydon,))
    >>> print(dumps_programme(p), end="")
    {
      "schema_version": 1,
      "name": "Demo",
      "host": "E09000008",
      "boroughs": [
        {
          "name": "Croydon",
          "gss_code": "E09000008",
          "dfe_code": "306"
        }
      ],
      "memberships": [],
      ...
      "episodes": []
    }
    """
    if not isinstance(programme, Programme):
        raise TypeError(f"expected a Programme, got {type(programme).__name__}")
    return document_text(programme, Programme, version=SCHEMA_VERSION)


def dump_programme(programme: Programme, path: str | Path) -> None:
    """Write :func:`dumps_programme` to ``path`` as UTF-8 with ``\\n`` line endings.

    The file is replaced atomically (:func:`slcp.io.atomic.write_atomic`): it is either the
    old file or the whole new one, never a partial write.
    """
    write_document_file(path, dumps_programme(programme))


def loads_programme(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Programme:
    """Read a programme from JSON text.

    Args:
        text: the JSON document.
        limits: the bounds applied (:class:`~slcp.io.limits.Limits`): digits of money and
            other integers, digits of decimals, length of strings, size of the text.

    Raises:
        LoadError: with one message per problem, each ending ``@ <path>``: invalid JSON (with
            line and column), a document that is not an object, a missing or unknown
            ``schema_version``, unknown or missing keys, values of the wrong type (floats,
            booleans or strings for money...), invariants a record breaks, and values
            beyond ``limits`` (a 4,001-digit fee, a 200 MB string).

    >>> loads_programme('{"schema_version": 1, "name": "Demo", "host": "E09000008",'
    ...                 ' "boroughs": [], "colour": "teal"}')
    Traceback (most recent call last):
    ...
    slcp.errors.LoadError: could not load document:
      unknown key 'colour' @ $
    """
    return _loads(text, source=None, limits=limits)


def load_programme(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Programme:
    """Read a programme from a UTF-8 JSON file (a leading byte-order mark is allowed).

    Raises:
        LoadError: the file cannot be read, is not a regular file, is larger than
            ``limits.max_file_bytes``, is not UTF-8, or :func:`loads_programme` fails;
            ``source`` is the path.
    """
    return _loads(read_document_file(path, limits), source=str(path), limits=limits)


def _loads(text: str, *, source: str | None, limits: Limits) -> Programme:
    return load_document(text, Programme, version=SCHEMA_VERSION, source=source, limits=limits)
