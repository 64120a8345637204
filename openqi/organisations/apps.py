from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "openqi.organisations"
    label = "organisations"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.audit.services import audit_actor_detail_register  # lazy: as above
        from openqi.organisations import nav  # noqa: F401  (registers this app's header links)
        from openqi.organisations.selectors import audit_actor_organisation_detail  # lazy: as above

        audit_actor_detail_register(audit_actor_organisation_detail)
