from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "openqi.organisations"
    label = "organisations"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.organisations import nav  # noqa: F401  (registers this app's header links)
