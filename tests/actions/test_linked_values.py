"""`linked_values`: what documents and spreadsheets list of an action's many-to-many links."""

import pytest

from actions.selectors import linked_values
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def test_each_action_gets_its_own_links_in_the_related_models_order(
    django_assert_num_queries,
):
    first, second, unlinked = ActionFactory.create_batch(3)
    zola, abbe, mairie = (
        OrganisationFactory(name=name) for name in ("Zola", "Abbé Pierre", "Mairie")
    )
    first.partners.set([zola, abbe])
    second.partners.set([mairie])

    with django_assert_num_queries(1):
        partners = linked_values([first.pk, second.pk, unlinked.pk], "partners", ["name"])

    # Organisations are ordered by name.
    assert partners[first.pk] == ["Abbé Pierre", "Zola"]
    assert partners[second.pk] == ["Mairie"]
    assert partners[unlinked.pk] == []


def test_several_fields_come_as_tuples_in_the_order_asked_for():
    action = ActionFactory()
    late = ObjectiveFactory(axis=action.axis, number="1.2", title="Second", order=2)
    early = ObjectiveFactory(axis=action.axis, number="", title="Premier", order=1)
    action.objectives.set([late, early])

    objectives = linked_values([action.pk], "objectives", ["number", "title"], ["order"])
    newest_first = linked_values([action.pk], "objectives", ["title"], ["-order"])

    assert objectives[action.pk] == [("", "Premier"), ("1.2", "Second")]
    assert newest_first[action.pk] == ["Second", "Premier"]
