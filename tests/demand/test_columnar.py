"""The columnar month-end states and forecast against the record-by-record reference."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.demand import BootstrapSettings, forecast_demand, monthly_states
from slcp.demand._columnar import forecast_demand_columns, monthly_states_columns
from slcp.domain import CareEpisode, ChildRef, GssCode
from slcp.periods import DateRange, FinancialYear, YearMonth

_PLACES = ["U4", "U1", "K2", "R1", "H5", "A5", "T0", "T1", "T4"]
_BOROUGHS = [GssCode("E09000008"), GssCode("E09000022"), None]
FIRST, LAST = YearMonth(2015, 1), YearMonth(2018, 3)
REACHES_MARCH_2018 = CareEpisode(
    child=ChildRef("Z"),
    borough=GssCode("E09000008"),
    period=DateRange(start=dt.date(2015, 6, 1), end=dt.date(2018, 3, 31)),
    reason_new_episode="S",
    legal_status="C2",
    place="U4",
    reason_ceased="E4A",
)


@st.composite
def episodes(draw: st.DrawFn) -> tuple[list[CareEpisode], dict[ChildRef, YearMonth]]:
    """Up to 10 children (the same CHILD id may recur in another borough) with episodes that
    may overlap, leave gaps, be short breaks, temporary, open or end with an E-code."""
    out: list[CareEpisode] = []
    born: dict[ChildRef, YearMonth] = {}
    for n in range(draw(st.integers(0, 10))):
        child = ChildRef(f"C{draw(st.integers(0, n))}")
        borough = draw(st.sampled_from(_BOROUGHS))
        if draw(st.booleans()):
            born[child] = YearMonth(draw(st.integers(1998, 2018)), draw(st.integers(1, 12)))
        day = dt.date(2014, 11, 1) + dt.timedelta(days=draw(st.integers(0, 1300)))
        for i in range(draw(st.integers(1, 5))):
            end = day + dt.timedelta(days=draw(st.integers(0, 400)))
            open_ended = draw(st.integers(0, 5)) == 0
            out.append(
                CareEpisode(
                    child=child,
                    borough=borough,
                    period=DateRange(start=day, end=None if open_ended else end),
                    reason_new_episode="S" if i == 0 else draw(st.sampled_from(["P", "L", "T"])),
                    legal_status=draw(st.sampled_from(["C2", "C2", "C2", "V3", "V4"])),
                    place=draw(st.sampled_from(_PLACES)),
                    reason_ceased=None if open_ended else draw(st.sampled_from(["X1", "E4A"])),
                )
            )
            # the next episode starts on the day this one ends, after a gap, or before it
            # ends (an overlap the reader would report)
            day = end + dt.timedelta(days=draw(st.sampled_from([0, 0, 0, 31, -20])))
    return out, born


@given(episodes(), st.integers(0, 30))
@example(([], {}), 0)
def test_columnar_states_equal_the_reference(
    data: tuple[list[CareEpisode], dict[ChildRef, YearMonth]], skip: int
) -> None:
    eps, born = data
    first = YearMonth(2015 + skip // 12, skip % 12 + 1)
    assert monthly_states_columns(eps, born, first_month=first, last_month=LAST) == monthly_states(
        eps, born, first_month=first, last_month=LAST
    )


@settings(max_examples=40)
@given(episodes(), st.integers(1, 40))
def test_columnar_forecast_equals_the_reference(
    data: tuple[list[CareEpisode], dict[ChildRef, YearMonth]], reference_months: int
) -> None:
    eps, born = data
    eps = [*eps, REACHES_MARCH_2018]
    kwargs = {
        "year": FinancialYear(2017),
        "years": 2,
        "reference_months": reference_months,
        "bootstrap": BootstrapSettings(resamples=9, seed=3),
    }
    assert forecast_demand_columns(eps, born, **kwargs) == forecast_demand(  # type: ignore[arg-type]
        eps,
        born,
        **kwargs,  # type: ignore[arg-type]
    )


def test_columnar_forecast_of_the_sample_equals_the_reference() -> None:
    from slcp.sample import south_london

    sample = south_london()
    born = {c.ref: c.month_of_birth for c in sample.children if c.month_of_birth}
    settings_ = BootstrapSettings(resamples=9)
    assert forecast_demand_columns(
        sample.episodes, born, year=FinancialYear(2019), years=3, bootstrap=settings_
    ) == forecast_demand(
        sample.episodes, born, year=FinancialYear(2019), years=3, bootstrap=settings_
    )
