from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guifan.core.admin_scope import ReadOnlyScopedAdmin, ScopedModelAdmin
from guifan.orgs.admin import add_action_errors

from . import actions
from .models import Member, Post, Transfer

# Form field names of the write-only personal data; the actions call them id_number and phone.
_WRITE_ONLY = {"id_number": "new_id_number", "phone": "new_phone"}


class MemberForm(forms.ModelForm):
    """The ID number and phone can be replaced, never read back: the form shows only the masked values. The birth
    date is not a field: the actions read it from the ID number (shown in full, it would complete the masked one)."""

    new_id_number = forms.CharField(
        label=_("New ID number"), required=False, max_length=18, strip=True,
        help_text=_("Leave empty to keep the stored number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_phone = forms.CharField(
        label=_("New phone"), required=False, max_length=15, strip=True,
        help_text=_("Leave empty to keep the stored phone."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = None  # the user's, set by MemberAdmin.get_form: a clash names the member only when it is in it

    class Meta:
        model = Member
        fields = ("name", "gender", "ethnicity", "education", "joined_on", "category", "status", "retired",
                  "organisation", "party_group", "work_unit")

    def action_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in actions._PLAIN_FIELDS if f in self.fields}
        for action_name, field_name in _WRITE_ONLY.items():
            if self.cleaned_data.get(field_name):
                data[action_name] = self.cleaned_data[field_name]
        return data

    def clean(self):
        cleaned = super().clean()
        data = self.action_data()
        if self.instance.pk:
            data = {f: getattr(self.instance, f) for f in actions.REQUIRED if f != "id_number"} | data
            data.setdefault("id_number", self.instance.reveal_id_number())
        try:
            actions.clean_member_data(data, instance=self.instance if self.instance.pk else None, scope=self.scope)
        except ValidationError as exc:
            add_action_errors(self, exc, _WRITE_ONLY)
        return cleaned


@admin.register(Member)
class MemberAdmin(ScopedModelAdmin):
    form = MemberForm
    list_display = ("name", "id_number_masked", "gender", "category", "status", "organisation", "joined_on")
    list_filter = ("category", "status", "gender", "education")
    search_fields = ("name",)
    # No search by ID number here: the admin searches by GET, which would put the number in web addresses and logs.
    search_help_text = _("Name. To find a member by ID number, use “Find by ID number” on the members page.")
    autocomplete_fields = ("organisation", "party_group", "work_unit")
    readonly_fields = ("birth_year_month", "id_number_masked", "phone_masked")
    list_select_related = ("organisation",)
    fields = ("name", "gender", "ethnicity", "birth_year_month", "id_number_masked", "new_id_number", "phone_masked",
              "new_phone", "education", "joined_on", "category", "status", "organisation", "party_group", "work_unit")

    @admin.display(description=_("Birth month"))
    def birth_year_month(self, obj):
        return obj.birth_year_month or "-"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.scope = request.scope
        return form

    def save_through_actions(self, request, obj, form, change):
        data = form.action_data()
        if change:
            original = Member.objects.get(pk=obj.pk)
            return actions.update_member(original, data, user=request.user, source="admin", scope=request.scope)
        return actions.create_member(data, user=request.user, source="admin", scope=request.scope)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyScopedAdmin):
    """Transfers are made with members.actions.transfer_member, which keeps the member row and the log in step."""

    list_display = ("date", "member", "from_organisation", "to_organisation", "reason", "user")
    search_fields = ("member__name",)
    # A date filter rather than date_hierarchy: the latter needs MySQL's time-zone tables (CONVERT_TZ).
    list_filter = (("date", admin.DateFieldListFilter),)
    list_select_related = ("member", "from_organisation", "to_organisation", "user")

    def scope_queryset(self, request, qs):
        members = request.scope.members()
        orgs = request.scope.organisations()
        # A transfer across the city's boundary has one side outside the register (a name only).
        return qs.filter(Q(from_organisation__in=orgs) | Q(from_organisation__isnull=True),
                         Q(to_organisation__in=orgs) | Q(to_organisation__isnull=True), member__in=members)


# --- posts (issue 11, training) ------------------------------------------------------------------------------------
class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("organisation", "member", "post", "started_on", "ended_on")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and all(cleaned.get(f) for f in ("organisation", "member", "post", "started_on")):
            errors = actions.post_errors(cleaned["organisation"], cleaned["member"], cleaned["post"],
                                         cleaned["started_on"], cleaned.get("ended_on"))
            if errors:
                add_action_errors(self, ValidationError(errors))
        elif self.instance.pk is not None:
            ended = cleaned.get("ended_on")
            if ended is None:
                self.add_error("ended_on", _("This field is required."))
            elif ended < self.instance.started_on:
                self.add_error("ended_on", _("A post cannot end before it starts."))
        return cleaned


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    """Posts are taken and ended through members.actions (create_post, end_post), audited."""

    form = PostForm
    list_display = ("member", "post", "organisation", "started_on", "ended_on")
    list_filter = ("post",)
    search_fields = ("member__name", "organisation__name")
    autocomplete_fields = ("organisation", "member")
    list_select_related = ("member", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return ("organisation", "member", "post", "started_on") if obj is not None else ()

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations(), member__in=request.scope.members())

    def save_through_actions(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return actions.end_post(Post.objects.get(pk=obj.pk), ended_on=data["ended_on"], user=request.user,
                                    source="admin")
        return actions.create_post(data["organisation"], data["member"], data["post"],
                                   started_on=data["started_on"], ended_on=data.get("ended_on"),
                                   user=request.user, source="admin")
