"""Attendance per session, the completion rules, certificates and their public check, the
challenge turned into a project, interest, feedback and team applications."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.notifications.models import Notification
from openqi.projects.models import Project, ProjectMember, ProjectRole
from openqi.training import services
from openqi.training.models import ApplicationStatus, CourseProject, Enrolment, Interest, TrainingRecord
from openqi.training.tests.conftest import make_cohort, make_course, start_now

pytestmark = pytest.mark.django_db


def _book(personas: Any, cohort: Any, challenge: str = "Falls at night on Ward 1") -> Enrolment:
    m = personas.member
    return services.enrolment_book(
        actor=m.user, organisation=m.organisation, role=m.role, cohort=cohort, challenge=challenge
    )


def test_attendance_cannot_be_taken_before_a_session_starts(personas: Any, cohort: Any) -> None:
    enrolment = _book(personas, cohort)
    with pytest.raises(ValidationError):
        services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids={enrolment.pk})


def test_a_learner_completes_only_after_attending_every_session(personas: Any) -> None:
    cohort = make_cohort(personas, make_course(personas, title="QI Leaders", level_name="Leader"), sessions=2)
    enrolment = _book(personas, cohort)
    start_now(cohort)
    first, second = cohort.sessions.all()
    services.attendance_take(actor=personas.lead.user, session=first, attended_ids={enrolment.pk})
    assert not TrainingRecord.objects.filter(user=personas.member.user).exists()
    assert services.completion_missing(enrolment=enrolment) == ["attend every session (1 of 2 so far)"]
    services.attendance_take(actor=personas.lead.user, session=second, attended_ids={enrolment.pk})
    record = TrainingRecord.objects.get(user=personas.member.user)
    assert record.level.name == "Leader"
    assert record.team == personas.member.team
    assert Notification.objects.filter(user=personas.member.user, title__startswith="You completed").exists()


def test_a_no_show_does_not_complete(personas: Any, cohort: Any) -> None:
    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids=set())
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_a_course_that_requires_a_project_completes_once_the_challenge_becomes_one(personas: Any) -> None:
    cohort = make_cohort(personas, make_course(personas, requires_project=True))
    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids={enrolment.pk})
    assert not TrainingRecord.objects.exists()
    project = services.challenge_to_project(actor=personas.member.user, enrolment=enrolment, title="Fewer falls")
    assert project.problem == "Falls at night on Ward 1"
    assert ProjectMember.objects.get(project=project).role == ProjectRole.LEAD
    assert CourseProject.objects.get(project=project).course == cohort.course
    assert TrainingRecord.objects.filter(user=personas.member.user).count() == 1


def test_the_challenge_becomes_a_project_in_one_step_from_the_page(
    personas: Any, member_client: Client, cohort: Any
) -> None:
    enrolment = _book(personas, cohort)
    assert member_client.post(f"/o/alpha/training/places/{enrolment.pk}/project/", {"title": ""}).status_code == 400
    response = member_client.post(f"/o/alpha/training/places/{enrolment.pk}/project/", {"title": "Fewer falls"})
    project = Project.objects.get(title="Fewer falls")
    assert response["Location"] == f"/o/alpha/projects/{project.pk}/"


def test_the_project_page_records_the_course_it_grew_out_of(
    personas: Any, member_client: Client, lead_client: Client, cohort: Any
) -> None:
    enrolment = _book(personas, cohort)
    project = services.challenge_to_project(actor=personas.member.user, enrolment=enrolment, title="Fewer falls")
    when = cohort.occasion.starts_at.strftime("%-d %B %Y")
    for client in (member_client, lead_client):
        page = client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
        assert "Started from a QI challenge brought to ‘Introduction to Quality Improvement’." in page
        assert f"(cohort starting {when}) working on it: 1." in page
    report = lead_client.get(f"/o/alpha/projects/{project.pk}/report/").content.decode()
    assert "Started from a QI challenge brought to" in report


def test_a_project_without_training_has_no_training_card(personas: Any, lead_client: Client) -> None:
    from openqi.projects.services.projects import project_create

    project = project_create(actor=personas.lead.user, organisation=personas.org_a, title="Sepsis", problem="Late")
    assert 'id="training"' not in lead_client.get(f"/o/alpha/projects/{project.pk}/").content.decode()


def test_the_certificate_is_a_pdf_and_its_check_shows_only_name_course_and_date(
    personas: Any, member_client: Client, cohort: Any
) -> None:
    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids={enrolment.pk})
    record = TrainingRecord.objects.get(user=personas.member.user)
    pdf = member_client.get(f"/o/alpha/training/records/{record.pk}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    page = Client().get(f"/training/verify/{record.certificate_code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert personas.member.user.display_name in text
    assert "Introduction to Quality Improvement" in text
    for secret in (personas.member.user.email, personas.org_a.name, "Ward 1", "Falls at night", "Foundation"):
        assert secret not in text
    assert Client().get("/training/verify/NOSUCHCODE/").status_code == 404


def test_nobody_else_may_download_my_certificate(personas: Any, lead_client: Client, cohort: Any) -> None:
    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids={enrolment.pk})
    record = TrainingRecord.objects.get(user=personas.member.user)
    assert lead_client.get(f"/o/alpha/training/records/{record.pk}/certificate.pdf").status_code == 404


def test_people_interested_are_told_once_when_a_cohort_opens(personas: Any, course: Any) -> None:
    services.interest_register(actor=personas.member.user, organisation=personas.org_a, course=course)
    make_cohort(personas, course)
    make_cohort(personas, course)
    told = Notification.objects.filter(user=personas.member.user, title__startswith="You can now book")
    assert told.count() == 1
    assert Interest.objects.get().notified_at is not None


def test_feedback_waits_for_the_course_to_finish(personas: Any, cohort: Any) -> None:
    enrolment = _book(personas, cohort)
    with pytest.raises(ValidationError):
        services.feedback_give(actor=personas.member.user, enrolment=enrolment, rating=5, comment="")
    start_now(cohort)
    feedback = services.feedback_give(actor=personas.member.user, enrolment=enrolment, rating=4, comment="More SPC")
    assert feedback.rating == 4


def test_a_team_applies_with_its_project_and_the_lead_accepts_booking_them_all(
    personas: Any, lead_client: Client
) -> None:
    from openqi.projects.services.projects import project_create

    cohort = make_cohort(personas, make_course(personas, title="QI Leaders", level_name="Leader"), sessions=4)
    project = project_create(actor=personas.member.user, organisation=personas.org_a, title="Sepsis", problem="Late")
    application = services.application_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        cohort=cohort,
        project=project,
        members=[personas.admin.user],
    )
    assert (
        lead_client.post(
            f"/o/alpha/training/applications/{application.pk}/decide/", {"decision": "decline"}
        ).status_code
        == 400
    )
    response = lead_client.post(f"/o/alpha/training/applications/{application.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert set(Enrolment.objects.filter(cohort=cohort).values_list("project", flat=True)) == {project.pk}
    assert Enrolment.objects.filter(cohort=cohort).count() == 2
    page = lead_client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
    assert "Learners on ‘QI Leaders’" in page and "working on it: 2." in page
    assert "Started from a QI challenge" not in page


def test_a_declined_application_keeps_its_reason(personas: Any) -> None:
    from openqi.projects.services.projects import project_create

    cohort = make_cohort(personas, make_course(personas))
    project = project_create(actor=personas.member.user, organisation=personas.org_a, title="Sepsis", problem="Late")
    application = services.application_submit(
        actor=personas.member.user, organisation=personas.org_a, cohort=cohort, project=project, members=[]
    )
    services.application_decide(actor=personas.lead.user, application=application, accept=False, reason="Full")
    application.refresh_from_db()
    assert (application.status, application.reason) == (ApplicationStatus.DECLINED, "Full")
    assert not Enrolment.objects.exists()


def test_a_persons_training_is_exported_and_erased_and_their_certificate_no_longer_checks(
    personas: Any, cohort: Any
) -> None:
    from openqi.training.privacy import erase_personal_data, export_personal_data

    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.attendance_take(actor=personas.lead.user, session=cohort.sessions.first(), attended_ids={enrolment.pk})
    code = TrainingRecord.objects.get().certificate_code
    exported = export_personal_data(user=personas.member.user)
    assert exported["places"][0]["challenge"] == "Falls at night on Ward 1"
    assert exported["training_records"][0]["certificate_code"] == code
    erase_personal_data(user=personas.member.user, pseudonym="Former member")
    assert not TrainingRecord.objects.exists()
    assert not Enrolment.objects.exists()
    assert Client().get(f"/training/verify/{code}/").status_code == 404


def test_the_course_lead_reads_the_cohorts_feedback(personas: Any, lead_client: Client, cohort: Any) -> None:
    enrolment = _book(personas, cohort)
    start_now(cohort)
    services.feedback_give(actor=personas.member.user, enrolment=enrolment, rating=4, comment="More on SPC please")
    page = lead_client.get(f"/o/alpha/training/cohorts/{cohort.pk}/").content.decode()
    assert "average usefulness 4.0 out of 5" in page
    assert "More on SPC please" in page
