"""Thank-you notes: sending, who is told, who can see them, sharing, reporting and moderation."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.factories import MembershipFactory
from openqi.notifications.models import Notification
from openqi.organisations.models import Role
from openqi.recognition import services
from openqi.recognition.models import NoteStatus, ThankYou

pytestmark = pytest.mark.django_db


def _thank(
    personas: Any, colleague: Any, message: str = "Thank you for covering my break on a busy shift."
) -> ThankYou:
    return services.thank_you_send(
        actor=personas.member.user, organisation=personas.org_a, recipient=colleague.user, message=message
    )


def test_a_colleague_is_thanked_told_and_keeps_it_in_their_collection(personas: Any, colleague: Any) -> None:
    client = client_for(personas.member.user)
    response = client.post(
        "/o/alpha/recognition/thanks/new/",
        {"recipient": str(colleague.user.pk), "team": "", "message": "Thank you for the calm handover at 7pm."},
    )
    note = ThankYou.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/thanks/{note.pk}/")
    told = Notification.objects.get(user=colleague.user)
    assert told.important and "thanked you" in told.title and told.url.endswith(f"/thanks/{note.pk}/")
    page = client_for(colleague.user).get("/o/alpha/recognition/")
    assert "Thank you for the calm handover at 7pm." in page.content.decode()
    assert AuditEvent.objects.filter(action="thank_you.send").count() == 1


def test_a_team_is_thanked_and_its_members_are_told(personas: Any, colleague: Any) -> None:
    note = services.thank_you_send(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, message="Great audit work."
    )
    assert set(Notification.objects.values_list("user_id", flat=True)) == {personas.member.user.pk, colleague.user.pk}
    page = client_for(personas.member.user).get(f"/o/alpha/recognition/teams/{personas.member.team.pk}/thanks/")
    assert "Great audit work." in page.content.decode()
    # a team's note is open to everyone in the organisation
    assert client_for(personas.admin.user).get(f"/o/alpha/recognition/thanks/{note.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "x" * 1001}, "message"),
        ({"message": "Thanks for looking after 943 476 5919 today"}, "message"),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_saved(personas: Any, colleague: Any, kwargs: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.thank_you_send(
            actor=personas.member.user, organisation=personas.org_a, recipient=colleague.user, **kwargs
        )
    assert field in refused.value.message_dict
    assert not ThankYou.objects.exists() and not Notification.objects.exists()


def test_you_cannot_thank_yourself_someone_outside_or_nobody(personas: Any) -> None:
    for recipient in (personas.member.user, personas.outsider.user, None):
        with pytest.raises(ValidationError):
            services.thank_you_send(
                actor=personas.member.user, organisation=personas.org_a, recipient=recipient, message="Thanks"
            )
    with pytest.raises(PermissionDenied):
        services.thank_you_send(
            actor=personas.outsider.user, organisation=personas.org_a, recipient=personas.member.user, message="Hi"
        )
    assert not ThankYou.objects.exists()


def test_the_form_refuses_a_colleague_and_a_team_together(member_client: Client, personas: Any, colleague: Any) -> None:
    response = member_client.post(
        "/o/alpha/recognition/thanks/new/",
        {"recipient": str(colleague.user.pk), "team": str(personas.member.team.pk), "message": "Thanks"},
    )
    assert response.status_code == 200 and "Choose a colleague or a team" in response.content.decode()
    assert not ThankYou.objects.exists()


def test_a_personal_note_is_private_to_sender_recipient_manager_and_panel(personas: Any, colleague: Any) -> None:
    note = _thank(personas, colleague)
    url = f"/o/alpha/recognition/thanks/{note.pk}/"
    other = MembershipFactory(organisation=personas.org_a, role=Role.STAFF)
    assert client_for(personas.member.user).get(url).status_code == 200
    assert client_for(colleague.user).get(url).status_code == 200
    assert client_for(personas.lead.user).get(url).status_code == 200
    assert client_for(other.user).get(url).status_code == 404
    services.thank_you_share(actor=colleague.user, note=note, manager=other.user)
    assert client_for(other.user).get(url).status_code == 200


def test_only_the_person_thanked_shares_it_and_the_manager_is_told(personas: Any, colleague: Any) -> None:
    note = _thank(personas, colleague)
    with pytest.raises(PermissionDenied):
        services.thank_you_share(actor=personas.member.user, note=note, manager=personas.lead.user)
    with pytest.raises(ValidationError):
        services.thank_you_share(actor=colleague.user, note=note, manager=personas.outsider.user)
    response = client_for(colleague.user).post(
        f"/o/alpha/recognition/thanks/{note.pk}/share/", {"manager": str(personas.lead.user.pk)}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.shared_with == personas.lead.user
    assert Notification.objects.filter(user=personas.lead.user, title__contains="shared a thank-you").exists()


def test_a_reported_note_is_hidden_by_the_panel_and_leaves_the_collection(personas: Any, colleague: Any) -> None:
    note = _thank(personas, colleague, "You are useless, thanks for nothing")
    recipient = client_for(colleague.user)
    assert recipient.post(f"/o/alpha/recognition/thanks/{note.pk}/report/", {"reason": ""}).status_code == 200
    assert (
        recipient.post(
            f"/o/alpha/recognition/thanks/{note.pk}/report/", {"reason": "Sarcastic and hurtful"}
        ).status_code
        == 302
    )
    note.refresh_from_db()
    assert note.status == NoteStatus.REPORTED
    # staff cannot moderate; the lead sees the queue and hides it
    assert recipient.get("/o/alpha/recognition/thanks/moderation/").status_code == 403
    assert (
        recipient.post(
            f"/o/alpha/recognition/thanks/{note.pk}/moderate/", {"decision": "hide", "reason": "x"}
        ).status_code
        == 403
    )
    lead = client_for(personas.lead.user)
    assert "Sarcastic and hurtful" in lead.get("/o/alpha/recognition/thanks/moderation/").content.decode()
    response = lead.post(
        f"/o/alpha/recognition/thanks/{note.pk}/moderate/", {"decision": "hide", "reason": "Not a thank-you"}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.HIDDEN and note.moderated_by == personas.lead.user
    assert "thanks for nothing" not in recipient.get("/o/alpha/recognition/").content.decode()
    assert recipient.get(f"/o/alpha/recognition/thanks/{note.pk}/").status_code == 404
    assert Notification.objects.filter(user=personas.member.user, title__contains="hidden").exists()
    assert AuditEvent.objects.filter(action="thank_you.hide").exists()


def test_moderation_needs_a_reason_and_the_panel(personas: Any, colleague: Any) -> None:
    note = _thank(personas, colleague)
    with pytest.raises(PermissionDenied):
        services.thank_you_moderate(actor=colleague.user, note=note, hide=True, reason="no")
    with pytest.raises(ValidationError):
        services.thank_you_moderate(actor=personas.lead.user, note=note, hide=True, reason="  ")
    note.refresh_from_db()
    assert note.status == NoteStatus.VISIBLE


def test_an_outsider_cannot_open_a_note_or_the_pages(personas: Any, colleague: Any, outsider_client: Client) -> None:
    note = _thank(personas, colleague)
    for url in (f"/o/alpha/recognition/thanks/{note.pk}/", "/o/alpha/recognition/", "/o/alpha/recognition/thanks/new/"):
        assert outsider_client.get(url).status_code == 404
    # nor from inside their own organisation by the note's number
    assert outsider_client.get(f"/o/beta/recognition/thanks/{note.pk}/").status_code == 404


def test_subject_access_exports_and_erasure_removes_a_persons_notes(personas: Any, colleague: Any) -> None:
    from openqi.recognition.privacy import erase_personal_data, export_personal_data

    _thank(personas, colleague)
    exported = export_personal_data(user=colleague.user)
    assert [n["message"] for n in exported["thank_yous_received"]] == [
        "Thank you for covering my break on a busy shift."
    ]
    assert export_personal_data(user=personas.member.user)["thank_yous_sent"]
    assert erase_personal_data(user=colleague.user, pseudonym="Former member 1")["thank_yous"] == 1
    assert not ThankYou.objects.exists()


def test_erasure_leaves_no_recognition_row_pointing_at_the_person(personas: Any, colleague: Any) -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from openqi.recognition.privacy import erase_personal_data

    lead = personas.lead.user
    note = _thank(personas, colleague)
    services.thank_you_share(actor=colleague.user, note=note, manager=lead)
    services.thank_you_send(actor=lead, organisation=personas.org_a, recipient=colleague.user, message="Thanks")
    reported = _thank(personas, colleague, "Another")
    services.thank_you_report(actor=colleague.user, note=reported, reason="Odd")
    services.thank_you_moderate(actor=lead, note=reported, hide=False, reason="Fine")
    champion = services.champion_volunteer(
        actor=colleague.user, organisation=personas.org_a, focus="ideas", contact="x"
    )
    services.champion_decide(actor=lead, champion=champion, approve=True)
    erase_personal_data(user=lead, pseudonym="Former member 2")
    for model in apps.get_app_config("recognition").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is get_user_model():
                assert not model._base_manager.filter(**{field.name: lead}).exists(), f"{model.__name__}.{field.name}"
    assert ThankYou.objects.filter(pk=note.pk).exists()  # the colleague's note stays theirs


def test_the_collection_keeps_every_note_received_page_by_page_but_not_hidden_or_others(
    personas: Any, colleague: Any
) -> None:
    for n in range(30):
        _thank(personas, colleague, f"Thank-you number {n:02d}.")
    hidden = _thank(personas, colleague, "Hidden one")
    services.thank_you_moderate(actor=personas.lead.user, note=hidden, hide=True, reason="Not kind")
    services.thank_you_send(
        actor=colleague.user, organisation=personas.org_a, recipient=personas.member.user, message="To someone else"
    )
    client = client_for(colleague.user)
    home = client.get("/o/alpha/recognition/").content.decode()
    assert "Thank-you number 00." not in home  # the home page shows the latest 20
    assert 'href="/o/alpha/recognition/thanks/received/"' in home
    first = client.get("/o/alpha/recognition/thanks/received/").content.decode()
    second = client.get("/o/alpha/recognition/thanks/received/?page=2").content.decode()
    assert "Showing thank-yous 1 to 25 of 30." in first and "Thank-you number 29." in first
    assert "Thank-you number 00." in second and "Thank-you number 29." not in second
    for page in (first, second):
        assert "Hidden one" not in page and "To someone else" not in page
    # the person who sent them has their own collection: only the note sent to them
    theirs = client_for(personas.member.user).get("/o/alpha/recognition/thanks/received/").content.decode()
    assert "To someone else" in theirs and "Thank-you number" not in theirs


def test_a_teams_page_lists_its_notes_page_by_page(personas: Any) -> None:
    for n in range(27):
        services.thank_you_send(
            actor=personas.lead.user,
            organisation=personas.org_a,
            team=personas.member.team,
            message=f"Team note {n:02d}",
        )
    url = f"/o/alpha/recognition/teams/{personas.member.team.pk}/thanks/"
    client = client_for(personas.member.user)
    first = client.get(url).content.decode()
    assert "Showing thank-yous 1 to 25 of 27." in first and "Team note 26" in first and "Team note 00" not in first
    assert "Team note 00" in client.get(url + "?page=2").content.decode()
