"""`Idempotency-Key` for the API's create endpoints: a program that retries a POST (a timeout, a
lost answer) makes one thing, not two.

The web app's forms carry a one-time submission token (`core.submission`, ADR 0013); a program
sends this header instead (the IETF httpapi draft's name). The key is scoped to the token and the
address, hashed, and stored in the same `SubmissionRecord` table, in the same transaction as what
the request made, with the address of that thing. A repeat of the key answers 303 See Other to
it (and `Idempotent-Replayed: true`), running nothing. Records live about a day, as for forms.
Without the header the endpoint behaves as before.
"""

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from openqi.api.auth import ApiPrincipal
from openqi.core.models import SubmissionRecord

HEADER = "Idempotency-Key"
_VALID = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's examples

T = TypeVar("T")


def _record_key(request: HttpRequest, principal: ApiPrincipal) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if not _VALID.match(raw):
        raise ValidationError({HEADER: "Use 1 to 255 visible characters (for example a UUID)"})
    return hashlib.sha256(f"api:{principal.token.pk}:{request.path}:{raw}".encode()).hexdigest()


def _replay(record: SubmissionRecord) -> HttpResponse:
    response = HttpResponse(status=303)
    response["Location"] = record.result_url
    response["Idempotent-Replayed"] = "true"
    return response


def once_per_key(
    request: HttpRequest, principal: ApiPrincipal, create: Callable[[], tuple[T, str]]
) -> T | HttpResponse:
    """Run `create` (which returns its answer and the address of what it made) once per
    Idempotency-Key; a repeat is sent to that address."""
    key = _record_key(request, principal)
    if key is None:
        return create()[0]
    earlier = SubmissionRecord.objects.filter(key=key).first()
    if earlier is not None:
        return _replay(earlier)
    try:
        with transaction.atomic():
            answer, location = create()
            SubmissionRecord.objects.create(key=key, result_url=location, used_on=timezone.localdate())
    except IntegrityError:
        # Two sendings at once: the other committed first; this one's work was rolled back whole.
        earlier = SubmissionRecord.objects.filter(key=key).first()
        if earlier is None:
            raise
        return _replay(earlier)
    return answer
