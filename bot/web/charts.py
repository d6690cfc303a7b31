"""Bar charts as server-rendered SVG, readable from 320 px phones to 1920 px screens.

Horizontal positions and widths are percentages of the chart's width and text has a fixed
pixel size, so the chart stretches to its column without its text shrinking (a viewBox would
scale 16 px labels down to 8 px on a phone). Labels therefore sit on their own lines above
each bar, wrapped for the narrowest screen. Colours come from classes in trainer.css (the
pages allow no inline style); every chart is one `role="img"` named by its <title> and
<desc>, and the page puts the same numbers in a table right below it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from bot.web.html import Markup, element

LINE_PX = 22
"""One line of 16 px label text."""
BAR_PX = 18
ROW_GAP_PX = 14
COLUMN_BAND_PX = 56
"""The height of the tallest column in a row of weekly columns."""
LABEL_CHARS = 34
"""What fits on one line of a 288 px wide chart (320 px screen less the page margins)."""
MAX_LABEL_LINES = 3
HALF = 48.0
"""The width, in percent, of each of the two bars of a paired chart (with a 4% gap)."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str
    """The value as the reader should see it, e.g. "12 (40%)"."""


@dataclass(frozen=True)
class Pair:
    label: str
    left: float
    right: float | None
    """None when there is nothing to draw (e.g. no answer was rated)."""
    note: str


@dataclass(frozen=True)
class Columns:
    label: str
    values: tuple[float, ...]


def percent(value: float, maximum: float, span: float = 100.0) -> float:
    """A bar's share of the chart width: proportional to its value, 0 when nothing is."""
    return round(span * value / maximum, 3) if maximum > 0 else 0.0


def wrap(text: str, max_lines: int = MAX_LABEL_LINES) -> list[str]:
    lines = textwrap.wrap(text, LABEL_CHARS, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: LABEL_CHARS - 1].rstrip() + "…"
    return lines


def labelled(label: str, note: str) -> list[str]:
    """ "Label: note" on as few lines as fit; a long label is cut short rather than the note,
    since the note holds the numbers (the table below has the whole label)."""
    lines = wrap(f"{label}: {note}", max_lines=MAX_LABEL_LINES + 1)
    if len(lines) <= MAX_LABEL_LINES:
        return lines
    notes = textwrap.wrap(note, LABEL_CHARS, break_on_hyphens=False)
    return wrap(f"{label}:", max_lines=max(1, MAX_LABEL_LINES - len(notes))) + notes


def svg(chart_id: str, title: str, description: str, height: int, *shapes: Markup) -> Markup:
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "width": "100%",
            "height": height,
        },
        element("title", {"id": f"{chart_id}-title"}, title),
        element("desc", {"id": f"{chart_id}-desc"}, description),
        *shapes,
    )


def label_lines(lines: Sequence[str], top: int, x: str = "0") -> Markup:
    return element(
        "text",
        {"class": "chart-text", "x": x, "y": top + LINE_PX - 6},
        *(
            element("tspan", {"x": x, "dy": 0 if i == 0 else LINE_PX}, line)
            for i, line in enumerate(lines)
        ),
    )


def rect(kind: str, x: float, y: int, width: float, height: int) -> Markup:
    return element(
        "rect", {"class": kind, "x": f"{x:g}%", "y": y, "width": f"{width:g}%", "height": height}
    )


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    maximum: float | None = None,
    track: bool = False,
) -> Markup:
    """One labelled bar per row, widths proportional to the values; `maximum` fixes the full
    width (1.0 for rates, drawn on a light track), otherwise the largest value fills it."""
    scale = maximum if maximum is not None else max((bar.value for bar in bars), default=0)
    shapes: list[Markup] = []
    top = 0
    for bar in bars:
        lines = labelled(bar.label, bar.note)
        shapes.append(label_lines(lines, top))
        bar_top = top + len(lines) * LINE_PX
        if track:
            shapes.append(rect("chart-track", 0, bar_top, 100, BAR_PX))
        shapes.append(rect("chart-bar", 0, bar_top, percent(bar.value, scale), BAR_PX))
        top = bar_top + BAR_PX + ROW_GAP_PX
    return svg(chart_id, title, description, max(top - ROW_GAP_PX, 1), *shapes)


def paired_chart(
    chart_id: str,
    title: str,
    description: str,
    headings: tuple[str, str],
    pairs: Sequence[Pair],
    left_maximum: float,
) -> Markup:
    """Two bars side by side per row: left scaled to `left_maximum`, right a rate out of 1."""
    shapes = [label_lines([headings[0]], 0), label_lines([headings[1]], 0, f"{100 - HALF:g}%")]
    top = LINE_PX + ROW_GAP_PX // 2
    for pair in pairs:
        lines = labelled(pair.label, pair.note)
        shapes.append(label_lines(lines, top))
        bar_top = top + len(lines) * LINE_PX
        shapes.append(rect("chart-bar", 0, bar_top, percent(pair.left, left_maximum, HALF), BAR_PX))
        shapes.append(rect("chart-track", 100 - HALF, bar_top, HALF, BAR_PX))
        if pair.right is not None:
            width = percent(pair.right, 1.0, HALF)
            shapes.append(rect("chart-bar chart-bar--second", 100 - HALF, bar_top, width, BAR_PX))
        top = bar_top + BAR_PX + ROW_GAP_PX
    return svg(chart_id, title, description, top - ROW_GAP_PX, *shapes)


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[Columns],
    scale_note: str,
    first_label: str,
    last_label: str,
    band_px: int = COLUMN_BAND_PX,
) -> Markup:
    """Rows of columns over time (one per week) on one shared scale, so rows compare. The
    scale is said in words above the rows (`scale_note`: what the tallest column is); the
    first and last period are named under the last row."""
    scale = max((value for row in rows for value in row.values), default=0)
    periods = max((len(row.values) for row in rows), default=0) or 1
    slot = 100 / periods
    note = wrap(scale_note)
    shapes = [label_lines(note, 0)]
    top = len(note) * LINE_PX + ROW_GAP_PX
    for row in rows:
        lines = wrap(row.label)
        shapes.append(label_lines(lines, top))
        base = top + len(lines) * LINE_PX + band_px
        for i, value in enumerate(row.values):
            height = round(band_px * value / scale, 2) if scale > 0 else 0.0
            shapes.append(
                element(
                    "rect",
                    {
                        "class": "chart-bar",
                        "x": f"{round(i * slot + slot * 0.1, 3):g}%",
                        "y": f"{base - height:g}",
                        "width": f"{round(slot * 0.8, 3):g}%",
                        "height": f"{height:g}",
                    },
                )
            )
        shapes.append(
            element(
                "line",
                {
                    "class": "chart-axis",
                    "x1": "0",
                    "x2": "100%",
                    "y1": base + 0.5,
                    "y2": base + 0.5,
                },
            )
        )
        top = base + ROW_GAP_PX
    shapes.append(label_lines([first_label], top - 4))
    shapes.append(
        element(
            "text",
            {"class": "chart-text chart-text--end", "x": "100%", "y": top - 4 + LINE_PX - 6},
            last_label,
        )
    )
    return svg(chart_id, title, description, top - 4 + LINE_PX, *shapes)
