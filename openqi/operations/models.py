"""A live task worker says so here; a task whose worker has gone quiet is handed to another."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    # The id the worker claims tasks under (django-tasks-db appends it to a task's worker_ids).
    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-seen_at",)

    def __str__(self) -> str:
        return self.worker_id
