"""The ledger in the back office, read only: points change through guifan.points.actions (a correction is a new
entry), never by editing a row."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import PointEntry, PointTotal


class _MemberScoped(ReadOnlyScopedAdmin):
    def scope_queryset(self, request, qs):
        return qs.filter(member__in=request.scope.members())


@admin.register(PointEntry)
class PointEntryAdmin(_MemberScoped):
    list_display = ("occurred_on", "member", "item", "points", "source", "state", "capped", "requested_by",
                    "decided_by")
    list_filter = ("year", "source", "state")
    search_fields = ("member__name",)
    list_select_related = ("member", "requested_by", "decided_by")


@admin.register(PointTotal)
class PointTotalAdmin(_MemberScoped):
    list_display = ("year", "member", "organisation", "points", "rank_in_branch", "level", "recommended",
                    "talk_with")
    list_filter = ("year", "recommended", "talk_with")
    search_fields = ("member__name",)
    list_select_related = ("member", "organisation")
