from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.core.models import ChangeLog


class ChangeLogSerializer(TruthfulModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ChangeLog
        fields = ["id", "time", "user", "action", "object_type", "object_id", "object_repr", "before", "after",
                  "source"]
