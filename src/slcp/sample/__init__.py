"""The embedded South London sample programme (placeholder: boroughs only)."""

from __future__ import annotations

from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode, Programme

__all__ = ["south_london"]


def south_london() -> Programme:
    """The South London Commissioning Programme (placeholder until the sample lands)."""
    return Programme(
        name="South London Commissioning Programme",
        host=GssCode("E09000008"),
        boroughs=SOUTH_LONDON_BOROUGHS,
    )
