"""Writes of the surveys app, one module per concern: `surveys` (surveys, questions, responses,
purging), `rounds` (recurring rounds) and `reminders` (reminders from markers). Callers import
from here or from the module that owns the name."""

from openqi.surveys.services.reminders import (
    ALREADY_REMINDED,
    REMIND_DAYS_BEFORE_CLOSE,
    survey_reminder_audience,
    survey_reminder_send,
    survey_reminders_due,
)
from openqi.surveys.services.rounds import (
    LONGEST_ROUND,
    survey_recurrence_stop,
    survey_rounds_open,
)
from openqi.surveys.services.surveys import (
    ALREADY_ANSWERED,
    NEEDS_A_QUESTION,
    TEXT_MAX,
    question_add,
    question_remove,
    survey_archive,
    survey_create,
    survey_in_audience,
    survey_open,
    survey_purge_closed,
    survey_respond,
    survey_unarchive,
)

__all__ = [
    "ALREADY_ANSWERED",
    "ALREADY_REMINDED",
    "LONGEST_ROUND",
    "NEEDS_A_QUESTION",
    "REMIND_DAYS_BEFORE_CLOSE",
    "TEXT_MAX",
    "question_add",
    "question_remove",
    "survey_archive",
    "survey_create",
    "survey_in_audience",
    "survey_open",
    "survey_purge_closed",
    "survey_recurrence_stop",
    "survey_reminder_audience",
    "survey_reminder_send",
    "survey_reminders_due",
    "survey_respond",
    "survey_rounds_open",
    "survey_unarchive",
]
