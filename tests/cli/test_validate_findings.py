"""``slcp validate`` prints domain and pricing findings together and exits by severity."""

from __future__ import annotations

from pathlib import Path

import attrs
from click.testing import CliRunner

from slcp.cli import main
from slcp.domain import FeeComponents, GssCode, Programme
from slcp.io import dumps_programme
from slcp.money import Money
from slcp.timeline import Timeline
from tests.io.test_json_examples import small_programme


def _run(tmp_path: Path, programme: Programme) -> tuple[int, str]:
    path = tmp_path / "p.json"
    path.write_text(dumps_programme(programme), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.stdout


def test_a_clean_programme_exits_0_with_no_findings(tmp_path: Path) -> None:
    code, out = _run(tmp_path, small_programme())
    assert code == 0
    assert out == "0 finding(s), 0 error(s)\n"


def test_a_zero_fee_is_a_pricing_warning_and_still_exits_0(tmp_path: Path) -> None:
    programme = small_programme()
    first = programme.placements[0]
    entry = first.fees.entries[0]
    free = attrs.evolve(entry, value=FeeComponents(core=Money(0)))
    zero = first.with_fees(Timeline(entries=(free, *first.fees.entries[1:]), ends=first.fees.ends))
    code, out = _run(tmp_path, programme.with_placements([zero, *programme.placements[1:]]))
    assert code == 0
    assert f"warning fee-zero [{first.id}]" in out
    assert out.endswith("1 finding(s), 0 error(s)\n")


def test_an_unknown_borough_is_an_error_and_exits_1(tmp_path: Path) -> None:
    programme = small_programme()
    first = attrs.evolve(programme.placements[0], borough=GssCode("E09000001"))
    code, out = _run(tmp_path, programme.with_placements([first, *programme.placements[1:]]))
    assert code == 1
    assert f"error unknown-borough [{first.id}]" in out
