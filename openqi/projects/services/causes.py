"""Finding causes: fishbone diagrams and 5 whys chains."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.projects.models import (
    MAX_WHYS,
    CauseCategory,
    Fishbone,
    FishboneCause,
    Project,
    WhyChain,
    WhyStep,
)
from openqi.projects.services.projects import project_touch


def _text(value: str, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def fishbone_create(*, actor: User, project: Project, problem: str) -> Fishbone:
    problem = _text(problem, "problem", "Enter the problem (the effect) the diagram looks at")
    fishbone = Fishbone.objects.create(project=project, organisation=project.organisation, problem=problem)
    project_touch(project)
    audit_log(
        actor=actor,
        action="fishbone.create",
        organisation=project.organisation,
        obj=fishbone,
        detail={"project": project.pk},
    )
    return fishbone


@transaction.atomic
def fishbone_cause_add(*, actor: User, fishbone: Fishbone, category: str, text: str) -> FishboneCause:
    if category not in CauseCategory.values:
        raise ValidationError({"category": "Choose a category"})
    text = _text(text, "text", "Enter the cause")
    cause = FishboneCause.objects.create(
        fishbone=fishbone, organisation=fishbone.organisation, category=category, text=text
    )
    project_touch(fishbone.project)
    audit_log(
        actor=actor,
        action="fishbone.cause_add",
        organisation=fishbone.organisation,
        obj=fishbone,
        detail={"category": category, "text": text},
    )
    return cause


@transaction.atomic
def fishbone_cause_remove(*, actor: User, cause: FishboneCause) -> None:
    fishbone = cause.fishbone
    detail = {"category": cause.category, "text": cause.text}
    cause.delete()
    project_touch(fishbone.project)
    audit_log(
        actor=actor, action="fishbone.cause_remove", organisation=fishbone.organisation, obj=fishbone, detail=detail
    )


@transaction.atomic
def why_chain_create(*, actor: User, project: Project, problem: str) -> WhyChain:
    problem = _text(problem, "problem", "Enter the problem you are asking why about")
    chain = WhyChain.objects.create(project=project, organisation=project.organisation, problem=problem)
    project_touch(project)
    audit_log(
        actor=actor, action="whys.create", organisation=project.organisation, obj=chain, detail={"project": project.pk}
    )
    return chain


@transaction.atomic
def why_step_add(*, actor: User, chain: WhyChain, answer: str) -> WhyStep:
    answer = _text(answer, "answer", "Enter the answer to ‘why?’")
    WhyChain.objects.select_for_update().filter(pk=chain.pk).first()
    last = chain.steps.aggregate(n=Max("position"))["n"] or 0
    if last >= MAX_WHYS:
        raise ValidationError(
            {"answer": f"A chain has {MAX_WHYS} whys at most. Start another chain to follow a different branch."}
        )
    step = WhyStep.objects.create(chain=chain, organisation=chain.organisation, position=last + 1, answer=answer)
    project_touch(chain.project)
    audit_log(
        actor=actor,
        action="whys.add",
        organisation=chain.organisation,
        obj=chain,
        detail={"position": step.position, "answer": answer},
    )
    return step


@transaction.atomic
def why_step_remove_last(*, actor: User, chain: WhyChain) -> None:
    step = chain.steps.order_by("-position").first()
    if step is None:
        raise ValidationError("There is no answer to remove.")
    detail = {"position": step.position, "answer": step.answer}
    step.delete()
    project_touch(chain.project)
    audit_log(actor=actor, action="whys.remove", organisation=chain.organisation, obj=chain, detail=detail)
