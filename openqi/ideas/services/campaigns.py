"""Campaigns: a time-boxed push for ideas, closed with a report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.ideas.models import (
    Campaign,
)
from openqi.ideas.services.common import check_free_text, local_today
from openqi.organisations.models import Organisation, Team


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    question: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target: int,
    team: Team | None = None,
) -> Campaign:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if target < 1:
        raise ValidationError({"target": "The target must be at least 1 idea"})
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    check_free_text(title=title, question=question)
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title.strip(),
        question=question.strip(),
        team=team,
        starts_on=starts_on,
        ends_on=ends_on,
        target=target,
        created_by=actor,
    )
    audit_log(actor=actor, action="campaign.create", organisation=organisation, obj=campaign)
    return campaign


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, report: str) -> Campaign:
    """Close a campaign with its report: no more ideas join it."""
    if campaign.closed_on is not None:
        raise ValidationError("This campaign is already closed.")
    report = report.strip()
    if not report:
        raise ValidationError({"report": "Write the closing report"})
    check_free_text(report=report)
    campaign.closing_report = report
    campaign.closed_on = local_today()
    campaign.save(update_fields=["closing_report", "closed_on"])
    audit_log(actor=actor, action="campaign.close", organisation=campaign.organisation, obj=campaign)
    return campaign
