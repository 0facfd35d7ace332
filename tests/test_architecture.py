"""Rules on the shape of the code: apps depend only on the apps before them (territories →
actors → contracts → actions → indicators → reports → portfolio, → demo, which may use them all,
→ bench, which may use the demo too), and no code relies on `QuerySet.iterator()` to stream."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

CHAIN = [
    "territories",
    "actors",
    "contracts",
    "actions",
    "indicators",
    "reports",
    "portfolio",
    "demo",
    "bench",
]
ROOT = Path(__file__).resolve().parent.parent
# What production installs (config/settings/production.py): all but the demo and the benchmarks.
PRODUCTION_APPS = [*(app for app in CHAIN if app not in ("demo", "bench")), "config"]
# Distributions imported under another name than their own, lower-cased, with underscores.
IMPORT_NAMES = {"factory-boy": "factory"}


def imported_modules(path: Path) -> set[str]:
    """The top-level packages `path` imports."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def imported_apps(path: Path) -> set[str]:
    return imported_modules(path) & set(CHAIN)


def development_packages() -> set[str]:
    """The import names of the `dev` extra of pyproject.toml (tests, linters…)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = set()
    for requirement in project["optional-dependencies"]["dev"]:
        distribution = re.match(r"[\w.-]+", requirement)[0].lower()
        names.add(IMPORT_NAMES.get(distribution, re.sub(r"[.-]", "_", distribution)))
    return names


@pytest.mark.parametrize("app", CHAIN)
def test_app_imports_only_apps_before_it(app):
    allowed = set(CHAIN[: CHAIN.index(app) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert offenders == {}


def test_development_packages_are_known_by_their_import_names():
    expected = {"factory", "faker", "schemathesis", "playwright", "pytest"}
    expected |= {"pytest_django", "time_machine", "ruff", "djlint"}
    assert expected <= development_packages()


@pytest.mark.parametrize("app", PRODUCTION_APPS)
def test_production_code_needs_no_demo_bench_tests_nor_development_package(app):
    """The image installs only the main dependencies and ships neither `bench` nor the tests."""
    forbidden = development_packages() | {"demo", "bench", "tests"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & forbidden)
        for path in (ROOT / app).rglob("*.py")
        if imported_modules(path) & forbidden
    }
    assert offenders == {}


def test_no_code_streams_rows_through_iterator():
    """Server-side cursors are off on PostgreSQL (config/settings/base.py), so `iterator()`
    would read a whole table into memory at once: stream in pages instead."""
    sources = [path for app in [*CHAIN, "config"] for path in (ROOT / app).rglob("*.py")]
    callers = [
        str(path.relative_to(ROOT))
        for path in sources
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "iterator"
    ]
    assert callers == []


def test_config_imports_apps_only_where_it_routes_them():
    """`config` routes requests to the apps and holds what they share; it depends on none."""
    routers = {"config/api.py", "config/urls.py"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path))
        for path in (ROOT / "config").rglob("*.py")
        if imported_apps(path) and str(path.relative_to(ROOT)) not in routers
    }
    assert offenders == {}
