"""Charts of the reports as inline SVG, written out by hand on the server.

Why not a JavaScript chart library: the charts need no interaction, so they need no
JavaScript. Inline SVG is text in the page: it renders before any script, prints crisply,
keeps Vietnamese labels as real (selectable, translatable) text, costs no CDN or vendored
library, and is accessible the plain way: the `<svg>` is one image (`role="img"`) named
by its `<title>` and described by its `<desc>` through `aria-labelledby`, and every chart
is followed on the page by a table of the same data (`templates/reports/includes/`).

Meaning never rests on colour alone: every bar and point carries its value as text. The
colours are the site's navy and red, both above 4.5:1 against white; grid lines are
decorative. Only presentation attributes are used (no `style=""`), so a Content Security
Policy that forbids inline styles leaves the charts intact.

The functions take strings already translated and numbers already formatted by the
caller, and return safe HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

FONT = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
NAVY = "#1d3b6f"
RED = "#b0191e"
TEXT = "#1b1f24"
MUTED = "#4a5563"
GRID = "#d0d5dd"

WIDTH = 760
# Counts are drawn on a scale of at least 0–4, so one overdue course or one completion
# does not fill the whole chart and look like a crisis.
MIN_COUNT_SCALE = 4


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no data, no bar) and the value as shown."""

    label: str
    value: float | None
    value_label: str


@dataclass(frozen=True)
class Point:
    """One point of a line chart: the x label, the value and the value as shown."""

    label: str
    value: float
    value_label: str


def nice_ticks(maximum: float, *, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum`: 0, 5, 10… or 0, 20, 40…"""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1:
        step = 1
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def wrap_label(text: str, *, max_chars: int, max_lines: int = 2) -> list[str]:
    """Break a label between words into lines of at most about `max_chars` characters.

    Two lines are balanced ("Phòng Lao động – Thương / binh và Xã hội" rather than a lone
    last word); a label longer than `max_lines` lines ends in "…" (the table below the
    chart always has the full name).
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return [text]
    words = text.split(" ")
    if max_lines >= 2:
        splits = [
            (" ".join(words[:i]), " ".join(words[i:]))
            for i in range(1, len(words))
            if len(" ".join(words[:i])) <= max_chars and len(" ".join(words[i:])) <= max_chars
        ]
        if splits:
            return list(min(splits, key=lambda pair: max(len(pair[0]), len(pair[1]))))
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = lines[: max_lines - 1] + [rest[: max_chars - 1].rstrip() + "…"]
    return lines


def _c(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{value:.1f}".removesuffix(".0")


def _number(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(round(value, 1), 1, force_grouping=True)


def _svg(chart_id: str, title: str, description: str, height: float, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{id}" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{font}" font-size="14" fill="{text}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<rect width="{w}" height="{h}" fill="#ffffff"/>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=_c(height),
        font=FONT,
        text=TEXT,
        title=title,
        desc=description,
        body=body,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    maximum: float | None = None,
    tick_suffix: str = "",
    colour: str = NAVY,
    empty_text: str = "",
) -> SafeString:
    """Horizontal bars, one row per item, labels on the left and the value at the end of
    each bar. `maximum` fixes the scale (100 for percentages); else it fits the data."""
    label_width, value_width = 290, 80
    top, row_height, bottom = 12, 38, 34
    x0, x1 = label_width, WIDTH - value_width
    largest = max([b.value for b in bars if b.value is not None] or [0])
    ticks = nice_ticks(maximum if maximum is not None else max(largest, MIN_COUNT_SCALE))
    scale_max = ticks[-1]
    height = top + row_height * max(1, len(bars)) + bottom
    plot_bottom = top + row_height * max(1, len(bars))

    def x_of(value: float) -> float:
        return x0 + (x1 - x0) * (value / scale_max if scale_max else 0)

    parts = []
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{grid}" '
                'stroke-width="1"/>'
                '<text x="{x}" y="{label_y}" text-anchor="middle" font-size="12" '
                'fill="{muted}">{label}{suffix}</text>',
                x=_c(x),
                top=top,
                bottom=plot_bottom,
                grid=GRID,
                label_y=plot_bottom + 20,
                muted=MUTED,
                label=_number(tick),
                suffix=tick_suffix,
            )
        )
    for index, bar in enumerate(bars):
        y = top + row_height * index
        lines = wrap_label(bar.label, max_chars=36)
        first_baseline = y + row_height / 2 + 5 - (len(lines) - 1) * 8
        tspans = format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            ((label_width - 10, _c(first_baseline + 16 * i), line) for i, line in enumerate(lines)),
        )
        parts.append(format_html('<text text-anchor="end">{}</text>', tspans))
        if bar.value is None:
            parts.append(
                format_html(
                    '<text x="{x}" y="{y}" fill="{muted}" font-style="italic">{text}</text>',
                    x=x0 + 6,
                    y=_c(y + row_height / 2 + 5),
                    muted=MUTED,
                    text=bar.value_label,
                )
            )
            continue
        end = x_of(bar.value)
        parts.append(
            format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}" rx="2"/>'
                '<text x="{tx}" y="{ty}" font-weight="700">{text}</text>',
                x=x0,
                y=y + 8,
                w=_c(max(0.0, end - x0)),
                h=row_height - 16,
                colour=colour,
                tx=_c(end + 6),
                ty=_c(y + row_height / 2 + 5),
                text=bar.value_label,
            )
        )
    if not bars and empty_text:
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" fill="{muted}">{text}</text>',
                x=x0 + 6,
                y=_c(top + row_height / 2 + 5),
                muted=MUTED,
                text=empty_text,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{axis}" stroke-width="1.5"/>',
            x=x0,
            top=top,
            bottom=plot_bottom,
            axis=MUTED,
        )
    )
    return _svg(chart_id, title, description, height, mark_safe("".join(parts)))


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    colour: str = NAVY,
) -> SafeString:
    """A line through `points` spaced evenly left to right, each point with its value
    above it; at most 12 x labels are written (every second or third when there are more)."""
    left, right, top, bottom = 56, 28, 30, 44
    height = 300
    plot_top, plot_bottom = top, height - bottom
    x0, x1 = left, WIDTH - right
    ticks = nice_ticks(max([p.value for p in points] + [MIN_COUNT_SCALE]))
    scale_max = ticks[-1] or 1

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * value / scale_max

    def x_of(index: int) -> float:
        if len(points) == 1:
            return (x0 + x1) / 2
        return x0 + 12 + (x1 - x0 - 24) * index / (len(points) - 1)

    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            format_html(
                '<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="{grid}" '
                'stroke-width="1"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" font-size="12" '
                'fill="{muted}">{label}</text>',
                x0=x0,
                x1=x1,
                y=_c(y),
                grid=GRID,
                tx=x0 - 8,
                ty=_c(y + 4),
                muted=MUTED,
                label=_number(tick),
            )
        )
    step = max(1, math.ceil(len(points) / 12))
    for index, point in enumerate(points):
        if index % step == 0 or index == len(points) - 1:
            parts.append(
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="middle" font-size="12" '
                    'fill="{muted}">{label}</text>',
                    x=_c(x_of(index)),
                    y=plot_bottom + 22,
                    muted=MUTED,
                    label=point.label,
                )
            )
    if points:
        coordinates = " ".join(f"{_c(x_of(i))},{_c(y_of(p.value))}" for i, p in enumerate(points))
        parts.append(
            format_html(
                '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3" '
                'stroke-linejoin="round" stroke-linecap="round"/>',
                points=coordinates,
                colour=colour,
            )
        )
    for index, point in enumerate(points):
        x, y = x_of(index), y_of(point.value)
        parts.append(
            format_html(
                '<circle cx="{x}" cy="{y}" r="5" fill="{colour}" stroke="#ffffff" '
                'stroke-width="2"/>'
                '<text x="{x}" y="{ty}" text-anchor="middle" font-size="13" '
                'font-weight="700">{label}</text>',
                x=_c(x),
                y=_c(y),
                colour=colour,
                ty=_c(y - 11),
                label=point.value_label,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="{axis}" stroke-width="1.5"/>',
            x0=x0,
            x1=x1,
            y=plot_bottom,
            axis=MUTED,
        )
    )
    return _svg(chart_id, title, description, height, mark_safe("".join(parts)))
