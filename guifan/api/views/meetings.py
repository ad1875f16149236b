"""Organisational life on a phone: the form of an organisation's meeting (the kinds it records, its members), the
meetings it recorded, one meeting with its attendance, recording a meeting (everyone present unless listed absent
or on leave) and a member's own meetings. The same scope, kinds and action as the web page (guifan.meetings)."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from guifan.api.errors import refused
from guifan.api.serializers import (
    DetailSerializer,
    ErrorsSerializer,
    MeetingDetailSerializer,
    MeetingFormSerializer,
    MeetingRecordSerializer,
    MeetingSerializer,
    MyMeetingSerializer,
)
from guifan.core.languages import in_language
from guifan.meetings import actions
from guifan.meetings.models import Attendance, Meeting
from guifan.standards.selectors import pack_for_year, reporting_year

Status = Attendance.Status
YEARS = range(2000, 2100)


def _organisation(request, pk: int):
    return get_object_or_404(request.scope.organisations(), pk=pk)


def _year(request) -> int:
    raw = request.query_params.get("year")
    if raw is None:
        return reporting_year()
    if not raw.isdigit() or int(raw) not in YEARS:
        raise Http404(_("No such year."))
    return int(raw)


def _attendance(body: dict, members) -> dict:
    marks = {pk: (Status.PRESENT, "") for pk in members}
    for pk in body["absent"]:
        marks[pk] = (Status.ABSENT, "")
    for leave in body["leave"]:
        marks[leave["member"]] = (Status.LEAVE, leave["reason"])
    return marks


def _listed_twice(body: dict) -> list[int]:
    listed = [*body["absent"], *(leave["member"] for leave in body["leave"])]
    return sorted({pk for pk in listed if listed.count(pk) > 1})


class MeetingFormView(APIView):
    """What a meeting record of this organisation holds: the kinds it records and the members to mark."""

    @extend_schema(operation_id="meeting_form", responses={200: MeetingFormSerializer, 404: DetailSerializer},
                   parameters=[OpenApiParameter("year", int, description="The year whose standard applies "
                                                                         "(the reporting year by default).")])
    def get(self, request, org_pk: int):
        org, year = _organisation(request, org_pk), _year(request)
        try:
            pack = pack_for_year(year).pack()
        except ObjectDoesNotExist:
            raise Http404(_("No standard is in effect in this year.")) from None
        kinds = [{"code": k.code, "label": in_language(k.label), "every": k.every, "needs": list(k.needs),
                  "grades": k.grades} for k in pack.meetings.for_organisation(org.kind, org.domain)]
        members = [{"member": m.pk, "name": m.name, "has_vote": m.category == "full"}
                   for m in actions.attendees(org).order_by("name", "pk")]
        return Response({"organisation": org.pk, "kinds": kinds, "members": members})


class MeetingsView(APIView):
    """The meetings an organisation recorded in a year; POST records one (nothing is written on any error)."""

    @extend_schema(operation_id="meetings_list", responses={200: MeetingSerializer(many=True), 404: DetailSerializer},
                   parameters=[OpenApiParameter("year", int, description="The year (the reporting year by default).")])
    def get(self, request, org_pk: int):
        org, year = _organisation(request, org_pk), _year(request)
        meetings = Meeting.objects.filter(organisation=org, held_on__year=year).order_by("held_on", "pk")
        return Response(MeetingSerializer(meetings, many=True).data)

    @extend_schema(operation_id="meeting_record", request=MeetingRecordSerializer,
                   responses={201: MeetingDetailSerializer, 400: ErrorsSerializer, 403: DetailSerializer,
                              404: DetailSerializer})
    def post(self, request, org_pk: int):
        org = _organisation(request, org_pk)
        if not request.scope.can_edit:
            raise PermissionDenied(_("You may not record this organisation's meetings."))
        body = MeetingRecordSerializer(data=request.data)
        if not body.is_valid():
            return refused(body.errors)
        data = body.validated_data
        twice = _listed_twice(data)
        if twice:
            return refused({"absent": [_("A member is marked more than once.")]})
        members = set(actions.attendees(org).values_list("pk", flat=True))
        fields = {name: data[name] for name in actions.RECORD_FIELDS}
        try:
            grades = {int(pk): grade for pk, grade in data["grades"].items()}
        except ValueError:
            return refused({"grades": [_("Grades are given by member id.")]})
        try:
            meeting = actions.record_meeting(org, kind=data["kind"], held_on=data["held_on"],
                                             attendance=_attendance(data, members), grades=grades or None,
                                             user=request.user, source="api", **fields)
        except ValidationError as exc:
            return refused(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
        return Response(MeetingDetailSerializer(_detailed().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED)


def _detailed():
    return Meeting.objects.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member__name")))


class MeetingView(APIView):
    """One meeting with its attendance: who was present, on leave (and why) or absent."""

    @extend_schema(operation_id="meeting_retrieve", responses={200: MeetingDetailSerializer, 404: DetailSerializer})
    def get(self, request, pk: int):
        meeting = get_object_or_404(_detailed().filter(organisation__in=request.scope.organisations()), pk=pk)
        return Response(MeetingDetailSerializer(meeting).data)


class MyMeetingsView(APIView):
    """A member's own meetings of a year and how they attended (for a member's account)."""

    @extend_schema(operation_id="my_meetings", responses={200: MyMeetingSerializer(many=True), 404: DetailSerializer},
                   parameters=[OpenApiParameter("year", int, description="The year (the reporting year by default).")])
    def get(self, request):
        member, year = request.scope.member, _year(request)
        if member is None:
            raise Http404(_("This account is not a member's."))
        rows = (Attendance.objects.filter(member=member, meeting__held_on__year=year).select_related("meeting")
                .order_by("meeting__held_on", "meeting__pk"))
        return Response(MyMeetingSerializer(rows, many=True).data)
