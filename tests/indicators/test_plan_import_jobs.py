"""Confirmed imports: in the request without Redis; by a worker with Redis when the file is
large, the page showing its progress until it is done (or refused, nothing written)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators import tasks
from indicators.enums import PlanImportStatus
from indicators.models import PlanImport
from indicators.spreadsheets import jobs
from tests.indicators.test_spreadsheets import (
    VALID,
    confirm_url,
    draft,
    import_url,
    upload,
    workbook,
)

__all__ = ["draft"]


@pytest.fixture
def with_worker(settings, monkeypatch):
    """Redis configured: tasks are queued, not run here; every file counts as large."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 1)


def _progress_url(job):
    return reverse("plan_import_progress", args=[job.contract_id, job.pk])


def _status_url(job):
    return reverse("plan_import_status", args=[job.contract_id, job.pk])


def test_without_redis_the_import_runs_in_the_request(client, world, draft):
    client.force_login(world.coordinator)
    preview = client.post(import_url(draft), {"file": upload(workbook(**VALID))})
    assert "en arrière-plan" not in preview.text
    response = client.post(confirm_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse("contract_actions", args=[draft.pk])
    assert "Plan importé : axes : 2 ajouts" in response.text
    job = PlanImport.objects.get(contract=draft)
    assert (job.status, job.requested_by, job.rows_total) == ("done", world.coordinator, 8)


def test_with_redis_a_large_import_runs_as_a_task_whose_progress_the_page_shows(
    client, world, draft, with_worker, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    preview = client.post(import_url(draft), {"file": upload(workbook(**VALID))})
    assert "l'import se fera en arrière-plan" in preview.text
    queued = []
    tasks.run_plan_import.delay = queued.append  # the broker's side, seen from here
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(confirm_url(draft))
    finally:
        del tasks.run_plan_import.delay
    job = PlanImport.objects.get(contract=draft)
    assert queued == [job.pk]
    assert response.url == _progress_url(job)
    assert not draft.actions.exists()

    cache.set(jobs.progress_key(job.pk), 3)
    PlanImport.objects.filter(pk=job.pk).update(status=PlanImportStatus.RUNNING)
    page = client.get(_progress_url(job))
    assert "Lignes lues" in page.text and "3 / 8" in page.text
    assert client.get(_status_url(job)).json()["done"] == 3

    PlanImport.objects.filter(pk=job.pk).update(status=PlanImportStatus.PENDING)
    tasks.run_plan_import(job.pk)  # as the worker runs it
    tasks.run_plan_import(job.pk)  # run twice: nothing more happens
    status = client.get(_status_url(job)).json()
    assert (status["is_finished"], status["done"], status["total"]) == (True, 8, 8)
    assert "Plan importé" in client.get(_progress_url(job)).text
    assert draft.actions.count() == 2


def test_an_import_refused_by_its_worker_writes_nothing_and_says_why(client, world, draft):
    client.force_login(world.coordinator)
    job = PlanImport.objects.create(
        contract=draft,
        requested_by=world.coordinator,
        file_name=jobs.pending_store(workbook(Axes=[{"number": "un", "title": "Axe"}])),
        rows_total=1,
    )
    tasks.run_plan_import(job.pk)
    page = client.get(_progress_url(job))
    assert "Rien n'a été importé" in page.text
    assert "« un » n&#x27;est pas un nombre entier positif." in page.text
    assert not draft.axes.exists()


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_only_the_coordination_follows_an_import(client, world, persona):
    job = PlanImport.objects.create(contract=world.contract, rows_total=1)
    client.force_login(getattr(world, persona))
    assert client.get(_progress_url(job)).status_code == 403
    assert client.get(_status_url(job)).status_code == 403


def test_an_import_of_another_contract_is_not_found(client, world):
    job = PlanImport.objects.create(contract=world.other_contract, rows_total=1)
    client.force_login(world.coordinator)
    url = reverse("plan_import_progress", args=[world.contract.pk, job.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_progress_page_and_status_query_counts_are_constant(
    client, world, django_assert_num_queries, size
):
    for _ in range(size):
        job = PlanImport.objects.create(
            contract=world.contract, rows_total=10, problems=["a"] * size, status="failed"
        )
    client.force_login(world.coordinator)
    # 1 session, 2 user, 3 roles (memberships), 4 contract with its header relations,
    # 5 may the user coordinate it (current coordinator?), 6 the import,
    # 7 may the user coordinate it (the header's question, asked again by contract_context).
    with django_assert_num_queries(7):
        assert client.get(_progress_url(job)).status_code == 200
    # 1 session, 2 user, 3 roles, 4 contract, 5 current coordinator?, 6 the import.
    with django_assert_num_queries(6):
        assert client.get(_status_url(job)).status_code == 200


def test_the_upload_page_query_count_is_constant(client, world, django_assert_num_queries):
    client.force_login(world.coordinator)
    # 1 session, 2 user, 3 roles (memberships), 4 contract with its header relations,
    # 5 may the user coordinate it (current coordinator?), 6 the same question for the header.
    with django_assert_num_queries(6):
        assert client.get(reverse("plan_import", args=[world.contract.pk])).status_code == 200


def test_an_import_that_breaks_is_closed_with_a_message(client, world, draft, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(jobs, "action_plan_import", broken)
    job = PlanImport.objects.create(
        contract=draft, file_name=jobs.pending_store(workbook(**VALID)), rows_total=8
    )
    tasks.run_plan_import(job.pk)
    job.refresh_from_db()
    assert job.status == PlanImportStatus.FAILED
    assert job.problems == [
        "L'import a échoué sur une erreur de la plateforme : rien n'a été écrit."
    ]
