from typing import Any

from django import forms

from openqi.core.forms import set_choices
from openqi.organisations.models import ROLE_RANK, Organisation, Role, System, Team
from openqi.organisations.selectors import team_list


def team_choices(organisation: Organisation, empty: str = "No team") -> list[tuple[str, str]]:
    """Teams of one organisation for a select, in outline order and indented by depth."""

    return [("", empty)] + [(str(t.pk), "– " * depth + t.name) for t, depth in team_list(organisation=organisation)]


def _role_choices(actor_role: str) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Role.choices
        if ROLE_RANK[value] <= ROLE_RANK.get(actor_role, ROLE_RANK[Role.ORG_ADMIN])
        and (value != Role.ORG_ADMIN or actor_role in (Role.ORG_ADMIN, "system_admin"))
    ]


class TeamChoiceMixin:
    """For a form with `organisation` set: a team picked from a select must be one of its teams."""

    organisation: Organisation
    cleaned_data: dict[str, Any]

    def team_from_choice(self, name: str = "team") -> Team | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        team = Team.objects.filter(organisation=self.organisation, pk=value).first()
        if team is None:
            raise forms.ValidationError("Choose a team from the list")
        return team

    def clean_team(self) -> Team | None:
        return self.team_from_choice("team")


class MembershipForm(TeamChoiceMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )
    team = forms.ChoiceField(
        label="Team (optional)", required=False, error_messages={"invalid_choice": "Choose a team from the list"}
    )

    def __init__(self, *args: Any, organisation: Organisation, actor_role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "role", _role_choices(actor_role))
        set_choices(self, "team", team_choices(organisation))


class InvitationForm(MembershipForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will email an invitation link to this address. It works for 14 days.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )

    field_order = ("email", "role", "team")


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=200, error_messages={"required": "Enter a team name"})
    parent = forms.ChoiceField(
        label="Part of (optional)",
        required=False,
        help_text="For example, a ward within a directorate.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(self, "parent", [("", "Top level"), *team_choices(organisation)[1:]])

    def clean_parent(self) -> Team | None:
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        team = Team.objects.filter(organisation=self.organisation, pk=value).first()
        if team is None:
            raise forms.ValidationError("Choose a team from the list")
        return team


class SystemForm(forms.Form):
    name = forms.CharField(
        label="System name",
        max_length=200,
        help_text="For example, North Riverside ICS.",
        error_messages={"required": "Enter a system name"},
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if System.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A system with this name already exists")
        return name


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Organisation name", max_length=200, error_messages={"required": "Enter an organisation name"}
    )
    ods_code = forms.CharField(
        label="ODS code (optional)",
        max_length=10,
        required=False,
        help_text="The Organisation Data Service code, for example RX1.",
    )
    system = forms.ChoiceField(label="Integrated care system", error_messages={"required": "Choose a system"})

    def __init__(self, *args: Any, systems: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.systems = {str(s.pk): s for s in systems}
        set_choices(self, "system", [("", "Choose a system")] + [(k, s.name) for k, s in self.systems.items()])

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("An organisation with this name already exists")
        return name

    def clean_system(self) -> System:
        system = self.systems.get(self.cleaned_data.get("system", ""))
        if system is None:
            raise forms.ValidationError("Choose a system")
        return system
