"""Sign-in emails are queued as ids: no reset link, confirmation key or invitation token is stored.

These tests queue tasks in the database as production does (the suite otherwise runs them at once)
and run them with the worker's loop, then look through every table for the secret.
"""

from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.apps import apps
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openqi.factories import UserFactory
from openqi.operations.testing import DATABASE_TASKS, run_queued_tasks
from openqi.organisations.adapters import AccountAdapter
from openqi.organisations.models import Role
from openqi.organisations.services import invitation_create

pytestmark = pytest.mark.django_db


def _tables_holding(secret: str) -> list[str]:
    """Every table and column whose stored value contains `secret`."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value is not None and secret in str(value):
                    found.append(f"{model._meta.db_table}.{name}")
    return found


def _link_in(body: str, marker: str) -> str:
    return next(word for word in body.split() if marker in word)


@override_settings(TASKS=DATABASE_TASKS)
def test_after_a_password_reset_is_sent_no_table_holds_the_reset_link() -> None:
    user = UserFactory(email="reset.me@alpha.nhs.uk")
    Client().post("/accounts/password/reset/", {"email": "reset.me@alpha.nhs.uk"})
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["user_id"] == user.pk

    assert run_queued_tasks() == 1

    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0].body, "/password/reset/key/")
    key = link.rstrip("/").rsplit("/", 1)[1]
    token = key.split("-", 1)[1]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert _tables_holding(token) == []
    assert _tables_holding(link) == []
    # and the link the worker made works
    response = Client().get(link.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 302
    assert response["Location"].endswith("/password/reset/key/" + key.split("-", 1)[0] + "-set-password/")


@override_settings(TASKS=DATABASE_TASKS)
def test_a_password_reset_task_run_again_sends_no_second_email() -> None:
    UserFactory(email="once@alpha.nhs.uk")
    Client().post("/accounts/password/reset/", {"email": "once@alpha.nhs.uk"})
    run_queued_tasks()
    # as if the worker had been lost after sending, before it recorded success
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    run_queued_tasks(worker_id="second-worker")
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().worker_ids == ["test-worker", "second-worker"]


@override_settings(TASKS=DATABASE_TASKS)
def test_an_email_confirmation_link_is_made_by_the_worker_and_stored_nowhere() -> None:
    user = UserFactory(email="confirm.me@alpha.nhs.uk")
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": False, "primary": True}
    )
    request = RequestFactory().get("/")
    EmailConfirmationHMAC(address).send(request, signup=False)
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["email_address_id"] == address.pk

    run_queued_tasks()

    body = mail.outbox[0].body
    link = _link_in(body, "/accounts/confirm-email/")
    # The key is signed with the second it was made, so compare what it confirms, not its text.
    key = link.rstrip("/").rsplit("/", 1)[1]
    confirmation = EmailConfirmationHMAC.from_key(key)
    assert confirmation is not None and confirmation.email_address == address
    assert _tables_holding(key) == []


@override_settings(TASKS=DATABASE_TASKS)
def test_an_invitation_link_is_made_by_the_worker_and_only_its_hash_is_stored(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            email="new@alpha.nhs.uk",
            role=Role.STAFF,
            actor_role=Role.LEAD,
        )
    assert DBTaskResult.objects.get().args_kwargs == {"args": [invitation.pk], "kwargs": {}}

    run_queued_tasks()

    body = mail.outbox[0].body
    token = _link_in(body, "/invitations/").rstrip("/").rsplit("/", 1)[1]
    assert _tables_holding(token) == []
    assert mail.outbox[0].subject == "Join Alpha Hospitals NHS Trust on OpenQI"
    # the emailed link is the one that works
    assert Client().get(f"/invitations/{token}/").status_code == 200
    # and the invitation is emailed once, however often its task runs
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert Client().get(f"/invitations/{token}/").status_code == 200


def test_sign_in_emails_say_the_sites_name() -> None:
    UserFactory(email="named@alpha.nhs.uk")
    Client().post("/accounts/password/reset/", {"email": "named@alpha.nhs.uk"})
    message = mail.outbox[0]
    assert "Hello from OpenQI!" in message.body
    assert "Thank you for using OpenQI!" in message.body
    assert message.subject.startswith("[OpenQI] ")


@override_settings(SITE_NAME="Alpha QI")
def test_the_sites_name_comes_from_the_site_name_setting() -> None:
    UserFactory(email="named@alpha.nhs.uk")
    Client().post("/accounts/password/reset/", {"email": "named@alpha.nhs.uk"})
    assert "Hello from Alpha QI!" in mail.outbox[0].body


def test_an_email_carrying_a_one_time_code_is_refused_rather_than_queued() -> None:
    with pytest.raises(ImproperlyConfigured, match="login_code"):
        AccountAdapter().send_mail("account/email/login_code", "a@alpha.nhs.uk", {"code": "123456"})


@override_settings(SITE_URL="http://127.0.0.1:8123")
def test_sign_in_email_links_come_from_site_url_not_the_requests_host(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """`make run PORT=8123` sets SITE_URL: allauth's links and OpenQI's own agree with it."""
    UserFactory(email="port@alpha.nhs.uk")
    Client(HTTP_HOST="localhost:9999").post("/accounts/password/reset/", {"email": "port@alpha.nhs.uk"})
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            email="port.invite@alpha.nhs.uk",
            role=Role.STAFF,
            actor_role=Role.LEAD,
        )
    reset, invitation = mail.outbox
    assert _link_in(reset.body, "/password/reset/key/").startswith("http://127.0.0.1:8123/accounts/password/reset/key/")
    assert _link_in(invitation.body, "/invitations/").startswith("http://127.0.0.1:8123/invitations/")
    for message in (reset, invitation):
        assert "localhost:9999" not in message.body and "testserver" not in message.body
        assert ":8000" not in message.body
