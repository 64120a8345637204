from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "openqi.privacy"
    label = "privacy"
    verbose_name = "Subject access and erasure"
