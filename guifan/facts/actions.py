"""Every change to the facts store: one atomic function each, validating against the pack and keeping history."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import bulk
from guifan.core.languages import in_language
from guifan.core.vocabulary import Domain
from guifan.facts.models import FactChange, FactReport, Period
from guifan.facts.periods import frequency_name
from guifan.orgs.models import Organisation
from guifan.standards.values import convert


class FactError(ValueError):
    """A value or a change the store refuses; the message says why, in the user's language."""


def pack_for(period: Period):
    """The stored pack in effect in the period's year."""
    from guifan.standards.models import PackVersion
    from guifan.standards.selectors import pack_for_year

    try:
        return pack_for_year(period.year).pack()
    except PackVersion.DoesNotExist:
        raise FactError(_("No standard pack is loaded for %(year)s.") % {"year": period.year}) from None


def to_json(fact, value):
    """A converted value (see guifan.standards.values.convert) as stored in JSON: ints stay ints, dates ISO text."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return int(value) if float(value).is_integer() else float(value)


def clean_value(fact, domain: str, raw, frequency: str = Period.Kind.YEARLY):
    """The value of `fact` for an organisation of `domain` in a report of `frequency` (the period's kind), checked;
    FactError says what is wrong, naming the fact by its label in the user's language."""
    name = in_language(fact.label) or fact.code
    if fact.derived_from:
        raise FactError(_("%(fact)s is derived from the register and cannot be reported.") % {"fact": name})
    if fact.frequency != frequency:
        raise FactError(_("%(fact)s is reported in the %(frequency)s report, not in a %(kind)s one.")
                        % {"fact": name, "frequency": frequency_name(fact.frequency),
                           "kind": frequency_name(frequency)})
    if domain not in fact.domains:
        domain_name = Domain(domain).label if domain in Domain.values else domain
        raise FactError(_("%(fact)s is not reported in this domain (%(domain)s).")
                        % {"fact": name, "domain": domain_name})
    try:
        value = convert(fact, raw)
    except (TypeError, ValueError) as exc:
        raise FactError(_("%(fact)s: %(problem)s") % {"fact": name, "problem": exc}) from None
    if fact.type in ("number", "integer", "percent") and value is not None and value < 0:
        raise FactError(_("%(fact)s cannot be negative.") % {"fact": name})
    if fact.type == "percent" and value is not None and value > 100:
        raise FactError(_("%(fact)s is a percentage and cannot be over 100.") % {"fact": name})
    return to_json(fact, value)


def get_report(organisation, period: Period) -> FactReport:
    report, _created = FactReport.objects.get_or_create(organisation=organisation, period=period)
    return report


@transaction.atomic
def set_values(report: FactReport, values: dict, user=None, source: str = FactChange.Source.FORM, *,
               pack=None) -> list[FactChange]:
    """Sets reported values ({code: raw value}; None or "" clears one). All or nothing; one FactChange per change."""
    report = FactReport.objects.select_for_update().select_related("organisation", "period").get(pk=report.pk)
    if report.is_locked:
        raise FactError(_("The report of %(org)s for %(period)s is approved and locked; ask the approver to reopen "
                          "it.") % {"org": report.organisation, "period": report.period})
    pack = pack or pack_for(report.period)
    problems, cleaned = [], {}
    for code, raw in values.items():
        fact = pack.facts.get(code)
        if fact is None:
            problems.append(_("%(code)s is not a fact of pack %(pack)s.") % {"code": code, "pack": pack.id})
            continue
        try:
            cleaned[code] = clean_value(fact, report.organisation.domain, raw, report.period.kind)
        except FactError as exc:
            problems.append(str(exc))
    if problems:
        raise FactError(" ".join(problems))
    changes = []
    for code, new in cleaned.items():
        old = report.values.get(code)
        if old == new:
            continue
        if new is None:
            report.values.pop(code, None)
        else:
            report.values[code] = new
        changes.append(FactChange(report=report, code=code, old=old, new=new, user=user, source=source))
    if changes:
        if report.state == FactReport.State.RETURNED:
            report.state = FactReport.State.DRAFT
        report.save(update_fields=["values", "state", "updated_at"])
        FactChange.objects.bulk_create(changes)
        _rederive(pack, report.period, [report.organisation], {c.code for c in changes})
    return changes


def _rederive(pack, period: Period, organisations, codes: set[str]) -> None:
    """A typed figure a derived fact falls back on changed (meetings: the months or quarters short; dues): the
    facts of the year again, for these organisations only, in the same transaction."""
    from guifan.facts.derived import derive_organisations, typed_dues_facts, typed_meeting_facts

    if codes & (typed_meeting_facts(pack) | typed_dues_facts(pack)):
        derive_organisations(pack, Period.yearly(period.year), organisations)


@transaction.atomic
def set_evidence(report: FactReport, evidence: dict, user=None, source: str = FactChange.Source.FORM) -> list:
    """Sets what proves each ticked fact ({code: text}; "" clears); history as FactChange with code `evidence:CODE`."""
    report = FactReport.objects.select_for_update().get(pk=report.pk)
    if report.is_locked:
        raise FactError(_("The report of %(org)s for %(period)s is approved and locked; ask the approver to reopen "
                          "it.") % {"org": report.organisation, "period": report.period})
    changes = []
    for code, new in evidence.items():
        new = (new or "").strip() or None
        old = report.evidence.get(code)
        if old == new:
            continue
        if new is None:
            report.evidence.pop(code, None)
        else:
            report.evidence[code] = new
        changes.append(FactChange(report=report, code=f"evidence:{code}", old=old, new=new, user=user, source=source))
    if changes:
        report.save(update_fields=["evidence", "updated_at"])
        FactChange.objects.bulk_create(changes)
    return changes


@transaction.atomic
def set_values_bulk(period: Period, values: dict[int, dict], user=None, source: str = FactChange.Source.EXCEL,
                    *, batch_size: int = 1000, pack=None) -> tuple[int, int]:
    """Sets checked values ({organisation pk: {code: stored JSON value}}, each already through `clean_value`) for
    many organisations at once: one transaction, bulk writes; unchanged values write nothing. All or nothing: an
    approved report among them raises FactError. With `pack`, the facts derived from typed meeting figures that
    changed are derived again for those organisations. Returns (reports changed, FactChange rows)."""
    ids = list(values)
    reports = {}
    for start in range(0, len(ids), 500):
        for report in FactReport.objects.select_for_update().filter(period=period,
                                                                     organisation_id__in=ids[start:start + 500]):
            reports[report.organisation_id] = report
    changed = {pk: {code: new for code, new in row.items()
                    if (reports[pk].values if pk in reports else {}).get(code) != new}
               for pk, row in values.items()}
    changed = {pk: row for pk, row in changed.items() if row}
    locked = [reports[pk] for pk in changed if pk in reports and reports[pk].is_locked]
    if locked:
        raise FactError(_("%(count)s of these reports are approved and locked; ask the approver to reopen them.")
                        % {"count": len(locked)})
    missing = [FactReport(organisation_id=pk, period=period, values={}) for pk in changed if pk not in reports]
    if missing:
        FactReport.objects.bulk_create(missing, batch_size=batch_size)
        new_ids = [r.organisation_id for r in missing]
        for start in range(0, len(new_ids), 500):
            created = FactReport.objects.filter(period=period, organisation_id__in=new_ids[start:start + 500])
            reports.update({r.organisation_id: r for r in created})
    now, history, updated = timezone.now(), [], []
    user_id = user.pk if user is not None else None
    for pk, row in changed.items():
        report = reports[pk]
        for code, new in row.items():
            old = report.values.get(code)
            if new is None:
                report.values.pop(code, None)
            else:
                report.values[code] = new
            history.append((report.pk, code, old, new))
        if report.state == FactReport.State.RETURNED:
            report.state = FactReport.State.DRAFT
        updated.append(report)
    _update_reports(updated, now, batch_size)
    _insert_changes(history, user_id, source, now, batch_size)
    if pack is not None:
        codes = {code for _report, code, _old, _new in history}
        organisations = Organisation.objects.filter(pk__in=[pk for pk, row in changed.items()]).select_related(
            "parent")
        _rederive(pack, period, organisations, codes)
    return len(updated), len(history)


def _update_reports(reports: list[FactReport], now, batch_size: int) -> None:
    """One parameterised UPDATE per report through executemany: far cheaper than bulk_update's CASE WHEN."""
    q = connection.ops.quote_name
    sql = (f"UPDATE {q(FactReport._meta.db_table)} SET {q('values')} = %s, {q('state')} = %s, "
           f"{q('updated_at')} = %s WHERE {q('id')} = %s")
    rows = [(r.values, r.state, now, r.pk) for r in reports]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, bulk.db_values(FactReport, ("values", "state", "updated_at", "id"),
                                                   rows[start:start + batch_size]))


def _insert_changes(history: list[tuple], user_id, source: str, now, batch_size: int) -> None:
    """FactChange rows ((report id, code, old, new)) in bulk: 500,000 rows in seconds, not minutes."""
    rows = [(report_id, code, old, new, user_id, now, source) for report_id, code, old, new in history]
    bulk.insert(FactChange, ("report", "code", "old", "new", "user", "time", "source"), rows, batch_size * 10)
