"""Transitional: the demo data still imports `openqi.surveys.rounds`. The code lives in
`openqi.surveys.services.rounds`; delete this module once the demo imports from there."""

from openqi.surveys.services.rounds import add_months, survey_rounds_open

__all__ = ["add_months", "survey_rounds_open"]
