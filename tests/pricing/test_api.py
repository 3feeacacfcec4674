"""The public API of slcp.pricing: sorted, resolvable, nothing private."""

from __future__ import annotations

import pytest

import slcp.pricing
from slcp.errors import InvalidValueError
from tests.pricing.builders import uplift_round


def test_all_is_sorted_resolvable_and_public() -> None:
    names = slcp.pricing.__all__
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    for name in names:
        assert not name.startswith("_")
        assert getattr(slcp.pricing, name).__module__.startswith("slcp.pricing")


@pytest.mark.parametrize("rate", ["-1", "-1.5", "1.01", "2"])
def test_absurd_uplift_rates_are_refused_when_the_round_is_built(rate: str) -> None:
    # at or below -100%, or above +100%: typed error naming the field
    with pytest.raises(InvalidValueError, match="above -100% and at most 100%") as caught:
        uplift_round(2019, requests=[("P1", rate, None)])
    assert caught.value.field == "requested"
