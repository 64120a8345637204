"""Following a measure (for its alerts) and saved selections of measures for the icon matrix."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.models import Measure, MeasureFollow, MeasureSet
from openqi.organisations.models import Organisation

MAX_SET_SIZE = 500


@transaction.atomic
def measure_follow(*, actor: User, measure: Measure) -> MeasureFollow:
    follow, created = MeasureFollow.objects.get_or_create(
        measure=measure, user=actor, defaults={"organisation_id": measure.organisation_id}
    )
    if created:
        audit_log(actor=actor, action="measure.follow", organisation=measure.organisation, obj=measure)
    return follow


@transaction.atomic
def measure_unfollow(*, actor: User, measure: Measure) -> None:
    deleted, _ = MeasureFollow.objects.filter(measure=measure, user=actor).delete()
    if deleted:
        audit_log(actor=actor, action="measure.unfollow", organisation=measure.organisation, obj=measure)


def _clean_set(*, organisation: Organisation, name: str, measures: Iterable[Measure]) -> tuple[str, list[Measure]]:
    name = name.strip()
    chosen = list({m.pk: m for m in measures}.values())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the selection"
    if not chosen:
        errors["measures"] = "Choose at least one measure"
    elif len(chosen) > MAX_SET_SIZE:
        errors["measures"] = f"Choose {MAX_SET_SIZE} measures or fewer"
    elif any(m.organisation_id != organisation.pk for m in chosen):
        errors["measures"] = "Choose measures of this organisation"
    if errors:
        raise ValidationError(errors)
    return name, chosen


def _save(selection: MeasureSet) -> None:
    try:
        with transaction.atomic():
            selection.save()
    except IntegrityError as error:
        raise ValidationError({"name": "A selection with this name already exists: choose another name"}) from error


@transaction.atomic
def measure_set_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    description: str,
    shared: bool,
    measures: Iterable[Measure],
) -> MeasureSet:
    name, chosen = _clean_set(organisation=organisation, name=name, measures=measures)
    selection = MeasureSet(
        organisation=organisation, name=name, description=description.strip(), shared=shared, created_by=actor
    )
    _save(selection)
    selection.measures.set(chosen)
    audit_log(
        actor=actor,
        action="measure_set.create",
        organisation=organisation,
        obj=selection,
        detail={"measures": len(chosen), "shared": shared},
    )
    return selection


def _check_owner(actor: User, selection: MeasureSet, *, can_manage_shared: bool) -> None:
    if selection.created_by_id != actor.pk and not (selection.shared and can_manage_shared):
        raise PermissionDenied("Only the person who saved this selection, or a lead, can change it")


@transaction.atomic
def measure_set_update(
    *,
    actor: User,
    selection: MeasureSet,
    name: str,
    description: str,
    shared: bool,
    measures: Iterable[Measure],
    can_manage_shared: bool = False,
) -> MeasureSet:
    _check_owner(actor, selection, can_manage_shared=can_manage_shared)
    name, chosen = _clean_set(organisation=selection.organisation, name=name, measures=measures)
    selection.name, selection.description, selection.shared = name, description.strip(), shared
    selection.updated_at = timezone.now()
    _save(selection)
    selection.measures.set(chosen)
    audit_log(
        actor=actor,
        action="measure_set.update",
        organisation=selection.organisation,
        obj=selection,
        detail={"measures": len(chosen), "shared": shared},
    )
    return selection


@transaction.atomic
def measure_set_delete(*, actor: User, selection: MeasureSet, can_manage_shared: bool = False) -> None:
    _check_owner(actor, selection, can_manage_shared=can_manage_shared)
    audit_log(
        actor=actor,
        action="measure_set.delete",
        organisation=selection.organisation,
        obj=selection,
        detail={
            "name": selection.name,
            "description": selection.description,
            "shared": selection.shared,
            "measures": sorted(selection.measures.values_list("pk", flat=True)),
            "created_by": selection.created_by_id,
        },
    )
    selection.delete()
