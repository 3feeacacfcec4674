"""Atomic writes (decision 0901): the target is the old file or the whole new one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from slcp.io import dump_programme, load_programme
from slcp.io.atomic import write_atomic
from tests.io.test_json_examples import small_programme


def test_text_is_written_as_utf8_exactly(tmp_path: Path) -> None:
    write_atomic(tmp_path / "x.txt", "Zoë\r\n£4,000\n")
    assert (tmp_path / "x.txt").read_bytes() == "Zoë\r\n£4,000\n".encode()
    write_atomic(tmp_path / "x.bin", b"\x00\xff")
    assert (tmp_path / "x.bin").read_bytes() == b"\x00\xff"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    target.write_text("old\n")

    def interrupted(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(OSError, match="Input/output error") as info:
        write_atomic(target, "new\n")
    assert info.value.filename == str(target)  # never the temporary file's name
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["x.json"]


def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "x.json", "new\n")
    finally:
        os.umask(mask)
    # 0o666 less the umask 0o022, as open() would give; mkstemp alone gives 0o600
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o644


def test_a_missing_folder_names_the_target(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        write_atomic(tmp_path / "missing" / "x.json", "new\n")
    assert info.value.filename == str(tmp_path / "missing" / "x.json")


def test_dump_programme_goes_through_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "p.json"
    dump_programme(small_programme(), target)
    before = target.read_bytes()
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError, match="full"):
        dump_programme(small_programme(), target)
    assert target.read_bytes() == before
    assert load_programme(target) == small_programme()
