"""The member sheet of the Excel page: its columns, the codes its template offers, its checks (member_field_errors
for each row, registered ID numbers in one query per 500 rows) and its masked export. The checks only read;
`actions.members_import` writes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from guifan.core import crypto, idcard
from guifan.core.bulk import in_chunks
from guifan.core.spreadsheets.cells import CellError
from guifan.core.spreadsheets.checks import duplicates_in_file, fetch_by
from guifan.core.spreadsheets.columns import Column, allowed, header_of
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.results import ErrorCollector
from guifan.orgs.models import Organisation
from guifan.orgs.sheets import CODES_NOTE, organisation_codes

from .actions import id_number_registered_message, member_field_errors, members_import
from .ethnicities import ETHNICITIES, normalise_ethnicity
from .filtersets import MemberFilterSet
from .models import Member


def _ethnicity(text: str) -> str:
    found = normalise_ethnicity(text)
    if found is None:
        raise CellError(_("Not one of the 56 ethnic groups (see the drop-down list)."))
    return found


# Headers carry the context "column", so that "Name" is 姓名 here whatever other apps translate it to.
COLUMNS = (
    Column("name", pgettext_lazy("column", "Name"), "text", required=True, width=12),
    Column("gender", pgettext_lazy("column", "Gender"),
           "choice", required=True, choices=allowed(Member.Gender.choices),
           aliases={"男": "M", "女": "F"}, width=8),
    Column("ethnicity", pgettext_lazy("column", "Ethnicity"), "text", options=lambda: ETHNICITIES, clean=_ethnicity,
           help=gettext_lazy("Empty means Han (汉族)."), width=10),
    Column("birth_date", pgettext_lazy("column", "Birth date"),
           "date", required=True, help=gettext_lazy("Must match the ID number."), sensitive=True),
    Column("id_number", pgettext_lazy("column", "Citizen ID number"), "id_number", required=True, width=22,
           help=gettext_lazy("18 characters, the last may be X; the check digit is verified. Stored encrypted."),
           sensitive=True),
    Column("phone", pgettext_lazy("column", "Phone"), "phone", help=gettext_lazy("7 to 15 digits. Stored encrypted."),
           width=15, sensitive=True),
    Column("education", pgettext_lazy("column", "Education"),
           "choice", choices=allowed(Member.Education.choices), width=16),
    Column("joined_on", pgettext_lazy("column", "Date of joining the party"), "date", required=True),
    Column("category", pgettext_lazy("column", "Member category"),
           "choice", required=True, choices=allowed(Member.Category.choices),
           aliases={"正式": "full", "正式党员": "full", "预备": "probationary", "预备党员": "probationary"}),
    Column("status", pgettext_lazy("column", "Member status"), "choice", choices=allowed(Member.Status.choices),
           help=gettext_lazy("Empty means normal."), aliases={"正常": "normal"}),
    Column("organisation", pgettext_lazy("column", "Party organisation code"),
           "code", required=True, reference="member_organisations", listed=True,
           help=gettext_lazy("The code of the branch (or committee, general branch) the member belongs to; see the "
                             "codes sheet."),
           width=18),
    Column("party_group", pgettext_lazy("column", "Party group code"), "code", reference="party_groups",
           listed=True, help=gettext_lazy("Optional: a party group of that branch; see the codes sheet."), width=16),
)


def references(scope) -> dict:
    groups = scope.organisations().active().filter(kind=Organisation.Kind.GROUP).select_related("parent")
    return {
        "member_organisations": organisation_codes(scope),
        "party_groups": ([_("Party group code"), _("Party group name"), _("Party organisation code")],
                         [(o.code, o.name, o.parent.code if o.parent_id else "") for o in groups.order_by("code")]),
    }


# --- checks ------------------------------------------------------------------------------------------------------

def _resolve_organisations(rows, scope, errors: ErrorCollector) -> None:
    """Codes become organisations of the user's scope; a code outside the scope is as unknown as a wrong one."""
    codes = {d.get("organisation") for _n, d in rows} | {d.get("party_group") for _n, d in rows}
    known = fetch_by(scope.organisations().select_related("region"), "code", codes)
    for number, data in rows:
        code = data.get("organisation")
        data["organisation"] = known.get(code) if code else None
        if code and data["organisation"] is None:
            errors.add(number, "organisation", _("Unknown organisation code (or outside your scope)."))
        group_code = data.pop("party_group", "")
        if not group_code:
            continue
        group = known.get(group_code)
        if group is None:
            errors.add(number, "party_group", _("Unknown party group code (or outside your scope)."))
        elif data["organisation"] is not None:
            data["party_group"] = group


def _check_registered(rows, errors: ErrorCollector, scope) -> None:
    """Numbers registered already: naming the member when the user may see them, else in the words of any number that
    cannot be registered here (the user must not learn that the person is a member elsewhere)."""
    hashes = {}
    for number, data in rows:
        if data.get("id_number") and not errors.has(number, "id_number"):
            hashes.setdefault(crypto.keyed_hash(data["id_number"]), []).append(number)
    for chunk in in_chunks(hashes):
        found = set(Member.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True))
        visible = {m.id_number_hash: m for m in scope.members(Member.objects.filter(id_number_hash__in=found))
                   .select_related("organisation").only("name", "id_number_hash", "organisation__name")}
        for key in found:
            for number in hashes[key]:
                errors.add(number, "id_number", id_number_registered_message(visible.get(key)))


def check(rows, errors: ErrorCollector, *, scope, today=None) -> list[dict]:
    """The members' data for members_import; every problem reported into errors."""
    _resolve_organisations(rows, scope, errors)
    for number, data in rows:
        # An unknown code is already reported: the collector keeps that reason over "required". The birth date
        # column is checked against the ID number there too (members.actions.birth_date_errors).
        errors.add_all(number, member_field_errors(data, today=today))
    duplicates_in_file(
        [(n, d) for n, d in rows if not errors.has(n, "id_number")], "id_number", errors,
        _("The same ID number is already in row %(row)s of this file."),
    )
    _check_registered(rows, errors, scope)
    return [data for _number, data in rows]


def save(checked: list[dict], *, user) -> Written:
    return Written(len(members_import(checked, user=user)))


# --- export ------------------------------------------------------------------------------------------------------

def export_rows(queryset):
    """(headers, text-column indexes, rows) of the member list: ID number and phone masked, never decrypted, and the
    birth year and month (出生年月) as text, all that is stored of the birth date."""
    h = lambda key: header_of(COLUMNS, key)  # noqa: E731
    headers = [h("name"), h("gender"), h("ethnicity"), pgettext("column", "Birth month"), h("id_number"), h("phone"),
               h("education"), h("joined_on"), h("category"), h("status"), h("organisation"),
               str(_("Party organisation name")), h("party_group"), str(_("Region"))]
    labels = lambda choices: {value: str(label) for value, label in choices}  # noqa: E731
    gender, education = labels(Member.Gender.choices), labels(Member.Education.choices)
    category, status = labels(Member.Category.choices), labels(Member.Status.choices)
    fields = ("name", "gender", "ethnicity", "birth_month", "id_number_masked", "phone_masked", "education",
              "joined_on", "category", "status", "organisation__code", "organisation__name", "party_group__code",
              "organisation__region__name")

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=5000):
            yield (r[0], gender.get(r[1], r[1]), r[2], idcard.year_month(r[3]), r[4], r[5],
                   education.get(r[6], r[6]), r[7], category.get(r[8], r[8]), status.get(r[9], r[9]), r[10], r[11],
                   r[12] or "", r[13])

    return headers, {3, 4, 5, 10, 12}, rows()


SHEET = Sheet(
    kind="members", name=gettext_lazy("Party members"), title=gettext_lazy("Members"), columns=COLUMNS,
    check=check, save=save, references=references, order=20,
    notes=(CODES_NOTE, gettext_lazy("A member belongs to a branch (or committee or general branch), never to a party "
                                    "group: put the group in the party group column.")),
    queryset=lambda scope: scope.members(), filterset=MemberFilterSet, export_rows=export_rows,
)
