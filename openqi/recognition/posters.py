"""Champions' posters: one A4 page with a big QR code to the place a champion wants people to go
(share an idea, check in, thank a colleague, or the public ideas portal for patients and visitors),
its address written out for those who cannot scan, made with the shared PDF machinery."""

from dataclasses import dataclass

from openqi.core.qr import qr_svg
from openqi.documents.pdf import PdfDocument, render_pdf


@dataclass(frozen=True)
class Poster:
    kind: str
    name: str  # how the toolkit lists it
    heading: str
    lines: tuple[str, ...]
    url_name: str
    audience: str  # who it is for, said on the toolkit page


POSTERS: dict[str, Poster] = {
    poster.kind: poster
    for poster in (
        Poster(
            "idea",
            "Share an idea",
            "Got an idea to make things better here?",
            (
                "Every idea gets an answer. Share it in two minutes, with your name or without it.",
                "See what changed because of ideas like yours on “You said, we did”.",
            ),
            "ideas:idea_create",
            "staff (they sign in)",
        ),
        Poster(
            "checkin",
            "Check in",
            "How was your day?",
            (
                "Tell us in ten seconds. It is anonymous: nobody, not even managers or admins, can see who answered.",
                "The team sees only totals, and only when enough people have answered.",
            ),
            "checkins:checkin_create",
            "staff (they sign in)",
        ),
        Poster(
            "thanks",
            "Thank a colleague",
            "Someone made your day easier?",
            (
                "Thank them for something specific. They are told, and they keep it.",
                "Thank-yous can also be shared with their manager and put forward for the month's awards.",
            ),
            "recognition:thank_you_create",
            "staff (they sign in)",
        ),
        Poster(
            "portal",
            "Ideas from patients and visitors",
            "Help us improve your care",
            (
                "Patients, carers and visitors: tell us what would make things better. No account needed.",
                "Please do not include names or medical details.",
            ),
            "ideas:portal_idea_create",
            "patients, carers and visitors (no account)",
        ),
    )
}


# About 9 cm across for a typical address: scannable from a couple of metres down a corridor.
POSTER_QR_BOX = 24


def poster_pdf(*, organisation_name: str, poster: Poster, address: str) -> PdfDocument:
    """The poster for `address` (an absolute URL the caller built for this organisation)."""
    return render_pdf(
        template_name="recognition/poster.jinja",
        context={"poster": poster, "address": address, "qr": qr_svg(address, box_size=POSTER_QR_BOX)},
        organisation_name=organisation_name,
        title=f"{poster.heading} – {organisation_name}",
    )
