"""The "Actions on huddle boards" card on a project's page and report (registered with
`projects.extensions`): the open cards linked to the project — weak sustainability factors turned
into actions — with their column, owner, due date and board. Projects never imports boards."""

from django.urls import reverse

from openqi.boards.models import Card
from openqi.boards.selectors import card_open_for_project
from openqi.organisations.models import Role
from openqi.projects.access import ProjectAccess
from openqi.projects.extensions import PanelItem, ProjectPanel

CARDS_SHOWN = 10


def _details(card: Card) -> str:
    owner = card.owner.full_name or card.owner.email if card.owner is not None else "no owner yet"
    due = f"due {card.due.strftime('%-d %B %Y')}" if card.due is not None else "no due date"
    return f"{card.get_column_display()}, {owner}, {due}, on the {card.team.name} board"


def board_actions_panel(project_access: ProjectAccess) -> ProjectPanel | None:
    """Only for those who may open the boards (staff and above of the organisation that owns the
    project); a partner, or a reader from a partner organisation, sees no card."""
    org = project_access.org
    if project_access.is_partner or not project_access.is_owner or not org.has_role(Role.STAFF):
        return None
    project = project_access.project
    cards = list(card_open_for_project(organisation=org.organisation, project=project)[: CARDS_SHOWN + 1])
    slug = org.organisation.slug
    items = tuple(
        PanelItem(
            text=card.title,
            url=reverse("boards:board_detail", args=[slug, card.team_id]) + f"#card-{card.pk}",
            details=_details(card),
        )
        for card in cards[:CARDS_SHOWN]
    )
    if not items:
        lines: tuple[str, ...] = ("No open actions on a huddle board for this project.",)
    elif len(cards) > CARDS_SHOWN:
        lines = (f"The {CARDS_SHOWN} due soonest; the boards have more.",)
    else:
        lines = ()
    link_text, link_url = "", ""
    if project.team_id is not None:
        link_text = "Open the team's huddle board"
        link_url = reverse("boards:board_detail", args=[slug, project.team_id])
    return ProjectPanel(
        key="board-actions",
        heading="Actions on huddle boards",
        lines=lines,
        link_text=link_text,
        link_url=link_url,
        items=items,
    )
