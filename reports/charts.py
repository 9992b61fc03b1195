"""Small server-side SVG charts, shared by the dashboard and the PDF report.

Hand-built SVG (no JavaScript, no canvas) so that WeasyPrint can embed the same markup as
the browser shows. Every chart carries a <title>/<desc> and writes its values as text next
to the marks, so it reads without colour; `Chart.rows` gives the table alternative.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import french_number

PALETTE = ("#8a2c4d", "#2f6690", "#3a7d44", "#c0722a", "#5b4b8a", "#7a6a53")
# Marker shapes for line series: a second channel besides colour.
MARKERS = ("circle", "square", "diamond", "triangle")
FONT = "font-family:inherit;font-size:12px"
# Longer bar labels are cut with an ellipsis (the full label stays in `rows`): 32
# characters fit the 240 px label column at 12 px.
LABEL_MAX = 32
# Bar charts: labels wider than this (units) go above their bars; bars are this long at
# most. Inline, a chart is then at most ~350 units wide: a phone shows its labels at 11 px.
STACK_LABELS_OVER = 100
BAR_WIDTH = 180
# Bars drawn at most: past it, the smallest are drawn as one bar « N autres » (their sum;
# `rows` keeps each of them). A network's year has 200 referrers: 200 bars read as
# nothing, and took a second of the PDF's drawing.
BARS_MAX = 15


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    rows: tuple[tuple[str, ...], ...]  # text alternative: header row first
    empty: bool = False

    def __str__(self) -> str:
        return str(self.svg)

    def with_font(self, family: str) -> "Chart":
        """The same chart naming `family`: WeasyPrint's SVG renderer does not inherit the
        page's font, so the PDF names its embedded font."""
        svg = str(self.svg).replace("font-family:inherit", f"font-family:{escape(family)}")
        return replace(self, svg=mark_safe(svg))  # our markup; only the font name changes


def _open_svg(width: int, height: int, title: str, desc: str, uid: str, kind: str = "bars") -> str:
    # Drawn at its natural size (1 unit = 1 px: 12 px labels), shrunk only to fit (CSS
    # max-width): a chart never grows its labels past 12 px, nor shrinks a narrow one.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'class="chart chart-{kind}">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )


def _uid(title: str) -> str:
    # Deterministic ids: the same chart renders the same markup in every process.
    return "c" + hashlib.blake2s(title.encode(), digest_size=5).hexdigest()


def _describe(items: Sequence[tuple[str, float]]) -> str:
    return "; ".join(f"{label} : {french_number(value)}" for label, value in items)


def _text_width(text: str) -> int:
    """About how wide `text` is at 12 px in DejaVu Sans (the PDF's font, wide as most)."""
    narrow, wide = set("iIjlft.,;:!'|() "), set("mwMW")
    sizes = (
        4.2 if c in narrow else 11.8 if c in wide else 8.6 if c.isupper() else 7.4 for c in text
    )
    return round(sum(sizes))


def bar_chart(title: str, items: Sequence[tuple[str, float]], *, value_header: str = "") -> Chart:
    """Horizontal bars, one per (label, value), the value written at the end of the bar."""
    items = [(str(label), value or 0) for label, value in items]
    header = value_header or _("Nombre")
    rows = (("", header), *((label, french_number(value)) for label, value in items))
    if not items:
        return _empty(title, rows)
    items = _drawn(items)
    # Narrow enough for a phone (390 px) to show 12-unit labels at 11 px or more: short
    # labels sit left of their bars, long ones above them.
    widest = max(_text_width(label[:LABEL_MAX]) for label, _value in items)
    stacked = widest > STACK_LABELS_OVER
    label_w = 0 if stacked else 14 + widest
    bar_w, row_h, pad = BAR_WIDTH, (40 if stacked else 26), 8
    width = max(label_w + bar_w + 50, widest)
    height = pad * 2 + row_h * len(items)
    top = max(value for _, value in items) or 1
    uid = _uid(title)
    parts = [_open_svg(width, height, title, _describe(items), uid)]
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h + (14 if stacked else 0)  # the bar row's top
        w = max(bar_w * value / top, 1 if value else 0)
        short = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"
        label_at = (
            f'x="0" y="{y}"' if stacked else f'x="{label_w - 8}" y="{y + 17}" text-anchor="end"'
        )
        parts.append(
            f'<text {label_at} style="{FONT}">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="18" '
            f'fill="{PALETTE[0]}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" style="{FONT};font-weight:600">'
            f"{french_number(value)}</text>"
        )
    parts.append("</svg>")
    return Chart(title=title, svg=mark_safe("".join(parts)), rows=rows)


def _drawn(items: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The bars drawn: all of them up to BARS_MAX; past it, the BARS_MAX - 1 largest in
    their order, then one bar for the others."""
    if len(items) <= BARS_MAX:
        return items
    largest = set(sorted(range(len(items)), key=lambda i: -items[i][1])[: BARS_MAX - 1])
    kept = [item for i, item in enumerate(items) if i in largest]
    others = [value for i, (_label, value) in enumerate(items) if i not in largest]
    label = ngettext("%(n)s autre", "%(n)s autres", len(others)) % {"n": french_number(len(others))}
    return [*kept, (label, sum(others))]


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> Chart:
    """Lines over shared x labels (months, years); each series has its own marker shape."""
    labels = [str(label) for label in labels]
    rows = (("", *series.keys()),) + tuple(
        (label, *(french_number(values[i] or 0) for values in series.values()))
        for i, label in enumerate(labels)
    )
    if not labels or not series:
        return _empty(title, rows)
    left, right, top_pad, bottom, plot_w, plot_h = 40, 30, 50, 40, 480, 180
    width, height = left + plot_w + right, top_pad + plot_h + bottom
    top = max((v or 0) for values in series.values() for v in values) or 1
    step = plot_w / max(len(labels) - 1, 1)
    uid = _uid(title + "".join(series))
    desc = "; ".join(
        f"{name} : {_describe(list(zip(labels, vals, strict=True)))}"
        for name, vals in series.items()
    )
    parts = [_open_svg(width, height, title, desc, uid, kind="lines")]
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" '
        'stroke="#555" stroke-width="1"/>'
    )
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" '
            f'style="{FONT}">{escape(label)}</text>'
        )
    for s, (name, values) in enumerate(series.items()):
        colour, marker = PALETTE[s % len(PALETTE)], MARKERS[s % len(MARKERS)]
        points = [
            (left + i * step, top_pad + plot_h - plot_h * (v or 0) / top)
            for i, v in enumerate(values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = "" if s % 2 == 0 else ' stroke-dasharray="6 3"'
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for (x, y), v in zip(points, values, strict=True):
            parts.append(_marker(marker, x, y, colour))
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" style="{FONT}">'
                f"{french_number(v or 0)}</text>"
            )
        legend_x = left + s * 160
        parts.append(_marker(marker, legend_x + 5, 12, colour))
        parts.append(f'<text x="{legend_x + 14}" y="16" style="{FONT}">{escape(name)}</text>')
    parts.append("</svg>")
    return Chart(title=title, svg=mark_safe("".join(parts)), rows=rows)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _empty(title: str, rows) -> Chart:
    uid = _uid(title)
    svg = (
        _open_svg(400, 40, title, _("Aucune donnée"), uid)
        + f'<text x="8" y="24" style="{FONT}">{escape(_("Aucune donnée pour cette période."))}'
        "</text></svg>"
    )
    return Chart(title=title, svg=mark_safe(svg), rows=rows, empty=True)
