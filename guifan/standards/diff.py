"""What changed between two packs: criteria added, removed and changed; facts added and removed."""

from guifan.standards.pack import Pack

COMPARED = ("check", "weight", "applies", "missing", "pillar", "severity")


def _applies(criterion) -> dict:
    a = criterion.applies
    return {"level": a.level, "domains": list(a.domains or ()), "kinds": list(a.kinds or ()),
            "hosts": list(a.hosts or ()), "units": a.units}


def _described(pack: Pack) -> dict[str, dict]:
    raw = {c["id"]: c for c in pack.raw.get("criteria", [])}
    described = {}
    for c in pack.criteria:
        applies = _applies(c)
        applies["when"] = raw[c.id].get("applies", {}).get("when")
        applies["where"] = raw[c.id].get("applies", {}).get("where")
        described[c.id] = {"check": c.text, "weight": c.weight, "applies": applies, "missing": c.missing,
                           "pillar": c.pillar, "severity": c.severity}
    return described


def _register(pack: Pack) -> dict:
    """The register's rules beyond the constants (term years, coverage), as comparable values."""
    r = pack.register
    if r is None:
        return {}
    found = {"terms.default_years": r.default_term_years,
             **{f"terms.{kind}": years for kind, years in r.term_years_by_host_kind.items()}}
    for rule in r.coverage:
        found[f"coverage.{rule.code}"] = {"hosts": list(rule.host_kinds), "min_headcount": rule.min_headcount,
                                          "substantive_only": rule.substantive_only}
    return found


def diff_packs(a: Pack, b: Pack) -> dict:
    """{criteria: {added, removed, changed: [{id, field, old, new}]}, facts: {added, removed, changed}}."""
    old, new = _described(a), _described(b)
    changed = []
    for cid in sorted(old.keys() & new.keys()):
        for key in COMPARED:
            if old[cid][key] == new[cid][key]:
                continue
            if key == "applies":
                for sub in old[cid][key]:
                    if old[cid][key][sub] != new[cid][key][sub]:
                        changed.append({"id": cid, "field": f"applies.{sub}", "old": old[cid][key][sub],
                                        "new": new[cid][key][sub]})
            else:
                changed.append({"id": cid, "field": key, "old": old[cid][key], "new": new[cid][key]})
    facts_changed = [{"code": code, "field": field, "old": getattr(a.facts[code], field),
                      "new": getattr(b.facts[code], field)}
                     for code in sorted(a.facts.keys() & b.facts.keys())
                     for field in ("type", "domains", "unit", "values", "derived_from")
                     if getattr(a.facts[code], field) != getattr(b.facts[code], field)]
    return {
        "from": {"pack": a.id, "version": a.version, "checksum": a.checksum},
        "to": {"pack": b.id, "version": b.version, "checksum": b.checksum},
        "criteria": {"added": sorted(new.keys() - old.keys()), "removed": sorted(old.keys() - new.keys()),
                     "changed": changed},
        "facts": {"added": sorted(b.facts.keys() - a.facts.keys()), "removed": sorted(a.facts.keys() - b.facts.keys()),
                  "changed": facts_changed},
        "constants": {k: {"old": a.constants.get(k), "new": b.constants.get(k)}
                      for k in sorted(a.constants.keys() | b.constants.keys())
                      if a.constants.get(k) != b.constants.get(k)},
        "register": {k: {"old": old.get(k), "new": new.get(k)} for old, new in [(_register(a), _register(b))]
                     for k in sorted(old.keys() | new.keys()) if old.get(k) != new.get(k)},
    }
