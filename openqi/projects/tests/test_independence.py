"""Projects link to measures and ideas through `ProjectLink` only, never by importing their apps
(import-linter cannot forbid modules that do not exist yet on this branch, so this test does)."""

import ast
from pathlib import Path

FORBIDDEN = ("openqi.measures", "openqi.ideas", "openqi.checkins")
# Starting a project from an idea reads the idea through the ideas app's public reads only.
ALLOWED = ("openqi.ideas.selectors",)
APP = Path(__file__).resolve().parents[1]


def test_the_projects_app_imports_no_measures_ideas_or_check_ins() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN) and n not in ALLOWED]
    assert offenders == []
