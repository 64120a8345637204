"""Demo data for Ward 9's huddle board: cards in every column (one from a weak sustainability
factor), and two weeks of discharges planned against done. Run by `seed_demo` by name (demo and
boards are siblings in the composition layer); refused outside demo mode. Safe to run again."""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.boards import services as board_services
from openqi.boards.models import Card, ControlDay
from openqi.organisations.models import Organisation, Team
from openqi.projects.models import Project

FALLS = "Fewer falls with harm on Ward 9"
CARDS = [
    ("Sustain: improve Effectiveness of the system to monitor progress", "doing", 7),
    ("Falls safety cross on the huddle board every morning", "done", -3),
    ("Bed rails check at night handover", "new", 14),
    ("Share falls data with the night team", "new", 21),
]


def seed_board(*, northfield: Organisation) -> None:
    ward9 = Team.objects.get(organisation=northfield, name="Ward 9 (Elderly Care)")
    lead = User.objects.get(email="lead@northfield.example")
    if Card.objects.filter(team=ward9).exists():
        return
    today = timezone.localdate()
    falls = Project.objects.filter(organisation=northfield, title=FALLS).first()
    for title, column, due_in in CARDS:
        from_factor = title.startswith("Sustain")
        card = board_services.card_create(
            actor=lead,
            organisation=northfield,
            team=ward9,
            title=title,
            owner=lead,
            due=today + datetime.timedelta(days=due_in),
            source="Sustainability assessment of " + FALLS + ": " + title.removeprefix("Sustain: improve ")
            if from_factor
            else "",
            project=falls if from_factor else None,
        )
        board_services.card_move(actor=lead, card=card, column=column)
    discharges = board_services.control_category_create(
        actor=lead, organisation=northfield, team=ward9, name="Discharges"
    )
    board_services.control_category_create(actor=lead, organisation=northfield, team=ward9, name="Falls risk checks")
    # Two weeks of history, as the board keeps it: planned against done each day.
    ControlDay.objects.bulk_create(
        ControlDay(
            organisation=northfield,
            category=discharges,
            date=today - datetime.timedelta(days=n),
            required=6 + n % 3,
            completed=6 + n % 3 - (n % 4 == 0),
        )
        for n in range(1, 15)
    )


class Command(BaseCommand):
    help = "Load demo cards and counts on Ward 9's huddle board (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or options["force"]):
            raise CommandError("Demo data is only loaded when DEMO_MODE is on. Never in production.")
        northfield = Organisation.objects.filter(slug="northfield").first()
        if (
            northfield is None
            or not Team.objects.filter(organisation=northfield, name="Ward 9 (Elderly Care)").exists()
        ):
            raise CommandError("Run seed_demo first: the Northfield organisation and Ward 9 are needed.")
        seed_board(northfield=northfield)
