"""Every requirement of the five standards in SPEC.md has a criterion in the Guilin pack, and vice versa."""

from guifan.orgs.models import Domain, HostUnit, Organisation
from guifan.standards.pack import load_pack

# The ids of SPEC.md's five standards (copied here as data; the product never reads /work/shared).
SPEC_IDS = """
ORG-G-01 ORG-R-01 ORG-R-02 ORG-R-03 ORG-R-04 ORG-U-01 ORG-U-02 ORG-N-01 ORG-N-02 ORG-N-03 ORG-N-04 ORG-A-01
TEAM-G-01 TEAM-R-01 TEAM-R-02 TEAM-R-03 TEAM-R-04 TEAM-R-05 TEAM-R-06 TEAM-U-01 TEAM-U-02 TEAM-U-03 TEAM-U-04
TEAM-N-01 TEAM-N-02 TEAM-N-03 TEAM-A-01 TEAM-A-02 TEAM-A-03 TEAM-S-01 TEAM-S-02 TEAM-S-03 TEAM-S-04
SVC-R-01 SVC-R-02 SVC-R-03 SVC-U-01 SVC-U-02 SVC-U-03 SVC-N-01 SVC-A-01 SVC-A-02
ACT-G-01 ACT-G-02 ACT-G-03 ACT-G-04 ACT-G-05 ACT-G-06 ACT-R-01 ACT-U-01 ACT-N-01 ACT-A-01
GUAR-R-01 GUAR-R-02 GUAR-R-03 GUAR-R-04 GUAR-R-05 GUAR-R-06 GUAR-U-01 GUAR-U-02 GUAR-U-03 GUAR-U-04 GUAR-U-05
GUAR-N-01 GUAR-A-01 GUAR-A-02 GUAR-S-01 GUAR-S-02
""".split()
# Those that state a number or a checklist, with the number (or checklist) their criterion must carry.
NUMBERED = {
    "ORG-R-01": "share(has_party_organisation) >= 1", "ORG-R-02": ">= villager_groups_total",
    "ORG-N-01": "branch_min_full_members", "ORG-N-02": "staff_total >= 100", "ORG-N-03": "staff_total >= 30",
    "ORG-A-01": "members_total >= 150", "TEAM-R-03": "member_poor_households_lifted >= member_poor_households",
    # The training hours are the pack's training rules (test below); the criteria name their constants.
    "TEAM-R-05": ">= rural_secretary_min_hours", "TEAM-R-06": ">= rural_member_min_hours", "TEAM-U-01": ">= 3",
    "TEAM-U-02": "> 100", "TEAM-U-03": ">= urban_worker_min_hours", "TEAM-U-04": ">= urban_member_min_hours",
    "TEAM-N-01": "staff_total >= 50", "TEAM-A-02": "staff_total / 100", "TEAM-S-04": ">= soe_secretary_min_hours",
    "SVC-R-02": ">= 2", "SVC-U-02": ">= 1", "SVC-U-03": ">= 0.3", "SVC-A-02": ">= 100",
    "GUAR-R-01": ">= 90000", "GUAR-R-02": ">= 50000", "GUAR-R-03": "100 * members_total", "GUAR-R-04": ">= 500000",
    "GUAR-R-05": "2 * county_rural_income_prev_year_yuan", "GUAR-R-06": "checklist: V10R",
    "GUAR-U-01": ">= 500", "GUAR-U-03": "checklist: V10U", "GUAR-U-04": "* 9 / 10", "GUAR-U-05": ">= 200000",
    "GUAR-N-01": ">= 2000", "GUAR-A-01": "* 5 / 1000", "GUAR-A-02": "checklist: V8", "GUAR-S-01": "/ 100",
    "GUAR-S-02": "checklist: V8",
}
PACK = load_pack("guilin-2018")


def _texts(spec_id):
    out = []
    for c in PACK.criteria:
        if spec_id in c.spec:
            out.append(c.text)
            out.extend(f"{k} {v}" for k, v in (("when", c.applies.when), ("where", c.applies.where)) if v)
    return out


def test_every_spec_id_has_a_criterion():
    missing = [s for s in SPEC_IDS if not _texts(s)]
    assert not missing, f"no criterion for {missing}"


def test_every_number_of_the_plan_is_in_a_criterion():
    raw = {c["id"]: c for c in PACK.raw["criteria"]}
    for spec_id, needle in NUMBERED.items():
        texts = [c.text + " " + str(raw[c.id]["applies"]) for c in PACK.criteria if spec_id in c.spec]
        assert any(needle in t for t in texts), f"{spec_id}: no criterion says {needle!r}: {texts}"


def test_the_plans_training_hours_are_the_training_rules():
    """56 and 40 hours rural, 24 urban and in state-owned enterprises (rotation only for party workers), the
    all-staff rotation of two-new organisations: each in a `training: hours` rule citing its SPEC id."""
    hours = {code: (r.min_hours, r.domains, r.modes, r.cited.spec) for code, r in PACK.training.requirements.items()}
    assert hours["rural_secretary"][:2] == (56, ("R",)) and "TEAM-R-05" in hours["rural_secretary"][3]
    assert hours["rural_member"][:2] == (40, ("R",)) and "TEAM-R-06" in hours["rural_member"][3]
    assert hours["urban_worker"][:3] == (24, ("U",), ("rotation",)) and "TEAM-U-03" in hours["urban_worker"][3]
    assert hours["urban_member"][:2] == (24, ("U",)) and "TEAM-U-04" in hours["urban_member"][3]
    assert hours["soe_secretary"][:3] == (24, ("S",), ("rotation",)) and hours["soe_member"][0] == 24
    assert hours["two_new_rotation"][1:3] == (("N",), ("rotation",)) and "TEAM-N-03" in hours["two_new_rotation"][3]
    assert PACK.constants["rural_secretary_min_hours"] == 56
# Numbers the plan states of organisational life, carried by the pack's meeting kinds (a criterion checks the kind's
# periods short == 0): {spec id: (kind, every, at_least)}.
MEETING_NUMBERS = {"ACT-U-01": ("public_interest_activity", "year", 4), "ACT-G-01": ("member_meeting", "quarter", 1)}


def test_every_number_of_organisational_life_is_in_a_meeting_kind():
    for spec_id, (code, every, at_least) in MEETING_NUMBERS.items():
        kind = PACK.meetings[code]
        assert spec_id in kind.spec and (kind.every, kind.at_least) == (every, at_least), spec_id
        assert any(spec_id in c.spec and f"{code}_short == 0" in c.text for c in PACK.criteria), spec_id


def test_criteria_quote_the_plan_and_cite_known_ids():
    for c in PACK.criteria:
        assert all(s in SPEC_IDS or s.startswith("M") for s in c.spec), c.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c.quote), f"{c.id}: the quote must be the plan's Chinese"


def test_checklists_have_the_items_of_the_plan():
    sizes = {cid: len(c["items"]) for cid, c in PACK.checklists.items()}
    assert sizes == {"V10R": 12, "V10U": 11, "V8": 8, "B41": 5, "C15": 5}


def test_schema_vocabulary_matches_the_register():
    from guifan.standards.pack import pack_schema

    defs = pack_schema()["$defs"]
    assert defs["domain"]["enum"] == list(Domain.values)  # filled in from guifan.core.vocabulary
    assert defs["level"]["enum"] == ["organisation", "township", "county", "city"]
    assert set(defs["kinds"]["items"]["enum"]) == set(Organisation.Kind.values) | {"none"}
    assert set(defs["hosts"]["items"]["enum"]) == set(HostUnit.Kind.values)
