from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site-wide composition: the home page and the header that every app's pages share."""

    name = "openqi.web"
    label = "web"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.web import nav  # noqa: F401  (registers the Home link)
