"""Huddle boards: cards and moves, process control counts, ward screens by token (read only, no
names, revocable), the live version (304 until something changes), and who may do what."""

import datetime
import html
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.boards.models import Card, ControlCategory, ControlDay, HuddleLog, ScreenLink
from openqi.organisations.models import Team
from openqi.projects import services as project_services
from openqi.projects.models import PdsaCycle
from openqi.recognition.models import Nomination, NominationCategory, NominationStatus, NoteStatus, ThankYou


@pytest.fixture
def ward(personas: Any) -> Team:
    return personas.member.team


def _board(personas: Any, ward: Team) -> str:
    return f"/o/{personas.org_a.slug}/boards/{ward.pk}/"


def test_a_member_adds_a_card_with_an_owner_and_moves_it_through_the_columns(
    personas: Any, ward: Team, member_client: Client
) -> None:
    url = _board(personas, ward)
    response = member_client.post(
        f"{url}cards/new/",
        {
            "title": "Check bed rails at handover",
            "owner": str(personas.member.user.pk),
            "due-day": "31",
            "due-month": "3",
            "due-year": "2030",
        },
    )
    assert response.status_code == 302
    card = Card.objects.get()
    assert (card.column, card.owner, card.organisation) == ("new", personas.member.user, personas.org_a)
    assert str(card.due) == "2030-03-31"
    assert member_client.post(f"{url}cards/{card.pk}/move/", {"column": "doing"}).status_code == 302
    card.refresh_from_db()
    assert card.column == "doing"
    # A column that does not exist changes nothing.
    member_client.post(f"{url}cards/{card.pk}/move/", {"column": "binned"})
    card.refresh_from_db()
    assert card.column == "doing"
    page = member_client.get(url).content.decode()
    assert "Check bed rails at handover" in page and "Move to Done" in page


def test_a_card_with_an_nhs_number_or_no_title_is_refused_and_nothing_saved(
    personas: Any, ward: Team, member_client: Client
) -> None:
    url = f"{_board(personas, ward)}cards/new/"
    response = member_client.post(url, {"title": "Call about 943 476 5919"})
    assert response.status_code == 200 and "Remove the NHS number" in response.content.decode()
    response = member_client.post(url, {"title": ""})
    assert "Enter what needs doing" in response.content.decode()
    assert not Card.objects.exists()


def test_a_low_factor_prefills_the_card_from_the_sustainability_link(
    personas: Any, ward: Team, member_client: Client
) -> None:
    page = member_client.get(
        f"{_board(personas, ward)}cards/new/?title=Sustain%3A+improve+monitoring&source=Sustainability+assessment"
    ).content.decode()
    assert 'value="Sustain: improve monitoring"' in page
    assert "From: Sustainability assessment" in page


def test_counts_go_up_and_down_in_one_tap_and_never_below_zero(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    url = _board(personas, ward)
    assert member_client.post(f"{url}counts/new/", {"name": "Discharges"}).status_code == 403
    assert lead_client.post(f"{url}counts/new/", {"name": "Discharges"}).status_code == 302
    category = ControlCategory.objects.get()
    for _ in range(3):
        member_client.post(f"{url}counts/{category.pk}/", {"field": "required", "delta": "1"})
    member_client.post(f"{url}counts/{category.pk}/", {"field": "completed", "delta": "1"})
    member_client.post(f"{url}counts/{category.pk}/", {"field": "completed", "delta": "-1"})
    member_client.post(f"{url}counts/{category.pk}/", {"field": "completed", "delta": "-1"})  # refused at 0
    day = ControlDay.objects.get()
    assert (day.required, day.completed) == (3, 0)


def _screen(personas: Any, ward: Team, lead_client: Client) -> str:
    response = lead_client.post(f"{_board(personas, ward)}screens/new/", {"name": "Staff room TV"})
    assert response.status_code == 200
    token = response.content.decode().split("/b/")[1].split("/")[0]
    assert ScreenLink.objects.get().token_hash == ScreenLink.hash_token(token)
    return token


def test_a_ward_screen_shows_the_board_without_names_and_stops_when_revoked(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    member_client.post(
        f"{_board(personas, ward)}cards/new/",
        {"title": "Huddle at 8am", "owner": str(personas.member.user.pk), "source": "Sustainability assessment"},
    )
    assert member_client.post(f"{_board(personas, ward)}screens/new/", {"name": "TV"}).status_code == 403
    token = _screen(personas, ward, lead_client)
    screen = Client().get(f"/b/{token}/")
    page = screen.content.decode()
    assert screen.status_code == 200 and "Huddle at 8am" in page
    assert "no-store" in screen["Cache-Control"]  # never kept by a proxy or the browser's cache
    user = personas.member.user
    for personal in (user.email, str(user), "Owner:", "Move to"):
        assert personal not in page
    assert "<form" not in page.split('id="board"')[1]  # read only
    # The screen offers the check-in page by QR code, with its address written out.
    assert f"Scan to check in: http://testserver/o/{personas.org_a.slug}/check-in/" in page
    assert 'class="openqi-qr"' in page
    link = ScreenLink.objects.get()
    revoke = f"{_board(personas, ward)}screens/{link.pk}/revoke/"
    assert member_client.post(revoke).status_code == 403
    assert lead_client.post(revoke).status_code == 302
    assert Client().get(f"/b/{token}/").status_code == 404
    assert Client().get(f"/b/{token}/live/").status_code == 404
    assert Client().get("/b/not-a-token/").status_code == 404


def test_the_live_version_answers_304_until_a_card_moves(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    member_client.post(f"{_board(personas, ward)}cards/new/", {"title": "Huddle at 8am"})
    token = _screen(personas, ward, lead_client)
    first = Client().get(f"/b/{token}/live/")
    etag = first["ETag"]
    assert first.status_code == 200 and first.json()["version"] in etag
    assert "no-cache" in first["Cache-Control"]
    assert Client().get(f"/b/{token}/live/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    card = Card.objects.get()
    member_client.post(f"{_board(personas, ward)}cards/{card.pk}/move/", {"column": "done"})
    moved = Client().get(f"/b/{token}/live/", HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200 and moved["ETag"] != etag
    # The signed-in board's version address answers the same version.
    assert member_client.get(f"{_board(personas, ward)}live/")["ETag"] == moved["ETag"]


def test_another_organisations_team_is_not_found(personas: Any, member_client: Client) -> None:
    other = Team.objects.create(organisation=personas.org_b, name="Beta ward")
    assert member_client.get(f"/o/{personas.org_a.slug}/boards/{other.pk}/").status_code == 404
    assert member_client.get(f"/o/{personas.org_b.slug}/boards/{other.pk}/").status_code == 404


def test_the_board_shows_the_teams_cycles_in_progress_but_a_screen_leaves_out_private_projects(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    for title, visibility in (("Open falls work", "organisation"), ("Private pilot", "private")):
        project = project_services.project_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title=title,
            problem="p",
            team=ward,
            visibility=visibility,
        )
        project_services.project_member_add(
            actor=personas.lead.user, project=project, user=personas.member.user, role="member"
        )
        PdsaCycle.objects.create(
            organisation=personas.org_a, project=project, number=1, question=f"Will {title} help?", status="doing"
        )
    board = member_client.get(_board(personas, ward)).content.decode()
    assert "Will Open falls work help?" in board and "Will Private pilot help?" in board
    token = _screen(personas, ward, lead_client)
    screen = Client().get(f"/b/{token}/").content.decode()
    assert "Will Open falls work help?" in screen
    assert "Will Private pilot help?" not in screen
    assert "Our measures" not in screen


def test_a_member_records_a_huddle_as_a_count_and_bad_input_saves_nothing(
    personas: Any, ward: Team, member_client: Client
) -> None:
    url = f"{_board(personas, ward)}huddles/"
    good = {
        "date-day": "1",
        "date-month": "12",
        "date-year": "2026",
        "record": "count",
        "attended": "7",
        "discussed": "Falls last night",
    }
    assert member_client.post(f"{url}new/", {**good, "attended": "0"}).status_code == 200
    refused = member_client.post(f"{url}new/", {**good, "discussed": "Bed 4, 943 476 5919"})
    assert "Remove the NHS number" in refused.content.decode()
    assert not HuddleLog.objects.exists()
    assert member_client.post(f"{url}new/", {**good, "actions": "Safety cross daily"}).status_code == 302
    log = HuddleLog.objects.get()
    assert (log.attended, log.team, log.organisation) == (7, ward, personas.org_a)
    assert not log.names_recorded and not log.attendees.exists()
    page = member_client.get(url).content.decode()
    assert "Falls last night" in page and "Safety cross daily" in page and "Count only" in page


def test_a_boards_background_refresh_does_not_keep_a_signed_in_session_alive(
    personas: Any, ward: Team, member_client: Client
) -> None:
    session = member_client.session
    session["last_seen"] = int(time.time()) - 14 * 60
    session.save()
    poll = member_client.get(f"{_board(personas, ward)}live/", HTTP_X_OPENQI_BACKGROUND="1")
    assert poll.status_code == 200
    assert member_client.session["last_seen"] <= int(time.time()) - 14 * 60  # not activity
    member_client.get(_board(personas, ward))  # the person's own request is
    assert member_client.session["last_seen"] >= int(time.time()) - 5


def test_the_days_counts_are_kept_and_charted_with_a_summary(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    lead_client.post(f"{_board(personas, ward)}counts/new/", {"name": "Discharges"})
    category = ControlCategory.objects.get()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ControlDay.objects.create(organisation=personas.org_a, category=category, date=yesterday, required=8, completed=6)
    for _ in range(2):
        member_client.post(f"{_board(personas, ward)}counts/{category.pk}/", {"field": "required", "delta": "1"})
    member_client.post(f"{_board(personas, ward)}counts/{category.pk}/", {"field": "completed", "delta": "1"})
    page = member_client.get(f"{_board(personas, ward)}huddles/").content.decode()
    # 6 + 1 completed of 8 + 2 required over the last 14 days
    assert "Discharges: 7 completed of 10 required over the last 14 days." in page
    assert "6 of 8" in page and "1 of 2" in page


def test_the_board_shows_the_teams_latest_thank_yous_but_not_hidden_ones_and_a_screen_shows_none(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    sender = personas.lead.user
    now = timezone.now()
    for day, text in enumerate(("Cover at short notice", "Calm night shift", "New starter welcome", "Oldest note")):
        ThankYou.objects.create(
            organisation=personas.org_a,
            sender=sender,
            team=ward,
            message=text,
            created_at=now - datetime.timedelta(days=day),
        )
    ThankYou.objects.create(
        organisation=personas.org_a, sender=sender, team=ward, message="Hidden words", status=NoteStatus.HIDDEN
    )
    other = Team.objects.create(organisation=personas.org_a, name="Another ward")
    ThankYou.objects.create(organisation=personas.org_a, sender=sender, team=other, message="Another team's note")
    page = member_client.get(_board(personas, ward)).content.decode()
    assert f"Thank-yous for {html.escape(ward.name)}" in page
    shown = [t for t in ("Cover at short notice", "Calm night shift", "New starter welcome") if t in page]
    assert len(shown) == 3  # the latest three
    for absent in ("Oldest note", "Hidden words", "Another team's note"):
        assert absent not in page
    token = _screen(personas, ward, lead_client)
    screen = Client().get(f"/b/{token}/").content.decode()
    assert "Cover at short notice" not in screen and "Thank-yous for" not in screen  # they name their senders


def test_the_board_announces_the_organisations_award_winners_but_a_screen_does_not(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    category = NominationCategory.objects.create(organisation=personas.org_a, name="Star of the month")
    this_month = timezone.localdate().replace(day=1)
    Nomination.objects.create(
        organisation=personas.org_a,
        category=category,
        month=this_month,
        nominee=personas.member.user,
        reason="Kind",
        status=NominationStatus.WON,
        decided_at=timezone.now(),
    )
    Nomination.objects.create(
        organisation=personas.org_a, category=category, month=this_month, team=ward, reason="Shortlisted only"
    )
    page = member_client.get(_board(personas, ward)).content.decode()
    winners = page.split('id="winners-heading"')[1]
    assert f"<strong>{html.escape(personas.member.user.display_name)}</strong>: Star of the month" in winners
    assert f"<strong>{html.escape(ward.name)}</strong>" not in winners  # only winners, not every nomination
    token = _screen(personas, ward, lead_client)
    assert "Recognised lately" not in Client().get(f"/b/{token}/").content.decode()


def _edit_base(page: str) -> str:
    """The fingerprints an edit page carries (ADR 0011), as the browser would send them back."""
    return html.unescape(page.split('name="edit_base" value="')[1].split('"')[0])


def test_a_member_changes_a_cards_words_owner_and_due_date_and_it_is_audited(
    personas: Any, ward: Team, member_client: Client
) -> None:
    url = _board(personas, ward)
    member_client.post(f"{url}cards/new/", {"title": "Check bed rails"})
    card = Card.objects.get()
    form = member_client.get(f"{url}cards/{card.pk}/edit/").content.decode()
    assert "Change ‘Check bed rails’" in html.unescape(form) and 'name="edit_base"' in form
    base = _edit_base(form)
    response = member_client.post(
        f"{url}cards/{card.pk}/edit/",
        {
            "title": "Check bed rails at every handover",
            "owner": str(personas.member.user.pk),
            "due-day": "1",
            "due-month": "4",
            "due-year": "2030",
            "edit_base": base,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#card-{card.pk}")
    card.refresh_from_db()
    assert (card.title, card.owner, str(card.due)) == (
        "Check bed rails at every handover",
        personas.member.user,
        "2030-04-01",
    )
    event = AuditEvent.objects.get(action="boards.card_edit")
    assert event.organisation == personas.org_a and "title" in event.detail["changes"]
    # An NHS number is refused and nothing changes.
    refused = member_client.post(
        f"{url}cards/{card.pk}/edit/", {"title": "Patient 943 476 5919", "edit_base": base}
    ).content.decode()
    assert "Remove the NHS number" in refused
    card.refresh_from_db()
    assert card.title == "Check bed rails at every handover"


def test_two_people_change_the_same_cards_title_and_the_second_is_asked_not_overwritten(
    personas: Any, ward: Team, member_client: Client, lead_client: Client
) -> None:
    url = _board(personas, ward)
    member_client.post(f"{url}cards/new/", {"title": "Order slings"})
    card = Card.objects.get()
    page = member_client.get(f"{url}cards/{card.pk}/edit/").content.decode()
    base = _edit_base(page)
    lead_page = lead_client.get(f"{url}cards/{card.pk}/edit/").content.decode()
    lead_base = _edit_base(lead_page)
    assert (
        lead_client.post(f"{url}cards/{card.pk}/edit/", {"title": "Order 4 slings", "edit_base": lead_base}).status_code
        == 302
    )
    # A move meanwhile is not undone by the edit either.
    member_client.post(f"{url}cards/{card.pk}/move/", {"column": "doing"})
    clash = member_client.post(f"{url}cards/{card.pk}/edit/", {"title": "Order hoist slings", "edit_base": base})
    assert clash.status_code == 200
    card.refresh_from_db()
    assert (card.title, card.column) == ("Order 4 slings", "doing")
    assert "Order 4 slings" in html.unescape(clash.content.decode())


def test_removing_a_card_asks_first_takes_it_off_the_board_and_screen_and_undo_puts_it_back(
    personas: Any, ward: Team, member_client: Client, lead_client: Client
) -> None:
    url = _board(personas, ward)
    member_client.post(f"{url}cards/new/", {"title": "Fix the drug fridge alarm"})
    card = Card.objects.get()
    token = _screen(personas, ward, lead_client)
    ask = member_client.get(f"{url}cards/{card.pk}/remove/").content.decode()
    assert "Remove ‘Fix the drug fridge alarm’ from the board?" in html.unescape(ask)
    assert Card.objects.filter(archived_at__isnull=True).count() == 1  # asking changes nothing
    done = member_client.post(f"{url}cards/{card.pk}/remove/", follow=True)
    text = html.unescape(done.content.decode())
    assert "Removed ‘Fix the drug fridge alarm’ from the board" in text and "Undo" in text
    board = html.unescape(member_client.get(url).content.decode())
    assert "Fix the drug fridge alarm" not in board.split('id="board"')[1]
    assert "Fix the drug fridge alarm" not in Client().get(f"/b/{token}/").content.decode()
    # A removed card cannot be changed, moved or removed again: it is not on the board.
    assert member_client.get(f"{url}cards/{card.pk}/edit/").status_code == 404
    assert member_client.post(f"{url}cards/{card.pk}/move/", {"column": "done"}).status_code == 404
    removed = html.unescape(member_client.get(f"{url}cards/removed/").content.decode())
    assert "Fix the drug fridge alarm" in removed
    assert member_client.post(f"{url}cards/{card.pk}/restore/").status_code == 302
    card.refresh_from_db()
    assert card.archived_at is None and card.column == "new"
    assert "Fix the drug fridge alarm" in member_client.get(url).content.decode()
    assert "No cards have been removed" in member_client.get(f"{url}cards/removed/").content.decode()
    assert list(
        AuditEvent.objects.filter(action__startswith="boards.card_r").order_by("pk").values_list("action", flat=True)
    ) == ["boards.card_remove", "boards.card_restore"]


def test_another_organisations_member_cannot_change_or_remove_a_card(
    personas: Any, ward: Team, member_client: Client, outsider_client: Client
) -> None:
    url = _board(personas, ward)
    member_client.post(f"{url}cards/new/", {"title": "Private to Alpha"})
    card = Card.objects.get()
    for path in (f"cards/{card.pk}/edit/", f"cards/{card.pk}/remove/", "cards/removed/"):
        assert outsider_client.get(f"{url}{path}").status_code == 404
    assert outsider_client.post(f"{url}cards/{card.pk}/remove/").status_code == 404
    assert outsider_client.post(f"{url}cards/{card.pk}/restore/").status_code == 404
    card.refresh_from_db()
    assert card.archived_at is None


def test_the_board_shows_the_teams_measures_with_their_variation_and_assurance_icons(
    personas: Any, ward: Team, member_client: Client
) -> None:
    from openqi.measures.models import Measure, MeasureType

    org = personas.org_a
    Measure.objects.create(
        organisation=org,
        team=ward,
        name="Falls per 1,000 bed days",
        measure_type=MeasureType.OUTCOME,
        variation_icon="improvement_low",
        assurance_icon="pass",
    )
    Measure.objects.create(organisation=org, team=ward, name="Discharges before noon", measure_type=MeasureType.PROCESS)
    other = Team.objects.create(organisation=org, name="Ward 2")
    Measure.objects.create(organisation=org, team=other, name="Ward 2 length of stay", measure_type=MeasureType.OUTCOME)
    page = member_client.get(_board(personas, ward)).content.decode()
    measures = page.split('id="measures-heading"')[1].split("</section>")[0]
    assert "Falls per 1,000 bed days" in measures and "Discharges before noon" in measures
    # Icons carry a letter and a label, never colour alone; a measure not yet analysed says so.
    assert "Special cause improvement: lower" in measures and ">L</text>" in measures
    assert "Target consistently met" in measures and ">P</text>" in measures
    assert "No variation icon yet" in measures and "No target" in measures
    assert "Ward 2 length of stay" not in page  # another team's measure


def test_the_board_and_screen_show_last_weeks_check_ins_only_at_k_or_more(
    personas: Any, ward: Team, lead_client: Client, member_client: Client
) -> None:
    from openqi.checkins.tests.helpers import add_checkins

    token = _screen(personas, ward, lead_client)
    assert "No check-ins last week." in member_client.get(_board(personas, ward)).content.decode()
    add_checkins(personas.org_a, ward, 5, score=5)  # below k (11)
    for page in (member_client.get(_board(personas, ward)), Client().get(f"/b/{token}/")):
        text = page.content.decode()
        assert "Too few check-ins last week to show without identifying people." in text
        assert "good days" not in text
    add_checkins(personas.org_a, ward, 7, score=2)  # 12 in all, 5 good: 42%
    for page in (member_client.get(_board(personas, ward)), Client().get(f"/b/{token}/")):
        assert "42%</span> good days, from 12 check-ins" in page.content.decode()
