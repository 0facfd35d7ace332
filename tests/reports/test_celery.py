"""The Celery application is wired the usual way: settings read from CELERY_*, JSON only."""

from config import celery_app


def test_celery_reads_its_settings_from_django():
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.accept_content == ["json"]
    assert celery_app.conf.task_time_limit == 15 * 60


def test_without_redis_tasks_run_in_process(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert celery_app.conf.broker_url == "memory://"
