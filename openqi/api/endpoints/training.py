"""Training records: who completed which QI course at which capability level, and when (read
through the training selectors; leads and above, as the web app's capability export)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from openqi.api.auth import principal_of
from openqi.api.pagination import PageMeta, PageParams, paginate
from openqi.api.params import OrgSlug
from openqi.organisations.models import Role
from openqi.training.models import TrainingRecord
from openqi.training.selectors import person_record, record_list

router = Router(tags=["Training"])
# As the web app: the organisation's records (and their export) are for leads and above.
RECORDS_ROLE = Role.LEAD


class RecordOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    team_id: int | None
    course: str
    level: str
    level_rank: int
    completed_on: datetime.date
    source: str


class RecordPage(PageMeta):
    items: list[RecordOut]


def record_out(record: TrainingRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "user_id": record.user_id,
        "name": record.user.display_name,
        "email": record.user.email,
        "team_id": record.team_id,
        "course": record.course.title,
        "level": record.level.name,
        "level_rank": record.level.rank,
        "completed_on": record.completed_on,
        "source": record.source,
    }


@router.get("/records", response=RecordPage, summary="Training completions in the organisation (leads)")
def record_index(request: HttpRequest, org_slug: OrgSlug, page: Query[PageParams]) -> dict[str, Any]:
    """Newest completion first: the rows of the capability export."""
    organisation = principal_of(request, RECORDS_ROLE).organisation
    return paginate(request, record_list(organisation=organisation), page, record_out)


@router.get("/records/mine", response=list[RecordOut], summary="The token's person's own training completions")
def record_mine(request: HttpRequest, org_slug: OrgSlug) -> list[dict[str, Any]]:
    principal = principal_of(request)
    mine = person_record(organisation=principal.organisation, user=principal.user)
    return [record_out(record) for record in mine.records]
