"""Build-time API reference for slcp: one page per public module, every public name once.

A public module is any ``slcp`` module or package with no path component starting ``_``; its
public names are its ``__all__``. Each object is documented once, at its *home*: the exporting
module whose name is the longest prefix of the object's ``__module__`` (so a class defined in
``slcp.pricing._costing`` is documented under ``slcp.pricing``), or, for values without a
``__module__``, the deepest module exporting it. Every other module that re-exports it links
there. The pages are written into ``docs/api/`` when the build starts (they are not kept in
the repository, so they cannot fall behind the code), and when the build ends every public
name is checked to be a documented object: a missing one is a warning, an error under ``-W``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT_PACKAGE = "slcp"


def public_modules() -> list[str]:
    """Every public slcp module, the package itself first, then sorted."""
    root = importlib.import_module(ROOT_PACKAGE)
    names = [
        m.name
        for m in pkgutil.walk_packages(root.__path__, ROOT_PACKAGE + ".")
        if not any(part.startswith("_") for part in m.name.split("."))
    ]
    return [ROOT_PACKAGE, *sorted(names)]


def _exports() -> Iterator[tuple[str, str, Any]]:
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            yield module_name, name, getattr(module, name)


def _is_click_command(obj: Any) -> bool:
    # a command group may be a subclass defined elsewhere (slcp's own guarded group)
    return any(cls.__module__.startswith("click.") for cls in type(obj).__mro__)


def homes() -> dict[tuple[str, str], str]:
    """``(module, name)`` of every public name → the module it is documented under."""
    # Keyed by name and identity: two constants that happen to be equal small ints share an
    # id but are different public names.
    exporters: dict[tuple[str, int], list[str]] = {}
    for module_name, name, obj in _exports():
        exporters.setdefault((name, id(obj)), []).append(module_name)
    out: dict[tuple[str, str], str] = {}
    for module_name, name, obj in _exports():
        candidates = exporters[(name, id(obj))]
        defined_in = getattr(obj, "__module__", None)
        if not isinstance(defined_in, str) or inspect.ismodule(obj):
            defined_in = None
        prefixes = [
            m
            for m in candidates
            if defined_in is not None and (defined_in == m or defined_in.startswith(m + "."))
        ]
        # A constant (no __module__ of its own) is documented where it is exported deepest;
        # so is a name exported by two modules that are not its defining module's prefixes.
        home = max(prefixes or candidates, key=lambda m: (m.count("."), len(m), m))
        out[(module_name, name)] = home
    return out


def _directive(obj: Any) -> tuple[str, list[str]]:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "autoexception", []
        if issubclass(obj, enum.Enum):
            return "autoclass", [":members:", ":undoc-members:"]
        return "autoclass", [":members:"]
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "autofunction", []
    return "autodata", []


def _all_modules() -> list[str]:
    """Every slcp module, private ones included (where constants may be defined)."""
    root = importlib.import_module(ROOT_PACKAGE)
    return [ROOT_PACKAGE, *(m.name for m in pkgutil.walk_packages(root.__path__, "slcp."))]


def _comment_doc(name: str, obj: Any) -> list[str]:
    """The ``#:`` comment above the assignment that defines the constant ``obj``.

    A constant has no ``__module__``; the module defining it is found by identity, and its
    source is read with Sphinx's own analyser (what ``autodata`` does for its own module).
    """
    from sphinx.pycode import ModuleAnalyzer

    for module_name in _all_modules():
        module = importlib.import_module(module_name)
        if module.__dict__.get(name) is not obj:
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except Exception:  # a module without source: no comment to find
            continue
        lines = docs.get(("", name))
        if lines:
            return [line for line in lines if line.strip() or line == ""]
    return []


def _data_entry(module_name: str, name: str, obj: Any) -> list[str]:
    lines = [
        f".. py:data:: {name}",
        f"   :module: {module_name}",
        f"   :type: {type(obj).__name__}",
        "",
    ]
    lines += [f"   {line}" if line else "" for line in _comment_doc(name, obj)]
    return [*lines, ""]


def _page(module_name: str, home_of: dict[tuple[str, str], str]) -> str:
    module = importlib.import_module(module_name)
    title = f"``{module_name}``"
    lines = [title, "=" * len(title), "", f".. automodule:: {module_name}", ""]
    names = list(getattr(module, "__all__", ()))
    here = [n for n in names if home_of[(module_name, n)] == module_name]
    elsewhere = [n for n in names if home_of[(module_name, n)] != module_name]
    for name in here:
        obj = getattr(module, name)
        if _is_click_command(obj):
            lines += [f"``{name}`` is the command line: see :doc:`../cli`.", ""]
            continue
        directive, options = _directive(obj)
        if directive == "autodata":
            lines += _data_entry(module_name, name, obj)
            continue
        lines.append(f".. {directive}:: {module_name}.{name}")
        lines += [f"   {o}" for o in options]
        lines.append("")
    if elsewhere:
        lines += ["Also exported here:", ""]
        for name in elsewhere:
            lines.append(f"- :py:obj:`{name} <{home_of[(module_name, name)]}.{name}>`")
        lines.append("")
    return "\n".join(lines)


def write_pages(out_dir: Path) -> list[str]:
    """Write ``index.rst`` and one ``<module>.rst`` per public module; return the modules."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.rst"):  # pages of modules since removed
        stale.unlink()
    home_of = homes()
    modules = public_modules()
    for module_name in modules:
        (out_dir / f"{module_name}.rst").write_text(_page(module_name, home_of), encoding="utf-8")
    index = [
        "API reference",
        "=============",
        "",
        "Every public name of slcp, generated from the docstrings. Each object is documented",
        "once, in the module it belongs to; packages that re-export it link there.",
        "",
        ".. toctree::",
        "   :maxdepth: 1",
        "",
        *[f"   {m}" for m in modules],
        "",
    ]
    (out_dir / "index.rst").write_text("\n".join(index), encoding="utf-8")
    return modules


def _on_builder_inited(app: Sphinx) -> None:
    write_pages(Path(app.srcdir) / "api")


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None:
        return
    documented = set(app.env.get_domain("py").objects)  # type: ignore[attr-defined]
    for (module_name, name), home in sorted(homes().items()):
        obj = getattr(importlib.import_module(module_name), name)
        if _is_click_command(obj):
            continue
        if f"{home}.{name}" not in documented:
            logger.warning("public name %s.%s is missing from the API reference", module_name, name)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
