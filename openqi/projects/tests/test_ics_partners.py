"""ICS projects: an owning organisation shares a project with partner organisations of the same
system. Partners' staff find it under their own URL; everyone else still gets 404."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import PdsaCycle, Project, ProjectMember, ProjectOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverside(personas: Any) -> Any:
    return OrganisationFactory(name="Riverside Community NHS Trust", slug="riverside", system=personas.org_a.system)


@pytest.fixture
def shared(project: Project, personas: Any, riverside: Any) -> ProjectOrganisation:
    return services.project_organisation_add(actor=personas.lead.user, project=project, organisation=riverside)


def _member(organisation: Any, role: str = Role.STAFF, email: str = "") -> Any:
    kwargs = {"email": email} if email else {}
    membership = MembershipFactory(organisation=organisation, role=role, user=UserFactory(**kwargs))
    if role == Role.ORG_ADMIN:
        give_totp(membership.user)
    return membership


def _project_urls(slug: str, project_id: int) -> list[str]:
    """Every project page: each `…/projects/<project_id>/…` pattern with 1 for the other ids."""
    urls = []
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLPattern) and getattr(pattern, "namespace", "") == "projects":
            for inner in pattern.url_patterns:
                route = str(inner.pattern)
                if "<int:project_id>" in route and route.startswith("o/"):
                    kwargs = {name: 1 for name in inner.pattern.converters}
                    kwargs.update(org_slug=slug, project_id=project_id)
                    urls.append(reverse(f"projects:{inner.name}", kwargs=kwargs))
    assert len(urls) > 30
    return urls


def test_a_project_can_only_be_shared_within_its_ics_and_not_when_private(
    project: Project, personas: Any, riverside: Any
) -> None:
    elsewhere = OrganisationFactory(name="Faraway Trust")
    with pytest.raises(ValidationError, match="same ICS"):
        services.project_organisation_add(actor=personas.lead.user, project=project, organisation=elsewhere)
    services.project_update(actor=personas.lead.user, project=project, visibility="private")
    with pytest.raises(ValidationError, match="private project stays with its team"):
        services.project_organisation_add(actor=personas.lead.user, project=project, organisation=riverside)
    assert not ProjectOrganisation.objects.exists()


def test_sharing_and_removing_are_audited_in_both_organisations(
    shared: ProjectOrganisation, personas: Any, riverside: Any
) -> None:
    services.project_organisation_remove(actor=personas.lead.user, partner=shared)
    for action in ("project.partner_add", "project.partner_remove"):
        orgs = set(AuditEvent.objects.filter(action=action).values_list("organisation__slug", flat=True))
        assert orgs == {"alpha", "riverside"}


def test_a_shared_project_cannot_become_private(shared: ProjectOrganisation, personas: Any) -> None:
    with pytest.raises(ValidationError):
        services.project_update(actor=personas.lead.user, project=shared.project, visibility="private")


def test_the_lead_shares_through_the_page_and_an_outside_organisation_is_refused(
    project: Project, lead_client: Client, riverside: Any
) -> None:
    url = f"/o/alpha/projects/{project.pk}/organisations/"
    page = lead_client.get(url)
    assert "a private project stays with its team" in page.content.decode()
    elsewhere = OrganisationFactory(name="Faraway Trust")
    refused = lead_client.post(url, {"organisation": str(elsewhere.pk)})
    assert refused.status_code == 200
    assert "Choose an organisation of the same ICS from the list" in refused.content.decode()
    assert lead_client.post(url, {"organisation": str(riverside.pk)}).status_code == 302
    assert ProjectOrganisation.objects.filter(project=project, organisation=riverside).exists()


def test_staff_of_a_partner_organisation_see_the_project_under_their_own_url(
    shared: ProjectOrganisation, riverside: Any
) -> None:
    staff = client_for(_member(riverside).user)
    project = shared.project
    page = staff.get(f"/o/riverside/projects/{project.pk}/")
    assert page.status_code == 200
    assert "ICS project led by Alpha Hospitals NHS Trust" in page.content.decode()
    assert f'href="/o/riverside/projects/{project.pk}/drivers/"' in page.content.decode()
    assert staff.get(f"/o/alpha/projects/{project.pk}/").status_code == 404  # not a member of Alpha
    listing = staff.get("/o/riverside/projects/?shared=1").content.decode()
    assert project.title in listing and "Led by Alpha Hospitals NHS Trust" in listing


def test_outsiders_get_404_on_every_page_of_a_shared_project_under_every_slug(
    shared: ProjectOrganisation, personas: Any
) -> None:
    project = shared.project
    other_ics = OrganisationFactory(name="Other ICS Trust", slug="other-ics")
    same_ics_not_partner = client_for(_member(personas.org_b).user)  # Beta: same ICS, not a partner
    other = client_for(_member(other_ics, Role.ORG_ADMIN).user)
    for client, own_slug in ((same_ics_not_partner, "beta"), (other, "other-ics")):
        for slug in (own_slug, "alpha", "riverside"):
            for url in _project_urls(slug, project.pk):
                response = client.get(url)
                if response.status_code == 405:  # a POST-only action
                    response = client.post(url)
                assert response.status_code == 404, url


def test_partner_organisation_admins_get_no_lead_powers(shared: ProjectOrganisation, riverside: Any) -> None:
    admin = client_for(_member(riverside, Role.ORG_ADMIN).user)
    base = f"/o/riverside/projects/{shared.project.pk}/"
    assert admin.get(base).status_code == 200
    for path in ("edit/", "aim/", "progress/", "copy/"):
        assert admin.get(base + path).status_code == 403, path
    assert admin.post(base + "edit/", {"title": "Taken over", "stage": "closed"}).status_code == 403
    assert admin.post(base + "organisations/", {"organisation": "1"}).status_code == 403
    assert admin.post(base + "drivers/add/", {"text": "Driver"}).status_code == 403  # not a project member


def test_a_partner_member_joins_the_team_edits_and_is_audited_in_the_owning_organisation(
    shared: ProjectOrganisation, lead_client: Client, riverside: Any
) -> None:
    person = _member(riverside, email="nurse@riverside.nhs.uk")
    project = shared.project
    members_url = f"/o/alpha/projects/{project.pk}/members/"
    assert "Riverside Community NHS Trust" in lead_client.get(members_url).content.decode()
    refused = lead_client.post(members_url, {"user": str(person.user.pk), "role": "lead"})
    assert "must be in Alpha Hospitals NHS Trust" in refused.content.decode()
    assert lead_client.post(members_url, {"user": str(person.user.pk), "role": "member"}).status_code == 302

    nurse = client_for(person.user)
    plan = {"objective": "Try the bundle", "question": "Will it help?", "prediction": "Fewer falls"}
    response = nurse.post(f"/o/riverside/projects/{project.pk}/pdsa/new/", plan)
    assert response.status_code == 302
    cycle = PdsaCycle.objects.get(project=project)
    assert cycle.organisation_id == project.organisation_id
    assert response["Location"] == f"/o/riverside/projects/{project.pk}/pdsa/{cycle.pk}/"
    event = AuditEvent.objects.get(action="pdsa.plan", actor=person.user)
    assert event.organisation_id == project.organisation_id
    assert event.detail["actor_organisation"] == "Riverside Community NHS Trust"
    assert nurse.get(f"/o/riverside/projects/{project.pk}/edit/").status_code == 403


def test_removing_the_partner_organisation_removes_access_at_once(
    shared: ProjectOrganisation, personas: Any, riverside: Any
) -> None:
    person = _member(riverside)
    project = shared.project
    services.project_member_add(actor=personas.lead.user, project=project, user=person.user, role="member")
    client = client_for(person.user)
    assert client.get(f"/o/riverside/projects/{project.pk}/").status_code == 200
    services.project_organisation_remove(actor=personas.lead.user, partner=shared)
    assert client.get(f"/o/riverside/projects/{project.pk}/").status_code == 404
    assert not ProjectMember.objects.filter(project=project, user=person.user).exists()
    assert project.title not in client.get("/o/riverside/projects/").content.decode()


def test_partners_of_a_partner_organisation_see_only_projects_they_are_on(
    shared: ProjectOrganisation, personas: Any, riverside: Any
) -> None:
    carer = _member(riverside, Role.PARTNER)
    client = client_for(carer.user)
    url = f"/o/riverside/projects/{shared.project.pk}/"
    assert client.get(url).status_code == 404
    services.project_member_add(actor=personas.lead.user, project=shared.project, user=carer.user, role="partner")
    assert client.get(url).status_code == 200


def test_a_shared_project_that_turns_private_is_out_of_reach(shared: ProjectOrganisation, riverside: Any) -> None:
    # The service refuses it; even a row changed behind its back does not open the project.
    Project.objects.filter(pk=shared.project.pk).update(visibility="private")
    staff = client_for(_member(riverside).user)
    assert staff.get(f"/o/riverside/projects/{shared.project.pk}/").status_code == 404


def test_partner_organisation_viewers_see_the_owners_measures_as_labels_only(
    shared: ProjectOrganisation, personas: Any, riverside: Any
) -> None:
    from django.apps import apps

    measure = apps.get_model("measures", "Measure").objects.create(
        organisation=personas.org_a,
        name="Falls per 1,000 bed days",
        measure_type="outcome",
        variation_icon="improvement_low",
    )
    project = shared.project
    services.project_link_add(
        actor=personas.lead.user,
        project=project,
        kind="measure",
        ref_id=measure.pk,
        label="Falls rate",
        has_baseline=True,
        evidence="none",
    )
    staff = client_for(_member(riverside).user)
    for path in ("", "report/", "links/"):
        page = staff.get(f"/o/riverside/projects/{project.pk}/{path}").content.decode()
        assert "Falls rate" in page, path
        assert f"/measures/{measure.pk}/" not in page and "/o/alpha/" not in page
        assert "Special cause improvement" not in page, path
    report = client_for(personas.member.user).get(f"/o/alpha/projects/{project.pk}/report/").content.decode()
    assert "Special cause improvement" in report  # the owning organisation's staff still see it
