"""The refusals every operation can answer, written into the OpenAPI document.

django-ninja documents only the answers an operation declares (its 200 or 201). The API's
refusals come from shared code (authentication, the role check, the rate limit, validation, the
ETag check), so they are added here to every operation, each as an RFC 9457 problem
(`application/problem+json`) with the `Problem` schema: a client generated from the document, and
the fuzzer in CI (openqi/api/tests/test_fuzz_openapi.py), then know every status it can meet.
"""

from typing import Any

from openqi.api.problems import Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Every operation: its token may be missing or dead, below the role, for another organisation,
# or over its rate limit.
ALWAYS = {
    401: "No token, or an unknown, expired or revoked one, or its person has left the organisation.",
    403: "The token's role, or a read-only token, does not allow this.",
    404: "Another organisation's address, or something this token's person may not see.",
    429: "Too many requests this minute: wait for `Retry-After` seconds.",
}
INVALID = {422: "The request has mistakes: `errors` lists each field. Nothing was saved."}
WRITE = {413: "The request body is too large."}
UNREADABLE = {400: "The body is not JSON (or not UTF-8)."}
NOT_MODIFIED = "Nothing changed since the `ETag` sent as `If-None-Match`."
REPLAYED = "A repeat of an `Idempotency-Key`: `Location` is what the first request made."


def _has_input(operation: dict[str, Any]) -> bool:
    """Anything a caller can get wrong: a body, a query, or a path parameter other than the slug."""
    parameters = operation.get("parameters", [])
    return "requestBody" in operation or any(p.get("name") != "org_slug" for p in parameters)


def problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": PROBLEM_REF}}}


def document_refusals(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    for methods in document.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            wanted: dict[int, str] = dict(ALWAYS)
            if _has_input(operation):
                wanted.update(INVALID)
            if method != "get":
                wanted.update(WRITE)
            if "requestBody" in operation:
                wanted.update(UNREADABLE)
            for status, description in wanted.items():
                responses.setdefault(str(status), problem_response(description))
            if method == "get":
                responses.setdefault("304", {"description": NOT_MODIFIED})
            if "Idempotency-Key" in operation.get("description", ""):
                responses.setdefault("303", {"description": REPLAYED})
    return document
