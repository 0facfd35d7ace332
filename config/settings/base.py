"""Settings shared by every environment.

Every environment variable is read here, in one place, and a malformed value stops start-up.
`test.py` and `production.py` only override what differs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    # Deployment commands (backup, restore, prepare_platform) and the health check.
    "config",
    # The project's apps, in dependency order: each may import only from those above it.
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

MIDDLEWARE = [
    # Every request gets an id, echoed in the response and in each log line it causes.
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    # Static files are served by the application itself, compressed and cached forever.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page requires login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks an account out after repeated failed logins (brute force).
    "axes.middleware.AxesMiddleware",
    "config.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's renderer, with drop-down lists and inputs written in Python (config/fastpaths/form_renderer.py).
FORM_RENDERER = "config.fastpaths.form_renderer.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "contracts.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite by default so that a fresh machine needs no service; PostgreSQL with DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = env.bool(
        "DATABASE_POOL", default=False
    )
    # Statements marked for it (config/fastpaths/statements.py) are prepared once per connection. Behind a
    # pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21),
    # set DATABASE_PREPARED_STATEMENTS=false.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        5 if env.bool("DATABASE_PREPARED_STATEMENTS", default=True) else None
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Every drop-down list of a form reads its choices with `QuerySet.iterator()`, which on
    # PostgreSQL declares, fetches and closes a server-side cursor, planned for its first rows:
    # forms with a dozen lists took 2 to 9 % longer. No code of the project streams a table
    # through `iterator()`.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if not DATABASES["default"]["OPTIONS"]["pool"]:
        # Keep each worker's connection between requests: opening one costs several ms
        # . Django refuses persistent connections with its pool.
        DATABASES["default"].setdefault(
            "CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60)
        )
else:
    # SQLite, for a web server: readers never wait for the writer (WAL journal), a transaction
    # takes the write lock as it begins, so that two that read first never both need it
    # later (one would fail at once), and a writer waits up to 20 s for its turn
    # (config.middleware.DatabaseBusyMiddleware answers 503 beyond).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "actors.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the e-mail address in its "username" field.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT reverse proxies, the client's address is read from the end of
# X-Forwarded-For, for the lock-out as for the API's budgets (REST_FRAMEWORK["NUM_PROXIES"]).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "actors.security.client_address"
# Failed logins from one address, on any accounts, before it must wait (password spraying).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)
LOGIN_FAILURES_WINDOW_SECONDS = int(AXES_COOLOFF_TIME * 3600)

# A password reset link serves once, within two hours.
PASSWORD_RESET_TIMEOUT = 2 * 3600

# ProConnect, the State's OpenID Connect federation of public agents: optional. With its three
# settings, the login page offers « S'identifier avec ProConnect » (actors/proconnect.py).
PROCONNECT_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env.str("PROCONNECT_CLIENT_SECRET", default="")
# For example https://auth.proconnect.gouv.fr/api/v2 (its endpoints are read below it).
PROCONNECT_ISSUER = env.str("PROCONNECT_ISSUER", default="").rstrip("/")
_PROCONNECT = (PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET, PROCONNECT_ISSUER)
if any(_PROCONNECT) and not all(_PROCONNECT):
    raise ValueError(
        "ProConnect : PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET et PROCONNECT_ISSUER vont ensemble."
    )
PROCONNECT_ENABLED = all(_PROCONNECT)
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS.append("actors.proconnect.ProConnectBackend")
# mozilla-django-oidc's settings, for ProConnect.
OIDC_RP_CLIENT_ID = PROCONNECT_CLIENT_ID
OIDC_RP_CLIENT_SECRET = PROCONNECT_CLIENT_SECRET
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROCONNECT_ISSUER}/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{PROCONNECT_ISSUER}/token"
OIDC_OP_USER_ENDPOINT = f"{PROCONNECT_ISSUER}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{PROCONNECT_ISSUER}/jwks"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name"
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect_callback"
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Largest document a user may upload, in bytes.
DOCUMENT_MAX_SIZE = env.int("DOCUMENT_MAX_SIZE", default=20 * 1024 * 1024)
# Request bodies other than files (forms, JSON) are refused past this size, before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An uploaded file larger than this is written to a temporary file as it arrives, never held in
# memory. The size of a whole request is capped by the reverse proxy (README, « Déployer »):
# gunicorn has no such limit.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded and generated files are never served from a public folder: views check access first.
# They live on local disk by default, or in an S3-compatible bucket when S3_BUCKET is set.
S3_BUCKET = env.str("S3_BUCKET", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default=""),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Static files are served by whitenoise from the applications' folders, DEBUG or not; the
# production image collects them instead (config/settings/production.py).
WHITENOISE_USE_FINDERS = True
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# Redis is optional: without it the cache is local and Celery tasks run in the calling process.
REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that stops answering (frozen, unreachable) costs a request one second, not forever:
# what depends on the cache (the API's budget) then goes without it.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_ACKS_LATE = True
# Every task is idempotent: one whose worker died is delivered again at once, rather than
# dropped (its pool child killed) or after the broker's visibility timeout (the worker
# killed). That timeout is about twice the longest task's limit (the weekly digest's, 11 min).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A broker that does not answer (down, or frozen) costs a request a second, not a worker: the
# document asked for stays PENDING and `requeue_stalled_reports` queues it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * 11 * 60,
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers rendering PDFs are recycled before their memory grows unbounded (kilobytes).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000
# …and after a number of tasks, whatever their memory (fonts and layout caches grow slowly).
CELERY_WORKER_MAX_TASKS_PER_CHILD = 100
# Every periodic task of the platform, in one place (run by `make beat`). Each is idempotent:
# two schedulers firing, or a run caught up after downtime, make no second document or e-mail.
CELERY_BEAT_SCHEDULE = {
    # The annual review of last year, for each contract in force: the first days of January.
    "annual-reviews": {
        "task": "reports.tasks.queue_annual_reviews",
        "schedule": crontab(minute=0, hour=5, day_of_month="1-7", month_of_year="1"),
    },
    # Mid-term evaluations at half term, final evaluations at the end of the term.
    "term-evaluations": {
        "task": "reports.tasks.queue_term_evaluations",
        "schedule": crontab(minute=30, hour=5),
    },
    # The week's reminders to coordinators and ARS staff: sent on Monday, caught up on the
    # next days if Monday's run was missed (one e-mail per person and week).
    "weekly-digest": {
        "task": "reports.tasks.send_weekly_digest",
        "schedule": crontab(minute=0, hour=7),
    },
    # Documents whose message was lost (broker down when asked for) or whose worker died are
    # queued again.
    "requeue-stalled-reports": {
        "task": "reports.tasks.requeue_stalled_reports",
        "schedule": crontab(minute="*"),
    },
    # E-mails that could not leave (mail server down), documents not announced.
    "pending-notifications": {
        "task": "reports.tasks.send_pending_notifications",
        "schedule": crontab(minute="*/2"),
    },
}

# E-mail from one URL: consolemail:// in development, smtp+tls://user:password@host:587 in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Plateforme CLS <no-reply@cls.example>")
# The address of the site, for the links of e-mails sent outside any request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Who runs the platform, for the legal notice and the personal data page.
SITE_OPERATOR = {
    "name": env.str("SITE_OPERATOR_NAME", default="l'opérateur de la plateforme (démonstration)"),
    "address": env.str("SITE_OPERATOR_ADDRESS", default=""),
    "publication_director": env.str(
        "SITE_PUBLICATION_DIRECTOR", default="à désigner par l'opérateur"
    ),
    "email": env.str("SITE_CONTACT_EMAIL", default="contact@cls.example"),
    "privacy_email": env.str("SITE_PRIVACY_EMAIL", default="dpo@cls.example"),
    "host": env.str(
        "SITE_HOST", default="Hébergement choisi par l'opérateur : à préciser lors du déploiement."
    ),
}

# The REST API for partner tools (/api/v1/): see config/api.py and docs/api.md.
REST_FRAMEWORK = {
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "actors.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["actors.authentication.HasTokenScope"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api_tools.SyncPagination",
    "PAGE_SIZE": 50,
    # JSON only: the interactive documentation at /api/docs/ is the browsable view.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api_tools.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["actors.throttling.PerTokenThrottle"],
    # Per token (or account, or address for anonymous calls); a 429 says when to come back.
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_THROTTLE_RATE", default="600/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_tools.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API de la plateforme des Contrats Locaux de Santé",
    "DESCRIPTION": (
        "Lecture des contrats locaux de santé, de leurs fiches actions et de leurs indicateurs, "
        "et alimentation des valeurs d'indicateurs par les outils partenaires. "
        "Authentification par jeton (`Authorization: Token <clé>`) ou par session. "
        "Guide de démarrage : docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_tools.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ContractStatusEnum": "contracts.enums.ContractStatus",
        "ActionStatusEnum": "actions.enums.ActionStatus",
        "ValueStatusEnum": "indicators.enums.ValueStatus",
        "ReportStatusEnum": "reports.enums.ReportStatus",
        "ContractKindEnum": "contracts.enums.ContractKind",
        "BodyKindEnum": "contracts.enums.BodyKind",
        "OrganisationKindEnum": "actors.enums.OrganisationKind",
        "TerritoryKindEnum": "territories.enums.TerritoryKind",
        "EpciKindEnum": "territories.enums.EpciKind",
        "IndicatorKindEnum": "indicators.enums.IndicatorKind",
        "ReportKindEnum": "reports.enums.ReportKind",
    },
    "AUTHENTICATION_WHITELIST": [
        "actors.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

# Demo accounts are created only where this is true (never in production settings).
DEMO_ENABLED = env.bool("DEMO_ENABLED", default=True)

# Every page uses only the site's own files; DSFR icons are also drawn from data: URIs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ValueError("LOG_FORMAT vaut « plain » ou « json ».")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
