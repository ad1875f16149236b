"""The dues payments sheet of the Excel page (GUAR-N-01): one row per member and month paid (organisation code,
member's name, year, month, amount; the amount may be left empty: the member's monthly dues). The check reads only;
`save` records the rows with actions.record_month per organisation and month, in one transaction: nothing is
written unless every row is correct (a month already paid, an amount not matching the band, a member without dues
set are refused with their row and column)."""

from collections import defaultdict

import django_filters
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from guifan.core.spreadsheets.checks import fetch_by
from guifan.core.spreadsheets.columns import Column, header_of
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.results import ErrorCollector
from guifan.orgs.sheets import CODES_NOTE

from . import actions, selectors
from .models import DuesAssessment, DuesPayment

COLUMNS = (
    Column("organisation", pgettext_lazy("column", "Party organisation code"), "code", required=True,
           reference="dues_organisations", listed=True, width=18),
    Column("member", pgettext_lazy("column", "Member's name"), "text", required=True, width=12),
    Column("year", pgettext_lazy("column", "Dues year"), "count", required=True, width=8),
    Column("month", pgettext_lazy("column", "Dues month"), "count", required=True, width=8),
    Column("amount", pgettext_lazy("column", "Dues paid (yuan)"), "text", width=12,
           help=gettext_lazy("Empty: the member's monthly dues.")),
)


def references(scope) -> dict:
    orgs = scope.organisations().active().order_by("code")
    return {"dues_organisations": ([_("Organisation code"), _("Organisation name")],
                                   [(o.code, o.name) for o in orgs])}


def check(rows, errors: ErrorCollector, *, scope, today=None) -> list[dict]:
    known = fetch_by(scope.organisations(), "code", {d.get("organisation") for _n, d in rows})
    checked, seen = [], set()
    for number, data in rows:
        org = known.get(data.get("organisation"))
        if data.get("organisation") and org is None:
            errors.add(number, "organisation", _("Unknown organisation code (or outside your scope)."))
            continue
        year, month = data.get("year"), data.get("month")
        if org is None or not year or not month:
            continue
        if not 1 <= int(month) <= 12:
            errors.add(number, "month", _("%(month)s is not a month.") % {"month": month})
            continue
        found = list(DuesAssessment.objects.filter(organisation=org, year=year, member__name=data.get("member"))
                     .select_related("member")[:2])
        if len(found) != 1:
            errors.add(number, "member", _("No single member of this name has dues set for the year in this "
                                           "organisation."))
            continue
        a = found[0]
        key = (a.member_id, int(year), int(month))
        if key in seen or DuesPayment.objects.filter(member_id=a.member_id, year=year, month=month,
                                                     kind=DuesPayment.Kind.MONTHLY).exists():
            errors.add(number, "month", _("This month is already paid: a month is paid once."))
            continue
        seen.add(key)
        amount = data.get("amount") or None
        if amount is not None:
            try:
                amount = actions.as_amount(amount)
            except ValidationError as exc:
                errors.add(number, "amount", exc.messages)
                continue
            rules = selectors.rules(int(year))
            cat = rules.categories.get(a.category) if rules else None
            if amount != a.monthly_amount and not (cat and cat.is_fixed and rules.allows(a.category, None, amount)):
                errors.add(number, "amount", _("%(amount)s yuan does not match the member's dues of %(due)s yuan a "
                                               "month (%(rule)s).") % {"amount": amount, "due": a.monthly_amount,
                                                                       "rule": rules.rule if rules else ""})
                continue
        checked.append({"organisation": org, "member_id": a.member_id, "year": int(year), "month": int(month),
                        "amount": amount})
    return checked


def save(checked: list[dict], *, user) -> Written:
    groups = defaultdict(list)
    for row in checked:
        groups[(row["organisation"].pk, row["year"], row["month"])].append(row)
    try:
        with transaction.atomic():
            for (_org, year, month), rows in groups.items():
                rules = selectors.rules(year)
                if rules is None:
                    raise ValidationError(_("No standard with dues rules is in effect for this year."))
                actions.record_month(rows[0]["organisation"], year, month, [r["member_id"] for r in rows], rules,
                                     user, amounts={r["member_id"]: r["amount"] for r in rows})
    except ValidationError as exc:
        raise IntegrityError(" ".join(exc.messages)) from exc
    return Written(len(checked))


class PaymentFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=gettext_lazy("Year"))
    month = django_filters.NumberFilter(field_name="month", label=gettext_lazy("Month"))
    kind = django_filters.ChoiceFilter(field_name="kind", choices=DuesPayment.Kind.choices,
                                       label=gettext_lazy("Kind"))
    region = django_filters.CharFilter(method="in_region", label=gettext_lazy("Region"))

    class Meta:
        model = DuesPayment
        fields = ["year", "month", "kind", "region"]

    def in_region(self, queryset, _name, value):
        return queryset.filter(organisation__region__path__contains=f"/{value}/")


def export_rows(queryset):
    """(headers, text-column indexes, rows): the import's columns (so that an export can be corrected and imported
    again), then the kind, the day paid and the organisation's name. No income: it is never exported."""
    headers = [header_of(COLUMNS, c.key) for c in COLUMNS] + [
        pgettext("column", "Kind"), pgettext("column", "Paid on"), str(_("Party organisation name"))]
    kinds = {value: str(label) for value, label in DuesPayment.Kind.choices}
    fields = ("organisation__code", "member__name", "year", "month", "amount", "kind", "paid_on", "organisation__name")

    def rows():
        for r in (queryset.order_by("organisation__code", "member__name", "year", "month", "pk")
                  .values_list(*fields).iterator(chunk_size=5000)):
            yield (r[0], r[1], r[2], r[3], r[4], kinds.get(r[5], r[5]), r[6], r[7])

    return headers, {0}, rows()


SHEET = Sheet(
    kind="dues", name=gettext_lazy("Party dues paid"), title=gettext_lazy("Dues"), columns=COLUMNS,
    check=check, save=save, references=references, order=60,
    notes=(CODES_NOTE, gettext_lazy("One row per member and month paid."),
           gettext_lazy("Nothing is written unless every row is correct.")),
    queryset=lambda scope: DuesPayment.objects.filter(organisation__in=scope.organisations()),
    filterset=PaymentFilterSet, export_rows=export_rows,
)
