"""An assessed register: the two counties with figures for 2018, the shipped pack loaded."""

import pytest

from guifan import testing as t
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit, Organisation

YEAR = 2018
# 阳朔's village fails the secretary's training hours (40 < 56); 临桂's passes (60).
FIGURES = {
    "yangshuo": {"secretary_training_hours": 40, "min_member_training_hours": 45, "has_service_hall": True,
                 "ledgers_complete": True, "democratic_appraisals": 4},
    "lingui": {"secretary_training_hours": 60, "min_member_training_hours": 30, "has_service_hall": False,
               "ledgers_complete": True},
}


# Facts derived from the training records (docs/training.md): stored in `derived`, as `guifan derive_facts` does.
TRAINING_FACTS = frozenset({"secretary_training_hours", "min_member_training_hours", "party_worker_min_rotation_hours",
                            "branch_secretary_min_training_hours", "all_staff_rotation_training_rate"})


def split(values: dict) -> tuple[dict, dict]:
    """(reported values, derived values) of a test's figures."""
    return ({k: v for k, v in values.items() if k not in TRAINING_FACTS},
            {k: v for k, v in values.items() if k in TRAINING_FACTS})


def report(org, values, state=FactReport.State.SUBMITTED):
    reported, derived = split(values)
    return FactReport.objects.create(organisation=org, period=Period.yearly(YEAR), values=reported, derived=derived,
                                     state=state)


@pytest.fixture
def pack_version(db):
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


@pytest.fixture
def assessed(two_counties, users, pack_version):
    """Figures for both villages and a second 阳朔 village that passes its training hours; one official run."""
    from guifan.assessment.actions import run_assessment

    for key, values in FIGURES.items():
        report(two_counties[key]["committee"], values)
    village = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE, name="yangshuo二村")
    second = t.organisation(village, Organisation.Kind.BRANCH, name="yangshuo二村党支部")
    report(second, {"secretary_training_hours": 58, "min_member_training_hours": 41},
           state=FactReport.State.APPROVED)
    two_counties["yangshuo"]["second"] = second
    run = run_assessment(YEAR, pack_version=pack_version, user=users["admin"])
    return {"run": run, **two_counties}
