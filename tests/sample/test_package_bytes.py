"""Data files shipped in a package are read from its directory, or from a zipped install."""

from __future__ import annotations

import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from slcp.sample._shipped import FILE_NAME, package_bytes


def test_a_file_in_the_package_directory_is_read_as_importlib_resources_reads_it() -> None:
    expected = resources.files("slcp").joinpath("data", FILE_NAME).read_bytes()
    assert package_bytes("slcp", "data", FILE_NAME) == expected


def test_a_missing_file_raises_os_error() -> None:
    with pytest.raises(FileNotFoundError):
        package_bytes("slcp", "data", "no-such-file.bin")


def test_a_package_inside_a_zip_archive_is_read_through_importlib_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a package imported from a zip has a __file__ inside the archive, not a directory
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_slcp_data/__init__.py", "")
        z.writestr("zipped_slcp_data/data/table.bin", b"\x00\x01 shipped")
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_slcp_data", raising=False)
    assert package_bytes("zipped_slcp_data", "data", "table.bin") == b"\x00\x01 shipped"
    with pytest.raises(FileNotFoundError):
        package_bytes("zipped_slcp_data", "data", "missing.bin")
