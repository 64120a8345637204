from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """The organisation's staff records: the ESR-style import and SCIM provisioning (issue 20)."""

    name = "openqi.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"
