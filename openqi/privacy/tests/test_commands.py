import json
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openqi.accounts.models import User
from openqi.privacy.tests.conftest import Person


def test_the_export_command_writes_a_json_file_only_its_owner_can_read(person: Person, tmp_path: Path) -> None:
    target = tmp_path / "sar.json"
    call_command("personal_data_export", email=person.email.upper(), by=person.admin.email, output=str(target))
    document = json.loads(target.read_text())
    assert document["format"] == "openqi-subject-access/1"
    assert document["subject"]["email"] == person.email
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_erase_command_asks_for_confirmation_then_erases(person: Person, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("personal_data_erase", email=person.email, by=person.admin.email)
    assert User.objects.filter(pk=person.user.pk).exists()
    call_command("personal_data_erase", email=person.email, by=person.admin.email, yes=True)
    assert not User.objects.filter(pk=person.user.pk).exists()
    assert "Former member" in capsys.readouterr().out


def test_the_commands_refuse_someone_who_is_not_a_system_admin(person: Person) -> None:
    with pytest.raises(CommandError, match="system admin"):
        call_command("personal_data_export", email=person.email, by=person.personas.lead.user.email)
    with pytest.raises(CommandError, match="No account"):
        call_command("personal_data_erase", email="nobody@example.org", by=person.admin.email, yes=True)
