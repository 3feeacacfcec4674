"""The bounds every slcp reader applies to what it is offered, in one record.

A file a council loads may be wrong, huge or hostile. Each reader refuses input beyond
these bounds with a located :class:`~slcp.errors.LoadError` or a finding, before the work
(or the memory) the input would otherwise take. The defaults are generous for real data —
the largest programme a partnership of every English council could hold is far inside them —
and each can be changed by passing another :class:`Limits` to a reader. Decision 0900 and
``docs/limits.md`` give the figures' reasons.

Imports nothing from slcp but :mod:`slcp.errors`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, Final

import attrs

from slcp.errors import InvalidValueError, LoadError

__all__ = ["DEFAULT_LIMITS", "Limits", "read_at_most", "read_bounded"]


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"{attribute.name} must be a whole number >= 1",
            field=attribute.name,
            value=value,
            expected="an int >= 1",
        )


@attrs.frozen(kw_only=True)
class Limits:
    """How much of any one input slcp will read.

    Attributes:
        max_file_bytes: the largest file read, in bytes (inclusive); a larger file is
            refused before it is read, and so is anything that is not a regular file
            (``/dev/zero``, a pipe, a directory). Default 256 MiB.
        max_integer_digits: most digits in a whole number, sign not counted (inclusive):
            money in pence in JSON and CSV and every other count. Default 15, which holds
            £9,999,999,999,999.99 in pence.
        max_decimal_digits: most digits in an exact decimal (a rate, a measure), both sides
            of the point together, sign and point not counted (inclusive). Default 30.
        max_string_chars: the longest text value, in characters (inclusive). Default 10,000.
        max_findings_per_code: findings of one code kept from one file (inclusive); later
            ones are counted in one summary finding of the same code and severity.
            Default 100.
        max_rows: most data rows read from one CSV table, header not counted (inclusive);
            rows past it are not read and an error finding says so. Default 1,000,000.

    >>> Limits().max_integer_digits, Limits(max_rows=10).max_rows
    (15, 10)
    >>> Limits(max_rows=0)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: max_rows must be a whole number >= 1...
    """

    max_file_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    max_integer_digits: int = attrs.field(default=15, validator=_positive)
    max_decimal_digits: int = attrs.field(default=30, validator=_positive)
    max_string_chars: int = attrs.field(default=10_000, validator=_positive)
    max_findings_per_code: int = attrs.field(default=100, validator=_positive)
    max_rows: int = attrs.field(default=1_000_000, validator=_positive)


#: The bounds readers apply when given none.
DEFAULT_LIMITS: Final = Limits()


def read_bounded(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of the regular file at ``path``, refused when larger than the limit.

    The size is checked before reading, and reading stops one byte past the limit, so a
    file that grows while it is read (or lies about its size) is refused too.

    Raises:
        LoadError: the file cannot be opened, is not a regular file (a device such as
            ``/dev/zero``, a pipe, a folder) or holds more than ``limits.max_file_bytes``
            bytes; the message ends ``@ <path>``.

    >>> read_bounded("/dev/zero")
    Traceback (most recent call last):
    ...
    slcp.errors.LoadError: could not load /dev/zero:
      not a regular file (a device, pipe or folder); slcp reads only files @ /dev/zero
    """
    source = str(path)
    shown = source if len(source) <= 200 else source[:199] + "…"

    def refuse(reason: str) -> LoadError:
        return LoadError([f"{reason} @ {shown}"], source=shown)

    limit = limits.max_file_bytes
    try:
        # checked before opening too: opening a pipe would wait for a writer
        regular = stat.S_ISREG(os.stat(path).st_mode)
        if regular:
            with Path(path).open("rb") as f:
                info = os.fstat(f.fileno())
                regular = stat.S_ISREG(info.st_mode)
                size = info.st_size
                data = read_at_most(f, size, limit) if regular and size <= limit else b""
    except OSError as e:
        raise refuse(f"cannot read the file: {e.strerror or e}") from None
    except ValueError as e:  # a NUL byte in the path
        raise refuse(f"cannot read the file: {e}") from None
    if not regular:
        raise refuse("not a regular file (a device, pipe or folder); slcp reads only files")
    if size > limit or len(data) > limit:
        raise refuse(_too_large(max(size, len(data)), limit))
    return data


def read_at_most(file: BinaryIO, size: int, limit: int) -> bytes:
    """The rest of an open file, reading at most ``limit + 1`` bytes.

    ``size`` is what ``stat`` said the file holds: one read of that size (plus one byte, to
    notice a file that grew) allocates only what the file needs — a single
    ``read(limit + 1)`` would reserve the whole limit up front. A file that grew is read
    on in 1 MiB pieces until it ends or passes the limit.
    """
    data = file.read(min(size, limit) + 1)
    if len(data) <= size:
        return data
    grown = bytearray(data)
    while len(grown) <= limit:
        piece = file.read(min(1 << 20, limit + 1 - len(grown)))
        if not piece:
            break
        grown += piece
    return bytes(grown)


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file holds {size:,} bytes, more than the {limit:,} slcp reads (Limits.max_file_bytes)"
    )
