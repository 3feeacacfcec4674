"""The ``slcp`` command line.

Commands: ``sample``, ``validate``, ``report`` (in :mod:`slcp.cli._programme`) and
``stability`` (in :mod:`slcp.cli._stability`). Exit status: 0 success, 1 the data has errors,
2 the input could not be loaded or the options are wrong.

May import everything.
"""

from __future__ import annotations

import click

from slcp.cli._demand import forecast_demand_command
from slcp.cli._forecast import forecast
from slcp.cli._import import import_programme
from slcp.cli._programme import report, sample, validate
from slcp.cli._reconcile import reconcile
from slcp.cli._sen2 import sen2
from slcp.cli._spend import spend
from slcp.cli._stability import stability

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="slcp")
def main() -> None:
    """slcp: exact costs, savings and outcomes for joint commissioning of children's placements."""


main.add_command(sample)
main.add_command(validate)
main.add_command(report)
main.add_command(stability)
main.add_command(import_programme)
main.add_command(forecast)
main.add_command(reconcile)
main.add_command(sen2)
main.add_command(spend)
main.add_command(forecast_demand_command)
