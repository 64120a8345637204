"""The system-level apps' parts (api, boards, sustainability): exported, then nothing of the app
points at the person after its erasure step, while the team's own records stay."""

import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from openqi.api.models import ApiToken, TokenAccess, TokenKind
from openqi.boards.models import Card, HuddleLog
from openqi.core import personal_data
from openqi.factories import TeamFactory
from openqi.privacy.tests.conftest import Person
from openqi.sustainability.models import Assessment, IndividualScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(person: Person) -> dict[str, object]:
    org, user, lead = person.personas.org_a, person.user, person.personas.lead.user
    team = TeamFactory(organisation=org)
    _, prefix, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(
        organisation=org,
        kind=TokenKind.PERSONAL,
        name="Warehouse push",
        user=user,
        role="staff",
        access=TokenAccess.READ,
        prefix=prefix,
        digest=digest,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    card = Card.objects.create(organisation=org, team=team, title="Check bed rails", owner=user, created_by=user)
    huddle = HuddleLog.objects.create(
        organisation=org, team=team, date=datetime.date(2026, 12, 1), attended=6, discussed="Falls", created_by=user
    )
    attended = HuddleLog.objects.create(
        organisation=org,
        team=team,
        date=datetime.date(2026, 12, 2),
        attended=2,
        names_recorded=True,
        discussed="Discharges",
        created_by=lead,
    )
    attended.attendees.set([user, lead])
    assessment = Assessment.objects.create(organisation=org, project=person.project, created_by=user, agreed_by=lead)
    IndividualScore.objects.create(
        assessment=assessment, organisation=org, user=user, factor="senior_leadership", level=3, note="Visible"
    )
    return {"token": token, "card": card, "huddle": huddle, "assessment": assessment}


@pytest.mark.parametrize(
    ("app", "exported"),
    [
        ("api", "api_tokens"),
        ("boards", "board_cards_owned"),
        ("sustainability", "sustainability_scores"),
    ],
)
def test_export_then_erasure_leaves_nothing_pointing_at_the_person(
    person: Person, records: dict[str, object], app: str, exported: str
) -> None:
    handler = next(h for h in personal_data.handlers() if h.app == app)
    before = handler.export(user=person.user)
    assert before[exported]
    assert "digest" not in json.dumps(before, cls=DjangoJSONEncoder)
    counts = handler.erase(user=person.user, pseudonym="Former member test")
    assert sum(counts.values()) > 0
    after = handler.export(user=person.user)
    assert all(not value for value in after.values())


def test_the_teams_records_stay_without_the_person(person: Person, records: dict[str, object]) -> None:
    for app in ("api", "boards", "sustainability"):
        handler = next(h for h in personal_data.handlers() if h.app == app)
        handler.erase(user=person.user, pseudonym="Former member test")
    assert not ApiToken.objects.filter(user=person.user).exists()
    card = Card.objects.get()
    assert (card.title, card.owner_id, card.created_by_id) == ("Check bed rails", None, None)
    note = HuddleLog.objects.get(discussed="Falls")
    assert note.created_by_id is None
    # Their name leaves the huddle they attended; the count and the other attendee stay.
    attended = HuddleLog.objects.get(discussed="Discharges")
    assert list(attended.attendees.all()) == [person.personas.lead.user]
    assert attended.attended == 2
    assessment = Assessment.objects.get()
    assert assessment.created_by_id is None
    assert assessment.agreed_by_id == person.personas.lead.user.pk  # someone else's part is theirs
    assert not IndividualScore.objects.exists()
