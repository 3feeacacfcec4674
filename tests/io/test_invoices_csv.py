"""``invoices.csv``: reading, writing and every problem as a located finding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from slcp.io.invoices import read_invoices, write_invoices
from slcp.money import Money
from tests.finance.test_invoices import INVOICES

HEADER = (
    "invoice_id,provider_id,borough_gss,placement_id,first_day,last_day,description,"
    "amount_pence,received_on,paid_on\n"
)


def read(body: str):  # type: ignore[no-untyped-def]
    return read_invoices((HEADER + body).encode())


def test_round_trip_is_exact() -> None:
    text = write_invoices(INVOICES)
    assert text.splitlines()[1] == (
        "JAN,P1,E09000008,PL1,2019-01-01,2019-01-31,placement fee,310000,2019-02-05,2019-03-20"
    )
    back = read_invoices(text.encode())
    assert back.findings == ()
    assert back.records == tuple(INVOICES)


def test_lines_of_one_invoice_add_up() -> None:
    got = read(
        "A,P1,E09000008,PL1,2019-04-01,2019-04-30,fee,300000,2019-05-03,\n"
        "A,P1,E09000008,PL1,2019-04-01,2019-04-30,credit,-2500,2019-05-03,\n"
    )
    (inv,) = got.records
    assert inv.total == Money(297_500)
    assert inv.paid_on is None


def test_every_problem_is_a_located_finding() -> None:
    got = read(
        # bad amount (a float), bad GSS code
        "A,P1,E0900000X,PL1,2019-04-01,2019-04-30,fee,12.50,2019-05-03,\n"
        # last day before the first day
        "B,P1,E09000008,PL1,2019-04-30,2019-04-01,fee,100,2019-05-03,\n"
        # paid before it was received
        "C,P1,E09000008,PL1,2019-04-01,2019-04-30,fee,100,2019-05-03,2019-05-01\n"
        # two lines that disagree on the period
        "D,P1,E09000008,PL1,2019-04-01,2019-04-30,fee,100,2019-05-03,\n"
        "D,P1,E09000008,PL1,2019-04-01,2019-04-29,fee,100,2019-05-03,\n"
        # a date that does not exist
        "E,P1,E09000008,PL1,2019-02-29,2019-03-31,fee,100,2019-05-03,\n"
    )
    assert got.records == ()
    where = sorted((f.code, f.location) for f in got.findings)
    assert ("invoice-lines-disagree", "invoices.csv row 6") in where
    assert ("invalid-record", "invoices.csv row 3 column last_day") in where
    assert ("invalid-record", "invoices.csv row 4 column paid_on") in where
    locations = {loc for _, loc in where}
    assert "invoices.csv row 2 column amount_pence" in locations
    assert "invoices.csv row 2 column borough_gss" in locations
    assert "invoices.csv row 7 column first_day" in locations


def test_missing_columns_are_reported() -> None:
    got = read_invoices(b"invoice_id,amount_pence\nA,100\n")
    assert got.records == ()
    assert got.has_errors


@given(st.text(max_size=300))
def test_any_text_gives_findings_never_a_traceback(body: str) -> None:
    got = read(body)
    assert all(f.location.startswith("invoices.csv") for f in got.findings if f.location)
