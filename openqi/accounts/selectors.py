"""Reads about people."""

from django.utils import timezone

from openqi.accounts.models import FormDraft, User


def form_draft_paths(*, user: User) -> list[str]:
    """The pages `user` has a live draft of (read once, at sign-in)."""
    return list(FormDraft.objects.filter(user=user, expires_at__gt=timezone.now()).values_list("path", flat=True))
