"""Writes for the resources library: add a resource (a checked file or a link), remove one."""

from typing import IO, Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from openqi.audit.services import audit_log
from openqi.network.models import Event
from openqi.network.resources.files import check_upload, safe_download_name
from openqi.network.resources.models import Audience, Level, Method, Resource, ResourceKind, Visibility
from openqi.organisations.models import System


def _search_vector_write(resource_ids: list[int]) -> None:
    """The stored full-text vector (PostgreSQL only): title weighs more than summary and file name."""
    if connection.vendor != "postgresql" or not resource_ids:
        return
    Resource.objects.filter(pk__in=resource_ids).update(
        search=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("file_name", weight="C", config="english")
    )


def resource_create(
    *,
    actor: Any,
    system: System,
    title: str,
    summary: str,
    kind: str,
    methods: list[str],
    audiences: list[str],
    level: str,
    visibility: str,
    link: str = "",
    upload: IO[bytes] | None = None,
    upload_name: str = "",
    upload_size: int = 0,
    event: Event | None = None,
) -> Resource:
    """Add a resource. The file's content is checked before anything is saved; a refusal saves
    neither a row nor a file."""
    errors: dict[str, str] = {}
    if (upload is None) == (not link):
        errors["file"] = (
            "Choose a file to upload or enter a link, not both" if upload else "Choose a file or enter a link"
        )
    if event is not None and event.system_id != system.pk:
        errors["event"] = "Choose an event of this network"
    if visibility == Visibility.BOOKED and event is None:
        errors["visibility"] = "Choose the event, or let everyone or all members see it"
    if kind not in ResourceKind.values or level not in Level.values or visibility not in Visibility.values:
        errors["kind"] = "Choose the kind, level and who may see it"
    if set(methods) - set(Method.values) or set(audiences) - set(Audience.values):
        errors["methods"] = "Choose methods and audiences from the lists"
    if errors:
        raise ValidationError(errors)
    checked = check_upload(upload, name=upload_name, size=upload_size) if upload is not None else None

    resource = Resource(
        system=system,
        title=title.strip(),
        summary=summary.strip(),
        kind=kind,
        methods=sorted(set(methods)),
        audiences=sorted(set(audiences)),
        level=level,
        visibility=visibility,
        link=link if checked is None else "",
        event=event,
        uploaded_by=actor,
    )
    if checked is not None and upload is not None:
        resource.file_name = safe_download_name(upload_name, checked.extension)
        resource.content_type = checked.content_type
        resource.size = upload_size
        upload.seek(0)
        resource.file.save(resource.file_name, upload, save=False)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            resource.save()
            _search_vector_write([resource.pk])
            audit_log(
                actor=actor,
                action="network.resource_create",
                obj=resource,
                detail={"title": resource.title, "file": resource.file_name, "size": resource.size},
            )
    except BaseException:
        if resource.file:
            resource.file.delete(save=False)  # the row was not kept, so neither is its file
        raise
    return resource


@transaction.atomic
def resource_delete(*, actor: Any, resource: Resource) -> None:
    stored = resource.file.name if resource.file else ""
    storage = resource.file.storage
    audit_log(actor=actor, action="network.resource_delete", obj=resource, detail={"title": resource.title})
    resource.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
