"""Demo ideas: a believable spread, safe to load again."""

from typing import Any

from django.core.management import call_command
from django.test import override_settings

from openqi.demo.ideas import DEMO_FOLLOW_UP_CODE
from openqi.ideas.models import Campaign, Idea, Identity, Status
from openqi.ideas.selectors import idea_follow_up_find, idea_similar
from openqi.organisations.models import Organisation


@override_settings(DEMO_MODE=True)
def test_seed_demo_adds_ideas_once_across_statuses_with_answers(db: Any) -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    northfield = Organisation.objects.get(slug="northfield")
    riverside = Organisation.objects.get(slug="riverside")
    assert Idea.objects.filter(organisation=northfield).count() == 60
    assert Idea.objects.filter(organisation=riverside).count() == 20
    statuses = set(Idea.objects.filter(organisation=northfield).values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.ACCEPTED, Status.IMPLEMENTED, Status.NOT_TAKEN_FORWARD} <= statuses
    assert Idea.objects.filter(organisation=northfield).exclude(public_answer="").count() >= 5
    anonymous = Idea.objects.filter(identity=Identity.ANONYMOUS)
    assert anonymous.exists()
    assert not anonymous.filter(submitted_by__isnull=False).exists()
    assert not anonymous.filter(submitted_at__isnull=False).exists()
    assert idea_follow_up_find(organisation=northfield, code=DEMO_FOLLOW_UP_CODE) is not None
    assert Campaign.objects.get(organisation=northfield).ideas.count() == 6
    clocks = idea_similar(organisation=northfield, text="clock in the side rooms")
    assert len(clocks) >= 2


def test_demo_idea_titles_are_unique_and_never_nest_brackets(personas: Any) -> None:
    import re

    from openqi.demo.ideas import IDEAS, seed_ideas
    from openqi.organisations.models import Team

    ward = Team.objects.create(organisation=personas.org_a, name="Ward 7 (Acute Medicine)")
    seed_ideas(
        organisation=personas.org_a,
        count=len(IDEAS) * 3,
        people=[personas.member.user],
        triager=personas.lead.user,
        teams=[ward],
        seed=7,
    )
    titles = list(Idea.objects.filter(organisation=personas.org_a).values_list("title", flat=True))
    assert len(titles) == len(IDEAS) * 3
    assert len(set(titles)) == len(titles)
    assert not [t for t in titles if re.search(r"\([^)]*\(", t)]
    assert "Put a clock in every side room – Ward 7 (Acute Medicine)" in titles
