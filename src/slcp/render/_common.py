"""Small helpers every renderer shares: safe terminal text, compact money, returns and the
stability measures as shown."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import attrs

from slcp.money import Money, round_decimal
from slcp.outcomes import SUPPRESSED, PublishedCount
from slcp.outcomes.stability import StabilityResult, UnavailableMeasure
from slcp.report import Disclosure
from slcp.report._labels import ENGLAND_STABILITY_PCT, MEASURE_LABELS
from slcp.report._publish import published_measure
from slcp.savings import ReturnOnInvestment

__all__ = [
    "StabilityShown",
    "compact",
    "millions",
    "pct_text",
    "return_pct",
    "stability_shown",
    "terminal_safe",
]


def terminal_safe(text: str) -> str:
    r"""``text`` with control and format characters escaped, so a name cannot move the cursor,
    clear the screen or change colours when printed.

    >>> terminal_safe("Oak House"), terminal_safe("Evil\x1b[2J"), terminal_safe("a\nb\u202e")
    ('Oak House', 'Evil\\x1b[2J', 'a\\nb\\u202e')
    """
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def millions(money: Money) -> str:
    """Money in millions of pounds to one decimal place, rounded half up (display only).

    >>> millions(Money(16_524_000_000)), millions(Money(4_999_999)), millions(Money(-5_000_000))
    ('£165.2m', '£0.0m', '-£0.1m')
    """
    value = round_decimal(Fraction(abs(money.pence), 100_000_000), 1)
    sign = "-" if money.pence < 0 and value else ""
    return f"{sign}£{value:,f}m"


def compact(money: Money) -> str:
    """Money for a chart label: millions from £1m, thousands from £1,000, else exact
    (rounded half up to one decimal place, display only).

    >>> compact(Money(16_524_000_000)), compact(Money(4_115_100)), compact(Money(43_547))
    ('£165.2m', '£41.2k', '£435.47')
    """
    size = abs(money.pence)
    if size >= 100_000_000:
        return millions(money)
    if size >= 100_000:
        sign = "-" if money.pence < 0 else ""
        return f"{sign}£{round_decimal(Fraction(size, 100_000), 1):,f}k"
    return str(money)


def pct_text(value: str | None, *, suffix: str = "%") -> str:
    """A percentage string for display, ``"-"`` when undefined.

    >>> pct_text("1768.0"), pct_text(None)
    ('1,768.0%', '-')
    """
    if value is None:
        return "-"
    whole, _, frac = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{digits}{'.' + frac if frac else ''}{suffix}"


def return_pct(r: ReturnOnInvestment, which: str) -> str:
    """A return as shown: ``which`` is ``"gross"`` or ``"net"``; ``"-"`` when there is none
    (no contribution owed), else its percent as :func:`pct_text` writes it."""
    value = r.gross_return if which == "gross" else r.net_return
    if value is None:
        return "-"
    return pct_text(r.gross_return_pct() if which == "gross" else r.net_return_pct())


@attrs.frozen(kw_only=True)
class StabilityShown:
    """One stability measure as every renderer shows it.

    Attributes:
        label: the measure in words (``"Short-term (3+ placements)"``…).
        england_pct: England's figure, whole percent.
        numerator: children meeting the measure, the published cell when the report is
            published (an ``int`` or ``"c"``); ``None`` when the measure is unavailable.
        denominator: the cohort, likewise.
        percent: the percentage as shown (one place, half up), ``"c"`` when withheld,
            ``""`` when unavailable or the cohort is empty.
        reason: why the measure is unavailable; ``None`` when it is available.
    """

    label: str
    england_pct: int
    numerator: PublishedCount | None
    denominator: PublishedCount | None
    percent: str
    reason: str | None = None


def stability_shown(result: StabilityResult, disclosure: Disclosure | None) -> list[StabilityShown]:
    """The three measures of ``result`` as shown, published counts in place of the model's
    own when ``disclosure`` is given, in the DfE's order."""
    out = []
    for key, text in MEASURE_LABELS:
        m = getattr(result, key)
        england = ENGLAND_STABILITY_PCT[key]
        if isinstance(m, UnavailableMeasure):
            out.append(
                StabilityShown(
                    label=text,
                    england_pct=england,
                    numerator=None,
                    denominator=None,
                    percent="",
                    reason=m.reason,
                )
            )
            continue
        numerator: PublishedCount = m.numerator
        denominator: PublishedCount = m.denominator
        percent = pct_text(m.percent_text)
        p = None if disclosure is None else published_measure(disclosure, key, result.borough)
        if p is not None:
            numerator, denominator = p.numerator, p.denominator
            percent = percent if p.shown else SUPPRESSED
        out.append(
            StabilityShown(
                label=text,
                england_pct=england,
                numerator=numerator,
                denominator=denominator,
                percent="" if denominator == 0 else percent,
            )
        )
    return out
