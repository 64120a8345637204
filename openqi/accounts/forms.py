from django import forms

from openqi.accounts.models import User


class PreferencesForm(forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="Shown to colleagues in your organisations.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email_frequency = forms.ChoiceField(
        label="How often should we email you about notifications?",
        choices=User.EmailFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often we should email you"},
    )
