from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openqi.accounts"
    label = "accounts"

    def ready(self) -> None:
        # lazy: signal receivers import models, which load only once the app registry is ready.
        from openqi.accounts import signals  # noqa: F401  (connects sign-in audit receivers)
