from typing import Any

from django import forms

ACTIONS = [
    ("export", "Export everything OpenQI holds about them (subject access request)"),
    ("erase", "Erase their personal data and account (right to erasure)"),
]


class PersonForm(forms.Form):
    email = forms.EmailField(
        label="The person's email address",
        help_text="The address they sign in with.",
        error_messages={"required": "Enter the person's email address", "invalid": "Enter a valid email address"},
    )
    action = forms.ChoiceField(
        label="What do you need to do?",
        choices=ACTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you need to do"},
    )


class EraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm_email = forms.EmailField(
        label="Type their email address again to confirm",
        help_text="Erasure cannot be undone.",
        error_messages={"required": "Type the email address to confirm", "invalid": "Enter a valid email address"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, confirm = cleaned.get("email", ""), cleaned.get("confirm_email", "")
        if email and confirm and email.strip().lower() != confirm.strip().lower():
            self.add_error("confirm_email", "The email address does not match")
        return cleaned
