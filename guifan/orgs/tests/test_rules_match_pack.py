"""The register's own rules (register-rules.yaml) and the national rules the standard pack cites must agree:
the same numbers of the Party's regulations (ORG-G-01, M01) may not drift apart."""

from guifan.orgs import rules
from guifan.standards.pack import load_pack


def _pack_rule(pack, rule_id):
    return next(r for r in pack.rules if r["id"] == rule_id)


def test_set_up_numbers_agree():
    pack = load_pack("guilin-2018")
    rule = _pack_rule(pack, "set-up-by-member-count")
    numbers = {**rule.get("constants", {}), **rule.get("values", {})}
    for name in ("branch_min_full_members", "general_branch_min_members", "committee_min_members",
                 "branch_max_members"):
        assert numbers[name] == rules.value(name), name


def test_term_lengths_agree():
    pack = load_pack("guilin-2018")
    values = _pack_rule(pack, "term-lengths")["values"]
    assert values["default_years"] == rules.rules()["term_years"]["default"]
    assert values["years_by_host_kind"] == rules.rules()["term_years"]["by_host_kind"]
