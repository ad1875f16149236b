from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.regions.models import Region


class RegionSerializer(TruthfulModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_to", "successor"]
