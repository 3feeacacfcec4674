"""Distance bands from the district → borough table and borough neighbours."""

from __future__ import annotations

import pytest

from slcp.market import (
    NEIGHBOURING_BOROUGHS,
    SOUTH_LONDON_DISTRICTS,
    DistanceBand,
    borough_of_district,
    distance_band,
)


@pytest.mark.parametrize(
    ("home", "placed", "band"),
    [
        ("CR0", "CR0", DistanceBand.SAME_DISTRICT),
        ("CR0", "SE25", DistanceBand.SAME_BOROUGH),  # both Croydon
        ("SE9", "DA16", DistanceBand.NEIGHBOURING_BOROUGH),  # Greenwich - Bexley
        ("SW19", "SM1", DistanceBand.NEIGHBOURING_BOROUGH),  # Merton - Sutton
        ("TW9", "SE28", DistanceBand.SOUTH_LONDON),  # Richmond to Greenwich
        ("SE1", "RH1", DistanceBand.NEAR_LONDON),  # Redhill: a home-counties area
        ("SE1", "N1", DistanceBand.NEAR_LONDON),  # north London
        ("SE1", "B1", DistanceBand.FURTHER),  # Birmingham
        ("RH1", "CR0", DistanceBand.NEAR_LONDON),  # a home outside the table
        ("RH1", "RH1", DistanceBand.SAME_DISTRICT),
    ],
)
def test_bands(home: str, placed: str, band: DistanceBand) -> None:
    assert distance_band(home, placed) is band


def test_ranks_run_from_0_to_5() -> None:
    assert [b.rank for b in DistanceBand] == [0, 1, 2, 3, 4, 5]


def test_tables_are_consistent() -> None:
    districts = [d for ds in SOUTH_LONDON_DISTRICTS.values() for d in ds]
    assert len(districts) == len(set(districts))  # one borough per district
    assert len(SOUTH_LONDON_DISTRICTS) == 12
    for borough, neighbours in NEIGHBOURING_BOROUGHS.items():
        assert borough not in neighbours
        assert all(borough in NEIGHBOURING_BOROUGHS[n] for n in neighbours)  # symmetric
        assert neighbours  # every borough touches another
    assert borough_of_district("SW16") == "E09000008"
    assert borough_of_district("B1") is None
