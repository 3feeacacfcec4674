"""Provider intelligence: every member sees every borough's concerns."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from slcp.domain import ConcernCategory, ConcernId, GssCode, ProviderConcern, ProviderId
from slcp.errors import UnknownReferenceError
from slcp.outcomes import concerns_about, summarise_concerns
from tests.outcomes.builders import CROYDON, LEWISHAM, programme, provider

D = dt.date


def concern(
    cid: str,
    raised_by: GssCode,
    raised: dt.date,
    category: ConcernCategory,
    *,
    resolved: dt.date | None = None,
    about: str = "PRV-A",
) -> ProviderConcern:
    return ProviderConcern(
        id=ConcernId(cid),
        provider=ProviderId(about),
        raised_by=raised_by,
        raised_on=raised,
        category=category,
        summary="no personal details",
        resolved_on=resolved,
    )


CONCERNS = (
    concern("K3", CROYDON, D(2021, 2, 1), ConcernCategory.FINANCIAL),
    concern("K1", LEWISHAM, D(2020, 6, 1), ConcernCategory.SAFEGUARDING),
    concern(
        "K2", CROYDON, D(2020, 6, 1), ConcernCategory.STANDARDS_OF_CARE, resolved=D(2020, 9, 1)
    ),
    concern("K4", LEWISHAM, D(2021, 5, 1), ConcernCategory.SAFEGUARDING),
    concern("K5", LEWISHAM, D(2020, 7, 1), ConcernCategory.SAFEGUARDING, about="PRV-B"),
)
PROG = attrs.evolve(
    programme((), providers=(provider("PRV-A"), provider("PRV-B"), provider("PRV-C"))),
    concerns=CONCERNS,
)


def test_concerns_from_any_borough_oldest_first() -> None:
    # K4 is raised after the day asked about; K2 is resolved but still listed
    assert [c.id for c in concerns_about(PROG, "PRV-A", on=D(2021, 3, 31))] == [
        "K1",
        "K2",
        "K3",
    ]
    with pytest.raises(UnknownReferenceError):
        concerns_about(PROG, "PRV-Z", on=D(2021, 3, 31))


def test_summary_per_provider() -> None:
    a, b, c = summarise_concerns(PROG, on=D(2021, 3, 31))
    # PRV-A: raised K1, K2, K3; open K1 (safeguarding) and K3 (financial); K2 resolved
    assert (a.raised, a.open) == (3, 2)
    assert a.open_by_category == (
        (ConcernCategory.SAFEGUARDING, 1),
        (ConcernCategory.FINANCIAL, 1),
    )
    assert a.raised_by == (CROYDON, LEWISHAM)
    assert a.latest_raised_on == D(2021, 2, 1)
    assert (b.provider, b.open) == ("PRV-B", 1)
    assert (c.provider, c.raised, c.open, c.latest_raised_on) == ("PRV-C", 0, 0, None)
