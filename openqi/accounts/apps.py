from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openqi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from openqi.accounts import signals  # noqa: F401  (connects sign-in audit receivers)
