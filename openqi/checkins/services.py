"""Writes for check-ins, their settings and kiosk devices.

A check-in itself is never audited: an audit row carries an actor and a time, which is exactly
what would tie a person to an answer. Settings changes, hiding a comment and kiosk devices are
audited as usual (the actor is the lead, never the author).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.anonymity import MIN_K, effective_k
from openqi.audit.services import audit_log
from openqi.checkins.aggregates import checkin_day_record
from openqi.checkins.decisions import ROOT, reasons_shown_get, tree_digest, week_decisions_get
from openqi.checkins.models import (
    CheckIn,
    CheckInDayKey,
    CheckInDecision,
    CheckInMarker,
    CheckinSettings,
    KioskDevice,
    Score,
    marker_digest,
)
from openqi.checkins.selectors import (
    Weeks,
    checkin_settings_get,
    complete_weeks,
    latest_complete_block,
    team_tree_get,
)
from openqi.core.nhs_number import contains_nhs_number
from openqi.organisations.models import Organisation, Team

ALREADY_TODAY = "You have already checked in today. Thank you – come back tomorrow."
NHS_NUMBER_REFUSED = (
    "Your comment looks like it contains an NHS number. Remove it: no patient-identifiable "
    "information belongs in OpenQI"
)
COMMENT_MAX = 500


def _day_key(day: datetime.date) -> bytes:
    key = CheckInDayKey.objects.filter(date=day).values_list("key", flat=True).first()
    if key is None:
        # The first answer of a new day also clears yesterday's keys and markers.
        checkin_purge(today=day)
        try:
            with transaction.atomic():
                CheckInDayKey.objects.create(date=day, key=CheckInDayKey.new_key())
        except IntegrityError:
            pass  # another request made today's key first
        key = CheckInDayKey.objects.values_list("key", flat=True).get(date=day)
    return bytes.fromhex(key)


def _marker_add(*, digest: str, day: datetime.date) -> bool:
    """Insert today's marker; False when it is already there. `ON CONFLICT DO NOTHING` (PostgreSQL
    and SQLite) instead of catching an IntegrityError saves a savepoint's two round trips."""
    table = connection.ops.quote_name(CheckInMarker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, date) VALUES (%s, %s) ON CONFLICT (digest) DO NOTHING",  # noqa: S608
            [digest, day],
        )
        return cursor.rowcount == 1


def _clean_answer(*, organisation: Organisation, score: int, reasons: list[str], comment: str) -> tuple[list[str], str]:

    if score not in Score.values:
        raise ValidationError({"score": "Choose how work is today"})
    allowed = checkin_settings_get(organisation=organisation).reasons
    if any(reason not in allowed for reason in reasons):
        raise ValidationError({"reasons": "Choose reasons from the list"})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": f"Your comment must be {COMMENT_MAX} characters or fewer"})
    if contains_nhs_number(comment):
        raise ValidationError({"comment": NHS_NUMBER_REFUSED})
    return [r for r in allowed if r in reasons], comment


@transaction.atomic
def checkin_submit(
    *,
    user: User,
    organisation: Organisation,
    team: Team | None,
    score: int,
    reasons: list[str],
    comment: str = "",
) -> CheckIn:
    """Record today's answer for a signed-in member, once per person per day, without storing who."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError("The team belongs to another organisation.")
    reasons, comment = _clean_answer(organisation=organisation, score=score, reasons=reasons, comment=comment)
    today = timezone.localdate()
    digest = marker_digest(key=_day_key(today), organisation_id=organisation.pk, user_id=user.pk, day=today)
    if not _marker_add(digest=digest, day=today):
        raise ValidationError(ALREADY_TODAY)
    checkin = CheckIn.objects.create(
        organisation=organisation, team=team, date=today, score=score, reasons=reasons, comment=comment
    )
    checkin_day_record(checkin)
    return checkin


@transaction.atomic
def checkin_purge(*, today: datetime.date | None = None) -> int:
    """Delete markers and day keys from before today: afterwards no marker can be reversed."""
    today = today or timezone.localdate()
    markers, _ = CheckInMarker.objects.filter(date__lt=today).delete()
    CheckInDayKey.objects.filter(date__lt=today).delete()
    return markers


def checkin_decisions_publish(*, organisation: Organisation, today: datetime.date | None = None) -> int:
    """Publish the decisions the pages will read (every complete week shown, the last two by day,
    the reasons' block), so that no reader waits to decide them; run nightly by `checkins_purge`.
    Returns how many were published (none when the first readers already have)."""
    settings = checkin_settings_get(organisation=organisation)
    k = effective_k(settings.reporting_k)
    today = today or timezone.localdate()
    weeks = complete_weeks(today=today)
    tree = team_tree_get(organisation=organisation)
    digest = tree_digest(parent=tree.parent, k=k, reasons=settings.reasons)
    grid = Weeks.grid_of(tree)
    inside = grid.subtrees()
    before = CheckInDecision.objects.filter(organisation=organisation).count()
    for shown, by_day in ((weeks, []), (weeks[-2:], weeks[-2:])):
        week_decisions_get(
            organisation=organisation,
            grid=grid,
            inside=inside,
            digest=digest,
            weeks=shown,
            day_weeks=by_day,
            k=k,
            nodes=[ROOT],
        )
    reasons_shown_get(
        organisation=organisation,
        grid=grid,
        inside=inside,
        digest=digest,
        block=latest_complete_block(today=today),
        k=k,
        names=settings.reasons,
        node=ROOT,
    )
    return CheckInDecision.objects.filter(organisation=organisation).count() - before


def kiosk_rate_limited(*, device: KioskDevice) -> bool:
    """At most CHECKIN_KIOSK_RATE answers per minute from one device, counted in the cache
    (shared across workers); no IP address is looked at or stored."""
    limit = settings.CHECKIN_KIOSK_RATE
    key = f"checkins:kiosk:{device.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit


@transaction.atomic
def checkin_submit_kiosk(*, device: KioskDevice, score: int) -> CheckIn:
    """One tap on a shared ward device: a score for the device's team, nothing else."""
    if device.revoked_at is not None:
        raise PermissionDenied("This device has been switched off.")
    if score not in Score.values:
        raise ValidationError({"score": "Choose how work is today"})
    if kiosk_rate_limited(device=device):
        raise ValidationError("Too many answers from this device just now. Wait a minute and try again.")
    checkin = CheckIn.objects.create(
        organisation_id=device.organisation_id, team_id=device.team_id, date=timezone.localdate(), score=score
    )
    checkin_day_record(checkin)
    return checkin


@transaction.atomic
def checkin_comment_hide(*, actor: User, organisation: Organisation, checkin: CheckIn) -> CheckIn:
    """Hide an abusive comment from every view and export. The audit names the lead who hid it."""
    if checkin.organisation_id != organisation.pk:
        raise PermissionDenied("That check-in belongs to another organisation.")
    checkin.hidden = True
    checkin.save(update_fields=["hidden"])
    audit_log(actor=actor, action="checkin.comment_hide", organisation=organisation, obj=checkin)
    return checkin


@transaction.atomic
def checkin_settings_update(
    *, actor: User, organisation: Organisation, reporting_k: int, reasons: list[str]
) -> CheckinSettings:
    if reporting_k < MIN_K:
        raise ValidationError({"reporting_k": f"The reporting threshold must be {MIN_K} or more"})
    cleaned = list(dict.fromkeys(r.strip()[:60] for r in reasons if r.strip()))
    if not cleaned:
        raise ValidationError({"reasons": "Enter at least one reason"})
    if len(cleaned) > 15:
        raise ValidationError({"reasons": "Enter 15 reasons or fewer"})
    current, _ = CheckinSettings.objects.get_or_create(organisation=organisation)
    before = {"reporting_k": current.reporting_k, "reasons": current.reasons}
    current.reporting_k = reporting_k
    current.reasons = cleaned
    current.full_clean()
    current.save()
    audit_log(
        actor=actor,
        action="checkin.settings_change",
        organisation=organisation,
        obj=current,
        detail={"before": before, "after": {"reporting_k": reporting_k, "reasons": cleaned}},
    )
    return current


@transaction.atomic
def kiosk_create(*, actor: User, organisation: Organisation, team: Team, name: str) -> tuple[KioskDevice, str]:
    """A new kiosk link. The token is returned once, to show the lead; only its hash is kept."""
    if team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    token, token_hash = KioskDevice.new_token()
    device = KioskDevice.objects.create(organisation=organisation, team=team, name=name.strip(), token_hash=token_hash)
    audit_log(actor=actor, action="checkin.kiosk_create", organisation=organisation, obj=device)
    return device, token


@transaction.atomic
def kiosk_revoke(*, actor: User, device: KioskDevice) -> KioskDevice:
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="checkin.kiosk_revoke",
            organisation=device.organisation,
            obj=device,
            detail={"name": device.name, "team": device.team_id},
        )
    return device


def kiosk_find(*, token: str) -> KioskDevice | None:
    return (
        KioskDevice.objects.filter(token_hash=KioskDevice.hash_token(token), revoked_at__isnull=True)
        .select_related("organisation", "team")
        .first()
    )
