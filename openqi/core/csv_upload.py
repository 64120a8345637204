"""The upload page of an import with a preview (the training completions and the staff import):
a file field, a size limit, the app's `prepare` reading the file into a pending import, then the
preview page; a file that cannot be read is refused on the form with the reason, and nothing is kept.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.core.csv_import import UploadError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def csv_upload_page(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    template: str,
    context: Mapping[str, Any],
    prepare: Callable[[str, bytes], Any],
    preview_url: Callable[[Any], str],
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> HttpResponse:
    """GET shows the form; a POSTed file within `max_bytes` goes to `prepare(filename, content)`,
    whose pending import's `preview_url` is where the person goes next. Refusals answer 400."""
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > max_bytes:
            form.add_error("file", f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB")
        else:
            try:
                pending = prepare(upload.name or "upload.csv", upload.read())
            except UploadError as error:
                form.add_error("file", str(error))
            else:
                return redirect(preview_url(pending))
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)
