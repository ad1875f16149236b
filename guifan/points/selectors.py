"""Read-only queries for the points pages: a member's ledger and total, a branch's yearly table, the requests to
decide. Every query goes through the scope (outside it: None, which the views turn into a 404)."""

from __future__ import annotations

from django.db.models import Count

from guifan.core.scoping import Scope
from guifan.meetings.models import Attendance
from guifan.standards.point_rules import PointRules
from guifan.standards.selectors import pack_in_effect, reporting_year
from guifan.training.models import Enrolment, Paper

from .actions import member_records
from .models import PointEntry, PointTotal

BASE_ITEM = "base"


def default_year() -> int:
    return reporting_year()


def rules(year: int) -> PointRules | None:
    """The point rules of the stored pack in effect in `year`, or None."""
    version = pack_in_effect(year)
    return version.pack().points if version is not None else None


def years_with_points(scope: Scope) -> list[int]:
    return list(PointTotal.objects.filter(member__in=scope.members()).order_by("-year")
                .values_list("year", flat=True).distinct())


def visible_member(scope: Scope, pk: int):
    return scope.members().select_related("organisation").filter(pk=pk).first()


def visible_branch(scope: Scope, pk: int):
    return scope.organisations().filter(pk=pk).first()


def label_of(point_rules: PointRules | None, item: str, language: str) -> str:
    """An item's label in the language (zh or en); the base's own words come from the view."""
    key = "en" if language.startswith("en") else "zh"
    if point_rules and item in point_rules.items:
        return point_rules.items[item].label[key]
    return ""


def level_label(point_rules: PointRules | None, level: int | None, language: str) -> str:
    key = "en" if language.startswith("en") else "zh"
    for lv in (point_rules.levels if point_rules else ()):
        if lv.level == level:
            return lv.label[key]
    return ""


def category_label(point_rules: PointRules | None, category: str, language: str) -> str:
    key = "en" if language.startswith("en") else "zh"
    if point_rules and category in point_rules.categories:
        return point_rules.categories[category].label[key]
    return ""


def ledger(member, year: int) -> list[PointEntry]:
    """A member's entries of the year, latest first (requests and refusals too: the page says which count)."""
    return list(PointEntry.objects.filter(member=member, year=year).select_related("decided_by", "requested_by")
                .order_by("-occurred_on", "-pk"))


def total(member, year: int) -> PointTotal | None:
    return PointTotal.objects.filter(member=member, year=year).first()


def branch_table(organisation, year: int) -> list[PointTotal]:
    return list(PointTotal.objects.filter(organisation=organisation, year=year).select_related("member")
                .order_by("rank_in_branch", "member__name", "member_id"))


def branches(scope: Scope, year: int):
    """The organisations in scope with members' totals in `year`, with their member counts."""
    return (scope.organisations().filter(point_totals__year=year)
            .annotate(counted=Count("point_totals")).order_by("path"))


def requests_to_decide(scope: Scope):
    """The requests waiting for a decision, of members in scope, oldest first."""
    return (PointEntry.objects.filter(state=PointEntry.State.REQUESTED, member__in=scope.members())
            .select_related("member", "member__organisation", "requested_by").order_by("created_at", "pk"))


def visible_request(scope: Scope, pk: int) -> PointEntry | None:
    return requests_to_decide(scope).filter(pk=pk).first()


def earned_records(member, year: int, point_rules: PointRules | None, language: str) -> list[dict]:
    """Each record of the year that earned or cost `member` points (a meeting attended or missed without leave, a
    course completed, an exam passed) with what it gave after the item's cap: how the ledger's sums came about.
    Reads the member's own records, never the ledger."""
    if point_rules is None:
        return []
    frame = member_records(year, member, point_rules)
    if frame.is_empty():
        return []
    ids = {kind: frame.filter(frame["record_kind"] == kind)["record_id"].to_list()
           for kind in (PointEntry.Record.ATTENDANCE, PointEntry.Record.ENROLMENT, PointEntry.Record.PAPER)}
    what = {(PointEntry.Record.ATTENDANCE, pk): topic for pk, topic in Attendance.objects.filter(
        pk__in=ids[PointEntry.Record.ATTENDANCE]).values_list("pk", "meeting__topic")}
    what |= {(PointEntry.Record.ENROLMENT, pk): title for pk, title in Enrolment.objects.filter(
        pk__in=ids[PointEntry.Record.ENROLMENT]).values_list("pk", "training_class__title")}
    what |= {(PointEntry.Record.PAPER, pk): title for pk, title in Paper.objects.filter(
        pk__in=ids[PointEntry.Record.PAPER]).values_list("pk", "exam__title")}
    kinds = dict(PointEntry.Record.choices)
    return [{"occurred_on": row["occurred_on"], "label": label_of(point_rules, row["item"], language),
             "record": kinds.get(row["record_kind"], ""), "what": what.get((row["record_kind"], row["record_id"]), ""),
             "points": row["granted"], "capped": row["capped"]}
            for row in frame.iter_rows(named=True)]
