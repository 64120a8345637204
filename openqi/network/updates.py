"""Quarterly updates from the CQI team: composing from what happened, the words of the email in
HTML and plain text, the public archive, and unsubscribing. Sending is in `update_sending`.

What happened is read through the public selectors of the apps below: stories published by the
system's organisations (`projects`) and the public "you said, we did" answers (`ideas`), plus the
network's own: answered system ideas, new resources in the library and upcoming events. The result
is frozen into `Update.content` when composed.
"""

import datetime
from functools import partial
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.ideas.selectors import idea_answered_public_list
from openqi.network import selectors, tokens
from openqi.network.models import LONDON, Contact, Member, Update, UpdateStatus
from openqi.network.resources.models import Visibility
from openqi.network.resources.selectors import resource_search
from openqi.network.services import member_consent_withdraw, pseudonym
from openqi.network.system_ideas import system_idea_answered_list
from openqi.organisations.digest import digest_sections
from openqi.organisations.models import System
from openqi.projects.selectors import story_list_published

MAX_ITEMS = 8  # of each kind: an update is a digest, with a link to more


class Item(TypedDict):
    title: str
    text: str
    url: str
    where: str


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def gather(*, system: System, since: datetime.date) -> dict[str, list[Item]]:
    """What happened across the system since a date, and what is coming up."""
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=LONDON)
    stories: list[Item] = []
    answers: list[Item] = []
    for organisation in system.organisations.order_by("name"):
        for story in story_list_published(organisation=organisation).filter(published_at__gte=start)[:MAX_ITEMS]:
            url = reverse("projects:public_story_detail", args=[organisation.slug, story.pk])
            stories.append(
                {"title": story.title, "text": story.results, "url": absolute(url), "where": organisation.name}
            )
        for idea in idea_answered_public_list(organisation=organisation).filter(answered_on__gte=since)[:MAX_ITEMS]:
            url = reverse("ideas:portal_you_said_we_did", args=[organisation.slug])
            answers.append(
                {"title": idea.title, "text": idea.public_answer, "url": absolute(url), "where": organisation.name}
            )
    # The network's own "you said, we did": system ideas answered since the date (never an author).
    for system_idea in system_idea_answered_list(system=system).filter(answered_on__gte=since)[:MAX_ITEMS]:
        url = reverse("network:system_idea_answers", args=[system.slug])
        answers.append(
            {"title": system_idea.title, "text": system_idea.public_answer, "url": absolute(url), "where": ""}
        )
    # New in the library: the list everyone sees (bookers-only recordings stay on their event's page).
    resources: list[Item] = [
        {
            "title": resource.title,
            "text": resource.summary,
            "url": absolute(reverse("network:resource_detail", args=[system.slug, resource.pk])),
            "where": "For members of the network" if resource.visibility == Visibility.MEMBERS else "",
        }
        for resource in resource_search(system=system).filter(created_at__gte=start)[:MAX_ITEMS]
    ]
    events: list[Item] = [
        {
            "title": row.event.title,
            "text": f"{row.event.when}. {row.event.get_kind_display()}, {row.event.get_mode_display().lower()}.",
            "url": absolute(reverse("network:event_detail", args=[system.slug, row.event.pk])),
            "where": "",
        }
        for row in selectors.event_list(system=system, limit=MAX_ITEMS)
    ]
    gathered: dict[str, list[Item]] = {
        "stories": stories[:MAX_ITEMS],
        "answers": answers[:MAX_ITEMS],
        "resources": resources,
        "events": events,
    }
    # What other apps contribute (award winners, …): `organisations.digest`, filled in their ready().
    for section in digest_sections():
        gathered[section.key] = [
            {"title": item.title, "text": item.text, "url": absolute(item.path), "where": item.where}
            for item in section.source(system, since)[:MAX_ITEMS]
        ]
    return gathered


@transaction.atomic
def update_compose(*, actor: User, system: System, subject: str, intro: str, since: datetime.date) -> Update:
    update = Update.objects.create(
        system=system,
        subject=subject.strip(),
        intro=intro.strip(),
        content=gather(system=system, since=since),
        created_by=actor,
    )
    audit_log(actor=actor, action="network.update_compose", obj=update, detail={"subject": update.subject})
    return update


@transaction.atomic
def update_send(*, actor: User, update: Update) -> Update:
    """Mark the update as sent and queue it. Only a draft can be sent, and only once."""
    locked = Update.objects.select_for_update().get(pk=update.pk)
    if locked.status != UpdateStatus.DRAFT:
        raise ValidationError("This update has already been sent")
    locked.status = UpdateStatus.SENDING
    locked.sent_at = timezone.now()
    locked.save(update_fields=["status", "sent_at"])
    audit_log(actor=actor, action="network.update_send", obj=locked, detail={"subject": locked.subject})
    # lazy: the sending tasks import this module for the email's words
    from openqi.network.update_sending import update_queue

    transaction.on_commit(partial(update_queue.enqueue, locked.pk))
    return locked


def recipients(*, system: System) -> QuerySet[Member]:
    """Members who confirmed their address and chose to hear updates, and have not withdrawn."""
    return Member.objects.filter(
        system=system, verified_at__isnull=False, consent_withdrawn_at__isnull=True, contact=Contact.EVERYTHING
    )


def wants_updates(member: Member) -> bool:
    """The same test as `recipients`, for one member at the moment of sending."""
    return (
        member.verified_at is not None and member.consent_withdrawn_at is None and member.contact == Contact.EVERYTHING
    )


def update_list_team(*, system: System) -> QuerySet[Update]:
    return Update.objects.filter(system=system)


def update_get_team(*, system: System, update_id: int) -> Update | None:
    return Update.objects.filter(system=system, pk=update_id).first()


def update_list_public(*, system: System) -> QuerySet[Update]:
    return Update.objects.filter(system=system).exclude(status=UpdateStatus.DRAFT).order_by("-sent_at", "-pk")


def update_get_public(*, system: System, update_id: int) -> Update | None:
    return update_list_public(system=system).filter(pk=update_id).first()


def unsubscribe_url(member: Member) -> str:
    token = tokens.make(member_id=member.pk, email=member.email, purpose=tokens.UNSUBSCRIBE)
    return absolute(reverse("network:unsubscribe", args=[member.system.slug, token]))


def member_from_unsubscribe(*, system: System, token: str) -> Member | None:
    read = tokens.read(token, purpose=tokens.UNSUBSCRIBE)
    if read is None:
        return None
    member = selectors.member_get(system=system, member_id=read[0])
    return member if member is not None and member.email == read[1] else None


def unsubscribe(*, member: Member) -> Member:
    """One click from an update: withdraw consent to be contacted, with today's date. Safe to repeat
    (the first date stands)."""
    if member.consent_withdrawn_at is not None:
        return member
    withdrawn = member_consent_withdraw(member=member)
    audit_log(actor=None, action="network.update_unsubscribe", obj=member, detail={"member": pseudonym(member.email)})
    return withdrawn


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


SECTIONS = (
    ("stories", "Improvement stories"),
    ("answers", "You said, we did"),
    ("resources", "New in the resources library"),
    ("events", "Coming up in the network"),
)


def sections(update: Update) -> list[tuple[str, list[Item]]]:
    content: dict[str, Any] = update.content or {}
    headings = [*SECTIONS, *((section.key, section.heading) for section in digest_sections())]
    return [(heading, content.get(key) or []) for key, heading in headings if content.get(key)]


def email_text(update: Update, *, unsubscribe: str) -> str:
    """The plain-text part (and the preview's text): no markup to escape."""
    lines = [update.subject, "=" * len(update.subject), "", *[p + "\n" for p in paragraphs(update.intro)]]
    for heading, items in sections(update):
        lines += [heading, "-" * len(heading), ""]
        for item in items:
            where = f" ({item['where']})" if item["where"] else ""
            lines += [f"* {item['title']}{where}", f"  {item['text']}", f"  {item['url']}", ""]
    archive = absolute(reverse("network:update_list", args=[update.system.slug]))
    lines += [
        f"Past updates: {archive}",
        "",
        f"You get this because you joined the {update.system.name} quality improvement network and chose to "
        "hear about it by email.",
        f"Unsubscribe: {unsubscribe}",
    ]
    return "\n".join(lines)


def email_html(update: Update, *, unsubscribe: str) -> str:
    return render_to_string(
        "network/email/update.html",
        {
            "update": update,
            "paragraphs": paragraphs(update.intro),
            "sections": sections(update),
            "unsubscribe": unsubscribe,
            "archive": absolute(reverse("network:update_list", args=[update.system.slug])),
        },
    )
