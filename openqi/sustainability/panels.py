"""The sustainability card on a project's page and report (registered with
`projects.extensions`): the latest agreed score, and a prompt when an assessment is due — when the
project is being implemented and has no assessment in the last quarter, and every quarter while it
sustains."""

import datetime

from django.urls import reverse
from django.utils import timezone

from openqi.projects.access import ProjectAccess
from openqi.projects.extensions import ProjectPanel
from openqi.projects.models import Stage
from openqi.sustainability.selectors import assessment_history, assessment_open

QUARTER = datetime.timedelta(days=91)
DUE_STAGES = (Stage.IMPLEMENT, Stage.SUSTAIN)


def due_prompt(*, stage: str, last_agreed: datetime.datetime | None, has_open: bool) -> str:
    if stage not in DUE_STAGES:
        return ""
    if has_open:
        return "An assessment is open: score it on your own, then agree it as a team."
    if last_agreed is None:
        return "Assess whether the change will last: the project is being implemented or sustained."
    if timezone.now() - last_agreed >= QUARTER:
        return "A new assessment is due: the last one was agreed more than three months ago."
    return ""


def sustainability_panel(project_access: ProjectAccess) -> ProjectPanel | None:
    if project_access.is_partner:
        return None
    project = project_access.project
    history = assessment_history(project=project)
    latest = history[-1] if history else None
    lines: list[str] = []
    if latest is not None and latest.assessment.agreed_at is not None:
        result = latest.result
        when = latest.assessment.agreed_at.strftime("%-d %B %Y")
        total = f"{result.total:.1f}"
        if result.complete:
            lines.append(f"Agreed score {total}, on {when}.")
        else:
            lines.append(
                f"Agreed score {total} from the factors with confirmed weights ({len(result.unscored)} without), "
                f"on {when}."
            )
        if result.weaknesses:
            lines.append("Weakest: " + ", ".join(r.factor.name for r in result.weaknesses[:3]) + ".")
    else:
        lines.append("Not assessed yet.")
    prompt = due_prompt(
        stage=project.stage,
        last_agreed=latest.assessment.agreed_at if latest else None,
        has_open=assessment_open(project=project) is not None,
    )
    return ProjectPanel(
        key="sustainability",
        heading="Sustainability Model",
        lines=tuple(lines),
        link_text="Sustainability assessments",
        link_url=reverse("sustainability:assessment_list", args=[project_access.org.organisation.slug, project.pk]),
        prompt=prompt,
    )
