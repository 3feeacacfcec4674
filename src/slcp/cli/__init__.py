"""The ``slcp`` command line.

Commands: ``sample``, ``validate``, ``report`` (in :mod:`slcp.cli._programme`) and
``stability`` (in :mod:`slcp.cli._stability`), ``pseudonymise`` (in
:mod:`slcp.cli._pseudonymise`). Exit status: 0 success, 1 the data has errors, 2 the input
could not be loaded or the options are wrong.

No command ever ends in a traceback: :class:`_Guarded` turns every error that escapes a
command into one line on stderr and exit status 2 (decision 0902). Each command's module is
imported only when that command runs or a help page lists it (``_COMMANDS``), so a command
pays only for its own imports.

May import everything.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from slcp.errors import LoadError, SlcpError
from slcp.findings import escape_for_terminal

__all__ = ["main"]

_EXIT_BAD_INPUT = 2
_LONGEST = 1000  # characters of a message shown


#: Each command's name and where it is defined (``module:attribute``). A command's module is
#: imported only when the command runs or a help page lists it, so that ``slcp report`` does
#: not first import every other command's dependencies.
_COMMANDS = {
    "forecast": "slcp.cli._forecast:forecast",
    "forecast-demand": "slcp.cli._demand:forecast_demand_command",
    "import": "slcp.cli._import:import_programme",
    "match": "slcp.cli._match:match",
    "pseudonymise": "slcp.cli._pseudonymise:pseudonymise",
    "reconcile": "slcp.cli._reconcile:reconcile",
    "report": "slcp.cli._programme:report",
    "sample": "slcp.cli._programme:sample",
    "sen2": "slcp.cli._sen2:sen2",
    "spend": "slcp.cli._spend:spend",
    "stability": "slcp.cli._stability:stability",
    "validate": "slcp.cli._programme:validate",
}


class _Guarded(click.Group):
    """A command group whose commands end in one line on stderr, never a traceback, and
    whose commands in ``_COMMANDS`` are imported only when used (listed or run)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _COMMANDS:
            module, _, name = _COMMANDS[cmd_name].partition(":")
            found = getattr(importlib.import_module(module), name)
            assert isinstance(found, click.Command)  # each entry names a command (tested)
            command = found
        return command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as e:
            raise _escaped(e) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as e:  # usage errors quote the arguments given
            raise _escaped(e) from None
        except (click.exceptions.Exit, click.Abort):
            raise
        except LoadError as e:
            more = f" (and {len(e.messages) - 1} more problems)" if len(e.messages) > 1 else ""
            _fail(f"cannot load {e.source or 'the input'}: {e.messages[0]}{more}")
        except SlcpError as e:
            _fail(str(e))
        except MemoryError:
            _fail("out of memory: the input is too large to process (see docs/limits.md)")
        except OSError as e:
            where = f" {e.filename}" if e.filename else ""
            _fail(f"cannot use{where}: {e.strerror or e}")
        except Exception as e:
            if os.environ.get("SLCP_TRACEBACK"):
                raise
            _fail(
                f"internal error ({type(e).__name__}: {e}); this is a defect in slcp, not in "
                "your data: please report it with the command you ran (set SLCP_TRACEBACK=1 "
                "to see where it happened)"
            )


def _escaped(error: click.ClickException) -> click.ClickException:
    # click declares the message final; it is only ever shown, after this
    error.message = escape_for_terminal(error.message)  # type: ignore[misc]
    return error


def _fail(message: str) -> NoReturn:
    flat = " ".join(message.split("\n"))
    if len(flat) > _LONGEST:  # a value quoted from a hostile file can be any length
        flat = flat[: _LONGEST - 1] + "…"
    click.echo(f"slcp: {escape_for_terminal(flat)}", err=True)
    sys.exit(_EXIT_BAD_INPUT)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="slcp")
def main() -> None:
    """slcp: exact costs, savings and outcomes for joint commissioning of children's placements."""
