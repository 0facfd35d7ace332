"""Contracts, their signatories, axes, objectives, governance and the access rules."""
