"""Reading party dues (GUAR-N-01): the rules in effect, a member's months due and paid, a branch's month, arrears
(members `arrears_months` or more months unpaid in a row, flagged for the branch: 党章第九条), the dues paid up per
organisation. Read-only."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Sum, Value, When
from django.db.models.lookups import GreaterThan

from guifan.standards.dues_rules import DuesRules
from guifan.standards.selectors import pack_in_effect, reporting_year

from .models import DuesAssessment, DuesPayment, DuesReturn

CENT = Decimal("0.01")


def default_year() -> int:
    return reporting_year()


def rules(year: int) -> DuesRules | None:
    version = pack_in_effect(year)
    return version.pack().dues if version is not None else None


def category_label(dues_rules: DuesRules | None, code: str, language: str) -> str:
    cat = dues_rules.categories.get(code) if dues_rules else None
    if cat is None:
        return ""
    return cat.label.get("zh" if language.startswith("zh") else "en") or cat.label.get("zh", "")


def months_paid(member_ids, year: int) -> dict[int, set[int]]:
    paid: dict[int, set[int]] = defaultdict(set)
    for member_id, month in (DuesPayment.objects.filter(year=year, kind=DuesPayment.Kind.MONTHLY,
                                                        member_id__in=member_ids).values_list("member_id", "month")):
        paid[member_id].add(month)
    return paid


def unpaid_run(paid: set[int], through_month: int) -> int:
    """How many months in a row up to `through_month` are unpaid."""
    run = 0
    for month in range(through_month, 0, -1):
        if month in paid:
            break
        run += 1
    return run


def member_year(member, year: int) -> dict:
    """A member's dues for the year: the amount set, each month paid or not, the special payments."""
    assessment = DuesAssessment.objects.filter(member=member, year=year).first()
    payments = {p.month: p for p in DuesPayment.objects.filter(member=member, year=year,
                                                              kind=DuesPayment.Kind.MONTHLY)}
    special = list(DuesPayment.objects.filter(member=member, year=year, kind=DuesPayment.Kind.SPECIAL)
                   .order_by("month"))
    months = [{"month": m, "payment": payments.get(m)} for m in range(1, 13)]
    paid = sum((p.amount for p in payments.values()), Decimal(0))
    return {"assessment": assessment, "month_rows": months, "paid": paid, "special": special}


def branch_month(organisation, year: int, month: int) -> list[dict]:
    """The members of the organisation with dues set for the year, each with whether the month is paid."""
    assessments = list(DuesAssessment.objects.filter(organisation=organisation, year=year,
                                                     member__organisation=organisation)
                       .select_related("member").order_by("member__name", "member_id"))
    ids = [a.member_id for a in assessments]
    paid = months_paid(ids, year)
    return [{"assessment": a, "member": a.member, "paid": month in paid.get(a.member_id, ()),
             "run": unpaid_run(paid.get(a.member_id, set()), month)} for a in assessments]


def _paid(month: int):
    """Whether the assessment's roll-up has `month` paid (a condition for When)."""
    return GreaterThan(F("months_paid").bitand(1 << (month - 1)), 0)


def arrears(members, year: int, through_month: int, dues_rules: DuesRules, flagged_only: bool = False) -> ArrearsRows:
    """Members (of the queryset) with dues set for the year and at least one unpaid month up to `through_month`,
    the longest runs first; `flagged` when the run reaches the pack's `arrears_months`. Counted, ordered and paged by
    the database from each assessment's months-paid roll-up (a city holds hundreds of thousands of assessments and
    millions of payments)."""
    months = range(1, through_month + 1)
    paid = sum(Case(When(_paid(m), then=Value(1)), default=Value(0), output_field=IntegerField()) for m in months)
    run = Case(*[When(_paid(m), then=Value(through_month - m)) for m in reversed(months)],
               default=Value(through_month), output_field=IntegerField())
    qs = (DuesAssessment.objects.filter(year=year, member__in=members)
          .annotate(owing=ExpressionWrapper(Value(through_month) - paid, output_field=IntegerField()), run=run)
          .filter(owing__gt=0))
    if flagged_only:
        qs = qs.filter(run__gte=dues_rules.arrears_months)
    qs = qs.select_related("member", "organisation").order_by("-run", "-owing", "member__name", "member_id")
    return ArrearsRows(qs, dues_rules)


class ArrearsRows:
    """The arrears as a sequence a Paginator pages in SQL: each row read is a dict of the member, the assessment,
    the months owed, their amount, the unpaid run and whether it is flagged."""

    def __init__(self, queryset, dues_rules: DuesRules):
        self.queryset, self.dues_rules = queryset, dues_rules

    def count(self) -> int:
        return self.queryset.count()

    __len__ = count

    def _row(self, a) -> dict:
        return {"assessment": a, "member": a.member, "owing": a.owing, "amount": a.monthly_amount * a.owing,
                "run": a.run, "flagged": a.run >= self.dues_rules.arrears_months}

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(a) for a in self.queryset[index]]
        return self._row(self.queryset[index])

    def __iter__(self):
        return (self._row(a) for a in self.queryset.iterator(chunk_size=2000))


def paid_by_organisation(year: int, organisations=None) -> dict[int, Decimal]:
    """{organisation id: monthly dues paid in the year} (the member's organisation when paid; special payments out)."""
    qs = DuesPayment.objects.filter(year=year, kind=DuesPayment.Kind.MONTHLY)
    if organisations is not None:
        qs = qs.filter(organisation_id__in=organisations)
    # SQLite sums a decimal column in floating point (133699.9999999999 for 133700.00): back to the cent.
    return {o: Decimal(total).quantize(CENT) for o, total in qs.order_by().values("organisation_id")
            .annotate(t=Sum("amount")).values_list("organisation_id", "t")}


def keeping(year: int, organisations=None) -> set[int]:
    """The organisations with dues set for a member in the year (they keep dues records)."""
    qs = DuesAssessment.objects.filter(year=year)
    if organisations is not None:
        qs = qs.filter(organisation_id__in=organisations)
    return set(qs.order_by().values_list("organisation_id", flat=True).distinct())


def keeping_query(year: int):
    """Whether the organisation keeps dues records in the year, as a correlated EXISTS (a page's filter at city
    scale: one probe of the organisation-and-year index per organisation)."""
    return Exists(DuesAssessment.objects.filter(organisation_id=OuterRef("pk"), year=year))


def returned_by_organisation(year: int, organisations=None) -> dict[int, Decimal]:
    qs = DuesReturn.objects.filter(year=year)
    if organisations is not None:
        qs = qs.filter(organisation_id__in=organisations)
    return dict(qs.values_list("organisation_id", "amount"))


def year_account(organisation, year: int) -> dict:
    """What the organisation's own members paid in the year (monthly and special apart) and what was returned to
    it: the two figures GUAR-N-01 compares, and the special payments that went up to the centre in full."""
    payments = DuesPayment.objects.filter(organisation=organisation, year=year).order_by()
    sums = dict(payments.values("kind").annotate(t=Sum("amount")).values_list("kind", "t"))
    returned = DuesReturn.objects.filter(organisation=organisation, year=year).first()
    return {"monthly": Decimal(sums.get(DuesPayment.Kind.MONTHLY) or 0).quantize(CENT),
            "special": Decimal(sums.get(DuesPayment.Kind.SPECIAL) or 0).quantize(CENT),
            "returned": returned,
            "specials": list(payments.filter(kind=DuesPayment.Kind.SPECIAL).select_related("member")
                             .order_by("-paid_on", "-pk"))}
