"""The gunicorn hook that puts each worker's loaded objects out of the garbage collector's
sight (config/gunicorn.py), as docker/web.sh and the load test of `make bench` start it."""

import gc
from pathlib import Path
from types import SimpleNamespace

import pytest

from config import gunicorn


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_worker_hook_freezes_what_the_worker_has_loaded(unfrozen):
    messages = []
    worker = SimpleNamespace(log=SimpleNamespace(info=lambda *args: messages.append(args)))

    gunicorn.post_worker_init(worker)

    frozen = gc.get_freeze_count()
    assert frozen > 10_000
    # Another thread of the test process (the browser tests' live server) may free or track
    # an object between the hook's count and this one.
    assert messages == [
        ("%d objets chargés mis hors du ramasse-miettes", pytest.approx(frozen, abs=10))
    ]


def test_the_web_process_and_the_load_test_use_the_hook():
    root = Path(__file__).resolve().parents[2]
    assert "--config python:config.gunicorn" in (root / "docker" / "web.sh").read_text()
    assert '"python:config.gunicorn"' in (root / "bench" / "load.py").read_text()
