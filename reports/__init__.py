"""Evaluation reports, PDF and spreadsheet exports, Celery tasks."""
