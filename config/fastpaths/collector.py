"""Python's cyclic garbage collector around work that builds many objects at once.

The collector runs every few hundred allocations, and now and then walks every object the
process holds. A request that builds thousands of objects in reference cycles (the plan
spreadsheet's cells: each refers to its sheet, which holds them all) set off those full walks
in one request out of five, and they made its slowest times.
"""

import gc
from contextlib import contextmanager

from config import fastpaths


@contextmanager
def collector_paused():
    """The collector off for the block, then back as it was. The block must free what it
    built itself (breaking its cycles), or leave it to the collector's next pass."""
    was_enabled = gc.isenabled()
    if fastpaths.enabled("collector_pause"):
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
