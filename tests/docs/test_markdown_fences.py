"""Every ``>>>`` example in the project's Markdown sits inside a code fence.

pytest runs the examples either way (``--doctest-glob='*.md'``), but outside a fence GitHub and
the documentation site show them as nested block quotes. The check walks every ``*.md`` file in
the repository (README, docs, tests' data notes) and names each unfenced example line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^\s*(```|~~~)")


def unfenced_example_lines(text: str) -> list[int]:
    """1-based numbers of lines starting ``>>>`` outside a ````` or ``~~~`` fence.

    A fence closes only with the same marker that opened it.
    """
    out: list[int] = []
    inside: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        m = _FENCE.match(line)
        if m:
            if inside is None:
                inside = m.group(1)
            elif m.group(1) == inside:
                inside = None
            continue
        if inside is None and line.lstrip().startswith(">>>"):
            out.append(number)
    return out


def test_the_checker_finds_an_unfenced_example_and_ignores_fenced_ones() -> None:
    text = "\n".join(
        [
            "# Page",  # 1
            ">>> 1 + 1",  # 2: unfenced
            "2",  # 3
            "```python",  # 4
            ">>> 2 + 2",  # 5: fenced
            "~~~",  # 6: another marker does not close a ``` fence
            ">>> 3",  # 7: still fenced
            "```",  # 8
            "  >>> 4",  # 9: unfenced, indented
        ]
    )
    assert unfenced_example_lines(text) == [2, 9]


def _markdown_files() -> list[Path]:
    skip = {".git", "build", "_build", ".venv", "venv", "node_modules"}
    return sorted(
        p
        for p in ROOT.rglob("*.md")
        if not skip.intersection(p.relative_to(ROOT).parts) and "egg-info" not in str(p)
    )


def test_the_docs_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _markdown_files()}
    assert {"README.md", "docs/tutorial.md", "docs/io-csv.md", "docs/report.md"} <= names


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_example_is_fenced(path: Path) -> None:
    lines = unfenced_example_lines(path.read_text(encoding="utf-8"))
    assert lines == [], f"{path.relative_to(ROOT)}: unfenced >>> on lines {lines}"
