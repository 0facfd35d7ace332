"""The Celery application: reads the CELERY_* settings and finds each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("cls")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
