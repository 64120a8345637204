"""The signed-out home page is a front door for patients and the public: share an idea, follow it
up by code, "you said, we did" and published stories, for the organisation they choose."""

from typing import Any

import pytest
from django.test import Client

from openqi.ideas import services
from openqi.ideas.models import Idea, Moderation, Source, Status
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


def test_the_front_door_asks_which_organisation_then_links_every_public_page(personas: Any) -> None:
    client = Client()
    page = client.get("/").content.decode()
    assert "Patients, carers and the public" in page
    assert 'name="organisation"' in page
    assert '<option value="alpha">Alpha Hospitals NHS Trust</option>' in page
    chosen = client.get("/?organisation=alpha").content.decode()
    for href in ("/p/alpha/", "/p/alpha/follow-up/", "/p/alpha/you-said-we-did/", "/p/alpha/stories/"):
        assert f'href="{href}"' in chosen, href
        assert client.get(href).status_code == 200, href
    assert "Sign in to OpenQI" in chosen


def test_an_unknown_organisation_shows_the_choice_again(personas: Any) -> None:
    page = Client().get("/?organisation=nowhere").content.decode()
    assert 'name="organisation"' in page
    assert "/p/nowhere/" not in page


def test_the_public_you_said_we_did_shows_answers_to_public_ideas_only(personas: Any) -> None:
    public = services.idea_public_submit(
        organisation=personas.org_a, title="Benches by the bus stop", problem="Long waits", suggestion="Benches"
    )[0]
    Idea.objects.filter(pk=public.pk).update(moderation=Moderation.APPROVED)
    public.refresh_from_db()
    assert public.source == Source.PUBLIC
    services.idea_change_status(actor=personas.lead.user, idea=public, status=Status.NOT_TAKEN_FORWARD, message="No")
    services.idea_answer(actor=personas.lead.user, idea=public, answer="The council owns the pavement; we asked them")
    staff_idea, _ = share(personas.member, title="Staff rota swap board")
    services.idea_change_status(
        actor=personas.lead.user, idea=staff_idea, status=Status.NOT_TAKEN_FORWARD, message="No"
    )
    services.idea_answer(actor=personas.lead.user, idea=staff_idea, answer="Internal answer for colleagues")
    page = Client().get("/p/alpha/you-said-we-did/").content.decode()
    assert "Benches by the bus stop" in page
    assert "we asked them" in page
    assert "Staff rota swap board" not in page
    assert "Internal answer for colleagues" not in page
