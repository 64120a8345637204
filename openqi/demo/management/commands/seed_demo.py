"""Demo data for trying OpenQI locally. Idempotent; refuses to run outside demo mode.

Each app's demo data is a module of `openqi.demo` (`organisations`, `checkins`, `surveys`, `ideas`,
`measures`, `projects`); this command only runs them in order, each reading what the ones before
made."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from openqi.accounts.models import User
from openqi.demo.checkins import seed_checkins
from openqi.demo.ideas import DEMO_FOLLOW_UP_CODE, seed_campaign, seed_ideas
from openqi.demo.measures import seed_measures
from openqi.demo.organisations import DEMO_PASSWORD, DemoOrganisations, seed_organisations
from openqi.demo.projects import seed_projects
from openqi.demo.surveys import seed_surveys
from openqi.ideas.tasks import idea_embeddings_backfill


class Command(BaseCommand):
    help = "Load the demo ICS, organisations, teams and accounts (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or options["force"]):
            raise CommandError("Demo data is only loaded when DEMO_MODE is on. Never in production.")
        demo = seed_organisations()
        orgs, teams = demo.orgs, demo.teams
        lead = User.objects.get(email="lead@northfield.example")
        seed_checkins(organisation=orgs["northfield"], teams=teams["northfield"])
        seed_surveys(
            organisation=orgs["northfield"],
            lead=lead,
            wards=[teams["northfield"]["Ward 7 (Acute Medicine)"], teams["northfield"]["Ward 9 (Elderly Care)"]],
        )
        self._ideas(demo)
        seed_measures(organisation=orgs["northfield"], ward=teams["northfield"]["Ward 9 (Elderly Care)"], owner=lead)
        seed_projects(northfield=orgs["northfield"], riverside=orgs["riverside"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: " + DEMO_PASSWORD))

    def _ideas(self, demo: DemoOrganisations) -> None:
        orgs, teams = demo.orgs, demo.teams

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
