"""``slcp sen2``: EHC plan measures from a SEN2 person-level return, optionally joined to a
programme's commissioned placements."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from slcp.domain import Programme
from slcp.errors import InvalidValueError, LoadError
from slcp.findings import Severity, count_by_code
from slcp.io.sen2_sample import SAMPLE_ESTABLISHMENTS, SAMPLE_FILE, load_sample_return
from slcp.report import SendInput
from slcp.sample import south_london
from slcp.send import (
    CommissioningJoin,
    EnglandTimeliness,
    SendSummary,
    england_timeliness_for,
    summarise_send,
)

if TYPE_CHECKING:
    from slcp.io.pseudonymise import PseudonymKey

# The readers (slcp.io.sen2, the JSON document, slcp.io.pseudonymise) and the JSON shapes
# (slcp.report._send_out) are imported where they are used: `slcp report` on the embedded
# sample, which imports this module for report_return, uses none of them (decision 0012).

__all__ = ["key_options", "load_key", "report_return", "sen2"]

EXIT_OK = 0
EXIT_UNLOADABLE = 2
#: The largest GIAS establishments file read.
MAX_GIAS_BYTES = 200 * 1024 * 1024


def _fail(message: str) -> None:
    click.echo(f"slcp: {message}", err=True)
    sys.exit(EXIT_UNLOADABLE)


def load_key(key_file: str | None, key_env: str | None) -> PseudonymKey | None:
    """The partnership's pseudonymisation key, as ``slcp pseudonymise`` takes it: from
    ``--key-file`` or the environment variable ``--key-env`` names; ``None`` when neither is
    given (slcp has no default key). Exits 2 with one line when the key cannot be used."""
    if key_file is not None and key_env is not None:
        _fail("give only one of --key-file and --key-env")
    from slcp.io.pseudonymise import PseudonymKey

    try:
        if key_file is not None:
            return PseudonymKey.from_file(key_file)
        if key_env is not None:
            return PseudonymKey.from_environment(key_env, os.environ)
    except LoadError as e:
        _fail("cannot read the key file: " + "; ".join(e.messages))
    except InvalidValueError as e:
        _fail(f"cannot use the key: {e}")
    return None


def key_options(command: Any) -> Any:
    """Add ``--key-file`` and ``--key-env`` (the key of ``slcp pseudonymise``) to a command."""
    command = click.option(
        "--key-env",
        "key_env",
        default=None,
        metavar="NAME",
        help="Environment variable holding the pseudonymisation key, instead of --key-file.",
    )(command)
    return click.option(
        "--key-file",
        "key_file",
        default=None,
        help="File holding the partnership's pseudonymisation key (at least 32 bytes), the "
        "key slcp pseudonymise uses; needed when the return holds UPNs or ULNs.",
    )(command)


def report_return(path: str | None, key_file: str | None, key_env: str | None) -> SendInput:
    """The SEN2 return for ``slcp report``: the file or folder at ``path`` read with the
    partnership's key, or (``None``) the shipped synthetic sample. Exits 2 when the return
    cannot be read, or holds identifiers and no key was given."""
    if path is None:
        return SendInput(
            ret=load_sample_return(),
            name=SAMPLE_FILE,
            synthetic=True,
            establishment_types=SAMPLE_ESTABLISHMENTS,
        )
    from slcp.io.sen2 import load_sen2

    key = load_key(key_file, key_env)
    try:
        ret = load_sen2(path, pseudonymise=key)
    except LoadError as e:
        _fail(f"cannot read the SEN2 return ({e.source}): " + "; ".join(e.messages))
        raise  # not reached: _fail exits
    if ret.needs_key:
        _fail(
            "the SEN2 return holds UPNs or ULNs, which slcp only keeps as keyed pseudonyms: "
            "give the partnership's key with --key-file FILE or --key-env NAME"
        )
    return SendInput(ret=ret, name=Path(path).name or path)


def _gias(path: str) -> dict[str, int]:
    """URN -> type from a GIAS extract: columns ``URN`` and ``TypeOfEstablishment (code)``."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_GIAS_BYTES:
            _fail(f"the GIAS file is over {MAX_GIAS_BYTES:,} bytes @ {path}")
        text = p.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as e:
        _fail(f"cannot read the GIAS file: {e.strerror or 'unreadable'} @ {path}")
        return {}
    import csv

    out: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(text)):
        urn = (row.get("URN") or "").strip()
        code = (row.get("TypeOfEstablishment (code)") or "").strip()
        if urn.isdigit() and code.isdigit():
            out[urn] = int(code)
    return out


def _join_json(j: CommissioningJoin) -> dict[str, Any]:
    from slcp.report._send_out import cost_per_plan_data

    return {
        "borough": j.borough,
        "matched": len(j.matched),
        "return_places": j.return_places,
        "bought_through_dps_or_framework": j.bought_through_programme,
        "share_bought_percent": j.share_bought_text,
        "cost_per_plan": cost_per_plan_data(j),
        "findings": count_by_code(j.findings),
    }


def _result(
    summary: SendSummary, sample: bool, england: EnglandTimeliness | None
) -> dict[str, Any]:
    from slcp.report._send_out import send_core_data

    ret = summary.ret
    core = send_core_data(summary)
    timeliness = core["timeliness_20_weeks"]
    assert isinstance(timeliness, dict)
    timeliness["england"] = (
        None
        if england is None
        else {"calendar_year": england.calendar_year, "percent": f"{england.percent:f}"}
    )
    return {
        "synthetic_sample": sample,
        "collection_year": ret.collection_year,
        "census_date": ret.census_date.isoformat(),
        "la": ret.la or ret.la_code,
        **core,
        "commissioning": None
        if summary.commissioning is None
        else _join_json(summary.commissioning),
        "findings": count_by_code(ret.findings),
        "findings_by_severity": {
            s.value: sum(1 for f in ret.findings if f.severity is s) for s in Severity
        },
    }


def _text(summary: SendSummary, sample: bool, england: EnglandTimeliness | None) -> str:
    ret, timely, j = summary.ret, summary.timeliness, summary.commissioning
    pct = "n/a" if timely.percent_text is None else f"{timely.percent_text}%"
    lines = [
        f"SEN2 {ret.collection_year}"
        + (" (SYNTHETIC SAMPLE)" if sample else "")
        + f", census {ret.census_date.isoformat()}, LA {ret.la or ret.la_code or 'unknown'}",
        f"  EHC plans in force on census day: {summary.plans_in_force.total}",
        f"  new plans in the calendar year: {summary.new_plans.count}",
        f"  issued within 20 weeks (exceptions excluded): {timely.numerator} of "
        f"{timely.denominator} = {pct}",
        "  placements in force by setting:",
        *(f"    {setting}: {n}" for setting, n in summary.placements_by_setting),
    ]
    if england is not None:
        lines.append(
            f"  (England, calendar year {england.calendar_year}: {england.percent:f}% "
            "within 20 weeks)"
        )
    if j is not None:
        share = "n/a" if j.share_bought_text is None else f"{j.share_bought_text}%"
        lines += [
            f"  joined to the programme ({j.borough or 'all boroughs'}): {len(j.matched)} of "
            f"{j.return_places} independent/non-maintained places matched; "
            f"{j.bought_through_programme} bought through the DPS or framework ({share})",
            *(
                f"    {c.setting.value}: {c.plans} plans, {c.weekly_per_plan} a week per plan"
                for c in j.cost_per_plan
            ),
            *(f"    {code}: {n}" for code, n in count_by_code(j.findings).items()),
        ]
    found = count_by_code(ret.findings)
    lines.append(f"Findings in the return: {sum(found.values())}")
    lines.extend(f"  {code}: {n}" for code, n in found.items())
    return "\n".join(lines) + "\n"


@click.command()
@click.option(
    "--return",
    "return_path",
    required=True,
    help="The SEN2 return: an XML file, a folder of module CSV files, or 'sample' for the "
    "shipped synthetic return (Croydon, 2023).",
)
@click.option(
    "--year",
    "year",
    type=click.IntRange(1901, 2200),
    default=None,
    help="Collection year (the year of the January census); by default the return's header.",
)
@click.option(
    "--programme",
    "programme_path",
    default=None,
    help="A programme JSON file to join the return to (with 'sample', the embedded sample).",
)
@key_options
@click.option(
    "--gias",
    "gias_path",
    default=None,
    help="A GIAS establishments CSV (URN, 'TypeOfEstablishment (code)') to group schools.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--findings",
    "show_findings",
    is_flag=True,
    default=False,
    help="Also list every finding, one a line, on standard error.",
)
def sen2(
    *,
    return_path: str,
    year: int | None,
    programme_path: str | None,
    key_file: str | None,
    key_env: str | None,
    gias_path: str | None,
    fmt: str,
    show_findings: bool,
) -> None:
    """EHC plan measures from a SEN2 person-level return.

    Plans in force on census day, new plans in the calendar year, the share issued within
    20 weeks (exceptions excluded) and placements by setting; with --programme, the return's
    independent and non-maintained special placements matched to the programme's. Names are
    never kept; UPNs and ULNs become keyed pseudonyms under the key slcp pseudonymise uses
    (--key-file or --key-env; slcp has no default key). Exit status 2 when the return cannot
    be read, or a key is needed and not given or cannot be used.
    """
    sample = return_path == "sample"
    programme: Programme | None = None
    if sample:
        if year not in (None, 2023):
            _fail("the synthetic sample is the 2023 return; leave out --year")
        ret = load_sample_return()
        programme = south_london()
    else:
        from slcp.io.sen2 import load_sen2

        key = load_key(key_file, key_env)
        try:
            ret = load_sen2(return_path, pseudonymise=key, year=year)
        except LoadError as e:
            _fail(f"cannot read the SEN2 return ({e.source}): " + "; ".join(e.messages))
            return
        if ret.needs_key:
            _fail(
                "the return holds UPNs or ULNs, which slcp only keeps as keyed pseudonyms: "
                "give the partnership's key with --key-file FILE or --key-env NAME (there is no "
                "default key)"
            )
    if programme_path is not None:
        from slcp.io import load_programme

        try:
            programme = load_programme(Path(programme_path))
        except LoadError as e:
            _fail(f"cannot read the programme ({e.source}): " + "; ".join(e.messages))
            return
    types: dict[str, int] = {}
    if sample:
        types.update(SAMPLE_ESTABLISHMENTS)
    if gias_path is not None:
        types.update(_gias(gias_path))
    summary = summarise_send(ret, establishment_types=types, programme=programme)
    if show_findings:
        joined = summary.commissioning
        for f in ret.findings + (() if joined is None else joined.findings):
            click.echo(str(f), err=True)
    england = england_timeliness_for(ret.calendar_year.start.year)
    if fmt == "json":
        out = _result(summary, sample, england)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(summary, sample, england), nl=False)
    sys.exit(EXIT_OK)
