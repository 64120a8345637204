"""A learner's pages: the catalogue, a course, booking, interest, their record, cancelling,
accepting an offer, the calendar file, the certificate, the challenge made a project, feedback
and applying as a team."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.bookings.ics import calendar
from openqi.bookings.models import BookingStatus
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.documents.http import pdf_response
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.training import selectors, services
from openqi.training.calendar import calendar_entries
from openqi.training.certificates import certificate_pdf
from openqi.training.forms import ApplicationForm, BookForm, FeedbackForm, ProjectFromChallengeForm
from openqi.training.models import Enrolment


@org_view("staff", allow_partner=True)
def home(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    services.levels_ensure(system=organisation.system)
    return render(
        request,
        "training/home.jinja",
        {
            "organisation": organisation,
            "courses": selectors.course_list(organisation=organisation),
            "places": selectors.upcoming_places(organisation=organisation, user=request.user),
            "is_lead": access.has_role(Role.LEAD),
            "owned": selectors.course_list_owned(organisation=organisation) if access.has_role(Role.LEAD) else [],
        },
    )


@org_view("staff", allow_partner=True)
def course_detail(request: AuthenticatedHttpRequest, access: OrgAccess, course_id: int) -> HttpResponse:
    organisation = access.organisation
    course = selectors.course_get(organisation=organisation, course_id=course_id)
    if course is None:
        raise Http404
    rows = selectors.cohort_rows(course=course)
    held = {row.cohort.pk: selectors.enrolment_for(cohort=row.cohort, user=request.user) for row in rows}
    return render(
        request,
        "training/course_detail.jinja",
        {
            "organisation": organisation,
            "course": course,
            "rows": rows,
            "held": held,
            "form": BookForm(),
            "may_book": services.may_book(course=course, organisation=organisation, role=access.role),
            "missing": services.missing_prerequisites(course=course, user=request.user),
            "interest": selectors.interest_for(course=course, user=request.user),
            "is_owner": course.organisation_id == organisation.pk and access.has_role(Role.LEAD),
        },
    )


@org_view("staff", allow_partner=True)
@require_POST
def interest(request: AuthenticatedHttpRequest, access: OrgAccess, course_id: int) -> HttpResponse:
    course = selectors.course_get(organisation=access.organisation, course_id=course_id)
    if course is None:
        raise Http404
    if call_service_from_button(
        request, lambda: services.interest_register(actor=request.user, organisation=access.organisation, course=course)
    ):
        messages.success(request, "Thank you: we will tell you when a cohort opens for booking.")
    return redirect("training:course_detail", access.organisation.slug, course.pk)


@org_view("staff", allow_partner=True)
@require_POST
@once_per_submission
def book(request: AuthenticatedHttpRequest, access: OrgAccess, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get(organisation=access.organisation, cohort_id=cohort_id)
    if cohort is None:
        raise Http404
    form = BookForm(request.POST)
    made: list[Enrolment] = []
    if form.is_valid() and call_service_from_button(
        request,
        lambda: made.append(
            services.enrolment_book(
                actor=request.user,
                organisation=access.organisation,
                role=access.acting_role,
                cohort=cohort,
                challenge=form.cleaned_data["challenge"],
            )
        ),
    ):
        if made[0].booking.status == BookingStatus.CONFIRMED:
            messages.success(request, "You are booked. We have emailed you the details.")
        else:
            messages.success(request, "The cohort is full, so you are on the waiting list. We will email you.")
        return redirect("training:my_record", access.organisation.slug)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("training:course_detail", access.organisation.slug, cohort.course_id)


def _say_then_go(request: AuthenticatedHttpRequest, message: str, to: str) -> Callable[[], HttpResponse]:
    def done() -> HttpResponse:
        messages.success(request, message)
        return redirect(to)

    return done


def _mine(access: OrgAccess, request: AuthenticatedHttpRequest, enrolment_id: int) -> Enrolment:
    enrolment = selectors.enrolment_get_mine(
        organisation=access.organisation, user=request.user, enrolment_id=enrolment_id
    )
    if enrolment is None:
        raise Http404
    return enrolment


@org_view("staff", allow_partner=True)
def my_record(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    record = selectors.person_record(organisation=organisation, user=request.user)
    missing = {e.pk: services.completion_missing(enrolment=e) for e in record.enrolments if e.completed_at is None}
    return render(
        request,
        "training/person.jinja",
        {
            "organisation": organisation,
            "record": record,
            "missing": missing,
            "mine": True,
            "applications": selectors.my_applications(organisation=organisation, user=request.user),
        },
    )


@org_view("staff", allow_partner=True)
def cancel(request: AuthenticatedHttpRequest, access: OrgAccess, enrolment_id: int) -> HttpResponse:
    enrolment = _mine(access, request, enrolment_id)
    back = reverse("training:my_record", args=[access.organisation.slug])
    return confirm_then(
        request,
        Confirmation(
            title=f"Cancel your place on ‘{enrolment.cohort.course.title}’?",
            button="Cancel my place",
            cancel_url=back,
            body=("Your place will be offered to the first person on the waiting list.",),
        ),
        act=lambda: services.enrolment_cancel(actor=request.user, enrolment=enrolment),
        done=_say_then_go(request, "Your place is cancelled.", back),
    )


@org_view("staff", allow_partner=True)
@require_POST
def accept(request: AuthenticatedHttpRequest, access: OrgAccess, enrolment_id: int) -> HttpResponse:
    enrolment = _mine(access, request, enrolment_id)
    if call_service_from_button(
        request, lambda: services.enrolment_offer_accept(actor=request.user, enrolment=enrolment)
    ):
        messages.success(request, "You are booked.")
    return redirect("training:my_record", access.organisation.slug)


@org_view("staff", allow_partner=True)
def place_ics(request: AuthenticatedHttpRequest, access: OrgAccess, enrolment_id: int) -> HttpResponse:
    enrolment = _mine(access, request, enrolment_id)
    body = calendar(calendar_entries(enrolment), name=enrolment.cohort.course.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{enrolment.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@org_view("staff", allow_partner=True)
def certificate(request: AuthenticatedHttpRequest, access: OrgAccess, record_id: int) -> HttpResponse:
    record = selectors.record_get_mine(organisation=access.organisation, user=request.user, record_id=record_id)
    if record is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("training:verify", args=[record.certificate_code]))
    return pdf_response(
        certificate_pdf(record=record, verify_url=verify_url), filename=f"certificate-{record.course.title}"
    )


@org_view("staff")
@once_per_submission
def challenge_project(request: AuthenticatedHttpRequest, access: OrgAccess, enrolment_id: int) -> HttpResponse:
    enrolment = _mine(access, request, enrolment_id)
    form = ProjectFromChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = call_service(
            form,
            lambda: services.challenge_to_project(
                actor=request.user, enrolment=enrolment, title=form.cleaned_data["title"]
            ),
        )
        if project is not None:
            messages.success(request, "Your challenge is now a project. The course is recorded with it.")
            return redirect("projects:project_detail", access.organisation.slug, project.pk)
    return render(
        request,
        "training/challenge_project.jinja",
        {"organisation": access.organisation, "enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


@org_view("staff", allow_partner=True)
@once_per_submission
def feedback(request: AuthenticatedHttpRequest, access: OrgAccess, enrolment_id: int) -> HttpResponse:
    enrolment = _mine(access, request, enrolment_id)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.feedback_give(
                actor=request.user,
                enrolment=enrolment,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is not None:
            messages.success(request, "Thank you for your feedback.")
            return redirect("training:my_record", access.organisation.slug)
    return render(
        request,
        "training/feedback.jinja",
        {"organisation": access.organisation, "enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


@org_view("staff")
@once_per_submission
def apply(request: AuthenticatedHttpRequest, access: OrgAccess, cohort_id: int) -> HttpResponse:
    organisation = access.organisation
    cohort = selectors.cohort_get(organisation=organisation, cohort_id=cohort_id)
    if cohort is None:
        raise Http404
    form = ApplicationForm(
        request.POST or None,
        projects=selectors.project_choices(organisation=organisation, user=request.user),
        colleagues=selectors.colleague_choices(organisation=organisation).exclude(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        application = call_service(
            form,
            lambda: services.application_submit(
                actor=request.user,
                organisation=organisation,
                cohort=cohort,
                project=form.cleaned_data["project"],
                members=[m.user for m in form.cleaned_data["members"]],
            ),
        )
        if application is not None:
            messages.success(request, "Your team's application is sent. The course lead will answer.")
            return redirect("training:my_record", organisation.slug)
    return render(
        request,
        "training/apply.jinja",
        {"organisation": organisation, "cohort": cohort, "form": form},
        status=400 if form.errors else 200,
    )
