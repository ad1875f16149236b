"""Bodies and answers of the client endpoints (tokens, reports, notices, meetings)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from guifan.core.api.schema import TruthfulModelSerializer
from guifan.facts.models import FactReport
from guifan.meetings.models import Appraisal, Attendance
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


# --- organisational life (guifan.meetings) ---------------------------------------------------------------------------
class MeetingKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text="In the user's language.")
    every = serializers.CharField(allow_null=True, help_text="month, quarter or year; null: never due")
    needs = serializers.ListField(child=serializers.CharField(), help_text="Fields a record of this kind must hold.")
    grades = serializers.BooleanField(help_text="Each member present is graded (民主评议党员).")


class AttendeeSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    has_vote = serializers.BooleanField()


class MeetingFormSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    kinds = MeetingKindSerializer(many=True)
    members = AttendeeSerializer(many=True)


class LeaveSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    reason = serializers.CharField(max_length=100)


class MeetingRecordSerializer(serializers.Serializer):
    """A meeting as a secretary records it on a phone: every member present unless listed absent or on leave."""

    kind = serializers.CharField(max_length=40)
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    host = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    lecturer = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    preparation = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    absent = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=5000)
    leave = LeaveSerializer(many=True, required=False, default=list)
    grades = serializers.DictField(child=serializers.ChoiceField(choices=Appraisal.Grade.choices), required=False,
                                   default=dict, help_text="{member id: grade}, for a democratic appraisal.")


class AttendanceRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.name")
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    reason = serializers.CharField()
    has_vote = serializers.BooleanField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    organisation = serializers.IntegerField(source="organisation_id")
    kind = serializers.CharField()
    held_on = serializers.DateField()
    topic = serializers.CharField()
    place = serializers.CharField()
    host = serializers.CharField()
    voting_members = serializers.IntegerField()
    voting_present = serializers.IntegerField()
    present = serializers.IntegerField()


class MeetingDetailSerializer(MeetingSerializer):
    minutes = serializers.CharField()
    lecturer = serializers.CharField()
    preparation = serializers.CharField()
    attendance = AttendanceRowSerializer(many=True)


class MyMeetingSerializer(serializers.Serializer):
    meeting = MeetingSerializer()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    reason = serializers.CharField()
