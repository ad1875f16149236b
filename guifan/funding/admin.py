"""Funding runs in the back office, read only: they are computed by guifan.funding.actions, never typed."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import FundingRun


@admin.register(FundingRun)
class FundingRunAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "computed_at", "organisations", "total", "seconds")
    list_filter = ("year",)

    def scope_queryset(self, request, qs):
        return qs if request.scope.is_all else qs.none()
