"""Production settings: secrets and hosts are required, cookies secure, logs in JSON.

Start-up fails with a clear message rather than running half-configured.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import (
    BASE_DIR,
    DEVELOPMENT_SECRET_KEY,
    INSTALLED_APPS,
    LOGGING,
    SECRET_KEY,
    STORAGES,
    env,
)

DEBUG = False
DEMO_ENABLED = False
# Demo data and benchmarks are development tools: the image does not even ship `bench`.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("demo", "bench")]


def public_secret_keys() -> set[str]:
    """The keys written in the repository (the development default, the example's placeholder):
    anyone can read them, so none may sign a production session."""
    keys = {DEVELOPMENT_SECRET_KEY}
    example = BASE_DIR / ".env.example"
    if example.exists():
        for line in example.read_text().splitlines():
            name, _, value = line.lstrip("# ").partition("=")
            if name.strip() == "SECRET_KEY":
                keys.add(value.strip())
    return keys


if (
    not SECRET_KEY
    or SECRET_KEY in public_secret_keys()
    or SECRET_KEY.startswith("insecure-")
    or "change-me" in SECRET_KEY
    or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être défini avec au moins 50 caractères aléatoires "
        "(par exemple : python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
try:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("ALLOWED_HOSTS doit lister les noms de domaine servis.") from error
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS doit lister les noms de domaine servis.")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

# Behind a TLS-terminating reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check is asked over plain HTTP from inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

WHITENOISE_USE_FINDERS = False
# Static files are collected at image build time, with hashed names cached forever.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {**LOGGING, "handlers": {**LOGGING["handlers"]}}
LOGGING["handlers"]["console"] = {**LOGGING["handlers"]["console"], "formatter": "json"}
