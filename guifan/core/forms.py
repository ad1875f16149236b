"""Form helpers shared by the register's edit pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    """A browser date picker; values in ISO format, which it requires."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Puts an action's ValidationError next to the fields it names; others at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def tidy_filter_form(form: forms.Form, first: str = "q") -> None:
    """The search box first, and "All" instead of dashes for choice filters left empty."""
    if first in form.fields:
        form.order_fields([first, *[name for name in form.fields if name != first]])
    for field in form.fields.values():
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = _("All")
            field.widget.choices = field.choices  # the widget holds an iterator bound to the class-level field
