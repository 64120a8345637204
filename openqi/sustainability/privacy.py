"""What the Sustainability Model holds about a person (registered in `openqi.core.personal_data`).

Their own scores (a level and a reason per factor) and the assessments they started or agreed.
Erasure deletes their individual scores; the team's agreed score is the team's and stays, and an
assessment they started or agreed stays, by a former member. The assessment's count of people
who scored and its diversity of opinion were worked out when the team agreed, and are kept."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.sustainability.models import Assessment, IndividualScore


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "sustainability_scores": list(
            IndividualScore.objects.filter(user=user)
            .order_by("assessment_id", "factor")
            .values("organisation__name", "assessment__project__title", "factor", "level", "note", "updated_at")
        ),
        "sustainability_assessments_started": list(
            Assessment.objects.filter(created_by=user).order_by("created_at").values("project__title", "created_at")
        ),
        "sustainability_assessments_agreed": list(
            Assessment.objects.filter(agreed_by=user).order_by("agreed_at").values("project__title", "agreed_at")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    scores, _ = IndividualScore.objects.filter(user=user).delete()
    started = Assessment.objects.filter(created_by=user).update(created_by=None)
    agreed = Assessment.objects.filter(agreed_by=user).update(agreed_by=None)
    return {"sustainability_scores": scores, "sustainability_assessments": started + agreed}


personal_data.register(app="sustainability", export=export_personal_data, erase=erase_personal_data)
