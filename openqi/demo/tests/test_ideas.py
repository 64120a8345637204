"""Demo ideas: a believable spread, safe to load again."""

from typing import Any

from openqi.ideas.models import Idea


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
