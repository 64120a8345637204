"""Improvement stories: a project lead writes one, an organisation lead publishes it or returns it,
and only published stories reach the public pages."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import Project, Story
from openqi.projects.services import stories
from openqi.projects.tests.conftest import future

pytestmark = pytest.mark.django_db

VALID_NHS_NUMBER = "943 476 5919"
WORDS = {
    "title": "Fewer falls at night",
    "problem": "Falls at night were rising.",
    "tried": "A cohort bay with a nurse at night.",
    "results": "Falls halved in three months.",
    "lessons": "Start small, on one bay.",
}


def _story(project: Project, personas: Any, **extra: Any) -> Story:
    return stories.story_create(actor=personas.lead.user, project=project, **{**WORDS, **extra})


def _published(project: Project, personas: Any, **extra: Any) -> Story:
    story = _story(project, personas, **extra)
    stories.story_submit(actor=personas.lead.user, story=story)
    return stories.story_publish(actor=personas.admin.user, story=story)


# --- services ------------------------------------------------------------------------------------


def test_a_story_needs_every_part_and_refuses_nhs_numbers(project: Project, personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        stories.story_create(
            actor=personas.lead.user,
            project=project,
            **{**WORDS, "lessons": " ", "results": f"Patient {VALID_NHS_NUMBER} did well."},
        )
    assert error.value.message_dict["lessons"] == ["Enter the lessons learned"]
    assert "Remove the NHS number" in error.value.message_dict["results"][0]
    assert not Story.objects.exists()


def test_the_chart_must_be_a_measure_linked_to_this_project(project: Project, personas: Any) -> None:
    other = services.project_create(actor=personas.lead.user, organisation=personas.org_a, title="O", problem="P")
    foreign = services.project_link_add(
        actor=personas.lead.user, project=other, kind="measure", ref_id=5, label="Elsewhere", has_baseline=False
    )
    idea = services.project_link_add(
        actor=personas.lead.user, project=project, kind="idea", ref_id=3, label="Idea", has_baseline=False
    )
    for link in (foreign, idea):
        with pytest.raises(ValidationError) as error:
            _story(project, personas, chart_link=link)
        assert "chart_link" in error.value.message_dict


def test_the_workflow_runs_draft_submitted_published_withdrawn_and_is_audited(project: Project, personas: Any) -> None:
    story = _story(project, personas)
    assert story.status == "draft" and story.is_editable
    story = stories.story_submit(actor=personas.lead.user, story=story)
    assert story.status == "submitted" and not story.is_editable
    with pytest.raises(ValidationError):
        stories.story_update(actor=personas.lead.user, story=story, title="Changed while waiting")
    with pytest.raises(ValidationError):
        stories.story_submit(actor=personas.lead.user, story=story)
    story = stories.story_publish(actor=personas.admin.user, story=story)
    assert story.status == "published" and story.published_by == personas.admin.user
    story = stories.story_withdraw(actor=personas.lead.user, story=story)
    assert story.status == "withdrawn" and story.is_editable
    stories.story_update(actor=personas.lead.user, story=story, title="Fewer falls at night on Ward 9")
    actions = list(
        AuditEvent.objects.filter(object_type="projects.story", object_id=str(story.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["story.create", "story.submit", "story.publish", "story.withdraw", "story.update"]
    )


def test_returning_needs_a_reason_and_sends_the_story_back_to_draft(project: Project, personas: Any) -> None:
    story = stories.story_submit(actor=personas.lead.user, story=_story(project, personas))
    with pytest.raises(ValidationError) as error:
        stories.story_return(actor=personas.admin.user, story=story, reason="  ")
    assert "reason" in error.value.message_dict
    story = stories.story_return(actor=personas.admin.user, story=story, reason="Say how many falls.")
    assert story.status == "draft" and story.return_reason == "Say how many falls."
    assert AuditEvent.objects.get(action="story.return").detail == {"reason": "Say how many falls."}
    with pytest.raises(ValidationError):
        stories.story_publish(actor=personas.admin.user, story=story)
    story = stories.story_submit(actor=personas.lead.user, story=story)
    assert story.return_reason == ""


# --- pages ---------------------------------------------------------------------------------------


def test_a_lead_writes_a_story_through_the_form(project: Project, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/stories/new/"
    assert lead_client.get(url).status_code == 200
    bad = lead_client.post(url, {**WORDS, "tried": f"Checked {VALID_NHS_NUMBER}", "chart_link": "none"})
    assert bad.status_code == 200 and "Remove the NHS number" in bad.content.decode()
    assert "Error: " in bad.content.decode()
    response = lead_client.post(url, {**WORDS, "chart_link": "none", "credit_team": "on"})
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/stories/{story.pk}/")
    assert story.credit_team and story.chart_link is None
    page = lead_client.get(response["Location"]).content.decode()
    assert "Submit for publication" in page and WORDS["lessons"] in page


def test_staff_without_a_project_role_read_stories_but_get_403_on_changes(
    project: Project, personas: Any, member_client: Client
) -> None:
    story = _story(project, personas)
    base = f"/o/alpha/projects/{project.pk}/stories/"
    assert member_client.get(base).status_code == 200
    assert member_client.get(f"{base}{story.pk}/").status_code == 200
    assert member_client.get(base + "new/").status_code == 403
    assert member_client.get(f"{base}{story.pk}/edit/").status_code == 403
    assert member_client.post(f"{base}{story.pk}/submit/").status_code == 403
    story.refresh_from_db()
    assert story.status == "draft"


def test_only_organisation_leads_publish_or_return(project: Project, personas: Any, member_client: Client) -> None:
    story = stories.story_submit(actor=personas.lead.user, story=_story(project, personas))
    assert member_client.post(f"/o/alpha/projects/stories/{story.pk}/publish/").status_code == 403
    assert member_client.get(f"/o/alpha/projects/stories/{story.pk}/return/").status_code == 403
    # Staff do not see a story before it is published.
    assert member_client.get(f"/o/alpha/projects/stories/{story.pk}/").status_code == 404
    story.refresh_from_db()
    assert story.status == "submitted"


def test_an_organisation_lead_publishes_from_the_queue(project: Project, personas: Any, lead_client: Client) -> None:
    story = stories.story_submit(actor=personas.lead.user, story=_story(project, personas))
    listing = lead_client.get("/o/alpha/projects/stories/").content.decode()
    assert "Waiting for publication" in listing and story.title in listing
    response = lead_client.post(f"/o/alpha/projects/stories/{story.pk}/publish/")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "published"


def test_returning_through_the_page_needs_a_reason(project: Project, personas: Any, lead_client: Client) -> None:
    story = stories.story_submit(actor=personas.lead.user, story=_story(project, personas))
    url = f"/o/alpha/projects/stories/{story.pk}/return/"
    assert "Enter why the story is being returned" in lead_client.post(url, {"reason": ""}).content.decode()
    assert lead_client.post(url, {"reason": "Add the numbers"}).status_code == 302
    story.refresh_from_db()
    assert story.status == "draft" and story.return_reason == "Add the numbers"


def test_an_outsider_gets_404_on_every_story_page(project: Project, personas: Any, outsider_client: Client) -> None:
    story = _published(project, personas)
    for url in [
        f"/o/alpha/projects/{project.pk}/stories/",
        f"/o/alpha/projects/{project.pk}/stories/{story.pk}/",
        "/o/alpha/projects/stories/",
        f"/o/alpha/projects/stories/{story.pk}/",
    ]:
        assert outsider_client.get(url).status_code == 404, url


def test_a_partner_reads_published_stories_but_not_the_project_story_pages(project: Project, personas: Any) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory())
    services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role="partner")
    story = _published(project, personas)
    client = Client()
    client.force_login(partner.user)
    assert client.get("/o/alpha/projects/stories/").status_code == 200
    assert client.get(f"/o/alpha/projects/stories/{story.pk}/").status_code == 200
    assert client.get(f"/o/alpha/projects/{project.pk}/stories/").status_code == 403


# --- public pages --------------------------------------------------------------------------------


def test_the_public_pages_show_only_published_stories(project: Project, personas: Any) -> None:
    published = _published(project, personas, title="Published one")
    draft = _story(project, personas, title="Still a draft")
    waiting = stories.story_submit(actor=personas.lead.user, story=_story(project, personas, title="Waiting one"))
    client = Client()
    listing = client.get("/p/alpha/stories/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Published one" in text and "Still a draft" not in text and "Waiting one" not in text
    assert client.get(f"/p/alpha/stories/{published.pk}/").status_code == 200
    assert client.get(f"/p/alpha/stories/{draft.pk}/").status_code == 404
    assert client.get(f"/p/alpha/stories/{waiting.pk}/").status_code == 404
    assert client.get(f"/p/beta/stories/{published.pk}/").status_code == 404  # another organisation's slug
    assert client.get("/p/no-such-trust/stories/").status_code == 404
    stories.story_withdraw(actor=personas.lead.user, story=published)
    assert client.get(f"/p/alpha/stories/{published.pk}/").status_code == 404


def test_the_public_page_names_staff_only_when_the_lead_credits_the_team(project: Project, personas: Any) -> None:
    personas.lead.user.full_name = "Priya Lead"
    personas.lead.user.save()
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Pat Carer"))
    services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role="partner")
    quiet = _published(project, personas, title="Quiet")
    credited = _published(project, personas, title="Credited", credit_team=True)
    client = Client()
    assert "Priya Lead" not in client.get(f"/p/alpha/stories/{quiet.pk}/").content.decode()
    page = client.get(f"/p/alpha/stories/{credited.pk}/").content.decode()
    assert "Priya Lead" in page and "Pat Carer" not in page


def test_without_a_chart_the_public_page_shows_the_pdsa_cycles(project_with_aim: Project, personas: Any) -> None:
    services.pdsa_cycle_plan(
        actor=personas.lead.user,
        project=project_with_aim,
        objective="Cohort bay for three nights",
        question="Q",
        prediction="P",
        plan_when=future(-30),
    )
    story = _published(project_with_aim, personas)
    page = Client().get(f"/p/alpha/stories/{story.pk}/").content.decode()
    assert "PDSA 1: Cohort bay for three nights" in page
    assert "PDSA cycles over time" in page  # the SVG's title; the table is its text alternative
