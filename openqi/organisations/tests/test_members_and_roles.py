from typing import Any

import pytest
from django.core import mail
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.organisations.models import Invitation, Membership, Role


def test_a_lead_sees_the_members_of_their_organisation(personas: Any, lead_client: Client) -> None:
    response = lead_client.get(f"/o/{personas.org_a.slug}/members/")
    assert response.status_code == 200
    assert personas.member.user.email in response.content.decode()
    assert personas.outsider.user.email not in response.content.decode()


def test_a_staff_member_gets_403_on_the_members_page(personas: Any, member_client: Client) -> None:
    assert member_client.get(f"/o/{personas.org_a.slug}/members/").status_code == 403


def test_a_staff_member_gets_403_on_the_audit_log(personas: Any, member_client: Client) -> None:
    assert member_client.get(f"/o/{personas.org_a.slug}/audit/").status_code == 403


def test_a_staff_member_can_see_their_organisation_home(personas: Any, member_client: Client) -> None:
    response = member_client.get(f"/o/{personas.org_a.slug}/")
    assert response.status_code == 200
    assert "Ward 1" in response.content.decode()


def test_a_lead_invites_someone_and_an_email_is_sent_and_audited(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/members/invite/", {"email": "New.Person@Alpha.nhs.uk", "role": Role.STAFF}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=personas.org_a)
    assert invitation.email == "new.person@alpha.nhs.uk"
    assert len(mail.outbox) == 1
    assert "/invitations/" in mail.outbox[0].body
    assert invitation.token_hash not in mail.outbox[0].body  # only the token travels, never its hash
    event = AuditEvent.objects.get(action="invitation.create")
    assert event.organisation == personas.org_a and event.actor == personas.lead.user


def test_an_invitation_with_a_bad_email_shows_the_error_summary_and_saves_nothing(
    personas: Any, lead_client: Client
) -> None:
    response = lead_client.post(f"/o/{personas.org_a.slug}/members/invite/", {"email": "not-an-email", "role": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "There is a problem" in body
    assert 'href="#id_email"' in body and 'href="#role"' in body
    assert not Invitation.objects.exists()


def test_a_lead_cannot_invite_an_organisation_admin(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/members/invite/", {"email": "x@alpha.nhs.uk", "role": Role.ORG_ADMIN}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused_with_a_clear_message(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/members/invite/", {"email": personas.member.user.email, "role": Role.STAFF}
    )
    assert "already a member" in response.content.decode()


def test_accepting_an_invitation_makes_a_membership_once(personas: Any, lead_client: Client) -> None:
    from openqi.factories import UserFactory
    from openqi.organisations.services import invitation_create

    newcomer = UserFactory(email="newcomer@alpha.nhs.uk")
    invitation_create(
        actor=personas.lead.user,
        actor_role=Role.LEAD,
        organisation=personas.org_a,
        email=newcomer.email,
        role=Role.CHAMPION,
    )
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]
    client = client_for(newcomer)
    assert client.get(f"/invitations/{token}/").status_code == 200
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer, organisation=personas.org_a).role == Role.CHAMPION
    assert client.get(f"/invitations/{token}/").status_code == 404  # used up
    assert AuditEvent.objects.filter(action="invitation.accept").count() == 1


def test_an_invitation_cannot_be_accepted_by_someone_else(personas: Any, outsider_client: Client) -> None:
    from openqi.organisations.services import invitation_create

    invitation_create(
        actor=personas.lead.user,
        actor_role=Role.LEAD,
        organisation=personas.org_a,
        email="someone@alpha.nhs.uk",
        role=Role.STAFF,
    )
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]
    response = outsider_client.post(f"/invitations/{token}/")
    assert "This invitation is for someone@alpha.nhs.uk" in response.content.decode()
    assert not Membership.objects.filter(user=personas.outsider.user, organisation=personas.org_a).exists()


def test_a_signed_out_invitee_may_sign_up_but_nobody_else_may(personas: Any, db: Any) -> None:
    from openqi.organisations.services import invitation_create

    assert "by invitation" in Client().get("/accounts/signup/").content.decode()
    invitation_create(
        actor=personas.lead.user,
        actor_role=Role.LEAD,
        organisation=personas.org_a,
        email="fresh@alpha.nhs.uk",
        role=Role.STAFF,
    )
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]
    client = Client()
    client.get(f"/invitations/{token}/")
    assert "Create your account" in client.get("/accounts/signup/").content.decode()


def test_an_admin_changes_a_role_and_it_is_audited_and_notified(personas: Any, admin_client_a: Client) -> None:
    url = f"/o/{personas.org_a.slug}/members/{personas.member.pk}/"
    response = admin_client_a.post(url, {"role": Role.QI_COACH, "team": ""})
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.role == Role.QI_COACH
    event = AuditEvent.objects.get(action="membership.role_change")
    assert event.detail["before"]["role"] == Role.STAFF and event.detail["after"]["role"] == Role.QI_COACH
    assert personas.member.user.notifications.filter(title__contains="QI coach").exists()


def test_a_lead_gets_403_when_changing_roles(personas: Any, lead_client: Client) -> None:
    assert (
        lead_client.post(f"/o/{personas.org_a.slug}/members/{personas.member.pk}/", {"role": Role.LEAD}).status_code
        == 403
    )


def test_an_admin_cannot_reach_a_membership_of_another_organisation(personas: Any, admin_client_a: Client) -> None:
    response = admin_client_a.get(f"/o/{personas.org_a.slug}/members/{personas.outsider.pk}/")
    assert response.status_code == 404


def test_an_admin_removes_a_member_and_it_is_audited(personas: Any, admin_client_a: Client) -> None:
    response = admin_client_a.post(f"/o/{personas.org_a.slug}/members/{personas.member.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=personas.member.pk).exists()
    assert AuditEvent.objects.get(action="membership.remove").detail["email"] == personas.member.user.email


def test_an_admin_cannot_remove_themselves(personas: Any, admin_client_a: Client) -> None:
    response = admin_client_a.post(f"/o/{personas.org_a.slug}/members/{personas.admin.pk}/remove/")
    assert "cannot remove yourself" in response.content.decode()
    assert Membership.objects.filter(pk=personas.admin.pk).exists()


def test_a_removed_member_loses_access_at_once(personas: Any, admin_client_a: Client, member_client: Client) -> None:
    assert member_client.get(f"/o/{personas.org_a.slug}/").status_code == 200
    admin_client_a.post(f"/o/{personas.org_a.slug}/members/{personas.member.pk}/remove/")
    assert member_client.get(f"/o/{personas.org_a.slug}/").status_code == 404


def test_an_admin_adds_a_nested_team(personas: Any, admin_client_a: Client) -> None:
    parent = personas.org_a.teams.get(name="Ward 1")
    response = admin_client_a.post(f"/o/{personas.org_a.slug}/teams/new/", {"name": "Bay A", "parent": parent.pk})
    assert response.status_code == 302
    assert personas.org_a.teams.get(name="Bay A").parent == parent


def test_a_team_from_another_organisation_cannot_be_chosen_as_parent(personas: Any, admin_client_a: Client) -> None:
    from openqi.factories import TeamFactory

    foreign = TeamFactory(organisation=personas.org_b)
    response = admin_client_a.post(f"/o/{personas.org_a.slug}/teams/new/", {"name": "Bay A", "parent": foreign.pk})
    assert response.status_code == 200
    assert "Choose a team from the list" in response.content.decode()


def test_a_member_switches_organisation(personas: Any) -> None:
    from openqi.factories import MembershipFactory

    MembershipFactory(user=personas.member.user, organisation=personas.org_b)
    client = client_for(personas.member.user)
    response = client.post("/organisations/", {"organisation": personas.org_b.slug})
    assert response["Location"] == f"/o/{personas.org_b.slug}/"
    assert personas.org_b.name in client.get("/").content.decode()


def test_switching_to_an_organisation_you_do_not_belong_to_does_nothing(personas: Any, member_client: Client) -> None:
    response = member_client.post("/organisations/", {"organisation": personas.org_b.slug})
    assert response.status_code == 200
    assert member_client.session.get("current_org") != personas.org_b.slug


@pytest.mark.parametrize("path", ["/system/", "/system/organisations/new/"])
def test_a_staff_member_gets_403_on_system_admin_pages(path: str, personas: Any, member_client: Client) -> None:
    assert member_client.get(path).status_code == 403


def test_a_system_admin_creates_an_organisation_in_their_system(personas: Any) -> None:
    from openqi.conftest import give_totp
    from openqi.factories import SystemMembershipFactory

    sysadmin = SystemMembershipFactory(system=personas.org_a.system).user
    give_totp(sysadmin)
    client = client_for(sysadmin)
    response = client.post(
        "/system/organisations/new/", {"name": "Gamma GP Federation", "system": personas.org_a.system.pk}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="organisation.create", object_label="Gamma GP Federation").exists()
    # and may administer organisations of that system
    assert client.get(f"/o/{personas.org_a.slug}/members/").status_code == 200


def test_a_system_admin_creates_a_system_and_administers_it(personas: Any) -> None:
    from openqi.conftest import give_totp
    from openqi.factories import SystemMembershipFactory
    from openqi.organisations.models import SystemMembership

    sysadmin = SystemMembershipFactory(system=personas.org_a.system).user
    give_totp(sysadmin)
    client = client_for(sysadmin)
    assert "There is a problem" in client.post("/system/systems/new/", {"name": ""}).content.decode()
    assert client.post("/system/systems/new/", {"name": "South Valley ICS"}).status_code == 302
    assert SystemMembership.objects.filter(user=sysadmin, system__name="South Valley ICS", role="system_admin").exists()
    assert "South Valley ICS" in client.get("/system/").content.decode()
    duplicate = client.post("/system/systems/new/", {"name": "south valley ics"}).content.decode()
    assert "already exists" in duplicate
