"""Volunteer registrations in subject access and erasure (core.personal_data, ADR 0009).

A volunteer need not have an OpenQI account; they export and delete from their own page, which
runs the same functions. When they do have one (a partner who accepted an invitation, or the same
address), erasing the account erases their registrations too. Anonymous totals in reports are
counted from the rows that remain, so nothing of the person survives erasure here."""

from typing import Any

from openqi.coproduction.models import SurveyFeed, Volunteer
from openqi.coproduction.selectors import LABELS
from openqi.coproduction.services import volunteer_erase
from openqi.core import personal_data


def volunteer_export(volunteer: Volunteer) -> dict[str, Any]:
    return {
        "care_system": volunteer.system.name,
        "name": volunteer.name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "services_used": [volunteer_label(v) for v in volunteer.services],
        "skills": [volunteer_label(v) for v in volunteer.skills],
        "interests": volunteer.interests,
        "availability": [volunteer_label(v) for v in volunteer.availability],
        "contact_by": volunteer.get_contact_by_display(),
        "adjustments": volunteer.adjustments,
        "payment": volunteer.get_payment_display(),
        "consent_wording": volunteer.consent_wording,
        "consented_at": volunteer.consented_at.isoformat(),
        "review_on": volunteer.review_on.isoformat(),
        "registered_at": volunteer.created_at.isoformat(),
        "organisations": [
            {
                "organisation": r.organisation.name,
                "registration": r.get_stage_display(),
                "conversation_held": r.conversation_held,
                "induction_done": r.induction_done,
                "payment_details_recorded": r.payment_details_recorded,
                "notes": r.notes,
            }
            for r in volunteer.registrations.select_related("organisation")
        ],
        "invitations": [
            {
                "organisation": o.request.organisation.name,
                "project": o.request.project.title,
                "for": o.request.get_purpose_display(),
                "invited_at": o.created_at.isoformat(),
                "answer": o.get_status_display(),
                "your_words": o.answer,
            }
            for o in volunteer.offers.select_related("request__organisation", "request__project")
        ],
    }


def volunteer_label(value: str) -> str:
    return LABELS.get(value, value)


def _volunteers(user: Any) -> list[Volunteer]:
    return list(Volunteer.objects.filter(email__iexact=user.email) | Volunteer.objects.filter(user=user))


def export_personal_data(*, user: Any) -> dict[str, Any]:
    return {"volunteer_registrations": [volunteer_export(v) for v in _volunteers(user)]}


def erase_personal_data(*, user: Any, pseudonym: str) -> dict[str, int]:
    totals = {"volunteers": 0, "volunteer_registrations": 0, "involvement_offers": 0}
    for volunteer in _volunteers(user):
        for key, value in volunteer_erase(volunteer=volunteer).items():
            totals[key] += value
    # A survey feed a lead set up keeps working; only who set it up goes.
    totals["survey_feeds_unlinked"] = SurveyFeed.objects.filter(updated_by=user).update(updated_by=None)
    return totals


personal_data.register(app="coproduction", export=export_personal_data, erase=erase_personal_data)
