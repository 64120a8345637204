"""What the ideas app holds about a person (registered in `openqi.core.personal_data`).

Anonymous ideas are nobody's personal data (ADR 0007): they have no submitter, and this module
never exports them or their history, not even where the person is the idea's owner or acted on
it. The one exception is erasing a member of staff: an anonymous idea assigned to them,
or a step they took on one, loses its link to them (their data, not the anonymous author's).
Erasure keeps the organisation's ideas, history and discussions, shown as by a
former member; it deletes the person's support, follows and mentions."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.ideas.models import Campaign, Idea, IdeaComment, IdeaEvent, IdeaFollow, IdeaMention, IdeaSupport, Identity

IDEA_FIELDS = (
    "id",
    "organisation__name",
    "title",
    "problem",
    "suggestion",
    "identity",
    "source",
    "status",
    "submitted_on",
    "submitted_at",
    "public_answer",
)


def _named(queryset: Any, prefix: str = "") -> Any:
    return queryset.exclude(**{f"{prefix}identity": Identity.ANONYMOUS})


def export_personal_data(*, user: User) -> dict[str, Any]:
    ideas = Idea.objects.order_by("submitted_on", "id")
    return {
        "ideas_shared": list(_named(ideas.filter(submitted_by=user)).values(*IDEA_FIELDS)),
        "ideas_owned": list(_named(ideas.filter(owner=user)).values("id", "organisation__name", "title", "status")),
        "comments": list(
            _named(IdeaComment.objects.filter(author=user), "idea__")
            .order_by("created_at", "id")
            .values("idea_id", "idea__title", "body", "created_at")
        ),
        "mentions": list(
            _named(IdeaMention.objects.filter(user=user), "comment__idea__").values(
                "comment__idea_id", "comment__idea__title", "comment__created_at"
            )
        ),
        "supported": list(
            _named(IdeaSupport.objects.filter(user=user), "idea__").values("idea_id", "idea__title", "created_at")
        ),
        "following": list(_named(IdeaFollow.objects.filter(user=user), "idea__").values("idea_id", "idea__title")),
        "history_steps": list(
            _named(IdeaEvent.objects.filter(actor=user), "idea__")
            .order_by("created_on", "id")
            .values("idea_id", "kind", "status", "message", "created_on", "created_at")
        ),
        "campaigns_created": list(
            Campaign.objects.filter(created_by=user).values("organisation__name", "title", "starts_on", "ends_on")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    # Only named ideas point at a person; the filter on identity keeps anonymous rows untouched
    # even if a row ever broke that rule.
    return {
        "ideas_unlinked": _named(Idea.objects.filter(submitted_by=user)).update(submitted_by=None),
        "ideas_unassigned": Idea.objects.filter(owner=user).update(owner=None),
        "comments_kept_without_author": IdeaComment.objects.filter(author=user).update(author=None),
        "history_steps_unlinked": IdeaEvent.objects.filter(actor=user).update(actor=None),
        "campaigns_unlinked": Campaign.objects.filter(created_by=user).update(created_by=None),
        "mentions": IdeaMention.objects.filter(user=user).delete()[0],
        "support": IdeaSupport.objects.filter(user=user).delete()[0],
        "follows": IdeaFollow.objects.filter(user=user).delete()[0],
    }


personal_data.register(app="ideas", export=export_personal_data, erase=erase_personal_data)
