"""Writes for measures, their data, chart events, annotations, imports and selections. Atomic and
audited. One module per area; callers use `from openqi.measures import services`."""

from openqi.measures.services.alerts import measure_summary_refresh
from openqi.measures.services.bulk_write import MAX_BULK_POINTS, PointRow, UpsertResult, data_points_write
from openqi.measures.services.data import (
    annotation_add,
    chart_event_add,
    chart_event_undo,
    data_point_add,
    data_point_update,
)
from openqi.measures.services.imports import (
    IMPORT_FAULT,
    import_cancel,
    import_confirm,
    import_prepare,
    import_queue,
    import_run,
)
from openqi.measures.services.measures import (
    MEASURE_FIELDS,
    measure_archive,
    measure_copy,
    measure_create,
    measure_recompute_enqueue,
    measure_unarchive,
    measure_update,
)
from openqi.measures.services.selections import (
    measure_follow,
    measure_set_create,
    measure_set_delete,
    measure_set_update,
    measure_unfollow,
)

__all__ = [
    "IMPORT_FAULT",
    "MAX_BULK_POINTS",
    "MEASURE_FIELDS",
    "PointRow",
    "UpsertResult",
    "annotation_add",
    "chart_event_add",
    "chart_event_undo",
    "data_point_add",
    "data_point_update",
    "data_points_write",
    "import_cancel",
    "import_confirm",
    "import_prepare",
    "import_queue",
    "import_run",
    "measure_archive",
    "measure_copy",
    "measure_create",
    "measure_follow",
    "measure_recompute_enqueue",
    "measure_set_create",
    "measure_set_delete",
    "measure_set_update",
    "measure_summary_refresh",
    "measure_unarchive",
    "measure_unfollow",
    "measure_update",
]
