"""The training card on a project's page and report (registered with `projects.extensions`): the
course a project grew out of (a learner's challenge turned into a project) and the cohorts whose
learners work on it (a team application accepted), so the course is recorded on the project."""

from openqi.projects.access import ProjectAccess
from openqi.projects.extensions import ProjectPanel
from openqi.training.selectors import project_training


def training_panel(project_access: ProjectAccess) -> ProjectPanel | None:
    if project_access.is_partner:
        return None
    found = project_training(project=project_access.project)
    if found.started_on is None and not found.cohorts:
        return None
    lines: list[str] = []
    if found.started_on is not None:
        lines.append(f"Started from a QI challenge brought to ‘{found.started_on.title}’.")
    for cohort, learners in found.cohorts:
        when = cohort.occasion.starts_at.strftime("%-d %B %Y")
        lines.append(f"Learners on ‘{cohort.course.title}’ (cohort starting {when}) working on it: {learners}.")
    return ProjectPanel(key="training", heading="Training", lines=tuple(lines))
