"""The error hierarchy every slcp failure belongs to.

Every error is an :class:`SlcpError` *and* the builtin a caller would naturally catch
(``ValueError`` for a bad value, ``LookupError`` for a missing one), and carries the
field, the offending value and the accepted form so a message can be acted on.

This module imports nothing from slcp; every other module may import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "AllocationError",
    "FloatRefusedError",
    "InvalidValueError",
    "LoadError",
    "ParameterNotFoundError",
    "PeriodError",
    "SlcpError",
    "UnknownReferenceError",
]


class SlcpError(Exception):
    """Base class of every error slcp raises on purpose.

    Args:
        message: what is wrong, in words a finance officer can act on.
        field: the name of the field or parameter at fault, if there is one.
        value: the offending value (its ``repr`` is shown).
        expected: the accepted form, e.g. ``"a string such as '1234.56'"``.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(self._render())

    def _render(self) -> str:
        parts = [self.message]
        if self.field is not None:
            parts.append(f"field: {self.field}")
        if self.value is not None:
            parts.append(f"got: {_shown(self.value)}")
        if self.expected is not None:
            parts.append(f"expected: {self.expected}")
        return "; ".join(parts)


def _shown(value: object) -> str:
    # a date as a user writes it ('2014-03-31'), never Python's datetime.date(2014, 3, 31)
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    return repr(value)


class InvalidValueError(SlcpError, ValueError):
    """A value breaks an invariant (negative fee, malformed code, reversed dates...)."""


class FloatRefusedError(InvalidValueError, TypeError):
    """A binary float was offered where exact money or an exact rate is required.

    Floats cannot hold 0.1 exactly, so slcp refuses them wherever money or rates enter;
    pass a ``str`` (``"1234.56"``), a ``decimal.Decimal`` or an ``int`` instead.
    """


class AllocationError(InvalidValueError):
    """An allocation was asked for with no, negative or zero-sum weights."""


class PeriodError(InvalidValueError):
    """A date range, financial year or timeline is malformed or used outside its bounds."""


class ParameterNotFoundError(SlcpError, LookupError):
    """No value of an effective-dated parameter is in force on the date asked for.

    slcp never substitutes zero for a missing rate, cap or threshold.
    """


class UnknownReferenceError(SlcpError, LookupError):
    """An id (borough, provider, placement, lot...) names nothing that exists."""


class LoadError(SlcpError, ValueError):
    """A file or document could not be loaded.

    Attributes:
        messages: every problem found, each ending with the location it refers to, e.g.
            ``"weekly fee must be an integer of pence @ $.placements[3].fees[0].core_pence"``
            or ``"unparseable date '31/02/2019' @ episodes.csv row 7 column DECOM"``.
    """

    def __init__(self, messages: Sequence[str], *, source: str | None = None) -> None:
        self.messages: tuple[str, ...] = tuple(messages) or ("could not load",)
        self.source = source
        head = f"could not load {source}" if source else "could not load document"
        super().__init__(head + ":\n  " + "\n  ".join(self.messages))

    def _render(self) -> str:
        return self.message
