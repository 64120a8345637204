"""Pages with the production static storage: hashed names from a real `collectstatic` manifest."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST_STORAGE, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(collected_static: Path) -> Iterator[Path]:
    with override_settings(
        STATIC_ROOT=collected_static, STORAGES=MANIFEST_STORAGE, WHITENOISE_USE_FINDERS=False, DEBUG=False
    ):
        yield collected_static


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/privacy/"])
def test_pages_render_with_the_hashed_manifest_storage(path: str, production_static: Path, db: Any) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/nhsuk/nhsuk-frontend.min." in body and ".css" in body
    assert 'href="/static/nhsuk/nhsuk-frontend.min.css"' not in body  # the hashed name, not the plain one


def test_a_missing_page_renders_the_friendly_404_with_the_hashed_manifest_storage(
    production_static: Path, db: Any
) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_500_handler_renders_with_the_hashed_manifest_storage(production_static: Path) -> None:
    from openqi.core.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_whitenoise_serves_the_hashed_files_with_debug_off(production_static: Path, db: Any) -> None:
    body = Client().get("/privacy/").content.decode()
    links = [part.split('"')[0] for part in body.split('href="/static/')[1:]]
    icons_and_styles = [link for link in links if link.endswith((".css", ".ico", ".svg", ".png", ".json"))]
    assert icons_and_styles
    for link in icons_and_styles:
        response = Client().get(f"/static/{link}")
        assert response.status_code == 200, link
        assert "immutable" in response.headers.get("Cache-Control", ""), link
