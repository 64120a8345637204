"""The organisation's reporting threshold k, for every app that reports anonymous answers.

An organisation admin sets k on the check-in settings page (`CheckinSettings.reporting_k`), and
surveys, ideas overviews, dashboards and the API must use the same k. They may not import check-ins
(sibling feature apps stay independent), so check-ins registers its reader here when the app is
ready, and everyone asks `reporting_k`. Without a reader the default k applies.
"""

from collections.abc import Callable

from openqi.anonymity import effective_k
from openqi.organisations.models import Organisation

_reader: Callable[[Organisation], int | None] | None = None


def reporting_k_reader_register(reader: Callable[[Organisation], int | None]) -> None:
    """Called once by the app that stores the setting (check-ins) from its `AppConfig.ready`."""
    global _reader
    _reader = reader


def reporting_k(*, organisation: Organisation) -> int:
    """The threshold in force for the organisation: its chosen k, never below the floor."""
    return effective_k(None if _reader is None else _reader(organisation))
