"""Indicator catalogue, indicators and their values per period."""
