"""Selectors for the icon matrix: which measures (a team, type, project or saved selection), in
which order, and the selections and projects a person may choose from. Reads only; scoped to the
organisation and to what the person may see."""

import hashlib
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from openqi.measures import extensions
from openqi.measures.models import Measure, MeasureFollow, MeasureSet, Visibility
from openqi.measures.selectors.measures import measure_list, measure_list_of
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation

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


@dataclass(frozen=True)
class MatrixSummary:
    """The icon matrix in a sentence (issue 14): how many measures show each variation and
    assurance icon, for the measures this person may see (in `team_ids` when given)."""

    total: int
    variation: dict[str, int]  # icon code -> count ("" for no icon yet)
    assurance: dict[str, int]

    @property
    def concern(self) -> int:
        return self.variation.get("concern_high", 0) + self.variation.get("concern_low", 0)

    @property
    def improvement(self) -> int:
        return self.variation.get("improvement_high", 0) + self.variation.get("improvement_low", 0)

    @property
    def failing(self) -> int:
        return self.assurance.get("fail", 0)


def matrix_summary(*, access: OrgAccess, team_ids: list[int] | None = None) -> MatrixSummary:
    """One organisation's counts: `matrix_summaries` for that one reader's access."""
    return matrix_summaries(accesses=[access], team_ids=team_ids)[access.organisation.pk]


def matrix_summaries(*, accesses: list[OrgAccess], team_ids: list[int] | None = None) -> dict[int, MatrixSummary]:
    """Each organisation's icon counts, by organisation id (each read with its own access): two
    queries grouped by organisation, whatever the number of organisations and measures."""
    measures = measure_list_of(accesses=accesses)
    if team_ids is not None:
        measures = measures.filter(team_id__in=team_ids)
    variation: dict[int, dict[str, int]] = {}
    assurance: dict[int, dict[str, int]] = {}
    for field, into in (("variation_icon", variation), ("assurance_icon", assurance)):
        rows = measures.values_list("organisation_id", field).annotate(n=Count("pk"))
        for org_id, icon, n in rows.values_list("organisation_id", field, "n"):
            into.setdefault(org_id, {})[icon] = n
    found = {}
    for access in accesses:
        org_id = access.organisation.pk
        found[org_id] = MatrixSummary(
            total=sum(variation.get(org_id, {}).values()),
            variation=variation.get(org_id, {}),
            assurance=assurance.get(org_id, {}),
        )
    return found


@dataclass(frozen=True)
class PeerMeasure:
    organisation: str
    measure: str
    latest_value: float | None
    latest_period: object
    variation_icon: str


@dataclass(frozen=True)
class PeerGroup:
    """Measures of several organisations with the same operational definition (what is counted,
    numerator, denominator, unit and chart type, all alike), for benchmarking side by side."""

    key: str
    name: str
    unit: str
    improvement: str
    rows: list[PeerMeasure]


def _definition_key(values: dict[str, object]) -> str:
    parts = [str(values[f] or "").strip().lower() for f in PEER_FIELDS]
    return "|".join(parts)


PEER_FIELDS = ("what_counted", "numerator", "denominator", "unit", "chart_type")


def measure_peer_groups(*, organisations: list[Organisation], limit: int = 20) -> list[PeerGroup]:
    """Like measures across organisations of an ICS: only measures every member of their
    organisation may see (team-only measures stay inside), with a written definition, in at
    least two organisations. One query; largest groups first."""
    rows = (
        Measure.objects.filter(
            organisation__in=organisations, archived_at__isnull=True, visibility=Visibility.ORGANISATION
        )
        .exclude(what_counted="")
        .values(
            "organisation__name", "name", "latest_value", "latest_period", "variation_icon", "improvement", *PEER_FIELDS
        )
        .order_by("organisation__name", "name")
    )
    groups: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        groups.setdefault(_definition_key(row), []).append(row)
    found = []
    for key, members in groups.items():
        if len({m["organisation__name"] for m in members}) < 2:
            continue
        first = members[0]
        found.append(
            PeerGroup(
                key=hashlib.sha256(key.encode()).hexdigest()[:12],
                name=str(first["name"]),
                unit=str(first["unit"] or ""),
                improvement=str(first["improvement"]),
                rows=[
                    PeerMeasure(
                        organisation=str(m["organisation__name"]),
                        measure=str(m["name"]),
                        latest_value=m["latest_value"],  # type: ignore[arg-type]  # a FloatField value
                        latest_period=m["latest_period"],
                        variation_icon=str(m["variation_icon"] or ""),
                    )
                    for m in members
                ],
            )
        )
    found.sort(key=lambda g: (-len(g.rows), g.name))
    return found[:limit]
