"""Writes for projects: each keyword-only, atomic and audited. Permission checks live in the
views (`ProjectAccess.require_*`); services check what the data must satisfy."""

from openqi.projects.services.archive import project_archive, project_unarchive
from openqi.projects.services.causes import (
    fishbone_cause_add,
    fishbone_cause_remove,
    fishbone_create,
    why_chain_create,
    why_step_add,
    why_step_remove_last,
)
from openqi.projects.services.drivers import (
    DRIVER_MOVES,
    driver_node_add,
    driver_node_move,
    driver_node_remove,
    driver_node_rename,
    driver_node_restore,
)
from openqi.projects.services.partners import project_organisation_add, project_organisation_remove
from openqi.projects.services.pdsa import (
    PLAN_FIELDS,
    pdsa_cycle_complete,
    pdsa_cycle_plan,
    pdsa_cycle_record_do,
    pdsa_cycle_record_study,
    pdsa_cycle_update_plan,
)
from openqi.projects.services.process import (
    STEP_FIELDS,
    process_map_create,
    process_step_add,
    process_step_change,
    process_step_update,
)
from openqi.projects.services.projects import (
    aim_problems,
    project_aim_set,
    project_copy,
    project_create,
    project_link_add,
    project_link_evidence_set,
    project_link_remove,
    project_member_add,
    project_member_remove,
    project_progress_set,
    project_update,
)
from openqi.projects.services.spread import (
    SourceIdea,
    adoption_refusal,
    project_adopt,
    project_start,
    suggested_measure_remove,
)

__all__ = [
    "DRIVER_MOVES",
    "PLAN_FIELDS",
    "STEP_FIELDS",
    "SourceIdea",
    "adoption_refusal",
    "aim_problems",
    "driver_node_add",
    "driver_node_move",
    "driver_node_remove",
    "driver_node_rename",
    "driver_node_restore",
    "fishbone_cause_add",
    "fishbone_cause_remove",
    "fishbone_create",
    "pdsa_cycle_complete",
    "pdsa_cycle_plan",
    "pdsa_cycle_record_do",
    "pdsa_cycle_record_study",
    "pdsa_cycle_update_plan",
    "process_map_create",
    "process_step_add",
    "process_step_change",
    "process_step_update",
    "project_adopt",
    "project_aim_set",
    "project_archive",
    "project_copy",
    "project_create",
    "project_link_add",
    "project_link_evidence_set",
    "project_link_remove",
    "project_member_add",
    "project_member_remove",
    "project_organisation_add",
    "project_organisation_remove",
    "project_progress_set",
    "project_start",
    "project_unarchive",
    "project_update",
    "suggested_measure_remove",
    "why_chain_create",
    "why_step_add",
    "why_step_remove_last",
]
