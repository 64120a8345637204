"""Writes for measures: create, edit, archive, unarchive, copy; queueing the stored-icon refresh."""

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.concurrency import changes_for_audit, lock_for_edit, merge_edit
from openqi.measures.models import (
    SUBGROUP_CHARTS,
    ChartType,
    DataPoint,
    Measure,
)
from openqi.measures.tasks import measure_recompute, measure_recompute_many
from openqi.organisations.models import Organisation, Team

MEASURE_FIELDS = (
    "name",
    "measure_type",
    "team",
    "project_ref",
    "what_counted",
    "numerator",
    "denominator",
    "inclusions_exclusions",
    "data_source",
    "unit",
    "frequency",
    "chart_type",
    "rate_per",
    "improvement",
    "target",
    "target_from",
    "owner",
    "rules",
    "visibility",
)
# Changing these changes the chart, so the stored icons are recomputed.
_CHART_FIELDS = {"frequency", "chart_type", "rate_per", "improvement", "target", "target_from", "rules"}


RECOMPUTE_BATCH = 50  # measures per queued task when a write touched many (an import)


def measure_recompute_enqueue(*, measure_ids: Iterable[int]) -> None:
    """Queue the icon and summary refresh once the write has committed: one task for one measure,
    one task per 50 measures when there are many."""
    ids = sorted(set(measure_ids))
    if len(ids) == 1:
        transaction.on_commit(partial(measure_recompute.enqueue, ids[0]))
        return
    for start in range(0, len(ids), RECOMPUTE_BATCH):
        transaction.on_commit(partial(measure_recompute_many.enqueue, ids[start : start + RECOMPUTE_BATCH]))


def _check_scope(*, organisation: Organisation, values: Mapping[str, Any]) -> None:
    team = values.get("team")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation."})
    owner = values.get("owner")
    if owner is not None and not owner.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"owner": "Choose an owner who is a member of this organisation."})
    if values.get("visibility") == "team" and team is None:
        raise ValidationError({"visibility": "Choose a team, or let everyone in the organisation see the measure."})


@transaction.atomic
def measure_create(*, actor: User, organisation: Organisation, values: Mapping[str, Any]) -> Measure:
    _check_scope(organisation=organisation, values=values)
    fields = {k: v for k, v in values.items() if k in MEASURE_FIELDS}
    if fields.get("chart_type") != ChartType.U:
        fields["rate_per"] = 1
    measure = Measure.objects.create(organisation=organisation, created_by=actor, **fields)
    audit_log(actor=actor, action="measure.create", organisation=organisation, obj=measure)
    return measure


def _as_edited(measure: Measure, name: str) -> Any:
    # The form leaves "rate per" blank for charts other than U; the row holds 1.
    if name == "rate_per" and measure.chart_type != ChartType.U:
        return None
    return getattr(measure, name)


@transaction.atomic
def measure_update(
    *, actor: User, measure: Measure, values: Mapping[str, Any], base: Mapping[str, str] | None = None
) -> Measure:
    """Change a measure's definition. Only the fields this person changed are written (against
    `base`, the edit form's fingerprints, when given); an edit of the same field meanwhile is an
    EditConflict."""
    names = [key for key in values if key in MEASURE_FIELDS]
    lock_for_edit(measure, {*names, "chart_type", "rate_per", "archived_at"})
    if measure.is_archived:
        raise ValidationError("An archived measure cannot be changed.")
    current = {name: _as_edited(measure, name) for name in names}
    submitted = {name: values[name] for name in names}
    if "rate_per" in submitted and submitted.get("chart_type", measure.chart_type) != ChartType.U:
        submitted["rate_per"] = None  # not asked for this chart: blank, as the form shows it
    changed = merge_edit(current=current, submitted=submitted, base=base)
    merged = {**{name: getattr(measure, name) for name in names}, **changed}
    _check_scope(organisation=measure.organisation, values=merged)
    new_chart = merged.get("chart_type", measure.chart_type)
    if (new_chart in SUBGROUP_CHARTS) != measure.needs_subgroups and DataPoint.objects.filter(measure=measure).exists():
        raise ValidationError(
            {
                "chart_type": "This measure already has data of another shape. X-bar and S charts need several "
                "observations per date, the other charts one value: add a new measure instead"
            }
        )
    if not changed:
        return measure
    for key, value in changed.items():
        setattr(measure, key, value)
    if measure.chart_type != ChartType.U:
        measure.rate_per = 1
    measure.updated_at = timezone.now()
    # Only the edited fields: the stored icons belong to the recompute task and must not be
    # overwritten with whatever this (possibly stale) instance holds.
    measure.save(update_fields=[*changed, "rate_per", "updated_at"])
    audit_log(
        actor=actor,
        action="measure.update",
        organisation=measure.organisation,
        obj=measure,
        changes=changes_for_audit(current, changed),
    )
    if _CHART_FIELDS & changed.keys():
        measure_recompute_enqueue(measure_ids=[measure.pk])
    return measure


@transaction.atomic
def measure_archive(*, actor: User, measure: Measure) -> Measure:
    if measure.is_archived:
        raise ValidationError("This measure is already archived.")
    measure.archived_at = timezone.now()
    measure.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="measure.archive",
        organisation=measure.organisation,
        obj=measure,
        detail={"name": measure.name, "team": measure.team_id, "measure_type": measure.measure_type},
    )
    return measure


@transaction.atomic
def measure_unarchive(*, actor: User, measure: Measure) -> Measure:
    """Bring an archived measure back to the lists; its data never left."""
    if not measure.is_archived:
        raise ValidationError("This measure is not archived.")
    measure.archived_at = None
    measure.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="measure.unarchive",
        organisation=measure.organisation,
        obj=measure,
        detail={"name": measure.name},
    )
    measure_recompute_enqueue(measure_ids=[measure.pk])
    return measure


@transaction.atomic
def measure_copy(*, actor: User, measure: Measure, team: Team | None, name: str) -> Measure:
    """Spread: the same definition for another team, starting with no data."""
    if team is not None and team.organisation_id != measure.organisation_id:
        raise ValidationError({"team": "Choose a team in this organisation."})
    if team is not None and team.pk == measure.team_id:
        raise ValidationError({"team": "Choose a different team from the original measure's."})
    values = {k: getattr(measure, k) for k in MEASURE_FIELDS}
    values.update(team=team, name=name)
    copy = Measure.objects.create(organisation=measure.organisation, created_by=actor, **values)
    audit_log(
        actor=actor,
        action="measure.copy",
        organisation=measure.organisation,
        obj=copy,
        detail={"from_measure": measure.pk, "team": team.pk if team else None},
    )
    return copy
