"""Project pages. Views are thin: resolve the project through `project_access_get` (404 when
hidden), check the project role, call one service, render."""

from openqi.projects.views.archive import project_archive, project_unarchive
from openqi.projects.views.causes import (
    cause_list,
    fishbone_cause_remove,
    fishbone_create,
    fishbone_detail,
    why_chain_create,
    why_chain_detail,
    why_step_remove,
)
from openqi.projects.views.drivers import (
    driver_add,
    driver_change,
    driver_diagram,
    driver_remove,
    driver_removed,
    driver_rename,
    driver_restore,
)
from openqi.projects.views.pdsa import (
    pdsa_act,
    pdsa_create,
    pdsa_detail,
    pdsa_do,
    pdsa_plan_edit,
    pdsa_study,
)
from openqi.projects.views.process import (
    process_map_create,
    process_map_detail,
    process_step_change,
    process_step_edit,
)
from openqi.projects.views.projects import (
    aim_edit,
    link_edit,
    link_list,
    link_remove,
    member_list,
    member_remove,
    progress,
    project_copy,
    project_detail,
    project_edit,
    project_list,
)
from openqi.projects.views.spread import project_adopt, project_create, suggested_measure_remove

__all__ = [
    "aim_edit",
    "cause_list",
    "driver_add",
    "driver_change",
    "driver_diagram",
    "driver_remove",
    "driver_removed",
    "driver_rename",
    "driver_restore",
    "fishbone_cause_remove",
    "fishbone_create",
    "fishbone_detail",
    "link_edit",
    "link_list",
    "link_remove",
    "member_list",
    "member_remove",
    "pdsa_act",
    "pdsa_create",
    "pdsa_detail",
    "pdsa_do",
    "pdsa_plan_edit",
    "pdsa_study",
    "process_map_create",
    "process_map_detail",
    "process_step_change",
    "process_step_edit",
    "progress",
    "project_adopt",
    "project_archive",
    "project_copy",
    "project_create",
    "project_detail",
    "project_edit",
    "project_list",
    "project_unarchive",
    "suggested_measure_remove",
    "why_chain_create",
    "why_chain_detail",
    "why_step_remove",
]
