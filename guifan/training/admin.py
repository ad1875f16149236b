"""The back office of the training records, through request.scope. Libraries, courses and the question bank are
edited here (audited by AuditedAdminMixin); completions, papers and scores are written by the actions (the site's
sign-in sheet, exam pages and Excel imports) and only read here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guifan.core.admin_scope import ReadOnlyScopedAdmin, ScopedModelAdmin

from . import actions, selectors
from .models import Course, CourseLibrary, Enrolment, Exam, Paper, Question, TrainingClass


class _LibraryScoped(ScopedModelAdmin):
    library_path = "library"

    def scope_queryset(self, request, qs):
        return qs.filter(**{f"{self.library_path}__in": selectors.managed_libraries(request.scope)
                            if request.scope.can_edit else selectors.visible_libraries(request.scope)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "library":
            kwargs["queryset"] = selectors.managed_libraries(request.scope)
        elif db_field.name == "course":
            kwargs["queryset"] = Course.objects.filter(library__in=selectors.managed_libraries(request.scope))
        elif db_field.name == "training_class":
            kwargs["queryset"] = TrainingClass.objects.filter(
                course__library__in=selectors.managed_libraries(request.scope))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CourseLibrary)
class CourseLibraryAdmin(ScopedModelAdmin):
    list_display = ("name", "level", "region", "organisation")
    list_filter = ("level",)
    search_fields = ("name",)

    def scope_queryset(self, request, qs):
        return qs.filter(pk__in=selectors.managed_libraries(request.scope).values("pk"))


@admin.register(Course)
class CourseAdmin(_LibraryScoped):
    list_display = ("title", "library", "mode", "hours", "credits", "audience")
    list_filter = ("mode",)
    search_fields = ("title",)


@admin.register(Question)
class QuestionAdmin(_LibraryScoped):
    list_display = ("__str__", "library", "course", "marks")
    search_fields = ("text",)

    def get_changeform_initial_data(self, request):
        # Empty lists, not JSON's null, in a new question's choices and answer.
        return {"choices": [], "answer": [], **super().get_changeform_initial_data(request)}


class TrainingClassForm(forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = ("course", "title", "starts_on", "ends_on", "place", "region")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("A class cannot end before it starts."))
        return cleaned


@admin.register(TrainingClass)
class TrainingClassAdmin(_LibraryScoped):
    form = TrainingClassForm
    library_path = "course__library"
    list_display = ("title", "code", "course", "starts_on", "ends_on", "place")
    search_fields = ("title", "code")
    readonly_fields = ("code",)

    def save_through_actions(self, request, obj, form, change):
        if change:
            return None
        data = form.cleaned_data
        return actions.create_class(data["course"], title=data["title"], starts_on=data["starts_on"],
                                    ends_on=data["ends_on"], place=data.get("place", ""), region=data.get("region"),
                                    user=request.user, source="admin")


@admin.register(Exam)
class ExamAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "code", "scheme", "held_on", "total", "pass_mark")
    search_fields = ("title", "code")

    def scope_queryset(self, request, qs):
        return qs.filter(training_class__in=selectors.visible_classes(request.scope))


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyScopedAdmin):
    list_display = ("member", "training_class", "completed_on", "hours", "credits")
    search_fields = ("member__name",)
    list_select_related = ("member", "training_class")

    def scope_queryset(self, request, qs):
        return qs.filter(member__in=request.scope.members())


@admin.register(Paper)
class PaperAdmin(ReadOnlyScopedAdmin):
    list_display = ("member", "exam", "attempt", "score", "passed", "sat_on")
    search_fields = ("member__name",)
    list_select_related = ("member", "exam")

    def scope_queryset(self, request, qs):
        return qs.filter(member__in=request.scope.members())
