"""Sphinx configuration for slcp's documentation site (decision 0011).

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "slcp"
author = "slcp contributors"
copyright = "slcp contributors"
release = _version("slcp")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "slcp_api",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "**/README.md"]

# Markdown: heading anchors so links like page.md#section resolve; fenced ```python blocks
# that hold >>> examples are shown as console sessions.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# Google-style docstrings; "Attributes:" as fields of the class, so attrs fields are not
# documented twice.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
# Types of attributes are in the class signature; repeating them from annotations as text
# would make reStructuredText read names such as numpy's ``object_`` as link targets.
napoleon_attr_annotations = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True

html_theme = "furo"
html_title = f"slcp {release}"
html_static_path: list[str] = []
html_copy_source = False
html_extra_path: list[str] = []
