"""What training holds about a person (registered in `openqi.core.personal_data`).

Erasure deletes their training records (and so their certificates: the public check then finds
nothing), places with the challenges and feedback on them, interest, and team applications they
made; they leave other teams' applications. Courses they lead, decisions they made and imports
they uploaded stay, as by a former member. Their bookings are erased by the bookings app."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.training.models import (
    CompletionImport,
    Course,
    Enrolment,
    Interest,
    TeamApplication,
    TrainingRecord,
)


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "training_records": list(
            TrainingRecord.objects.filter(user=user)
            .order_by("completed_on", "pk")
            .values("organisation__name", "course__title", "level__name", "completed_on", "source", "certificate_code")
        ),
        "places": list(
            Enrolment.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values(
                "cohort__course__title",
                "cohort__occasion__starts_at",
                "challenge",
                "completed_at",
                "feedback__rating",
                "feedback__comment",
            )
        ),
        "interest": list(Interest.objects.filter(user=user).values("course__title", "created_at")),
        "team_applications": list(
            TeamApplication.objects.filter(members=user).values(
                "cohort__course__title", "project__title", "status", "reason"
            )
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    records, _ = TrainingRecord.objects.filter(user=user).delete()
    places, _ = Enrolment.objects.filter(user=user).delete()
    interest, _ = Interest.objects.filter(user=user).delete()
    applications, _ = TeamApplication.objects.filter(applicant=user).delete()
    for application in TeamApplication.objects.filter(members=user):
        application.members.remove(user)
    Course.objects.filter(lead=user).update(lead=None)
    TeamApplication.objects.filter(decided_by=user).update(decided_by=None)
    CompletionImport.objects.filter(uploaded_by=user).update(uploaded_by=None)
    return {"training_records": records, "places": places, "interest": interest, "applications": applications}


personal_data.register(app="training", export=export_personal_data, erase=erase_personal_data)
