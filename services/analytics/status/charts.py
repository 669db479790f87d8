"""Inline SVG charts, drawn on the server: no script, no external asset."""

from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT, PAD = 320, 96, 14
PLOT = HEIGHT - 2 * PAD


def _x(i: int, n: int) -> float:
    return PAD + (WIDTH - 2 * PAD) / max(n, 1) * (i + 0.5)


def _y(share: float) -> float:
    return HEIGHT - PAD - PLOT * share


def _frame(label: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">',
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>',
    ]


def _text(x: float, text: str, css: str = "tick", y: float = HEIGHT - 2) -> str:
    return f'<text class="{css}" x="{x}" y="{y}">{escape(text)}</text>'


def _line(css: str, dots: list[tuple[float, float, str]]) -> list[str]:
    """A polyline through the dots and one titled circle per dot."""
    if not dots:
        return []
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in dots)
    circles = [
        f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="2.5"><title>{escape(tip)}</title></circle>'
        for x, y, tip in dots
    ]
    return [f'<polyline class="{css}" points="{path}"/>', *circles]


def _bars(x: float, width: float, top: int, point: dict[str, Any], tip: str) -> list[str]:
    """One day's stacked bar: succeeded at the bottom, then partial, then failed."""
    ok = point["runs"] - point["failed"] - point["partial"]
    base, parts = float(HEIGHT - PAD), []
    for kind, count in (("ok", ok), ("partial", point["partial"]), ("failed", point["failed"])):
        h = PLOT * count / top
        if h > 0:
            base -= h
            parts.append(
                f'<rect class="bar {kind}" x="{x - width / 2:.1f}" y="{base:.1f}" width="{width:.1f}" '
                f'height="{h:.1f}"><title>{escape(tip)}</title></rect>'
            )
    return parts


def runs_chart(points: list[dict[str, Any]], label: str) -> str:
    """Runs per day as stacked bars (ok, partial, failed) and the failure rate as a line, one dot per day run."""
    n, top = len(points), max([p["runs"] for p in points] + [1])
    parts, dots = _frame(label), []
    for i, p in enumerate(points):
        tip = f"{p['day']}: {p['runs']} runs, {p['failed']} failed, {p['partial']} partial"
        parts += _bars(_x(i, n), (WIDTH - 2 * PAD) / max(n, 1) * 0.6, top, p, tip)
        if p["rate"] is not None:
            dots.append((_x(i, n), _y(p["rate"]), f"{tip}; failure rate {p['rate']:.0%}"))
    parts += _line("rate", dots)
    if points:
        parts += [_text(PAD, points[0]["day"][5:]), _text(WIDTH - PAD, points[-1]["day"][5:], "tick end")]
    parts += [_text(PAD, f"max {top} runs/day", y=PAD - 4), "</svg>"]
    return "".join(parts)


def share_chart(points: list[tuple[str, float | None]], label: str) -> str:
    """A share (0..1) per date as a line with one dot per measured date."""
    n = len(points)
    dots = [(_x(i, n), _y(v), f"{d}: {v:.1%}") for i, (d, v) in enumerate(points) if v is not None]
    full = f'<line class="grid" x1="{PAD}" y1="{_y(1.0)}" x2="{WIDTH - PAD}" y2="{_y(1.0)}"/>'
    return "".join([*_frame(label), full, *_line("share", dots), _text(PAD, "100%", y=PAD - 4), "</svg>"])
