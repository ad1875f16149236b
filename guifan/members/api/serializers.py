from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.members.models import Member


class MemberSerializer(TruthfulModelSerializer):
    """Masked personal data only. The birth date is given as year and month (birth_month, YYYY-MM): the full date is
    the hidden middle of the masked ID number, so with it the whole number would be back."""

    birth_month = serializers.CharField(read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "gender", "ethnicity", "birth_month", "id_number_masked", "phone_masked", "education",
                  "joined_on", "category", "status", "organisation", "party_group"]
        read_only_fields = fields


class FindByIdNumberSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=30, write_only=True)
