"""Building blocks of every API resource: ETags and If-Match, scoped read and write viewsets,
French-described serializers, and the `updated_since` filter of synchronisable lists.
"""

import datetime
import hashlib
import json

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django_filters.fields import IsoDateTimeField
from rest_framework import exceptions, generics, serializers, status, viewsets
from rest_framework.response import Response

from config.api_tools import MAX_ID, PreconditionFailed


class UtcDateTimeField(serializers.DateTimeField):
    """A moment as the API writes it: in UTC, microseconds included
    (`2026-11-22T08:30:00.000000Z`), the same text whichever path made the page
    (config/fastpaths/json_rows.py)."""

    def to_representation(self, value):
        if value is None:
            return None
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field described in French in the schema: the model's help text, else its name."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UtcDateTimeField,
    }

    def build_field(self, *args, **kwargs):
        field_class, field_kwargs = super().build_field(*args, **kwargs)
        if not field_kwargs.get("help_text") and field_kwargs.get("label"):
            field_kwargs["help_text"] = field_kwargs["label"]
        return field_class, field_kwargs


def etag_of(data) -> str:
    """A strong ETag: the digest of the representation, so any visible change changes it."""
    encoded = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()
    return f'"{hashlib.sha256(encoded).hexdigest()[:32]}"'


def check_if_match(request, current_etag: str):
    """Refuse (412) a write based on a representation older than the current one."""
    header = request.headers.get("If-Match")
    if not header:
        return
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" not in tags and current_etag not in tags:
        raise PreconditionFailed()


def detail_response(request, data, status_code=status.HTTP_200_OK) -> Response:
    """A detail response with its ETag; 304 when the caller already holds this version."""
    etag = etag_of(data)
    if status_code == status.HTTP_200_OK and request.method == "GET":
        held = {
            tag.strip().removeprefix("W/")
            for tag in request.headers.get("If-None-Match", "").split(",")
        }
        if etag in held:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, status=status_code, headers={"ETag": etag})


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource read through its scoped `get_queryset()`; details carry an ETag."""

    def lookup_value(self) -> str:
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        # No identifier holds a NUL character, and PostgreSQL refuses to even compare one.
        if "\x00" in value:
            raise exceptions.NotFound()
        return value

    def get_object(self):
        self.lookup_value()
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):
        return detail_response(request, self.get_serializer(self.get_object()).data)


class WriteViewSet(ReadViewSet):
    """A resource also written, always through a service, never through `serializer.save()`."""

    def locked_object(self):
        """The object, locked until the transaction ends, after checking `If-Match` against it."""
        queryset = self.filter_queryset(self.get_queryset()).select_for_update(of=("self",))
        lookup = {self.lookup_field: self.lookup_value()}
        instance = generics.get_object_or_404(queryset, **lookup)
        self.check_object_permissions(self.request, instance)
        check_if_match(self.request, etag_of(self.get_serializer(instance).data))
        return instance

    def input(self, serializer_class, **kwargs):
        """Validated input of the request body."""
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, status_code=status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return detail_response(self.request, self.get_serializer(instance).data, status_code)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number, by default an object's id: one the database can hold (else a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, brought to UTC: the database need not handle odd offsets."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as error:
            raise ValidationError("Cette date est hors des limites acceptées.") from error


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class ApiFilterSet(django_filters.FilterSet):
    """Filters of an API list."""


class SyncFilterSet(ApiFilterSet):
    """Filters every synchronisable list shares: what changed since a given moment."""

    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=(
            "Seulement les objets créés ou modifiés depuis cet instant (ISO 8601, par exemple "
            "2026-01-31T08:00:00+01:00). Les suppressions se lisent dans /api/v1/deletions/."
        ),
    )


class ReferentialFilterSet(ApiFilterSet):
    """The geographic referential has no per-row change date: it is reloaded as a whole."""

    updated_since = MomentFilter(
        method="filter_updated_since",
        label=(
            "Accepté pour homogénéité : le référentiel géographique (INSEE) n'a pas de date de "
            "modification par ligne, toutes les lignes sont donc renvoyées."
        ),
    )

    def filter_updated_since(self, queryset, name, value):
        return queryset
