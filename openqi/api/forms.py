"""The form for a new API token."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from openqi.api.models import TokenAccess, TokenKind, TokenScope
from openqi.core.forms import NhsDateField, set_choices
from openqi.organisations.models import ROLE_RANK, Role

DEFAULT_DAYS = 90


def role_choices(acting_role: str) -> list[tuple[str, str]]:
    """Roles a token may carry: staff up to the issuer's own (partners have no API access)."""
    top = ROLE_RANK.get(acting_role, ROLE_RANK[Role.ORG_ADMIN])
    return [(value, str(label)) for value, label in Role.choices if ROLE_RANK[Role.STAFF] <= ROLE_RANK[value] <= top]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What uses it, so you can tell your tokens apart. For example, Data warehouse nightly load.",
        error_messages={"required": "Enter a name for the token"},
    )
    kind = forms.ChoiceField(
        label="Who is it for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the token is for", "invalid_choice": "Choose who the token is for"},
    )
    role = forms.ChoiceField(
        label="Role",
        help_text="The token can do what this role can, and never more than you can.",
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )
    access = forms.ChoiceField(
        label="What can it do?",
        widget=forms.RadioSelect,
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        error_messages={"required": "Choose read only, or read and write"},
    )
    scope = forms.ChoiceField(
        label="What will use it?",
        widget=forms.RadioSelect,
        required=False,  # the API unless an admin chooses SCIM
        choices=TokenScope.choices,
        initial=TokenScope.API,
        help_text="A SCIM token lets Microsoft Entra ID add people, end leavers' memberships and keep teams in step."
        " It must be an organisation service token with the organisation admin role, read and write.",
        error_messages={
            "required": "Choose what will use the token",
            "invalid_choice": "Choose what will use the token",
        },
    )
    expires_on = NhsDateField(
        label="Expiry date",
        help_text=f"At most a year from today. For example, {timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS):%-d %-m %Y}.",
        error_messages={"required": "Enter the expiry date", "incomplete": "Enter the expiry date"},
    )

    def __init__(self, *args: Any, acting_role: str, may_issue_service: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(TokenKind.PERSONAL.value, "Me: a personal access token that acts as me")]
        if not may_issue_service:
            del self.fields["scope"]  # SCIM tokens are service tokens: admins only
        if may_issue_service:
            kinds.append((TokenKind.SERVICE.value, "A system: an organisation service token, managed by admins"))
        set_choices(self, "kind", kinds)
        self.fields["kind"].initial = TokenKind.PERSONAL
        set_choices(self, "role", role_choices(acting_role))
        self.fields["role"].initial = Role.STAFF
