"""gunicorn hooks, loaded with `--config python:config.gunicorn` (docker/web.sh, the load test
of `make bench`); the other settings are on the command line."""

import gc


def freeze_loaded_objects() -> int:
    """Load every view, then put every object loaded so far out of the garbage collector's
    sight; return how many.

    These objects live as long as the process: about 130,000 modules, models, URL patterns,
    serializers. Every full collection walked them all, which added about 100 ms to one large
    request in three.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    gc.freeze()
    return gc.get_freeze_count()


def post_worker_init(worker):
    frozen = freeze_loaded_objects()
    worker.log.info("%d objets chargés mis hors du ramasse-miettes", frozen)
