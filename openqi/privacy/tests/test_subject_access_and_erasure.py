import json
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.urls import reverse

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.audit.services import audit_log
from openqi.conftest import client_for
from openqi.factories import OrganisationFactory, SystemMembershipFactory, UserFactory
from openqi.ideas.models import IdeaComment
from openqi.organisations.models import SystemRole
from openqi.privacy.services import personal_data_erase, personal_data_export
from openqi.privacy.tests.conftest import ANONYMOUS_TEXTS, SUBJECT_NAME, Person, anonymous_snapshot


def _every_row_as_text() -> str:
    rows = []
    for model in apps.get_models():
        for row in model._base_manager.values():
            rows.append(json.dumps(row, cls=DjangoJSONEncoder, default=str))
    return "\n".join(rows)


def test_the_export_holds_something_from_every_app_that_knows_the_person(person: Person) -> None:
    document = personal_data_export(actor=person.admin, subject=person.user)
    sections = document["sections"]
    assert document["subject"]["email"] == person.email
    assert sections["accounts"]["account"]["email_frequency"] == "daily"
    assert [m["organisation__slug"] for m in sections["organisations"]["memberships"]] == ["alpha"]
    assert sections["organisations"]["invitations_received"][0]["status"] == "Accepted"
    assert [i["title"] for i in sections["ideas"]["ideas_shared"]] == ["Named idea about handovers"]
    assert [c["body"] for c in sections["ideas"]["comments"]] == ["My comment on the bins"]
    assert [s["idea__title"] for s in sections["ideas"]["supported"]] == ["Lead's idea about bins"]
    assert len(sections["ideas"]["mentions"]) == 1
    assert sections["checkins"]["checked_in_today_in"] == ["Alpha Hospitals NHS Trust"]
    assert sections["surveys"]["open_surveys_answered"] == ["Pulse"]
    assert [m["name"] for m in sections["measures"]["measures_owned"]] == ["Falls per 1,000 bed days"]
    assert [v["comment"] for v in sections["measures"]["values_entered"]] == ["From Datix"]
    assert [i["filename"] for i in sections["measures"]["imports"]] == ["falls.csv"]
    assert [c["objective"] for c in sections["projects"]["pdsa_cycles_written"]] == ["Try bed alarms"]
    assert [t["role"] for t in sections["projects"]["project_teams"]] == ["member"]
    assert sections["projects"]["involvement_as_partner"][0]["activity"] == "Focus group"
    assert [n["title"] for n in sections["notifications"]["notifications"]] == ["You were mentioned on bins"]
    actions = {e["action"] for e in sections["audit"]["events_you_acted_in"]}
    assert {"user.preferences_update", "pdsa.plan", "idea.submit"} <= actions
    json.dumps(document, cls=DjangoJSONEncoder)  # the whole document is JSON


def test_the_export_contains_none_of_the_persons_anonymous_contributions(person: Person) -> None:
    document = personal_data_export(actor=person.admin, subject=person.user)
    text = json.dumps(document, cls=DjangoJSONEncoder)
    for anonymous in ANONYMOUS_TEXTS:
        assert anonymous not in text
    idea_ids = {
        value
        for rows in document["sections"]["ideas"].values()
        for row in rows
        for key, value in row.items()
        if key in ("id", "idea_id", "comment__idea_id")
    }
    assert person.named_idea.pk in idea_ids and person.anonymous_idea.pk not in idea_ids


def test_the_export_and_the_erasure_are_audited(person: Person) -> None:
    personal_data_export(actor=person.admin, subject=person.user)
    exported = AuditEvent.objects.get(action="privacy.export")
    assert (exported.actor, exported.object_id) == (person.admin, str(person.user.pk))
    report = personal_data_erase(actor=person.admin, subject=person.user)
    erased = AuditEvent.objects.get(action="privacy.erase")
    assert erased.actor == person.admin and erased.detail["subject"] == report.pseudonym
    # The export's own record no longer names the person either.
    assert person.email not in AuditEvent.objects.get(pk=exported.pk).object_label
    assert SUBJECT_NAME not in AuditEvent.objects.get(pk=exported.pk).object_label


def test_erasure_leaves_every_anonymous_record_exactly_as_it_was(person: Person) -> None:
    before = anonymous_snapshot()
    assert before["checkins"] and before["survey_responses"] and before["ideas"]
    personal_data_erase(actor=person.admin, subject=person.user)
    assert anonymous_snapshot() == before


def test_after_erasure_no_table_holds_the_persons_email_or_name(person: Person) -> None:
    assert person.email in _every_row_as_text()
    personal_data_erase(actor=person.admin, subject=person.user)
    text = _every_row_as_text()
    assert person.email not in text
    assert SUBJECT_NAME not in text
    assert not User.objects.filter(pk=person.user.pk).exists()


def test_erasure_keeps_the_records_others_rely_on_shown_as_a_former_member(person: Person) -> None:
    events_before = AuditEvent.objects.filter(actor=person.user).count()
    report = personal_data_erase(actor=person.admin, subject=person.user)
    comment = IdeaComment.objects.get(pk=person.comment.pk)
    assert comment.author is None and comment.body == "My comment on the bins"
    person.named_idea.refresh_from_db()
    assert person.named_idea.submitted_by is None and person.named_idea.identity == "named"
    person.cycle.refresh_from_db()
    assert person.cycle.objective == "Try bed alarms"
    entry = apps.get_model("projects", "InvolvementEntry").objects.get(project=person.project)
    assert (entry.person_name, entry.user, entry.note, str(entry.hours)) == ("Former member", None, "", "2.50")
    person.measure.refresh_from_db()
    assert person.measure.owner is None and person.measure.data_points.count() == 1
    kept = AuditEvent.objects.filter(actor_label=report.pseudonym)
    assert kept.count() == events_before and not kept.exclude(actor=None).exists()
    page = client_for(person.personas.lead.user).get(reverse("ideas:idea_detail", args=["alpha", person.lead_idea.pk]))
    assert page.status_code == 200 and "Former member" in page.content.decode()
    named = client_for(person.personas.lead.user).get(
        reverse("ideas:idea_detail", args=["alpha", person.named_idea.pk])
    )
    assert "A former member" in named.content.decode()


def test_deleting_an_account_that_has_audit_events_is_refused_so_its_email_cannot_linger(db: Any) -> None:
    user = UserFactory()
    audit_log(actor=user, action="user.preferences_update", obj=user)
    with pytest.raises(ProtectedError):
        user.delete()
    assert AuditEvent.objects.filter(actor_label=user.email).count() == 1


def test_only_a_system_admin_of_the_persons_ics_may_export_or_erase(person: Person) -> None:
    with pytest.raises(PermissionDenied):
        personal_data_export(actor=person.personas.lead.user, subject=person.user)
    elsewhere = UserFactory()
    SystemMembershipFactory(user=elsewhere, system=OrganisationFactory().system, role=SystemRole.SYSTEM_ADMIN)
    with pytest.raises(PermissionDenied):
        personal_data_erase(actor=elsewhere, subject=person.user)
    with pytest.raises(PermissionDenied):
        personal_data_erase(actor=person.admin, subject=person.admin)
    assert User.objects.filter(pk=person.user.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()
