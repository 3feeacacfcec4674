"""Disclosure control: hand-worked tables, and an attacker who tries to recover small counts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slcp.errors import InvalidValueError
from slcp.outcomes import (
    SUPPRESSED,
    TOTAL,
    CountTable,
    DisclosedTable,
    DisclosurePolicy,
    protect_table,
    round_to_base,
)

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
    assert d.primary == (("Bexley", "Resi"), ("Lewisham", "IFA"))
    assert d.secondary == (("Bexley", "IFA"), ("Lewisham", "Resi"))
    # By hand: a + b = 22 − 6 = 16, c + d = 22 − 12 = 10, a + c = 20 − 11 = 9 and
    # b + d = 42 − 25 = 17 leave one degree of freedom: (a, b, c, d) = (1, 15, 8, 2),
    # (2, 14, 7, 3) or (3, 13, 6, 4) all fit, so neither small count can be recovered.
    tables = {tuple(map(tuple, t)) for t in itertools.islice(_solutions(d, THREE), 50)}
    assert ((1, 15, 6), (11, 25, 9), (8, 2, 12)) in tables
    assert ((3, 13, 6), (11, 25, 9), (6, 4, 12)) in tables
    assert _recoverable(d, THREE) == []


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
    assert d.primary == (("Bexley", "Resi"), ("Bexley", "IFA"), ("Bexley", TOTAL))
    assert d.secondary == (("Croydon", "Resi"), ("Croydon", "IFA"), ("Croydon", TOTAL))


def test_zeros_are_published_and_never_used_as_complements() -> None:
    t = CountTable(rows=("A", "B"), columns=("x", "y", "z"), counts=((3, 0, 9), (8, 0, 7)))
    d = protect_table(t, DisclosurePolicy(threshold=5))
    # 0s stay; 3 is protected with 9, 8 and 7 (the only non-zero cells it can pair with)
    assert d.grid() == [[C, 0, C, 12], [C, 0, C, 15], [11, 0, 16, 27]]


def test_without_secondary_suppression_a_small_count_is_recoverable() -> None:
    d = protect_table(THREE, DisclosurePolicy(threshold=5, secondary=False))
    assert d.grid()[0] == [C, 14, 6, 22]  # 22 − 14 − 6 = 2: this is what secondary prevents
    assert d.secondary == ()
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
    assert d.secondary == ()


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


Pos = tuple[int, int]


def _solutions(
    d: DisclosedTable, truth: CountTable, *, pinned: dict[Pos, int] | None = None
) -> Iterator[list[list[int]]]:
    """Interior tables consistent with everything published (no rounding), by search.

    The reader knows every published count and total, that counts are whole numbers, and
    that a suppressed count is at least 1 when zeros are published. ``pinned`` fixes some
    hidden cells. Other candidates are tried nearest the truth first; the search is
    exhaustive when no table fits.
    """
    grid = d.grid()
    n_r, n_c = len(truth.rows), len(truth.columns)
    lower = d.policy.lower_bound
    true = truth.grid()
    top = true[-1][-1] + 2
    pins = pinned or {}
    unknown = [
        (i, j) for i in range(n_r) for j in range(n_c) if grid[i][j] == C and (i, j) not in pins
    ]
    cell: list[list[int | None]] = [
        [v if isinstance(v, int) else pins.get((i, j)) for j, v in enumerate(row[:n_c])]
        for i, row in enumerate(grid[:n_r])
    ]

    def total_ok(line: list[int | None], published: object) -> bool:
        known = sum(v for v in line if v is not None)
        open_count = sum(v is None for v in line)
        if published == C:
            return open_count > 0 or known >= lower
        assert isinstance(published, int)
        if open_count == 0:
            return known == published
        return known + lower * open_count <= published

    def consistent() -> bool:
        rows_ok = all(total_ok(cell[i], grid[i][n_c]) for i in range(n_r))
        cols_ok = all(total_ok([cell[i][j] for i in range(n_r)], grid[n_r][j]) for j in range(n_c))
        return rows_ok and cols_ok and total_ok([v for r in cell for v in r], grid[n_r][n_c])

    def search(k: int) -> Iterator[list[list[int]]]:
        if k == len(unknown):
            yield [[v for v in row if v is not None] for row in cell]
            return
        i, j = unknown[k]
        t = true[i][j]
        for v in sorted(range(lower, top + 1), key=lambda v: (abs(v - t), v)):
            cell[i][j] = v
            if consistent():
                yield from search(k + 1)
            cell[i][j] = None

    if consistent():
        yield from search(0)


def _value(interior: list[list[int]], pos: Pos) -> int:
    """A cell or total of the table with totals, from its interior."""
    grid = CountTable(
        rows=tuple(str(i) for i in range(len(interior))),
        columns=tuple(str(j) for j in range(len(interior[0]))),
        counts=tuple(tuple(r) for r in interior),
    ).grid()
    return grid[pos[0]][pos[1]]


def _differs(d: DisclosedTable, truth: CountTable, pos: Pos) -> bool:
    """True when some table consistent with the publication differs from the truth at ``pos``.

    A different value at ``pos`` needs a different value in at least one hidden interior cell
    of its line (the cell itself, or a cell of the row, the column or the whole table for a
    total), so each such cell is pinned in turn to each other value.
    """
    n_r, n_c = len(truth.rows), len(truth.columns)
    grid, true = d.grid(), truth.grid()
    i, j = pos
    line = [
        (a, b)
        for a in range(n_r)
        for b in range(n_c)
        if grid[a][b] == C and i in {a, n_r} and j in {b, n_c}
    ]
    lower, top = d.policy.lower_bound, true[-1][-1] + 2
    for c in line:
        for v in sorted(range(lower, top + 1), key=lambda v: (abs(v - true[c[0]][c[1]]), v)):
            if v == true[c[0]][c[1]]:
                continue
            for k, sol in enumerate(_solutions(d, truth, pinned={c: v})):
                if _value(sol, pos) != true[i][j]:
                    return True
                if k >= 200:  # keeps the search short; a small total moves with its line
                    break
    return False


def _recoverable(d: DisclosedTable, truth: CountTable) -> list[Pos]:
    """Hidden small cells and totals whose value every consistent table agrees on."""
    grid, true = d.grid(), truth.grid()
    return [
        (i, j)
        for i, row in enumerate(grid)
        for j, shown in enumerate(row)
        if shown == C and d.policy.is_small(true[i][j]) and not _differs(d, truth, (i, j))
    ]


@st.composite
def small_tables(draw: st.DrawFn) -> CountTable:
    n_r = draw(st.integers(min_value=1, max_value=3))
    n_c = draw(st.integers(min_value=1, max_value=3))
    counts = tuple(
        tuple(draw(st.integers(min_value=0, max_value=9)) for _ in range(n_c)) for _ in range(n_r)
    )
    return CountTable(
        rows=tuple(f"r{i}" for i in range(n_r)),
        columns=tuple(f"c{j}" for j in range(n_c)),
        counts=counts,
    )


@given(small_tables(), st.integers(min_value=1, max_value=6))
@example(CountTable(rows=("a", "b"), columns=("x", "y"), counts=((1, 1), (1, 1))), 2)
@example(CountTable(rows=("a", "b"), columns=("x", "y"), counts=((1, 2), (10, 20))), 5)
@example(CountTable(rows=("a",), columns=("x",), counts=((1,),)), 5)
def test_no_small_count_is_recoverable_from_the_published_totals(
    table: CountTable, threshold: int
) -> None:
    d = protect_table(table, DisclosurePolicy(threshold=threshold))
    assert _recoverable(d, table) == []


@given(small_tables(), st.integers(min_value=1, max_value=6), st.sampled_from([None, 5, 10]))
def test_policy_properties(table: CountTable, threshold: int, base: int | None) -> None:
    policy = DisclosurePolicy(threshold=threshold, rounding_base=base)
    d = protect_table(table, policy)
    grid, true = d.grid(), table.grid()
    hidden = {*d.primary, *d.secondary}
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
    unrounded = protect_table(table, DisclosurePolicy(threshold=threshold))
    assert (unrounded.primary, unrounded.secondary) == (d.primary, d.secondary)


def test_the_attacker_recovers_counts_left_unprotected() -> None:
    # without secondary suppression: Bexley/Resi = 22 − 14 − 6 = 2, Lewisham/IFA = 22 − 7 − 12
    d = protect_table(THREE, DisclosurePolicy(threshold=5, secondary=False))
    assert _recoverable(d, THREE) == [(0, 0), (2, 1)]


def test_rounding_refuses_negative_counts() -> None:
    with pytest.raises(InvalidValueError):
        round_to_base(-3, 5)


def test_the_attacker_recovers_small_totals_left_unprotected() -> None:
    # Bexley 1 + 2 = 3 all hidden, but Croydon's 10 and 20 and the column totals 11 and 22
    # are published: 11 − 10 = 1, 22 − 20 = 2 and so 3
    t = CountTable(rows=("Bexley", "Croydon"), columns=("Resi", "IFA"), counts=((1, 2), (10, 20)))
    d = protect_table(t, DisclosurePolicy(threshold=5, secondary=False))
    assert _recoverable(d, t) == [(0, 0), (0, 1), (0, 2)]
