"""An append-only record of writes and security events."""

import re
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise PermissionError("Audit events are append-only.")

    def pseudonymise(self, *, actor_id: int, identifiers: list[str], pseudonym: str) -> int:
        """The one rewrite the audit trail allows. Erasing a person (UK GDPR, `openqi.privacy`,
        which audits that it did) keeps every event but replaces who they were: rows they acted
        in lose the link to their account and carry `pseudonym` as the actor's label, and their
        email or name (`identifiers`) is replaced by `pseudonym` wherever a label or detail holds
        it. The same pseudonym throughout, so the trail still shows one person's actions together.
        Returns the number of rows rewritten."""
        names = [i for i in identifiers if i]
        if not names:
            return 0
        pattern = re.compile("|".join(re.escape(i) for i in sorted(names, key=len, reverse=True)), re.IGNORECASE)
        mentions = models.Q(actor_id=actor_id)
        for name in names:
            mentions |= models.Q(actor_label__iexact=name) | models.Q(object_label__icontains=name)
            mentions |= models.Q(detail_text__icontains=name)
        rows = self.annotate(detail_text=Cast("detail", models.TextField())).filter(mentions)
        changed = 0
        for event in rows.iterator():
            values: dict[str, Any] = {
                "actor_label": pattern.sub(pseudonym, event.actor_label),
                "object_label": pattern.sub(pseudonym, event.object_label),
                "detail": _replace_in(event.detail, pattern, pseudonym),
            }
            if event.actor_id == actor_id:
                values.update(actor=None, actor_label=pseudonym)
            models.QuerySet.update(self.model._base_manager.filter(pk=event.pk), **values)
            changed += 1
        return changed


def _replace_in(value: Any, pattern: "re.Pattern[str]", pseudonym: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(pseudonym, value)
    if isinstance(value, list):
        return [_replace_in(item, pattern, pseudonym) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, pattern, pseudonym) for key, item in value.items()}
    return value


class AuditEvent(models.Model):
    # PROTECT, not SET_NULL: deleting an account would otherwise rewrite these rows behind the
    # append-only rule and leave the person's email in `actor_label`. A person leaves through the
    # erasure in `openqi.privacy`, which pseudonymises their rows first.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the record survives the actor's account being removed.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=254, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes: ClassVar = [models.Index(fields=("organisation", "-created_at"))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only.")
