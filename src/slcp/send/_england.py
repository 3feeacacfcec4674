"""England's 20-week timeliness figure for new EHC plans, by calendar year, with its source."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

__all__ = ["ENGLAND_TIMELINESS_20_WEEKS", "EnglandTimeliness", "england_timeliness_for"]


@attrs.frozen(kw_only=True)
class EnglandTimeliness:
    """The share of England's new EHC plans issued within 20 weeks in one calendar year,
    excluding exceptions, as the DfE published it.

    Attributes:
        calendar_year: the year the plans were issued in (the activity year of the SEN2
            collection of the following January).
        percent: the published percentage, to one decimal place as published.
        source: where the figure comes from.
    """

    calendar_year: int
    percent: Decimal
    source: str


_RELEASE_2024 = (
    "DfE, Education, health and care plans, reporting year 2024 "
    "(explore-education-statistics), as reported in press coverage of the release"
)
_RELEASE_2025 = (
    "DfE, Education, health and care plans, reporting year 2025 "
    "(explore-education-statistics), as reported in press coverage of the release"
)

#: England's figure by calendar year of issue (docs/sen2.md gives the sources).
ENGLAND_TIMELINESS_20_WEEKS: Final[Mapping[int, EnglandTimeliness]] = {
    2022: EnglandTimeliness(calendar_year=2022, percent=Decimal("49.2"), source=_RELEASE_2024),
    2023: EnglandTimeliness(calendar_year=2023, percent=Decimal("50.3"), source=_RELEASE_2024),
    2024: EnglandTimeliness(calendar_year=2024, percent=Decimal("46.4"), source=_RELEASE_2025),
}


def england_timeliness_for(calendar_year: int) -> EnglandTimeliness | None:
    """England's figure for plans issued in ``calendar_year`` (the year a return's
    :attr:`~slcp.send.Sen2Return.calendar_year` starts in: the year before its January
    census); ``None`` when slcp holds no figure for that year.

    >>> england_timeliness_for(2022).percent
    Decimal('49.2')
    >>> england_timeliness_for(2020) is None
    True
    """
    return ENGLAND_TIMELINESS_20_WEEKS.get(calendar_year)
