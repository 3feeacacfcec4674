"""The projection's monthly split: the row-wise splitter against the readable step and
against :func:`slcp.money.allocate_pence`, whose largest-remainder rule both follow."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.demand._projection import _splitter, _step
from slcp.money import allocate_pence


@st.composite
def splits(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``pop (B, A, S)``, ``num (B, S, S+1)`` with every row positive, ``den = Σ num``."""
    b, a, s = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    # small numerators make equal remainders (ties) common; zeros make empty flows
    cell = st.integers(0, 6) if draw(st.booleans()) else st.integers(0, 20_000)
    num = np.array(
        draw(st.lists(cell, min_size=b * s * (s + 1), max_size=b * s * (s + 1))), dtype=np.int64
    ).reshape(b, s, s + 1)
    num[:, :, -1] += num.sum(axis=-1) == 0  # a row of zeros has no share to split by
    pop = np.array(
        draw(st.lists(st.integers(0, 200_000), min_size=b * a * s, max_size=b * a * s)),
        dtype=np.int64,
    ).reshape(b, a, s)
    return pop, num, num.sum(axis=-1)


@given(splits())
@example(  # 7 units, two equal rates: 4 and 3 (the tie to the lower destination)
    (
        np.array([[[7]]], dtype=np.int64),
        np.array([[[1, 1]]], dtype=np.int64),
        np.array([[2]], dtype=np.int64),
    )
)
def test_the_splitter_equals_the_step_and_allocate_pence(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    pop, num, den = data
    b, a, s = pop.shape
    flows = _step(pop, num, den)
    assert np.array_equal(_splitter(num, den, a)(pop).transpose(1, 2, 3, 0), flows)
    # keys compared one destination at a time, as for a national bootstrap
    one_by_one = _splitter(num, den, a, rank_cells=0)(pop)
    assert np.array_equal(one_by_one.transpose(1, 2, 3, 0), flows)
    for bi in range(b):
        for ai in range(a):
            for si in range(s):
                weights = {j: int(x) for j, x in enumerate(num[bi, si])}
                parts = allocate_pence(int(pop[bi, ai, si]), weights)
                assert flows[bi, ai, si].tolist() == list(parts.values())


def test_seven_units_over_two_equal_rates_by_hand() -> None:
    # 7 × 1 ÷ 2 = 3.5 each: floors 3 and 3, one unit short, the remainders tie, so the lower
    # destination gets it: 4 and 3
    pop = np.array([[[7]]], dtype=np.int64)
    num = np.array([[[1, 1]]], dtype=np.int64)
    den = np.array([[2]], dtype=np.int64)
    assert _splitter(num, den, 1)(pop).reshape(-1).tolist() == [4, 3]
    assert _splitter(num, den, 1, rank_cells=0)(pop).reshape(-1).tolist() == [4, 3]
