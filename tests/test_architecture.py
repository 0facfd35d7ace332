"""Apps depend only on the apps before them: territories → actors → contracts → actions →
indicators → reports (→ demo, which may use them all)."""

import ast
from pathlib import Path

import pytest

CHAIN = ["territories", "actors", "contracts", "actions", "indicators", "reports", "demo"]
ROOT = Path(__file__).resolve().parent.parent


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names & set(CHAIN)


@pytest.mark.parametrize("app", CHAIN)
def test_app_imports_only_apps_before_it(app):
    allowed = set(CHAIN[: CHAIN.index(app) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert offenders == {}
