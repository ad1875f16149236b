"""The columns of the organisation and member sheets: one definition used by the template, the reader,
the importers and the exporters, so that a header, its key and its rules cannot drift apart.

Row 1 of a data sheet holds each column's key (hidden), row 2 the header in the user's language, data from row 3.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation

from . import cells
from .ethnicities import ETHNICITIES, normalise_ethnicity

KEY_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3


# Headers carry the context "column", so that "Name" is 姓名 here whatever other apps translate it to.
TEXT_KINDS = {"text", "id_number", "phone", "code"}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    kind: str  # text, id_number, phone, code, date, count, choice, ethnicity
    required: bool = False
    help: Promise | str = ""
    choices: Callable[[], list[tuple[str, Promise]]] | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # other accepted spellings -> stored value
    reference: str = ""  # the list of codes offered in the drop-down: see templates.REFERENCE_LISTS
    width: int = 14

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    def labels(self) -> list[str]:
        """The drop-down values in the active language."""
        if self.kind == "ethnicity":
            return list(ETHNICITIES)
        return [str(label) for _value, label in self.choices()] if self.choices else []

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling (labels in each language, stored values, aliases), case-folded."""
        found = {alias.casefold(): value for alias, value in self.aliases.items()}
        for value, label in self.choices() if self.choices else []:
            found[value.casefold()] = value
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    found[str(label).casefold()] = value
        return found

    def parse(self, value, lookup: dict[str, str] | None = None):
        """The register value of a cell; raises cells.CellError."""
        if self.kind == "date":
            return cells.to_date(value)
        if self.kind == "count":
            return cells.to_count(value)
        if self.kind == "id_number":
            return cells.to_id_number(value)
        if self.kind == "choice":
            return cells.to_choice(value, lookup if lookup is not None else self.lookup())
        text = cells.to_text(value)
        if self.kind == "ethnicity" and text:
            found = normalise_ethnicity(text)
            if found is None:
                raise cells.CellError(_("Not one of the 56 ethnic groups (see the drop-down list)."))
            return found
        return text


def _allowed(choices) -> Callable[[], list]:
    return lambda: list(choices)


MEMBER_COLUMNS = (
    Column("name", pgettext_lazy("column", "Name"), "text", required=True, width=12),
    Column("gender", pgettext_lazy("column", "Gender"),
           "choice", required=True, choices=_allowed(Member.Gender.choices),
           aliases={"男": "M", "女": "F"}, width=8),
    Column("ethnicity", pgettext_lazy("column", "Ethnicity"), "ethnicity", help=_("Empty means Han (汉族)."), width=10),
    Column("birth_date", pgettext_lazy("column", "Birth date"),
           "date", required=True, help=_("Must match the ID number.")),
    Column("id_number", pgettext_lazy("column", "Citizen ID number"), "id_number", required=True, width=22,
           help=_("18 characters, the last may be X; the check digit is verified. Stored encrypted.")),
    Column("phone", pgettext_lazy("column", "Phone"), "phone", help=_("7 to 15 digits. Stored encrypted."), width=15),
    Column("education", pgettext_lazy("column", "Education"),
           "choice", choices=_allowed(Member.Education.choices), width=16),
    Column("joined_on", pgettext_lazy("column", "Date of joining the party"), "date", required=True),
    Column("category", pgettext_lazy("column", "Member category"),
           "choice", required=True, choices=_allowed(Member.Category.choices),
           aliases={"正式": "full", "正式党员": "full", "预备": "probationary", "预备党员": "probationary"}),
    Column("status", pgettext_lazy("column", "Member status"), "choice", choices=_allowed(Member.Status.choices),
           help=_("Empty means normal."), aliases={"正常": "normal"}),
    Column("organisation", pgettext_lazy("column", "Party organisation code"),
           "code", required=True, reference="member_organisations",
           help=_("The code of the branch (or committee, general branch) the member belongs to; see the codes sheet."),
           width=18),
    Column("party_group", pgettext_lazy("column", "Party group code"), "code", reference="party_groups",
           help=_("Optional: a party group of that branch; see the codes sheet."), width=16),
)

ORGANISATION_COLUMNS = (
    Column("code", pgettext_lazy("column", "Organisation code"), "code", required=True, width=18,
           help=_("Unique in the register.")),
    Column("name", pgettext_lazy("column", "Organisation name"), "text", required=True, width=30),
    Column("kind", pgettext_lazy("column", "Organisation kind"),
           "choice", required=True, choices=_allowed(Organisation.Kind.choices)),
    Column("parent", pgettext_lazy("column", "Parent organisation code"), "code", reference="organisations", width=18,
           help=_("A registered organisation in your scope or one defined in this file (in any row). "
                  "Empty only for a top organisation of your region.")),
    Column("host_unit", pgettext_lazy("column", "Host unit code"),
           "code", required=True, reference="host_units", width=18,
           help=_("A registered unit in your scope; a new code registers the unit with the four unit columns.")),
    Column("unit_name", pgettext_lazy("column", "Unit name"),
           "text", width=24, help=_("Only for a unit not yet registered.")),
    Column("unit_kind", pgettext_lazy("column", "Unit kind"),
           "choice", choices=_allowed(HostUnit.Kind.choices), width=18,
           help=_("Only for a unit not yet registered.")),
    Column("unit_region", pgettext_lazy("column", "Region code"), "code", reference="regions", width=14,
           help=_("Only for a unit not yet registered: the GB/T 2260 code of its county or township.")),
    Column("unit_headcount", pgettext_lazy("column", "Unit headcount"), "count", width=10,
           help=_("Only for a unit not yet registered: staff, or residents of a village or community.")),
    Column("setup", pgettext_lazy("column", "Set-up"), "choice", choices=_allowed(Organisation.SetUp.choices),
           help=_("Empty means separate."), width=10),
    Column("founded_on", pgettext_lazy("column", "Founded on"), "date"),
    Column("term_start", pgettext_lazy("column", "Current term start"), "date"),
    Column("term_end", pgettext_lazy("column", "Current term end"), "date"),
)

COLUMNS = {"organisations": ORGANISATION_COLUMNS, "members": MEMBER_COLUMNS}
KINDS = tuple(COLUMNS)


def sheet_title(kind: str) -> str:
    return str({"organisations": _("Organisations"), "facts": _("Figures")}.get(kind, _("Members")))
