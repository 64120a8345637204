"""The OpenAPI document: version 3.1, every schema a valid JSON Schema 2020-12 (OpenAPI 3.1's
dialect), every reference resolvable, every operation secured by the bearer token and answering
problem details on refusal."""

from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_the_document_is_openapi_3_1_with_a_title_and_paths(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "OpenQI API" and document["info"]["version"]
    assert len(document["paths"]) >= 10


def test_every_schema_is_valid_json_schema_and_every_reference_resolves(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)  # raises on an invalid schema
        assert name
    prefix = "#/components/schemas/"
    for ref in _refs(document):
        assert ref.startswith(prefix) and ref.removeprefix(prefix) in schemas, ref


def test_every_operation_needs_the_bearer_token(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert operation.get("security") == [{"TokenAuth": []}], f"{method.upper()} {path}"
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
