"""The embedded sample's registered places: a synthetic supply table for the sufficiency gap.

The sample programme records providers and placements but no registered places, so the
report's sufficiency gap (decision 1111) would have nothing to compare on the sample. This
module derives a registered places table from the sample's own providers by one fixed rule,
nothing drawn at random:

- **Which providers, which group.** Every provider with children's home placements is
  registered for ``residential`` places and every provider with independent fostering
  placements for ``fostering`` places (one row per provider and group). Schools, SEND
  placements and positive intervention are not care places of the demand model's groups and
  are left out.
- **Places.** The most of the programme's placements of that group with the provider
  running on any one day (periods half-open: a placement ending on a day frees its place for
  one starting that day): its peak occupancy, standing in for its registered places.
- **Near which borough.** The borough (:func:`~slcp.market.borough_of_district`) of the
  postcode district most of those placements are in (ties: the first district in order);
  when that district is outside South London, the borough that made most of the placements
  (ties: the lowest GSS code).

Every row's ``source`` says it is synthetic. The report uses the table only for the embedded
sample when no registered places are given.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import repeat
from operator import sub
from typing import TypeVar

from slcp.demand import PlacementGroup, RegisteredPlaces
from slcp.domain import GssCode, Placement, Programme, ServiceKind
from slcp.market import borough_of_district

__all__ = ["SAMPLE_PLACES_SOURCE", "sample_registered_places"]

#: The ``source`` of every row of :func:`sample_registered_places`.
SAMPLE_PLACES_SOURCE = (
    "synthetic: the provider's peak placements in the sample programme (decision 1111)"
)

_GROUPS = (PlacementGroup.RESIDENTIAL, PlacementGroup.FOSTERING)
_Key = TypeVar("_Key", bound=str)


def _most_common(counts: Counter[_Key]) -> _Key:
    # the most frequent key, ties to the first in order
    most = max(counts.values())
    return min(k for k, n in counts.items() if n == most)


def peak_running(placements: Iterable[Placement]) -> int:
    """The most of ``placements`` running on any one day (half-open periods).

    The peak is reached on some placement's first day: the placements started on or before
    it less those ended on or before it.
    """
    periods = [p.period for p in placements]
    starts = sorted([r.start for r in periods])
    ends = sorted([e for r in periods if (e := r.end) is not None])
    # the i-th start (from 1) has i started and bisect_right(ends, day) ended by then;
    # looped by map in C, no Python frame per placement
    ended = map(bisect_right, repeat(ends), starts)
    return max(map(sub, range(1, len(starts) + 1), ended), default=0)


def _near(placements: list[Placement]) -> GssCode:
    districts = Counter([p.location for p in placements if p.location is not None])
    if districts:
        borough = borough_of_district(_most_common(districts))
        if borough is not None:
            return borough
    return GssCode(_most_common(Counter([p.borough for p in placements])))


def sample_registered_places(programme: Programme) -> tuple[RegisteredPlaces, ...]:
    """Synthetic registered places for ``programme`` (the embedded sample, normally), by a
    fixed rule (decision 1111; ``docs/market.md``), in provider id order, residential before
    fostering.

    One row per provider and placement group: ``residential`` for a provider with children's
    home placements, ``fostering`` for one with independent fostering placements (no other
    kind of placement counts). Its places (whole places) are the most of those placements
    running on any one day, periods half-open; it is near the borough of the postcode
    district most of them are in (ties: the first district in order) or, when that district
    is outside South London, of the borough that made most of them (ties: the lowest GSS
    code). :func:`~slcp.report.build_report` uses the table for the embedded sample when no
    registered places are given.

    Returns:
        The rows, each with ``source`` saying it is synthetic (the same text for every row).
    """
    # keyed by provider and group's position (hashing enum members costs more than the rest)
    by: dict[tuple[str, int], list[Placement]] = {}
    home, fostering = ServiceKind.CHILDRENS_HOME, ServiceKind.INDEPENDENT_FOSTERING
    for p in programme.placements:
        s = p.service
        if (s is home or s is fostering) and p.provider is not None:
            by.setdefault((p.provider, 0 if s is home else 1), []).append(p)
    return tuple(
        RegisteredPlaces(
            area=_near(placements),
            group=_GROUPS[key[1]],
            places=peak_running(placements),
            provider=key[0],
            source=SAMPLE_PLACES_SOURCE,
        )
        for key, placements in sorted(by.items())
    )
