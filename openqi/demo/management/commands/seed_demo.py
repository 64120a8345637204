"""Demo data for trying OpenQI locally. Idempotent; refuses to run outside demo mode.

Each app's demo data is a module of `openqi.demo` (`organisations`, `checkins`, `surveys`, `ideas`,
`measures`, `projects`, `sustainability`, `recognition`, `network`, `api`); this command only runs them
in order, each reading what the ones before made."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from openqi.accounts.models import User
from openqi.demo.api import seed_api_tokens
from openqi.demo.checkins import seed_checkins
from openqi.demo.coproduction import seed_coproduction
from openqi.demo.dashboards import seed_dashboards
from openqi.demo.home import seed_home
from openqi.demo.ideas import DEMO_FOLLOW_UP_CODE, seed_campaign, seed_ideas
from openqi.demo.measures import seed_measures
from openqi.demo.network import seed_network
from openqi.demo.network_resources import seed_network_resources
from openqi.demo.network_system import seed_network_system
from openqi.demo.network_updates import seed_network_updates
from openqi.demo.organisations import DEMO_PASSWORD, DemoOrganisations, seed_organisations
from openqi.demo.patient_voice import seed_patient_voice
from openqi.demo.projects import seed_projects
from openqi.demo.recognition import seed_recognition
from openqi.demo.surveys import seed_surveys
from openqi.demo.sustainability import seed_sustainability
from openqi.demo.training import seed_training
from openqi.demo.webhooks import seed_webhooks
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
        seed_sustainability(northfield=orgs["northfield"])
        # By name: the boards app sits beside demo in the composition layer (no import either way).
        call_command("seed_board_demo", force=True, stdout=self.stdout)
        seed_recognition(
            northfield=orgs["northfield"],
            riverside=orgs["riverside"],
            ward=teams["northfield"]["Ward 7 (Acute Medicine)"],
        )
        seed_network(system=demo.system, orgs=orgs, team_user=User.objects.get(email="admin@openqi.example"))
        seed_network_updates(system=demo.system, team_user=User.objects.get(email="admin@openqi.example"))
        seed_training(
            northfield=orgs["northfield"],
            lead=lead,
            staff=User.objects.get(email="staff@northfield.example"),
            teams=[t for t in teams["northfield"].values() if t.parent_id],
        )
        seed_network_resources(system=demo.system, team_user=User.objects.get(email="admin@openqi.example"))
        seed_network_system(
            system=demo.system,
            orgs=orgs,
            team_user=User.objects.get(email="admin@openqi.example"),
            staff=User.objects.get(email="staff@northfield.example"),
        )
        seed_api_tokens(organisation=orgs["northfield"], lead=lead)
        seed_webhooks(organisation=orgs["northfield"], admin=User.objects.get(email="admin@openqi.example"))
        seed_coproduction(system=demo.system, northfield=orgs["northfield"], riverside=orgs["riverside"])
        seed_patient_voice(northfield=orgs["northfield"], lead=lead)
        seed_dashboards(system=demo.system, northfield=orgs["northfield"], riverside=orgs["riverside"])
        # By name, as the boards: reports sits beside demo in the composition layer. After the
        # others, so the reports are made from everything above.
        call_command("seed_reports_demo", force=True, stdout=self.stdout)
        seed_home(organisation=orgs["northfield"])  # last: it reads what the others made
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
