"""What surveys hold about a person (registered in `openqi.core.personal_data`): the surveys they
created, and for open surveys whether their marker says they answered. Responses have no user
link (ADR 0006): none can be found for a person, and erasure never touches them."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.surveys.models import Survey, SurveyMarker, survey_marker_digest


def _markers(user: User) -> dict[str, str]:
    """Marker digest → survey title, for the open surveys this person answered."""
    digests = {
        survey_marker_digest(key=key, survey_id=survey_id, user_id=user.pk): title
        for survey_id, key, title in Survey.objects.exclude(marker_key="").values_list("pk", "marker_key", "title")
    }
    present = SurveyMarker.objects.filter(digest__in=digests).values_list("digest", flat=True)
    return {digest: digests[digest] for digest in present}


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "surveys_created": list(
            Survey.objects.filter(created_by=user).values("organisation__name", "title", "opens_on", "closes_on")
        ),
        "open_surveys_answered": sorted(_markers(user).values()),
        "note": "Survey answers are anonymous: they hold no link to you, so none can be listed here.",
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    return {
        "surveys_unlinked": Survey.objects.filter(created_by=user).update(created_by=None),
        "answer_markers": SurveyMarker.objects.filter(digest__in=list(_markers(user))).delete()[0],
    }


personal_data.register(app="surveys", export=export_personal_data, erase=erase_personal_data)
