"""Projects link to measures and ideas through `ProjectLink` only, never by importing their models.
One module, `measure_refs.py`, reads the measures app through its public selectors and presenter
(ADR 0008, amended) and fills its `extensions` seam; every other module imports no measures, ideas
or check-ins."""

import ast
from pathlib import Path

FORBIDDEN = ("openqi.measures", "openqi.ideas", "openqi.checkins")
# Starting a project from an idea reads the idea through the ideas app's public reads only.
ALLOWED = ("openqi.ideas.selectors",)
APP = Path(__file__).resolve().parents[1]
BRIDGE = "measure_refs.py"
BRIDGE_ALLOWED = (
    "openqi.measures.extensions",
    "openqi.measures.selectors",
    "openqi.measures.presenters",
    "openqi.measures",
)


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
            if path.name == BRIDGE:
                names = [n for n in names if n not in BRIDGE_ALLOWED]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN) and n not in ALLOWED]
    assert offenders == []


def test_the_bridge_reads_only_the_public_selectors_presenter_and_extensions_of_measures() -> None:
    imported = set()
    for node in ast.walk(ast.parse((APP / BRIDGE).read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openqi.measures"):
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    assert imported and imported <= {
        "openqi.measures.extensions",
        "openqi.measures.selectors",
        "openqi.measures.presenters",
    }
