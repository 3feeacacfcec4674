"""Distance from home as a band, by a documented district → borough table (decision 1101).

slcp holds no coordinates: a child's location is a postcode district and a provider's is the
district of its vacancy. Distance is therefore a *band* decided exactly from two tables:

1. :data:`SOUTH_LONDON_DISTRICTS` — each South London borough's postcode districts (a district
   that straddles two boroughs is listed once, with the borough most of it lies in);
2. :data:`NEIGHBOURING_BOROUGHS` — which of the twelve boroughs share a boundary;

and one list, :data:`NEAR_LONDON_AREAS`, of the postcode areas of London and the areas around
it. No float, no geocoding, nothing that can drift between runs.
"""

from __future__ import annotations

import enum
import re
from typing import Final

from slcp.domain import GssCode
from slcp.domain.location import PostcodeDistrict

__all__ = [
    "NEAR_LONDON_AREAS",
    "NEIGHBOURING_BOROUGHS",
    "SOUTH_LONDON_DISTRICTS",
    "DistanceBand",
    "borough_of_district",
    "distance_band",
]

_BEXLEY, _BROMLEY, _CROYDON = GssCode("E09000004"), GssCode("E09000006"), GssCode("E09000008")
_GREENWICH, _KINGSTON = GssCode("E09000011"), GssCode("E09000021")
_LAMBETH, _LEWISHAM, _MERTON = GssCode("E09000022"), GssCode("E09000023"), GssCode("E09000024")
_RICHMOND, _SOUTHWARK = GssCode("E09000027"), GssCode("E09000028")
_SUTTON, _WANDSWORTH = GssCode("E09000029"), GssCode("E09000032")

#: Postcode districts of each South London borough (outward codes; one borough per district).
SOUTH_LONDON_DISTRICTS: Final[dict[GssCode, tuple[str, ...]]] = {
    _BEXLEY: ("DA5", "DA6", "DA7", "DA8", "DA14", "DA15", "DA16", "DA17", "DA18", "SE2"),
    _BROMLEY: ("BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7", "SE20"),
    _CROYDON: ("CR0", "CR2", "CR5", "CR7", "CR8", "SE19", "SE25", "SW16"),
    _GREENWICH: ("SE3", "SE7", "SE9", "SE10", "SE18", "SE28"),
    _KINGSTON: ("KT1", "KT2", "KT3", "KT5", "KT6", "KT9"),
    _LAMBETH: ("SE11", "SE24", "SE27", "SW2", "SW4", "SW8", "SW9"),
    _LEWISHAM: ("SE4", "SE6", "SE8", "SE12", "SE13", "SE14", "SE23", "SE26"),
    _MERTON: ("CR4", "SM4", "SW19", "SW20"),
    _RICHMOND: ("TW1", "TW2", "TW9", "TW10", "TW11", "TW12", "SW13", "SW14"),
    _SOUTHWARK: ("SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"),
    _SUTTON: ("SM1", "SM2", "SM3", "SM5", "SM6"),
    _WANDSWORTH: ("SW11", "SW12", "SW15", "SW17", "SW18"),
}

_PAIRS = (
    (_BEXLEY, _BROMLEY), (_BEXLEY, _GREENWICH),
    (_BROMLEY, _CROYDON), (_BROMLEY, _GREENWICH), (_BROMLEY, _LAMBETH),
    (_BROMLEY, _LEWISHAM), (_BROMLEY, _SOUTHWARK),
    (_CROYDON, _LAMBETH), (_CROYDON, _MERTON), (_CROYDON, _SOUTHWARK), (_CROYDON, _SUTTON),
    (_GREENWICH, _LEWISHAM),
    (_KINGSTON, _MERTON), (_KINGSTON, _RICHMOND), (_KINGSTON, _SUTTON), (_KINGSTON, _WANDSWORTH),
    (_LAMBETH, _MERTON), (_LAMBETH, _SOUTHWARK), (_LAMBETH, _WANDSWORTH),
    (_LEWISHAM, _SOUTHWARK),
    (_MERTON, _SUTTON), (_MERTON, _WANDSWORTH),
    (_RICHMOND, _WANDSWORTH),
)  # fmt: skip

#: Which South London boroughs share a boundary with which (symmetric; land boundaries only).
NEIGHBOURING_BOROUGHS: Final[dict[GssCode, frozenset[GssCode]]] = {
    b: frozenset(x for pair in _PAIRS if b in pair for x in pair if x != b)
    for b in SOUTH_LONDON_DISTRICTS
}

#: Postcode areas of London and of the areas around it: a district in one of them, outside
#: the twelve boroughs, is "near London".
NEAR_LONDON_AREAS: Final = frozenset(
    (
        "E", "EC", "N", "NW", "SE", "SW", "W", "WC",  # London's own areas
        "BR", "CR", "DA", "EN", "HA", "IG", "KT", "RM", "SM", "TW", "UB", "WD",  # outer London
        "AL", "CM", "GU", "HP", "ME", "RH", "SL", "SS", "TN",  # the home counties around it
    )
)  # fmt: skip

_BOROUGH_OF: Final[dict[str, GssCode]] = {
    d: b for b, districts in SOUTH_LONDON_DISTRICTS.items() for d in districts
}
_AREA = re.compile(r"^[A-Z]{1,2}")


class DistanceBand(enum.Enum):
    """How far a placement is from the child's home district, nearest first.

    Each band's ``rank`` is 0 (same district) to 5 (further away); the matcher scores distance
    as ``(5 − rank) ÷ 5``, exactly.
    """

    SAME_DISTRICT = "same_district"
    SAME_BOROUGH = "same_borough"
    NEIGHBOURING_BOROUGH = "neighbouring_borough"
    SOUTH_LONDON = "south_london"
    """In another of the twelve South London boroughs, not a neighbouring one."""
    NEAR_LONDON = "near_london"
    """Outside the twelve boroughs but in a London or home-counties postcode area."""
    FURTHER = "further"
    """Anywhere else, or a district the tables cannot place."""

    @property
    def rank(self) -> int:
        """0 for the same district up to 5 for further away."""
        return list(DistanceBand).index(self)


def borough_of_district(district: str) -> GssCode | None:
    """The South London borough a postcode district belongs to, or ``None``.

    >>> borough_of_district("CR0"), borough_of_district("SW16"), borough_of_district("RH1")
    ('E09000008', 'E09000008', None)
    """
    return _BOROUGH_OF.get(district)


def distance_band(home: PostcodeDistrict | str, placed: PostcodeDistrict | str) -> DistanceBand:
    """The band of ``placed`` seen from ``home`` (both postcode districts).

    Rules, first match wins: the same district; the same borough; neighbouring boroughs;
    both in South London; ``placed`` in a London or home-counties postcode area
    (:data:`NEAR_LONDON_AREAS`); further. A home outside the tables can only be the same
    district, near London or further.

    >>> distance_band("CR0", "CR0").value, distance_band("CR0", "CR7").value
    ('same_district', 'same_borough')
    >>> distance_band("CR0", "SM1").value, distance_band("CR0", "DA7").value
    ('neighbouring_borough', 'south_london')
    >>> distance_band("CR0", "RH1").value, distance_band("CR0", "B1").value
    ('near_london', 'further')
    """
    if home == placed:
        return DistanceBand.SAME_DISTRICT
    a, b = _BOROUGH_OF.get(home), _BOROUGH_OF.get(placed)
    if a is not None and b is not None:
        if a == b:
            return DistanceBand.SAME_BOROUGH
        if b in NEIGHBOURING_BOROUGHS[a]:
            return DistanceBand.NEIGHBOURING_BOROUGH
        return DistanceBand.SOUTH_LONDON
    area = _AREA.match(placed)
    if area is not None and area.group(0) in NEAR_LONDON_AREAS:
        return DistanceBand.NEAR_LONDON
    return DistanceBand.FURTHER
