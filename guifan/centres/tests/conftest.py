"""The centres over the root conftest's two counties plus 秀峰区 (an urban district) with its 秀峰街道 street and a
community there: the city user, a 秀峰 district user, the 阳朔 county user."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.orgs.models import HostUnit, Organisation

YEAR = 2018
ALL_AREAS = ["one-stop-hall", "member-studio", "multifunction-room", "exhibition-room", "convenience-room"]


@pytest.fixture
def pack_version(db):
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


@pytest.fixture
def world(two_counties, users, pack_version):
    community = t.host_unit("450302001", HostUnit.Kind.COMMUNITY, name="秀峰测试社区")
    return {
        **two_counties, **users,
        "city_region": t.region("450300"), "xiufeng": t.region("450302"), "street": t.region("450302001"),
        "xiufeng_user": t.user("xiufeng", Role.Kind.COUNTY, region=t.region("450302")),
        "community_org": t.organisation(community, Organisation.Kind.COMMITTEE, name="秀峰测试社区党委"),
    }


def full(**extra) -> dict:
    """A centre that meets every item of the standard."""
    return {"name": "测试党群服务中心", "area_m2": "1200", "staff": 5, "own_site": True, "function_areas": ALL_AREAS,
            "rules_present": True, **extra}
