"""Reads of the territories app that filter on user input."""

from django.db.models import QuerySet

from territories.models import Commune


def communes_search(*, query: str, limit: int = 20) -> QuerySet[Commune]:
    """Communes whose INSEE code starts with, or whose name contains, the query; largest first.

    Largest first because a short query such as "Saint" matches thousands of communes and the
    person typing it is most likely looking for a town, not a hamlet.
    """
    query = query.strip()
    if not query:
        return Commune.objects.none()
    lookup = {"code__startswith": query} if query[:2].isdigit() else {"name__icontains": query}
    return (
        Commune.objects.filter(**lookup)
        .select_related("departement")
        .order_by("-population", "name")[:limit]
    )
