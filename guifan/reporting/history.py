"""A report's value history in words: each change's fact by its label in the pack (an evidence change by the fact
and what proves it), its values as the form shows them (是/否, numbers without a trailing .0), never a fact code."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.facts import actions
from guifan.facts.actions import FactError

EVIDENCE = "evidence:"


@dataclass
class Line:
    change: object
    label: str
    old: str
    new: str


def value_text(value) -> str:
    """A stored value as the user reads it: 是/否 for yes/no, — for none, whole numbers without decimals."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _evidence_words(pack, code: str) -> str:
    """What proves a fact: the checklist item's words when a checklist asks for it, else the fact's own."""
    for checklist in pack.checklists.values():
        for item in checklist.get("items", []):
            if item.get("fact") == code and item.get("evidence"):
                return in_language(item["evidence"])
    fact = pack.facts.get(code)
    return in_language(fact.evidence) if fact is not None and fact.evidence else ""


def fact_label(pack, code: str) -> str:
    """A history row's fact in words; a code the pack does not know (an older pack's) is shown as "another fact"."""
    fact_code = code.removeprefix(EVIDENCE)
    fact = pack.facts.get(fact_code) if pack is not None else None
    name = in_language(fact.label) if fact is not None else _("A fact no longer in the standard pack")
    if code.startswith(EVIDENCE):
        what = _evidence_words(pack, fact_code) if pack is not None else ""
        return (_("%(fact)s (evidence: %(what)s)") % {"fact": name, "what": what} if what
                else _("%(fact)s (evidence)") % {"fact": name})
    return name


def pack_or_none(period):
    try:
        return actions.pack_for(period)
    except FactError:
        return None


def lines(changes, period) -> list[Line]:
    """The changes of a report of `period`, each with its fact's label and its values in words."""
    pack = pack_or_none(period)
    return [Line(c, fact_label(pack, c.code), value_text(c.old), value_text(c.new)) for c in changes]
