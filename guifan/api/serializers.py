"""Bodies and answers of the client endpoints (tokens, reports, notices)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.facts.models import FactReport
from guifan.reporting.models import Notice

from .models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label=_("username"))
    password = serializers.CharField(max_length=200, trim_whitespace=False, label=_("password"),
                                     style={"input_type": "password"})
    otp = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("one-time code"),
                                help_text=_("The six-digit code of the authenticator app, when the account has one."))
    device_name = serializers.CharField(max_length=100, label=_("device"),
                                        help_text=_("A name the user recognises, e.g. 张三的手机."))


class ApiTokenSerializer(TruthfulModelSerializer):
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "device_name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "active"]
        read_only_fields = fields


class IssuedTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text=_("Send it as Authorization: Bearer <token>. It is shown "
                                                               "only once."))

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *ApiTokenSerializer.Meta.fields]
        read_only_fields = fields


class ErrorsSerializer(serializers.Serializer):
    """Field → messages (in the user's language, Chinese by default); `non_field_errors` for the whole request."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    saved = serializers.BooleanField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    deadline = serializers.DateField(allow_null=True)


class DueReportSerializer(serializers.Serializer):
    """One organisation's report of the period, whether or not it was started."""

    organisation = serializers.IntegerField(source="pk")
    organisation_name = serializers.CharField(source="name")
    period = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    returned_reason = serializers.SerializerMethodField()
    submitted_at = serializers.SerializerMethodField()

    def get_period(self, org) -> str:
        return self.context["period"].code

    def get_state(self, org) -> str:
        return org.report.state if org.report else FactReport.State.DRAFT

    def get_returned_reason(self, org) -> str:
        return org.report.returned_reason if org.report else ""

    def get_submitted_at(self, org) -> str | None:
        return org.report.submitted_at.isoformat() if org.report and org.report.submitted_at else None


class DueReportsSerializer(serializers.Serializer):
    period = PeriodSerializer()
    results = DueReportSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class ReportFieldSerializer(serializers.Serializer):
    """One field of the report form, generated from the standard pack as on the web."""

    code = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(choices=["boolean", "enum", "date", "integer", "number", "percent"])
    unit = serializers.CharField(allow_blank=True)
    help = serializers.CharField(allow_blank=True)
    group = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    evidence = serializers.CharField(allow_null=True, help_text=_("What proves the fact when it is ticked; null: no "
                                                                   "evidence asked."))


class ReportSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    period = PeriodSerializer()
    state = serializers.ChoiceField(choices=FactReport.State.choices)
    returned_reason = serializers.CharField(allow_blank=True)
    can_edit = serializers.BooleanField()
    values = serializers.DictField(child=serializers.JSONField(allow_null=True))
    evidence = serializers.DictField(child=serializers.CharField(allow_blank=True))
    fields = ReportFieldSerializer(many=True)


class ReportSaveSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.JSONField(allow_null=True), required=False, default=dict,
                                   help_text=_("{fact code: value}; only the codes sent change, null clears one."))
    evidence = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=500), required=False,
                                     default=dict, help_text=_("{fact code: where the proof is kept}."))
    submit = serializers.BooleanField(required=False, default=False,
                                      help_text=_("Submit for approval once saved, when nothing blocks it."))


class ReportSavedSerializer(serializers.Serializer):
    saved = serializers.BooleanField()
    submitted = serializers.BooleanField()
    problems = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                     help_text=_("Field → messages that keep the report a draft (it was saved)."))
    warnings = serializers.ListField(child=serializers.CharField())
    report = ReportSerializer()


class NoticeSerializer(TruthfulModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    sender = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "organisation", "organisation_name", "period", "reason", "sender", "created_at",
                  "read_at", "read"]
        read_only_fields = fields

    def get_read(self, notice) -> bool:
        return notice.read_at is not None


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notices were marked read."))
