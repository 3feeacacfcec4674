"""The public API: sorted, resolvable ``__all__`` lists, nothing private, every name documented.

"Sorted" is ruff's isort-style order (RUF022), which the linter keeps: CONSTANTS, then
Classes, then functions.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import slcp

PACKAGES = (
    "slcp",
    "slcp.demand",
    "slcp.domain",
    "slcp.finance",
    "slcp.io",
    "slcp.market",
    "slcp.outcomes",
    "slcp.pricing",
    "slcp.render",
    "slcp.report",
    "slcp.savings",
    "slcp.send",
)


def isort_order(names: list[str]) -> list[str]:
    """``names`` in the order ruff's RUF022 keeps ``__all__``: CONSTANTS, Classes, functions."""

    def key(name: str) -> tuple[int, str]:
        if name.isupper() or (name.upper() == name and "_" in name):
            return (0, name)
        return (1 if name[:1].isupper() else 2, name)

    return sorted(names, key=key)


def _all_modules() -> Iterator[ModuleType]:
    yield slcp
    for info in pkgutil.walk_packages(slcp.__path__, prefix="slcp."):
        yield importlib.import_module(info.name)


MODULES = sorted(_all_modules(), key=lambda m: m.__name__)


@pytest.mark.parametrize("name", PACKAGES)
def test_package_all_is_sorted_resolvable_and_public(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert list(exported) == isort_order(list(exported)), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    for item in exported:
        assert not item.startswith("_"), f"{name} exports private {item}"
        assert hasattr(module, item), f"{name}.__all__ names {item}, which does not exist"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_module_has_a_docstring_and_a_sorted_all(module: ModuleType) -> None:
    assert (module.__doc__ or "").strip(), f"{module.__name__} has no module docstring"
    if module.__name__.rsplit(".", 1)[-1].startswith("_"):
        return  # private modules may omit __all__
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{module.__name__} declares no __all__"
    assert list(exported) == isort_order(list(exported)), f"{module.__name__}.__all__ is not sorted"
    for item in exported:
        assert not item.startswith("_")
        assert hasattr(module, item), f"{module.__name__}.__all__ names missing {item}"


def _undocumented(module: ModuleType) -> Iterator[str]:
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if getattr(obj, "__module__", "").split(".")[0] != "slcp":
            continue
        if not (inspect.getdoc(obj) or "").strip() or (
            inspect.isclass(obj) and obj.__doc__ is None
        ):
            yield f"{obj.__module__}.{obj.__qualname__}"
        if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
            yield from _undocumented_members(obj)


def _undocumented_members(cls: type) -> Iterator[str]:
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        target = value.fget if isinstance(value, property) else value
        if isinstance(target, classmethod | staticmethod):
            target = target.__func__
        if inspect.isfunction(target) and not (target.__doc__ or "").strip():
            yield f"{cls.__module__}.{cls.__qualname__}.{attr}"


def test_isort_order() -> None:
    assert isort_order(["run", "Money", "PRO_RATA", "Exact", "allocate"]) == [
        "PRO_RATA",
        "Exact",
        "Money",
        "allocate",
        "run",
    ]


def test_every_public_function_and_class_has_a_docstring() -> None:
    missing = sorted({name for module in MODULES for name in _undocumented(module)})
    assert missing == []


def test_the_docstring_check_finds_undocumented_names() -> None:
    module = ModuleType("slcp._probe", "A probe module.")

    def documented() -> None:
        """Has one."""

    def bare() -> None:
        pass

    class Record:
        """Has one."""

        def method(self) -> None:
            pass

    for obj in (documented, bare, Record):
        obj.__module__ = "slcp._probe"
        setattr(module, obj.__name__, obj)
    module.__all__ = ["Record", "bare", "documented"]  # type: ignore[attr-defined]
    assert sorted(name.rsplit("<locals>.", 1)[-1] for name in _undocumented(module)) == [
        "Record.method",
        "bare",
    ]


def _is_public_module(module: ModuleType) -> bool:
    return not any(part.startswith("_") for part in module.__name__.split("."))


def _signature_annotations(obj: object) -> Iterator[tuple[str, str]]:
    targets: list[tuple[str, object]] = [("", obj)]
    if inspect.isclass(obj):
        for attr, value in vars(obj).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            target = value.fget if isinstance(value, property) else value
            if isinstance(target, classmethod | staticmethod):
                target = target.__func__
            targets.append((f".{attr}", target))
    for suffix, target in targets:
        if inspect.isfunction(target) or inspect.isclass(target):
            for key, annotation in getattr(target, "__annotations__", {}).items():
                yield f"{suffix}:{key}", str(annotation)


def test_no_any_in_public_signatures() -> None:
    found = sorted(
        f"{module.__name__}.{name}{where}"
        for module in MODULES
        if _is_public_module(module)
        for name in getattr(module, "__all__", ())
        if (inspect.isclass(obj := getattr(module, name)) or inspect.isfunction(obj))
        and getattr(obj, "__module__", "").startswith("slcp")
        for where, annotation in _signature_annotations(obj)
        if re.search(r"\bAny\b", annotation)
    )
    assert found == []


def test_the_any_check_sees_function_and_method_annotations() -> None:
    def loose(x: Any) -> int:
        return 0

    class Record:
        """Has one."""

        def method(self) -> dict[str, Any]:
            return {}

    assert (":x", "Any") in list(_signature_annotations(loose))
    assert any(w == ".method:return" and "Any" in a for w, a in _signature_annotations(Record))
