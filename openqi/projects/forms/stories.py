"""Forms for stories and partner involvement, with NHS-style messages. Services check again."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from openqi.core.forms import NhsDateField, set_choices
from openqi.core.nhs_number import contains_nhs_number
from openqi.projects.forms.projects import area_field, text_field
from openqi.projects.services.involvement import involvement_problems
from openqi.projects.services.stories import NHS_NUMBER_MESSAGE, TEXT_FIELDS

NO_CHART = "none"


class StoryForm(forms.Form):
    title = text_field("Title", "Enter a title for the story", max_length=200)
    problem = area_field(
        "The problem",
        "Enter the problem the project tackled",
        help_text="Stories can be made public. Do not include anything that could identify a patient.",
    )
    tried = area_field("What we tried", "Enter what you tried", help_text="The changes you tested and how.")
    results = area_field("Results", "Enter the results", help_text="What changed, in numbers and in words.")
    lessons = area_field(
        "Lessons", "Enter the lessons learned", help_text="What others should know before they try it."
    )
    chart_link = forms.ChoiceField(
        label="Results chart",
        widget=forms.RadioSelect,
        help_text="The chart of one of the project's linked measures. Without one, the PDSA timeline is shown.",
        error_messages={
            "required": "Choose a results chart",
            "invalid_choice": "Choose one of this project's linked measures",
        },
    )
    credit_team = forms.BooleanField(
        label="Credit the project team by name on the public page",
        required=False,
        help_text="Staff on the project are named. Partners (patients and carers) are never named.",
    )

    def __init__(self, *args: Any, measures: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "chart_link", [*measures, (NO_CHART, "No measure: show the PDSA timeline")])
        self.fields["chart_link"].initial = NO_CHART

    def clean_chart_link(self) -> int | None:
        value = self.cleaned_data["chart_link"]
        return None if value == NO_CHART else int(value)

    def clean(self) -> dict[str, Any]:
        # Said at once with the other errors, not only after they are fixed (the service checks again).
        data = super().clean() or {}
        for name in TEXT_FIELDS:
            if name not in self.errors and contains_nhs_number(data.get(name, "")):
                self.add_error(name, NHS_NUMBER_MESSAGE)
        return data


class StoryReturnForm(forms.Form):
    reason = area_field(
        "Why are you returning the story?",
        "Enter why the story is being returned, so the lead knows what to change",
        help_text="The project lead sees this.",
        rows=4,
    )


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text="In pounds, for example 12.50. Leave empty for none.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"}),
        error_messages={
            "invalid": f"Enter {label.lower()} as an amount in pounds, like 12.50",
            "max_digits": f"{label} must be less than £1,000,000",
            "max_decimal_places": f"Enter {label.lower()} in pounds and pence, like 12.50",
            "max_whole_digits": f"{label} must be less than £1,000,000",
        },
    )


class InvolvementForm(forms.Form):
    member = forms.ChoiceField(
        label="Partner",
        error_messages={"required": "Choose the partner", "invalid_choice": "Choose a partner on this project"},
    )
    date = NhsDateField(label="Date", help_text="For example, 15 3 2026")
    activity = text_field(
        "Session or activity",
        "Enter the session or activity",
        max_length=200,
        help_text="For example, project meeting or ward walk-round.",
    )
    hours = forms.DecimalField(
        label="Hours",
        max_digits=4,
        decimal_places=2,
        help_text="For example, 1.5. No more than 24.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-5"}),
        error_messages={
            "required": "Enter the hours, for example 1.5",
            "invalid": "Enter the hours as a number, like 1.5",
            "max_digits": "Hours must be 24 or fewer for one entry",
            "max_whole_digits": "Hours must be 24 or fewer for one entry",
            "max_decimal_places": "Enter the hours with up to 2 decimal places, like 1.25",
        },
    )
    expenses = _money("Expenses")
    voucher = _money("Voucher value")
    note = text_field("Note (optional)", max_length=500)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "member", [("", "Choose a partner"), *partners])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = involvement_problems(
            date=data.get("date") if "date" not in self.errors else datetime.date.min,
            activity=data.get("activity", "x") if "activity" not in self.errors else "x",
            hours=data.get("hours") if "hours" not in self.errors else Decimal(0),
            expenses=data.get("expenses") if "expenses" not in self.errors else None,
            voucher=data.get("voucher") if "voucher" not in self.errors else None,
            note=data.get("note", ""),
            today=timezone.localdate(),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data
