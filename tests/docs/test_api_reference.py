"""The API reference covers every public name of slcp, each documented once.

The pages are generated when the site is built (``docs/_ext/slcp_api.py``); the build itself
warns (an error under ``-W`` in CI) when a name is not a documented object. These tests check
the generator without running Sphinx.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))
slcp_api = importlib.import_module("slcp_api")


def test_every_public_module_and_name_gets_a_page(tmp_path: Path) -> None:
    modules = slcp_api.write_pages(tmp_path)
    assert modules[0] == "slcp"
    assert {"slcp.money", "slcp.pricing", "slcp.outcomes.stability", "slcp.io"} <= set(modules)
    assert not any(part.startswith("_") for m in modules for part in m.split("."))
    homes = slcp_api.homes()
    pages = {m: (tmp_path / f"{m}.rst").read_text(encoding="utf-8") for m in modules}
    for module_name in modules:
        for name in importlib.import_module(module_name).__all__:
            # documented on this page, linked from it to its home page, or (the click
            # command) sent to the command-line reference
            page = pages[module_name]
            assert (
                f"{module_name}.{name}" in page
                or f".. py:data:: {name}\n   :module: {module_name}\n" in page
                or f"<{homes[(module_name, name)]}.{name}>" in page
                or f"``{name}`` is the command line" in page
            ), f"{module_name}.{name}"


def test_each_object_is_documented_once_at_its_home() -> None:
    homes = slcp_api.homes()
    # Money is defined in slcp.money and re-exported by slcp: documented in slcp.money.
    assert homes[("slcp", "Money")] == "slcp.money"
    assert homes[("slcp.money", "Money")] == "slcp.money"
    # A class defined in a private module is documented where the package exports it.
    from slcp.pricing import cost_portfolio

    assert cost_portfolio.__module__.startswith("slcp.pricing._")
    assert homes[("slcp.pricing", "cost_portfolio")] == "slcp.pricing"
    # Defined in a public module and re-exported by its package: the module is the home.
    assert homes[("slcp.outcomes", "StabilityMeasure")] == "slcp.outcomes.stability"


@pytest.mark.parametrize("name", ["slcp.cli"])
def test_the_command_line_is_referred_to_the_cli_page(tmp_path: Path, name: str) -> None:
    slcp_api.write_pages(tmp_path)
    assert ":doc:`../cli`" in (tmp_path / f"{name}.rst").read_text(encoding="utf-8")
