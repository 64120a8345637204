import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from openqi.core.forms import NhsDateField, set_choices
from openqi.core.nhs_number import contains_nhs_number
from openqi.network.models import Contact, EventKind, Mode, Topic
from openqi.vocabulary import Domain

LONDON = ZoneInfo("Europe/London")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
NHS_NUMBER_MESSAGE = "Remove the NHS number: do not share patient-identifiable information here"


class _Text:
    def _refuse_nhs_numbers(self) -> None:
        form: Any = self
        for name, value in list(form.cleaned_data.items()):
            if isinstance(value, str) and contains_nhs_number(value):
                form.add_error(name, NHS_NUMBER_MESSAGE)


class _MemberChoices(_Text, forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 200 characters or fewer"},
    )
    job_role = forms.CharField(
        label="Your role (optional)",
        max_length=120,
        required=False,
        help_text="For example, ward sister, practice manager, carer, member of the public.",
        error_messages={"max_length": "Your role must be 120 characters or fewer"},
    )
    topics = forms.MultipleChoiceField(
        label="What would you like to learn about or share?",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    domains = forms.MultipleChoiceField(
        label="Which parts of quality matter most to you?",
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.CharField(
        label="Services you work in or care about (optional)",
        max_length=300,
        required=False,
        help_text="For example, urgent care, maternity, mental health. Do not include anything about your own health.",
        error_messages={"max_length": "Services must be 300 characters or fewer"},
    )
    contact = forms.ChoiceField(
        label="How would you like to hear from us?",
        choices=Contact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to hear from us"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned


class JoinForm(_MemberChoices):
    field_order = ("name", "email", "job_role", "topics", "domains", "services", "contact", "consent")
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Staff of a partner organisation: use your work email and we will link you to your organisation.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    consent = forms.BooleanField(
        label="I agree",
        required=False,  # the service refuses without it, with its own message
    )
    website = forms.CharField(required=False)  # a honeypot: people never see it


class PreferencesForm(_MemberChoices):
    pass


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


def _parse_time(value: str, label: str) -> datetime.time:
    match = _TIME.match(value.strip())
    if not match:
        raise forms.ValidationError(f"Enter the {label} as a 24-hour time, like 09:30 or 14:00")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def london(day: datetime.date, at: datetime.time) -> datetime.datetime | None:
    """A wall-clock time in Europe/London, or None when the clocks skip it (spring forward)."""
    moment = datetime.datetime.combine(day, at, tzinfo=LONDON)
    round_trip = moment.astimezone(datetime.UTC).astimezone(LONDON)
    return moment if round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None) else None


class EventForm(_Text, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
    )
    description = forms.CharField(
        label="What it is about and who it is for",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Enter what the event is about",
            "max_length": "The description must be 5000 characters or fewer",
        },
    )
    organisation = forms.ChoiceField(
        label="Run by",
        required=False,
        help_text="An event one partner organisation runs is listed beside the network's own.",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind of event",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of event"},
    )
    day = NhsDateField(label="Date", help_text="For example, 15 3 2027")
    start = forms.CharField(
        label="Start time",
        help_text="UK time, 24-hour clock, for example 09:30",
        max_length=5,
        error_messages={"required": "Enter the start time"},
    )
    end = forms.CharField(
        label="End time",
        help_text="UK time, 24-hour clock, for example 11:00",
        max_length=5,
        error_messages={"required": "Enter the end time"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "Places must be a whole number",
            "min_value": "Places must be 1 or more",
            "max_value": "Places must be 10000 or fewer",
        },
    )
    mode = forms.ChoiceField(
        label="In person or online",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person or online"},
    )
    venue = forms.CharField(
        label="Venue (in person)",
        max_length=300,
        required=False,
        error_messages={"max_length": "The venue must be 300 characters or fewer"},
    )
    accessibility = forms.CharField(
        label="Accessibility (in person)",
        help_text="Step-free access, hearing loop, parking, quiet room, how to ask for adjustments.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": "Accessibility must be 2000 characters or fewer"},
    )
    online_link = forms.URLField(
        label="Joining link (online)",
        help_text="Shown only to people with a confirmed place.",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the joining link as a web address, like https://meet.example.org/abc"},
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        set_choices(self, "organisation", [("", "The network")] + [(k, o.name) for k, o in self.organisations.items()])

    def clean_organisation(self) -> Any:
        return self.organisations.get(self.cleaned_data.get("organisation") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        day = cleaned.get("day")
        times = {}
        for name, label in (("start", "start time"), ("end", "end time")):
            if cleaned.get(name):
                try:
                    times[name] = _parse_time(cleaned[name], label)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if day and len(times) == 2:
            starts_at, ends_at = london(day, times["start"]), london(day, times["end"])
            if starts_at is None:
                self.add_error("start", "That time does not exist on that day: the clocks go forward")
            if ends_at is None:
                self.add_error("end", "That time does not exist on that day: the clocks go forward")
            if starts_at and ends_at:
                if ends_at <= starts_at:
                    self.add_error("end", "The end time must be after the start time")
                cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned


class GuestForm(forms.Form):
    name = forms.CharField(label="Guest's name", max_length=200, error_messages={"required": "Enter the guest's name"})
    email = forms.EmailField(
        label="Guest's email address",
        max_length=254,
        error_messages={
            "required": "Enter the guest's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


_DOMAIN = re.compile(r"^@?([a-z0-9-]+\.)+[a-z]{2,}$")


class PartnerDomainForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Organisation",
        coerce=int,
        error_messages={"required": "Choose the organisation", "invalid_choice": "Choose an organisation of this ICS"},
    )
    domain = forms.CharField(
        label="Email domain",
        max_length=120,
        help_text="The part of its staff's email addresses after the @, for example northfield.nhs.uk.",
        error_messages={"required": "Enter the email domain"},
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", [("", "Choose an organisation"), *((str(k), v) for k, v in organisations)])

    def clean_domain(self) -> str:
        domain = self.cleaned_data["domain"].strip().lower()
        if not _DOMAIN.match(domain):
            raise forms.ValidationError("Enter a domain like northfield.nhs.uk, without a name or the @")
        if domain.lstrip("@") in {"nhs.net", "nhs.uk", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com"}:
            raise forms.ValidationError("This domain is shared by many organisations, so it cannot link to one")
        return domain.lstrip("@")


class EnquiryForm(_Text, forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send your reference number here, and reply to it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    message = forms.CharField(
        label="Your message",
        widget=forms.Textarea,
        max_length=3000,
        help_text="Do not include anything about your own or anyone else's health, or an NHS number.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 3000 characters or fewer",
        },
    )
    website = forms.CharField(required=False)  # a honeypot: people never see it

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned


class UpdateForm(_Text, forms.Form):
    """Compose a quarterly update: a subject, the team's own words, and what to gather since when."""

    subject = forms.CharField(
        label="Subject",
        max_length=150,
        help_text="For example, Winter 2026 update from the QI network",
        error_messages={"required": "Enter a subject", "max_length": "The subject must be 150 characters or fewer"},
    )
    intro = forms.CharField(
        label="Your message",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Shown first. Leave a blank line between paragraphs. New resources and news go here.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 5000 characters or fewer",
        },
    )
    since = NhsDateField(
        label="Include stories and answers published since",
        help_text="For example, 1 9 2026. Upcoming network events are always included.",
    )

    def clean_since(self) -> datetime.date:
        since: datetime.date = self.cleaned_data["since"]
        if since > datetime.datetime.now(LONDON).date():
            raise forms.ValidationError("The date must be today or in the past")
        return since

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned
