"""What system programmes above projects add to a project's page and report (a registry filled in
their `AppConfig.ready()`): projects never imports them. The sustainability app registers the
project's latest Sustainability Model score and when the next assessment is due; the boards app
the open actions on huddle boards linked to the project."""

from collections.abc import Callable
from dataclasses import dataclass

from openqi.projects.access import ProjectAccess


@dataclass(frozen=True)
class PanelItem:
    """One entry of a panel's list: a linked name and what to know about it."""

    text: str
    url: str
    details: str = ""


@dataclass(frozen=True)
class ProjectPanel:
    key: str  # an id for the page, e.g. "sustainability"
    heading: str
    lines: tuple[str, ...]
    link_text: str = ""
    link_url: str = ""
    prompt: str = ""  # a call to action shown in bold (e.g. an assessment is due)
    items: tuple[PanelItem, ...] = ()  # a list after the lines (e.g. the open actions)


PanelFn = Callable[[ProjectAccess], ProjectPanel | None]

_panels: list[PanelFn] = []


def project_panel_register(panel: PanelFn) -> None:
    if panel not in _panels:
        _panels.append(panel)


def project_panels(project_access: ProjectAccess) -> list[ProjectPanel]:
    """The registered panels for this reader of this project (a panel answers None to stay out)."""
    return [p for p in (panel(project_access) for panel in _panels) if p is not None]
