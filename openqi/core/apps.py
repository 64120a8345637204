from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openqi.core"
    label = "core"

    def ready(self) -> None:
        # lazy: Django's documented place to register system checks is ready(), once apps load.
        from openqi.core import checks  # noqa: F401  (registers the deploy checks)
