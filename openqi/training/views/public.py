"""The public check of a certificate: name, course and date, nothing else."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openqi.training import selectors


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a certificate's code may check it. The page shows the name, the course and
    the date only: no organisation, team, email or anything else about the person."""
    record = selectors.record_by_code(code=code[:20])
    response = render(
        request, "training/verify.jinja", {"record": record, "code": code[:20]}, status=200 if record else 404
    )
    response["X-Robots-Tag"] = "noindex"
    return response
