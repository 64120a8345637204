"""Helpers shared by the ideas services: free-text checks, dates and links."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openqi.core.nhs_number import contains_nhs_number
from openqi.ideas.models import (
    Idea,
)

NHS_NUMBER_MESSAGE = (
    "Remove the NHS number. Do not include anything that could identify a patient, such as names, "
    "dates of birth or NHS numbers"
)


def check_free_text(**fields: str) -> None:
    """Refuse text that holds an NHS number, naming each field that does."""
    errors = {name: NHS_NUMBER_MESSAGE for name, text in fields.items() if contains_nhs_number(text)}
    if errors:
        raise ValidationError(errors)


def local_today() -> datetime.date:
    return timezone.localdate()


def idea_url(idea: Idea) -> str:
    return reverse("ideas:idea_detail", args=[idea.organisation.slug, idea.pk])
