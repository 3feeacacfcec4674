"""Disclosure control for tables of counts shared across boroughs or published.

A :class:`DisclosurePolicy` says which counts are too small to show (below ``threshold``),
whether published counts are rounded (to the nearest 5 or 10, halves up) and whether
secondary suppression protects the small ones from being worked out from the totals.
:func:`protect_table` applies it to a :class:`CountTable` and returns a
:class:`DisclosedTable`: each published cell is an ``int`` or ``"c"`` (the DfE's mark for a
suppressed figure), with the row, column and grand totals and the rule used — and nothing
that says which cells were small (a reader told which ``c`` is small learns a bound on it).
:func:`plan_suppression` gives the producer those labels, for checking, never for publishing.
Published outputs use :data:`PUBLICATION_POLICY` unless told otherwise.

Rules (decision 0404):

* **Primary suppression** — every interior cell *and every total* whose true count is below
  the threshold is shown as ``c``; zeros are published as ``0`` unless ``suppress_zeros``
  (a true zero discloses nothing about a child).
* **Secondary suppression** — the table with its totals is an (R+1)×(C+1) grid in which each
  row and column adds up to its total. A *rectangle* of suppressed cells (two rows by two
  columns of the grid) lets the counts be shifted by ``k`` (+k, −k, +k, −k around it, signs
  flipped on total cells) without changing any published figure or breaking any sum, as
  long as every count stays at or above what a reader can assume of a ``c`` (1 when zeros are
  published, else 0). Every such shift is a second table that agrees with everything
  published. A suppressed cell is *protected* when the shifts of the rectangles through it
  give it at least :attr:`DisclosurePolicy.protected_values` possible values (the threshold,
  and never fewer than 2): a reader of the table and its margins can neither recover it nor
  pin it to fewer values than the threshold hides. Every suppressed cell — small or hidden
  to protect one — is protected: unprotected cells get the cheapest rectangle that protects
  them (fewest new cells, then fewest new totals, then the smallest counts), and cells it
  adds are checked in turn. One always exists: the rectangle through the cell's own row
  total, column total and grand total, along which all four grow without limit.
* **Rounding** — published counts and totals are each rounded to the nearest multiple of
  ``rounding_base`` (halves up) from the true figures, so rounded cells need not add up to
  the rounded total.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Final

import attrs

from slcp.errors import InvalidValueError

__all__ = [
    "PUBLICATION_POLICY",
    "SUPPRESSED",
    "TOTAL",
    "CountTable",
    "DisclosedTable",
    "DisclosurePolicy",
    "PublishedCount",
    "SuppressionPlan",
    "plan_suppression",
    "protect_table",
    "round_to_base",
]

#: How a suppressed count is shown (as in DfE statistics).
SUPPRESSED = "c"
#: The label of the total row and column.
TOTAL = "Total"

#: A published count: an int, or ``"c"`` when suppressed.
PublishedCount = int | str


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@attrs.frozen(kw_only=True)
class CountTable:
    """A table of non-negative whole counts with row and column labels.

    Attributes:
        rows: row labels (unique; not ``"Total"``).
        columns: column labels (unique; not ``"Total"``).
        counts: one tuple of counts per row, each as long as ``columns``.

    >>> CountTable(rows=("A",), columns=("x", "y"), counts=((1, -2),))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: counts must be whole numbers >= 0...
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __attrs_post_init__(self) -> None:
        for name, labels in (("rows", self.rows), ("columns", self.columns)):
            if not labels or len(set(labels)) != len(labels) or TOTAL in labels:
                raise InvalidValueError(
                    f"{name} need unique labels, at least one, none called {TOTAL!r}",
                    field=name,
                    value=labels,
                )
        if len(self.counts) != len(self.rows) or any(
            len(r) != len(self.columns) for r in self.counts
        ):
            raise InvalidValueError(
                "counts must have one row per row label and one value per column label",
                field="counts",
                expected=f"{len(self.rows)} rows × {len(self.columns)} columns",
            )
        for i, row in enumerate(self.counts):
            for j, v in enumerate(row):
                if not _is_count(v):
                    raise InvalidValueError(
                        "counts must be whole numbers >= 0",
                        field=f"counts[{i}][{j}]",
                        value=v,
                        expected="an int >= 0",
                    )

    def grid(self) -> list[list[int]]:
        """The counts with a total column and a total row appended (grand total last)."""
        g = [[*row, sum(row)] for row in self.counts]
        g.append([sum(g[i][j] for i in range(len(g))) for j in range(len(self.columns) + 1)])
        return g


@attrs.frozen(kw_only=True)
class DisclosurePolicy:
    """What may be shown of a table of counts.

    Attributes:
        threshold: counts below this are suppressed (``threshold=5`` hides 1-4); >= 1.
        rounding_base: round published counts to the nearest multiple of this (5 or 10, as
            REFERENCE §7 describes), or ``None`` to publish them exactly.
        secondary: apply secondary suppression (on by default; off only for tables no one
            can combine with their totals).
        suppress_zeros: also suppress zeros (off by default: DfE tables publish 0).

    >>> DisclosurePolicy(threshold=5, rounding_base=1)
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: rounding base must be a whole number >= 2...
    """

    threshold: int
    rounding_base: int | None = None
    secondary: bool = True
    suppress_zeros: bool = False

    def __attrs_post_init__(self) -> None:
        if not _is_count(self.threshold) or self.threshold < 1:
            raise InvalidValueError(
                "threshold must be a whole number >= 1",
                field="threshold",
                value=self.threshold,
                expected="e.g. 5 (counts 1-4 are suppressed)",
            )
        if self.rounding_base is not None and (
            not _is_count(self.rounding_base) or self.rounding_base < 2
        ):
            raise InvalidValueError(
                "rounding base must be a whole number >= 2",
                field="rounding_base",
                value=self.rounding_base,
                expected="5, 10 or None",
            )

    def is_small(self, count: int) -> bool:
        """True when ``count`` must be suppressed on its own (primary suppression)."""
        return count < self.threshold and (count > 0 or self.suppress_zeros)

    @property
    def lower_bound(self) -> int:
        """The least value a reader can assume for a suppressed cell (1 when 0 is shown)."""
        return 0 if self.suppress_zeros else 1

    @property
    def protected_values(self) -> int:
        """How many values each suppressed cell must be able to take: the threshold, at least 2.

        >>> DisclosurePolicy(threshold=5).protected_values
        5
        >>> DisclosurePolicy(threshold=1, suppress_zeros=True).protected_values
        2
        """
        return max(self.threshold, 2)


#: The policy published outputs apply unless told otherwise: counts 1-4 hidden (the DfE's
#: and ONS's usual threshold for children's statistics), zeros shown, secondary suppression.
PUBLICATION_POLICY: Final = DisclosurePolicy(threshold=5)


def round_to_base(count: int, base: int | None) -> int:
    """``count`` rounded to the nearest multiple of ``base``, halves up; as is for ``None``.

    >>> [round_to_base(n, 5) for n in (0, 2, 3, 7, 8, 12, 13)]
    [0, 0, 5, 5, 10, 10, 15]
    >>> [round_to_base(n, 10) for n in (4, 5, 14, 15, 25)], round_to_base(7, None)
    ([0, 10, 10, 20, 30], 7)
    """
    if not _is_count(count):
        raise InvalidValueError(
            "only whole counts >= 0 are rounded", field="count", value=count, expected="an int >= 0"
        )
    if base is None:
        return count
    # for an odd base no whole count lies exactly half-way, so one formula serves both
    return (count + base // 2) // base * base


@attrs.frozen(kw_only=True)
class DisclosedTable:
    """A table as it may be published.

    Attributes:
        rows: row labels.
        columns: column labels.
        cells: published interior cells, row by row (``int`` or ``"c"``).
        row_totals: each row's published total.
        column_totals: each column's published total.
        grand_total: the published grand total.
        policy: the policy applied.
        rule: the rule used, in words.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[PublishedCount, ...], ...]
    row_totals: tuple[PublishedCount, ...]
    column_totals: tuple[PublishedCount, ...]
    grand_total: PublishedCount
    policy: DisclosurePolicy
    rule: str

    def grid(self) -> list[list[PublishedCount]]:
        """The published cells with totals appended, as :meth:`CountTable.grid` lays out."""
        g: list[list[PublishedCount]] = [
            [*row, t] for row, t in zip(self.cells, self.row_totals, strict=True)
        ]
        g.append([*self.column_totals, self.grand_total])
        return g


@attrs.frozen(kw_only=True)
class SuppressionPlan:
    """Which cells a policy hides and why: for the producer's checks, never for publishing.

    Attributes:
        primary: (row, column) labels of cells suppressed for being small; totals are
            labelled ``"Total"``; in grid order.
        secondary: (row, column) labels of cells suppressed to protect others, in the order
            they were added.
    """

    primary: tuple[tuple[str, str], ...]
    secondary: tuple[tuple[str, str], ...]


_Cell = tuple[int, int]
_Rectangle = tuple[_Cell, _Cell, _Cell, _Cell]
# a shift no count limits (every corner grows): far beyond any table of children
_UNBOUNDED = 10**18


def _sign(cell: _Cell, last_row: int, last_col: int) -> int:
    # the grid sums to zero along every line once each total cell's sign is flipped
    # (a grand total is on both margins, so it keeps its sign)
    return -1 if (cell[0] == last_row) != (cell[1] == last_col) else 1


def _reach(grid: list[list[int]], r: _Rectangle, lower: int) -> tuple[int, int]:
    """How far the rectangle's first corner can rise and fall, every count kept >= lower."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    pattern = (1, -1, -1, 1)  # around the rectangle p, (i, j'), (i', j), (i', j')
    moves = [y * _sign(c, last_row, last_col) for c, y in zip(r, pattern, strict=True)]
    reach = []
    for direction in (moves[0], -moves[0]):  # first the direction in which p rises
        room = [
            grid[c[0]][c[1]] - lower for c, m in zip(r, moves, strict=True) if direction * m < 0
        ]
        reach.append(min(room) if room else _UNBOUNDED)
    return reach[0], reach[1]


def _rectangles(grid: list[list[int]], p: _Cell) -> list[_Rectangle]:
    i, j = p
    return [
        (p, (i, j2), (i2, j), (i2, j2))
        for i2 in range(len(grid))
        for j2 in range(len(grid[0]))
        if i2 != i and j2 != j
    ]


def _is_margin(c: _Cell, grid: list[list[int]]) -> bool:
    return c[0] == len(grid) - 1 or c[1] == len(grid[0]) - 1


def _suppress(table: CountTable, policy: DisclosurePolicy) -> tuple[list[_Cell], list[_Cell]]:
    """The primary cells and the secondary cells added to protect every suppressed cell."""
    grid = table.grid()
    cells = list(itertools.product(range(len(grid)), range(len(grid[0]))))
    primary = [c for c in cells if policy.is_small(grid[c[0]][c[1]])]
    hidden = set(primary)
    secondary: list[_Cell] = []
    if not policy.secondary:
        return primary, secondary
    lower, wanted = policy.lower_bound, policy.protected_values
    queue = list(primary)
    while queue:
        p = queue.pop(0)
        rects = _rectangles(grid, p)
        rise = fall = 0
        for r in rects:
            if all(c in hidden for c in r):
                up, down = _reach(grid, r, lower)
                rise, fall = max(rise, up), max(fall, down)
        if rise + fall + 1 >= wanted:
            continue
        best: tuple[tuple[int, int, int, _Cell, _Cell], list[_Cell]] | None = None
        for r in rects:
            new = [c for c in r if c not in hidden]
            if any(grid[c[0]][c[1]] < lower for c in new):
                continue
            up, down = _reach(grid, r, lower)
            if max(rise, up) + max(fall, down) + 1 < wanted:
                continue
            cost = (
                len(new),
                sum(_is_margin(c, grid) for c in new),
                sum(grid[c[0]][c[1]] for c in new),
                r[3],
                r[1],
            )
            if best is None or cost < best[0]:
                best = (cost, new)
        if best is None:  # pragma: no cover - cannot happen (decision 0404)
            # the rectangle through the cell's row, column and grand totals, along which
            # every corner grows without limit, always qualifies; reaching here is a defect
            raise InvalidValueError("no protecting rectangle found", field="counts", value=p)
        for c in sorted(best[1]):
            hidden.add(c)
            secondary.append(c)
            queue.append(c)
    return primary, secondary


def _labeller(table: CountTable) -> Callable[[_Cell], tuple[str, str]]:
    def label(c: _Cell) -> tuple[str, str]:
        row = table.rows[c[0]] if c[0] < len(table.rows) else TOTAL
        col = table.columns[c[1]] if c[1] < len(table.columns) else TOTAL
        return row, col

    return label


def plan_suppression(table: CountTable, policy: DisclosurePolicy) -> SuppressionPlan:
    """Which cells :func:`protect_table` hides, labelled primary or secondary.

    For the producer's quality checks only: publishing the labels tells a reader which
    ``c`` is below the threshold.

    >>> t = CountTable(rows=("Bexley", "Croydon"), columns=("Resi", "IFA"),
    ...                counts=((3, 10), (12, 20)))
    >>> plan = plan_suppression(t, DisclosurePolicy(threshold=5))
    >>> plan.primary, plan.secondary
    ((('Bexley', 'Resi'),), (('Bexley', 'IFA'), ('Croydon', 'Resi'), ('Croydon', 'IFA')))
    """
    primary, secondary = _suppress(table, policy)
    label = _labeller(table)
    return SuppressionPlan(
        primary=tuple(label(c) for c in sorted(primary)),
        secondary=tuple(label(c) for c in secondary),
    )


def protect_table(
    table: CountTable, policy: DisclosurePolicy = PUBLICATION_POLICY
) -> DisclosedTable:
    """Apply ``policy`` to ``table`` (rules in the module docstring), ready to publish.

    The result is deterministic: the same table and policy always give the same cells. It
    says nothing of which suppressed cells were small (see :func:`plan_suppression`).

    >>> t = CountTable(rows=("Bexley", "Croydon"), columns=("Resi", "IFA"),
    ...                counts=((3, 10), (12, 20)))
    >>> protect_table(t).grid()
    [['c', 'c', 13], ['c', 'c', 32], [15, 30, 45]]
    """
    grid = table.grid()
    primary, secondary = _suppress(table, policy)
    hidden = {*primary, *secondary}

    def show(c: _Cell) -> PublishedCount:
        return SUPPRESSED if c in hidden else round_to_base(grid[c[0]][c[1]], policy.rounding_base)

    parts = [f"counts below {policy.threshold} shown as {SUPPRESSED!r}"]
    if not policy.suppress_zeros:
        parts.append("zeros shown")
    if policy.secondary:
        parts.append(
            "secondary suppression: each hidden count could take at least "
            f"{policy.protected_values} values"
        )
    else:
        parts.append("no secondary suppression")
    if policy.rounding_base is not None:
        parts.append(f"published counts rounded to the nearest {policy.rounding_base}")
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    return DisclosedTable(
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(show((i, j)) for j in range(last_col)) for i in range(last_row)),
        row_totals=tuple(show((i, last_col)) for i in range(last_row)),
        column_totals=tuple(show((last_row, j)) for j in range(last_col)),
        grand_total=show((last_row, last_col)),
        policy=policy,
        rule="; ".join(parts),
    )
