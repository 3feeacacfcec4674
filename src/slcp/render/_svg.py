"""Inline SVG charts drawn from exact values: bar lengths in whole pixels by integer division,
no float touches money and no script or external resource is involved."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

import attrs

from slcp.render._common import terminal_safe

__all__ = ["Bar", "bar_chart", "column_chart", "histogram"]

_FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:12px"
_COLOURS = ("#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad")


@attrs.frozen(kw_only=True)
class Bar:
    """One bar (or group of bars) of a chart.

    Attributes:
        label: the category, shown beside the bar.
        values: one value per series (pence, or a percentage as a ``Decimal``); ``None``
            draws no bar for that series, only its text if it has one (e.g. "not a member").
        texts: the value as shown at the end of each bar.
    """

    label: str
    values: tuple[int | Decimal | None, ...]
    texts: tuple[str, ...]


def _esc(text: str) -> str:
    return html.escape(terminal_safe(text), quote=True)


def _length(value: int | Decimal, top: int | Decimal, width: int) -> int:
    if top <= 0 or value <= 0:
        return 0
    return int(Decimal(value) * width / Decimal(top))


def _legend(series: Sequence[str], x: int, y: int) -> list[str]:
    out = []
    for i, name in enumerate(series):
        xi = x + i * 170
        out.append(
            f'<rect x="{xi}" y="{y - 9}" width="10" height="10" fill="{_COLOURS[i % 4]}"/>'
            f'<text x="{xi + 14}" y="{y}">{_esc(name)}</text>'
        )
    return out


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    series: Sequence[str] = (),
    references: Sequence[tuple[str, int | Decimal]] = (),
    width: int = 640,
    label_width: int = 170,
) -> str:
    """A horizontal bar chart as an ``<svg>`` element (one bar per series per category).

    Args:
        title: the chart's accessible title.
        bars: the categories, top to bottom.
        series: names of the series (a legend is drawn when there are two or more).
        references: vertical reference lines ``(label, value)`` on the same scale (e.g.
            England's figure).
        width: the SVG's width in pixels.
        label_width: room for the category labels on the left.
    """
    per = max((len(b.values) for b in bars), default=1)
    bar_h, gap = 14, 8
    band = per * bar_h + gap
    top_pad = 22 if len(series) > 1 or references else 6
    height = top_pad + band * len(bars) + 8
    values = [v for b in bars for v in b.values if v is not None] + [v for _, v in references]
    top = max(values, default=0)
    plot = width - label_width - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="{_FONT}" class="chart">',
        f"<title>{_esc(title)}</title>",
    ]
    if len(series) > 1:
        parts += _legend(series, label_width, 14)
    for i, b in enumerate(bars):
        y = top_pad + i * band
        parts.append(
            f'<text x="{label_width - 6}" y="{y + band // 2}" text-anchor="end">'
            f"{_esc(b.label)}</text>"
        )
        for j, v in enumerate(b.values):
            if v is None:
                if j < len(b.texts) and b.texts[j]:
                    parts.append(
                        f'<text x="{label_width + 4}" y="{y + j * bar_h + bar_h - 4}" '
                        f'fill="#666">{_esc(b.texts[j])}</text>'
                    )
                continue
            yj = y + j * bar_h
            w = _length(v, top, plot)
            text = b.texts[j] if j < len(b.texts) else ""
            parts.append(
                f'<rect x="{label_width}" y="{yj}" width="{w}" height="{bar_h - 2}" '
                f'fill="{_COLOURS[j % 4]}"><title>{_esc(b.label)}: {_esc(text)}</title></rect>'
                f'<text x="{label_width + w + 4}" y="{yj + bar_h - 4}">{_esc(text)}</text>'
            )
    for k, (name, value) in enumerate(references):
        x = label_width + _length(value, top, plot)
        parts.append(
            f'<line x1="{x}" y1="{top_pad - 4}" x2="{x}" y2="{height - 4}" stroke="#c0392b" '
            f'stroke-dasharray="4 3"/><text x="{x + 3}" y="{12 + 0 * k}" fill="#c0392b">'
            f"{_esc(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(title: str, bars: Sequence[Bar], *, width: int = 640, height: int = 220) -> str:
    """A vertical column chart (one series) as an ``<svg>`` element, e.g. spend by year."""
    n = max(len(bars), 1)
    slot = (width - 20) // n
    plot = height - 50
    top = max((v for b in bars for v in b.values if v is not None), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="{_FONT}" class="chart">',
        f"<title>{_esc(title)}</title>",
    ]
    for i, b in enumerate(bars):
        v = b.values[0] if b.values else None
        h = 0 if v is None else _length(v, top, plot)
        x = 10 + i * slot
        y = 20 + plot - h
        text = b.texts[0] if b.texts else ""
        parts.append(
            f'<rect x="{x + 4}" y="{y}" width="{max(slot - 8, 1)}" height="{h}" '
            f'fill="{_COLOURS[0]}"><title>{_esc(b.label)}: {_esc(text)}</title></rect>'
            f'<text x="{x + slot // 2}" y="{y - 4}" text-anchor="middle" font-size="10">'
            f"{_esc(text)}</text>"
            f'<text x="{x + slot // 2}" y="{height - 12}" text-anchor="middle">'
            f"{_esc(b.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(title: str, counts: Sequence[int], *, width: int = 300, height: int = 120) -> str:
    """Counts of scores in ten bands (0-10, …, 90-100) as a small ``<svg>`` histogram."""
    top = max(counts, default=0)
    plot = height - 30
    slot = (width - 10) // max(len(counts), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="{_FONT}" class="chart">',
        f"<title>{_esc(title)}</title>",
    ]
    for i, c in enumerate(counts):
        h = _length(c, top, plot)
        x = 5 + i * slot
        parts.append(
            f'<rect x="{x + 1}" y="{8 + plot - h}" width="{slot - 2}" height="{h}" '
            f'fill="{_COLOURS[2]}"><title>{i * 10}-{i * 10 + 10}: {c}</title></rect>'
        )
        if i % 2 == 0:
            parts.append(f'<text x="{x}" y="{height - 8}" font-size="10">{i * 10}</text>')
    parts.append(
        f'<text x="{width - 22}" y="{height - 8}" font-size="10">100</text>'
        f'<text x="{width - 4}" y="10" font-size="10" text-anchor="end">tallest: {top}</text>'
        "</svg>"
    )
    return "".join(parts)
