"""Named system ideas in subject access and erasure (core.personal_data, ADR 0009 and 0029).

Anonymous system ideas hold nothing that leads to a person, so they are neither exported nor
erased. A named one is the person's: exported with its status and answer; on erasure its link to
the account (or network membership) is cleared and the idea stays, shown as by a former member."""

from typing import Any

from django.db.models import Q

from openqi.core import personal_data
from openqi.network.models import Member
from openqi.network.system_models import SystemIdea


def _named_ideas(user: Any) -> Any:
    members = Member.objects.filter(Q(email__iexact=user.email) | Q(user=user)).values("pk")
    return SystemIdea.objects.filter(Q(submitted_by=user) | Q(submitted_by_member__in=members))


def export_personal_data(*, user: Any) -> dict[str, Any]:
    return {
        "system_ideas": [
            {
                "network": idea.system.name,
                "title": idea.title,
                "problem": idea.problem,
                "suggestion": idea.suggestion,
                "shared_on": idea.submitted_on.isoformat(),
                "status": idea.status,
                "public_answer": idea.public_answer,
            }
            for idea in _named_ideas(user).select_related("system")
        ]
    }


def erase_personal_data(*, user: Any, pseudonym: str) -> dict[str, int]:
    unlinked = _named_ideas(user).update(submitted_by=None, submitted_by_member=None)
    return {"system_ideas_unlinked": unlinked}


# Before the network's own handler, which deletes the membership this one still needs to find.
personal_data.register(
    app="network_system_ideas",
    export=export_personal_data,
    erase=erase_personal_data,
    order=personal_data.ORDER_DEFAULT - 1,
)
