"""The API, version 1: one NinjaAPI under /api/v1/ with the OpenAPI 3.1 document at
/api/v1/openapi.json, the interactive explorer (Swagger UI, served from our own static files under
the project's Content Security Policy) at /api/v1/explorer, and a no-JavaScript guide at
/api/v1/docs (openqi/api/views.py).

Every JSON answer to GET carries an ETag (a digest of the body): a client that sends it back in
If-None-Match gets 304 Not Modified with no body.
"""

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.templatetags.static import static
from markupsafe import Markup
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from openqi.api import problems
from openqi.api.auth import TokenAuth
from openqi.api.endpoints import dashboards, events, ideas, measures, organisations, projects, reports, training
from openqi.api.openapi import document_refusals

DESCRIPTION = """Read and write an organisation's improvement data with a token.

Make a token on the **API tokens** page of your organisation (`/o/<slug>/api-tokens/`), then send
it as `Authorization: Bearer <token>`. A token works for one organisation, with a role no higher
than yours, read only or read and write, until it expires or is revoked. Every use is audited.

Errors are RFC 9457 problem details (`application/problem+json`) with field errors. Lists take
`limit` and `offset`. GET answers carry an `ETag`; send it as `If-None-Match` to get 304.
"""


class ExplorerDocs(DocsBase):
    """Swagger UI from the static files django-ninja ships, never a CDN; its settings travel as a
    JSON data block and its start-up script is a file, so the page needs no inline script."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        return render(
            request,
            "api/explorer.jinja",
            {
                # Escaped for a <script> block: no "<" can close it early.
                "settings_json": Markup(json.dumps(settings).replace("<", "\\u003c")),  # noqa: S704  # nosec B704
                "title": api.title,
                "css": static("ninja/swagger-ui.css"),
                "scripts": [static("ninja/swagger-ui-bundle.js"), static("ninja/swagger-ui-init.js")],
            },
        )


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class OpenQIApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_refusals(document)
        return document

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            wanted = _etags(request.headers.get("If-None-Match", ""))
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                not_modified["Cache-Control"] = "private, no-cache"
                return not_modified
        return response


api = OpenQIApi(
    title="OpenQI API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=ExplorerDocs(),
    docs_url="/explorer",
)
problems.install(api)
api.add_router("/o/{org_slug}", organisations.router)
api.add_router("/o/{org_slug}/ideas", ideas.router)
api.add_router("/o/{org_slug}/measures", measures.router)
api.add_router("/o/{org_slug}/projects", projects.router)
api.add_router("/o/{org_slug}/reports", reports.router)
api.add_router("/o/{org_slug}/events", events.router)
api.add_router("/o/{org_slug}/training", training.router)
api.add_router("/o/{org_slug}/dashboard", dashboards.router)
