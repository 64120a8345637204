"""Schemathesis against /api/v1/ (issue 20): every operation of the OpenAPI document, called with a
valid write token of an organisation admin, answers as the document says. The checks are
Schemathesis's defaults: no server error, every status documented, every body and content type as
documented, schema-valid requests accepted and schema-violating ones refused.

Deterministic, so CI never flakes and pytest-xdist workers collect the same tests: a fixed seed,
derandomised generation, no example database, and one test per operation named by its method and
path. Bounded (MAX_EXAMPLES per operation and phase) to keep `make test` quick on two cores.
"""

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from openqi.api.tests.conftest import issue_token
from openqi.measures.tests.conftest import add_points, make_measure

pytestmark = pytest.mark.usefixtures("wsgi_in_test_transaction")

MAX_EXAMPLES = 10
SLUG = "alpha"  # the personas' organisation A
# Writes that name other records in their body (a team, a measure) or must fit the measure's data
# (a value, or a numerator and denominator; one point per period) are refused with 422 and field
# errors when the record does not exist or the data does not fit: no schema can list which ids
# exist, so for these operations a 422 is an accepted answer to schema-valid data.
REFERENCES = r"^/api/v1/o/\{org_slug\}/(ideas|measures/data|measures/\{measure_id\}/data)$"
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20,
        "parameters": {"path.org_slug": SLUG},
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "operations": [
            {
                "include-path-regex": REFERENCES,
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422"]}
                },
            }
        ],
    }
)


def _document() -> dict[str, Any]:
    body: dict[str, Any] = Client().get("/api/v1/openapi.json").json()
    return body


schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def secret(personas: Any) -> str:
    # Something for the measure operations to find when the fuzzer's ids meet it.
    add_points(make_measure(personas.org_a), [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10, 11, 12, 30])
    return issue_token(personas.admin, role="org_admin", access="write")[1]


@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_the_api_answers_as_its_document_says(case: Any, secret: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})
