from django.contrib import admin

from .models import DuesAssessment, DuesPayment, DuesReturn


@admin.register(DuesAssessment)
class DuesAssessmentAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "category", "monthly_amount")
    list_filter = ("year", "category")
    raw_id_fields = ("member", "organisation")
    exclude = ("income_encrypted",)


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "month", "kind", "amount", "paid_on")
    list_filter = ("year", "kind")
    raw_id_fields = ("member", "organisation", "recorded_by")


@admin.register(DuesReturn)
class DuesReturnAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "amount", "returned_on")
    raw_id_fields = ("organisation", "recorded_by")
