"""``import slcp`` stays light: the columnar and table libraries load only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_import_slcp_loads_no_columnar_or_table_library() -> None:
    script = (
        "import sys, slcp; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'numpy', 'pyarrow', 'pandas', 'polars', 'openpyxl', 'cattrs', 'click'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _modules_after(script: str) -> set[str]:
    """The modules loaded by ``script`` in a new process (it must print nothing itself)."""
    out = subprocess.run(
        [sys.executable, "-c", script + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_a_lazy_package_imports_a_module_when_one_of_its_names_is_used() -> None:
    loaded = _modules_after("import slcp.io")
    assert "slcp.io.json_document" not in loaded
    assert "cattrs" not in loaded
    loaded = _modules_after("from slcp.io import loads_programme")
    assert {"slcp.io.json_document", "cattrs"} <= loaded
    assert "slcp.io.programme_tables" not in loaded


def test_a_lazy_package_lists_and_resolves_every_exported_name() -> None:
    import slcp.finance
    import slcp.io
    import slcp.market
    import slcp.render
    import slcp.report

    for package in (slcp.finance, slcp.io, slcp.market, slcp.render, slcp.report):
        assert set(package.__all__) <= set(dir(package))
        for name in package.__all__:
            assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match=r"'slcp\.io' has no attribute 'no_such_name'"):
        _ = slcp.io.no_such_name  # type: ignore[attr-defined]


def test_report_on_the_sample_imports_no_reader_or_other_renderer() -> None:
    # the embedded sample reads no file: the JSON, CSV, workbook and statutory-return
    # readers, cattrs and the HTML, JSON, CSV and Excel renderers stay unloaded (decision 0012)
    loaded = _modules_after(
        "import contextlib, io\n"
        "from slcp.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['report'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    assert "slcp.report._build" in loaded
    unused = {
        "cattrs",
        "importlib.metadata",
        "slcp.io.json_document",
        "slcp.io.programme_tables",
        "slcp.io.csv_tables",
        "slcp.io.ssda903",
        "slcp.io.sen2",
        "slcp.render._html",
        "slcp.render._json",
        "slcp.render._csv",
        "slcp.render._xlsx",
        # nor what only the generators or a zipped install need: the samples'
        # data files are read from the package's directory, the SEN2 sample's XML and CSV
        # writers run only to regenerate it
        "importlib.resources",
        "tempfile",
        "xml.etree.ElementTree",
        "csv",
        # nor the finance sections, which the report builds and renders only when asked
        "slcp.report._finance",
        "slcp.render._finance",
        "slcp.finance._forecast",
        # the market book is the shipped one: referrals are not matched again
        "slcp.market._matching",
    }
    assert unused & loaded == set()
