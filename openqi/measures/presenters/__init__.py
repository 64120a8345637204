"""Display values and SVG geometry for measures. No queries: everything arrives as arguments."""

from openqi.measures.presenters.chart import ChartPresenter
from openqi.measures.presenters.chart_marks import AnnotationMark, Marker
from openqi.measures.presenters.chart_table import EXPORT_HEADER, TableRow
from openqi.measures.presenters.icons import (
    ASSURANCE_ICONS,
    BLUE,
    GREY,
    ORANGE,
    POINT_STYLE,
    PURPLE,
    TEXT,
    VARIATION_ICONS,
    Icon,
    assurance_icon,
    format_number,
    icon_label_html,
    sparkline_path,
    unit_label,
    variation_icon,
)

__all__ = [
    "ASSURANCE_ICONS",
    "BLUE",
    "EXPORT_HEADER",
    "GREY",
    "ORANGE",
    "POINT_STYLE",
    "PURPLE",
    "TEXT",
    "VARIATION_ICONS",
    "AnnotationMark",
    "ChartPresenter",
    "Icon",
    "Marker",
    "TableRow",
    "assurance_icon",
    "format_number",
    "icon_label_html",
    "sparkline_path",
    "unit_label",
    "variation_icon",
]
