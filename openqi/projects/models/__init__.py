"""Models of the projects app, one concept per module: `projects` (projects, members, links,
driver diagrams, PDSA cycles, fishbones, five whys, process maps), `partners` (partner
organisations of an ICS project) and `stories` (improvement stories and partner involvement).

Django finds every model through the imports below; the app label stays `projects`, so moving a
model between these modules needs no migration.

Measures and ideas live in other apps; a project points at them only through `ProjectLink`
(a kind and an id).
"""

from openqi.projects.models.partners import (
    ProjectOrganisation,
)
from openqi.projects.models.projects import (
    DECISION_STATUS,
    DRIVER_LEVELS,
    EDITOR_ROLES,
    FINISHED_STATUSES,
    MAX_DRIVER_DEPTH,
    MAX_WHYS,
    STAGE_EXPECTATIONS,
    ActDecision,
    CauseCategory,
    DriverNode,
    Evidence,
    Fishbone,
    FishboneCause,
    LinkKind,
    PdsaCycle,
    PdsaStatus,
    ProcessMap,
    ProcessStep,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectRole,
    Stage,
    StepKind,
    SuggestedMeasure,
    Visibility,
    WhyChain,
    WhyStep,
    format_amount,
)
from openqi.projects.models.stories import (
    EDITABLE_STORY_STATUSES,
    InvolvementEntry,
    Story,
    StoryStatus,
)

__all__ = [
    "DECISION_STATUS",
    "DRIVER_LEVELS",
    "EDITABLE_STORY_STATUSES",
    "EDITOR_ROLES",
    "FINISHED_STATUSES",
    "MAX_DRIVER_DEPTH",
    "MAX_WHYS",
    "STAGE_EXPECTATIONS",
    "ActDecision",
    "CauseCategory",
    "DriverNode",
    "Evidence",
    "Fishbone",
    "FishboneCause",
    "InvolvementEntry",
    "LinkKind",
    "PdsaCycle",
    "PdsaStatus",
    "ProcessMap",
    "ProcessStep",
    "Project",
    "ProjectLink",
    "ProjectMember",
    "ProjectOrganisation",
    "ProjectRole",
    "Stage",
    "StepKind",
    "Story",
    "StoryStatus",
    "SuggestedMeasure",
    "Visibility",
    "WhyChain",
    "WhyStep",
    "format_amount",
]
