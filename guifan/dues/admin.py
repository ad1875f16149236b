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

    # Payments are recorded by the dues pages and imports (guifan.dues.actions, audited, with the months-paid
    # roll-up): the admin shows them only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DuesReturn)
class DuesReturnAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "amount", "returned_on")
    raw_id_fields = ("organisation", "recorded_by")
