"""API filter sets build only the filters a request names (config/api_base.ApiFilterSet)."""

import datetime

import django_filters
import pytest
from django.http import QueryDict

from actions.api import ActionFilter
from actions.models import Action
from config.api_base import ApiFilterSet
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_only_the_filters_the_request_names_are_built():
    asked = QueryDict("status=in_progress&updated_since=2026-01-01T00:00:00Z")

    filterset = ActionFilter(asked, Action.objects.all())

    assert set(filterset.filters) == set(filterset.form.fields) == {"status", "updated_since"}
    assert {"contract", "status", "updated_since"} <= set(ActionFilter.base_filters)


class StartFilter(ApiFilterSet):
    starts = django_filters.DateFromToRangeFilter(field_name="starts_on")

    class Meta:
        model = Action
        fields = ["starts"]


def test_a_filter_read_from_suffixed_parameters_still_filters():
    early = ActionFactory(starts_on=datetime.date(2024, 1, 15))
    ActionFactory(starts_on=datetime.date(2025, 6, 1))

    filterset = StartFilter(QueryDict("starts_before=2024-12-31"), Action.objects.all())

    assert filterset.is_valid()
    assert list(filterset.qs) == [early]
    assert list(StartFilter(QueryDict(""), Action.objects.all()).qs.order_by("pk")) == list(
        Action.objects.order_by("pk")
    )
