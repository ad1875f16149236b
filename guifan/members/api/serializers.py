from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.members.models import Member


class MemberSerializer(TruthfulModelSerializer):
    """Masked personal data only: the ID number shows its region code, the birth date its year and month
    (birth_month, YYYY-MM), the only part of it stored in clear (docs/security.md, "Personal data")."""

    birth_month = serializers.CharField(source="birth_year_month", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "gender", "ethnicity", "birth_month", "id_number_masked", "phone_masked", "education",
                  "joined_on", "category", "status", "organisation", "party_group"]
        read_only_fields = fields


class FindByIdNumberSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=30, write_only=True)
