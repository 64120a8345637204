"""Forms of the resources library and of attendees' feedback."""

from typing import Any

from django import forms

from openqi.core.forms import set_choices
from openqi.core.nhs_number import contains_nhs_number
from openqi.network.resources.files import ACCEPTED, max_bytes
from openqi.network.resources.models import Audience, Level, Method, Rating, ResourceKind, Visibility

NHS_NUMBER_MESSAGE = "Remove the NHS number: do not share patient-identifiable information here"


def _refuse_nhs_numbers(form: forms.Form) -> None:
    for name, value in list(form.cleaned_data.items()):
        if isinstance(value, str) and contains_nhs_number(value):
            form.add_error(name, NHS_NUMBER_MESSAGE)


class ResourceForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
    )
    summary = forms.CharField(
        label="What it is and who it helps",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter a short summary",
            "max_length": "The summary must be 2000 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of resource",
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of resource", "invalid_choice": "Choose the kind of resource"},
    )
    methods = forms.MultipleChoiceField(
        label="QI methods it is about",
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one QI method", "invalid_choice": "Choose methods from the list"},
    )
    audiences = forms.MultipleChoiceField(
        label="Who it is for",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who it is for", "invalid_choice": "Choose audiences from the list"},
    )
    level = forms.ChoiceField(
        label="Level",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level", "invalid_choice": "Choose the level"},
    )
    visibility = forms.ChoiceField(
        label="Who may open it",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
        error_messages={"required": "Choose who may open it", "invalid_choice": "Choose who may open it"},
    )
    event = forms.ChoiceField(
        label="Event it belongs to (optional)",
        required=False,
        help_text="For a recording or the slides of an event.",
        error_messages={"invalid_choice": "Choose an event from the list"},
    )
    file = forms.FileField(
        label="File to upload",
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Choose a file to upload"},
    )
    link = forms.URLField(
        label="Or a link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, a video on the ICS's channel or a page on NHS England's website.",
        error_messages={"invalid": "Enter a link that starts with https://", "max_length": "The link is too long"},
    )

    def __init__(self, *args: Any, events: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = {str(e.pk): e for e in events}
        self.fields[
            "file"
        ].help_text = f"A {ACCEPTED} file, up to {max_bytes() // (1024 * 1024)} MB. Or enter a link below instead."
        set_choices(self, "event", [("", "No event")] + [(str(e.pk), f"{e.title} ({e.when})") for e in events])

    def clean_link(self) -> str:
        link = self.cleaned_data.get("link") or ""
        if link and not link.startswith("https://"):
            raise forms.ValidationError("Enter a link that starts with https://")
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _refuse_nhs_numbers(self)
        if "file" not in self.errors and "link" not in self.errors:
            if data.get("file") and data.get("link"):
                self.add_error("file", "Upload a file or enter a link, not both")
            elif not data.get("file") and not data.get("link"):
                self.add_error("file", "Choose a file to upload or enter a link")
        data["event"] = self.events.get(data.get("event") or "")
        return data


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Overall, how was the event?",
        choices=[(str(v), label) for v, label in reversed(Rating.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the event was", "invalid_choice": "Choose how the event was"},
    )
    recommend = forms.TypedChoiceField(
        label="Would you recommend it to a colleague or friend?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no", "invalid_choice": "Choose yes or no"},
    )
    went_well = forms.CharField(
        label="What went well? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not include anything that could identify you or a patient.",
        error_messages={"max_length": "Your answer must be 2000 characters or fewer"},
    )
    even_better = forms.CharField(
        label="What would have made it even better? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Your answer must be 2000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _refuse_nhs_numbers(self)
        return data
