from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openqi.audit"
    label = "audit"
