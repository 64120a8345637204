"""Making Data Count colours and icons, numbers and units for display, the matrix sparkline."""

import functools
import math
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

GREY = "#768692"
BLUE = "#005eb8"
ORANGE = "#ed8b00"
PURPLE = "#330072"
TEXT = "#212b32"

# Colour and a shape for every point type, so colour is never the only cue.
POINT_STYLE: dict[str, tuple[str, str, str]] = {
    "common_cause": (GREY, "circle", "Common cause"),
    "special_cause_improvement": (BLUE, "square", "Special cause: improvement"),
    "special_cause_concern": (ORANGE, "diamond", "Special cause: concern"),
    "special_cause_neutral_high": (PURPLE, "triangle", "Special cause: neither better nor worse (high)"),
    "special_cause_neutral_low": (PURPLE, "triangle", "Special cause: neither better nor worse (low)"),
}

# (fill, letter, text colour, label): letters carry the meaning, colours follow Making Data Count.
VARIATION_ICONS: dict[str, tuple[str, str, str, str]] = {
    "common_cause": (GREY, "C", "#000000", "Common cause variation"),
    "improvement_high": (BLUE, "H", "#ffffff", "Special cause improvement: higher"),
    "improvement_low": (BLUE, "L", "#ffffff", "Special cause improvement: lower"),
    "concern_high": (ORANGE, "H", "#000000", "Special cause concern: higher"),
    "concern_low": (ORANGE, "L", "#000000", "Special cause concern: lower"),
    "neutral_high": (PURPLE, "H", "#ffffff", "Special cause, neither better nor worse: higher"),
    "neutral_low": (PURPLE, "L", "#ffffff", "Special cause, neither better nor worse: lower"),
}
ASSURANCE_ICONS: dict[str, tuple[str, str, str, str]] = {
    "pass": (BLUE, "P", "#ffffff", "Target consistently met"),
    "fail": (ORANGE, "F", "#000000", "Target consistently missed"),
    "hit_and_miss": (GREY, "?", "#000000", "Target sometimes met and sometimes missed"),
}


@dataclass(frozen=True)
class Icon:
    fill: str
    letter: str
    text_colour: str
    label: str


def variation_icon(code: str) -> Icon | None:
    spec = VARIATION_ICONS.get(code)
    return Icon(*spec) if spec else None


def assurance_icon(code: str) -> Icon | None:
    spec = ASSURANCE_ICONS.get(code)
    return Icon(*spec) if spec else None


@functools.lru_cache(maxsize=64)
def icon_label_html(kind: str, code: str, empty_text: str) -> Markup:
    """An icon with its text label as HTML, made once per icon: a matrix of thousands of
    measures shows the same few icons over and over (same markup as the `icon_with_label` macro)."""
    icon = variation_icon(code) if kind == "variation" else assurance_icon(code)
    if icon is None:
        return Markup('<span class="openqi-icon-label">{}</span>').format(empty_text)
    return Markup(
        '<span class="openqi-icon-label"><svg class="openqi-icon" width="32" height="32" viewBox="0 0 32 32" '
        'aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="15" fill="{}"/><text x="16" y="21.5" '
        'text-anchor="middle" font-size="16" font-weight="700" font-family="Arial, sans-serif" fill="{}">{}</text>'
        "</svg> <span>{}</span></span>"
    ).format(icon.fill, icon.text_colour, icon.letter, icon.label)


def format_number(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{min(decimals, 4)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_label(measure: Any) -> str:
    """What the plotted numbers are in: %, a rate per so many, or the measure's own unit."""
    if measure.chart_type == "p":
        return "%"
    if measure.chart_type == "u" and measure.rate_per > 1:
        return f"per {measure.rate_per:,}" + (f" {measure.unit}" if measure.unit else "")
    return str(measure.unit)


def polylines(xs: list[float], ys: list[float | None], scale_y: Any) -> list[str]:
    """SVG path data with a break wherever a value is missing."""
    paths: list[str] = []
    current: list[str] = []
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if len(current) > 1:
                paths.append("M" + "L".join(current))
            current = []
            continue
        current.append(f"{x:.1f},{scale_y(y):.1f}")
    if len(current) > 1:
        paths.append("M" + "L".join(current))
    return paths


def sparkline_path(values: list[float | None], width: int = 120, height: int = 28) -> str:
    """A tiny line for the icon matrix, from the stored latest values."""
    numbers = [v for v in values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    xs = [2 + i * step for i in range(len(values))]
    return " ".join(polylines(xs, values, lambda v: height - 2 - (height - 4) * (v - low) / span))
