"""The import-linter contracts in pyproject.toml hold for the code, and a wrong import breaks them.

Each breaking case copies the package's Python files to a scratch directory, adds one import
that crosses a boundary, and runs `lint-imports` there with the project's own contracts."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(  # noqa: S603  (our own tool with a fixed argument list)
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_contracts_hold_for_the_code_as_it_is() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "broken"),
    [
        # core is the ground floor: it may not reach up to the home page.
        ("core/apps.py", "from openqi.web import views", "openqi.core.apps -> openqi.web.views"),
        # accounts sits below organisations.
        ("accounts/apps.py", "from openqi.organisations import access", "openqi.accounts.apps -> openqi.organisations"),
        # Feature apps are independent siblings.
        ("ideas/apps.py", "from openqi.checkins import models", "openqi.ideas.apps -> openqi.checkins"),
        # projects reads measures only through measure_refs.
        ("projects/apps.py", "from openqi.measures import models", "openqi.projects.apps -> openqi.measures"),
        # The statistics engine imports no Django.
        ("spc/__init__.py", "import django", "openqi.spc -> django"),
        # The audit trail sits below the apps that write to it.
        (
            "audit/services.py",
            "from openqi.organisations import models",
            "openqi.audit.services -> openqi.organisations",
        ),
        # The k rule is pure, like the statistics engine.
        ("anonymity/__init__.py", "import django", "openqi.anonymity -> django"),
        # Only selectors (and presenters) call the statistics engine, in every app.
        ("checkins/views.py", "import openqi.spc", "openqi.checkins.views -> openqi.spc"),
    ],
)
def test_one_wrong_import_breaks_the_contract_it_crosses(
    tmp_path: Path, module: str, wrong_import: str, broken: str
) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "openqi",
        tmp_path / "openqi",
        ignore=shutil.ignore_patterns("__pycache__", "jinja2", "static", "*.jinja"),
    )
    target = tmp_path / "openqi" / module
    target.write_text(target.read_text() + f"\n{wrong_import}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "1 broken" in result.stdout or "2 broken" in result.stdout
    assert broken in result.stdout
