"""Serializers whose OpenAPI schema says what they really answer."""

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers


class TruthfulModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose read-only fields keep what the model allows: a choice field of a blank=True model
    field may be "" (DRF drops allow_blank on read-only fields, so the schema's enum left "" out), and a field of a
    null=True model field, declared by hand too (a SlugRelatedField), may be null."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            source = field.source if field.source and field.source != "*" else name
            try:
                model_field = model._meta.get_field(source.split(".")[0])
            except FieldDoesNotExist:
                continue
            if getattr(model_field, "null", False) and not model_field.many_to_many:
                field.allow_null = True
            if isinstance(field, serializers.ChoiceField) and getattr(model_field, "blank", False):
                field.allow_blank = True
        return fields
