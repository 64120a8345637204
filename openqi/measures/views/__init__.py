"""Measure pages, one module per area; urls.py refers to them through this package."""

from openqi.measures.views.data import (
    annotation_add,
    chart_event_add,
    chart_event_undo,
    data_entry,
    data_point_edit,
)
from openqi.measures.views.imports import import_cancel, import_preview, import_template, import_upload
from openqi.measures.views.matrix import (
    measure_follow,
    measure_matrix,
    measure_set_create,
    measure_set_delete,
    measure_set_edit,
    measure_set_list,
)
from openqi.measures.views.pages import (
    measure_archive,
    measure_chart_svg,
    measure_copy,
    measure_create,
    measure_detail,
    measure_edit,
    measure_export,
    measure_export_xlsx,
    measure_list,
    measure_unarchive,
)

__all__ = [
    "annotation_add",
    "chart_event_add",
    "chart_event_undo",
    "data_entry",
    "data_point_edit",
    "import_cancel",
    "import_preview",
    "import_template",
    "import_upload",
    "measure_archive",
    "measure_chart_svg",
    "measure_copy",
    "measure_create",
    "measure_detail",
    "measure_edit",
    "measure_export",
    "measure_export_xlsx",
    "measure_follow",
    "measure_list",
    "measure_matrix",
    "measure_set_create",
    "measure_set_delete",
    "measure_set_edit",
    "measure_set_list",
    "measure_unarchive",
]
