"""The tests' clock: every test runs on the same day, whatever the machine's date.

The factories build a world with dates of its own (contracts signed in January 2024 and in force
until the end of 2028, actions started in 2024, values of 2025…), and the product reads "today"
(`timezone.localdate()`) for what is late, current or in force. A test that mixed that world
with the machine's real today would pass or fail with the calendar; so `tests/conftest.py`
moves the clock of every test to `NOW`, and a test that needs another moment moves it again
with the `time_machine` fixture (`time_machine.move_to(…)`). Time runs on from there (`tick`),
so durations, timeouts and the browser tests behave as usual.
"""

import datetime

import time_machine

TODAY = datetime.date(2026, 11, 22)
NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Paris


def travel_to_now() -> time_machine.travel:
    """The clock of the tests, for what runs outside a test's own clock: the data a fixture
    wider than one test builds (`scope="module"`)."""
    return time_machine.travel(NOW, tick=True)
