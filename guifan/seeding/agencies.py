"""Agencies and public institutions (bureaus, schools, hospitals, township offices) and state-owned enterprises."""

from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

from .params import sample
from .structure import formal_names, unit_organisation

Kind = Organisation.Kind
Unit = HostUnit.Kind
WINDOW_BUREAUS = ("公安局", "税务局", "行政审批局", "市场监督管理局", "人力资源和社会保障局", "医疗保障局")


def _agency_names(unit_name: str) -> dict:
    return {Kind.BRANCH: f"{unit_name}机关党支部", Kind.GENERAL_BRANCH: f"中共{unit_name}机关总支部委员会",
            Kind.COMMITTEE: f"中共{unit_name}机关委员会"}


def build_county_agencies(reg, ctx, county) -> None:
    """County-level bureaus, schools and hospitals (region = the county)."""
    p, rng, names = sample()["agency"], ctx.rng, ctx.names
    factor = ctx.county_params["agencies"]
    for bureau in names.sample("bureaus", round(p["bureaus"]["count"] * factor)):
        unit = reg.unit(county, Unit.AGENCY, f"{county.name}{bureau}", prefix="A", is_window_unit=bureau in
                        WINDOW_BUREAUS)
        unit_organisation(reg, ctx, unit, rng.randint(*p["bureaus"]["members"]), "A", _agency_names(unit.name))
    for school in names.sample("schools", round(p["schools"]["count"] * factor)):
        unit = reg.unit(county, Unit.AGENCY, f"{county.name}{school}", prefix="A")
        unit_organisation(reg, ctx, unit, rng.randint(*p["schools"]["members"]), "A", formal_names(unit.name))
    for hospital in names.sample("hospitals", round(p["hospitals"]["count"] * factor)):
        unit = reg.unit(county, Unit.AGENCY, f"{county.name}{hospital}", prefix="A", is_window_unit=True)
        unit_organisation(reg, ctx, unit, rng.randint(*p["hospitals"]["members"]), "A", formal_names(unit.name))


def build_township_units(reg, ctx, township) -> None:
    """A town's own office, central school and health centre (region = the township)."""
    p, rng = sample()["agency"], ctx.rng
    office = reg.unit(township, Unit.AGENCY, f"{township.name}人民政府", prefix="A")
    unit_organisation(reg, ctx, office, rng.randint(*p["township_office"]["members"]), "A",
                      formal_names(f"{ctx.county.name}{township.name}机关"))
    school = reg.unit(township, Unit.AGENCY, f"{ctx.county.name}{township.name}中心小学", prefix="A")
    unit_organisation(reg, ctx, school, rng.randint(*p["township_school"]["members"]), "A",
                      formal_names(school.name))
    clinic = reg.unit(township, Unit.AGENCY, f"{ctx.county.name}{township.name}卫生院", prefix="A",
                      is_window_unit=True)
    unit_organisation(reg, ctx, clinic, rng.randint(*p["township_clinic"]["members"]), "A", formal_names(clinic.name))


def build_city_agencies(reg, ctx, city) -> None:
    """City-level bureaus, schools and hospitals (region = 桂林市)."""
    p, rng, names = sample()["agency"], ctx.rng, ctx.names
    low, high = p["bureaus"]["members"]
    for bureau in names.sample("bureaus", p["city"]["bureaus"]):
        unit = reg.unit(city, Unit.AGENCY, f"{city.name}{bureau}", prefix="A", is_window_unit=bureau in
                        WINDOW_BUREAUS)
        unit_organisation(reg, ctx, unit, rng.randint(low * 2, high * 3), "A", _agency_names(unit.name))
    for school in names.sample("city_schools", p["city"]["schools"]):
        unit = reg.unit(city, Unit.AGENCY, school, prefix="A")
        unit_organisation(reg, ctx, unit, rng.randint(*p["schools"]["members"]) * 2, "A", formal_names(school))
    for hospital in names.sample("city_hospitals", p["city"]["hospitals"]):
        unit = reg.unit(city, Unit.AGENCY, hospital, prefix="A", is_window_unit=True)
        unit_organisation(reg, ctx, unit, rng.randint(*p["hospitals"]["members"]) * 2, "A", formal_names(hospital))


def build_soes(reg, ctx, region, count: int, members: tuple[int, int], prefix: str) -> None:
    """State-owned enterprises of a county or of the city."""
    rng = ctx.rng
    for trade in ctx.names.sample("soe_trades", count):
        form = "集团有限公司" if region.level == Region.Level.CITY else "有限责任公司"
        headcount = rng.randint(*sample()["soe"]["headcount"])
        unit = reg.unit(region, Unit.SOE, f"{prefix}{trade}{form}", prefix="Q", headcount=headcount)
        unit_organisation(reg, ctx, unit, rng.randint(*members), "S", formal_names(unit.name))
