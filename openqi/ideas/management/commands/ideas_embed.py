"""Store sentence vectors for ideas that have none (run nightly, and after changing the model)."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.ideas.tasks import idea_embeddings_backfill


class Command(BaseCommand):
    help = "Compute and store similar-idea vectors for every idea that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        count = idea_embeddings_backfill.call()
        self.stdout.write(self.style.SUCCESS(f"Stored vectors for {count} idea{'s' if count != 1 else ''}."))
