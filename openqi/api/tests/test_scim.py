"""SCIM 2.0 provisioning (RFC 7643/7644) as Microsoft Entra ID drives it: discovery, users and
groups, filters and paging, PATCH in Entra's shapes, deactivation that ends the membership and
never deletes the person, SCIM error JSON, and the token's scope and organisation."""

import json
from typing import Any

import pytest
from django.test import Client

from openqi.accounts.models import User
from openqi.api.tests.conftest import issue_token
from openqi.audit.models import AuditEvent
from openqi.conftest import Personas
from openqi.organisations.models import Invitation, Membership, Team
from openqi.people.models import StaffRecord

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    def __init__(self, secret: str, org: str = "alpha") -> None:
        self.client = Client()
        self.base = f"/scim/v2/o/{org}"
        self.headers = {"Authorization": f"Bearer {secret}"}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/scim+json"}
        response = getattr(self.client, method)(self.base + path, **kwargs)
        response.data = json.loads(response.content) if response.content else None
        return response


@pytest.fixture
def scim(personas: Personas) -> Scim:
    _, secret = issue_token(personas.admin, role="org_admin", access="write", kind="service", scope="scim")
    return Scim(secret)


def new_user(user_name: str = "bjensen@alpha.nhs.uk", **extra: Any) -> dict[str, Any]:
    # RFC 7644 §3.3's example, with an NHS address.
    return {
        "schemas": [USER],
        "userName": user_name,
        "externalId": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


def test_discovery_documents_describe_the_server(scim: Scim) -> None:
    config = scim.call("get", "/ServiceProviderConfig")
    assert config.status_code == 200 and config["Content-Type"] == "application/scim+json"
    assert config.data["patch"]["supported"] is True and config.data["bulk"]["supported"] is False
    assert config.data["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim.call("get", "/ResourceTypes")
    assert {t["id"] for t in types.data["Resources"]} == {"User", "Group"}
    assert scim.call("get", "/ResourceTypes/User").data["endpoint"] == "/Users"
    schemas = scim.call("get", "/Schemas")
    assert schemas.data["totalResults"] == 3
    user_schema = scim.call("get", f"/Schemas/{USER}").data
    assert {"userName", "name", "emails", "active"} <= {a["name"] for a in user_schema["attributes"]}


def test_creating_a_user_invites_them_and_keeps_a_staff_record(scim: Scim, personas: Personas) -> None:
    response = scim.call("post", "/Users", new_user())
    assert response.status_code == 201
    assert response["Location"].endswith(f"/scim/v2/o/alpha/Users/{response.data['id']}")
    assert response.data["userName"] == "bjensen@alpha.nhs.uk" and response.data["active"] is True
    assert response.data["name"]["givenName"] == "Barbara" and response.data["externalId"] == "bjensen"
    record = StaffRecord.objects.get(pk=int(response.data["id"]))
    assert record.source == "scim" and record.organisation == personas.org_a
    invitation = Invitation.objects.pending().get(email="bjensen@alpha.nhs.uk")
    assert invitation.role == "staff" and invitation.organisation == personas.org_a
    assert AuditEvent.objects.filter(action="people.record_create").exists()
    again = scim.call("post", "/Users", new_user())
    assert again.status_code == 409 and again.data["scimType"] == "uniqueness"
    assert again.data["schemas"] == [ERROR] and again.data["status"] == "409"


def test_creating_a_user_who_is_already_a_member_links_them(scim: Scim, personas: Personas) -> None:
    response = scim.call("post", "/Users", new_user("member@alpha.nhs.uk"))
    assert response.status_code == 201
    assert StaffRecord.objects.get(pk=int(response.data["id"])).user == personas.member.user
    assert not Invitation.objects.filter(email="member@alpha.nhs.uk").exists()


def test_filter_by_username_and_paging(scim: Scim) -> None:
    for n in range(5):
        assert scim.call("post", "/Users", new_user(f"p{n}@alpha.nhs.uk", externalId=f"e{n}")).status_code == 201
    found = scim.call("get", '/Users?filter=userName eq "P3@alpha.nhs.uk"')
    assert found.status_code == 200 and found.data["totalResults"] == 1
    assert found.data["Resources"][0]["userName"] == "p3@alpha.nhs.uk"
    none = scim.call("get", '/Users?filter=userName eq "nobody@alpha.nhs.uk"')
    assert none.data["totalResults"] == 0 and none.data["Resources"] == []
    page = scim.call("get", "/Users?startIndex=2&count=2")
    assert page.data["totalResults"] == 5 and page.data["startIndex"] == 2 and page.data["itemsPerPage"] == 2
    assert [r["userName"] for r in page.data["Resources"]] == ["p1@alpha.nhs.uk", "p2@alpha.nhs.uk"]
    by_external = scim.call("get", '/Users?filter=externalId eq "e4"&attributes=userName')
    assert by_external.data["Resources"] == [
        {"schemas": [USER], "id": by_external.data["Resources"][0]["id"], "userName": "p4@alpha.nhs.uk"}
    ]
    bad = scim.call("get", '/Users?filter=title co "nurse"')
    assert bad.status_code == 400 and bad.data["scimType"] == "invalidFilter"


def test_entra_patch_active_false_ends_the_membership_and_keeps_the_person(scim: Scim, personas: Personas) -> None:
    user_id = scim.call("post", "/Users", new_user("member@alpha.nhs.uk")).data["id"]
    # Entra sends "Replace" with a capital, and has sent booleans as strings.
    body = {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    response = scim.call("patch", f"/Users/{user_id}", body)
    assert response.status_code == 200 and response.data["active"] is False
    assert not Membership.objects.filter(pk=personas.member.pk).exists()
    assert User.objects.filter(pk=personas.member.user_id).exists()
    assert scim.call("get", f"/Users/{user_id}").data["active"] is False
    back = {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]}
    assert scim.call("patch", f"/Users/{user_id}", back).data["active"] is True
    assert Invitation.objects.pending().filter(email="member@alpha.nhs.uk").exists()


def test_patch_replaces_attributes_by_path_and_refuses_unknown_ones(scim: Scim) -> None:
    user_id = scim.call("post", "/Users", new_user()).data["id"]
    body = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "replace", "path": "name.familyName", "value": "Jensen-Smith"},
            {"op": "Add", "path": "title", "value": "Ward Sister"},
            {
                "op": "replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                "value": "701984",
            },
        ],
    }
    data = scim.call("patch", f"/Users/{user_id}", body).data
    assert data["name"]["familyName"] == "Jensen-Smith" and data["title"] == "Ward Sister"
    assert data["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] == {"employeeNumber": "701984"}
    unknown = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "nickName", "value": "Babs"}]}
    refused = scim.call("patch", f"/Users/{user_id}", unknown)
    assert refused.status_code == 400 and refused.data["scimType"] == "invalidPath"


def test_put_replaces_the_user(scim: Scim) -> None:
    user_id = scim.call("post", "/Users", new_user()).data["id"]
    replaced = new_user(name={"givenName": "Babs", "familyName": "Jensen"}, title="Matron")
    data = scim.call("put", f"/Users/{user_id}", replaced).data
    assert data["name"]["givenName"] == "Babs" and data["title"] == "Matron"


def test_delete_deactivates_and_the_user_is_gone_from_scim_but_not_from_openqi(scim: Scim, personas: Personas) -> None:
    user_id = scim.call("post", "/Users", new_user("member@alpha.nhs.uk")).data["id"]
    assert scim.call("delete", f"/Users/{user_id}").status_code == 204
    gone = scim.call("get", f"/Users/{user_id}")
    assert gone.status_code == 404 and gone.data["schemas"] == [ERROR]
    assert not Membership.objects.filter(pk=personas.member.pk).exists()
    record = StaffRecord.objects.get(pk=int(user_id))
    assert record.active is False and User.objects.filter(email="member@alpha.nhs.uk").exists()
    # Provisioned again: the same record comes back.
    again = scim.call("post", "/Users", new_user("member@alpha.nhs.uk"))
    assert again.status_code == 201 and again.data["id"] == user_id and again.data["active"] is True


def test_groups_are_teams_and_entra_member_patches_move_people(scim: Scim, personas: Personas) -> None:
    user_id = scim.call("post", "/Users", new_user("member@alpha.nhs.uk")).data["id"]
    created = scim.call("post", "/Groups", {"schemas": [GROUP], "displayName": "Ward 10", "externalId": "g-10"})
    assert created.status_code == 201 and created.data["members"] == []
    group_id = created.data["id"]
    team = Team.objects.get(pk=int(group_id), organisation=personas.org_a)
    add = {"schemas": [PATCH], "Operations": [{"op": "Add", "path": "members", "value": [{"value": user_id}]}]}
    assert scim.call("patch", f"/Groups/{group_id}", add).status_code == 204
    personas.member.refresh_from_db()
    assert personas.member.team == team
    group = scim.call("get", f"/Groups/{group_id}").data
    assert [m["value"] for m in group["members"]] == [user_id] and group["externalId"] == "g-10"
    assert "members" not in scim.call("get", f"/Groups/{group_id}?excludedAttributes=members").data
    found = scim.call("get", '/Groups?filter=displayName eq "ward 10"&excludedAttributes=members')
    assert [g["id"] for g in found.data["Resources"]] == [group_id]
    remove = {"schemas": [PATCH], "Operations": [{"op": "Remove", "path": f'members[value eq "{user_id}"]'}]}
    assert scim.call("patch", f"/Groups/{group_id}", remove).status_code == 204
    personas.member.refresh_from_db()
    assert personas.member.team is None
    rename = {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "displayName", "value": "Ward 10 East"}]}
    scim.call("patch", f"/Groups/{group_id}", rename)
    team.refresh_from_db()
    assert team.name == "Ward 10 East"
    assert scim.call("post", "/Groups", {"schemas": [GROUP], "displayName": "ward 10 east"}).status_code == 409


def test_deleting_a_group_withdraws_the_team_and_keeps_it(scim: Scim, personas: Personas) -> None:
    group_id = scim.call("post", "/Groups", {"schemas": [GROUP], "displayName": "Theatres"}).data["id"]
    assert scim.call("delete", f"/Groups/{group_id}").status_code == 204
    assert scim.call("get", f"/Groups/{group_id}").status_code == 404
    assert Team.objects.filter(pk=int(group_id)).exists()


def test_a_member_that_is_not_a_user_here_is_refused(scim: Scim) -> None:
    group_id = scim.call("post", "/Groups", {"schemas": [GROUP], "displayName": "Theatres"}).data["id"]
    add = {"schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": [{"value": "999999"}]}]}
    refused = scim.call("patch", f"/Groups/{group_id}", add)
    assert refused.status_code == 400 and "999999" in refused.data["detail"]


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"schemas": [USER]}, "invalidValue"),
        ({"schemas": [USER], "userName": "not an email"}, "invalidValue"),
        ({"schemas": [USER], "userName": "a@alpha.nhs.uk", "active": "perhaps"}, "invalidValue"),
    ],
    ids=["no-username", "not-an-email", "bad-active"],
)
def test_bad_users_are_refused_with_scim_errors(scim: Scim, body: dict[str, Any], scim_type: str) -> None:
    response = scim.call("post", "/Users", body)
    assert response.status_code == 400 and response.data["scimType"] == scim_type
    assert StaffRecord.objects.count() == 0


def test_invalid_json_is_a_scim_error(scim: Scim) -> None:
    response = scim.client.post(
        scim.base + "/Users", data="{", content_type="application/scim+json", headers=scim.headers
    )
    assert response.status_code == 400 and json.loads(response.content)["scimType"] == "invalidSyntax"


def test_an_api_token_cannot_provision_and_a_scim_token_cannot_use_the_api(personas: Personas) -> None:
    _, api_secret = issue_token(personas.admin, role="org_admin", access="write", kind="service")
    refused = Scim(api_secret).call("get", "/Users")
    assert refused.status_code == 403 and refused.data["schemas"] == [ERROR]
    _, scim_secret = issue_token(personas.admin, role="org_admin", access="write", kind="service", scope="scim")
    api = Client().get("/api/v1/o/alpha/teams", headers={"Authorization": f"Bearer {scim_secret}"})
    assert api.status_code == 403


def test_another_organisations_scim_token_gets_nothing(personas: Personas, scim: Scim) -> None:
    scim.call("post", "/Users", new_user())
    _, secret = issue_token(personas.outsider, role="org_admin", access="write", kind="service", scope="scim")
    outsider = Scim(secret)
    listed = outsider.call("get", "/Users")
    assert listed.status_code == 404 and b"bjensen" not in listed.content
    own = Scim(secret, org="beta").call("get", "/Users")
    assert own.status_code == 200 and own.data["totalResults"] == 0


def test_a_scim_token_must_be_an_admins_service_token_that_can_write(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        issue_token(personas.admin, role="lead", access="read", kind="personal", scope="scim")
    assert set(error.value.message_dict) == {"kind", "role", "access"}


def test_a_demoted_issuer_stops_the_token(scim: Scim, personas: Personas) -> None:
    Membership.objects.filter(pk=personas.admin.pk).update(role="lead")
    response = scim.call("get", "/Users")
    assert response.status_code == 403 and "no longer an organisation admin" in response.data["detail"]
