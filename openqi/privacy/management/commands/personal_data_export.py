"""`manage.py personal_data_export --email PERSON --by ADMIN [--output FILE]`: a subject access
export (UK GDPR article 15) as one JSON document. Audited as `privacy.export`."""

import json
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from openqi.privacy.selectors import subject_get
from openqi.privacy.services import personal_data_export


class Command(BaseCommand):
    help = "Export everything OpenQI holds about one person as JSON (subject access request)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument("--by", required=True, help="The email of the system admin handling the request.")
        parser.add_argument("--output", help="Write to this file (created readable by its owner only).")

    def handle(self, *args: Any, **options: Any) -> None:
        subject = subject_get(email=options["email"])
        actor = subject_get(email=options["by"])
        if subject is None:
            raise CommandError("No account has that email address.")
        if actor is None:
            raise CommandError("--by names no account.")
        try:
            document = personal_data_export(actor=actor, subject=subject)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        text = json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        # The file holds personal data: never readable by other users of the machine.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stdout.write(f"Wrote {path} ({len(document['sections'])} sections).")
