"""A secretary's reports on a phone: the organisations' reports due in a period, one report with its form, saving
values and submitting. The same scope, form, validation and action as the web page (guifan.reporting)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from guifan.api.errors import refused as _errors
from guifan.api.serializers import (
    DetailSerializer,
    DueReportSerializer,
    DueReportsSerializer,
    ErrorsSerializer,
    ReportSavedSerializer,
    ReportSaveSerializer,
    ReportSerializer,
)
from guifan.core.languages import in_language
from guifan.facts import actions as facts_actions
from guifan.facts import periods
from guifan.facts.actions import FactError
from guifan.facts.models import FactReport
from guifan.reporting import actions as workflow
from guifan.reporting import selectors
from guifan.reporting.forms import EVIDENCE_PREFIX, ReportForm
from guifan.reporting.formspec import build


def _period(code: str | None):
    period = selectors.default_period() if not code else selectors.period_or_404(code)
    if period is None:
        raise Http404(_("No reporting period has been opened yet."))
    return period


def _pack(period):
    try:
        return facts_actions.pack_for(period)
    except FactError as exc:
        raise Http404(str(exc)) from exc


def _period_data(period) -> dict:
    return {"code": period.code, "kind": period.kind, "start": period.start, "end": period.end,
            "deadline": period.deadline}


def _field_type(fact) -> str:
    return fact.type if fact.type in ("boolean", "enum", "date", "integer", "percent") else "number"


def _fields(spec) -> list[dict]:
    group_of = {}
    for group in spec.groups:
        for item in [*group.items, *(i for c in group.checklists for i in c.items)]:
            group_of[item.code] = group.title
    return [{"code": code, "label": item.label, "type": _field_type(item.fact), "unit": item.fact.unit or "",
             "help": item.help or "", "group": group_of.get(code, ""),
             "choices": [str(v) for v in (item.fact.values or [])] if item.fact.type == "enum" else [],
             "evidence": in_language(item.evidence) if item.evidence else None}
            for code, item in spec.items.items()]


def _can_edit(scope, report) -> bool:
    return bool(scope.organisation or scope.is_all) and report.state != FactReport.State.APPROVED


def _report_data(scope, org, period, spec, report) -> dict:
    return {"organisation": org.pk, "organisation_name": org.name, "period": _period_data(period),
            "state": report.state, "returned_reason": report.returned_reason, "can_edit": _can_edit(scope, report),
            "values": {code: report.values.get(code) for code in spec.items},
            "evidence": {code: report.evidence.get(code, "") for code in spec.evidence_codes()},
            "fields": _fields(spec)}


class DueReportsView(APIView):
    """The reports of your organisations for a period (the latest yearly one by default), with their state."""

    @extend_schema(operation_id="reports_due",
                   parameters=[OpenApiParameter("period", str, description="A period code: 2018, 2018Q1, 201801.")],
                   responses={200: DueReportsSerializer, 404: DetailSerializer})
    def get(self, request):
        period = _period(request.query_params.get("period"))
        orgs = selectors.my_reports(request.scope, period)
        rows = DueReportSerializer(orgs, many=True, context={"period": period}).data
        return Response({"period": _period_data(period), "results": rows})


class ReportView(APIView):
    """One organisation's report of a period: its form (fields from the standard pack), values and state; POST saves
    values and evidence and, with `submit`, submits it, through the same validation and action as the web form."""

    def _load(self, request, org_pk, period_code):
        org = selectors.reporting_organisation(request.scope, org_pk)
        period = selectors.report_period_or_404(period_code)
        pack = _pack(period)
        spec = build(pack, org.domain, org.host_unit.kind if org.host_unit_id else None, period.kind,
                     periods.not_asked(org, period.year, pack))
        return org, period, pack, spec, selectors.report_of(org, period)

    @extend_schema(operation_id="report_retrieve", responses={200: ReportSerializer, 404: DetailSerializer})
    def get(self, request, org_pk: int, period: str):
        org, period, _pack_, spec, report = self._load(request, org_pk, period)
        return Response(_report_data(request.scope, org, period, spec, report))

    @extend_schema(operation_id="report_save", request=ReportSaveSerializer,
                   responses={200: ReportSavedSerializer, 400: ErrorsSerializer, 403: DetailSerializer,
                              404: DetailSerializer})
    def post(self, request, org_pk: int, period: str):
        org, period, pack, spec, report = self._load(request, org_pk, period)
        if not (request.scope.organisation or request.scope.is_all):
            raise PermissionDenied(_("Only the organisation's own users fill in its report."))
        body = ReportSaveSerializer(data=request.data)
        if not body.is_valid():
            return _errors(body.errors)
        sent, evidence = body.validated_data["values"], body.validated_data["evidence"]
        wrong = {f"values.{code}": [_("This report has no such field.")] for code in sent if code not in spec.items}
        wrong.update({f"evidence.{code}": [_("This field asks for no evidence.")] for code in evidence
                      if code not in spec.evidence_codes()})
        wrong.update({f"values.{code}": [_("Give true, false or null.")] for code, value in sent.items()
                      if code in spec.items and spec.items[code].fact.type == "boolean"
                      and value is not None and not isinstance(value, bool)})
        if wrong:
            return _errors(wrong)
        form = ReportForm(spec, report, _form_data(spec, report, sent, evidence))
        if not form.is_valid():
            return _errors({_key(name): messages for name, messages in form.errors.items()})
        try:
            saved = workflow.save_report(report, form.values(), form.evidence(), request.user, pack=pack,
                                         submit_it=body.validated_data["submit"],
                                         evidence_problems=form.evidence_problems(), fields=set(form.fields))
        except FactError as exc:
            return _errors({"non_field_errors": [str(exc)]})
        problems = {}
        for name, message in saved.problems:
            problems.setdefault(_key(name), []).append(str(message))
        report = selectors.report_of(org, period)
        return Response({"saved": True, "submitted": saved.submitted, "problems": problems,
                         "warnings": [str(w) for w in saved.warnings],
                         "report": _report_data(request.scope, org, period, spec, report)},
                        status=status.HTTP_200_OK)


def _key(form_field: str | None) -> str:
    """The API's name of a web form field: values.<code>, evidence.<code> or non_field_errors."""
    if not form_field or form_field == "__all__":
        return "non_field_errors"
    if form_field.startswith(EVIDENCE_PREFIX):
        return "evidence." + form_field.removeprefix(EVIDENCE_PREFIX)
    return "values." + form_field


def _form_data(spec, report, sent: dict, evidence: dict) -> dict:
    """The web form's data: the stored values, with the codes sent replacing theirs (a partial save keeps the rest)."""
    data = {}
    for code in spec.items:
        value = sent[code] if code in sent else report.values.get(code)
        if value is not None and not (value is False and spec.items[code].fact.type == "boolean"):
            data[code] = value
    for code in spec.evidence_codes():
        given = evidence[code] if code in evidence else report.evidence.get(code, "")
        if given:
            data[EVIDENCE_PREFIX + code] = given
    return data
