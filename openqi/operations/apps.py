from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running OpenQI: the task worker's leases and retention, and what an operator sees of them."""

    name = "openqi.operations"
    label = "operations"
    verbose_name = "Operations"
