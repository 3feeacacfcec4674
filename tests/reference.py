"""Facts from ``shared/REFERENCE.md`` that several tests check against, written out once."""

from __future__ import annotations

__all__ = ["SOUTH_LONDON_CODES"]

#: REFERENCE §2: the twelve South London boroughs with their ONS (GSS) and DfE LA codes.
SOUTH_LONDON_CODES: dict[str, tuple[str, str]] = {
    "Bexley": ("E09000004", "303"),
    "Bromley": ("E09000006", "305"),
    "Croydon": ("E09000008", "306"),
    "Greenwich": ("E09000011", "203"),
    "Kingston upon Thames": ("E09000021", "314"),
    "Lambeth": ("E09000022", "208"),
    "Lewisham": ("E09000023", "209"),
    "Merton": ("E09000024", "315"),
    "Richmond upon Thames": ("E09000027", "318"),
    "Southwark": ("E09000028", "210"),
    "Sutton": ("E09000029", "319"),
    "Wandsworth": ("E09000032", "212"),
}
