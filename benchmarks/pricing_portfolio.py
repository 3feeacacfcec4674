"""Benchmark: cost a 100,000-placement portfolio over five financial years with one uplift round.

Run with ``.venv/bin/python benchmarks/pricing_portfolio.py [placements]``. Prints the time to
build the portfolio, the wall time of :func:`slcp.pricing.cost_portfolio` over 2019/20 to
2023/24 with one fee-uplift round, the wall time of :func:`slcp.pricing.cost_avoidance` for that
round, and the peak memory of a second costing run measured with :mod:`tracemalloc` (which
slows Python down, so it is timed apart).

The portfolio is synthetic and deterministic (a fixed random seed): the twelve South London
boroughs, 400 providers in two tiers, both workstreams, every charging basis, one to three
fee-history entries per placement, a fifth of placements ended within the window.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import tracemalloc

from slcp.domain import (
    SOUTH_LONDON_BOROUGHS,
    ChargingBasis,
    ChargingMethod,
    FeeComponents,
    FeeUpliftRound,
    LotId,
    Placement,
    PlacementId,
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    UpliftBand,
    UpliftId,
    UpliftPosition,
    UpliftRequest,
    VehicleId,
    Workstream,
)
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.pricing import cost_avoidance, cost_portfolio
from slcp.timeline import Source, SourceKind, Timeline, TimelineEntry

SOURCE = Source(kind=SourceKind.ASSUMPTION, citation="benchmark portfolio")
YEARS = tuple(FinancialYear(y) for y in range(2019, 2024))
PROVIDERS = 400
SERVICES = {
    Workstream.SEND: (
        (
            ServiceKind.SEND_DAY,
            ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
        ),
        (
            ServiceKind.SEND_RESIDENTIAL_38_WEEK,
            ChargingBasis(method=ChargingMethod.WEEKS_PER_YEAR, weeks_per_year=38),
        ),
        (ServiceKind.SEND_RESIDENTIAL_52_WEEK, ChargingBasis()),
    ),
    Workstream.LAC: (
        (ServiceKind.CHILDRENS_HOME, ChargingBasis()),
        (ServiceKind.INDEPENDENT_FOSTERING, ChargingBasis(method=ChargingMethod.WHOLE_WEEKS)),
    ),
}


def build_portfolio(count: int, *, seed: int = 2019) -> tuple[Programme, FeeUpliftRound]:
    """A deterministic programme of ``count`` placements and one LAC + SEND uplift round."""
    rng = random.Random(seed)
    providers = tuple(
        Provider(id=ProviderId(f"PRV-{i:04d}"), name=f"Provider {i}", tier="A" if i % 3 else "B")
        for i in range(PROVIDERS)
    )
    window_start = dt.date(2017, 4, 1).toordinal()
    window_end = dt.date(2024, 3, 31).toordinal()
    placements: list[Placement] = []
    for n in range(count):
        workstream = Workstream.SEND if n % 2 else Workstream.LAC
        service, basis = rng.choice(SERVICES[workstream])
        start = dt.date.fromordinal(rng.randrange(window_start, window_end - 30))
        end = None
        if rng.random() < 0.2:
            end = start + dt.timedelta(days=rng.randrange(7, 1500))
        weekly = rng.randrange(50_000, 1_200_000)
        entries = [
            TimelineEntry(effective=start, value=FeeComponents(core=Money(weekly)), source=SOURCE)
        ]
        day = start
        for _ in range(rng.randrange(0, 3)):
            day = day + dt.timedelta(days=rng.randrange(60, 700))
            if end is not None and day >= end:
                break
            weekly = weekly + rng.randrange(-20_000, 80_000)
            entries.append(
                TimelineEntry(
                    effective=day, value=FeeComponents(core=Money(max(weekly, 0))), source=SOURCE
                )
            )
        provider = providers[rng.randrange(PROVIDERS)].id
        called_off = rng.random() < 0.6
        lot = f"{workstream.value.upper()}-V/{1 if service.value.endswith('home') else 2}"
        route = (
            PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("V"), lot=LotId(lot))
            if called_off
            else PurchaseRoute(kind=RouteKind.SPOT)
        )
        placements.append(
            Placement(
                id=PlacementId(f"PL-{n:06d}"),
                child=f"C{n:06d}",
                borough=SOUTH_LONDON_BOROUGHS[n % len(SOUTH_LONDON_BOROUGHS)].gss_code,
                workstream=workstream,
                provider=provider,
                service=service,
                period=DateRange(start=start, end=end),
                fees=Timeline(entries=tuple(entries)),
                charging=basis,
                route=route,
            )
        )
    requests = tuple(
        UpliftRequest(provider=p.id, requested=Rate.of(f"0.0{rng.randrange(1, 9)}"), source=SOURCE)
        for p in providers
        if rng.random() < 0.7
    )
    uplift = FeeUpliftRound(
        id=UpliftId("ALL-2021/22"),
        workstream=Workstream.LAC,
        financial_year=FinancialYear(2021),
        position=UpliftPosition(
            default_cap=Rate.of("0.02"),
            bands=(UpliftBand(cap=Rate.of("0.03"), provider_tier="B"),),
            source=SOURCE,
        ),
        requests=requests,
        source=SOURCE,
    )
    programme = Programme(
        name="Benchmark programme",
        host=SOUTH_LONDON_BOROUGHS[2].gss_code,
        boroughs=SOUTH_LONDON_BOROUGHS,
        providers=providers,
        placements=tuple(placements),
        uplift_rounds=(uplift,),
    )
    return programme, uplift


def main(count: int) -> None:
    """Build, cost and report."""
    t0 = time.perf_counter()
    programme, uplift = build_portfolio(count)
    t1 = time.perf_counter()
    c1 = time.process_time()
    cost = cost_portfolio(programme, YEARS, rounds=(uplift,))
    t2 = time.perf_counter()
    c2 = time.process_time()
    avoided = cost_avoidance(programme, (uplift,), horizon=YEARS[-1])
    t3 = time.perf_counter()
    tracemalloc.start()
    cost_portfolio(programme, YEARS, rounds=(uplift,))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"placements:                 {count:,}")
    print(f"cells:                      {len(cost.cells):,}")
    print(f"build portfolio:            {t1 - t0:6.2f} s")
    print(f"cost 5 years + 1 round:     {t2 - t1:6.2f} s wall, {c2 - c1:6.2f} s CPU")
    print(f"cost avoidance of the round:{t3 - t2:6.2f} s")
    print(f"peak memory while costing:  {peak / 2**20:6.1f} MiB (tracemalloc; portfolio excluded)")
    for year in YEARS:
        print(f"  {year}: {cost.total(year)}")
    print(f"  avoided by {uplift.id} to {YEARS[-1]}: {avoided.total}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
