"""Answering a survey for patients, carers and the public (ADR 0033): no account, so the answerer is
a random id the browser's session (or a kiosk session) holds, never a person. The marker, an HMAC
of that id with the survey's own key, stops a second answer from the same link session; the key
and the markers are deleted when the survey closes, as for staff surveys. The response keeps the
answers and the date, nothing else: no session, no address, no time."""

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openqi.surveys.models import Survey, SurveyMarker, SurveyResponse, public_marker_digest
from openqi.surveys.services.surveys import ALREADY_ANSWERED, clean_answers, survey_purge_closed


def new_answerer() -> str:
    """A fresh answerer id for a browser or a kiosk session: random, linked to nothing."""
    return secrets.token_hex(16)


def public_answered(*, survey: Survey, answerer: str) -> bool:
    if not survey.marker_key or not answerer:
        return False
    digest = public_marker_digest(key=survey.marker_key, survey_id=survey.pk, answerer=answerer)
    return SurveyMarker.objects.filter(digest=digest).exists()


@transaction.atomic
def survey_respond_public(
    *, survey: Survey, answerer: str, answers: dict[str, Any], today: datetime.date | None = None
) -> SurveyResponse:
    """Record one public response. Never audited (an audit row would give its time away)."""
    today = today or timezone.localdate()
    if not survey.is_public:
        raise PermissionDenied("This survey is for staff.")
    if not survey.is_open(today):
        raise ValidationError("This survey is not open.")
    if not answerer:
        raise ValidationError("Open the survey's link again to answer.")
    survey_purge_closed(today=today)
    cleaned = clean_answers(survey, answers)
    if not cleaned:
        raise ValidationError("Answer at least one question.")
    digest = public_marker_digest(key=survey.marker_key, survey_id=survey.pk, answerer=answerer)
    try:
        with transaction.atomic():
            SurveyMarker.objects.create(digest=digest, survey=survey)
    except IntegrityError:
        raise ValidationError(ALREADY_ANSWERED) from None
    return SurveyResponse.objects.create(survey=survey, answers=cleaned, answered_on=today)
