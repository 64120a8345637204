"""Shared helpers for the ideas tests."""

from typing import Any

from openqi.ideas import services
from openqi.ideas.models import Idea


def share(
    membership: Any, *, identity: str = "named", title: str = "Put a clock in every side room", **kwargs: Any
) -> tuple[Idea, str]:
    defaults = {
        "problem": "Patients in side rooms lose track of time and become disorientated.",
        "suggestion": "Fit a large clock in each side room.",
        "domains": ["patient_centred"],
    }
    defaults.update(kwargs)
    return services.idea_submit(
        actor=membership.user, organisation=membership.organisation, title=title, identity=identity, **defaults
    )
