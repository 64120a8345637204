"""Improvement stories: a project lead writes one, submits it, and an organisation lead or admin
publishes it (it becomes public) or returns it with a reason; the lead may withdraw it at any time.

Permission checks are in the views (`ProjectAccess.require_lead`, `org_view("lead")`); these
functions check what the data and the workflow must satisfy, and audit every change.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.projects.models import LinkKind, Project, ProjectLink, Story, StoryStatus

NHS_NUMBER_MESSAGE = (
    "Remove the NHS number. Stories can be made public: do not include anything that could identify "
    "a patient, such as names, dates of birth or NHS numbers"
)
TEXT_FIELDS = ("title", "problem", "tried", "results", "lessons")
REQUIRED_MESSAGES = {
    "title": "Enter a title for the story",
    "problem": "Enter the problem the project tackled",
    "tried": "Enter what you tried",
    "results": "Enter the results",
    "lessons": "Enter the lessons learned",
}
MAX_REASON = 2000


def _check_text(texts: dict[str, str]) -> None:
    errors: dict[str, str] = {}
    for name, text in texts.items():
        if not text.strip():
            errors[name] = REQUIRED_MESSAGES[name]
        elif contains_nhs_number(text):
            errors[name] = NHS_NUMBER_MESSAGE
    if errors:
        raise ValidationError(errors)


def _check_chart(project: Project, chart_link: ProjectLink | None) -> None:
    if chart_link is not None and (chart_link.project_id != project.pk or chart_link.kind != LinkKind.MEASURE):
        raise ValidationError({"chart_link": "Choose one of this project's linked measures"})


@transaction.atomic
def story_create(
    *,
    actor: User,
    project: Project,
    title: str,
    problem: str,
    tried: str,
    results: str,
    lessons: str,
    chart_link: ProjectLink | None = None,
    credit_team: bool = False,
) -> Story:
    texts = {"title": title, "problem": problem, "tried": tried, "results": results, "lessons": lessons}
    _check_text(texts)
    _check_chart(project, chart_link)
    story = Story.objects.create(
        project=project,
        organisation=project.organisation,
        chart_link=chart_link,
        credit_team=credit_team,
        created_by=actor,
        **{k: v.strip() for k, v in texts.items()},
    )
    audit_log(actor=actor, action="story.create", organisation=project.organisation, obj=story)
    return story


@transaction.atomic
def story_update(*, actor: User, story: Story, **fields: Any) -> Story:
    allowed = {*TEXT_FIELDS, "chart_link", "credit_team"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown story fields: {sorted(unknown)}")
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_editable:
        raise ValidationError("Withdraw the story before changing it: it is waiting for publication or published.")
    _check_text({k: v for k, v in fields.items() if k in TEXT_FIELDS})
    _check_chart(story.project, fields.get("chart_link", story.chart_link))
    changed = {k: v for k, v in fields.items() if getattr(story, k) != v}
    for name, value in changed.items():
        setattr(story, name, value.strip() if isinstance(value, str) else value)
    story.updated_at = timezone.now()
    story.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="story.update",
        organisation=story.organisation,
        obj=story,
        detail={"fields": sorted(changed)},
    )
    return story


def _move(story: Story, *, allowed_from: tuple[str, ...], refusal: str) -> Story:
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status not in allowed_from:
        raise ValidationError(refusal)
    return locked


@transaction.atomic
def story_submit(*, actor: User, story: Story) -> Story:
    """Ask for publication. The words are checked again: a story is about to go public."""
    story = _move(
        story, allowed_from=(StoryStatus.DRAFT, StoryStatus.WITHDRAWN), refusal="This story has already been submitted."
    )
    _check_text({name: getattr(story, name) for name in TEXT_FIELDS})
    story.status = StoryStatus.SUBMITTED
    story.submitted_at = timezone.now()
    story.return_reason = ""
    story.updated_at = story.submitted_at
    story.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    audit_log(actor=actor, action="story.submit", organisation=story.organisation, obj=story)
    return story


@transaction.atomic
def story_publish(*, actor: User, story: Story) -> Story:
    story = _move(
        story, allowed_from=(StoryStatus.SUBMITTED,), refusal="Only a story waiting for publication can be published."
    )
    _check_text({name: getattr(story, name) for name in TEXT_FIELDS})
    story.status = StoryStatus.PUBLISHED
    story.published_at = timezone.now()
    story.published_by = actor
    story.updated_at = story.published_at
    story.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_log(actor=actor, action="story.publish", organisation=story.organisation, obj=story)
    return story


@transaction.atomic
def story_return(*, actor: User, story: Story, reason: str) -> Story:
    """Send a submitted story back to its lead as a draft, saying what to change."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the story is being returned, so the lead knows what to change"})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"The reason must be {MAX_REASON:,} characters or fewer"})
    if contains_nhs_number(reason):
        raise ValidationError({"reason": NHS_NUMBER_MESSAGE})
    story = _move(
        story, allowed_from=(StoryStatus.SUBMITTED,), refusal="Only a story waiting for publication can be returned."
    )
    story.status = StoryStatus.DRAFT
    story.return_reason = reason
    story.updated_at = timezone.now()
    story.save(update_fields=["status", "return_reason", "updated_at"])
    audit_log(actor=actor, action="story.return", organisation=story.organisation, obj=story, detail={"reason": reason})
    return story


@transaction.atomic
def story_withdraw(*, actor: User, story: Story) -> Story:
    """Take a submitted or published story back (off the public pages); it can be edited again."""
    story = _move(
        story,
        allowed_from=(StoryStatus.SUBMITTED, StoryStatus.PUBLISHED),
        refusal="Only a submitted or published story can be withdrawn.",
    )
    was = story.status
    story.status = StoryStatus.WITHDRAWN
    story.updated_at = timezone.now()
    story.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="story.withdraw", organisation=story.organisation, obj=story, detail={"was": was})
    return story
