"""What the check-up page says of a criterion read from the recruitment files (ACT-G-03): the candidates the
organisation's subtree admitted in the year, which of them lack the political review's conclusion, the public notice
or the branch vote on file, and, when no file is kept, why the figure is unknown. Read with the same selectors as the
derivation (guifan.facts.computers_recruitment): two small queries for one subtree."""

from __future__ import annotations

from django.utils.translation import gettext as _

from guifan.orgs.models import Organisation
from guifan.recruitment import selectors as recruitment
from guifan.recruitment.models import Applicant

from .record_facts import facts_by_computer

COMPUTER = "recruitment_review_notice_vote"


def _missing_words(row: dict) -> list[str]:
    missing = []
    if not row["review"]:
        missing.append(_("the political review's conclusion"))
    if not row["notice"]:
        missing.append(_("the public notice"))
    if not row["vote"]:
        missing.append(_("the branch meeting's vote"))
    return missing


def recruitment_notes(pack, organisation: Organisation, year: int, criteria) -> dict[str, list[str]]:
    """{criterion id: sentences} for the criteria of `criteria` that read the recruitment files."""
    wanted = [c.id for c in criteria if COMPUTER in facts_by_computer(pack, c)]
    if not wanted or pack.recruitment is None:
        return {}
    pks = list(Organisation.objects.filter(path__startswith=organisation.path).values_list("pk", flat=True))
    if not recruitment.keeping(pks):
        lines = [_("No recruitment file is kept in this organisation or below it: the figure is unknown until one "
                   "is recorded.")]
        return dict.fromkeys(wanted, lines)
    admitted = [row for rows in recruitment.admitted_in(year, pack.recruitment, pks).values() for row in rows]
    if not admitted:
        lines = [_("Nobody was admitted as a probationary member in %(year)s.") % {"year": year}]
        return dict.fromkeys(wanted, lines)
    people = dict(Applicant.objects.filter(pk__in=[r["applicant"] for r in admitted]).values_list("pk", "name"))
    lines, complete = [], []
    for row in sorted(admitted, key=lambda r: (people.get(r["applicant"], ""), r["applicant"])):
        name = people.get(row["applicant"], "")
        missing = _missing_words(row)
        if missing:
            lines.append(_("%(name)s was admitted without %(missing)s on file.")
                         % {"name": name, "missing": "、".join(missing)})
        else:
            complete.append(name)
    if complete:
        lines.append(_("Admitted with the review, the notice and the vote on file: %(names)s.")
                     % {"names": "、".join(complete)})
    return dict.fromkeys(wanted, lines)
