"""Demo data for trying OpenQI locally. Idempotent; refuses to run outside demo mode."""

import datetime
import random
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

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
        self._checkins(orgs["northfield"], teams["northfield"])
        from openqi.surveys.demo import seed_surveys

        seed_surveys(
            organisation=orgs["northfield"],
            lead=User.objects.get(email="lead@northfield.example"),
            wards=[teams["northfield"]["Ward 7 (Acute Medicine)"], teams["northfield"]["Ward 9 (Elderly Care)"]],
        )
        self._ideas(orgs, teams)
        from openqi.measures.demo import seed_measures

        seed_measures(organisation=orgs["northfield"], ward=teams["northfield"]["Ward 9 (Elderly Care)"], owner=lead)
        # Demo QI projects live with their app; it only reads what was made above.
        from openqi.projects.demo import seed_projects

        seed_projects(northfield=orgs["northfield"], riverside=orgs["riverside"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: " + DEMO_PASSWORD))

    def _ideas(self, orgs: dict[str, Organisation], teams: dict[str, dict[str, Team]]) -> None:
        from openqi.ideas.demo import DEMO_FOLLOW_UP_CODE, seed_campaign, seed_ideas
        from openqi.ideas.tasks import idea_embeddings_backfill

        def user(email: str) -> User:
            return User.objects.get(email=email)

        seed_ideas(
            organisation=orgs["northfield"],
            count=60,
            people=[user("staff@northfield.example"), user("lead@northfield.example")],
            triager=user("lead@northfield.example"),
            teams=[t for t in teams["northfield"].values() if t.parent_id],
            seed=5,
            with_demo_code=True,
        )
        seed_ideas(
            organisation=orgs["riverside"],
            count=20,
            people=[user("lead@riverside.example"), user("lead@northfield.example")],
            triager=user("lead@riverside.example"),
            teams=[t for t in teams["riverside"].values() if t.parent_id],
            seed=7,
        )
        seed_campaign(organisation=orgs["northfield"], lead=user("lead@northfield.example"))
        idea_embeddings_backfill.call()
        self.stdout.write(f"Demo ideas ready. Try the follow-up code {DEMO_FOLLOW_UP_CODE} at Northfield.")

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

    def _checkins(self, organisation: Organisation, teams: dict[str, Team]) -> None:
        """A year of anonymous check-ins for three Northfield wards of about 40 staff each:
        quieter weekends, harder Mondays, and Ward 9 dipping a few months ago and recovering."""
        from openqi.checkins.aggregates import checkin_days_rebuild
        from openqi.checkins.models import DEFAULT_REASONS, CheckIn

        wards = [teams["Ward 7 (Acute Medicine)"], teams["Ward 9 (Elderly Care)"], teams["Emergency Department"]]
        if CheckIn.objects.filter(organisation=organisation, team__in=wards).exists():
            return
        rng = random.Random(2026)  # noqa: S311  (demo data, not security)
        comments = [
            "One more healthcare assistant on the late shift",
            "Working hoist on the bay",
            "Time for a proper break",
            "Handover that starts on time",
            "Fewer agency gaps",
            "Thank the team – it was a great shift",
        ]
        today = timezone.localdate()
        rows = []
        for days_ago in range(365, 0, -1):
            day = today - datetime.timedelta(days=days_ago)
            for index, ward in enumerate(wards):
                good = [0.68, 0.62, 0.55][index]
                good += {0: -0.08, 4: 0.06}.get(day.weekday(), 0.0)
                if index == 1 and 60 <= days_ago <= 130:
                    # Ward 9: a staffing crisis, then recovery after a change in rostering.
                    good -= 0.3 * min(1.0, (131 - days_ago) / 20, (days_ago - 59) / 20)
                answers = rng.randint(8, 14) if day.weekday() >= 5 else rng.randint(16, 26)
                for _ in range(answers):
                    roll = rng.random()
                    score = (5 if rng.random() < 0.4 else 4) if roll < good else rng.choice([3, 3, 2, 2, 1])
                    reasons = rng.sample(DEFAULT_REASONS, rng.choice([0, 1, 1, 2]))
                    comment = rng.choice(comments) if rng.random() < 0.05 else ""
                    rows.append(
                        CheckIn(
                            organisation=organisation,
                            team=ward,
                            date=day,
                            score=score,
                            reasons=reasons,
                            comment=comment,
                        )
                    )
        CheckIn.objects.bulk_create(rows, batch_size=2000)
        checkin_days_rebuild(organisation=organisation)  # the daily aggregates the reports read
