"""Following a measure for its alerts, saved selections, and the icon matrix's filters and sorting."""

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, TeamFactory, UserFactory
from openqi.measures import services
from openqi.measures.models import Measure, MeasureFollow, MeasureSet
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure
from openqi.notifications.models import Notification
from openqi.organisations.models import Role


def _signal(measure: Measure, actor: Any) -> None:
    add_points(measure, STABLE)
    services.measure_summary_refresh(measure_id=measure.pk)
    for i, value in enumerate(IMPROVED):
        services.data_point_add(
            actor=actor,
            measure=measure,
            period=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=20 + i),
            value=value,
        )


def test_followers_and_the_owner_hear_of_a_new_signal(personas: Any) -> None:
    measure = make_measure(personas.org_a, owner=personas.lead.user)
    services.measure_follow(actor=personas.member.user, measure=measure)
    services.measure_follow(actor=personas.member.user, measure=measure)  # twice is once
    assert MeasureFollow.objects.filter(measure=measure).count() == 1
    assert AuditEvent.objects.filter(action="measure.follow").count() == 1
    _signal(measure, personas.admin.user)
    for person in (personas.member.user, personas.lead.user):
        titles = list(Notification.objects.filter(user=person).values_list("title", flat=True))
        assert any("special cause" in t for t in titles), person
    assert not Notification.objects.filter(user=personas.admin.user).exists()


def test_a_follower_who_can_no_longer_see_the_measure_hears_nothing(personas: Any) -> None:
    other_team = TeamFactory(organisation=personas.org_a, name="Ward 2")
    measure = make_measure(personas.org_a, team=other_team, visibility="team")
    services.measure_follow(actor=personas.member.user, measure=measure)  # then moved teams, or was never in it
    leaver = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=other_team, user=UserFactory())
    services.measure_follow(actor=leaver.user, measure=measure)
    leaver.user.is_active = False
    leaver.user.save()
    _signal(measure, personas.lead.user)
    assert not Notification.objects.filter(user__in=[personas.member.user, leaver.user]).exists()


def test_unfollowing_stops_alerts(personas: Any, member_client: Client) -> None:
    measure = make_measure(personas.org_a)
    url = f"/o/{personas.org_a.slug}/measures/{measure.pk}/follow/"
    page = member_client.get(f"/o/{personas.org_a.slug}/measures/{measure.pk}/").content.decode()
    assert "Follow this measure" in page
    member_client.post(url, {"follow": "1"})
    assert "Stop following" in member_client.get(f"/o/{personas.org_a.slug}/measures/{measure.pk}/").content.decode()
    member_client.post(url, {"follow": "0"})
    assert not MeasureFollow.objects.exists()
    assert AuditEvent.objects.filter(action="measure.unfollow").exists()
    _signal(measure, personas.lead.user)
    assert not Notification.objects.filter(user=personas.member.user).exists()


def test_following_is_refused_to_outsiders_and_needs_post(
    personas: Any, outsider_client: Client, member_client: Client
) -> None:
    measure = make_measure(personas.org_a)
    url = f"/o/{personas.org_a.slug}/measures/{measure.pk}/follow/"
    assert outsider_client.post(url, {"follow": "1"}).status_code == 404
    assert member_client.get(url).status_code == 405
    other_team = TeamFactory(organisation=personas.org_a, name="Ward 2")
    hidden = make_measure(personas.org_a, name="Team only", team=other_team, visibility="team")
    assert (
        member_client.post(f"/o/{personas.org_a.slug}/measures/{hidden.pk}/follow/", {"follow": "1"}).status_code == 404
    )
    assert not MeasureFollow.objects.exists()


def test_a_selection_needs_a_unique_name_and_measures_of_its_organisation(personas: Any) -> None:
    ours = make_measure(personas.org_a, name="Falls")
    theirs = make_measure(personas.org_b, name="Their falls")
    with pytest.raises(ValidationError) as error:
        services.measure_set_create(
            actor=personas.lead.user, organisation=personas.org_a, name=" ", description="", shared=True, measures=[]
        )
    assert set(error.value.message_dict) == {"name", "measures"}
    with pytest.raises(ValidationError):
        services.measure_set_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            name="Board",
            description="",
            shared=True,
            measures=[theirs],
        )
    services.measure_set_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        name="Board",
        description="",
        shared=True,
        measures=[ours],
    )
    with pytest.raises(ValidationError) as error:
        services.measure_set_create(
            actor=personas.member.user,
            organisation=personas.org_a,
            name="Board",
            description="",
            shared=False,
            measures=[ours],
        )
    assert "already exists" in error.value.message_dict["name"][0]
    assert MeasureSet.objects.count() == 1
    assert AuditEvent.objects.filter(action="measure_set.create").count() == 1


def test_only_its_author_or_a_lead_changes_a_shared_selection(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    mine = services.measure_set_create(
        actor=personas.member.user,
        organisation=personas.org_a,
        name="Mine",
        description="",
        shared=True,
        measures=[measure],
    )
    other = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, user=UserFactory()).user
    with pytest.raises(PermissionDenied):
        services.measure_set_delete(actor=other, selection=mine)
    services.measure_set_update(
        actor=personas.lead.user,
        selection=mine,
        name="Ward 1 board",
        description="Weekly",
        shared=True,
        measures=[measure],
        can_manage_shared=True,
    )
    services.measure_set_delete(actor=personas.member.user, selection=mine)
    assert not MeasureSet.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="measure_set.").count() == 3


def test_a_private_selection_is_invisible_to_others(personas: Any, member_client: Client, lead_client: Client) -> None:
    measure = make_measure(personas.org_a)
    private = services.measure_set_create(
        actor=personas.member.user,
        organisation=personas.org_a,
        name="My watch list",
        description="",
        shared=False,
        measures=[measure],
    )
    base = f"/o/{personas.org_a.slug}/measures/"
    assert "My watch list" in member_client.get(base + "selections/").content.decode()
    assert "My watch list" not in lead_client.get(base + "selections/").content.decode()
    assert lead_client.get(base + f"selections/{private.pk}/").status_code == 404
    # ?set= of someone else's private selection shows nothing rather than the whole organisation
    body = lead_client.get(base + f"matrix/?set={private.pk}").content.decode()
    assert measure.name in body  # the filter is ignored: an unknown set is "All measures"
    assert 'value="' + str(private.pk) + '" selected' not in body


def test_staff_save_a_selection_through_the_form_and_the_matrix_shows_it(personas: Any, member_client: Client) -> None:
    falls = make_measure(personas.org_a, name="Falls per 1,000 bed days")
    make_measure(personas.org_a, name="Length of stay")
    base = f"/o/{personas.org_a.slug}/measures/"
    empty = member_client.post(base + "selections/new/", {"name": "", "measures": []})
    assert "There is a problem" in empty.content.decode()
    assert "Choose at least one measure" in empty.content.decode()
    response = member_client.post(
        base + "selections/new/", {"name": "Falls board", "measures": [str(falls.pk)], "shared": "1"}
    )
    selection = MeasureSet.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?set={selection.pk}")
    body = member_client.get(response["Location"]).content.decode()
    assert "Falls per 1,000 bed days" in body and "Length of stay" not in body


def test_the_matrix_filters_by_assurance_and_sorts(personas: Any, lead_client: Client) -> None:
    a = make_measure(
        personas.org_a, name="Alpha", latest_value=3.0, variation_icon="common_cause", assurance_icon="pass"
    )
    b = make_measure(
        personas.org_a, name="Beta", latest_value=9.0, variation_icon="concern_high", assurance_icon="fail"
    )
    c = make_measure(personas.org_a, name="Gamma", latest_value=None, variation_icon="", assurance_icon="")
    base = f"/o/{personas.org_a.slug}/measures/matrix/"

    def names(query: str) -> list[str]:
        body = lead_client.get(base + query).content.decode()
        return [n for n in re.findall(r'<td class="nhsuk-table__cell"><a href="[^"]+">([^<]+)</a>', body)]

    assert names("") == ["Alpha", "Beta", "Gamma"]
    assert names("?assurance=pass") == ["Alpha"]
    assert names("?sort=variation") == ["Beta", "Alpha", "Gamma"]  # concern first, no data last
    assert names("?sort=latest&dir=desc") == ["Beta", "Alpha", "Gamma"]  # no value last either way
    assert names("?sort=latest") == ["Alpha", "Beta", "Gamma"]
    assert names("?sort=assurance") == ["Beta", "Alpha", "Gamma"]
    body = lead_client.get(base + "?sort=name").content.decode()
    assert 'aria-sort="ascending"' in body and "sort=name&amp;dir=desc" in body
    assert a.pk and b.pk and c.pk


def test_a_team_only_measure_whose_team_was_deleted_is_not_shown_to_people_without_a_team(personas: Any) -> None:
    team = TeamFactory(organisation=personas.org_a, name="Closed ward")
    measure = make_measure(personas.org_a, name="Closed ward falls", team=team, visibility="team")
    no_team = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=None, user=UserFactory())
    services.measure_follow(actor=no_team.user, measure=measure)
    team.delete()
    measure.refresh_from_db()
    assert measure.team_id is None
    client = Client()
    client.force_login(no_team.user)
    assert client.get(f"/o/{personas.org_a.slug}/measures/{measure.pk}/").status_code == 404
    assert "Closed ward falls" not in client.get(f"/o/{personas.org_a.slug}/measures/").content.decode()
    from openqi.measures.services.alerts import alert_recipients

    assert no_team.user not in alert_recipients(measure)
