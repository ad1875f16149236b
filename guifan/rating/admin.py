"""Ratings in the back office, read only: levels change through guifan.rating.actions, never by editing a row."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import Rating, RatingStep


@admin.register(Rating)
class RatingAdmin(ReadOnlyScopedAdmin):
    list_display = ("organisation", "year", "assessed_stars", "stars", "stage", "movement")
    list_filter = ("year", "stage", "movement")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation",)

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations())


@admin.register(RatingStep)
class RatingStepAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "step", "region", "user", "taken_at", "organisations", "adjustments")
    list_filter = ("year", "step")

    def scope_queryset(self, request, qs):
        return qs.filter(region__in=request.scope.regions())
