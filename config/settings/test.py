"""Settings for the test suite: fast hashing, in-process tasks, strict templates."""

from config.settings.base import *  # noqa: F403
from config.settings.base import TEMPLATES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run without Redis even when REDIS_URL is set (CI sets it for the real-worker test, which
# reads it from the environment itself): tasks in-process, no broker, a local cache.
REDIS_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An undefined variable in a template is a bug: make it visible in tests.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "«MISSING VARIABLE %s»"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Brute-force protection needs the request; tests that log in with `client.login()` have none.
# The lock-out tests switch it back on.
AXES_ENABLED = False
