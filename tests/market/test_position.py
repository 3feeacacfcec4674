"""Time to place and the share placed on framework, worked by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from slcp.domain import GssCode, LotId, ProviderId, RouteKind
from slcp.market import (
    Award,
    MarketBook,
    OffFrameworkReason,
    ReferralId,
    measure_framework_share,
    measure_time_to_place,
)
from slcp.money import Money
from slcp.periods import YearMonth
from tests.market.builders import referral

D = dt.date
SUTTON = GssCode("E09000029")


def _book() -> MarketBook:
    # four referrals: R1, R2 Croydon on 1 May 2020; R3, R4 Sutton on 1 June 2020
    referrals = (
        attrs.evolve(referral(), id=ReferralId("R1")),
        attrs.evolve(referral(), id=ReferralId("R2")),
        attrs.evolve(referral(), id=ReferralId("R3"), borough=SUTTON, referred_on=D(2020, 6, 1)),
        attrs.evolve(referral(), id=ReferralId("R4"), borough=SUTTON, referred_on=D(2020, 6, 1)),
    )

    def award(rid: str, day: dt.date, on_framework: bool) -> Award:
        return Award(
            referral=ReferralId(rid),
            provider=ProviderId("H1"),
            weekly_fee=Money(400_000),
            awarded_on=day,
            route=RouteKind.FRAMEWORK_CALL_OFF if on_framework else RouteKind.SPOT,
            lot=LotId("FW/1") if on_framework else None,
            off_framework_reason=None if on_framework else OffFrameworkReason.EMERGENCY,
        )

    return MarketBook(
        referrals=referrals,
        awards=(
            award("R1", D(2020, 5, 4), True),  # 3 days
            award("R2", D(2020, 5, 11), False),  # 10 days
            award("R3", D(2020, 6, 1), True),  # 0 days
            award("R4", D(2020, 7, 6), True),  # 35 days, in July
        ),
    )


def test_time_to_place() -> None:
    t = measure_time_to_place(_book())
    # days 0, 3, 10, 35: median of an even count = (3 + 10)/2 = 13/2 = 6.5
    assert (t.awards, t.min_days, t.median_days, t.max_days) == (4, 0, Fraction(13, 2), 35)
    assert t.on_framework == 3


def test_framework_share_by_borough_and_month() -> None:
    shares = measure_framework_share(_book())
    # Croydon, May 2020: 1 of 2 on framework = 50.0%; Sutton June 1 of 1; Sutton July 1 of 1
    assert [(s.borough, s.month, s.awards, s.on_framework, s.percent) for s in shares] == [
        ("E09000008", YearMonth(2020, 5), 2, 1, "50.0"),
        (SUTTON, YearMonth(2020, 6), 1, 1, "100.0"),
        (SUTTON, YearMonth(2020, 7), 1, 1, "100.0"),
    ]
    assert shares[0].share == Fraction(1, 2)


def test_a_third_is_rounded_once() -> None:
    book = _book()
    spot = attrs.evolve(
        book.awards[2], route=RouteKind.SPOT, lot=None,
        off_framework_reason=OffFrameworkReason.CONTINUITY,
    )  # fmt: skip
    july = attrs.evolve(book.awards[3], awarded_on=D(2020, 6, 20))
    extra = attrs.evolve(book.referrals[0], id=ReferralId("R5"), borough=SUTTON)
    third = attrs.evolve(
        book,
        referrals=(*book.referrals, extra),
        awards=(
            *book.awards[:2],
            spot,
            july,
            attrs.evolve(book.awards[1], referral=ReferralId("R5"), awarded_on=D(2020, 6, 2)),
        ),
    )
    sutton_june = [s for s in measure_framework_share(third) if s.borough == SUTTON]
    # Sutton, June 2020: R3 spot, R4 framework, R5 spot: 1 of 3 = 33.333...% -> "33.3"
    assert [(s.awards, s.on_framework, s.share, s.percent) for s in sutton_june] == [
        (3, 1, Fraction(1, 3), "33.3")
    ]
