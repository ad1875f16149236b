from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.orgs.models import HostUnit, Organisation


class HostUnitSerializer(TruthfulModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = HostUnit
        fields = ["id", "code", "name", "kind", "region", "parent", "headcount", "is_poor_village", "is_substantive",
                  "is_window_unit", "opened_on", "closed_on"]


class OrganisationSerializer(TruthfulModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "kind", "parent", "path", "depth", "host_unit", "covered_units", "region",
                  "domain", "setup", "founded_on", "term_start", "term_end", "secretary", "dissolved_on"]
