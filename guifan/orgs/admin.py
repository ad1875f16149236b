from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from guifan.core.admin_scope import ScopedModelAdmin, ScopedRelatedFilter

from . import actions
from .models import HostUnit, Organisation


def add_action_errors(form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Puts an action's per-field errors on the admin form (unknown fields go to the form as a whole)."""
    for field, messages in exc.message_dict.items():
        target = (field_map or {}).get(field, field)
        form.add_error(target if target in form.fields else None, messages)


class HostUnitForm(forms.ModelForm):
    class Meta:
        model = HostUnit
        fields = actions.HOST_UNIT_FIELDS

    def clean(self):
        cleaned = super().clean()
        data = {f: cleaned.get(f) for f in actions.HOST_UNIT_FIELDS if f in self.fields}
        merged = data if self.instance.pk is None else {
            f: getattr(self.instance, f) for f in actions.HOST_UNIT_FIELDS} | data
        try:
            actions.clean_host_unit_data(merged, instance=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            add_action_errors(self, exc)
        return cleaned


@admin.register(HostUnit)
class HostUnitAdmin(ScopedModelAdmin):
    form = HostUnitForm
    list_display = ("code", "name", "kind", "region", "headcount", "is_poor_village", "closed_on")
    list_filter = ("kind", ("region", ScopedRelatedFilter), "is_poor_village", "is_window_unit")
    search_fields = ("name", "code")
    autocomplete_fields = ("region", "parent")
    list_select_related = ("region",)

    def save_through_actions(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in actions.HOST_UNIT_FIELDS if f in form.cleaned_data}
        if change:
            original = HostUnit.objects.get(pk=obj.pk)
            return actions.update_host_unit(original, data, user=request.user, source="admin")
        return actions.create_host_unit(data, user=request.user, source="admin")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ("code", "name", "kind", "parent", "host_unit", "covered_units", "setup", "is_regional", "founded_on",
                  "term_start", "term_end", "secretary", "dissolved_on")

    def clean(self):
        cleaned = super().clean()
        data = {f: cleaned.get(f) for f in actions._FIELDS if f in self.fields}
        merged = data if self.instance.pk is None else {f: getattr(self.instance, f) for f in actions._FIELDS} | data
        try:
            actions.clean_organisation_data(merged, instance=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            add_action_errors(self, exc)
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    form = OrganisationForm
    list_display = ("code", "name", "kind", "parent", "host_unit", "region", "term_end", "dissolved_on")
    list_filter = ("kind", "domain", "setup", ("region", ScopedRelatedFilter))
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "host_unit", "secretary", "covered_units")
    readonly_fields = ("path", "depth", "region", "domain")
    list_select_related = ("parent", "host_unit", "region")
    fields = ("code", "name", "kind", "parent", "host_unit", "covered_units", "setup", "is_regional", "founded_on",
              "term_start", "term_end", "secretary", "dissolved_on", "region", "domain", "path", "depth")

    def save_related(self, request, form, formsets, change):
        """Covered units through the action, so that the change log has them (the form would set them silently)."""
        units = form.cleaned_data.pop("covered_units", None)
        super().save_related(request, form, formsets, change)
        if units is not None:
            actions.set_covered_units(form.instance, units, user=request.user, source="admin")

    def save_through_actions(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in actions._FIELDS if f in form.cleaned_data}
        if change:
            original = Organisation.objects.get(pk=obj.pk)
            return actions.update_organisation(original, data, user=request.user, source="admin")
        return actions.create_organisation(data, user=request.user, source="admin")
