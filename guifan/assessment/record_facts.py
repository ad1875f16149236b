"""Which derived facts a criterion reads, by the computer that derives them: what the check-up's notes on the
records behind a verdict (meeting_notes, status_notes, recruitment_notes, record_notes) look for."""

from __future__ import annotations

from guifan.standards.expressions.nodes import names


def facts_by_computer(pack, criterion) -> dict[str, list]:
    """{computer: [the pack's facts it derives that the criterion's check or applicability reads]}."""
    read = names(criterion.check) | (names(criterion.applies.when) if criterion.applies.when is not None else set())
    found: dict[str, list] = {}
    for code in sorted(read):
        fact = pack.facts.get(code)
        derived = fact.derived_from if fact else None
        if derived:
            found.setdefault(derived.get("computer"), []).append(fact)
    return found
