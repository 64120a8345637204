"""Demo sustainability assessments for `seed_demo`: the Ward 9 falls project scored twice, a
quarter apart, the second better. Built through the services once; an existing assessment
leaves everything alone. (Ward 9's huddle board is seeded by `boards`' own `seed_board_demo`:
the boards app sits beside demo in the composition layer, so demo does not import it.)"""

import datetime

from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.access import org_access_get
from openqi.organisations.models import Organisation
from openqi.projects.access import project_access_get
from openqi.projects.models import Project
from openqi.sustainability import services
from openqi.sustainability.models import Assessment
from openqi.sustainability.scoring import sustainability_model

FALLS = "Fewer falls with harm on Ward 9"
Spec = tuple[int, dict[str, int]]  # a default level and the factors that differ from it

# (person, levels by factor, defaulting to the first number) for each round.
FIRST = {
    "lead@northfield.example": (3, {"monitoring": 2, "senior_leadership": 2, "infrastructure": 2}),
    "staff@northfield.example": (3, {"monitoring": 1, "senior_leadership": 3, "behaviours": 2}),
}
FIRST_AGREED = (3, {"monitoring": 1, "senior_leadership": 2, "infrastructure": 2})
SECOND = {
    "lead@northfield.example": (4, {"monitoring": 3, "fit": 3}),
    "staff@northfield.example": (4, {"monitoring": 2, "infrastructure": 3}),
}
SECOND_AGREED = (4, {"monitoring": 2, "infrastructure": 3, "fit": 3})


def _levels(spec: Spec) -> dict[str, int]:
    default, overrides = spec
    return {key: overrides.get(key, default) for key in sustainability_model().keys}


def _round(project: Project, lead: User, scores: dict[str, Spec], agreed: Spec, days_ago: int) -> None:
    organisation = project.organisation
    lead_access = org_access_get(user=lead, org_slug=organisation.slug)
    if lead_access is None:
        return
    lead_pa = project_access_get(access=lead_access, user_id=lead.pk, project_id=project.pk)
    assessment = services.assessment_start(actor=lead, project_access=lead_pa)
    for email, spec in scores.items():
        person = User.objects.get(email=email)
        access = org_access_get(user=person, org_slug=organisation.slug)
        if access is None:
            continue
        pa = project_access_get(access=access, user_id=person.pk, project_id=project.pk)
        if pa.can_edit:
            services.individual_scores_save(
                actor=person, project_access=pa, assessment=assessment, levels=_levels(spec), notes={}
            )
    services.assessment_agree(
        actor=lead,
        project_access=lead_pa,
        assessment=assessment,
        levels=_levels(agreed),
        notes={"monitoring": "Falls data reaches the ward only once a month."},
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, agreed_at=when)


def seed_sustainability(*, northfield: Organisation) -> None:
    project = Project.objects.filter(organisation=northfield, title=FALLS).first()
    lead = User.objects.get(email="lead@northfield.example")
    if project is None or Assessment.objects.filter(project=project).exists():
        return
    _round(project, lead, FIRST, FIRST_AGREED, days_ago=92)
    _round(project, lead, SECOND, SECOND_AGREED, days_ago=2)
