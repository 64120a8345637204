"""Writes about people: preferences, disabling an account, drafts kept across signing in."""

from django.db import transaction
from django.utils import timezone

from openqi.accounts.drafts import DRAFT_LIFETIME, DRAFT_MAX_CHARACTERS, draft_size
from openqi.accounts.models import FormDraft, User
from openqi.audit.services import audit_log


@transaction.atomic
def user_preferences_update(*, user: User, full_name: str, email_frequency: str) -> User:
    user.full_name = full_name.strip()
    user.email_frequency = email_frequency
    user.save(update_fields=["full_name", "email_frequency"])
    audit_log(actor=user, action="user.preferences_update", obj=user, detail={"email_frequency": email_frequency})
    return user


@transaction.atomic
def user_disable(*, actor: User, user: User) -> User:
    """Disable an account. Its sessions end at once: an inactive user no longer authenticates,
    so the next request of every open session is anonymous."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_log(actor=actor, action="user.disable", obj=user)
    return user


@transaction.atomic
def form_draft_keep(*, user: User, path: str, data: dict[str, list[str]]) -> FormDraft | None:
    """Keep what `user` sent to `path` when their session had ended, replacing any older draft
    of the same page. Nothing is kept for an empty or oversized form. The audit entry names the
    page, never the text."""
    if not data or draft_size(data) > DRAFT_MAX_CHARACTERS:
        return None
    now = timezone.now()
    draft, _ = FormDraft.objects.update_or_create(
        user=user, path=path, defaults={"data": data, "created_at": now, "expires_at": now + DRAFT_LIFETIME}
    )
    audit_log(actor=user, action="form_draft.keep", obj=user, detail={"path": path, "fields": sorted(data)})
    return draft


@transaction.atomic
def form_draft_take(*, user: User, path: str) -> dict[str, list[str]] | None:
    """Hand back (and delete) `user`'s live draft of `path`, if there is one."""
    draft = FormDraft.objects.select_for_update().filter(user=user, path=path).first()
    if draft is None:
        return None
    draft.delete()
    if draft.expires_at <= timezone.now():
        return None
    audit_log(actor=user, action="form_draft.restore", obj=user, detail={"path": path})
    return dict(draft.data)


@transaction.atomic
def form_drafts_purge() -> int:
    """Delete every draft past its lifetime; the number deleted."""
    return FormDraft.objects.filter(expires_at__lte=timezone.now()).delete()[0]
