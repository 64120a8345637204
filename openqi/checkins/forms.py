from typing import Any

from django import forms

from openqi.anonymity import MIN_K
from openqi.checkins.models import Score
from openqi.checkins.services import COMMENT_MAX
from openqi.core.forms import set_choices
from openqi.organisations.models import Organisation, Team


class CheckInForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How is work today?",
        coerce=int,
        choices=Score.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how work is today", "invalid_choice": "Choose how work is today"},
    )
    reasons = forms.MultipleChoiceField(
        label="What is it about? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose reasons from the list"},
    )
    comment = forms.CharField(
        label="What would make tomorrow better? (optional)",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Your answer is anonymous, but free text can identify you. "
            "Do not include patient-identifiable information, such as names or NHS numbers."
        ),
        error_messages={"max_length": f"Your comment must be {COMMENT_MAX} characters or fewer"},
    )

    def __init__(self, *args: Any, reasons: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "reasons", [(r, r) for r in reasons])


class CheckinSettingsForm(forms.Form):
    reporting_k = forms.IntegerField(
        label="Reporting threshold (k)",
        min_value=MIN_K,
        max_value=100,
        help_text=(
            f"The least number of answers before any result is shown. Never below {MIN_K}; "
            "a higher number protects people more."
        ),
        error_messages={
            "required": "Enter a reporting threshold",
            "invalid": "Enter the reporting threshold as a whole number, like 11",
            "min_value": f"The reporting threshold must be {MIN_K} or more",
            "max_value": "The reporting threshold must be 100 or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
    )
    reasons = forms.CharField(
        label="Reasons people can choose",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One reason on each line, up to 15.",
        error_messages={"required": "Enter at least one reason"},
    )

    def clean_reasons(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["reasons"].splitlines() if line.strip()]


class KioskForm(forms.Form):
    name = forms.CharField(
        label="Device name",
        max_length=100,
        help_text="For example, Ward 7 staff room tablet.",
        error_messages={"required": "Enter a device name"},
    )
    team = forms.ChoiceField(label="Team", error_messages={"required": "Choose a team"})

    def __init__(self, *args: Any, organisation: Organisation, teams: list[tuple[Team, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.teams = {str(t.pk): t for t, _ in teams}
        set_choices(self, "team", [("", "Choose a team")] + [(str(t.pk), "– " * d + t.name) for t, d in teams])

    def clean_team(self) -> Team:
        team = self.teams.get(self.cleaned_data.get("team", ""))
        if team is None:
            raise forms.ValidationError("Choose a team")
        return team
