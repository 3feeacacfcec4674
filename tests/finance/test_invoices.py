"""Invoice reconciliation, hand-worked for every reason."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slcp.domain import (
    EndingReason,
    Placement,
    PlacementEnding,
    PlacementId,
    ProviderId,
    Workstream,
)
from slcp.errors import InvalidValueError, PeriodError
from slcp.finance import (
    DiscrepancyReason,
    Invoice,
    InvoiceId,
    InvoiceLine,
    InvoiceStatus,
    PaymentTerms,
    reconcile_invoices,
)
from slcp.money import Money
from slcp.periods import DateRange
from slcp.pricing import cost_for_range
from tests.pricing.builders import (
    CROYDON,
    TERM_TIME,
    WHOLE_WEEKS,
    d,
    placement,
    programme,
    uplift_round,
)
from tests.strategies import placements

R = DiscrepancyReason
# PL1: SEND day placement with P1, £700 a week (10,000p a day), 1 Jan - 15 Jul 2019 inclusive.
# The SEND 2019/20 round gives P1 1% (asked 3%, capped) from 1 April 2019: £707 a week,
# 10,100p a day.
PL1 = placement("PL1", start="2019-01-01", end="2019-07-16", weekly_pence=70_000)
# PL2: LAC children's home with P2, £350 a week (5,000p a day), 10 April - 31 May 2019.
PL2 = attrs.evolve(
    placement(
        "PL2",
        start="2019-04-10",
        end="2019-06-01",
        weekly_pence=35_000,
        workstream=Workstream.LAC,
        provider="P2",
    ),
    ending=PlacementEnding(reason=EndingReason.PLANNED_END),
)
# PL3: P3's placement; P3 sent no invoices, so none of its days are "missing"
PL3 = placement("PL3", provider="P3", start="2019-01-01")
PROGRAMME = programme([PL1, PL2, PL3], [uplift_round(2019)])


def invoice(
    number: str,
    first: str,
    after_last: str,
    pence: int,
    *,
    pid: str = "PL1",
    provider: str = "P1",
    received: str | None = None,
    paid_after_days: int = 10,
) -> Invoice:
    end = d(after_last)
    got = d(received) if received else end + dt.timedelta(days=4)
    return Invoice(
        id=InvoiceId(number),
        provider=ProviderId(provider),
        borough=CROYDON,
        placement=PlacementId(pid),
        period=DateRange(start=d(first), end=end),
        lines=(InvoiceLine(description="placement fee", amount=Money(pence)),),
        received_on=got,
        paid_on=got + dt.timedelta(days=paid_after_days),
    )


INVOICES = [
    # January: 31 days x 10,000 = 310,000, right; paid 43 days after receipt (late)
    invoice("JAN", "2019-01-01", "2019-02-01", 310_000, paid_after_days=43),
    # February at £750 a week: 28 x 75,000 / 7 = 300,000; expected 28 x 10,000 = 280,000
    invoice("FEB", "2019-02-01", "2019-03-01", 300_000),
    # March at April's £707: 31 x 10,100 = 313,100; expected 31 x 10,000 = 310,000
    invoice("MAR", "2019-03-01", "2019-04-01", 313_100),
    # April at the old £700: 30 x 10,000 = 300,000; expected 30 x 10,100 = 303,000
    invoice("APR", "2019-04-01", "2019-05-01", 300_000),
    # May right: 31 x 10,100 = 313,100; then the same invoice again under a new number
    invoice("MAY", "2019-05-01", "2019-06-01", 313_100),
    invoice("MAY-AGAIN", "2019-05-01", "2019-06-01", 313_100, received="2019-06-20"),
    # June right: 30 x 10,100 = 303,000
    invoice("JUN", "2019-06-01", "2019-07-01", 303_000),
    # 24 June - 15 July at the right fee: 22 x 10,100 = 222,200, but 24-30 June (7 days,
    # 70,700) were in June's invoice; expected for 1-15 July: 15 x 10,100 = 151,500
    invoice("JUL", "2019-06-24", "2019-07-16", 222_200),
    # PL2 for all of April: 30 x 5,000 = 150,000; it began on 10 April: 21 x 5,000 = 105,000
    invoice("PL2-APR", "2019-04-01", "2019-05-01", 150_000, pid="PL2", provider="P2"),
    # PL2's May (31 x 5,000 = 155,000) was never invoiced
]


def test_every_reason_by_hand() -> None:
    result = reconcile_invoices(PROGRAMME, INVOICES)
    table = {
        c.invoice: (c.status, c.reason, c.expected, c.invoiced - c.expected) for c in result.checks
    }
    over, under, ok = InvoiceStatus.OVERCHARGED, InvoiceStatus.UNDERCHARGED, InvoiceStatus.MATCHED
    assert table == {
        "JAN": (ok, None, Money(310_000), Money(0)),
        "FEB": (over, R.WRONG_RATE, Money(280_000), Money(20_000)),
        "MAR": (over, R.UPLIFT_EARLY, Money(310_000), Money(3_100)),
        "APR": (under, R.UPLIFT_NOT_APPLIED, Money(303_000), Money(-3_000)),
        "MAY": (ok, None, Money(313_100), Money(0)),
        "MAY-AGAIN": (over, R.DUPLICATE, Money(0), Money(313_100)),
        "JUN": (ok, None, Money(303_000), Money(0)),
        "JUL": (over, R.OVERLAP, Money(151_500), Money(70_700)),
        "PL2-APR": (over, R.DAYS_OUTSIDE_PLACEMENT, Money(105_000), Money(45_000)),
    }
    found = [(x.reason, x.invoice, x.amount) for x in result.discrepancies]
    assert sorted(found, key=lambda f: (f[0].value, f[1] or "")) == [
        (R.DAYS_OUTSIDE_PLACEMENT, "PL2-APR", Money(45_000)),
        (R.DUPLICATE, "MAY-AGAIN", Money(313_100)),
        (R.LATE_PAYMENT, "JAN", Money(0)),
        (R.MISSING, None, Money(-155_000)),
        (R.OVERLAP, "JUL", Money(70_700)),
        (R.UPLIFT_EARLY, "MAR", Money(3_100)),
        (R.UPLIFT_NOT_APPLIED, "APR", Money(-3_000)),
        (R.WRONG_RATE, "FEB", Money(20_000)),
    ]
    # February: 300,000p over 28 days = 4 weeks is £750 a week
    wrong = next(x for x in result.discrepancies if x.reason is R.WRONG_RATE)
    assert wrong.detail.endswith(
        "charged as if £750.00 a week; the fee in force on 2019-02-01 is £700.00 a week"
    )
    missing = next(x for x in result.discrepancies if x.reason is R.MISSING)
    assert (missing.placement, missing.period) == (
        "PL2",
        DateRange(start=d("2019-05-01"), end=d("2019-06-01")),
    )
    assert result.window == DateRange(start=d("2019-01-01"), end=d("2019-07-16"))
    assert len(result.findings) == 8
    assert {f.code for f in result.findings} >= {"invoice-wrong-rate", "invoice-missing"}


def test_payment_terms_and_unpaid_invoices() -> None:
    jan = INVOICES[0]  # received 5 February, paid 43 days later
    assert (
        reconcile_invoices(PROGRAMME, [jan], terms=PaymentTerms(days=43)).checks[0].paid_late
        is False
    )
    unpaid = attrs.evolve(jan, paid_on=None)
    # 5 Feb + 31 days = 8 March: late by then under 30-day terms, not on 7 March (30 days)
    assert reconcile_invoices(PROGRAMME, [unpaid], as_of=d("2019-03-08")).checks[0].paid_late
    assert not reconcile_invoices(PROGRAMME, [unpaid], as_of=d("2019-03-07")).checks[0].paid_late
    assert not reconcile_invoices(PROGRAMME, [unpaid]).checks[0].paid_late


def test_unknown_placement_and_wrong_borough_are_findings() -> None:
    stray = invoice("X", "2019-01-01", "2019-02-01", 100, pid="PL9")
    other = attrs.evolve(INVOICES[0], borough="E09000029", paid_on=None)
    result = reconcile_invoices(
        PROGRAMME, [stray, other], window=DateRange(start=d("2019-01-01"), end=d("2019-02-01"))
    )
    assert [c.status for c in result.checks] == [
        InvoiceStatus.MATCHED,
        InvoiceStatus.UNKNOWN_PLACEMENT,
    ]
    assert [f.code for f in result.findings] == [
        "invoice-wrong-borough",
        "invoice-unknown-placement",
    ]


def test_invoice_records_refuse_nonsense() -> None:
    with pytest.raises(PeriodError, match="at least one day"):
        invoice("Z", "2019-01-02", "2019-01-02", 1)
    with pytest.raises(InvalidValueError, match="paid before"):
        invoice("Z", "2019-01-01", "2019-01-02", 1, paid_after_days=-10)
    with pytest.raises(InvalidValueError, match="at least one line"):
        attrs.evolve(INVOICES[0], lines=())
    with pytest.raises(InvalidValueError, match="whole number of days"):
        PaymentTerms(days=-1)


@st.composite
def invoiced_placements(draw: st.DrawFn) -> tuple[Placement, list[Invoice]]:
    """A placement and invoices cutting its days in 2019 into consecutive periods."""
    p = draw(
        placements(
            placement_id="PL-X",
            provider=ProviderId("P1"),
            period=None,
            bounded=draw(st.booleans()),
        ).filter(lambda p: p.period.overlaps(WINDOW))
    )
    p = attrs.evolve(p, charging=draw(st.sampled_from([p.charging, TERM_TIME, WHOLE_WEEKS])))
    inside = WINDOW.intersection(p.period)
    assert inside is not None
    assert inside.end is not None
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, inside.days - 1)), max_size=6))))
    days = [inside.start + dt.timedelta(days=c) for c in cuts if c < inside.days]
    edges = [inside.start, *days, inside.end]
    out = []
    for i, (a, b) in enumerate(itertools.pairwise(edges)):
        period = DateRange(start=a, end=b)
        pence = cost_for_range(p, period).total.pence
        out.append(
            Invoice(
                id=InvoiceId(f"I{i}"),
                provider=ProviderId("P1"),
                borough=p.borough,
                placement=p.id,
                period=period,
                lines=(InvoiceLine(description="fee", amount=Money(pence)),),
                received_on=b,
                paid_on=b,
            )
        )
    return p, out


WINDOW = DateRange(start=dt.date(2019, 1, 1), end=dt.date(2020, 1, 1))


@settings(max_examples=30)
@given(invoiced_placements(), st.integers(-5_000, 5_000))
def test_right_invoices_find_nothing_and_a_wrong_one_is_found_exactly(
    drawn: tuple[Placement, list[Invoice]], error: int
) -> None:
    placement_, invoices = drawn
    prog = programme([placement_])
    clean = reconcile_invoices(prog, invoices, window=WINDOW)
    # whole-weeks placements charge nothing for a trailing part week, so a period of only
    # those days is "matched" at 0p; every other invoice matches its charge exactly
    assert clean.discrepancies == ()
    assert all(c.status is InvoiceStatus.MATCHED for c in clean.checks)
    first = invoices[0]
    wrong = attrs.evolve(
        first, lines=(InvoiceLine(description="fee", amount=first.total + Money(error)),)
    )
    result = reconcile_invoices(prog, [wrong, *invoices[1:]], window=WINDOW)
    amounts = [d.amount.pence for d in result.discrepancies]
    assert amounts == ([] if error == 0 else [error])
