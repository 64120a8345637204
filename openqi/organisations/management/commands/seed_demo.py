"""Demo data for trying OpenQI locally. Idempotent; refuses to run outside demo mode."""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from openqi.accounts.models import User
from openqi.organisations.models import Membership, Organisation, Role, System, SystemMembership, SystemRole, Team

DEMO_PASSWORD = "openqi-demo"  # noqa: S105  (public demo credential, demo mode only)

TEAMS = {
    "northfield": {
        "Medicine": ["Ward 7 (Acute Medicine)", "Ward 9 (Elderly Care)", "Emergency Department"],
        "Surgery": ["Theatres", "Ward 3 (Orthopaedics)"],
        "Women and Children": ["Maternity", "Neonatal Unit"],
    },
    "riverside": {
        "Community Services": ["District Nursing North", "District Nursing South"],
        "Mental Health": ["Crisis Team", "Talking Therapies"],
    },
}


class Command(BaseCommand):
    help = "Load the demo ICS, organisations, teams and accounts (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or options["force"]):
            raise CommandError("Demo data is only loaded when DEMO_MODE is on. Never in production.")
        system, _ = System.objects.get_or_create(slug="north-riverside", defaults={"name": "North Riverside ICS"})
        orgs = {
            "northfield": self._org(system, "northfield", "Northfield Hospitals NHS Foundation Trust", "RNF"),
            "riverside": self._org(system, "riverside", "Riverside Community Health NHS Trust", "RRC"),
        }
        teams: dict[str, dict[str, Team]] = {}
        for slug, directorates in TEAMS.items():
            teams[slug] = {}
            for parent_name, children in directorates.items():
                parent, _ = Team.objects.get_or_create(organisation=orgs[slug], parent=None, name=parent_name)
                teams[slug][parent_name] = parent
                for child in children:
                    teams[slug][child], _ = Team.objects.get_or_create(
                        organisation=orgs[slug], parent=parent, name=child
                    )

        admin = self._user("admin@openqi.example", "Alex Admin")
        SystemMembership.objects.get_or_create(user=admin, system=system, role=SystemRole.SYSTEM_ADMIN)
        people = [
            ("lead@northfield.example", "Leah Lead", "northfield", Role.LEAD, "Medicine"),
            ("staff@northfield.example", "Sam Staff", "northfield", Role.STAFF, "Ward 7 (Acute Medicine)"),
            ("partner@northfield.example", "Pat Partner", "northfield", Role.PARTNER, None),
            ("lead@riverside.example", "Rowan Lead", "riverside", Role.LEAD, "Community Services"),
        ]
        for email, name, org_slug, role, team_name in people:
            user = self._user(email, name)
            Membership.objects.get_or_create(
                user=user,
                organisation=orgs[org_slug],
                defaults={"role": role, "team": teams[org_slug].get(team_name) if team_name else None},
            )
        # The Northfield lead also coaches across the ICS, so they can switch organisation.
        lead = User.objects.get(email="lead@northfield.example")
        Membership.objects.get_or_create(user=lead, organisation=orgs["riverside"], defaults={"role": Role.QI_COACH})
        # Demo QI projects live with their app; it only reads what was made above.
        from openqi.projects.demo import seed_projects

        seed_projects(northfield=orgs["northfield"], riverside=orgs["riverside"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: " + DEMO_PASSWORD))

    def _org(self, system: System, slug: str, name: str, ods: str) -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "system": system, "ods_code": ods}
        )
        return org

    def _user(self, email: str, name: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user
