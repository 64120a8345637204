from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running OpenQI: the task worker's leases and retention, and what an operator sees of them."""

    name = "openqi.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from openqi.core.readiness import readiness_check_register  # lazy: apps load before their modules
        from openqi.operations.selectors import task_queue_readiness  # lazy: models are ready only now

        readiness_check_register("tasks", task_queue_readiness)
