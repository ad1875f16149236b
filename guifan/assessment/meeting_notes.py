"""What the check-up page says of a meeting criterion beyond its figures (ACT-G-01/02): the months or quarters an
organisation keeping records missed, and the meetings that did not count and why (too few members with a vote
present). Read for one organisation with two small queries (guifan.meetings.selectors), judged by the pack's
meeting kinds with the same functions as the derivation (guifan.facts.computers_meetings)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import formats
from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.facts.computers_meetings import open_periods, periods_existed, periods_over, short_periods
from guifan.facts.models import Period
from guifan.meetings.selectors import organisation_meetings
from guifan.orgs.models import Organisation
from guifan.standards.expressions.nodes import names

KIND_OF_EVERY = {"month": Period.Kind.MONTHLY, "quarter": Period.Kind.QUARTERLY}


def _kinds_read(pack, criterion) -> list:
    """The meeting kinds whose periods short the criterion reads."""
    read = names(criterion.check) | (names(criterion.applies.when) if criterion.applies.when is not None else set())
    kinds = []
    for code in sorted(read):
        fact = pack.facts.get(code)
        derived = fact.derived_from if fact else None
        if derived and derived.get("computer") == "meeting_periods_short":
            kind = pack.meetings.kinds.get(derived["params"]["kind"])
            if kind is not None and kind.every:
                kinds.append(kind)
    return kinds


def _period_label(every: str, year: int, number: int) -> str:
    if every == "year":
        return Period.build(Period.Kind.YEARLY, year).label
    return Period.build(KIND_OF_EVERY[every], year, number).label


def _missed(kind, year: int, counting: dict, lives: list, still_open: dict, who: str = "") -> str | None:
    over = periods_over(periods_existed(kind.every, year, *lives), still_open[kind.every])
    missed = short_periods(kind, counting, over or ())
    if not missed:
        return None
    periods = "、".join(_period_label(kind.every, year, p) for p in missed)
    values = {"kind": in_language(kind.label), "n": kind.at_least, "periods": periods, "who": who}
    if who:
        return _("%(who)s held fewer than %(n)s %(kind)s in: %(periods)s.") % values
    return _("Fewer than %(n)s %(kind)s in: %(periods)s.") % values


def meeting_notes(pack, organisation: Organisation, year: int, criteria) -> dict[str, list[str]]:
    """{criterion id: sentences} for the criteria of `criteria` that read meeting facts, when the organisation keeps
    records for `year` (an organisation typing its figures gets none: its figures are shown as they are)."""
    wanted = {c.id: _kinds_read(pack, c) for c in criteria}
    wanted = {cid: kinds for cid, kinds in wanted.items() if kinds}
    if not wanted or pack.meetings is None:
        return {}
    meetings = organisation_meetings(organisation, year)
    if not meetings:
        return {}
    groups = list(Organisation.objects.filter(parent=organisation, kind=Organisation.Kind.GROUP)
                  .values("pk", "name", "founded_on", "dissolved_on"))
    unit = organisation.host_unit if organisation.host_unit_id else None
    lives = [(organisation.founded_on, organisation.dissolved_on)] + (
        [(unit.opened_on, unit.closed_on)] if unit else [])
    counting: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # org -> kind -> month -> n
    not_counted: dict = defaultdict(list)
    for m in meetings:
        kind = pack.meetings.kinds.get(m["kind"])
        if kind is None:
            continue
        if kind.quorate(m["voting_members"], m["voting_present"]):
            counting[m["organisation_id"]][m["kind"]][m["held_on"].month] += 1
        else:
            not_counted[m["kind"]].append(_("%(date)s “%(topic)s” does not count: %(present)s of the %(voting)s "
                                            "members with a vote were present; more than %(share)s%% are needed.")
                                          % {"date": formats.date_format(m["held_on"]), "topic": m["topic"],
                                             "present": m["voting_present"], "voting": m["voting_members"],
                                             "share": formats.number_format(kind.quorum * 100, 0)})
    notes, still_open = {}, open_periods(year)
    for cid, kinds in wanted.items():
        lines = []
        for kind in kinds:
            if organisation.kind in kind.held_by:
                line = _missed(kind, year, counting[organisation.pk][kind.code], lives, still_open)
                lines += [line] if line else []
            elif Organisation.Kind.GROUP in kind.held_by:
                for group in groups:
                    line = _missed(kind, year, counting[group["pk"]][kind.code],
                                   [*lives, (group["founded_on"], group["dissolved_on"])], still_open,
                                   group["name"])
                    lines += [line] if line else []
            lines += not_counted.get(kind.code, [])
        if lines:
            notes[cid] = lines
    return notes
