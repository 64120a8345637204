"""What an uploaded file really is, found from its first bytes (and, for Office files, the names
inside the zip), never from its name or the browser's word. A file whose content does not match
its extension, or of a type not listed here, or too large, is refused before anything is saved.

Office files are the 2007+ formats only (.docx, .xlsx, .pptx); macro-enabled and legacy binary
Office files are refused (ADR 0028). SVG and HTML are refused: a browser would run their scripts.
"""

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_BYTES_DEFAULT = 25 * 1024 * 1024
_ZIP_ENTRIES_READ = 2000  # an Office file lists a few dozen; more is not an Office file


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str
    inline: bool  # shown in the browser (PDF, images); everything else is a download


PDF = FileType("pdf", "application/pdf", "PDF", inline=True)
PNG = FileType("png", "image/png", "PNG image", inline=True)
JPEG = FileType("jpg", "image/jpeg", "JPEG image", inline=True)
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", False)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", False)
PPTX = FileType(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint", False
)

BY_EXTENSION = {t.extension: t for t in (PDF, PNG, JPEG, DOCX, XLSX, PPTX)} | {"jpeg": JPEG}
BY_CONTENT_TYPE = {t.content_type: t for t in (PDF, PNG, JPEG, DOCX, XLSX, PPTX)}
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG or JPEG"
_OFFICE_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9 ._()-]+")


def max_bytes() -> int:
    return int(getattr(settings, "NETWORK_RESOURCE_MAX_BYTES", MAX_BYTES_DEFAULT))


def safe_download_name(name: str, extension: str) -> str:
    """The uploader's file name, kept readable but with no quotes, slashes or control characters,
    and always ending in the extension its content was checked for."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _UNSAFE_NAME.sub("-", stem).strip(" .-")[:80] or "resource"
    return f"{stem}.{extension}"


def _office_type(stream: IO[bytes], extension: str) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = [info.filename for _, info in zip(range(_ZIP_ENTRIES_READ + 1), archive.infolist(), strict=False)]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(names) > _ZIP_ENTRIES_READ or "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macros inside, whatever the name says
    folder = _OFFICE_FOLDER.get(extension)
    if folder is None or not any(name.startswith(folder) for name in names):
        return None
    return BY_EXTENSION[extension]


def detect(stream: IO[bytes], extension: str) -> FileType | None:
    """The type the content proves, if it is the type the extension claims; else None."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        return None
    if claimed is PDF:
        return PDF if head.startswith(b"%PDF-") else None
    if claimed is PNG:
        return PNG if head.startswith(b"\x89PNG\r\n\x1a\n") else None
    if claimed is JPEG:
        return JPEG if head.startswith(b"\xff\xd8\xff") else None
    if head.startswith(b"PK\x03\x04"):
        found = _office_type(stream, extension)
        stream.seek(0)
        return found
    return None


def check_upload(upload: IO[bytes], *, name: str, size: int) -> FileType:
    """The checked type of an upload, or a ValidationError in words a person can act on."""
    if size <= 0:
        raise ValidationError({"file": "The selected file is empty"})
    limit = max_bytes()
    if size > limit:
        raise ValidationError({"file": f"The selected file must be smaller than {limit // (1024 * 1024)} MB"})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in BY_EXTENSION:
        raise ValidationError({"file": f"The selected file must be a {ACCEPTED} file"})
    found = detect(upload, extension)
    if found is None:
        raise ValidationError(
            {"file": f"The selected file is not a real .{extension} file. Save it again as {ACCEPTED} and upload that"}
        )
    return found
