#!/bin/sh
# The web process: gunicorn with workers set from the CPU count (2 × cores + 1 unless set).
set -eu
workers="${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}"
exec gunicorn config.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "$workers" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --max-requests 2000 --max-requests-jitter 200 \
    --forwarded-allow-ips "*" \
    --access-logfile - --error-logfile -
