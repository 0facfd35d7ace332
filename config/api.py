"""The REST API under /api/v1/: router, schema and documentation (filled by the API work)."""

urlpatterns: list = []
