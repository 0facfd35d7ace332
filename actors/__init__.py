"""Organisations, people, user accounts and their memberships."""
