from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.core.models import ChangeLog


class ChangeLogSerializer(TruthfulModelSerializer):
    user = serializers.CharField(source="username", read_only=True)  # the name kept as text on the row

    class Meta:
        model = ChangeLog
        fields = ["id", "time", "user", "action", "object_type", "object_id", "object_repr", "before", "after",
                  "source"]
