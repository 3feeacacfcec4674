"""Looked-after children's episodes of care, as the SSDA903 return records them.

Codes are kept as the return's strings (``"K2"``, ``"PR4"``, ``"C2"``); which codes are valid
depends on the collection year and is checked where files are read (:mod:`slcp.io`).
Postcodes are held as districts only; the child is a pseudonymous reference.
"""

from __future__ import annotations

import datetime as dt

import attrs

from slcp.domain.borough import GssCode
from slcp.domain.child import ChildRef, check_child_ref
from slcp.domain.location import PostcodeDistrict, check_district
from slcp.periods import DateRange

__all__ = ["CareEpisode"]


def _opt_district(value: str | None) -> PostcodeDistrict | None:
    return None if value is None else check_district(value)


@attrs.frozen(kw_only=True)
class CareEpisode:
    """One SSDA903 episode: a period with one legal status, placement and carer.

    Attributes:
        child: pseudonymous child reference (the 903 CHILD id, kept as a string).
        borough: GSS code of the responsible local authority, where known.
        period: ``[DECOM, DEC)``; open-ended when the episode has not ceased.
        reason_new_episode: RNE (S, L, P, T, B, U).
        legal_status: LS (C1, C2, D1, E1, V2, V3, V4, L1-L3, J1-J3).
        category_of_need: CIN (N1-N8).
        place: PLACE placement type (e.g. K2, U4, T1).
        place_provider: PLACE_PROVIDER (PR0-PR5).
        reason_ceased: REC (X1, E-codes), or ``None`` while open.
        reason_place_change: REASON_PLACE_CHANGE, where recorded.
        home_district: district of HOME_POST.
        placement_district: district of PL_POST.
        urn: the placement provider's Ofsted URN, where recorded.
    """

    child: ChildRef = attrs.field(converter=check_child_ref)
    borough: GssCode | None = None
    period: DateRange
    reason_new_episode: str
    legal_status: str
    category_of_need: str | None = None
    place: str
    place_provider: str | None = None
    reason_ceased: str | None = None
    reason_place_change: str | None = None
    home_district: PostcodeDistrict | None = attrs.field(default=None, converter=_opt_district)
    placement_district: PostcodeDistrict | None = attrs.field(default=None, converter=_opt_district)
    urn: str | None = None

    @property
    def start(self) -> dt.date:
        """DECOM: the day the episode began."""
        return self.period.start

    @property
    def is_short_break(self) -> bool:
        """True for V3/V4 legal status: an agreed series of short breaks."""
        return self.legal_status in ("V3", "V4")

    @property
    def is_temporary(self) -> bool:
        """True for temporary placements (PLACE T0-T4)."""
        return self.place in ("T0", "T1", "T2", "T3", "T4")
