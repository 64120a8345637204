"""Demo data for the network's resources library and event follow-up: a dozen QI resources (small
real PDF and Excel files, and links) tagged by method, audience and level; the latest past event
with a recording for the people who booked, slides for members, and attendees' feedback."""

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from openqi.accounts.models import User
from openqi.bookings.models import Booking, BookingStatus
from openqi.network.models import Event
from openqi.network.resources import services
from openqi.network.resources.followup import booking_key
from openqi.network.resources.models import Feedback, FeedbackRequest, Resource
from openqi.organisations.models import System


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a heading and a few lines of text (Helvetica), written by hand so the
    demo needs no PDF library."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 20 Tf 56 770 Td ({escape(title)}) Tj ET"]
    for n, line in enumerate(lines):
        text.append(f"BT /F1 12 Tf 56 {730 - 20 * n} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def run_chart_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  (a new workbook always has a sheet)
    sheet.title = "Run chart"
    sheet.append(["Week", "Value", "Median"])
    for week in range(1, 21):
        sheet.append([week, None, "=MEDIAN(B$2:B$21)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# title, summary, kind, methods, audiences, level, visibility, file (name) or link
LIBRARY = [
    (
        "Model for Improvement: a one-page guide",
        "The three questions and the PDSA cycle on one page, with a worked example from a ward.",
        "guide",
        ["mfi"],
        ["everyone", "frontline"],
        "introductory",
        "public",
        "model-for-improvement.pdf",
    ),
    (
        "PDSA cycle planning template",
        "Plan a small test of change: question, prediction, plan, and what you will measure.",
        "template",
        ["mfi"],
        ["frontline", "practitioners"],
        "introductory",
        "public",
        "pdsa-template.pdf",
    ),
    (
        "Run chart template (Excel)",
        "Type your weekly values and the median line draws itself. Read it with the run rules.",
        "template",
        ["spc"],
        ["frontline", "practitioners"],
        "introductory",
        "public",
        "run-chart-template.xlsx",
    ),
    (
        "Making Data Count: SPC for leaders",
        "Why two data points are not a trend, and how SPC charts help boards ask better questions.",
        "guide",
        ["spc"],
        ["leaders"],
        "intermediate",
        "public",
        "https://www.england.nhs.uk/publication/making-data-count/",
    ),
    (
        "Process mapping workshop kit",
        "How to run a process mapping session with the people who do the work, with a materials list.",
        "tool",
        ["process_mapping", "lean"],
        ["practitioners"],
        "intermediate",
        "members",
        "process-mapping-kit.pdf",
    ),
    (
        "Lean: the seven wastes on a ward",
        "Spot waiting, motion, over-processing and the other wastes, with examples from acute medicine.",
        "guide",
        ["lean"],
        ["frontline"],
        "introductory",
        "public",
        "seven-wastes.pdf",
    ),
    (
        "Fishbone diagram for root cause analysis",
        "A cause and effect diagram with prompts for people, process, equipment, environment and policy.",
        "tool",
        ["root_cause"],
        ["frontline", "practitioners"],
        "introductory",
        "public",
        "fishbone.pdf",
    ),
    (
        "Five whys: asking until you reach a cause",
        "A short guide to the five whys, and when to stop asking.",
        "guide",
        ["root_cause"],
        ["everyone"],
        "introductory",
        "public",
        "https://www.england.nhs.uk/improvement-hub/",
    ),
    (
        "NHS Sustainability Model self-assessment",
        "The ten factors, their weights and how a team scores them together, to judge whether a change will last.",
        "tool",
        ["sustainability"],
        ["practitioners", "leaders"],
        "intermediate",
        "members",
        "sustainability-model.pdf",
    ),
    (
        "Spreading a change to another team",
        "Adopt or adapt: what to carry over, what to test again, and who to involve.",
        "guide",
        ["spread", "sustainability"],
        ["practitioners", "leaders"],
        "advanced",
        "members",
        "spreading-change.pdf",
    ),
    (
        "Co-producing improvement with patients",
        "How to involve experts by experience from the first meeting, not the last.",
        "guide",
        ["mfi", "spread"],
        ["everyone", "public"],
        "introductory",
        "public",
        "co-production.pdf",
    ),
    (
        "Driver diagram template",
        "Aim, primary and secondary drivers and change ideas, ready to fill in as a team.",
        "template",
        ["mfi"],
        ["practitioners"],
        "intermediate",
        "public",
        "driver-diagram.pdf",
    ),
]


def _upload(name: str, title: str, summary: str) -> tuple[io.BytesIO, int]:
    if name.endswith(".xlsx"):
        content = run_chart_workbook()
    else:
        lines = [summary[:90], summary[90:180], "North and Riverside ICS CQI team (demo)"]
        content = pdf_bytes(title, [line for line in lines if line])
    return io.BytesIO(content), len(content)


def seed_network_resources(*, system: System, team_user: User) -> None:
    if Resource.objects.filter(system=system).exists():
        return
    for title, summary, kind, methods, audiences, level, visibility, target in LIBRARY:
        common: dict[str, Any] = {
            "actor": team_user,
            "system": system,
            "title": title,
            "summary": summary,
            "kind": kind,
            "methods": methods,
            "audiences": audiences,
            "level": level,
            "visibility": visibility,
        }
        if target.startswith("https://"):
            services.resource_create(**common, link=target)
        else:
            stream, size = _upload(target, title, summary)
            services.resource_create(**common, upload=stream, upload_name=target, upload_size=size)
    _past_event_followup(system=system, team_user=team_user)


def _past_event_followup(*, system: System, team_user: User) -> None:
    event = (
        Event.objects.filter(system=system, occasion__ends_at__lt=timezone.now())
        .select_related("occasion")
        .order_by("-occasion__starts_at")
        .first()
    )
    if event is None:
        return
    services.resource_create(
        actor=team_user,
        system=system,
        title=f"Recording: {event.title}",
        summary="The whole session, with captions. For the people who booked.",
        kind="recording",
        methods=["mfi", "spc"],
        audiences=["everyone"],
        level="introductory",
        visibility="booked",
        link="https://video.example.org/north-riverside-qi/latest",
        event=event,
    )
    stream, size = _upload("slides.pdf", f"Slides: {event.title}", "The slides shown at the session.")
    services.resource_create(
        actor=team_user,
        system=system,
        title=f"Slides: {event.title}",
        summary="The slides shown at the session.",
        kind="slides",
        methods=["mfi", "spc"],
        audiences=["everyone"],
        level="introductory",
        visibility="members",
        upload=stream,
        upload_name="slides.pdf",
        upload_size=size,
        event=event,
    )
    came = list(
        Booking.objects.filter(occasion_id=event.occasion_id, status=BookingStatus.CONFIRMED, attended=True).order_by(
            "pk"
        )
    )
    comments = [
        ("Seeing real run charts from our own wards.", "More time for questions."),
        ("Clear and practical.", ""),
        ("", "Share the slides before the session."),
        ("Meeting people from the other trust.", "A longer break."),
    ]
    answered_on = timezone.localdate(event.occasion.ends_at) + timedelta(days=1)
    FeedbackRequest.objects.bulk_create([FeedbackRequest(booking=b, sent_at=event.occasion.ends_at) for b in came])
    Feedback.objects.bulk_create(
        [
            Feedback(
                event=event,
                booking_key=booking_key(booking.pk),
                rating=(5, 4, 4, 3, 5)[n % 5],
                recommend=n % 6 != 5,
                went_well=comments[n % 4][0] if n % 2 == 0 else "",
                even_better=comments[n % 4][1] if n % 2 == 0 else "",
                answered_on=answered_on,
            )
            for n, booking in enumerate(came[: max(0, len(came) * 3 // 4)])
        ]
    )
