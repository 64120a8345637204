"""Reads for starting and spreading projects: similar projects ("has this been tried before?"),
projects whose change package may be adopted, where a project has spread to, suggested measures.

Similarity uses the shared, Django-free `openqi.core.similarity`. To stay fast on a large archive
the database first narrows the candidates to projects whose title or aim shares at least one
telling word with the text, newest first and capped at `CANDIDATE_CAP` per pool; TF-IDF then ranks
them in Python on title, problem and aim. Embeddings are not stored for projects: a project text is short and the lexical
score over a word-matched set is what the benchmark measures (see docs/projects.md).
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower
from django.http import Http404

from openqi.core.similarity import LexicalSimilarity, SimilarityModel, tokens
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.projects.access import project_queryset
from openqi.projects.models import PdsaStatus, Project, SuggestedMeasure, Visibility

CANDIDATE_CAP = 80  # per pool (this organisation, the rest of the ICS)
QUERY_WORDS = 5
# Lower than the ideas' 0.2: every candidate already shares a word with the text, so shared words
# are common within the set and weigh less in TF-IDF.
THRESHOLD = 0.15
# The cycles whose plans travel with a change package: what was kept, as it was or changed.
ADOPTED_CYCLES = (PdsaStatus.ADOPTED, PdsaStatus.ADAPTED)


def project_text(project: Project) -> str:
    """The text compared: the title twice (the most telling part), the problem and the aim."""
    return f"{project.title} {project.title} {project.problem} {project.aim_what} {project.aim_for_whom}"


def _telling_words(text: str) -> list[str]:
    # The words said most (a title counts twice), then the longer ones; stems match their longer
    # forms by substring ("fall" finds "falls").
    counts = Counter(w for w in tokens(text) if len(w) >= 4)
    return [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))][:QUERY_WORDS]


def _ics_public(organisation: Organisation) -> QuerySet[Project]:
    # The organisations as a list of ids, so the database reads them through the
    # (organisation, visibility) index instead of scanning every project.
    others = list(
        Organisation.objects.filter(system_id=organisation.system_id)
        .exclude(pk=organisation.pk)
        .values_list("pk", flat=True)
    )
    return Project.objects.filter(organisation_id__in=others, visibility=Visibility.PUBLIC)


@dataclass(frozen=True)
class SimilarProject:
    project: Project
    score: float
    own_organisation: bool  # False: a public summary from another organisation of the ICS


def project_similar(
    *,
    access: OrgAccess,
    user_id: int,
    text: str,
    exclude_id: int | None = None,
    limit: int = 5,
    model: SimilarityModel | None = None,
) -> list[SimilarProject]:
    """Projects like the text that this person may see: their organisation's, and public ones
    from the rest of the ICS (partners see only their own projects, so nothing from the ICS)."""
    words = _telling_words(text)
    if not words:
        return []
    matches_word = Q()
    for word in words:
        matches_word |= Q(haystack__contains=word)
    fields = ("pk", "organisation_id", "title", "problem", "aim_what", "aim_for_whom", "updated_at")
    pools: list[QuerySet[Project]] = [project_queryset(access=access, user_id=user_id)]
    if access.role != "partner":
        pools.append(_ics_public(access.organisation))
    candidates: list[Project] = []
    for pool in pools:
        # Title and aim only: they name the topic, and are short, so the scan stays cheap on a
        # large archive; the problem statement counts in the ranking below.
        matching = (
            pool.annotate(haystack=Lower(Concat("title", Value(" "), "aim_what", output_field=TextField())))
            .filter(matches_word)
            .exclude(pk=exclude_id or 0)
        )
        candidates += list(matching.only(*fields).order_by("-updated_at")[:CANDIDATE_CAP])
    ranked = (model or LexicalSimilarity(threshold=THRESHOLD)).rank(
        text, [(p.pk, project_text(p)) for p in candidates], limit=limit
    )
    # The keys come only from the scoped pools above.
    found = {
        p.pk: p for p in Project.objects.filter(pk__in=[m.key for m in ranked]).select_related("organisation", "team")
    }
    return [
        SimilarProject(found[m.key], m.score, found[m.key].organisation_id == access.organisation.pk)
        for m in ranked
        if m.key in found
    ]


def adoptable_project_get(*, access: OrgAccess, user_id: int, project_id: int) -> Project:
    """A project whose change package this person may adopt into their organisation: one they can
    see in it (not private), or a public project elsewhere in the ICS. Otherwise 404."""
    own = (
        project_queryset(access=access, user_id=user_id)
        .exclude(visibility=Visibility.PRIVATE)
        .filter(pk=project_id)
        .select_related("organisation", "team")
        .first()
    )
    if own is not None:
        return own
    if access.role == "partner":
        raise Http404("No such project.")
    public = _ics_public(access.organisation).filter(pk=project_id).select_related("organisation", "team").first()
    if public is None:
        raise Http404("No such project.")
    return public


@dataclass(frozen=True)
class Spread:
    """Where a project's change package went, as far as the viewer may know."""

    visible: list[Project]  # projects the viewer may open (their organisation) or see as summaries
    hidden: int  # adoptions the viewer may not see: counted, never named


def spread_list(*, access: OrgAccess, user_id: int, project: Project) -> Spread:
    adoptions = list(Project.objects.filter(adopted_from=project).values_list("pk", "organisation_id", "visibility"))
    if not adoptions:
        return Spread([], 0)
    ids = [pk for pk, _, _ in adoptions]
    own = set(project_queryset(access=access, user_id=user_id).filter(pk__in=ids).values_list("pk", flat=True))
    if access.role != "partner":
        own |= set(_ics_public(access.organisation).filter(pk__in=ids).values_list("pk", flat=True))
    visible = list(
        Project.objects.filter(pk__in=own)
        .select_related("organisation", "team")
        .order_by("organisation__name", "title")
    )
    return Spread(visible, len(adoptions) - len(visible))


def suggested_measures(*, project: Project) -> QuerySet[SuggestedMeasure]:
    return SuggestedMeasure.objects.filter(project=project, organisation=project.organisation)


def suggested_measure_get(*, project: Project, suggestion_id: int) -> SuggestedMeasure | None:
    return suggested_measures(project=project).filter(pk=suggestion_id).first()


def change_package_counts(*, project: Project) -> dict[str, int]:
    """What adopting the project copies, counted for the confirmation page."""
    return {
        "drivers": project.driver_nodes.filter(organisation=project.organisation, archived_at__isnull=True).count(),
        "measures": project.links.filter(organisation=project.organisation, kind="measure").count()
        + suggested_measures(project=project).count(),
        "cycles": project.pdsa_cycles.filter(organisation=project.organisation, status__in=ADOPTED_CYCLES).count(),
    }
