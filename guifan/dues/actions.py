"""Every change to party dues (GUAR-N-01): a member's declaration for a year, the year's amounts of all members in
bulk, a month's payments for a branch, a special payment, the dues returned to an organisation. Each validates
against the pack's dues rules (guifan/standards/dues_rules.py), refuses with the rule and its article in Chinese and
writes nothing, and writes its audit record. The declared income is encrypted and never logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from guifan.core import audit, bulk, crypto
from guifan.core.models import ChangeLog
from guifan.members.models import Member
from guifan.standards.dues_rules import DuesRules

from .models import DuesAssessment, DuesPayment, DuesReturn

ACTIVE = (Member.Status.NORMAL, Member.Status.FLOWING, Member.Status.LOST_CONTACT, Member.Status.POCKET)
FARMER, RETIRED, EMPLOYED = "farmer", "retired", "employed"


def _rule_text(rules: DuesRules) -> str:
    return _("the rules on party dues (2008), rule %(rule)s") % {"rule": rules.rule}


def as_amount(value) -> Decimal:
    """A money amount as a Decimal of two places, from text or a Decimal (never a float)."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise ValidationError(_("%(value)s is not an amount of money.") % {"value": value}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(_("%(value)s is not an amount of money.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def default_category(rules: DuesRules, member_domain: str, retired: bool) -> str | None:
    """A member's dues category when none is declared: retired, farmer for rural members, else employed (None when
    the pack has no such category)."""
    code = RETIRED if retired else FARMER if member_domain == "R" else EMPLOYED
    return code if code in rules.categories else None


def _check(rules: DuesRules, category: str, income: Decimal | None, amount: Decimal | None) -> Decimal:
    if category not in rules.categories:
        raise ValidationError(_("%(category)s is not a dues category of the standard.") % {"category": category})
    cat = rules.categories[category]
    if not cat.is_fixed and income is None:
        raise ValidationError(_("The after-tax monthly income is needed to set the dues of this category (%(rule)s).")
                              % {"rule": _rule_text(rules)})
    if amount is None:
        return rules.monthly(category, income)
    if not rules.allows(category, income, amount):
        raise ValidationError(
            _("%(amount)s yuan a month does not match the dues band for this income and category: it should be "
              "%(due)s yuan (%(rule)s).") % {"amount": amount, "due": rules.monthly(category, income),
                                              "rule": _rule_text(rules)})
    return amount


@transaction.atomic
def declare(member: Member, year: int, category: str, income, rules: DuesRules, user=None,
            amount=None) -> DuesAssessment:
    """Sets a member's monthly dues for `year` from the income they declare (refused when `amount` is given and does
    not match the band)."""
    income = as_amount(income) if income not in (None, "") else None
    amount = as_amount(amount) if amount not in (None, "") else None
    due = _check(rules, category, income, amount)
    found = DuesAssessment.objects.filter(member=member, year=year).first()
    before = audit.snapshot(found) if found else None
    assessment = found or DuesAssessment(member=member, year=year)
    assessment.organisation_id = member.organisation_id
    assessment.category = category
    assessment.income_encrypted = crypto.encrypt(str(income)) if income is not None else ""
    assessment.monthly_amount = due
    assessment.save()
    if found is None:
        refresh_months_paid(year, [member.pk])
        assessment.refresh_from_db(fields=["months_paid"])
    audit.record(assessment, ChangeLog.Action.UPDATE if found else ChangeLog.Action.CREATE, user, before=before,
                 source="dues.declare")
    return assessment


def income_of(assessment: DuesAssessment) -> Decimal | None:
    """The declared income in clear (callers audit the view: core.audit.record_sensitive_view)."""
    return Decimal(crypto.decrypt(assessment.income_encrypted)) if assessment.income_encrypted else None


@transaction.atomic
def compute_year(year: int, rules: DuesRules, user=None, organisations=None) -> dict:
    """Sets every active member's monthly dues for `year` in bulk: from the member's latest earlier declaration
    (recomputed by this year's bands), else by the default category when it is fixed (farmers: the minimum);
    members of a banded category without a declared income are left out (counted). Replaces the year's rows."""
    members = Member.objects.filter(status__in=ACTIVE)
    if organisations is not None:
        members = members.filter(organisation__in=organisations)
    rows = list(members.values_list("pk", "organisation_id", "organisation__domain", "retired"))
    latest: dict[int, tuple] = {}
    earlier = DuesAssessment.objects.filter(year__lt=year, member_id__in=[r[0] for r in rows]) if organisations \
        is not None else DuesAssessment.objects.filter(year__lt=year)
    for member_id, category, income in earlier.order_by("year").values_list("member_id", "category",
                                                                              "income_encrypted"):
        latest[member_id] = (category, income)
    out, missing, decrypted = [], 0, {}
    for pk, org_id, domain, retired in rows:
        category, token = latest.get(pk, (None, ""))
        if category not in rules.categories:
            category, token = default_category(rules, domain, retired), ""
        if category is None:
            missing += 1
            continue
        cat = rules.categories[category]
        if cat.is_fixed:
            out.append((pk, org_id, year, category, token, cat.fixed_min))
            continue
        if not token:
            missing += 1
            continue
        income = decrypted.get(token)
        if income is None:
            income = decrypted[token] = Decimal(crypto.decrypt(token))
        out.append((pk, org_id, year, category, token, rules.monthly(category, income)))
    old = DuesAssessment.objects.filter(year=year)
    if organisations is not None:
        old = old.filter(member_id__in=[r[0] for r in rows])
    old.delete()
    now = dt.datetime.now(dt.UTC)
    bulk.insert(DuesAssessment, ("member", "organisation", "year", "category", "income_encrypted", "monthly_amount",
                                 "set_at"), [(*r, now) for r in out])
    refresh_months_paid(year, [r[0] for r in out] if organisations is not None else None)
    result = {"year": year, "set": len(out), "without_income": missing}
    audit.entry(ContentType.objects.get_for_model(DuesAssessment), ChangeLog.Action.RUN, user, after=result,
                source="dues.compute_year").save()
    return result


def mark_paid(year: int, month: int, members) -> None:
    """Sets the month in the year's months-paid roll-up of `members` (ids or a subquery of member ids)."""
    DuesAssessment.objects.filter(year=year, member_id__in=members).update(
        months_paid=F("months_paid").bitor(1 << (month - 1)))


def refresh_months_paid(year: int, members=None) -> None:
    """The year's months-paid roll-up rebuilt from the monthly payments (of `members`, else of everyone): after the
    assessments are replaced."""
    assessed = DuesAssessment.objects.filter(year=year)
    paid = DuesPayment.objects.filter(year=year, kind=DuesPayment.Kind.MONTHLY)
    if members is not None:
        assessed, paid = assessed.filter(member_id__in=members), paid.filter(member_id__in=members)
    assessed.update(months_paid=0)
    for month in range(1, 13):
        mark_paid(year, month, paid.filter(month=month).values("member_id"))


def _month_label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


@transaction.atomic
def record_month(organisation, year: int, month: int, member_ids, rules: DuesRules, user=None,
                 paid_on: dt.date | None = None, amounts: dict | None = None) -> int:
    """Records the month's dues paid by these members of the branch, all or nothing: each must be a member of the
    organisation with an amount set for the year; a month already paid and an amount not matching the band are
    refused. `amounts` ({member id: amount}) defaults to each member's monthly amount. Returns the rows written."""
    if not 1 <= month <= 12:
        raise ValidationError(_("%(month)s is not a month.") % {"month": month})
    ids = sorted({int(i) for i in member_ids})
    if not ids:
        raise ValidationError(_("Tick at least one member."))
    assessed = {a.member_id: a for a in DuesAssessment.objects.filter(year=year, member_id__in=ids,
                                                                      member__organisation=organisation)}
    unknown = [i for i in ids if i not in assessed]
    if unknown:
        raise ValidationError(_("%(n)s of the members ticked have no dues set for %(year)s in this organisation.")
                              % {"n": len(unknown), "year": year})
    paid = list(DuesPayment.objects.filter(year=year, month=month, kind=DuesPayment.Kind.MONTHLY, member_id__in=ids)
                .values_list("member__name", flat=True))
    if paid:
        raise ValidationError(
            _("The dues of %(month)s are already paid by %(names)s: a month is paid once (%(rule)s).")
            % {"month": _month_label(year, month), "names": "、".join(paid[:5]), "rule": _rule_text(rules)})
    paid_on = paid_on or dt.date.today()
    rows = []
    for member_id in ids:
        a = assessed[member_id]
        amount = a.monthly_amount
        if amounts and member_id in amounts and amounts[member_id] not in (None, ""):
            amount = as_amount(amounts[member_id])
            if amount != a.monthly_amount and not (rules.categories.get(a.category) and
                                                   rules.categories[a.category].is_fixed and
                                                   rules.allows(a.category, None, amount)):
                raise ValidationError(
                    _("%(amount)s yuan does not match the member's dues of %(due)s yuan a month (%(rule)s).")
                    % {"amount": amount, "due": a.monthly_amount, "rule": _rule_text(rules)})
        rows.append(DuesPayment(member_id=member_id, organisation_id=organisation.pk, year=year, month=month,
                                amount=amount, paid_on=paid_on, recorded_by=user if getattr(
                                    user, "is_authenticated", False) else None))
    DuesPayment.objects.bulk_create(rows, batch_size=2000)
    mark_paid(year, month, ids)
    total = sum((r.amount for r in rows), Decimal(0))
    log = audit.entry(organisation, ChangeLog.Action.RUN, user, after={
        "dues_month": _month_label(year, month), "members": len(rows), "total": str(total)}, source="dues.record_month")
    log.save()
    return len(rows)


@transaction.atomic
def record_special(member: Member, year: int, month: int, amount, rules: DuesRules, user=None,
                   paid_on: dt.date | None = None) -> DuesPayment:
    """A voluntary special payment (特殊党费): at least the pack's threshold; it goes up to the centre in full."""
    amount = as_amount(amount)
    if not rules.is_special(amount):
        raise ValidationError(_("A special payment is %(min)s yuan or more at once (%(rule)s).")
                              % {"min": rules.special_min, "rule": _rule_text(rules)})
    if DuesPayment.objects.filter(member=member, year=year, month=month, kind=DuesPayment.Kind.SPECIAL).exists():
        raise ValidationError(_("A special payment of this member is already recorded for %(month)s.")
                              % {"month": _month_label(year, month)})
    payment = DuesPayment.objects.create(member=member, organisation_id=member.organisation_id, year=year,
                                         month=month, kind=DuesPayment.Kind.SPECIAL, amount=amount,
                                         paid_on=paid_on or dt.date.today(), recorded_by=user if getattr(
                                             user, "is_authenticated", False) else None)
    audit.record(payment, ChangeLog.Action.CREATE, user, source="dues.record_special")
    return payment


@transaction.atomic
def record_return(organisation, year: int, amount, user=None, returned_on: dt.date | None = None) -> DuesReturn:
    """The dues returned to an organisation for a year (replaces what was recorded)."""
    amount = as_amount(amount)
    found = DuesReturn.objects.filter(organisation=organisation, year=year).first()
    before = audit.snapshot(found) if found else None
    ret = found or DuesReturn(organisation=organisation, year=year)
    ret.amount, ret.returned_on = amount, returned_on or dt.date.today()
    ret.recorded_by = user if getattr(user, "is_authenticated", False) else None
    ret.save()
    audit.record(ret, ChangeLog.Action.UPDATE if found else ChangeLog.Action.CREATE, user, before=before,
                 source="dues.record_return")
    return ret


@transaction.atomic
def record_month_for_all(year: int, month: int, rules: DuesRules, user=None, paid_on: dt.date | None = None,
                         organisations=None) -> int:
    """Records the month paid for every member with dues set for the year who has not paid it (a city's or a
    region's payment run imported at once): read and written in bulk (COPY on PostgreSQL), one audit record. Returns the
    rows written."""
    if not 1 <= month <= 12:
        raise ValidationError(_("%(month)s is not a month.") % {"month": month})
    assessed = DuesAssessment.objects.filter(year=year)
    if organisations is not None:
        assessed = assessed.filter(organisation__in=organisations)
    paid = DuesPayment.objects.filter(year=year, month=month, kind=DuesPayment.Kind.MONTHLY)
    rows = (assessed.exclude(member_id__in=paid.values("member_id")).order_by()
            .values_list("member_id", "organisation_id", "monthly_amount"))
    paid_on = paid_on or dt.date.today()
    now = dt.datetime.now(dt.UTC)
    recorder = user.pk if getattr(user, "is_authenticated", False) else None
    out = [(m, o, year, month, DuesPayment.Kind.MONTHLY, a, paid_on, recorder, now) for m, o, a in rows.iterator(
        chunk_size=20_000)]
    bulk.insert(DuesPayment, ("member", "organisation", "year", "month", "kind", "amount", "paid_on", "recorded_by",
                              "recorded_at"), out)
    mark_paid(year, month, paid.values("member_id"))
    audit.entry(ContentType.objects.get_for_model(DuesPayment), ChangeLog.Action.RUN, user, after={
        "dues_month": _month_label(year, month), "members": len(out)}, source="dues.record_month_for_all").save()
    return len(out)
