"""Asking for a report, and scheduling one monthly. The subject fields are filled with only what
the person may see; an id they may not see is an invalid choice, never a report."""

from typing import Any

from django import forms

from openqi.organisations.models import Membership
from openqi.reports.models import Kind

SUBJECT_FIELD = {Kind.PROJECT: "project", Kind.NEWSLETTER: "team", Kind.CAMPAIGN: "campaign"}


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which report?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which report to make", "invalid_choice": "Choose which report to make"},
    )
    project = forms.ChoiceField(
        label="Project (for a project one-pager)",
        required=False,
        error_messages={"invalid_choice": "Choose a project from the list"},
    )
    team = forms.ChoiceField(
        label="Team (for a newsletter: leave empty for the whole organisation)",
        required=False,
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    campaign = forms.ChoiceField(
        label="Closed campaign (for a campaign closing report)",
        required=False,
        error_messages={"invalid_choice": "Choose a closed campaign from the list"},
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        projects: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        campaigns: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["project"].choices = [("", "Choose a project"), *projects]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "The whole organisation"), *teams]  # type: ignore[attr-defined]
        self.fields["campaign"].choices = [("", "Choose a campaign"), *campaigns]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == Kind.PROJECT and not cleaned.get("project"):
            self.add_error("project", "Choose the project for the one-pager")
        if kind == Kind.CAMPAIGN and not cleaned.get("campaign"):
            self.add_error("campaign", "Choose the campaign for the closing report")
        return cleaned

    def parameters(self) -> dict[str, int]:
        kind = self.cleaned_data["kind"]
        field = SUBJECT_FIELD.get(kind)
        value = self.cleaned_data.get(field) if field else None
        return {f"{field}_id": int(value)} if field and value else {}


class ScheduleForm(ReportForm):
    day_of_month = forms.TypedChoiceField(
        label="Day of the month to make it",
        coerce=int,
        choices=[(d, str(d)) for d in range(1, 29)],
        initial=1,
        error_messages={"required": "Choose a day of the month", "invalid_choice": "Choose a day from 1 to 28"},
    )
    recipients = forms.TypedMultipleChoiceField(
        label="Who gets the link each month?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="They get an email with a link, never the file. The link asks them to sign in and checks what they may see.",
        error_messages={
            "required": "Choose at least one person to send the link to",
            "invalid_choice": "Choose people from the list",
        },
    )

    def __init__(self, *args: Any, people: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {m.pk: m for m in people}
        self.fields["recipients"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.user.display_name} ({m.user.email})") for m in people
        ]

    def recipient_memberships(self) -> list[Membership]:
        return [self._people[pk] for pk in self.cleaned_data["recipients"] if pk in self._people]
