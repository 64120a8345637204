"""A bulk write may be larger than Django's 2.5 MB body limit, but only for a live token; anyone
else is refused before the body is read, and a body over the bulk limit gets 413 as a problem,
never a server error."""

import json
from typing import Any

from django.test import Client, override_settings

from openqi.api.tests.conftest import Issue
from openqi.measures.models import DataPoint
from openqi.measures.tests.conftest import make_measure


def _body(measure_id: int, count: int) -> str:
    return json.dumps(
        {
            "points": [
                {"measure_id": measure_id, "period": f"2025-01-{day:02d}", "value": day} for day in range(1, count + 1)
            ]
        }
    )


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=500, API_BULK_MAX_BYTES=5_000)
def test_a_live_token_may_send_a_bulk_body_over_djangos_limit(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a, frequency="daily")
    body = _body(measure.pk, 20)
    assert 500 < len(body) < 5_000
    secret = issue(personas.lead, role="lead", access="write")
    response = Client().post(
        "/api/v1/o/alpha/measures/data",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.content
    assert DataPoint.objects.count() == 20


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=500, API_BULK_MAX_BYTES=5_000)
def test_without_a_live_token_it_is_refused_and_over_the_bulk_limit_it_is_413(personas: Any, issue: Issue) -> None:
    measure = make_measure(personas.org_a, frequency="daily")
    no_token = Client().post(
        "/api/v1/o/alpha/measures/data", data=_body(measure.pk, 20), content_type="application/json"
    )
    assert no_token.status_code == 401 and no_token["Content-Type"] == "application/problem+json"
    secret = issue(personas.lead, role="lead", access="write")
    big = _body(measure.pk, 28) * 5
    assert len(big) > 5_000
    too_big = Client().post(
        "/api/v1/o/alpha/measures/data",
        data=big,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert too_big.status_code == 413 and too_big.json()["status"] == 413
    assert not DataPoint.objects.exists()
