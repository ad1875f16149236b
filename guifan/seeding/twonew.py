"""Two-new organisations: non-public enterprises and social organisations, with separate and joint branches."""

import datetime as dt

from guifan.orgs.models import HostUnit, Organisation

from .params import coverage_min_headcount, register_rules, sample
from .structure import scaled, short_names, unit_organisation

Kind = Organisation.Kind
Unit = HostUnit.Kind


def _band(rng, bands) -> int:
    r, acc = rng.random(), 0.0
    for share, low, high in bands:
        acc += share
        if r < acc:
            return rng.randint(low, high)
    return rng.randint(bands[-1][1], bands[-1][2])


def _opened(rng) -> dt.date:
    return dt.date(1993, 1, 1) + dt.timedelta(days=rng.randrange(365 * 31))


def build_two_new(reg, ctx, township, share: float) -> None:
    """This township's `share` of the county's enterprises and social organisations."""
    p = sample()["two_new"]
    enterprises: list[tuple[HostUnit, int]] = []  # small units waiting for a joint branch, with their members
    social_orgs: list[tuple[HostUnit, int]] = []
    ctx.staffed_without_organisation = []  # big units left without an organisation, with the members they employ
    for _ in range(scaled(round(ctx.county_params["enterprises"] * share), ctx.density)):
        _enterprise(reg, ctx, township, p, enterprises)
    for _ in range(scaled(round(ctx.county_params["social_orgs"] * share), ctx.density)):
        _social_org(reg, ctx, township, p, social_orgs)
    branches = _joint_branches(reg, ctx, p, enterprises) + _joint_branches(reg, ctx, p, social_orgs)
    _members_working_without_organisation(reg, ctx, branches)


def _members_working_without_organisation(reg, ctx, branches: list) -> None:
    """The members a big unit without an organisation employs belong to a joint branch nearby (their membership
    sits there until the unit sets up its own, ORG-N-01); with no branch in the township they are not recorded."""
    if not branches:
        return
    for unit, count in ctx.staffed_without_organisation:
        for member in reg.add_members(ctx, ctx.rng.choice(branches), count, "N"):
            member.work_unit_id = unit.pk


def _staff_members(rng, p, headcount: int) -> int:
    return max(3, round(headcount * rng.uniform(*p["members_per_staff"])))


def _enterprise(reg, ctx, township, p, joint: list) -> None:
    rng, names = ctx.rng, ctx.names
    big = coverage_min_headcount("enterprise")  # ORG-N-02: from the pack's coverage rule
    if not ctx.made_big_enterprise:  # every county has at least one enterprise of that size
        headcount, ctx.made_big_enterprise = rng.randint(big, 3 * big), True
    else:
        headcount = _band(rng, p["enterprise_bands"])
    trade, form = names.pick("enterprise_trades"), names.pick("enterprise_forms")
    name = f"{ctx.unit_prefix}{names.brand(ctx.brands)}{trade}{form}"
    unit = reg.unit(township, Unit.ENTERPRISE, name, prefix="E", headcount=headcount, opened_on=_opened(rng))
    if headcount >= big:
        if not ctx.gaps.want("big_without_organisation", rng):
            unit_organisation(reg, ctx, unit, _staff_members(rng, p, headcount), "N", short_names(name))
        elif rng.random() < p["employs_members_without_organisation"]:  # the others employ none (TEAM-N-01)
            ctx.staffed_without_organisation.append((unit, _staff_members(rng, p, headcount)))
        return
    _small_unit(reg, ctx, unit, p, joint, p["separate_share_small"], p["joint_share_small"])


def _social_org(reg, ctx, township, p, joint: list) -> None:
    rng, names = ctx.rng, ctx.names
    headcount = _band(rng, p["social_bands"])
    kind_word = names.pick("social_kinds")
    name = f"{ctx.unit_prefix}{names.pick('social_topics')}{kind_word}"
    if name in ctx.brands:
        name = f"{ctx.unit_prefix}{names.brand(ctx.brands)}{kind_word}"
    ctx.brands.add(name)
    substantive = rng.random() < p["substantive_share"]
    unit = reg.unit(township, Unit.SOCIAL_ORG, name, prefix="G", headcount=headcount, opened_on=_opened(rng),
                    is_substantive=substantive, is_window_unit=rng.random() < p["window_unit_share"])
    with_org = p["social_with_organisation"]
    if substantive and headcount >= 30:
        with_org = 1 - ctx.gaps.rates["big_without_organisation"]
    separate = p["separate_of_social_with_organisation"]
    _small_unit(reg, ctx, unit, p, joint, with_org * separate, with_org * (1 - separate))


def _small_unit(reg, ctx, unit, p, joint: list, separate: float, jointly: float) -> None:
    """Its own branch, a place in a joint branch, or no organisation (most very small units)."""
    rng = ctx.rng
    members = _staff_members(rng, p, unit.headcount)
    r = rng.random()
    if r < separate:
        floor = register_rules().branch_min_full_members
        if ctx.gaps.want("branch_too_few_full", rng):
            unit_organisation(reg, ctx, unit, floor, "N", short_names(unit.name), full_floor=floor - 1)
        else:
            unit_organisation(reg, ctx, unit, max(members, floor + 1), "N", short_names(unit.name))
    elif r < separate + jointly:
        joint.append((unit, rng.randint(*p["joint_members_per_unit"])))


def _joint_branches(reg, ctx, p, joint: list) -> list:
    """Joint branches of the small units, each member working in one of the units it covers; returns them."""
    rng, i, made = ctx.rng, 0, []
    while i < len(joint):
        size = min(rng.randint(*p["joint_size"]), len(joint) - i)
        if size < 2 and i > 0:  # a lone leftover stays uncovered (work coverage only)
            break
        group = joint[i:i + size]
        i += size
        host = group[0][0]
        word = "企业" if host.kind == Unit.ENTERPRISE else "社会组织"
        name = f"{host.name}等{len(group)}家{word}联合党支部" if len(group) > 1 else f"{host.name}党支部"
        branch = reg.org(ctx, host, Kind.BRANCH, name, setup=Organisation.SetUp.JOINT if len(group) > 1 else
                         Organisation.SetUp.SEPARATE, covers=[u for u, _ in group[1:]])
        members = reg.add_members(ctx, branch, max(sum(n for _, n in group),
                                                   register_rules().branch_min_full_members + 1), "N")
        start = 0
        for unit, n in group:
            for member in members[start:start + n]:
                member.work_unit_id = unit.pk
            start += n
        made.append(branch)
    return made
