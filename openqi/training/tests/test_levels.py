"""The ICS's levels: the defaults, an organisation admin adds one or renames one (bronze, silver,
gold), reorders and removes them (not while a course uses one), and chooses the leader level the
dashboard counts project leads against; leads only read."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects.services.projects import project_create
from openqi.training import selectors, services
from openqi.training.models import CapabilityTarget, Level, TrainingRecord
from openqi.training.tests.conftest import level, make_course

pytestmark = pytest.mark.django_db


def test_the_defaults_have_leader_as_the_leader_level(personas: Any) -> None:
    levels = services.levels_ensure(system=personas.org_a.system)
    assert [lv.name for lv in levels] == ["Awareness", "Foundation", "Practitioner", "Leader", "Coach", "Sponsor"]
    assert [lv.name for lv in levels if lv.leader] == ["Leader"]


def test_an_admin_adds_a_level_a_duplicate_is_refused_and_a_lead_only_reads(
    personas: Any, admin_client_a: Client, lead_client: Client
) -> None:
    assert admin_client_a.post("/o/alpha/training/levels/", {"name": "Improvement Fellow"}).status_code == 302
    added = Level.objects.get(name="Improvement Fellow")
    assert added.rank == 7 and not added.leader
    duplicate = admin_client_a.post("/o/alpha/training/levels/", {"name": "improvement fellow"})
    assert duplicate.status_code == 400
    assert "already has a level with this name" in duplicate.content.decode()
    page = lead_client.get("/o/alpha/training/levels/").content.decode()
    assert "Improvement Fellow" in page and "Add a level" not in page and "/levels/" + str(added.pk) not in page
    lead_client.post("/o/alpha/training/levels/", {"name": "Sneaky"})
    assert not Level.objects.filter(name="Sneaky").exists()


def test_an_admin_renames_levels_and_moves_the_leader_level_and_the_dashboard_follows(
    personas: Any, admin_client_a: Client
) -> None:
    course = make_course(personas, title="QI Practitioner", level_name="Practitioner")
    project = project_create(actor=personas.member.user, organisation=personas.org_a, title="Falls", problem="Night")
    TrainingRecord.objects.create(
        organisation=personas.org_a,
        user=personas.member.user,
        course=course,
        level=course.level,
        completed_on=project.created_at.date(),
    )
    assert selectors.capability_summary(organisation=personas.org_a).led_by_leader == 0

    practitioner = level(personas, "Practitioner")
    page = admin_client_a.get(f"/o/alpha/training/levels/{practitioner.pk}/")
    assert page.status_code == 200 and 'value="Practitioner"' in page.content.decode()
    response = admin_client_a.post(
        f"/o/alpha/training/levels/{practitioner.pk}/",
        {"name": "Silver", "description": "Runs projects", "leader": "on"},
    )
    assert response.status_code == 302
    assert [(lv.name, lv.leader) for lv in Level.objects.filter(system=personas.org_a.system)][1:4] == [
        ("Foundation", False),
        ("Silver", True),
        ("Leader", False),
    ]
    # The member leads "Falls" and is trained at Silver, now the leader threshold.
    assert selectors.capability_summary(organisation=personas.org_a).led_by_leader == 1
    assert AuditEvent.objects.filter(action="training.level_update").count() == 1
    assert "Silver" in admin_client_a.get("/o/alpha/training/capability/").content.decode()


def test_a_level_change_is_checked_and_saves_nothing_when_wrong(personas: Any, admin_client_a: Client) -> None:
    foundation = level(personas, "Foundation")
    blank = admin_client_a.post(f"/o/alpha/training/levels/{foundation.pk}/", {"name": ""})
    assert blank.status_code == 400 and "Enter the level" in blank.content.decode()
    taken = admin_client_a.post(f"/o/alpha/training/levels/{foundation.pk}/", {"name": "leader"})
    assert taken.status_code == 400 and "already has a level with this name" in taken.content.decode()
    foundation.refresh_from_db()
    assert foundation.name == "Foundation"


def test_only_an_admin_of_the_ics_may_change_its_levels(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    foundation = level(personas, "Foundation")
    assert lead_client.get(f"/o/alpha/training/levels/{foundation.pk}/").status_code == 403
    assert member_client.get(f"/o/alpha/training/levels/{foundation.pk}/").status_code == 403
    elsewhere = MembershipFactory(
        organisation=OrganisationFactory(slug="gamma"), role=Role.ORG_ADMIN, user=UserFactory()
    )
    give_totp(elsewhere.user)
    client = client_for(elsewhere.user)
    assert client.get(f"/o/gamma/training/levels/{foundation.pk}/").status_code == 404
    assert client.post(f"/o/gamma/training/levels/{foundation.pk}/", {"name": "Taken over"}).status_code == 404
    foundation.refresh_from_db()
    assert foundation.name == "Foundation"


def _names(personas: Any) -> list[str]:
    return [lv.name for lv in Level.objects.filter(system=personas.org_a.system)]


def test_an_admin_moves_a_level_up_and_down_and_it_is_audited(personas: Any, admin_client_a: Client) -> None:
    coach = level(personas, "Coach")
    page = admin_client_a.get("/o/alpha/training/levels/").content.decode()
    assert f"/o/alpha/training/levels/{coach.pk}/move/" in page and "Move up" in page
    response = admin_client_a.post(f"/o/alpha/training/levels/{coach.pk}/move/", {"direction": "up"})
    assert response.status_code == 302 and response["Location"] == "/o/alpha/training/levels/"
    assert _names(personas) == ["Awareness", "Foundation", "Practitioner", "Coach", "Leader", "Sponsor"]
    admin_client_a.post(f"/o/alpha/training/levels/{coach.pk}/move/", {"direction": "down"})
    admin_client_a.post(f"/o/alpha/training/levels/{coach.pk}/move/", {"direction": "down"})
    assert _names(personas) == ["Awareness", "Foundation", "Practitioner", "Leader", "Sponsor", "Coach"]
    assert list(Level.objects.filter(system=personas.org_a.system).values_list("rank", flat=True)) == [1, 2, 3, 4, 5, 6]
    admin_client_a.post(f"/o/alpha/training/levels/{coach.pk}/move/", {"direction": "down"})  # already last
    assert _names(personas)[-1] == "Coach"
    assert AuditEvent.objects.filter(action="training.level_move").count() == 3


def test_moving_the_leader_level_changes_who_counts_as_trained_at_it_or_above(personas: Any) -> None:
    coach_course = make_course(personas, title="QI Coaching", level_name="Coach")
    project = project_create(actor=personas.member.user, organisation=personas.org_a, title="Falls", problem="Night")
    TrainingRecord.objects.create(
        organisation=personas.org_a,
        user=personas.member.user,
        course=coach_course,
        level=coach_course.level,
        completed_on=project.created_at.date(),
    )
    assert selectors.capability_summary(organisation=personas.org_a).led_by_leader == 1  # Coach is above Leader
    services.level_move(actor=personas.admin.user, level=level(personas, "Coach"), up=True)
    assert selectors.capability_summary(organisation=personas.org_a).led_by_leader == 0  # now below it


def test_an_admin_removes_an_unused_level_with_its_targets_and_it_is_audited(
    personas: Any, admin_client_a: Client
) -> None:
    sponsor = level(personas, "Sponsor")
    awareness = level(personas, "Awareness")
    services.target_set(actor=personas.admin.user, organisation=personas.org_a, level=awareness, percent=50)
    page = admin_client_a.get(f"/o/alpha/training/levels/{awareness.pk}/remove/")
    assert page.status_code == 200 and "Remove level" in page.content.decode()
    response = admin_client_a.post(f"/o/alpha/training/levels/{awareness.pk}/remove/")
    assert response.status_code == 302
    assert _names(personas) == ["Foundation", "Practitioner", "Leader", "Coach", "Sponsor"]
    assert list(Level.objects.filter(system=personas.org_a.system).values_list("rank", flat=True)) == [1, 2, 3, 4, 5]
    assert not CapabilityTarget.objects.exists()
    event = AuditEvent.objects.get(action="training.level_remove")
    assert event.detail["name"] == "Awareness"
    assert admin_client_a.get(f"/o/alpha/training/levels/{awareness.pk}/remove/").status_code == 404
    assert Level.objects.filter(pk=sponsor.pk).exists()


def test_a_level_in_use_or_the_leader_level_is_not_removed_and_the_page_says_why(
    personas: Any, admin_client_a: Client
) -> None:
    make_course(personas, title="Intro", level_name="Foundation")
    make_course(personas, title="Intro again", level_name="Foundation")
    foundation = level(personas, "Foundation")
    page = admin_client_a.get(f"/o/alpha/training/levels/{foundation.pk}/remove/").content.decode()
    assert "cannot be removed while 2 courses in the ICS use it" in page and "Remove level" not in page
    refused = admin_client_a.post(f"/o/alpha/training/levels/{foundation.pk}/remove/")
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "There is a problem" in body and "cannot be removed while 2 courses in the ICS use it" in body
    leader = level(personas, "Leader")
    refused = admin_client_a.post(f"/o/alpha/training/levels/{leader.pk}/remove/")
    assert refused.status_code == 400 and "is the leader level" in refused.content.decode()
    assert _names(personas) == ["Awareness", "Foundation", "Practitioner", "Leader", "Coach", "Sponsor"]
    assert not AuditEvent.objects.filter(action="training.level_remove").exists()


def test_only_an_admin_of_the_ics_may_move_or_remove_its_levels(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    coach = level(personas, "Coach")
    for client in (lead_client, member_client):
        assert client.post(f"/o/alpha/training/levels/{coach.pk}/move/", {"direction": "up"}).status_code == 403
        assert client.get(f"/o/alpha/training/levels/{coach.pk}/remove/").status_code == 403
        assert client.post(f"/o/alpha/training/levels/{coach.pk}/remove/").status_code == 403
    assert "/move/" not in lead_client.get("/o/alpha/training/levels/").content.decode()
    elsewhere = MembershipFactory(
        organisation=OrganisationFactory(slug="gamma"), role=Role.ORG_ADMIN, user=UserFactory()
    )
    give_totp(elsewhere.user)
    client = client_for(elsewhere.user)
    assert client.post(f"/o/gamma/training/levels/{coach.pk}/move/", {"direction": "up"}).status_code == 404
    assert client.post(f"/o/gamma/training/levels/{coach.pk}/remove/").status_code == 404
    assert _names(personas) == ["Awareness", "Foundation", "Practitioner", "Leader", "Coach", "Sponsor"]
