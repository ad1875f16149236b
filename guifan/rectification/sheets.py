"""The weak and lax list in Excel: its export (the one writer, guifan.core.spreadsheets.writer) and the import of
the organisations named by hand (the Excel page's sheet `rectification`: 2017's 直评联考 lagging list)."""

import tempfile

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from guifan.core.spreadsheets.columns import Column
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.writer import write_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [_("Organisation code"), _("Organisation"), _("Region"), _("Year"), _("Source"), _("State"),
            _("Stars when listed"), _("Reason"), _("Responsible leader"), _("First secretary"), _("Tasks"),
            _("Tasks closed"), _("Tasks overdue"), _("Stars at sign-off"), _("Village bully problem")]


def rows(listings):
    for x in listings.iterator(chunk_size=2000):
        yield [x.organisation.code, x.organisation.name, x.organisation.region.name, x.year,
               str(x.get_source_display()), str(x.get_state_display()), x.stars, x.reason, x.responsible_leader,
               x.first_secretary, x.task_count, x.closed_count, x.overdue_count, x.signed_off_stars,
               _("yes") if x.village_bully else ""]


def export_response(listings, year: int) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_list(handle, _("Weak and lax list"), headers(), {0, 1, 2, 7, 8, 9}, rows(listings))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"rectification-{year}.xlsx", content_type=XLSX)


# --- import: the organisations named by hand (2017's 直评联考 lagging list) -------------------------------------

def _references(scope) -> dict:
    orgs = scope.organisations().active().order_by("code")
    return {"rectification_organisations": ([_("Organisation code"), _("Organisation")],
                                            [(o.code, o.name) for o in orgs])}


def check(rows, errors, *, scope, today=None) -> list[dict]:
    """Each row as name_by_hand's arguments; a code unknown or outside the scope, a year without a standard, an
    organisation already listed that year or twice in the file: an error on its row. Never writes."""
    from guifan.core.spreadsheets.checks import fetch_by

    from .actions import rules_of_year
    from .models import Listing

    known = fetch_by(scope.organisations(), "code", {d.get("organisation") for _n, d in rows})
    seen, checked = set(), []
    for number, data in rows:
        org, year = known.get(data.get("organisation") or ""), data.get("year")
        if data.get("organisation") and org is None:
            errors.add(number, "organisation", _("Unknown organisation code (or outside your scope)."))
        if not year or errors.has(number, "year"):
            continue
        try:
            rules_of_year(year)
        except ValidationError as error:
            errors.add(number, "year", error.messages)
            continue
        if org is None:
            continue
        if (org.pk, year) in seen or Listing.objects.filter(organisation=org, year=year).exists():
            errors.add(number, "organisation", _("%(organisation)s is already on the weak and lax list of "
                                                 "%(year)s.") % {"organisation": org.name, "year": year})
            continue
        seen.add((org.pk, year))
        checked.append({"organisation": org, "year": year, "reason": data.get("reason") or ""})
    return checked


def save(checked: list[dict], *, user) -> Written:
    """Every row listed in one transaction: a row refused now (listed meanwhile) undoes all."""
    from .actions import name_by_hand

    try:
        with transaction.atomic():
            for row in checked:
                name_by_hand(row["organisation"], row["year"], reason=row["reason"], user=user, source="import")
    except ValidationError as exc:
        raise IntegrityError(str(exc)) from exc
    return Written(len(checked))


SHEET = Sheet(
    kind="rectification", name=gettext_lazy("Weak and lax list"), title=gettext_lazy("Weak and lax list"),
    columns=(
        Column("organisation", pgettext_lazy("column", "Party organisation code"), "code", required=True,
               reference="rectification_organisations", listed=True, width=18),
        Column("year", pgettext_lazy("column", "Year"), "count", required=True),
        Column("reason", pgettext_lazy("column", "Reason for listing"), "text", required=True, width=30,
               help=gettext_lazy("For example: lagging in the 2017 direct appraisal (直评联考).")),
    ),
    check=check, save=save, references=_references, order=90,
    notes=(gettext_lazy("One row per organisation to list for rectification by hand; the county then confirms "
                        "each on the weak and lax list page."),
           gettext_lazy("Nothing is written unless every row is correct.")),
)
