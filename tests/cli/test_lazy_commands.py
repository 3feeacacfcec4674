"""The command group imports a command's module only when the command runs or is listed.

``slcp report`` must not pay for importing ``forecast-demand``'s or ``sen2``'s dependencies
(issue 9: the report in about a second, imports included).
"""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from slcp.cli import _COMMANDS, main

_ALL = [
    "forecast",
    "forecast-demand",
    "import",
    "match",
    "pseudonymise",
    "reconcile",
    "report",
    "sample",
    "sen2",
    "spend",
    "stability",
    "validate",
]


def test_every_command_is_listed_in_name_order() -> None:
    ctx = click.Context(main)
    assert main.list_commands(ctx) == _ALL


def test_each_entry_names_the_command_of_that_name() -> None:
    ctx = click.Context(main)
    for name in _COMMANDS:
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name


def test_an_unknown_command_is_none_and_a_usage_error() -> None:
    assert main.get_command(click.Context(main), "reports") is None
    result = CliRunner().invoke(main, ["reports"])
    assert result.exit_code == 2
    assert "No such command 'reports'" in result.stderr


def test_the_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    lines = result.stdout.split("Commands:\n", 1)[1].splitlines()
    # each command's line starts "  name  short help"; a wrapped help line is indented more
    assert [line.split()[0] for line in lines if line[:3].strip() and line.strip()] == _ALL


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_the_group_imports_no_command() -> None:
    modules = _modules_after("from slcp.cli import main")
    assert not {m for m in modules if m.startswith("slcp.cli._")}


def test_running_one_command_imports_only_its_module() -> None:
    modules = _modules_after(
        "from slcp.cli import main\n"
        "try:\n"
        "    main(['validate', '--help'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    assert "slcp.cli._programme" in modules
    assert "slcp.cli._demand" not in modules
    assert "slcp.cli._forecast" not in modules
