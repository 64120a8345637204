"""Display values for ideas. No queries here."""

from openqi.ideas.models import Idea, Identity, Source, Status

STATUS_COLOURS: dict[str, str] = {
    Status.SUBMITTED: "grey",
    Status.UNDER_REVIEW: "blue",
    Status.NEEDS_INFO: "yellow",
    Status.ACCEPTED: "green",
    Status.NOT_TAKEN_FORWARD: "red",
    Status.IMPLEMENTED: "purple",
    Status.DUPLICATE: "white",
}


def submitter_label(idea: Idea, *, viewer_id: int | None, viewer_is_qi_team: bool) -> str:
    """Who shared the idea, as far as this viewer may know."""
    if idea.source == Source.PUBLIC:
        return "A patient or member of the public"
    if idea.identity == Identity.ANONYMOUS:
        return "Anonymous"
    if idea.submitted_by is None:
        return "A former member"  # a named idea whose author's account was erased
    if idea.submitted_by_id == viewer_id:
        return "You" + (" (name shared with the QI team only)" if idea.identity == Identity.QI_TEAM else "")
    if idea.identity == Identity.QI_TEAM:
        if viewer_is_qi_team:
            return f"{idea.submitted_by.display_name} (name shared with the QI team only)"
        return "Name shared with the QI team"
    return idea.submitted_by.display_name


def status_tag(idea: Idea) -> dict[str, str]:
    return {"text": idea.status_text, "classes": f"nhsuk-tag--{STATUS_COLOURS.get(idea.status, 'grey')}"}
