"""Fixtures of the benchmark tests: the shipped referential, as the territories tests load it."""

from tests.territories.conftest import referential

__all__ = ["referential"]
