"""What the projects app holds about a person (registered in `openqi.core.personal_data`): the
projects they joined or created, the PDSA cycles they wrote (PDSA cycles have no author column:
the audit trail says who wrote each step), their stories, and their involvement as a partner.

Erasure keeps every project, cycle and story (the team relies on them), unlinked from the
person; it removes them from project teams, and an involvement record of theirs keeps its
hours and payments for the project's totals but loses their name and note."""

from typing import Any

from django.apps import apps

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.core import personal_data

FORMER_MEMBER = "Former member"
PDSA_FIELDS = (
    "project_id",
    "project__title",
    "number",
    "status",
    "objective",
    "question",
    "prediction",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_to_collect",
    "do_what_happened",
    "do_observations",
    "study_results",
    "act_decision",
    "act_next",
    "completed_on",
)


def _model(name: str) -> Any:
    # By name: the projects app keeps its models in several modules.
    return apps.get_model("projects", name)


def _cycles_written(user: User) -> list[int]:
    ids = AuditEvent.objects.filter(actor=user, object_type="projects.pdsacycle").values_list("object_id", flat=True)
    return sorted({int(i) for i in ids if i.isdigit()})


def export_personal_data(*, user: User) -> dict[str, Any]:
    project, member = _model("Project"), _model("ProjectMember")
    story, involvement, partner = _model("Story"), _model("InvolvementEntry"), _model("ProjectOrganisation")
    return {
        "project_teams": list(
            member.objects.filter(user=user).values("project_id", "project__title", "role", "created_at")
        ),
        "projects_created": list(
            project.objects.filter(created_by=user).values("id", "organisation__name", "title", "created_at")
        ),
        "pdsa_cycles_written": list(
            _model("PdsaCycle")
            .objects.filter(pk__in=_cycles_written(user))
            .order_by("project_id", "number")
            .values(*PDSA_FIELDS)
        ),
        "stories_written": list(
            story.objects.filter(created_by=user).values(
                "project_id", "title", "problem", "tried", "results", "lessons", "status", "created_at"
            )
        ),
        "stories_published": list(
            story.objects.filter(published_by=user).values("project_id", "title", "published_at")
        ),
        "involvement_as_partner": list(
            involvement.objects.filter(user=user).values(
                "project_id",
                "project__title",
                "person_name",
                "date",
                "activity",
                "hours",
                "expenses",
                "voucher",
                "note",
            )
        ),
        "involvement_recorded": involvement.objects.filter(recorded_by=user).count(),
        "involvement_marked_paid": involvement.objects.filter(paid_by=user).count(),
        "partner_organisations_added": list(
            partner.objects.filter(added_by=user).values("project_id", "organisation__name", "added_at")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    project, member = _model("Project"), _model("ProjectMember")
    story, involvement, partner = _model("Story"), _model("InvolvementEntry"), _model("ProjectOrganisation")
    return {
        "project_teams": member.objects.filter(user=user).delete()[0],
        "projects_unlinked": project.objects.filter(created_by=user).update(created_by=None),
        "stories_unlinked": story.objects.filter(created_by=user).update(created_by=None)
        + story.objects.filter(published_by=user).update(published_by=None),
        "involvement_de_identified": involvement.objects.filter(user=user).update(
            user=None, person_name=FORMER_MEMBER, note=""
        ),
        "involvement_recorded_unlinked": involvement.objects.filter(recorded_by=user).update(recorded_by=None),
        # Paid stays paid (finance needs it); only who marked it goes.
        "involvement_paid_unlinked": involvement.objects.filter(paid_by=user).update(paid_by=None),
        "partner_organisations_unlinked": partner.objects.filter(added_by=user).update(added_by=None),
    }


personal_data.register(app="projects", export=export_personal_data, erase=erase_personal_data)
