"""The SCIM 2.0 endpoints under /scim/v2/o/<org_slug>/ (RFC 7644): discovery, Users and Groups.

Users are the organisation's staff records (openqi.people): creating one invites the person
(ADR 0035), `active: false` or DELETE ends their membership and keeps their account and work.
Groups are teams. Every request is authenticated by an organisation's SCIM token and audited."""

import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from openqi.api.scim import discovery, patch
from openqi.api.scim.auth import ScimCaller, scim_caller
from openqi.api.scim.errors import ScimError, scim_endpoint, scim_response
from openqi.api.scim.resources import group_json, paging, parse_filter, person_from_user, project, user_json
from openqi.organisations.models import Team
from openqi.people import selectors, teams
from openqi.people.models import RecordSource, StaffRecord
from openqi.people.services import record_apply, record_detach, record_reattach

SOURCE = RecordSource.SCIM
USER_FILTERS = {"username", "externalid", "id", "emails.value", 'emails[type eq "work"].value'}
GROUP_FILTERS = {"displayname", "externalid", "id", "members.value"}


def _base(request: HttpRequest, org_slug: str) -> str:
    return request.build_absolute_uri(reverse("scim:root", args=[org_slug])).rstrip("/")


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The body is not valid JSON.", "invalidSyntax") from None


def _allow(request: HttpRequest, *methods: str) -> None:
    if request.method not in methods:
        raise ScimError(405, f"Use {', '.join(methods)} here.", headers={"Allow": ", ".join(methods)})


def _id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise ScimError(404, "No such resource.")
    return int(raw)


@scim_endpoint
def root(request: HttpRequest, org_slug: str) -> HttpResponse:
    scim_caller(request, org_slug)
    raise ScimError(404, "Nothing here: see ServiceProviderConfig, ResourceTypes, Schemas, Users and Groups.")


@scim_endpoint
def unknown(request: HttpRequest, org_slug: str, rest: str) -> HttpResponse:
    scim_caller(request, org_slug)
    raise ScimError(404, "Nothing at this address.")


@scim_endpoint
def search_everything(request: HttpRequest, org_slug: str) -> HttpResponse:
    """POST /.search across every resource type is optional (RFC 7644 §3.4.3): 501 says so."""
    _allow(request, "POST")
    scim_caller(request, org_slug)
    raise ScimError(501, "Searching several resource types at once is not supported: search /Users or /Groups.")


@scim_endpoint
def service_provider_config(request: HttpRequest, org_slug: str) -> HttpResponse:
    _allow(request, "GET")
    scim_caller(request, org_slug)
    docs = request.build_absolute_uri(reverse("api:guide"))
    return scim_response(discovery.service_provider_config(_base(request, org_slug), docs))


@scim_endpoint
def resource_types(request: HttpRequest, org_slug: str, name: str = "") -> HttpResponse:
    _allow(request, "GET")
    scim_caller(request, org_slug)
    types = discovery.resource_types(_base(request, org_slug))
    if name:
        if name not in types:
            raise ScimError(404, f"No resource type {name[:50]}.")
        return scim_response(types[name])
    return scim_response(discovery.list_response(list(types.values()), total=len(types), start=1))


@scim_endpoint
def schemas(request: HttpRequest, org_slug: str, schema_id: str = "") -> HttpResponse:
    _allow(request, "GET")
    scim_caller(request, org_slug)
    base = _base(request, org_slug)
    if schema_id:
        if schema_id not in discovery.SCHEMAS:
            raise ScimError(404, f"No schema {schema_id[:100]}.")
        return scim_response(discovery.schema_document(schema_id, base))
    documents = [discovery.schema_document(s, base) for s in discovery.SCHEMAS]
    return scim_response(discovery.list_response(documents, total=len(documents), start=1))


def _user_list(request: HttpRequest, caller: ScimCaller, base: str) -> HttpResponse:
    records = selectors.scim_users(organisation=caller.organisation)
    for clause in parse_filter(request.GET.get("filter", ""), USER_FILTERS):
        if clause.attribute == "username":
            match = selectors.scim_user_by_name(organisation=caller.organisation, user_name=clause.value)
            records = records.filter(pk=match.pk) if match else records.none()
        elif clause.attribute == "externalid":
            records = records.filter(external_id=clause.value)
        elif clause.attribute == "id":
            records = records.filter(pk=int(clause.value)) if clause.value.isdigit() else records.none()
        else:
            records = records.filter(email__iexact=clause.value)
    start, count = paging(request)
    total = records.count()
    page = list(records[start - 1 : start - 1 + count]) if count else []
    resources = [project(user_json(r, base), request) for r in page]
    return scim_response(discovery.list_response(resources, total=total, start=start))


def _created(body: dict[str, Any]) -> HttpResponse:
    return scim_response(body, 201, {"Location": body["meta"]["location"]})


@scim_endpoint
def users(request: HttpRequest, org_slug: str) -> HttpResponse:
    _allow(request, "GET", "POST")
    caller = scim_caller(request, org_slug)
    base = _base(request, org_slug)
    if request.method == "GET":
        return _user_list(request, caller, base)
    data = person_from_user(_body(request))
    existing = selectors.scim_user_by_name(organisation=caller.organisation, user_name=data.user_name or "")
    if existing is None:
        existing = selectors.staff_record_by_email(organisation=caller.organisation, email=data.email)
    if existing is not None and existing.user_name and not existing.scim_detached:
        raise ScimError(409, f"A user with the userName {existing.user_name} already exists.", "uniqueness")
    with transaction.atomic():
        outcome = record_apply(
            actor=caller.user,
            actor_role=caller.role,
            organisation=caller.organisation,
            record=existing,
            data=data,
            source=SOURCE,
        )
        record = record_reattach(record=outcome.record)
    return _created(user_json(record, base))


def _user(caller: ScimCaller, user_id: str) -> StaffRecord:
    record = selectors.scim_users(organisation=caller.organisation).filter(pk=_id(user_id)).first()
    if record is None:
        raise ScimError(404, f"No user with the id {user_id[:30]}.")
    return record


@scim_endpoint
def user_detail(request: HttpRequest, org_slug: str, user_id: str) -> HttpResponse:
    _allow(request, "GET", "PUT", "PATCH", "DELETE")
    caller = scim_caller(request, org_slug)
    base = _base(request, org_slug)
    record = _user(caller, user_id)
    if request.method == "GET":
        return scim_response(project(user_json(record, base), request))
    if request.method == "DELETE":
        record_detach(actor=caller.user, actor_role=caller.role, record=record, source=SOURCE)
        return scim_response(None, 204)
    data = person_from_user(_body(request)) if request.method == "PUT" else patch.patch_user(record, _body(request))
    if data.user_name:
        clash = selectors.scim_user_by_name(organisation=caller.organisation, user_name=data.user_name)
        if clash is not None and clash.pk != record.pk:
            raise ScimError(409, f"The userName {data.user_name} belongs to another user.", "uniqueness")
    outcome = record_apply(
        actor=caller.user,
        actor_role=caller.role,
        organisation=caller.organisation,
        record=record,
        data=data,
        source=SOURCE,
    )
    return scim_response(project(user_json(outcome.record, base), request))


def _group_body(caller: ScimCaller, team: Team, base: str, request: HttpRequest) -> dict[str, Any]:
    wants_members = "members" not in request.GET.get("excludedAttributes", "").lower()
    members = selectors.scim_group_members(team=team) if wants_members else None
    link = selectors.team_link(team=team)
    return project(group_json(team, members, base, link.external_id if link else ""), request)


@scim_endpoint
def groups(request: HttpRequest, org_slug: str) -> HttpResponse:
    _allow(request, "GET", "POST")
    caller = scim_caller(request, org_slug)
    base = _base(request, org_slug)
    if request.method == "POST":
        body = _body(request)
        if not isinstance(body, dict) or not str(body.get("displayName") or "").strip():
            raise ScimError(400, "displayName is required.", "invalidValue")
        with transaction.atomic():
            team = teams.group_create(
                actor=caller.user,
                organisation=caller.organisation,
                name=str(body["displayName"]),
                external_id=str(body.get("externalId") or "")[:255],
            )
            teams.group_members_change(
                actor=caller.user,
                actor_role=caller.role,
                team=team,
                changes=[("add", patch.member_ids(body.get("members")))],
                source=SOURCE,
            )
        return _created(_group_body(caller, team, base, request))
    found = selectors.scim_groups(organisation=caller.organisation)
    for clause in parse_filter(request.GET.get("filter", ""), GROUP_FILTERS):
        if clause.attribute == "displayname":
            found = found.filter(name__iexact=clause.value)
        elif clause.attribute == "externalid":
            found = found.filter(scim_link__external_id=clause.value)
        elif clause.attribute == "id":
            found = found.filter(pk=int(clause.value)) if clause.value.isdigit() else found.none()
        else:
            if not clause.value.isdigit():
                found = found.none()
                continue
            member = selectors.scim_users(organisation=caller.organisation).filter(pk=int(clause.value), active=True)
            found = found.filter(pk__in=member.values("team_id"))
    start, count = paging(request)
    total = found.count()
    page = list(found[start - 1 : start - 1 + count]) if count else []
    resources = [_group_body(caller, team, base, request) for team in page]
    return scim_response(discovery.list_response(resources, total=total, start=start))


@scim_endpoint
def group_detail(request: HttpRequest, org_slug: str, group_id: str) -> HttpResponse:
    _allow(request, "GET", "PUT", "PATCH", "DELETE")
    caller = scim_caller(request, org_slug)
    base = _base(request, org_slug)
    team = selectors.scim_groups(organisation=caller.organisation).filter(pk=_id(group_id)).first()
    if team is None:
        raise ScimError(404, f"No group with the id {group_id[:30]}.")
    if request.method == "GET":
        return scim_response(_group_body(caller, team, base, request))
    if request.method == "DELETE":
        teams.group_withdraw(actor=caller.user, team=team)
        return scim_response(None, 204)
    body = _body(request)
    if request.method == "PUT":
        if not isinstance(body, dict) or not str(body.get("displayName") or "").strip():
            raise ScimError(400, "displayName is required.", "invalidValue")
        attributes = {"displayname": str(body["displayName"]), "externalid": str(body.get("externalId") or "")}
        members = [("set", patch.member_ids(body.get("members")))]
    else:
        attributes, members = patch.patch_group(body)
    with transaction.atomic():
        teams.group_update(
            actor=caller.user, team=team, name=attributes.get("displayname"), external_id=attributes.get("externalid")
        )
        teams.group_members_change(actor=caller.user, actor_role=caller.role, team=team, changes=members, source=SOURCE)
    team.refresh_from_db()
    if request.method == "PATCH" and not request.GET.get("attributes"):
        return scim_response(None, 204)
    return scim_response(_group_body(caller, team, base, request))
