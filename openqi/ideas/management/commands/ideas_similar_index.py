"""Build the similar-idea index files of every organisation and system (after a deploy, so no web
worker has to build one, and nightly after `ideas_embed`). See openqi/ideas/similar_cache.py."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from openqi.ideas.selectors import similar_indexes_prepare


class Command(BaseCommand):
    help = "Build or update the similar-idea index file of every organisation and system."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.IDEAS_SIMILAR_INDEX_DIR:
            self.stdout.write("IDEAS_SIMILAR_INDEX_DIR is empty: each process builds its own index; nothing to do.")
            return
        count = similar_indexes_prepare()
        self.stdout.write(self.style.SUCCESS(f"Prepared the similar-idea index of {count} scopes."))
