"""Small real files (and fakes dressed as them) for the resources library's tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # the same bytes in every process (pytest-xdist compares test ids)


def office_bytes(folder: str = "word/", *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    entries: list[tuple[str, str | bytes]] = [
        ("[Content_Types].xml", "<Types/>"),
        (f"{folder}document.xml", "<document/>"),
    ]
    if macros:
        entries.append((f"{folder}vbaProject.bin", b"\x00macro"))
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
