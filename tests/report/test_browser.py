"""The HTML report in a real headless browser (Debian's Chromium): it loads with no console
errors, its charts are in the DOM, and a screenshot has content.

Skipped only when ``/usr/bin/chromium`` (or ``chromium`` on the PATH) is absent;
``.ci/run`` installs it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from slcp.render import render_html
from slcp.report import Report

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def _pixels(png: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    bpp = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


@pytest.fixture(scope="module")
def page(sample_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(sample_report), encoding="utf-8")
    return path


def test_the_console_check_catches_an_error(tmp_path: Path) -> None:
    # the check below must be able to fail: a page that throws is caught
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>")
    run = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", bad.as_uri())
    assert any("boom" in line for line in _console(run.stderr))


def test_the_report_loads_without_console_errors_and_has_its_charts(
    page: Path, tmp_path: Path
) -> None:
    run = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert _console(run.stderr) == []
    dom = run.stdout
    assert dom.count("<svg") >= 9
    assert "Placement stability" in dom


def test_a_screenshot_has_content(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run = _chromium(tmp_path, "--window-size=800,600", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), run.stderr[-2000:]
    width, height, bpp, rows = _pixels(shot.read_bytes())
    assert (width, height) == (800, 600)
    pixels = [row[i : i + 3] for row in rows for i in range(0, width * bpp, bpp)]
    white = sum(1 for p in pixels if p == b"\xff\xff\xff")
    assert white < 0.97 * len(pixels)  # text, the banner and the first chart drawn
    assert len(set(pixels)) > 20
    # the banner's amber background (#fff4d6) is on screen
    assert b"\xff\xf4\xd6" in set(pixels)


@pytest.fixture(scope="module")
def borough_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page ``slcp report --format html --borough E09000008`` writes: published (the
    default for HTML), with Croydon's drill-down."""
    from click.testing import CliRunner

    from slcp.cli import main

    path = tmp_path_factory.mktemp("html") / "croydon.html"
    run = CliRunner().invoke(
        main, ["report", "--format", "html", "--borough", "E09000008", "--out", str(path)]
    )
    assert run.exit_code == 0, run.output
    return path


def test_the_published_drill_down_page_loads_and_shows_what_it_withholds(
    borough_page: Path, tmp_path: Path
) -> None:
    run = _chromium(
        tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", borough_page.as_uri()
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert _console(run.stderr) == []
    dom = run.stdout
    # the drill-down as the browser parsed it: its heading and its stability table's head
    assert "<h2>Drill-down: Croydon (E09000008)</h2>" in dom
    assert (
        '<th>Measure</th><th class="num">Children</th><th class="num">Cohort</th>'
        '<th class="num">Percent</th><th class="num">England</th>'
    ) in dom
    # published: the SEND-return and market sections are withheld, and the page says so
    assert "withheld from publication: the SEND return and the market" in dom
    assert "Internal: not for publication" not in dom
    assert "<h2>The market</h2>" not in dom


def test_the_finance_page_loads_and_shows_who_pays_and_the_pools(tmp_path: Path) -> None:
    """``slcp report --format html --finance``: the finance sections as a finance officer
    opens them, parsed by the browser."""
    from click.testing import CliRunner

    from slcp.cli import main

    path = tmp_path / "finance.html"
    made = CliRunner().invoke(main, ["report", "--format", "html", "--finance", "--out", str(path)])
    assert made.exit_code == 0, made.output
    run = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert _console(run.stderr) == []
    dom = run.stdout
    assert "<h2>Who pays</h2>" in dom
    # the sample's two pools, Croydon's overspent (its balance negative)
    assert "<h2>Pooled budgets</h2>" in dom
    assert "CROYDON-S75-SEND-52" in dom
    assert "SOUTHWARK-S75-HOMES" in dom
    assert "-£143,559.52" in dom
