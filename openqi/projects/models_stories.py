"""Transitional: the demo data still imports `openqi.projects.models_stories`. The models live in
`openqi.projects.models.stories` (and are re-exported by `openqi.projects.models`); delete this
module once the demo imports from there."""

from openqi.projects.models.stories import InvolvementEntry, Story

__all__ = ["InvolvementEntry", "Story"]
