from rest_framework import serializers

from guifan.members.models import Member


class MemberSerializer(serializers.ModelSerializer):
    """Masked personal data only. The birth date is left out too: with the masked ID number it gives the full one."""

    class Meta:
        model = Member
        fields = ["id", "name", "gender", "ethnicity", "id_number_masked", "phone_masked", "education", "joined_on",
                  "category", "status", "organisation", "party_group"]
