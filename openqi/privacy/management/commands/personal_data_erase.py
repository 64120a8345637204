"""`manage.py personal_data_erase --email PERSON --by ADMIN --yes`: erase one person (UK GDPR
article 17). Organisation records others rely on are kept and de-identified; the account is
deleted. Audited as `privacy.erase`. It cannot be undone (except by restoring a backup)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openqi.privacy.selectors import subject_get
from openqi.privacy.services import personal_data_erase


class Command(BaseCommand):
    help = "Erase one person's personal data and account; keep the records others rely on, de-identified."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument("--by", required=True, help="The email of the system admin handling the request.")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args: Any, **options: Any) -> None:
        subject = subject_get(email=options["email"])
        actor = subject_get(email=options["by"])
        if subject is None:
            raise CommandError("No account has that email address.")
        if actor is None:
            raise CommandError("--by names no account.")
        if not options["yes"]:
            raise CommandError("Erasure cannot be undone: run again with --yes to confirm.")
        try:
            report = personal_data_erase(actor=actor, subject=subject)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Erased. The audit trail now calls this person “{report.pseudonym}”.")
        for app, counts in report.counts.items():
            changed = ", ".join(f"{name} {count}" for name, count in counts.items() if count)
            self.stdout.write(f"  {app}: {changed or 'nothing held'}")
