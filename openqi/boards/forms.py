from typing import Any

from django import forms

from openqi.accounts.models import User
from openqi.core.forms import NhsDateField, set_choices


class CardForm(forms.Form):
    title = forms.CharField(
        label="What needs doing?",
        max_length=200,
        help_text="Shown on the ward screen too: do not include names or patient-identifiable information.",
        error_messages={"required": "Enter what needs doing", "max_length": "Keep it to 200 characters or fewer"},
    )
    owner = forms.TypedChoiceField(label="Owner (optional)", required=False, coerce=int, empty_value=None)
    due = NhsDateField(label="Due date (optional)", required=False, help_text="For example, 31 3 2027")
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    # The project the action is for (from a weak sustainability factor); the view checks it.
    project = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {p.pk: p for p in people}
        self.fields["owner"].choices = [("", "No owner yet")] + [  # type: ignore[attr-defined]
            (p.pk, p.full_name or p.email) for p in people
        ]

    def owner_user(self) -> User | None:
        owner_id = self.cleaned_data.get("owner")
        return self._people.get(owner_id) if owner_id else None


class CategoryForm(forms.Form):
    name = forms.CharField(
        label="What do you count?",
        max_length=100,
        help_text="For example, Discharges. Each day the board shows how many are needed and how many are done.",
        error_messages={"required": "Enter a name for the category, like Discharges"},
    )


class ScreenLinkForm(forms.Form):
    name = forms.CharField(
        label="Name of the screen",
        max_length=100,
        help_text="For example, Ward 1 staff room TV.",
        error_messages={"required": "Enter a name for the screen, like Ward 1 staff room"},
    )


COUNT_ONLY = "count"
NAMES = "names"


class HuddleLogForm(forms.Form):
    date = NhsDateField(label="Date of the huddle", help_text="For example, 7 12 2026")
    record = forms.ChoiceField(
        label="How do you want to record who came?",
        choices=[(COUNT_ONLY, "Record a count only"), (NAMES, "Tick who came from the team's members")],
        widget=forms.RadioSelect,
        help_text="The team's last choice is selected. Names are kept only if you tick them.",
        error_messages={"required": "Choose to record a count only or to tick who came"},
    )
    attended = forms.IntegerField(
        label="How many people came?",
        required=False,
        min_value=1,
        max_value=500,
        help_text="If you record a count only.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "invalid": "Enter how many people came as a whole number, like 8",
            "min_value": "Enter how many people came, 1 or more",
            "max_value": "Enter 500 or fewer",
        },
    )
    attendees = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="If you tick who came: the team's current members. The count is the number ticked.",
        error_messages={"invalid_choice": "Choose only people who are members of this team"},
    )
    discussed = forms.CharField(
        label="What was discussed?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not include names of patients or patient-identifiable information.",
        error_messages={"required": "Enter what was discussed", "max_length": "Keep it to 2,000 characters or fewer"},
    )
    actions = forms.CharField(
        label="Actions agreed (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Add each action to the board too, so it is followed up.",
        error_messages={"max_length": "Keep it to 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, people: list[User], names_preferred: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {p.pk: p for p in people}
        self.fields["record"].initial = NAMES if names_preferred else COUNT_ONLY
        set_choices(self, "attendees", [(str(p.pk), p.display_name) for p in people])
        if not people:
            self.fields["attendees"].help_text = "Nobody is a member of this team yet: record a count only."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = data.get("attendees") or []
        if data.get("record") == COUNT_ONLY:
            if ticked:
                self.add_error(
                    "attendees", "You chose to record a count only: untick the names, or choose to tick who came"
                )
            if data.get("attended") is None and "attended" not in self.errors:
                self.add_error("attended", "Enter how many people came")
        elif data.get("record") == NAMES and not ticked and "attendees" not in self.errors:
            self.add_error("attendees", "Tick who came, or choose to record a count only")
        return data

    def attendee_users(self) -> list[User] | None:
        """Who was ticked, or None for a count only."""
        if self.cleaned_data.get("record") != NAMES:
            return None
        return [self._people[int(pk)] for pk in self.cleaned_data.get("attendees", [])]


class ControlFeedForm(forms.Form):
    measure = forms.TypedChoiceField(
        label="Which measure should this count feed?",
        coerce=int,
        help_text="A daily run chart, XmR (I) chart or c chart measure of this organisation.",
        error_messages={
            "required": "Choose the measure this count feeds",
            "invalid_choice": "Choose a daily run chart, XmR (I) chart or c chart measure of this organisation",
        },
    )
    count = forms.ChoiceField(
        label="Which count is the day's value?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which count feeds the measure", "invalid_choice": "Choose a count"},
    )

    def __init__(self, *args: Any, measures: list[Any], counts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Choose a measure")] + [  # type: ignore[attr-defined]
            (m.pk, m.name) for m in measures
        ]
        self.fields["count"].choices = counts  # type: ignore[attr-defined]
