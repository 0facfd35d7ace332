#!/bin/sh
# The web process: gunicorn, one sync worker per core unless WEB_CONCURRENCY says otherwise.
# The platform is CPU-bound (PostgreSQL answers in a few ms, often on the same host): on two
# cores, 2 workers held 104 req/s at p95 63 ms where 5 (2 × cores + 1) held 88 req/s at p95
# 133 ms (docs/performance.md). More workers pay off with a remote database or slow clients.
# gunicorn reads request bodies without a size limit: the reverse proxy in front caps them
# (nginx: client_max_body_size 25m; see the README), and the request line and headers are
# capped here.
set -eu
workers="${WEB_CONCURRENCY:-$(nproc)}"
exec gunicorn config.wsgi:application \
    --config python:config.gunicorn \
    --bind 0.0.0.0:8000 \
    --workers "$workers" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --max-requests 2000 --max-requests-jitter 200 \
    --forwarded-allow-ips "*" \
    --limit-request-line 8190 --limit-request-fields 100 --limit-request-field_size 8190 \
    --access-logfile - --error-logfile -
