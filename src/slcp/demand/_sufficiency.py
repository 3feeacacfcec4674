"""Sufficiency: projected children in each placement group against registered places."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from slcp.demand._projection import ProjectedCount
from slcp.demand._states import PlacementGroup
from slcp.domain import GssCode
from slcp.errors import InvalidValueError
from slcp.periods import YearMonth

__all__ = ["RegisteredPlaces", "SufficiencyGap", "assess_sufficiency"]


@attrs.frozen(kw_only=True)
class RegisteredPlaces:
    """Places that providers near an area are registered for, in one placement group.

    The domain model records providers and their Ofsted ratings but not their registered
    places or where their homes are, so supply enters here as a small table: one row per
    provider (or per home) and group, with the borough it serves as "near" (decision record
    1110). Counts are places, not vacancies.

    Attributes:
        area: the borough the places are near (GSS code).
        group: the placement group the places are for.
        places: registered places (zero or more).
        provider: the provider or home, where known (an id or Ofsted URN).
        source: where the figure comes from (a register extract, a sufficiency statement).
    """

    area: GssCode
    group: PlacementGroup
    places: int
    provider: str | None = None
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if isinstance(self.places, bool) or not isinstance(self.places, int) or self.places < 0:
            raise InvalidValueError(
                "registered places must be a whole number, zero or more",
                field="places",
                value=self.places,
                expected=">= 0",
            )


@attrs.frozen(kw_only=True)
class SufficiencyGap:
    """Projected children against registered places, for one area and group on one day.

    Attributes:
        area: the borough (``None`` with ``all_areas``: the partnership).
        all_areas: True for every area together.
        group: the placement group.
        month: the month whose last day is compared.
        projected: the projected count with its interval.
        registered_places: places registered near the area for the group.
    """

    area: GssCode | None
    all_areas: bool = False
    group: PlacementGroup
    month: YearMonth
    projected: ProjectedCount
    registered_places: int

    @property
    def gap(self) -> Fraction:
        """``projected − places`` in children: positive is a shortfall of places, negative a
        surplus."""
        return self.projected.central - self.registered_places

    @property
    def gap_low(self) -> Fraction:
        """The gap at the interval's lower end."""
        return self.projected.low - self.registered_places

    @property
    def gap_high(self) -> Fraction:
        """The gap at the interval's upper end."""
        return self.projected.high - self.registered_places

    @property
    def is_shortfall(self) -> bool:
        """True when the central projection needs more places than are registered."""
        return self.gap > 0


def assess_sufficiency(
    counts: Sequence[ProjectedCount],
    places: Iterable[RegisteredPlaces],
    *,
    month: YearMonth,
) -> tuple[SufficiencyGap, ...]:
    """The sufficiency gap for each area and placement group on ``month``'s last day.

    Only areas with a projection are assessed; places near an area without one are counted
    in the partnership's total all the same. Areas come in the projection's order, then the
    partnership.

    Args:
        counts: projected counts with intervals (:attr:`DemandForecast.counts`).
        places: registered places.
        month: the census month compared (a reported month of the projection).

    Raises:
        InvalidValueError: ``month`` is not among the counts.
    """
    rows = [(c, c.group) for c in counts if c.month == month and c.group is not None]
    if not rows:
        raise InvalidValueError(
            "no projected count for that month",
            field="month",
            value=str(month),
            expected="a projected census month: "
            + ", ".join(sorted({str(c.month) for c in counts})),
        )
    supply: dict[tuple[GssCode, PlacementGroup], int] = {}
    for p in places:
        supply[(p.area, p.group)] = supply.get((p.area, p.group), 0) + p.places
    out: list[SufficiencyGap] = []
    for c, group in rows:
        if c.all_areas:
            registered = sum(n for (_, g), n in supply.items() if g is group)
        else:
            registered = 0 if c.area is None else supply.get((c.area, group), 0)
        out.append(
            SufficiencyGap(
                area=c.area,
                all_areas=c.all_areas,
                group=group,
                month=month,
                projected=c,
                registered_places=registered,
            )
        )
    return tuple(out)
