"""Disclosure control for tables of counts shared across boroughs or published.

A :class:`DisclosurePolicy` says which counts are too small to show (below ``threshold``),
whether published counts are rounded (to the nearest 5 or 10, halves up) and whether
secondary suppression protects the small ones from being worked out from the totals.
:func:`protect_table` applies it to a :class:`CountTable` and returns a
:class:`DisclosedTable`: each published cell is an ``int`` or ``"c"`` (the DfE's mark for a
suppressed figure), with the row, column and grand totals and the rule used.

Rules (decision 0404):

* **Primary suppression** — every interior cell *and every total* whose true count is below
  the threshold is shown as ``c``; zeros are published as ``0`` unless ``suppress_zeros``
  (a true zero discloses nothing about a child).
* **Secondary suppression** — the table with its totals is an (R+1)×(C+1) grid in which each
  row and column adds up to its total. A primary cell is *protected* when it is a corner of a
  rectangle of suppressed cells along which the counts can be shifted by one (+1, −1, +1, −1
  around the rectangle, signs flipped on total cells) while every count stays at or above its
  known lower bound (1 when zeros are published, else 0). Such a shift changes no published
  figure and keeps every row and column adding up, so a second table agrees with everything
  published: the cell cannot be recovered, by its own row or column or by any combination of
  them. Unprotected primary cells get the cheapest such rectangle (fewest new cells, then
  fewest new totals, then the smallest counts). One always exists: the rectangle through
  the cell's own row total, column total and grand total, with every corner shifted up.
* **Rounding** — published counts and totals are each rounded to the nearest multiple of
  ``rounding_base`` (halves up) from the true figures, so rounded cells need not add up to
  the rounded total.
"""

from __future__ import annotations

import itertools

import attrs

from slcp.errors import InvalidValueError

__all__ = [
    "SUPPRESSED",
    "TOTAL",
    "CountTable",
    "DisclosedTable",
    "DisclosurePolicy",
    "PublishedCount",
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
        primary: (row, column) labels of cells suppressed for being small; totals are
            labelled ``"Total"``.
        secondary: (row, column) labels of cells suppressed to protect them.
        policy: the policy applied.
        rule: the rule used, in words.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[PublishedCount, ...], ...]
    row_totals: tuple[PublishedCount, ...]
    column_totals: tuple[PublishedCount, ...]
    grand_total: PublishedCount
    primary: tuple[tuple[str, str], ...]
    secondary: tuple[tuple[str, str], ...]
    policy: DisclosurePolicy
    rule: str

    def grid(self) -> list[list[PublishedCount]]:
        """The published cells with totals appended, as :meth:`CountTable.grid` lays out."""
        g: list[list[PublishedCount]] = [
            [*row, t] for row, t in zip(self.cells, self.row_totals, strict=True)
        ]
        g.append([*self.column_totals, self.grand_total])
        return g


_Cell = tuple[int, int]


def _sign(cell: _Cell, last_row: int, last_col: int) -> int:
    # the grid sums to zero along every line once each total cell's sign is flipped
    # (a grand total is on both margins, so it keeps its sign)
    return -1 if (cell[0] == last_row) != (cell[1] == last_col) else 1


def _shift_ok(
    grid: list[list[int]], corners: tuple[_Cell, _Cell, _Cell, _Cell], lower: int
) -> bool:
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    pattern = (1, -1, -1, 1)  # around the rectangle p, (i, j'), (i', j), (i', j')
    for direction in (1, -1):
        if all(
            grid[c[0]][c[1]] - 1 >= lower
            for c, y in zip(corners, pattern, strict=True)
            if direction * y * _sign(c, last_row, last_col) < 0
        ):
            return True
    return False


def _rectangles(grid: list[list[int]], p: _Cell) -> list[tuple[_Cell, _Cell, _Cell, _Cell]]:
    i, j = p
    return [
        (p, (i, j2), (i2, j), (i2, j2))
        for i2 in range(len(grid))
        for j2 in range(len(grid[0]))
        if i2 != i and j2 != j
    ]


def _is_margin(c: _Cell, grid: list[list[int]]) -> bool:
    return c[0] == len(grid) - 1 or c[1] == len(grid[0]) - 1


def protect_table(table: CountTable, policy: DisclosurePolicy) -> DisclosedTable:
    """Apply ``policy`` to ``table`` (rules in the module docstring).

    The result is deterministic: the same table and policy always give the same cells.

    >>> t = CountTable(rows=("Bexley", "Croydon"), columns=("Resi", "IFA"),
    ...                counts=((3, 10), (12, 20)))
    >>> d = protect_table(t, DisclosurePolicy(threshold=5))
    >>> d.grid()
    [['c', 'c', 13], ['c', 'c', 32], [15, 30, 45]]
    >>> d.primary, d.secondary
    ((('Bexley', 'Resi'),), (('Bexley', 'IFA'), ('Croydon', 'Resi'), ('Croydon', 'IFA')))
    """

    def label(c: _Cell) -> tuple[str, str]:
        row = table.rows[c[0]] if c[0] < len(table.rows) else TOTAL
        col = table.columns[c[1]] if c[1] < len(table.columns) else TOTAL
        return row, col

    grid = table.grid()
    n_rows, n_cols = len(grid), len(grid[0])
    cells = list(itertools.product(range(n_rows), range(n_cols)))
    primary = [c for c in cells if policy.is_small(grid[c[0]][c[1]])]
    hidden = set(primary)
    secondary: list[_Cell] = []
    lower = policy.lower_bound
    if policy.secondary:
        for p in primary:
            rects = _rectangles(grid, p)
            if any(all(c in hidden for c in r) and _shift_ok(grid, r, lower) for r in rects):
                continue
            best: tuple[tuple[int, int, int, _Cell, _Cell], list[_Cell]] | None = None
            for r in rects:
                new = [c for c in r if c not in hidden]
                if any(grid[c[0]][c[1]] < lower for c in new):
                    continue
                if not _shift_ok(grid, r, lower):
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
                # the rectangle through the cell's row, column and grand totals, shifted so
                # every corner grows, always qualifies; reaching here is a defect in slcp
                raise InvalidValueError(
                    "no protecting rectangle found", field="counts", value=label(p)
                )
            for c in sorted(best[1]):
                hidden.add(c)
                secondary.append(c)

    def show(c: _Cell) -> PublishedCount:
        return SUPPRESSED if c in hidden else round_to_base(grid[c[0]][c[1]], policy.rounding_base)

    parts = [f"counts below {policy.threshold} shown as {SUPPRESSED!r}"]
    if not policy.suppress_zeros:
        parts.append("zeros shown")
    if policy.secondary:
        parts.append("secondary suppression by protecting rectangles")
    else:
        parts.append("no secondary suppression")
    if policy.rounding_base is not None:
        parts.append(f"published counts rounded to the nearest {policy.rounding_base}")
    last_row, last_col = n_rows - 1, n_cols - 1
    return DisclosedTable(
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(show((i, j)) for j in range(last_col)) for i in range(last_row)),
        row_totals=tuple(show((i, last_col)) for i in range(last_row)),
        column_totals=tuple(show((last_row, j)) for j in range(last_col)),
        grand_total=show((last_row, last_col)),
        primary=tuple(label(c) for c in sorted(primary)),
        secondary=tuple(label(c) for c in secondary),
        policy=policy,
        rule="; ".join(parts),
    )
