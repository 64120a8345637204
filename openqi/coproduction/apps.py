from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    """Experts by experience: volunteering, onboarding, matching people to projects (issue 17)."""

    name = "openqi.coproduction"
    label = "coproduction"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # lazy: registries are filled once the app registry is ready
        from openqi.coproduction import nav  # noqa: F401  (registers the involvement lead's header link)
