"""Certificates of recognition, made with the shared PDF machinery (`openqi.documents`)."""

from openqi.documents.pdf import PdfDocument, render_pdf
from openqi.recognition.models import Nomination


def certificate_pdf(*, nomination: Nomination) -> PdfDocument:
    """One landscape page: the organisation, the award and month, who won and the panel's words."""
    return render_pdf(
        template_name="recognition/certificate.jinja",
        context={"nomination": nomination},
        organisation_name=nomination.organisation.name,
        title=f"Certificate of recognition: {nomination.category.name}, {nomination.month:%B %Y}",
    )
