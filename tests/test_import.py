"""``import slcp`` stays light: the columnar and table libraries load only when used."""

from __future__ import annotations

import subprocess
import sys


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
