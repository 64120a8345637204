"""Every destructive action in the product asks first, on a page that works without JavaScript.

A destructive URL (its last part is remove, remove-last, delete, revoke or archive) must answer a
GET with its confirmation page; only a POST from that page acts. A view that accepted POST alone
(`require_POST`) would act on one click, so it answers GET with 405. Asked as an organisation admin
for objects that do not exist, a confirming view answers 404 (it looked for the object to ask
about), never 405. New destructive URLs are checked without anyone writing a test for them.
"""

import re
from typing import Any

import pytest
from django.test import Client

from openqi.core.tests.test_every_url_refuses_outsiders import _fill, _org_routes

DESTRUCTIVE = re.compile(r"/(remove|remove-last|delete|revoke|archive)/$")


def _destructive_routes() -> list[str]:
    return [r for r in _org_routes() if DESTRUCTIVE.search(r)]


def test_the_destructive_actions_are_found() -> None:
    # Driver boxes, project team, links, partners, suggested measures, involvement, causes, whys,
    # process steps, survey questions, kiosks, members, selections; projects, surveys and measures.
    assert len(_destructive_routes()) >= 16, _destructive_routes()


@pytest.mark.parametrize("route", _destructive_routes())
def test_a_destructive_url_answers_get_with_a_confirmation_not_405(
    route: str, personas: Any, admin_client_a: Client
) -> None:
    url = _fill(route, personas.org_a.slug).replace("/1/", "/999999/")
    response = admin_client_a.get(url)
    assert response.status_code != 405, f"GET {url} is refused: {route} acts on a POST without asking first"
