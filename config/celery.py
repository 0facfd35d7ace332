"""The Celery application: reads the CELERY_* settings and finds each app's tasks.py."""

import logging
import os

from celery import Celery, signals

logger = logging.getLogger("config.celery")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("cls")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_failure.connect
def log_task_failure(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra
):
    """A failed task is logged with what it was asked to do, so it can be replayed."""
    logger.error(
        "Task %s failed: %s",
        getattr(sender, "name", sender),
        exception,
        exc_info=(type(exception), exception, getattr(einfo, "tb", None)) if exception else None,
        extra={"task_id": task_id, "task_args": args, "task_kwargs": kwargs},
    )


@signals.worker_init.connect
def preload_worker(**kwargs):
    """Load WeasyPrint and every module once in the worker's main process, then freeze them as
    gunicorn workers do (config/gunicorn.py): the pool's children, forked from it, share them
    instead of each loading WeasyPrint (about 0.6 s) on its first document, and their full
    garbage collections no longer walk them."""
    import weasyprint  # noqa: F401

    from config.gunicorn import freeze_loaded_objects

    freeze_loaded_objects()
