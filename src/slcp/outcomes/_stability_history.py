"""Placement histories derived from SSDA903 episodes: periods of care, placements, carers.

The rules are REFERENCE §4 rules 1-3 and 5 (decision records 0500-0503). Everything here is a
pure function of the episodes; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from slcp.domain import CareEpisode, ChildRef, GssCode, PostcodeDistrict
from slcp.periods import DateRange

__all__ = [
    "CarerSpell",
    "PeriodOfCare",
    "PlacementHistory",
    "PlacementSpell",
    "StartRule",
    "derive_placement_histories",
    "derive_placement_history",
]

# RNE codes that start a placement (rule 2) and those that also change the carer (rule 5).
_STARTS_PLACEMENT = frozenset({"S", "P", "B", "T", "U"})
_CHANGES_CARER = frozenset({"S", "P", "B"})
# PLACE codes of temporary placements (rule 3), as CareEpisode.is_temporary
_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
# The DfE's carried-over recodes: an H5 placement still open in 2024/25 may be recoded K3,
# a Z1 placement in 2025/26 one of Z11-Z14. By recode group, the code recoded from and the
# codes it may become (decision record 0504).
RECODES: tuple[tuple[str, frozenset[str]], ...] = (
    ("H5", frozenset({"K3"})),
    ("Z1", frozenset({"Z11", "Z12", "Z13", "Z14"})),
)


def same_placement_type(a: str, b: str) -> bool:
    """Whether PLACE codes ``a`` and ``b`` are one placement type, the DfE's recodes allowed.

    Rule 3 compares PLACE after a temporary placement with PLACE before it; a placement
    recoded between the two (H5 to K3, Z1 to one of Z11-Z14) is the same placement. Two
    different new codes (Z11 and Z12) are not.

    >>> same_placement_type("H5", "K3"), same_placement_type("Z12", "Z1")
    (True, True)
    >>> same_placement_type("Z11", "Z12"), same_placement_type("K2", "K3")
    (False, False)
    """
    if a == b:
        return True
    return any((a == old and b in new) or (b == old and a in new) for old, new in RECODES)


def _ends_period(reason_ceased: str | None) -> bool:
    # E-codes end the period of care; X1 (or a missing reason) lets the next episode continue.
    return reason_ceased is not None and reason_ceased.startswith("E")


class StartRule(enum.Enum):
    """Why a placement began (which rule applied), for explanations."""

    FIRST_IN_PERIOD = "first placement of the period of care"
    NEW_EPISODE = "episode with RNE S, P, B, T or U"
    AFTER_TEMPORARY = "episode after a temporary placement, not returning to the same place"


@attrs.frozen(kw_only=True)
class PlacementSpell:
    """One placement as the stability rules see it (rules 2 and 3).

    Attributes:
        period: ``[first DECOM, last DEC)``, half-open; open-ended while the placement
            continues. A placement interrupted by a temporary placement and resumed spans the
            interruption.
        place: PLACE of the episode that began it.
        placement_district: PL_POST district of that episode, if known.
        reason_new_episode: RNE of the episode that began it.
        start_rule: which rule began it.
        carer_number: 1 for the first carer of the period of care, 2 for the next, ...
    """

    period: DateRange
    place: str
    placement_district: PostcodeDistrict | None
    reason_new_episode: str
    start_rule: StartRule
    carer_number: int


@attrs.frozen(kw_only=True)
class CarerSpell:
    """Time with one carer (rule 5): begins at a placement starting with RNE S, P or B.

    Attributes:
        period: ``[start, end)`` half-open; open-ended while current. Temporary placements
            inside it do not break it.
        number: 1, 2, ... within the period of care.
    """

    period: DateRange
    number: int


@attrs.frozen(kw_only=True)
class PeriodOfCare:
    """An unbroken time looked after (decision record 0503).

    A period of care is a maximal run of episodes, each starting on the day the previous one
    ceased (``DECOM == previous DEC``), where no episode but the last has an E-code REC. A gap
    of one day or more, or an E-code, ends it.

    Attributes:
        period: ``[first DECOM, last DEC)``; open-ended when the child is still looked after.
        episodes: the episodes in it, in order (short breaks already removed).
        placements: the placements derived from them, in order.
        carers: the carers, in order.
    """

    period: DateRange
    episodes: tuple[CareEpisode, ...]
    placements: tuple[PlacementSpell, ...]
    carers: tuple[CarerSpell, ...]


@attrs.frozen(kw_only=True)
class PlacementHistory:
    """One child's history as the stability measures see it.

    Attributes:
        child: the child's reference (903 CHILD id).
        borough: the responsible borough's GSS code, where known.
        periods_of_care: in order; empty when the child had only short breaks.
        short_break_episodes: how many V3/V4 episodes were set aside (rule 1).
    """

    child: ChildRef
    borough: GssCode | None
    periods_of_care: tuple[PeriodOfCare, ...]
    short_break_episodes: int = 0

    @property
    def has_only_short_breaks(self) -> bool:
        """True when every episode was a V3/V4 short break (the child is ignored: rule 1)."""
        return not self.periods_of_care

    @property
    def placements(self) -> tuple[PlacementSpell, ...]:
        """Every placement across all periods of care, in order."""
        return tuple(p for poc in self.periods_of_care for p in poc.placements)

    def period_of_care_on(self, day: dt.date) -> PeriodOfCare | None:
        """The period of care containing ``day`` (half-open), or ``None``: not looked after."""
        for poc in self.periods_of_care:
            if day in poc.period:
                return poc
        return None

    def carer_on(self, day: dt.date) -> CarerSpell | None:
        """The carer in force on ``day``, or ``None``."""
        poc = self.period_of_care_on(day)
        if poc is None:
            return None
        for carer in poc.carers:
            if day in carer.period:
                return carer
        return None


def _split_periods(episodes: Sequence[CareEpisode]) -> list[list[tuple[CareEpisode, DateRange]]]:
    """Group sorted episodes into periods of care, clipping an episode overlapped by the next."""
    runs: list[list[tuple[CareEpisode, DateRange]]] = []
    current: list[tuple[CareEpisode, DateRange]] = []
    for i, ep in enumerate(episodes):
        period = ep.period
        following = episodes[i + 1] if i + 1 < len(episodes) else None
        if following is not None and (period.end is None or period.end > following.period.start):
            # an overlapped episode ends when the next begins (the reader reports the overlap)
            period = DateRange(start=period.start, end=max(period.start, following.start))
        if current:
            prev_ep, prev_period = current[-1]
            if prev_period.end != period.start or _ends_period(prev_ep.reason_ceased):
                runs.append(current)
                current = []
        current.append((ep, period))
    if current:
        runs.append(current)
    return runs


class _Draft:
    """A placement being assembled (mutable, private to :func:`_derive_period`)."""

    __slots__ = ("carer", "end", "episode", "rule", "start")

    def __init__(
        self, episode: CareEpisode, period: DateRange, rule: StartRule, carer: int
    ) -> None:
        self.episode = episode
        self.start = period.start
        self.end = period.end
        self.rule = rule
        self.carer = carer


def _derive_period(run: Sequence[tuple[CareEpisode, DateRange]]) -> PeriodOfCare:
    drafts: list[_Draft] = []
    carer_starts: list[dt.date] = []
    # the placement a temporary run interrupted, or None
    interrupted: _Draft | None = None
    in_temporary = False
    for ep, period in run:
        if ep.place in _TEMPORARY:
            # rule 3: not a placement; remember what it interrupted
            if not in_temporary:
                interrupted = drafts[-1] if drafts else None
            in_temporary = True
            continue
        if in_temporary:
            in_temporary = False
            if (
                interrupted is not None
                and same_placement_type(ep.place, interrupted.episode.place)
                and ep.placement_district == interrupted.episode.placement_district
            ):
                # rule 3: back to the same PLACE (or its recode) and PL_POST district: the
                # placement resumes
                interrupted.end = period.end
                continue
            rule = StartRule.AFTER_TEMPORARY if drafts else StartRule.FIRST_IN_PERIOD
        elif not drafts:
            rule = StartRule.FIRST_IN_PERIOD
        elif ep.reason_new_episode in _STARTS_PLACEMENT:
            rule = StartRule.NEW_EPISODE
        else:
            # RNE L (legal status only) continues the current placement (rule 2)
            drafts[-1].end = period.end
            continue
        if not carer_starts or ep.reason_new_episode in _CHANGES_CARER:
            carer_starts.append(period.start)
        drafts.append(_Draft(ep, period, rule, len(carer_starts)))
    spells = tuple(
        PlacementSpell(
            period=DateRange(start=d.start, end=d.end),
            place=d.episode.place,
            placement_district=d.episode.placement_district,
            reason_new_episode=d.episode.reason_new_episode,
            start_rule=d.rule,
            carer_number=d.carer,
        )
        for d in drafts
    )
    poc_period = DateRange(start=run[0][1].start, end=run[-1][1].end)
    carers = tuple(
        CarerSpell(
            period=DateRange(
                start=start,
                end=carer_starts[i + 1] if i + 1 < len(carer_starts) else poc_period.end,
            ),
            number=i + 1,
        )
        for i, start in enumerate(carer_starts)
    )
    return PeriodOfCare(
        period=poc_period,
        episodes=tuple(ep for ep, _ in run),
        placements=spells,
        carers=carers,
    )


def derive_placement_history(
    child: ChildRef, episodes: Iterable[CareEpisode], *, borough: GssCode | None = None
) -> PlacementHistory:
    """Derive one child's periods of care, placements and carers (rules 1-3 and 5).

    Episodes are sorted by DECOM. V3/V4 short-break episodes are set aside (rule 1). An
    episode overlapped by the next one is treated as ending when the next begins.

    Args:
        child: the child's reference.
        episodes: that child's episodes, in any order.
        borough: the responsible borough, if known.

    Returns:
        The child's :class:`PlacementHistory`.

    >>> from slcp.domain import CareEpisode
    >>> def ep(start, end, rne, place, rec="X1", ls="C2"):
    ...     return CareEpisode(child="7", period=DateRange(start=start, end=end),
    ...                        reason_new_episode=rne, legal_status=ls, place=place,
    ...                        reason_ceased=rec if end else None)
    >>> d = dt.date
    >>> h = derive_placement_history(ChildRef("7"), [
    ...     ep(d(2017, 1, 1), d(2017, 3, 1), "S", "U4"),
    ...     ep(d(2017, 3, 1), d(2017, 5, 1), "L", "U4"),   # legal status only: continues
    ...     ep(d(2017, 5, 1), d(2017, 6, 1), "T", "U5"),   # same carer, new placement
    ...     ep(d(2017, 6, 1), None, "P", "K2"),            # new placement, new carer
    ... ])
    >>> [(str(p.period), p.carer_number) for p in h.placements]
    [('[2017-01-01, 2017-05-01)', 1), ('[2017-05-01, 2017-06-01)', 1), ('[2017-06-01, open)', 2)]
    """
    ordered = sorted(episodes, key=lambda e: (e.start, e.period.end or dt.date.max))
    kept = [e for e in ordered if not e.is_short_break]
    runs = _split_periods(kept)
    return PlacementHistory(
        child=child,
        borough=borough,
        periods_of_care=tuple(_derive_period(run) for run in runs),
        short_break_episodes=len(ordered) - len(kept),
    )


def derive_placement_histories(
    episodes: Iterable[CareEpisode],
) -> tuple[PlacementHistory, ...]:
    """Group episodes by (borough, child) and derive each child's history.

    CHILD ids are unique only within a local authority, so the same id in two boroughs is two
    children. Histories come out sorted by borough (unknown last) then child.
    """
    groups: dict[tuple[GssCode | None, ChildRef], list[CareEpisode]] = {}
    for e in episodes:
        groups.setdefault((e.borough, e.child), []).append(e)
    keys = sorted(groups, key=lambda k: (k[0] is None, k[0] or "", k[1]))
    return tuple(
        derive_placement_history(child, groups[(borough, child)], borough=borough)
        for borough, child in keys
    )
