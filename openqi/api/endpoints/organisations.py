"""The token's organisation and its teams."""

from django.http import HttpRequest
from ninja import Router, Schema

from openqi.api.auth import principal_of
from openqi.api.params import OrgSlug
from openqi.organisations.selectors import team_list

router = Router(tags=["Organisation"])


class OrganisationOut(Schema):
    slug: str
    name: str
    ods_code: str
    system: str


class TeamOut(Schema):
    id: int
    name: str
    parent_id: int | None
    depth: int
    member_count: int


@router.get("", response=OrganisationOut, summary="The organisation")
def organisation_detail(request: HttpRequest, org_slug: OrgSlug) -> dict[str, object]:
    organisation = principal_of(request).organisation
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "ods_code": organisation.ods_code,
        "system": organisation.system.name,
    }


@router.get("/teams", response=list[TeamOut], summary="Teams, parents before children")
def team_index(request: HttpRequest, org_slug: OrgSlug) -> list[dict[str, object]]:
    organisation = principal_of(request).organisation
    return [
        {
            "id": team.pk,
            "name": team.name,
            "parent_id": team.parent_id,
            "depth": depth,
            "member_count": team.member_count,  # type: ignore[attr-defined]  # annotated by the selector
        }
        for team, depth in team_list(organisation=organisation)
    ]
