"""`collector_paused`: the garbage collector off for a block, then back as it was."""

import gc

import pytest

from config.fastpaths.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_restored():
    yield
    gc.enable()


def test_the_collector_is_off_in_the_block_and_back_after_it():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("échec")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
