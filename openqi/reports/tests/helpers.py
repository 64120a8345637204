"""Data for the reports tests, made directly (the other apps' services are tested in their apps)."""

import datetime
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from openqi.ideas.models import Idea, Identity
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services.alerts import measure_summary_refresh
from openqi.organisations.models import Organisation, Team
from openqi.projects.models import Project

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is needed to read PDFs")

START = datetime.date(2025, 1, 6)
STABLE = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.1, 4.7, 5.0, 5.3, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0, 4.9, 5.1, 5.2, 4.8]
WORSE = [6.3, 6.1, 6.4, 6.2, 6.5, 6.3, 6.2, 6.4]


def make_measure(organisation: Organisation, name: str, *, worse: bool = False, **fields: Any) -> Measure:
    measure = Measure.objects.create(
        organisation=organisation,
        name=name,
        measure_type="outcome",
        what_counted=f"{name}, counted weekly",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        **fields,
    )
    values = STABLE + (WORSE if worse else STABLE[:8])
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            organisation=organisation,
            period=START + datetime.timedelta(days=7 * i),
            value=value,
        )
        for i, value in enumerate(values)
    )
    refreshed = measure_summary_refresh(measure_id=measure.pk)
    assert refreshed is not None
    return refreshed


def make_ideas(organisation: Organisation, *, named: int, anonymous: int, team: Team | None = None) -> None:
    today = timezone.localdate()
    for i in range(named + anonymous):
        Idea.objects.create(
            organisation=organisation,
            title=f"Idea {i}",
            problem="A problem",
            suggestion="A suggestion",
            team=team,
            identity=Identity.ANONYMOUS if i >= named else Identity.NAMED,
            submitted_on=today,
        )


def answer(organisation: Organisation, title: str, answer_text: str, team: Team | None = None) -> Idea:
    return Idea.objects.create(
        organisation=organisation,
        title=title,
        problem="A problem",
        suggestion="A suggestion",
        team=team,
        identity=Identity.ANONYMOUS,
        submitted_on=timezone.localdate() - datetime.timedelta(days=10),
        public_answer=answer_text,
        answered_on=timezone.localdate() - datetime.timedelta(days=2),
        status="implemented",
    )


def make_project(organisation: Organisation, title: str, **fields: Any) -> Project:
    return Project.objects.create(organisation=organisation, title=title, problem="Too many falls.", **fields)


def pdf_text(content: bytes, tmp_path: Path) -> tuple[str, str]:
    """(pdftotext, pdfinfo) of a PDF."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    return " ".join(text.split()), info


def pdf_structure(content: bytes) -> bytes:
    """The PDF's objects with its compressed streams inflated, to read its structure tree (tags,
    alt text, language) without a PDF library."""
    import re
    import zlib

    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def build(report_id: int) -> Any:
    from openqi.reports.models import Report

    return Report.objects.get(pk=report_id)
