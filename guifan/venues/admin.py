"""Venues in the back office, read only: venues and their grades change through guifan.venues.actions."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import Venue, VenueRating


@admin.register(Venue)
class VenueAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "organisation", "area")
    list_select_related = ("organisation",)

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations())


@admin.register(VenueRating)
class VenueRatingAdmin(ReadOnlyScopedAdmin):
    list_display = ("venue", "year", "checklist", "missing", "grade", "confirmed_at")
    list_filter = ("year", "grade")
    list_select_related = ("venue",)

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations())
