from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openqi.core"
    label = "core"

    def ready(self) -> None:
        from openqi.core import checks  # noqa: F401  (registers the deploy checks)
