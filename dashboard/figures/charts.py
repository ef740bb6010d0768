"""Charts as SVG drawn on the server: no JavaScript, no CDN, readable by screen readers
(a title and a description; the page shows the numbers as a table as well)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

#: Colours with at least 4.5:1 contrast on white (WCAG AA for the value labels).
COLOURS = ("#1f5f99", "#8a4b00", "#1e6b34")
TEXT = "#1a1a1a"
GRID = "#c8c8c8"

_ids = itertools.count(1)


def _number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def bars(rows: Sequence[tuple[str, float]], title: str, decimals: int = 0) -> Markup:
    """Horizontal bars, one per row (label, value): for categories and districts."""
    chart_id = next(_ids)
    bar_height, gap, label_width, width = 22, 8, 190, 640
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max((v for _, v in rows), default=0) or 1
    scale = (width - label_width - 70) / top
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{chart_id}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{chart_id}-t">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        text_y = y + bar_height * 0.72
        length = max(0.0, value * scale)
        shown = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{text_y:.1f}" text-anchor="end" fill="{TEXT}" font-size="13">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{text_y:.1f}" fill="{TEXT}" font-size="13">{_number(value, decimals)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def columns(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    decimals: int = 0,
) -> Markup:
    """Vertical columns over time (one or two series side by side): for weeks."""
    chart_id = next(_ids)
    width, height, left, bottom, top_pad = 640, 260, 44, 40, 16
    slots = max(1, len(labels))
    slot = (width - left - 8) / slots
    col = slot * 0.8 / max(1, len(series))
    top = max((v or 0 for _, values in series for v in values), default=0) or 1
    scale = (height - bottom - top_pad) / top
    base = height - bottom
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{chart_id}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{chart_id}-t">{escape(title)}</title>',
        f'<line x1="{left}" y1="{base}" x2="{width - 4}" y2="{base}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" fill="{TEXT}" font-size="12">{_number(top, decimals)}</text>',
        f'<text x="{left - 6}" y="{base}" text-anchor="end" fill="{TEXT}" font-size="12">0</text>',
    ]
    every = max(1, slots // 12)
    for i, label in enumerate(labels):
        x0 = left + i * slot + slot * 0.1
        for j, (_, values) in enumerate(series):
            value = values[i] if i < len(values) else None
            if value is None:
                continue
            h = value * scale
            parts.append(
                f'<rect x="{x0 + j * col:.1f}" y="{base - h:.1f}" width="{max(1.0, col - 1):.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(label)}: {_number(value, decimals)}</title></rect>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                f'fill="{TEXT}" font-size="11">{escape(label)}</text>'
            )
    if len(series) > 1:
        x = left
        for j, (name, _) in enumerate(series):
            parts.append(
                f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>'
                f'<text x="{x + 14}" y="{height - 5}" fill="{TEXT}" font-size="12">{escape(name)}</text>'
            )
            x += 20 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
