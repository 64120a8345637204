"""The demo seeded once for a whole test module, for modules whose every test reads the same demo.

Seeding the demo costs several CPU seconds; a module of six tests that each seeded it first spent
most of its time there (docs/testing.md). Here the demo is seeded once, inside a transaction that
is rolled back when the module ends, and every test runs in a savepoint inside it (pytest-django's
`db`), so what one test changes the next never sees and nothing outlives the module.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_seeded_for_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # As inside a test (openqi/conftest.py): on_commit callbacks run at once.
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
                call_command("seed_demo", "--force", stdout=None)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
