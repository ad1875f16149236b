"""Rural domain: administrative villages and rural communities, villager groups, hamlets, and their organisations."""

import math

from guifan.orgs.models import HostUnit, Organisation

from .names import ordinal
from .params import register_rules, sample
from .structure import chunks, scaled, split_count

Kind = Organisation.Kind
Unit = HostUnit.Kind


def build_villages(reg, ctx, township) -> None:
    low, high = ctx.county_params["villages_per_township"]
    count = scaled(ctx.rng.randint(low, high), ctx.density) if high else 0
    taken: set[str] = set()
    for _ in range(count):
        _village(reg, ctx, township, taken)


def _village(reg, ctx, township, taken: set) -> None:
    p, rng = sample()["rural"], ctx.rng
    is_community = rng.random() < p["rural_community_share"]
    name = ctx.names.place(taken) + ("社区" if is_community else "村")
    poor = rng.random() < ctx.county_params["poor_share"]
    unit = reg.unit(township, Unit.RURAL_COMMUNITY if is_community else Unit.ADMIN_VILLAGE, name, prefix="V",
                    headcount=rng.randint(*p["residents"]), is_poor_village=poor)
    groups = [reg.unit(township, Unit.VILLAGER_GROUP, f"{name}{ordinal(k)}村民小组", parent=unit)
              for k in range(1, rng.randint(*p["villager_groups"]) + 1)]
    hamlet_names: set[str] = set()
    for _ in range(rng.randint(*p["hamlets"])):
        reg.unit(township, Unit.HAMLET, ctx.names.place(hamlet_names) + "屯", parent=unit)

    members = int(rng.gauss(p["members_mean"], p["members_sd"]) * (p["poor_members_factor"] if poor else 1))
    members = max(p["members_min"], members)
    kind = _village_kind(reg, ctx, members)
    covered = groups[:-1] if ctx.gaps.want("uncovered_villager_group", rng) else groups
    prefix = f"中共{ctx.county.name}{township.name}{name}"
    if kind == Kind.BRANCH:
        branch = reg.org(ctx, unit, Kind.BRANCH, prefix + "支部委员会", covers=covered)
        party_groups = []
        if rng.random() < p["party_group_share"]:
            count = min(len(covered), max(2, members // rng.randint(*p["group_size"])))
            party_groups = [reg.org(ctx, group, Kind.GROUP, f"{name}{ordinal(i)}党小组", parent=branch)
                            for i, group in enumerate(covered[:count], start=1)]
        reg.add_members(ctx, branch, members, "R", groups=party_groups)
        return
    top = reg.org(ctx, unit, kind, prefix + ("委员会" if kind == Kind.COMMITTEE else "总支部委员会"))
    count = min(len(covered), max(2, round(members / rng.uniform(*p["branch_size"]))))
    for i, (cluster, share) in enumerate(zip(chunks(covered, count), split_count(members, count, rng, floor=5),
                                             strict=True), start=1):
        branch = reg.org(ctx, cluster[0], Kind.BRANCH, f"{name}{ordinal(i)}党支部", parent=top, covers=cluster[1:])
        party_groups = []
        if len(cluster) > 1 and rng.random() < p["party_group_share"]:
            party_groups = [reg.org(ctx, group, Kind.GROUP, f"{name}{ordinal(i)}党支部{ordinal(j)}党小组",
                                    parent=branch) for j, group in enumerate(cluster, start=1)]
        reg.add_members(ctx, branch, share, "R", groups=party_groups)


def _village_kind(reg, ctx, members: int) -> str:
    """The kind the rules call for, except where a gap on purpose is wanted."""
    kind = reg.kind_for(members)
    general_min = register_rules().general_branch_min_members
    committee_min = register_rules().committee_min_members
    want, conf = ctx.gaps.want, sample()["gaps"]
    low, high = conf["kind_mismatch_from"], conf["branch_too_large_below"]
    if kind == Kind.BRANCH and members >= math.ceil(general_min * low) and want("kind_mismatch", ctx.rng, kind):
        return Kind.GENERAL_BRANCH
    if kind == Kind.GENERAL_BRANCH and members >= math.ceil(committee_min * low) \
            and want("kind_mismatch", ctx.rng, kind):
        return Kind.COMMITTEE
    if kind == Kind.GENERAL_BRANCH and members < general_min * high and want("branch_too_large", ctx.rng):
        return Kind.BRANCH
    return kind
