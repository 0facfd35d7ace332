"""Production settings pass Django's deployment checks, refuse to start misconfigured, and need
neither the demo nor the benchmarks, which the image leaves out."""

import fnmatch
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE_SECRET_KEY = next(
    line.partition("=")[2]
    for line in (ROOT / ".env.example").read_text().splitlines()
    if line.startswith("SECRET_KEY=")
)


def example_environment() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # Browser tests allow synchronous database calls next to Playwright's event loop.
        if key
        not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    # The example's key is public: a real deployment draws its own.
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    return env


def manage(*args, env, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_the_example_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=example_environment())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", "", "SECRET_KEY doit être défini"),
        ("SECRET_KEY", "insecure-development-key-change-me", "SECRET_KEY doit être défini"),
        # The placeholder of .env.example, left unchanged.
        ("SECRET_KEY", EXAMPLE_SECRET_KEY, "SECRET_KEY doit être défini"),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS doit lister"),
    ],
)
def test_production_refuses_to_start_misconfigured(variable, value, message):
    env = example_environment()
    env[variable] = value
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_has_no_demo_and_no_debug():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.DEMO_ENABLED)",
        env=example_environment(),
    )
    assert result.stdout.strip().endswith("False False")


def test_production_installs_neither_the_demo_nor_the_benchmarks():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.apps import apps; print(apps.is_installed('demo'), apps.is_installed('bench'))",
        env=example_environment(),
    )
    assert result.stdout.strip().endswith("False False"), result.stderr


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves `path` (relative to the context, with slashes) out of the image:
    a pattern matches the whole path, or any last part for a pattern starting with `**/`."""
    return any(
        fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern.removeprefix("**/"))
        if pattern.startswith("**/")
        else path.count("/") == pattern.count("/") and fnmatch.fnmatchcase(path, pattern)
        for pattern in patterns
    )


def test_the_image_files_alone_collect_static_files_and_pass_the_deploy_checks(tmp_path):
    """The image holds neither the tests, nor the docs, nor `bench` (.dockerignore): what it
    holds must run the Dockerfile's collectstatic (here without writing) and start."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert {"tests", "docs", "bench"} <= set(patterns)
    image = tmp_path / "app"
    shutil.copytree(
        ROOT,
        image,
        ignore=lambda folder, names: {
            name
            for name in names
            if dockerignored((Path(folder) / name).relative_to(ROOT).as_posix(), patterns)
        },
    )
    assert not (image / "bench").exists()
    env = {**example_environment(), "DATABASE_URL": f"sqlite:///{image / 'db.sqlite3'}"}
    collected = manage("collectstatic", "--noinput", "--dry-run", env=env, cwd=image)
    assert collected.returncode == 0, collected.stderr
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env, cwd=image)
    assert checked.returncode == 0, checked.stderr


def test_compose_file_declares_every_service_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis", "init"} <= set(services)
    for name in ("web", "worker", "beat", "db", "redis"):
        assert "test" in services[name]["healthcheck"], name
    assert services["beat"]["deploy"]["replicas"] == 1
    assert {"postgres-data", "media"} <= set(compose["volumes"])
    assert "postgres-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["init"]["condition"] == "service_completed_successfully"


def test_every_variable_of_the_compose_file_is_documented_in_the_example():
    documented = (ROOT / ".env.example").read_text()
    for variable in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "POSTGRES_PASSWORD",
        "EMAIL_URL",
        "S3_BUCKET",
        "WORKER_CONCURRENCY",
    ):
        assert variable in documented


def test_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER cls\n" in dockerfile
    assert "libpango-1.0-0" in dockerfile
