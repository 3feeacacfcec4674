"""Disclosure control: hand-worked tables, and an attacker who tries to recover small counts."""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.errors import InvalidValueError
from slcp.outcomes import (
    PUBLICATION_POLICY,
    SUPPRESSED,
    TOTAL,
    CountTable,
    DisclosedTable,
    DisclosurePolicy,
    plan_suppression,
    protect_table,
    round_to_base,
)

scipy_optimize = pytest.importorskip("scipy.optimize")

C = SUPPRESSED

# Boroughs × placement type; worked by hand in docs/outcomes/disclosure.md.
#              Resi  IFA  Other | Total
#   Bexley       2    14     6  |  22
#   Croydon     11    25     9  |  45
#   Lewisham     7     3    12  |  22
#   Total       20    42    27  |  89
THREE = CountTable(
    rows=("Bexley", "Croydon", "Lewisham"),
    columns=("Resi", "IFA", "Other"),
    counts=((2, 14, 6), (11, 25, 9), (7, 3, 12)),
)


def test_primary_and_secondary_suppression_by_hand() -> None:
    d = protect_table(THREE, DisclosurePolicy(threshold=5))
    # Primary: Bexley/Resi 2 and Lewisham/IFA 3 (below 5). Bexley/Resi is protected by the
    # rectangle Bexley, Lewisham × Resi, IFA, one corner of which (Lewisham/IFA) is already
    # hidden: only Bexley/IFA 14 and Lewisham/Resi 7 are added. That rectangle also protects
    # Lewisham/IFA.
    assert d.grid() == [
        [C, C, 6, 22],
        [11, 25, 9, 45],
        [C, C, 12, 22],
        [20, 42, 27, 89],
    ]
    plan = plan_suppression(THREE, DisclosurePolicy(threshold=5))
    assert plan.primary == (("Bexley", "Resi"), ("Lewisham", "IFA"))
    assert plan.secondary == (("Bexley", "IFA"), ("Lewisham", "Resi"))
    # By hand: a + b = 22 − 6 = 16, c + d = 22 − 12 = 10, a + c = 20 − 11 = 9 and
    # b + d = 42 − 25 = 17 leave one degree of freedom, a = 9 − c with every cell >= 1:
    # a runs from 1 (c = 8) to 8 (c = 1, b = 8, d = 9), so a ∈ [1, 8], b ∈ [8, 15],
    # c ∈ [1, 8], d ∈ [2, 9]: eight values each, at least the threshold's five.
    assert _ranges(d) == {(0, 0): (1, 8), (0, 1): (8, 15), (2, 0): (1, 8), (2, 1): (2, 9)}


def test_rounding_to_5_and_10_with_the_same_suppression() -> None:
    five = protect_table(THREE, DisclosurePolicy(threshold=5, rounding_base=5))
    # 6→5, 22→20, 11→10, 25→25, 9→10, 45→45, 12→10, 20→20, 42→40, 27→25, 89→90
    assert five.grid() == [
        [C, C, 5, 20],
        [10, 25, 10, 45],
        [C, C, 10, 20],
        [20, 40, 25, 90],
    ]
    ten = protect_table(THREE, DisclosurePolicy(threshold=5, rounding_base=10))
    # 6→10, 22→20, 11→10, 25→30, 9→10, 45→50, 12→10, 20→20, 42→40, 27→30, 89→90
    assert ten.grid() == [
        [C, C, 10, 20],
        [10, 30, 10, 50],
        [C, C, 10, 20],
        [20, 40, 30, 90],
    ]
    assert "rounded to the nearest 10" in ten.rule


def test_small_totals_are_suppressed_and_protected() -> None:
    #            Resi IFA | Total
    #   Bexley     1    2 |   3      all three below 5
    #   Croydon   10   20 |  30
    #   Total     11   22 |  33
    # Bexley/Resi: cheapest rectangle Bexley, Croydon × Resi, IFA adds Croydon 10 and 20
    # (no totals). Bexley/IFA is then protected by shifting −1 on itself (2 → 1). The
    # Bexley total 3 needs a rectangle through a total: Bexley, Croydon × Resi, Total adds
    # Croydon's total 30 (shift: Bexley total 4, Bexley/Resi 2, Croydon/Resi 9, Croydon 29).
    t = CountTable(rows=("Bexley", "Croydon"), columns=("Resi", "IFA"), counts=((1, 2), (10, 20)))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    assert d.grid() == [[C, C, C], [C, C, C], [11, 22, 33]]
    plan = plan_suppression(t, DisclosurePolicy(threshold=5))
    assert plan.primary == (("Bexley", "Resi"), ("Bexley", "IFA"), ("Bexley", TOTAL))
    assert set(plan.secondary) == {("Croydon", "Resi"), ("Croydon", "IFA"), ("Croydon", TOTAL)}
    # Only the column totals 11, 22, 33 are known: Bexley/Resi = 11 − Croydon/Resi runs
    # from 1 to 10, Bexley/IFA from 1 to 21, Bexley's total from 2 to 31.
    ranges = _ranges(d)
    assert ranges[(0, 0)] == (1, 10)
    assert ranges[(0, 1)] == (1, 21)
    assert ranges[(0, 2)] == (2, 31)


def test_zeros_are_published_and_never_used_as_complements() -> None:
    t = CountTable(rows=("A", "B"), columns=("x", "y", "z"), counts=((3, 0, 9), (8, 0, 7)))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    # 0s stay; 3 is protected with 9, 8 and 7 (the only non-zero cells it can pair with)
    assert d.grid() == [[C, 0, C, 12], [C, 0, C, 15], [11, 0, 16, 27]]


def test_without_secondary_suppression_a_small_count_is_recoverable() -> None:
    d = protect_table(THREE, DisclosurePolicy(threshold=5, secondary=False))
    assert d.grid()[0] == [C, 14, 6, 22]  # 22 − 14 − 6 = 2: this is what secondary prevents
    assert plan_suppression(THREE, DisclosurePolicy(threshold=5, secondary=False)).secondary == ()
    assert "no secondary suppression" in d.rule


def test_suppress_zeros_option() -> None:
    t = CountTable(rows=("A", "B"), columns=("x", "y"), counts=((0, 9), (8, 7)))
    d = protect_table(t, DisclosurePolicy(threshold=5, suppress_zeros=True))
    assert d.grid()[0][0] == C


def test_a_single_small_cell_takes_its_totals_with_it() -> None:
    # 1 with totals 1, 1, 1: all four are small; shifting all four up by one (2, 2, 2, 2)
    # agrees with everything published, so the rectangle of the cell and its totals protects
    t = CountTable(rows=("A",), columns=("x",), counts=((1,),))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    assert d.grid() == [[C, C], [C, C]]
    assert plan_suppression(t, DisclosurePolicy(threshold=5)).secondary == ()
    # nothing published: the cell is at least 1 and has no upper bound
    assert _ranges(d)[(0, 0)] == (1, None)


def test_a_rectangle_through_the_totals_always_exists() -> None:
    # One row: 2 is protected by its column total (2), its row total (12) and the grand
    # total (12) moving up together, or by 10 and its column total moving down: the cheaper
    # (fewest new cells, then fewest totals) is taken.
    t = CountTable(rows=("A",), columns=("x", "y"), counts=((2, 10),))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    assert d.grid() == [[C, C, 12], [C, C, 12]]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"threshold": 0}, "threshold"),
        ({"threshold": 5, "rounding_base": 1}, "rounding base"),
        ({"threshold": True}, "threshold"),
    ],
)
def test_bad_policies(kwargs: dict[str, int], match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        DisclosurePolicy(**kwargs)  # type: ignore[arg-type]


def test_bad_tables() -> None:
    with pytest.raises(InvalidValueError, match="whole numbers"):
        CountTable(rows=("A",), columns=("x",), counts=((True,),))
    with pytest.raises(InvalidValueError, match="one row per row label"):
        CountTable(rows=("A", "B"), columns=("x",), counts=((1,),))
    with pytest.raises(InvalidValueError, match="unique labels"):
        CountTable(rows=(TOTAL,), columns=("x",), counts=((1,),))


def test_rounding_to_the_base() -> None:
    # halves up: 2.5 → 5 cannot occur for whole counts with base 5; 5 → 10 and 15 → 20 for 10
    assert [round_to_base(n, 5) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [
        0,
        0,
        0,
        5,
        5,
        5,
        5,
        5,
        10,
    ]
    assert [round_to_base(n, 10) for n in (4, 5, 14, 15)] == [0, 10, 10, 20]


# -- the attacker ----------------------------------------------------------------------------
#
# A reader holds the published table and its margins. Each hidden cell and total is an
# unknown; every row and column still adds up to its total, and a hidden count is at least
# 1 when zeros are published (else 0). The bounds of one unknown are two linear programmes
# (minimise it, maximise it). The constraint matrix is a network matrix (each unknown is in
# one row sum and one column sum), so it is totally unimodular: the optimum of each
# programme is a whole number, and every whole number between the two is reached by some
# table — the range is exactly the set of values the reader cannot tell apart.

Pos = tuple[int, int]


def _ranges(d: DisclosedTable) -> dict[Pos, tuple[int, int | None]]:
    """Each hidden cell's least and greatest value (``None``: no upper bound) by LP."""
    grid = d.grid()
    n_r, n_c = len(grid) - 1, len(grid[0]) - 1
    unknown = [(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v == C]
    index = {p: k for k, p in enumerate(unknown)}
    lines = [[(i, j) for j in range(n_c + 1)] for i in range(n_r + 1)]
    lines += [[(i, j) for i in range(n_r + 1)] for j in range(n_c + 1)]
    a_eq, b_eq = [], []
    for line in lines:
        # the cells of a line add up to its last cell (the line's total)
        coefficients = [0] * len(unknown)
        rest = 0
        for k, (i, j) in enumerate(line):
            sign = -1 if k == len(line) - 1 else 1
            value = grid[i][j]
            if value == C:
                coefficients[index[(i, j)]] += sign
            else:
                assert isinstance(value, int)
                rest -= sign * value
        a_eq.append(coefficients)
        b_eq.append(rest)
    out: dict[Pos, tuple[int, int | None]] = {}
    lower = d.policy.lower_bound
    for p in unknown:
        bounds = []
        for direction in (1, -1):
            objective = [0] * len(unknown)
            objective[index[p]] = direction
            result = scipy_optimize.linprog(
                objective, A_eq=a_eq, b_eq=b_eq, bounds=[(lower, None)] * len(unknown)
            )
            assert result.status in (0, 3), result.message  # optimal, or unbounded
            bounds.append(None if result.status == 3 else round(direction * result.fun))
        low, high = bounds
        assert low is not None  # every unknown is bounded below by the lower bound
        out[p] = (low, high)
    return out


def _width(r: tuple[int, int | None]) -> float:
    """How many whole values a range holds."""
    return float("inf") if r[1] is None else r[1] - r[0] + 1


def _attack(table: CountTable, policy: DisclosurePolicy) -> tuple[int, int, int]:
    """(hidden cells, recovered exactly, pinned to fewer values than the policy protects)."""
    d = protect_table(table, policy)
    ranges = _ranges(d)
    true = table.grid()
    for (i, j), (low, high) in ranges.items():
        # the truth is always one of the tables the reader cannot rule out
        assert low <= true[i][j]
        assert high is None or true[i][j] <= high
    recovered = sum(_width(r) == 1 for r in ranges.values())
    pinned = sum(_width(r) < policy.protected_values for r in ranges.values())
    return len(ranges), recovered, pinned


@st.composite
def small_tables(draw: st.DrawFn) -> CountTable:
    n_r = draw(st.integers(min_value=1, max_value=4))
    n_c = draw(st.integers(min_value=1, max_value=4))
    count = st.one_of(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=40))
    counts = tuple(tuple(draw(count) for _ in range(n_c)) for _ in range(n_r))
    return CountTable(
        rows=tuple(f"r{i}" for i in range(n_r)),
        columns=tuple(f"c{j}" for j in range(n_c)),
        counts=counts,
    )


@given(small_tables(), st.integers(min_value=1, max_value=6), st.booleans())
@example(CountTable(rows=("a", "b"), columns=("x", "y"), counts=((1, 1), (1, 1))), 2, False)
@example(CountTable(rows=("a", "b"), columns=("x", "y"), counts=((1, 2), (10, 20))), 5, False)
@example(CountTable(rows=("a",), columns=("x",), counts=((1,),)), 5, False)
@example(CountTable(rows=("a", "b"), columns=("x", "y"), counts=((0, 3), (7, 9))), 1, True)
def test_no_hidden_count_is_recovered_or_pinned_below_the_threshold(
    table: CountTable, threshold: int, suppress_zeros: bool
) -> None:
    policy = DisclosurePolicy(threshold=threshold, suppress_zeros=suppress_zeros)
    _, recovered, pinned = _attack(table, policy)
    assert (recovered, pinned) == (0, 0)


def test_the_attack_on_two_hundred_generated_tables() -> None:
    # the audit's experiment on 200 small tables of borough counts, threshold 5. A fixed seed
    # keeps it the same experiment every run.
    rng = random.Random(404)
    hidden = recovered = pinned = 0
    for _ in range(200):
        n_r, n_c = rng.randint(2, 4), rng.randint(2, 4)
        counts = tuple(
            tuple(rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 12, 20)) for _ in range(n_c))
            for _ in range(n_r)
        )
        table = CountTable(
            rows=tuple(f"r{i}" for i in range(n_r)),
            columns=tuple(f"c{j}" for j in range(n_c)),
            counts=counts,
        )
        h, r, p = _attack(table, DisclosurePolicy(threshold=5))
        hidden, recovered, pinned = hidden + h, recovered + r, pinned + p
    assert hidden > 1000  # the experiment hides enough cells to mean something
    assert (recovered, pinned) == (0, 0)


@given(small_tables(), st.integers(min_value=1, max_value=6), st.sampled_from([None, 5, 10]))
def test_policy_properties(table: CountTable, threshold: int, base: int | None) -> None:
    policy = DisclosurePolicy(threshold=threshold, rounding_base=base)
    d = protect_table(table, policy)
    plan = plan_suppression(table, policy)
    grid, true = d.grid(), table.grid()
    hidden = {*plan.primary, *plan.secondary}
    rows, columns = (*table.rows, TOTAL), (*table.columns, TOTAL)
    # every small count (cell or total) is suppressed, and only suppressed cells show "c"
    for i, row in enumerate(true):
        for j, v in enumerate(row):
            if policy.is_small(v):
                assert grid[i][j] == C
            assert (grid[i][j] == C) == ((rows[i], columns[j]) in hidden)
            if grid[i][j] != C:
                published = grid[i][j]
                assert isinstance(published, int)
                # rounded to the base, from the true figure, and rounding it again is a no-op
                assert published == round_to_base(v, base)
                assert round_to_base(published, base) == published
                if base is not None:
                    assert published % base == 0
    # rounding never changes which cells are suppressed
    assert plan_suppression(table, DisclosurePolicy(threshold=threshold)) == plan


def test_the_attacker_recovers_counts_left_unprotected() -> None:
    # without secondary suppression: Bexley/Resi = 22 − 14 − 6 = 2, Lewisham/IFA = 22 − 7 − 12
    d = protect_table(THREE, DisclosurePolicy(threshold=5, secondary=False))
    assert _ranges(d) == {(0, 0): (2, 2), (2, 1): (3, 3)}


def test_a_shift_of_one_is_not_protection_enough() -> None:
    # Hiding the four cells and row a's total but publishing row b's total: a reader gets
    # a/x + a/y = 33 − 30 = 3 with each at least 1, so a/x is 1 or 2 — "not recovered", as
    # the old ±1 rule asked, but pinned to two values, fewer than the threshold's five.
    #            x    y  | Total
    #   a        1    2  |   3
    #   b       10   20  |  30
    #   Total   11   22  |  33
    t = CountTable(rows=("a", "b"), columns=("x", "y"), counts=((1, 2), (10, 20)))
    weak = DisclosedTable(
        rows=t.rows,
        columns=t.columns,
        cells=((C, C), (C, C)),
        row_totals=(C, 30),
        column_totals=(11, 22),
        grand_total=33,
        policy=DisclosurePolicy(threshold=5),
        rule="",
    )
    assert _ranges(weak)[(0, 0)] == (1, 2)
    # slcp hides row b's total too, and then every hidden cell can take five values or more
    assert protect_table(t).row_totals == (C, C)
    _, recovered, pinned = _attack(t, DisclosurePolicy(threshold=5))
    assert (recovered, pinned) == (0, 0)


def test_the_threshold_boundary() -> None:
    # count < threshold is hidden; count == threshold is published. With threshold 5, the
    # 4 is hidden (and protected) and the 5s are published: `<=` would hide them too.
    t = CountTable(rows=("a", "b"), columns=("x", "y"), counts=((4, 5), (5, 30)))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    plan = plan_suppression(t, DisclosurePolicy(threshold=5))
    assert plan.primary == (("a", "x"),)
    assert DisclosurePolicy(threshold=5).is_small(4)
    assert not DisclosurePolicy(threshold=5).is_small(5)
    # the 4's protection: hiding a/x, a/y, b/x, b/y lets a/x rise by up to 4 (a/y, b/x
    # fall to 1) and fall by 3 (to 1, b/y falling to 27): 1..8, eight values
    assert d.grid() == [[C, C, 9], [C, C, 35], [9, 35, 44]]
    assert _ranges(d)[(0, 0)] == (1, 8)
    # a table whose smallest count is the threshold publishes everything
    at = CountTable(rows=("a", "b"), columns=("x", "y"), counts=((5, 5), (5, 5)))
    assert protect_table(at, DisclosurePolicy(threshold=5)).grid() == [
        [5, 5, 10],
        [5, 5, 10],
        [10, 10, 20],
    ]


def test_published_tables_carry_no_labels() -> None:
    names = {a.name for a in attrs.fields(DisclosedTable)}
    assert not names & {"primary", "secondary"}
    assert "4" not in protect_table(CountTable(rows=("a",), columns=("x",), counts=((4,),))).rule


def test_publication_policy_is_the_default() -> None:
    t = CountTable(rows=("Bexley", "Croydon"), columns=("Placements",), counts=((4,), (40,)))
    assert protect_table(t).policy == PUBLICATION_POLICY == DisclosurePolicy(threshold=5)
    # the sample report's borough count of 4 is never published
    assert protect_table(t).cells[0] == (C,)


def test_rounding_refuses_negative_counts() -> None:
    with pytest.raises(InvalidValueError):
        round_to_base(-3, 5)
