from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guifan.core import idcard
from guifan.core.forms import DateInput
from guifan.core.languages import in_language

from . import selectors
from .models import Member


class MemberForm(forms.Form):
    """The fields of a member record; the organisation changes only through a transfer. The birth date is not a
    field: it is read from the ID number (and a full date shown here would complete the masked number)."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    gender = forms.ChoiceField(label=_("gender"), choices=Member.Gender.choices)
    ethnicity = forms.CharField(label=_("ethnicity"), max_length=20)
    id_number = forms.CharField(
        label=_("new ID number"), max_length=18, required=False,
        help_text=_("Leave empty to keep the registered number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("new phone"), max_length=20, required=False, help_text=_("Leave empty to keep the registered phone."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    education = forms.ChoiceField(label=_("education"), choices=[("", "—"), *Member.Education.choices],
                                  required=False)
    joined_on = forms.DateField(label=_("joined on"), widget=DateInput)
    category = forms.ChoiceField(label=_("category"), choices=Member.Category.choices)
    status = forms.ChoiceField(label=_("status"), choices=Member.Status.choices)
    retired = forms.BooleanField(label=_("retired"), required=False)
    party_group = forms.ModelChoiceField(label=_("party group"), queryset=None, required=False)
    work_unit = forms.CharField(
        label=_("work unit (code)"), max_length=30, required=False,
        help_text=_("The unit the member works in, when it has no party organisation of its own; empty: none."),
    )

    PLAIN = ("name", "gender", "ethnicity", "education", "joined_on", "category", "status", "retired",
             "party_group")

    def __init__(self, *args, groups=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_group"].queryset = groups
        self.fields["party_group"].label_from_instance = lambda group: group.name
        self.units = units

    @classmethod
    def initial_for(cls, member: Member) -> dict:
        initial = {name: getattr(member, name) for name in cls.PLAIN}
        initial["work_unit"] = member.work_unit.code if member.work_unit_id else ""
        return initial

    def clean_work_unit(self):
        code = self.cleaned_data["work_unit"].strip()
        if not code:
            return None
        unit = self.units.filter(code=code).first() if self.units is not None else None
        if unit is None:
            raise forms.ValidationError(_("No unit with this code in your area."))
        return unit

    def action_data(self) -> dict:
        """What update_member receives: empty ID number and phone mean 'keep'."""
        data = {name: self.cleaned_data[name] for name in self.PLAIN}
        data["work_unit"] = self.cleaned_data["work_unit"]
        if self.cleaned_data["id_number"].strip():
            data["id_number"] = self.cleaned_data["id_number"].strip()
        if self.cleaned_data["phone"].strip():
            data["phone"] = self.cleaned_data["phone"].strip()
        return data


class TransferForm(forms.Form):
    to_code = forms.CharField(
        label=_("to organisation (code)"), max_length=30,
        help_text=_("Type part of a name or code and pick from the list."),
        widget=forms.TextInput(attrs={"list": "organisation-options", "autocomplete": "off"}),
    )
    date = forms.DateField(label=_("date"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200, required=True,
                             error_messages={"required": _("Say why you need the full ID number and phone.")})


class FindByIdNumberForm(forms.Form):
    """A full ID number is looked up by POST only, so that it never lands in a URL, a browser history or a log."""

    id_number = forms.CharField(
        label=_("Find by ID number"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_id_number(self) -> str:
        try:
            return idcard.validate(self.cleaned_data["id_number"])
        except idcard.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from exc


# --- status changes and transfer letters (issue 12 items 2 and 3) --------------------------------------------------
class StatusChangeForm(forms.Form):
    """The next status change of a member: the changes the pack allows from their status, and the details each needs
    (the action checks them against the pack; the form only collects them)."""

    change = forms.ChoiceField(label=_("change"))
    date = forms.DateField(label=_("date"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    document = forms.CharField(label=_("document number"), max_length=60, required=False)
    # 流动: where to, the receiving organisation, dual management, the activity card
    destination = forms.CharField(label=_("flowing to (place)"), max_length=200, required=False)
    receiving_organisation = forms.CharField(label=_("receiving organisation"), max_length=200, required=False)
    dual_management = forms.BooleanField(label=_("under dual management"), required=False)
    activity_card = forms.CharField(label=_("activity card number"), max_length=50, required=False)
    # 失联: since when, the search made
    since = forms.DateField(label=_("contact lost since"), widget=DateInput, required=False)
    search = forms.CharField(label=_("search actions"), max_length=500, required=False)
    # 不合格: the appraisal that found it; the disposal
    appraisal_date = forms.DateField(label=_("appraisal date"), widget=DateInput, required=False)
    appraisal_text = forms.CharField(label=_("appraisal result"), max_length=300, required=False)
    disposal = forms.ChoiceField(label=_("disposal"), required=False)
    months = forms.IntegerField(label=_("extension (months)"), required=False)  # bounds: the pack's, in __init__

    def __init__(self, *args, changes, disposals, extension: tuple[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = [(c.code, in_language(c.label)) for c in changes]
        months = self.fields["months"]
        months.widget.attrs.update(min=extension[0], max=extension[1])
        months.validators += [MinValueValidator(extension[0]), MaxValueValidator(extension[1])]
        self.fields["disposal"].choices = [("", "—"), *[(d.code, in_language(d.label)) for d in disposals]]

    def details(self) -> dict:
        d = self.cleaned_data
        details = {k: d[k] for k in ("destination", "receiving_organisation", "dual_management", "activity_card",
                                     "search", "disposal", "months") if d.get(k) not in (None, "")}
        if d.get("since"):
            details["since"] = d["since"].isoformat()
        if d.get("appraisal_date"):
            details["appraisal"] = {"date": d["appraisal_date"].isoformat(), "text": d.get("appraisal_text", "")}
        return details


class TransferLetterForm(forms.Form):
    """A transfer letter (组织关系介绍信): to an organisation of the city by its code, or out of the city by name."""

    to_code = forms.CharField(
        label=_("to organisation (code)"), max_length=30, required=False,
        help_text=_("Type part of a name or code and pick from the list."),
        widget=forms.TextInput(attrs={"list": "organisation-options", "autocomplete": "off"}),
    )
    outside_name = forms.CharField(label=_("or an organisation outside the city"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("letter number"), max_length=50)
    date = forms.DateField(label=_("date"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if bool((data.get("to_code") or "").strip()) == bool((data.get("outside_name") or "").strip()):
            raise forms.ValidationError(_("Give either an organisation of the city or one outside it."))
        return data


class TransferInForm(MemberForm):
    """A member transferred in from outside the city (组织关系从市外转入): the letter (the sending organisation's
    name, its number, the day received) and the member's register data, the fields of MemberForm for a new member
    (the ID number required, the status normal)."""

    outside_name = forms.CharField(label=_("sending organisation (outside the city)"), max_length=200)
    letter_number = forms.CharField(label=_("letter number"), max_length=50)
    date = forms.DateField(label=_("date the letter was received"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("phone"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    status = None  # a member arriving is registered as normal
    PLAIN = tuple(name for name in MemberForm.PLAIN if name != "status")
    field_order = ["outside_name", "letter_number", "date", "reason", "name", "gender", "ethnicity", "id_number",
                   "phone"]

    def transfer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("outside_name", "letter_number", "date", "reason")}


class TransferDecisionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput)
    reason = forms.CharField(label=_("reason for returning"), max_length=200, required=False)


def status_form(member, data=None) -> StatusChangeForm | None:
    """The form of the member's next status change, or None when no pack rule is in effect."""
    try:
        rules = selectors.status_rules(timezone.localdate())
    except ValidationError:
        return None
    return StatusChangeForm(data, changes=rules.allowed_from(member.status, member.category),
                            disposals=rules.disposals.values(),
                            extension=(rules.extension_min_months, rules.extension_max_months))


# --- the branch committee (issue 11; members/committee.py) ---------------------------------------------------------
class CommitteeAppointForm(forms.Form):
    """Appoint a member of the branch to a post of its committee (the posts the pack lists)."""

    member = forms.ModelChoiceField(label=_("member"), queryset=Member.objects.none())
    post = forms.ChoiceField(label=_("post"))
    started_on = forms.DateField(label=_("started on"), widget=DateInput())

    def __init__(self, *args, members, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.name
        self.fields["post"].choices = [(p.code, in_language(p.label)) for p in rules.posts.values()]


class CommitteeEndForm(forms.Form):
    ended_on = forms.DateField(label=_("ended on"), widget=DateInput())
