from typing import Any

from django import forms

from openqi.coproduction.models import Availability, ContactBy, Payment, Purpose, ServiceCategory, Skill, Stage
from openqi.core.forms import set_choices
from openqi.core.nhs_number import contains_nhs_number

NHS_NUMBER_MESSAGE = "Remove the NHS number: do not share patient-identifiable information here"
NO_CLINICAL = "Do not write about diagnoses, treatment or anything clinical: the categories are enough."


class _Text(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and contains_nhs_number(value):
                self.add_error(name, NHS_NUMBER_MESSAGE)
        return cleaned


def _text(label: str, *, max_length: int, required: bool = False, help_text: str = "", area: bool = False) -> Any:
    what = label.split(" (")[0]
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput,
        error_messages={
            "required": f"Enter {what[0].lower() + what[1:]}",
            "max_length": f"{what} must be {max_length} characters or fewer",
        },
    )


def _checkboxes(label: str, choices: Any, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, help_text=help_text, widget=forms.CheckboxSelectMultiple
    )


class VolunteerDetailsForm(_Text):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 200 characters or fewer"},
    )
    organisations: Any = forms.ModelMultipleChoiceField(
        label="Which organisations may contact you?",
        help_text="Each organisation you choose sees your details and keeps its own notes; no other organisation sees them.",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation that may contact you"},
    )
    services = _checkboxes(
        "Which services have you, or someone you care for, used?", ServiceCategory.choices, NO_CLINICAL
    )
    skills = _checkboxes("What would you like to help with?", Skill.choices)
    interests = _text(
        "Anything else you are interested in (optional)",
        max_length=500,
        area=True,
        help_text="For example, making letters easier to read. " + NO_CLINICAL,
    )
    availability = _checkboxes("When and how can you usually take part?", Availability.choices)
    contact_by = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to contact you"},
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        help_text="Only if you would like a call or a text message.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "nhsuk-input--width-20"}),
        error_messages={"max_length": "The phone number must be 40 characters or fewer"},
    )
    adjustments = _text(
        "Accessibility needs or adjustments that would help you take part (optional)",
        max_length=1000,
        area=True,
        help_text="For example, step-free access, large print, a British Sign Language interpreter, breaks, "
        "a carer coming with you. " + NO_CLINICAL,
    )
    payment = forms.ChoiceField(
        label="Would you like to be paid or given vouchers for your time?",
        help_text="What each organisation can offer depends on its involvement policy; it will tell you before you start.",
        choices=Payment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you would like payment or vouchers"},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisations"]
        field.queryset = organisations


class VolunteerForm(VolunteerDetailsForm):
    field_order = ("name", "email")
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    consent = forms.BooleanField(label="I agree", required=False)  # the service refuses, with its words
    website = forms.CharField(required=False)  # a honeypot: people never see it


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


class RegistrationForm(_Text):
    conversation_held = forms.BooleanField(label="Welcome conversation held", required=False)
    induction_done = forms.BooleanField(label="Induction done", required=False)
    payment_details_recorded = forms.BooleanField(
        label="Payment details recorded (in the finance system, not here)", required=False
    )
    stage = forms.ChoiceField(
        label="Registration",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the state of the registration"},
    )
    notes = _text(
        "Notes (only your organisation sees them)",
        max_length=2000,
        area=True,
        help_text="Practical notes only. Do not record health information or payment details.",
    )


class RequestForm(_Text):
    project: Any = forms.ModelChoiceField(
        label="Project",
        queryset=None,
        empty_label="Choose a project",
        error_messages={"required": "Choose the project", "invalid_choice": "Choose a project from the list"},
    )
    purpose = forms.ChoiceField(
        label="What is the involvement for?",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the involvement is for"},
    )
    description = _text(
        "What the person would do",
        max_length=1000,
        required=True,
        area=True,
        help_text="In plain words, for the person you invite.",
    )
    experience = _checkboxes("Which lived experience would help?", ServiceCategory.choices)
    skills = _checkboxes("Which skills would help?", Skill.choices)
    availability = _checkboxes("When and how will it happen?", Availability.choices)
    when = _text("When", max_length=200, required=True, help_text="For example, two Tuesday afternoons in March.")
    where = _text("Where", max_length=200, required=True, help_text="For example, online, or the Education Centre.")
    how_long = _text("How long", max_length=200, required=True, help_text="For example, 2 hours each time.")
    payment = forms.ChoiceField(
        label="Payment for the person's time",
        choices=Payment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the person will be paid or given"},
    )
    places = forms.IntegerField(
        label="How many people",
        min_value=1,
        max_value=50,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many people you need",
            "invalid": "Enter how many people as a number, like 2",
            "min_value": "Ask for at least 1 person",
            "max_value": "Ask for 50 people or fewer",
        },
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["project"]
        field.queryset = projects


class AnswerForm(_Text):
    choice = forms.ChoiceField(
        label="Would you like to take part?",
        choices=(("accept", "Yes, I would like to take part"), ("decline", "No, not this time")),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you would like to take part"},
    )
    answer = _text(
        "Anything you would like to say (optional)",
        max_length=1000,
        area=True,
        help_text="In your own words. " + NO_CLINICAL,
    )


class FeedQuestionForm(forms.Form):
    """Step one: which question of the public survey feeds the chart."""

    question = forms.TypedChoiceField(
        label="Which question feeds the measure?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a question", "invalid_choice": "Choose a question from the list"},
    )

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "question", [(str(q.pk), q.text) for q in questions])


class FeedForm(forms.Form):
    """Step two: which answers count as favourable, and which project measure they feed."""

    favourable = forms.MultipleChoiceField(
        label="Which answers count as favourable?",
        widget=forms.CheckboxSelectMultiple,
        help_text="The chart shows the percentage of answers that chose one of these.",
        error_messages={
            "required": "Choose at least one answer that counts as favourable",
            "invalid_choice": "Choose answers from the list",
        },
    )
    measure = forms.TypedChoiceField(
        label="Which project measure?",
        coerce=int,
        help_text="P chart measures linked to a project. Each period of the measure gets one point.",
        error_messages={"required": "Choose a measure", "invalid_choice": "Choose a measure from the list"},
    )

    def __init__(self, *args: Any, options: list[str], measures: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "favourable", [(o, o) for o in options])
        set_choices(self, "measure", [("", "Choose a measure"), *((str(m.pk), m.name) for m in measures)])
