"""Forms for system ideas (issue 15): sharing one, following it up by code, and the CQI team's
next step. Every text field refuses an NHS number before anything is saved."""

from typing import Any

from django import forms

from openqi.core.forms import set_choices
from openqi.core.nhs_number import contains_nhs_number
from openqi.network.system_models import SystemIdeaIdentity

NHS_NUMBER_MESSAGE = "Remove the NHS number: do not share patient-identifiable information here"


class RefusesNhsNumbers:
    def _refuse_nhs_numbers(self) -> None:
        form: Any = self  # always mixed into a forms.Form
        for name, value in list(form.cleaned_data.items()):
            if isinstance(value, str) and contains_nhs_number(value):
                form.add_error(name, NHS_NUMBER_MESSAGE)


FREE_TEXT_HINT = (
    "Free text can identify you, even when you share anonymously. "
    "Do not include names, dates of birth, NHS numbers or anything else that could identify a patient."
)


class SystemIdeaForm(RefusesNhsNumbers, forms.Form):
    title = forms.CharField(
        label="Your idea in a few words",
        max_length=150,
        help_text="For example, ‘One discharge letter that GPs and community teams can both read’.",
        error_messages={
            "required": "Enter your idea in a few words",
            "max_length": "Your idea in a few words must be 150 characters or fewer",
        },
    )
    problem = forms.CharField(
        label="What is the problem, and where does it cross services or organisations?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=FREE_TEXT_HINT,
        error_messages={
            "required": "Describe the problem",
            "max_length": "The problem must be 3,000 characters or fewer",
        },
    )
    suggestion = forms.CharField(
        label="What could we do? (optional)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What we could do must be 3,000 characters or fewer"},
    )
    services = forms.CharField(
        label="Which services does it cross? (optional)",
        max_length=300,
        required=False,
        help_text="For example, ambulance handover, emergency department, social care.",
        error_messages={"max_length": "Services must be 300 characters or fewer"},
    )
    organisations = forms.MultipleChoiceField(
        label="Which organisations does it touch? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose organisations from the list"},
    )
    identity = forms.ChoiceField(
        label="Who may know this idea is yours?",
        choices=SystemIdeaIdentity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who may know this idea is yours"},
    )
    website = forms.CharField(required=False)  # a honeypot: people never see it

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisations", [(str(pk), name) for pk, name in organisations])
        if not signed_in:
            # Without a sign-in there is no name to give: every such idea is anonymous.
            del self.fields["identity"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned


class SystemIdeaFollowUpForm(forms.Form):
    code = forms.CharField(
        label="Your follow-up code",
        max_length=40,
        help_text="The code you were given when you shared your idea, like ABCD-EFGH-JKLM-NPQR.",
        error_messages={"required": "Enter your follow-up code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class SystemIdeaStatusForm(RefusesNhsNumbers, forms.Form):
    status = forms.ChoiceField(
        label="Next step",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a next step", "invalid_choice": "Choose a next step from the list"},
    )
    message = forms.CharField(
        label="Message to the person who shared it (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="They read it on their follow-up page, with their code.",
        error_messages={"max_length": "The message must be 2,000 characters or fewer"},
    )
    public_answer = forms.CharField(
        label="You said, we did (needed to close the idea)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published on the network's front door when the idea is implemented or not taken forward.",
        error_messages={"max_length": "The public answer must be 3,000 characters or fewer"},
    )

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "status", statuses)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._refuse_nhs_numbers()
        return cleaned
