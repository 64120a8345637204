"""Completion certificates, made with the shared PDF machinery (`openqi.documents`, ADR 0021)."""

from openqi.documents.pdf import PdfDocument, render_pdf
from openqi.training.models import TrainingRecord


def certificate_pdf(*, record: TrainingRecord, verify_url: str) -> PdfDocument:
    """One landscape page: who, which course and level, when, and how anyone can check it."""
    return render_pdf(
        template_name="training/certificate.jinja",
        context={"record": record, "verify_url": verify_url},
        organisation_name=record.organisation.name,
        title=f"Certificate of completion: {record.course.title}",
    )
