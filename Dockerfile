# The platform's image: Python, WeasyPrint's system libraries, the app, run by a non-root user.
FROM python:3.12-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint, fonts for the PDFs, the PostgreSQL client for backups.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
        postgresql-client curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 cls
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && pip uninstall -y cls-platform

# Whatever the image runs uses the production settings, which install neither `demo` nor
# `bench` (left out of the image with the tests and the docs, .dockerignore).
ENV DJANGO_SETTINGS_MODULE=config.settings.production

COPY --chown=cls:cls . .
# Collected by the storage that serves them, which writes the manifest of hashed names the pages
# need; a throwaway key and host pass the production settings' start-up checks.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/backups && chown -R cls:cls /app/var

USER cls
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["docker/web.sh"]
