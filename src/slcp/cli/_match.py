"""``slcp match``: rank the providers that could take each referral in a referral file, with
every provider's eligibility and each offer's score explained (decisions 1100 and 1101)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from fractions import Fraction
from typing import NoReturn

import click

from slcp.cli._source import TABLES_HELP, load_market_tables, load_programme_source
from slcp.errors import LoadError
from slcp.io.market_referrals import read_referral_file
from slcp.market import (
    Ineligibility,
    MarketBook,
    MatchResult,
    RankedOffer,
    match_referral,
    sample_market_of,
    scores_before,
)
from slcp.money import round_decimal

__all__ = ["match"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: Offers shown per referral in the text output (JSON lists them all).
_TEXT_OFFERS = 5


def _fail(message: str) -> NoReturn:
    click.echo(f"slcp match: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"--date {text!r} is not a date; write it like 2020-05-01")


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _offer_json(o: RankedOffer) -> dict[str, object]:
    return {
        "rank": o.rank,
        "provider": o.provider,
        "provider_name": o.provider_name,
        "vacancy": o.vacancy,
        "lot": o.lot,
        "on_framework": o.on_framework,
        "weekly_fee_pence": o.weekly_fee.pence,
        "location": o.location,
        "points": o.points,
        "score_exact": _fraction(o.score),
        "components": [
            {
                "name": c.name,
                "weight": c.weight,
                "value_exact": _fraction(c.value),
                "reason": c.reason,
            }
            for c in o.components
        ],
    }


def _result_json(r: MatchResult) -> dict[str, object]:
    ref = r.referral
    return {
        "referral": ref.id,
        "borough": ref.borough,
        "service": ref.service.value,
        "needs": [n.value for n in ref.needs],
        "age": ref.age,
        "home_district": ref.home_district,
        "day": r.day.isoformat(),
        "offers": [_offer_json(o) for o in r.offers],
        "eligibility": [
            {
                "provider": e.provider,
                "eligible": e.eligible,
                "reasons": [x.value for x in e.reasons],
                "vacancy": e.vacancy,
                "lot": e.lot,
                "ofsted": None if e.rating is None else e.rating.value,
            }
            for e in r.eligibility
        ],
    }


def _result_text(r: MatchResult) -> list[str]:
    ref = r.referral
    needs = f", needs {'+'.join(n.value for n in ref.needs)}" if ref.needs else ""
    lines = [
        f"Referral {ref.id}: {ref.service.value.replace('_', ' ')}, age {ref.age}{needs}, "
        f"home {ref.home_district}, {ref.urgency.value.replace('_', ' ')}; judged on {r.day}"
    ]
    eligible = sum(1 for e in r.eligibility if e.eligible)
    lines.append(f"  {eligible} of {len(r.eligibility)} providers eligible")
    for o in r.offers[:_TEXT_OFFERS]:
        where = f"lot {o.lot}" if o.on_framework else "off framework"
        lines.append(
            f"  {o.rank}. {o.provider_name} ({o.provider}), vacancy {o.vacancy} in "
            f"{o.location}, {o.weekly_fee} a week, {where}: {o.points} points"
        )
        for c in o.components:
            shown = round_decimal(c.value * 100, 1)
            lines.append(f"       {c.name} ×{c.weight}: {shown:f} of 100 — {c.reason}")
    if len(r.offers) > _TEXT_OFFERS:
        lines.append(f"  … and {len(r.offers) - _TEXT_OFFERS} more (--format json lists all)")
    counts = r.reason_counts()
    if any(counts.values()):
        lines.append("  Providers failing each check (a provider may fail several):")
        lines += [f"    {x.text}: {counts[x]}" for x in Ineligibility if counts[x]]
    return lines


@click.command()
@click.argument("referral_file", type=click.Path(dir_okay=False))
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--tables", "tables", type=click.Path(exists=True), default=None, help=TABLES_HELP)
@click.option(
    "--date",
    "day",
    default=None,
    metavar="YYYY-MM-DD",
    help="Judge every referral on this day (default: each referral's own date).",
)
@click.option(
    "--format", "fmt", default="text", show_default=True, help="Output format: text or json."
)
def match(
    *, referral_file: str, file: str | None, tables: str | None, day: str | None, fmt: str
) -> None:
    """Rank the providers that could take each referral in REFERRAL_FILE (JSON or CSV; see
    docs/market.md), against the programme in FILE or --tables (default: the embedded
    synthetic sample and its vacancies).

    A provider is eligible when it has a vacancy open on the day for the kind of placement,
    the child's age and every need named, is admitted to a lot buying it on the day and is
    not rated inadequate by Ofsted; eligible offers are ranked by a weighted score (Ofsted,
    distance, price against the lot's band, scorecard, continuity of education). Exit
    status 2 when the referral file or the options cannot be used.
    """
    if fmt not in ("text", "json"):
        _fail(f"--format {fmt!r} is not one of text, json")
    on = _day(day)
    try:
        read = read_referral_file(referral_file)
    except LoadError as e:
        _fail(f"cannot load {referral_file}: " + "; ".join(e.messages))
    programme = load_programme_source(file, tables)
    sample = file is None and tables is None
    held, _ = load_market_tables(tables)
    if read.vacancies is not None:
        held_groups = () if held is None else held.groups
        groups = sample_market_of(programme).groups if sample else held_groups
        book = MarketBook(groups=groups, vacancies=read.vacancies)
    elif held is not None and held.vacancies:
        book = held
    elif sample:
        book = sample_market_of(programme)
    else:
        _fail(
            f"{referral_file} gives no vacancies and {file or tables} holds none; add a "
            "'vacancies' list to a JSON referral file"
        )
    results = []
    scores: dict[dt.date, Mapping[str, Fraction | None]] = {}
    for referral in read.referrals:
        when = on or referral.referred_on
        if when not in scores:
            scores[when] = scores_before(programme, when)
        results.append(match_referral(programme, book, referral, day=when, scores=scores[when]))
    if fmt == "json":
        click.echo(
            json.dumps(
                {"matches": [_result_json(r) for r in results]}, indent=2, ensure_ascii=False
            )
        )
    else:
        lines: list[str] = []
        for r in results:
            lines += [*_result_text(r), ""]
        click.echo("\n".join(lines), nl=False)
    sys.exit(EXIT_OK)
