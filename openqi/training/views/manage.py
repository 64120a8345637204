"""A course lead's pages (QI lead or above of the provider organisation): courses, cohorts,
attendance, team applications, levels, and a person's training record."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.training import selectors, services
from openqi.training.forms import CohortForm, CourseForm, DecideForm, LevelChangeForm, LevelForm


@org_view(Role.LEAD)
@once_per_submission
def course_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    services.levels_ensure(system=organisation.system)
    form = CourseForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        course = call_service(
            form,
            lambda: services.course_create(
                actor=request.user,
                organisation=organisation,
                level=data["level"],
                title=data["title"],
                summary=data["summary"],
                format=data["format"],
                length=data["length"],
                learning_outcomes=data["learning_outcomes"],
                elearning_url=data["elearning_url"],
                external_booking_url=data["external_booking_url"],
                requires_project=data["requires_project"],
                partners_may_book=data["partners_may_book"],
                open_to=list(data["open_to"]),
                prerequisites=list(data["prerequisites"]),
            ),
        )
        if course is not None:
            messages.success(request, "Course added. Add a cohort so people can book.")
            return redirect("training:course_detail", organisation.slug, course.pk)
    return render(
        request,
        "training/course_create.jinja",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Role.LEAD)
@once_per_submission
def cohort_create(request: AuthenticatedHttpRequest, access: OrgAccess, course_id: int) -> HttpResponse:
    organisation = access.organisation
    course = selectors.course_get_owned(organisation=organisation, course_id=course_id)
    if course is None:
        raise Http404
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort = call_service(
            form,
            lambda: services.cohort_create(
                actor=request.user,
                course=course,
                sessions=data["sessions"],
                capacity=data["capacity"],
                venue=data["venue"],
            ),
        )
        if cohort is not None:
            messages.success(request, "Cohort open for booking. Everyone on the interest list has been told.")
            return redirect("training:cohort_manage", organisation.slug, cohort.pk)
    return render(
        request,
        "training/cohort_create.jinja",
        {"organisation": organisation, "course": course, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Role.LEAD)
def cohort_manage(request: AuthenticatedHttpRequest, access: OrgAccess, cohort_id: int) -> HttpResponse:
    organisation = access.organisation
    cohort = selectors.cohort_get_owned(organisation=organisation, cohort_id=cohort_id)
    if cohort is None:
        raise Http404
    return render(
        request,
        "training/cohort_manage.jinja",
        {
            "organisation": organisation,
            "cohort": cohort,
            "sessions": list(cohort.sessions.all()),
            "learners": list(selectors.cohort_learners(cohort=cohort)),
            "attendance": selectors.attendance_map(cohort=cohort),
            "applications": selectors.application_list(cohort=cohort),
            "feedback": list(selectors.feedback_list(cohort=cohort)),
        },
    )


@org_view(Role.LEAD)
@once_per_submission
def attendance(request: AuthenticatedHttpRequest, access: OrgAccess, session_id: int) -> HttpResponse:
    organisation = access.organisation
    session = selectors.session_get_owned(organisation=organisation, session_id=session_id)
    if session is None:
        raise Http404
    learners = [e for e in selectors.cohort_learners(cohort=session.cohort) if e.booking.status == "confirmed"]
    marks = selectors.attendance_map(cohort=session.cohort)
    error_text = ""
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        came, error_text = call_service_on_page(
            lambda: services.attendance_take(actor=request.user, session=session, attended_ids=chosen)
        )
        if not error_text:
            messages.success(request, f"Attendance saved: {came} came.")
            return redirect("training:cohort_manage", organisation.slug, session.cohort_id)
    return render(
        request,
        "training/attendance.jinja",
        {
            "organisation": organisation,
            "session": session,
            "learners": learners,
            "marks": marks,
            "error_text": error_text,
        },
        status=400 if error_text else 200,
    )


@org_view(Role.LEAD)
@once_per_submission
def application_decide(request: AuthenticatedHttpRequest, access: OrgAccess, application_id: int) -> HttpResponse:
    organisation = access.organisation
    application = selectors.application_get_owned(organisation=organisation, application_id=application_id)
    if application is None:
        raise Http404
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.application_decide(
                actor=request.user,
                application=application,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, f"Application {done.get_status_display().lower()}. The team has been told.")
            return redirect("training:cohort_manage", organisation.slug, application.cohort_id)
    return render(
        request,
        "training/application_decide.jinja",
        {"organisation": organisation, "application": application, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Role.LEAD)
@once_per_submission
def levels(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """The ICS's levels; an organisation admin (or a system admin) may add one."""
    organisation = access.organisation
    services.levels_ensure(system=organisation.system)
    may_add = access.has_role(Role.ORG_ADMIN)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and may_add and form.is_valid():
        level = call_service(
            form,
            lambda: services.level_add(
                actor=request.user,
                system=organisation.system,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            ),
        )
        if level is not None:
            messages.success(request, f"Level ‘{level.name}’ added for {organisation.system.name}.")
            return redirect("training:levels", organisation.slug)
    return render(
        request,
        "training/levels.jinja",
        {
            "organisation": organisation,
            "levels": selectors.level_list(organisation=organisation),
            "form": form,
            "may_add": may_add,
        },
        status=400 if form.errors else 200,
    )


@org_view(Role.ORG_ADMIN)
@once_per_submission
def level_change(request: AuthenticatedHttpRequest, access: OrgAccess, level_id: int) -> HttpResponse:
    """Rename one of the ICS's levels, say what it means, or make it the leader level (organisation
    admins, like adding one)."""
    organisation = access.organisation
    level = selectors.level_get(organisation=organisation, level_id=level_id)
    if level is None:
        raise Http404
    form = LevelChangeForm(
        request.POST or None, initial={"name": level.name, "description": level.description, "leader": level.leader}
    )
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            lambda: services.level_update(
                actor=request.user,
                level=level,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                leader=form.cleaned_data["leader"],
            ),
        )
        if changed is not None:
            messages.success(request, f"Level ‘{changed.name}’ saved for {organisation.system.name}.")
            return redirect("training:levels", organisation.slug)
    return render(
        request,
        "training/level_change.jinja",
        {"organisation": organisation, "level": level, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Role.ORG_ADMIN)
@once_per_submission
def level_move(request: AuthenticatedHttpRequest, access: OrgAccess, level_id: int) -> HttpResponse:
    """Move a level up or down the ICS's order (the buttons on the levels page)."""
    organisation = access.organisation
    level = selectors.level_get(organisation=organisation, level_id=level_id)
    if level is None:
        raise Http404
    if request.method == "POST" and request.POST.get("direction") in ("up", "down"):
        up = request.POST["direction"] == "up"
        if call_service_from_button(request, lambda: services.level_move(actor=request.user, level=level, up=up)):
            messages.success(request, f"Level ‘{level.name}’ moved {'up' if up else 'down'}.")
    return redirect("training:levels", organisation.slug)


@org_view(Role.ORG_ADMIN)
@once_per_submission
def level_remove(request: AuthenticatedHttpRequest, access: OrgAccess, level_id: int) -> HttpResponse:
    """Ask before removing a level; say why not while courses use it."""
    organisation = access.organisation
    level = selectors.level_get(organisation=organisation, level_id=level_id)
    if level is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        _, error_text = call_service_on_page(lambda: services.level_remove(actor=request.user, level=level))
        if not error_text:
            messages.success(request, f"Level ‘{level.name}’ removed from {organisation.system.name}.")
            return redirect("training:levels", organisation.slug)
    return render(
        request,
        "training/level_remove.jinja",
        {
            "organisation": organisation,
            "level": level,
            "courses": services.level_courses_count(level=level),
            "error_text": error_text,
        },
        status=400 if error_text else 200,
    )


@org_view(Role.LEAD)
def person(request: AuthenticatedHttpRequest, access: OrgAccess, user_id: int) -> HttpResponse:
    organisation = access.organisation
    user = selectors.person_get(organisation=organisation, user_id=user_id)
    if user is None:
        raise Http404
    record = selectors.person_record(organisation=organisation, user=user)
    return render(
        request,
        "training/person.jinja",
        {"organisation": organisation, "record": record, "missing": {}, "mine": False, "applications": []},
    )
