import json

from django.urls import reverse

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.privacy.tests.conftest import ANONYMOUS_TEXTS, Person

HOME = reverse("privacy:privacy_home")
ERASE = reverse("privacy:privacy_erase")


def test_people_who_are_not_system_admins_are_refused(person: Person) -> None:
    for user in (person.personas.admin.user, person.personas.lead.user, person.user):
        client = client_for(user)
        assert client.get(HOME).status_code == 403
        assert client.post(HOME, {"email": person.email, "action": "export"}).status_code == 403
        assert client.post(ERASE, {"email": person.email, "confirm_email": person.email}).status_code == 403
    assert User.objects.filter(pk=person.user.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_a_system_admin_downloads_the_export_as_json(person: Person) -> None:
    client = client_for(person.admin)
    assert client.get(HOME).status_code == 200
    response = client.post(HOME, {"email": person.email.upper(), "action": "export"})
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["subject"]["email"] == person.email
    assert not any(text in response.content.decode() for text in ANONYMOUS_TEXTS)
    assert AuditEvent.objects.filter(action="privacy.export", actor=person.admin).count() == 1


def test_an_unknown_address_is_an_error_on_the_form(person: Person) -> None:
    response = client_for(person.admin).post(HOME, {"email": "nobody@example.org", "action": "export"})
    assert response.status_code == 200 and "No account has this email address" in response.content.decode()


def test_erasure_asks_for_the_address_again_then_erases(person: Person) -> None:
    client = client_for(person.admin)
    confirm = client.post(HOME, {"email": person.email, "action": "erase"})
    assert "Type their email address again to confirm" in confirm.content.decode()
    wrong = client.post(ERASE, {"email": person.email, "confirm_email": "someone@else.nhs.uk"})
    assert "The email address does not match" in wrong.content.decode()
    assert User.objects.filter(pk=person.user.pk).exists()
    done = client.post(ERASE, {"email": person.email, "confirm_email": person.email})
    assert done.status_code == 200 and "Personal data erased" in done.content.decode()
    assert not User.objects.filter(pk=person.user.pk).exists()


def test_the_erase_button_is_drawn_as_a_warning_because_it_cannot_be_undone(person: Person) -> None:
    confirm = client_for(person.admin).post(HOME, {"email": person.email, "action": "erase"}).content.decode()
    assert "nhsuk-button--warning" in confirm
    assert "nhsuk-button--warning" not in client_for(person.admin).get(HOME).content.decode()
