"""The states of the demand model: placement groups, age bands, and the pair of them.

A looked-after child is in one :class:`CareState` on each month end: an age band and a
placement group. Not being looked after is the absence of a state (``None``).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from slcp.periods import YearMonth

__all__ = [
    "CARE_STATES",
    "AgeBand",
    "CareState",
    "PlacementGroup",
    "age_band_of",
    "month_end",
    "placement_group_of",
]

# PLACE codes of each group (REFERENCE §4): U1-U6 fostering (with relatives, friends or other
# carers); K1 secure children's home, K2 children's home, R1 residential care home.
_FOSTERING = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
_RESIDENTIAL = frozenset({"K1", "K2", "R1"})


class PlacementGroup(enum.Enum):
    """The placement types the model projects (decision record 1110).

    The value is the label used in tables and JSON.
    """

    FOSTERING = "fostering"
    """Foster placements, PLACE U1-U6 (in-house, agency and family and friends carers)."""
    RESIDENTIAL = "residential"
    """Children's homes and residential care, PLACE K1, K2 and R1."""
    OTHER = "other"
    """Every other placement: adoption, with parents, supported and independent living,
    residential schools, health settings, custody, other."""


def placement_group_of(place: str) -> PlacementGroup:
    """The group of a 903 PLACE code.

    Temporary placements (T0-T4) are not given a group here: the model keeps a child in a
    temporary placement in the group of the placement it interrupted (rule 3 of the stability
    rules; :func:`~slcp.demand.monthly_states`).

    >>> placement_group_of("U4").value, placement_group_of("K2").value
    ('fostering', 'residential')
    >>> placement_group_of("A5").value, placement_group_of("H5").value
    ('other', 'other')
    """
    if place in _FOSTERING:
        return PlacementGroup.FOSTERING
    if place in _RESIDENTIAL:
        return PlacementGroup.RESIDENTIAL
    return PlacementGroup.OTHER


class AgeBand(enum.Enum):
    """Age bands in completed years on the month end (birthday taken as the 1st of the month).

    The bands of data-to-insight's demand model: under 1, 1-4, 5-9, 10-15, 16 and over
    (decision record 1110). A child with no known month of birth is in ``UNKNOWN`` and does
    not age in the model. The value is the label.
    """

    UNDER_1 = "under 1"
    AGED_1_TO_4 = "1-4"
    AGED_5_TO_9 = "5-9"
    AGED_10_TO_15 = "10-15"
    AGED_16_AND_OVER = "16+"
    UNKNOWN = "unknown"


def age_band_of(age_years: int | None) -> AgeBand:
    """The band of an age in completed years (``None``: unknown).

    Ages below 0 (a record error: in care before birth) count as under 1.

    >>> [age_band_of(a).value for a in (0, 1, 4, 5, 9, 10, 15, 16, 19, None)]
    ['under 1', '1-4', '1-4', '5-9', '5-9', '10-15', '10-15', '16+', '16+', 'unknown']
    """
    if age_years is None:
        return AgeBand.UNKNOWN
    if age_years < 1:
        return AgeBand.UNDER_1
    if age_years < 5:
        return AgeBand.AGED_1_TO_4
    if age_years < 10:
        return AgeBand.AGED_5_TO_9
    if age_years < 16:
        return AgeBand.AGED_10_TO_15
    return AgeBand.AGED_16_AND_OVER


def age_band_index(age_years: int | None) -> int:
    """The position of :func:`age_band_of`'s band in :class:`AgeBand` (private fast path)."""
    if age_years is None:
        return 5
    if age_years < 1:
        return 0
    if age_years < 5:
        return 1
    if age_years < 10:
        return 2
    if age_years < 16:
        return 3
    return 4


_BAND_ORDER = {b: i for i, b in enumerate(AgeBand)}
_GROUP_ORDER = {g: i for i, g in enumerate(PlacementGroup)}


@attrs.frozen(kw_only=True)
class CareState:
    """Where a looked-after child is on a month end: an age band and a placement group.

    Attributes:
        band: the child's age band that day.
        group: the placement group that day.
        index: position in :data:`CARE_STATES` (age band major, then group), derived.
    """

    band: AgeBand
    group: PlacementGroup
    #: Position in :data:`CARE_STATES` (age band major, then group); derived, kept because the
    #: model reads it for every child on every month end.
    index: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index = _BAND_ORDER[self.band] * len(PlacementGroup) + _GROUP_ORDER[self.group]
        object.__setattr__(self, "index", index)

    def __str__(self) -> str:
        return f"{self.band.value} {self.group.value}"


#: Every state in a fixed order (age band, then placement group); index ``len(CARE_STATES)``
#: stands for "not looked after" in the model's arrays.
CARE_STATES: tuple[CareState, ...] = tuple(
    CareState(band=b, group=g) for b in AgeBand for g in PlacementGroup
)


def month_end(month: YearMonth) -> dt.date:
    """The last day of ``month``: the day the model observes each child.

    >>> month_end(YearMonth(2024, 2)), month_end(YearMonth(2023, 2)), month_end(YearMonth(2023, 12))
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28), datetime.date(2023, 12, 31))
    """
    if month.month == 12:
        return dt.date(month.year, 12, 31)
    return dt.date(month.year, month.month + 1, 1) - dt.timedelta(days=1)
