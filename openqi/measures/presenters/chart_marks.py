"""The small pieces of a chart drawing: point shapes, their compact markup, stepped lines, axis
ticks and the annotation flags' labels. Pure functions; no queries."""

import datetime
import math
from dataclasses import dataclass

from markupsafe import Markup

FLAG_HEIGHT = 18
FLAG_GAP = 4


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str
    hollow: bool
    label: str
    path: str


@dataclass(frozen=True)
class AnnotationMark:
    number: int
    x: float | None  # None: outside the drawn window (still listed under the chart)
    period: datetime.date
    text: str
    kind: str


@dataclass(frozen=True)
class AnnotationFlag:
    """One numbered flag above the plot: the notes at one point, stacked so close ones stay legible."""

    xs: tuple[float, ...]  # the points its notes belong to (one line down to each)
    label: str  # "3" or "3–5": the numbers in the list below the chart
    box_x: float
    box_width: float
    level: int  # 0 sits just above the plot; each level up is one flag higher
    kind: str  # "pdsa" when every note here is a PDSA cycle, else "note"
    title: str


def shape_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z"
    if shape == "diamond":
        d = r * 1.35
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}Z"
    if shape == "triangle":
        d = r * 1.3
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y + d * 0.8:.1f}L{x - d:.1f},{y + d * 0.8:.1f}Z"
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"


_SHAPE_LETTER = {"circle": "c", "square": "q", "diamond": "d", "triangle": "t"}
# A zero-length line with round or square ends draws a filled circle or square in a few bytes.
_DOT_CAPS = {"circle": "round", "square": "square"}


def points_markup(markers: list[Marker], *, id_prefix: str, radius: float, with_titles: bool) -> Markup:
    """All the points of a drawing in little markup, one group per colour and shape (fill and
    stroke written once, not per point): each shape drawn once in `<defs>` and placed with `<use>`.
    `with_titles` keeps each point's date and value as a tooltip (the wide drawing); without them
    (the phone drawing) filled circles and squares are dots on one path. The data table under the
    chart is the text alternative either way: the drawing is one image to assistive technology."""
    groups: dict[tuple[str, str, bool], list[Marker]] = {}
    for m in markers:
        groups.setdefault((m.colour, m.shape, m.hollow), []).append(m)
    ids = {shape: f"{id_prefix}-{_SHAPE_LETTER.get(shape, shape)}" for _, shape, _ in groups}
    dotted = {key for key in groups if not with_titles and not key[2] and key[1] in _DOT_CAPS}
    used = sorted({key[1] for key in groups if key not in dotted})
    out: list[Markup] = []
    if used:
        defs = Markup('<path id="{}" d="{}"/>')
        out += [Markup("<defs>"), *(defs.format(ids[s], shape_path(s, 0.0, 0.0, radius)) for s in used)]
        out.append(Markup("</defs>"))
    dots = Markup(
        '<path class="openqi-chart-points" data-shape="{}" d="{}" fill="none" stroke="{}" stroke-width="{:g}" '
        'stroke-linecap="{}"/>'
    )
    group = Markup('<g class="openqi-chart-points" data-shape="{}" fill="{}" stroke="{}" stroke-width="{}">')
    titled = Markup('<use href="#{}" x="{:.1f}" y="{:.1f}"><title>{}</title></use>')
    plain = Markup('<use href="#{}" x="{:.1f}" y="{:.1f}"/>')
    for key, members in groups.items():
        colour, shape, hollow = key
        if key in dotted:
            d = "".join(f"M{m.x:.1f},{m.y:.1f}h0" for m in members)
            out.append(dots.format(shape, d, colour, round(2 * radius + 1, 1), _DOT_CAPS[shape]))
            continue
        out.append(group.format(shape, "#ffffff" if hollow else colour, colour, 2 if hollow else 1))
        href = ids[shape]
        if with_titles:
            out += [titled.format(href, m.x, m.y, m.label) for m in members]
        else:
            out += [plain.format(href, m.x, m.y) for m in members]
        out.append(Markup("</g>"))
    return Markup("").join(out)


def stepped_path(xs: list[float], ys: list[float], half: float) -> str:
    """A stepped line through one part's levels: one horizontal run per level, so a constant
    centre line or limit is a single segment however many points it spans."""
    level = f"{ys[0]:.1f}"
    d = [f"M{xs[0] - half:.1f},{level}"]
    for x, y in zip(xs[1:], ys[1:], strict=True):
        here = f"{y:.1f}"
        if here != level:
            d.append(f"H{x - half:.1f}V{here}")
            level = here
    d.append(f"H{xs[-1] + half:.1f}")
    return "".join(d)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or abs(high) or 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        if value >= low - step * 0.001:
            ticks.append(round(value, 10))
        value += step
    return ticks


def number_label(numbers: list[int]) -> str:
    """ "3" for one note, "3–5" for a run, "3, 5" for two that are not neighbours."""
    if len(numbers) == 1:
        return str(numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 2 else f"{numbers[0]}, {numbers[1]}"
    return ", ".join(str(n) for n in numbers)
