"""Projects: create, update, copy, aim, members, links and the progress score."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.concurrency import changes_for_audit, lock_for_edit, merge_edit
from openqi.organisations.models import Membership, Organisation, Team
from openqi.projects.models import (
    DriverNode,
    Evidence,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectRole,
    Visibility,
)
from openqi.projects.scoring import SCALE


def project_touch(project: Project) -> None:
    """Record that the project changed now: a helper for the services of a project's parts, called
    inside their transaction (they audit the change itself)."""
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])


def _check_team(organisation: Organisation, team: Team | None) -> None:
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation."})


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date"})


@transaction.atomic
def project_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    problem: str,
    team: Team | None = None,
    domains: list[str] | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    visibility: str = "organisation",
) -> Project:
    _check_team(organisation, team)
    _check_dates(start_date, end_date)
    project = Project.objects.create(
        organisation=organisation,
        title=title.strip(),
        problem=problem.strip(),
        team=team,
        domains=list(domains or []),
        start_date=start_date,
        end_date=end_date,
        visibility=visibility,
        created_by=actor,
    )
    # Whoever starts a project leads it until they hand it on.
    ProjectMember.objects.create(project=project, organisation=organisation, user=actor, role=ProjectRole.LEAD)
    audit_log(actor=actor, action="project.create", organisation=organisation, obj=project)
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, base: Mapping[str, str] | None = None, **fields: Any) -> Project:
    """Change a project's details. Only the fields this person changed are written (against `base`,
    the edit form's fingerprints, when given): another person's edits to other fields survive, and
    an edit of the same field meanwhile is refused with an EditConflict."""
    allowed = {"title", "problem", "team", "domains", "start_date", "end_date", "visibility", "stage"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    lock_for_edit(project, fields)
    current = {name: getattr(project, name) for name in fields}
    changed = merge_edit(current=current, submitted=fields, base=base)
    _check_team(project.organisation, changed.get("team", project.team))
    _check_dates(changed.get("start_date", project.start_date), changed.get("end_date", project.end_date))
    if changed.get("visibility") == Visibility.PRIVATE and project.partner_organisations.exists():
        raise ValidationError(
            {"visibility": "A project shared with other organisations cannot be private. Remove them first."}
        )
    if not changed:
        return project
    for name, value in changed.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.updated_at = timezone.now()
    project.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="project.update",
        organisation=project.organisation,
        obj=project,
        detail={"fields": sorted(changed), **({"stage": project.stage} if "stage" in changed else {})},
        changes=changes_for_audit(current, changed),
    )
    return project


@transaction.atomic
def project_copy(*, actor: User, source: Project, title: str) -> Project:
    """Start a new project from a finished one: its problem, team, domains and driver diagram, not
    its aim, cycles, members or score (a new project sets its own aim and learns afresh)."""
    if source.stage != "closed":
        raise ValidationError("Only a closed project can be copied.")
    project = project_create(
        actor=actor,
        organisation=source.organisation,
        title=title,
        problem=source.problem,
        team=source.team,
        domains=source.domains,
        visibility=source.visibility,
    )
    project.copied_from = source
    project.save(update_fields=["copied_from"])
    nodes = list(DriverNode.objects.filter(project=source, archived_at__isnull=True).order_by("position", "pk"))
    copies: dict[int, DriverNode] = {}
    # Parents before children: after moves a child can be older (a lower key) than its parent.
    waiting = nodes
    while waiting:
        ready = [n for n in waiting if n.parent_id is None or n.parent_id in copies]
        for node in ready:
            copies[node.pk] = DriverNode.objects.create(
                project=project,
                organisation=project.organisation,
                parent=copies[node.parent_id] if node.parent_id else None,
                position=node.position,
                text=node.text,
            )
        waiting = [n for n in waiting if n.pk not in copies]
    audit_log(
        actor=actor,
        action="project.copy",
        organisation=project.organisation,
        obj=project,
        detail={"from": source.pk},
    )
    return project


def aim_problems(
    *,
    what: str,
    amount: Decimal | None,
    unit: str,
    by: datetime.date | None,
    for_whom: str,
    today: datetime.date,
    previous_by: datetime.date | None = None,
) -> dict[str, str]:
    """What keeps an aim from being specific and measurable, by field (empty when it is)."""
    problems: dict[str, str] = {}
    if not what.strip():
        problems["what"] = "Enter what you are trying to improve"
    if amount is None:
        problems["amount"] = "Enter how much you will improve it by, as a number"
    elif amount <= 0:
        problems["amount"] = "How much must be more than 0"
    if not unit.strip():
        problems["unit"] = "Enter the unit, like % or falls per 1,000 bed days"
    if by is None:
        problems["by"] = "Enter the date you will reach the aim by"
    elif by <= today and by != previous_by:
        # A new or changed date must be ahead; an aim already set keeps its date as it passes.
        problems["by"] = "The date you will reach the aim by must be in the future"
    if not for_whom.strip():
        problems["for_whom"] = "Enter who the aim is for, like patients on Ward 9"
    return problems


AIM_FIELDS = {
    "what": "aim_what",
    "amount": "aim_amount",
    "unit": "aim_unit",
    "by": "aim_by",
    "for_whom": "aim_for_whom",
}


@transaction.atomic
def project_aim_set(
    *,
    actor: User,
    project: Project,
    what: str,
    amount: Decimal | None,
    unit: str,
    by: datetime.date | None,
    for_whom: str,
    base: Mapping[str, str] | None = None,
) -> Project:
    """Set the aim. Only the parts this person changed are written (see `project_update`)."""
    lock_for_edit(project, AIM_FIELDS.values())
    current = {name: getattr(project, attr) for name, attr in AIM_FIELDS.items()}
    submitted = {"what": what, "amount": amount, "unit": unit, "by": by, "for_whom": for_whom}
    changed = merge_edit(current=current, submitted=submitted, base=base)
    aim = {**current, **changed}
    problems = aim_problems(
        what=aim["what"] or "",
        amount=aim["amount"],
        unit=aim["unit"] or "",
        by=aim["by"],
        for_whom=aim["for_whom"] or "",
        today=timezone.localdate(),
        previous_by=project.aim_by,
    )
    if problems:
        raise ValidationError(problems)
    if not changed:
        return project
    for name, value in changed.items():
        setattr(project, AIM_FIELDS[name], value.strip() if isinstance(value, str) else value)
    project.updated_at = timezone.now()
    project.save(update_fields=[*(AIM_FIELDS[name] for name in changed), "updated_at"])
    audit_log(
        actor=actor,
        action="project.aim_set",
        organisation=project.organisation,
        obj=project,
        changes={AIM_FIELDS[name]: pair for name, pair in changes_for_audit(current, changed).items()},
    )
    return project


@transaction.atomic
def project_member_add(*, actor: User, project: Project, user: User, role: str) -> ProjectMember:
    # People of the owning organisation first, then of its partner organisations on this project.
    membership = Membership.objects.filter(organisation=project.organisation, user=user).first()
    if membership is None:
        membership = Membership.objects.filter(
            organisation__shared_projects__project=project,
            organisation__system_id=project.organisation.system_id,
            user=user,
        ).first()
        if membership is None:
            raise ValidationError({"user": "Choose someone in this organisation or a partner organisation."})
        if role == ProjectRole.LEAD:
            raise ValidationError(
                {"role": f"The project lead must be in {project.organisation.name}, which leads the project."}
            )
    if (role == ProjectRole.PARTNER) != (membership.role == "partner"):
        raise ValidationError(
            {"role": "Partners (experts by experience) join as partners, and only partners join as partners."}
        )
    current = ProjectMember.objects.filter(project=project, user=user).first()
    if (
        current is not None
        and current.role == ProjectRole.LEAD
        and role != ProjectRole.LEAD
        and not ProjectMember.objects.filter(project=project, role=ProjectRole.LEAD).exclude(pk=current.pk).exists()
    ):
        raise ValidationError({"role": "A project needs a lead. Make someone else the lead first."})
    member, created = ProjectMember.objects.update_or_create(
        project=project, user=user, defaults={"role": role, "organisation": project.organisation}
    )
    audit_log(
        actor=actor,
        action="project.member_add" if created else "project.member_change",
        organisation=project.organisation,
        obj=project,
        detail={"user": user.email, "role": role},
    )
    return member


@transaction.atomic
def project_member_remove(*, actor: User, member: ProjectMember) -> None:
    project = member.project
    if (
        member.role == ProjectRole.LEAD
        and not ProjectMember.objects.filter(project=project, role=ProjectRole.LEAD).exclude(pk=member.pk).exists()
    ):
        raise ValidationError("A project needs a lead. Make someone else the lead first.")
    detail = {"user": member.user.email, "user_id": member.user_id, "role": member.role}
    member.delete()
    audit_log(
        actor=actor,
        action="project.member_remove",
        organisation=project.organisation,
        obj=project,
        detail=detail,
    )


@transaction.atomic
def project_link_add(
    *,
    actor: User,
    project: Project,
    kind: str,
    ref_id: int,
    label: str,
    has_baseline: bool,
    evidence: str = "",
    measure_type: str = "",
) -> ProjectLink:
    if ProjectLink.objects.filter(project=project, kind=kind, ref_id=ref_id).exists():
        raise ValidationError({"ref_id": "This is already linked to the project."})
    link = ProjectLink.objects.create(
        project=project,
        organisation=project.organisation,
        kind=kind,
        ref_id=ref_id,
        label=label.strip(),
        has_baseline=has_baseline,
        evidence=evidence,
        measure_type=measure_type if kind == "measure" else "",
    )
    project_touch(project)
    audit_log(
        actor=actor,
        action="project.link_add",
        organisation=project.organisation,
        obj=project,
        detail={"kind": kind, "ref_id": ref_id},
    )
    return link


@transaction.atomic
def project_link_evidence_set(*, actor: Any, link: ProjectLink, has_baseline: bool, evidence: str) -> ProjectLink:
    """Record what a linked measure shows. The measures app may call this too (actor None for an
    automatic update), which is how the progress score learns of improvement without an import."""
    if link.kind != "measure":
        raise ValidationError("Only a linked measure has a baseline and evidence.")
    if evidence not in Evidence.values:
        raise ValidationError({"evidence": "Choose what the measure shows"})
    link.has_baseline = has_baseline
    link.evidence = evidence
    link.save(update_fields=["has_baseline", "evidence"])
    project_touch(link.project)
    audit_log(
        actor=actor,
        action="project.link_evidence",
        organisation=link.organisation,
        obj=link.project,
        detail={"ref_id": link.ref_id, "has_baseline": has_baseline, "evidence": evidence},
    )
    return link


@transaction.atomic
def project_link_remove(*, actor: User, link: ProjectLink) -> None:
    project = link.project
    detail = {
        "kind": link.kind,
        "ref_id": link.ref_id,
        "label": link.label,
        "has_baseline": link.has_baseline,
        "evidence": link.evidence,
        "measure_type": link.measure_type,
    }
    link.delete()
    project_touch(project)
    audit_log(actor=actor, action="project.link_remove", organisation=project.organisation, obj=project, detail=detail)


@transaction.atomic
def project_progress_set(
    *, actor: User, project: Project, score: Decimal, suggested: Decimal, reason: str = ""
) -> Project:
    """The lead accepts the suggested score or sets another with a reason."""
    if score not in SCALE:
        raise ValidationError({"score": "Choose a score from the IHI scale"})
    if score != suggested and not reason.strip():
        raise ValidationError({"reason": "Enter why the score differs from the suggested score"})
    project.progress_score = score
    project.progress_reason = reason.strip()
    project.progress_set_at = timezone.now()
    project.save(update_fields=["progress_score", "progress_reason", "progress_set_at"])
    audit_log(
        actor=actor,
        action="project.progress_accept" if score == suggested else "project.progress_override",
        organisation=project.organisation,
        obj=project,
        detail={"score": str(score), "suggested": str(suggested), "reason": reason.strip()},
    )
    return project
