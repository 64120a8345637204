"""Selectors for the icon matrix: which measures (a team, type, project or saved selection), in
which order, and the selections and projects a person may choose from. Reads only; scoped to the
organisation and to what the person may see."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from openqi.measures import extensions
from openqi.measures.models import Measure, MeasureFollow, MeasureSet
from openqi.measures.selectors.measures import measure_list
from openqi.organisations.access import OrgAccess

# Most urgent first when sorted ascending: concern, then neutral special cause, then improvement.
_VARIATION_RANK = {
    "concern_high": 0,
    "concern_low": 0,
    "neutral_high": 1,
    "neutral_low": 1,
    "improvement_high": 2,
    "improvement_low": 2,
    "common_cause": 3,
}
_ASSURANCE_RANK = {"fail": 0, "hit_and_miss": 1, "pass": 2}

SORTS: dict[str, str] = {
    "name": "Measure",
    "latest": "Latest",
    "variation": "Variation",
    "assurance": "Assurance",
}


def _rank(field: str, ranks: dict[str, int]) -> Case:
    return Case(
        *(When(**{field: code}, then=Value(rank)) for code, rank in ranks.items()),
        default=Value(len(set(ranks.values()))),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class MatrixQuery:
    team_id: int | None = None
    measure_type: str = ""
    variation_icon: str = ""
    assurance_icon: str = ""
    project_id: int | None = None
    set_id: int | None = None
    sort: str = "name"
    descending: bool = False


def matrix_measures(*, access: OrgAccess, user_id: int, query: MatrixQuery) -> QuerySet[Measure]:
    measures = measure_list(
        organisation=access.organisation,
        access=access,
        team_id=query.team_id,
        measure_type=query.measure_type,
        variation_icon=query.variation_icon,
    )
    if query.assurance_icon:
        measures = measures.filter(assurance_icon=query.assurance_icon)
    if query.project_id is not None:
        project_filter = extensions.project_filter()
        measures = (
            measures.filter(
                pk__in=project_filter.measure_ids(access=access, user_id=user_id, project_id=query.project_id)
            )
            if project_filter
            else measures.none()
        )
    if query.set_id is not None:
        selection = measure_set_get(access=access, user_id=user_id, set_id=query.set_id)
        measures = measures.filter(pk__in=selection.measures.values("pk")) if selection else measures.none()
    key: F | Case
    if query.sort == "variation":
        key = _rank("variation_icon", _VARIATION_RANK)
    elif query.sort == "assurance":
        key = _rank("assurance_icon", _ASSURANCE_RANK)
    else:
        key = F("latest_value" if query.sort == "latest" else "name")
    ordered = key.desc(nulls_last=True) if query.descending else key.asc(nulls_last=True)
    return measures.order_by(ordered, "name", "pk")


def project_choices(*, access: OrgAccess, user_id: int) -> list[tuple[str, str]]:
    """Projects this person may see that link at least one measure (none if no app registered a
    project filter in `measures.extensions`)."""
    project_filter = extensions.project_filter()
    return project_filter.choices(access=access, user_id=user_id) if project_filter else []


def measure_set_list(*, access: OrgAccess, user_id: int) -> QuerySet[MeasureSet]:
    """Shared selections of the organisation and this person's own."""
    return MeasureSet.objects.filter(
        Q(shared=True) | Q(created_by_id=user_id), organisation=access.organisation
    ).select_related("created_by")


def measure_set_get(*, access: OrgAccess, user_id: int, set_id: int) -> MeasureSet | None:
    return measure_set_list(access=access, user_id=user_id).filter(pk=set_id).first()


def measure_is_followed(*, measure: Measure, user_id: int) -> bool:
    return MeasureFollow.objects.filter(measure=measure, user_id=user_id).exists()


def measure_follower_count(*, measure: Measure) -> int:
    return MeasureFollow.objects.filter(measure=measure).count()
