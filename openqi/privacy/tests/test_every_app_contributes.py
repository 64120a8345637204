"""Each app's part: registered, and after its own erasure step nothing of the app points at the person."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

from openqi.core import personal_data
from openqi.privacy.tests.conftest import Person

# Third-party tables that point at a person; the accounts app's handler covers them.
THIRD_PARTY = {"admin", "account", "mfa", "socialaccount"}


def _user_links() -> dict[str, list[tuple[type, str]]]:
    """App label → (model, field name) for every column that points at a person."""
    links: dict[str, list[tuple[type, str]]] = {}
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                links.setdefault(model._meta.app_label, []).append((model, field.name))
    return links


def test_every_app_that_points_at_a_person_registers_a_handler() -> None:
    registered = {handler.app for handler in personal_data.handlers()}
    uncovered = set(_user_links()) - registered - THIRD_PARTY
    assert not uncovered, f"apps holding personal data without a privacy.py handler: {sorted(uncovered)}"
    assert {"checkins", "surveys"} <= registered  # anonymous apps still answer (their markers)


@pytest.mark.parametrize(
    "app", ["organisations", "audit", "notifications", "checkins", "surveys", "ideas", "measures", "projects"]
)
def test_each_apps_erasure_leaves_none_of_its_rows_pointing_at_the_person(person: Person, app: str) -> None:
    handler = next(h for h in personal_data.handlers() if h.app == app)
    before = handler.export(user=person.user)
    assert any(before.values())
    json.dumps(before, cls=DjangoJSONEncoder)
    counts = handler.erase(user=person.user, pseudonym="Former member test")
    assert sum(counts.values()) > 0
    for model, field in _user_links().get(app, []):
        assert not model._base_manager.filter(**{field: person.user}).exists(), f"{model.__name__}.{field}"
    after = handler.export(user=person.user)
    # Kept on purpose: audit events about the account (now under the pseudonym), and PDSA cycles,
    # which the audit trail (not the projects app) ties to the person until the audit step runs.
    kept = {"note", "events_about_your_account", "pdsa_cycles_written"}
    assert all(not value for key, value in after.items() if key not in kept)
    assert person.email not in json.dumps(after, cls=DjangoJSONEncoder)
