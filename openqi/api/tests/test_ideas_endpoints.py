"""Ideas through the API: the web app's anonymity rules, filters, pagination, ETags, and sharing."""

from typing import Any

from openqi.api.tests.conftest import ApiClient, Issue
from openqi.ideas.models import Idea
from openqi.ideas.tests.helpers import share


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_who_shared_an_idea_follows_the_web_apps_rules(personas: Any, issue: Issue) -> None:
    share(personas.member, identity="anonymous", title="Anonymous one")
    share(personas.member, identity="qi_team", title="Named to the QI team")
    share(personas.member, identity="named", title="Named")
    staff = ApiClient(issue(personas.lead, role="staff")).get("/o/alpha/ideas").json()["items"]
    coach = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/ideas").json()["items"]
    as_staff = {i["title"]: i["submitter"] for i in staff}
    as_coach = {i["title"]: i["submitter"] for i in coach}
    name = personas.member.user.display_name
    assert as_staff == {
        "Anonymous one": "Anonymous",
        "Named to the QI team": "Name shared with the QI team",
        "Named": name,
    }
    assert as_coach["Anonymous one"] == "Anonymous"
    assert as_coach["Named to the QI team"].startswith(name)
    assert all("email" not in item and "submitted_by" not in item for item in staff)


def test_ideas_filter_by_status_and_words(personas: Any, issue: Issue) -> None:
    share(personas.member, title="Clocks in side rooms")
    share(personas.member, title="Quieter bins")
    client = ApiClient(issue(personas.member))
    assert _titles(client.get("/o/alpha/ideas?q=bins")) == ["Quieter bins"]
    assert _titles(client.get("/o/alpha/ideas?status=implemented")) == []
    bad = client.get("/o/alpha/ideas?status=nonsense")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"


def test_lists_are_paginated_with_links(personas: Any, issue: Issue) -> None:
    for n in range(5):
        share(personas.member, title=f"Idea {n}")
    client = ApiClient(issue(personas.member))
    first = client.get("/o/alpha/ideas?limit=2").json()
    assert first["count"] == 5 and len(first["items"]) == 2 and first["previous"] is None
    second = client.get(first["next"].removeprefix("/api/v1")).json()
    assert second["offset"] == 2 and second["previous"] is not None
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get("/o/alpha/ideas?limit=0").status_code == 422
    assert client.get("/o/alpha/ideas?limit=501").status_code == 422


def test_an_unchanged_list_answers_304_to_its_etag(personas: Any, issue: Issue) -> None:
    share(personas.member, title="Clocks")
    client = ApiClient(issue(personas.member))
    first = client.get("/o/alpha/ideas")
    etag = first["ETag"]
    again = client.get("/o/alpha/ideas", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    share(personas.member, title="Bins")
    changed = client.get("/o/alpha/ideas", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_one_idea_and_another_organisations_idea(personas: Any, issue: Issue) -> None:
    idea, _ = share(personas.member, title="Clocks")
    theirs, _ = share(personas.outsider, title="Beta's idea")
    client = ApiClient(issue(personas.member))
    assert client.get(f"/o/alpha/ideas/{idea.pk}").json()["title"] == "Clocks"
    assert client.get(f"/o/alpha/ideas/{theirs.pk}").status_code == 404


def test_you_said_we_did_lists_answered_ideas_only(personas: Any, issue: Issue) -> None:
    answered, _ = share(personas.member, title="Answered")
    share(personas.member, title="Waiting")
    Idea.objects.filter(pk=answered.pk).update(public_answer="We fitted clocks.", status="implemented")
    body = ApiClient(issue(personas.member)).get("/o/alpha/ideas/you-said-we-did").json()
    assert [(i["title"], i["public_answer"]) for i in body["items"]] == [("Answered", "We fitted clocks.")]


def test_a_write_token_shares_a_named_idea(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member, access="write"))
    body = {
        "title": "Clocks",
        "problem": "People lose track of time.",
        "suggestion": "Fit clocks.",
        "identity": "named",
        "domains": ["safe"],
        "team_id": personas.member.team_id,
    }
    response = client.post("/o/alpha/ideas", body)
    assert response.status_code == 201, response.content
    idea = Idea.objects.get(pk=response.json()["id"])
    assert idea.submitted_by == personas.member.user and idea.team_id == personas.member.team_id
    assert response.json()["submitter"].startswith("You")


def test_anonymous_ideas_are_refused_through_the_api(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member, access="write"))
    body = {"title": "T", "problem": "P", "suggestion": "S", "identity": "anonymous"}
    response = client.post("/o/alpha/ideas", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "identity"
    assert not Idea.objects.exists()


def test_bad_idea_input_names_each_field_and_saves_nothing(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member, access="write"))
    response = client.post(
        "/o/alpha/ideas",
        {"title": "", "problem": "P", "suggestion": "S", "identity": "named", "team_id": 999999},
    )
    assert response.status_code == 422
    assert "title" in {e["field"] for e in response.json()["errors"]}
    other_team = client.post(
        "/o/alpha/ideas", {"title": "T", "problem": "P", "suggestion": "S", "identity": "named", "team_id": 999999}
    )
    assert [e["field"] for e in other_team.json()["errors"]] == ["team_id"]
    nhs_number = client.post(
        "/o/alpha/ideas", {"title": "T", "problem": "Patient 943 476 5919 fell", "suggestion": "S", "identity": "named"}
    )
    assert [e["field"] for e in nhs_number.json()["errors"]] == ["problem"]
    assert not Idea.objects.exists()


def test_a_retry_with_the_same_idempotency_key_makes_one_idea_and_is_sent_to_it(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member, access="write"))
    body = {
        "title": "Clocks",
        "problem": "People lose track of time.",
        "suggestion": "Fit clocks.",
        "identity": "named",
    }
    first = client.post("/o/alpha/ideas", body, **{"Idempotency-Key": "7f1c2a9e-retry"})
    assert first.status_code == 201, first.content
    again = client.post("/o/alpha/ideas", body, **{"Idempotency-Key": "7f1c2a9e-retry"})
    assert again.status_code == 303
    assert again["Location"] == f"/api/v1/o/alpha/ideas/{first.json()['id']}"
    assert again["Idempotent-Replayed"] == "true"
    assert client.get(again["Location"].removeprefix("/api/v1")).json()["title"] == "Clocks"
    assert Idea.objects.count() == 1
    # Another key (or none) is another idea; a key is the token's own, so another token's same key is too.
    assert client.post("/o/alpha/ideas", body, **{"Idempotency-Key": "another"}).status_code == 201
    assert client.post("/o/alpha/ideas", body).status_code == 201
    other = ApiClient(issue(personas.lead, access="write"))
    assert other.post("/o/alpha/ideas", body, **{"Idempotency-Key": "7f1c2a9e-retry"}).status_code == 201
    assert Idea.objects.count() == 4


def test_a_malformed_idempotency_key_is_refused_and_saves_nothing(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member, access="write"))
    body = {"title": "Clocks", "problem": "P", "suggestion": "S", "identity": "named"}
    response = client.post("/o/alpha/ideas", body, **{"Idempotency-Key": "x" * 256})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Idea.objects.exists()
