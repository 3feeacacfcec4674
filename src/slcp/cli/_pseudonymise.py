"""``slcp pseudonymise``: replace child references in a CSV table by keyed pseudonyms."""

from __future__ import annotations

import os
from pathlib import Path

import click

from slcp.errors import InvalidValueError
from slcp.io.atomic import write_atomic
from slcp.io.pseudonymise import CHILD_COLUMNS, PseudonymKey, pseudonymise_csv


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--kind",
    type=click.Choice(sorted(CHILD_COLUMNS)),
    required=True,
    help="What FILE is: an SSDA903 table (CHILD column), a Placements Data Standard table "
    "(childId) or an slcp CSV table (child_ref).",
)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="File holding the partnership's secret key (at least 32 bytes), kept apart from the data.",
)
@click.option(
    "--key-env",
    default=None,
    metavar="NAME",
    help="Environment variable holding the key, instead of --key-file.",
)
@click.option("--column", default=None, help="Child-reference column, if not the usual one.")
def pseudonymise(
    *, file: str, kind: str, out: str, key_file: str | None, key_env: str | None, column: str | None
) -> None:
    """Write FILE to --out with every child reference replaced by its keyed pseudonym.

    The pseudonym is HMAC-SHA-256 under the key, so the same child gets the same pseudonym
    in every borough's and every year's files made with the same key. There is no default
    key. Exit status 0 on success, 2 when the key or FILE cannot be used.
    """
    if key_file is not None and key_env is not None:
        raise click.UsageError("give only one of --key-file and --key-env")
    if key_file is not None:
        if Path(key_file).resolve().parent == Path(out).resolve().parent:
            raise InvalidValueError(
                "the key file is in the folder the output is written to; keep the key apart "
                "from the data",
                field="key-file",
                value=key_file,
            )
        key = PseudonymKey.from_file(key_file)
    elif key_env is not None:
        key = PseudonymKey.from_environment(key_env, os.environ)
    else:
        raise click.UsageError("give the key with --key-file or --key-env (there is no default)")
    if Path(out).resolve() == Path(file).resolve():
        raise click.UsageError("--out must not be FILE itself")
    table = pseudonymise_csv(Path(file), column=column or CHILD_COLUMNS[kind], key=key)
    write_atomic(out, table.text)
    click.echo(f"wrote {out}: {table.rows} reference(s) in column {table.column} replaced")
