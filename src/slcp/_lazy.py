"""A package's public names, each imported from its module when first used (PEP 562).

A command imports only what it runs: ``slcp report`` on the embedded sample reads no file,
so it need not import the CSV, JSON, workbook and statutory-return readers that
:mod:`slcp.io` exports (decision 0012). A package that uses this keeps its public imports
as they always were, under ``if TYPE_CHECKING:`` so that type checkers, import-linter and
readers see them unchanged, and ends with::

    __getattr__, __dir__ = lazy_exports(__name__)

:func:`lazy_exports` reads those ``from slcp.x import a, b`` statements from the package's
own source, once, when the package is imported; each name is imported from its module on
first use and then kept in the package's namespace, so later look-ups are plain attribute
reads. ``tests/test_public_api.py`` checks that every name in a package's ``__all__``
resolves.

May import: the standard library only.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable


def _exported_modules(package: str) -> dict[str, str]:
    """Each name the ``if TYPE_CHECKING:`` block of ``package``'s source imports, mapped to
    the module it comes from."""
    spec = sys.modules[package].__spec__
    loader = None if spec is None else spec.loader
    get_source = getattr(loader, "get_source", None)
    source = None if get_source is None else get_source(package)
    if source is None:  # pragma: no cover - an install without sources
        raise ImportError(f"{package}: its source is needed to find its exports", name=package)
    where: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module is not None:
                    for alias in statement.names:
                        where[alias.asname or alias.name] = statement.module
    return where


def lazy_exports(package: str) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` for ``package`` (its ``__name__``), which
    must already be in :data:`sys.modules` (true while its ``__init__`` runs).

    Raises:
        ImportError: ``package`` has no source to read its exports from.
    """
    where = _exported_modules(package)
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> object:  # noqa: N807 - the name PEP 562 looks up
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}", name=name)
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the name PEP 562 looks up
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__
