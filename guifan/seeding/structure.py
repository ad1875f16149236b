"""Shared shapes: splitting members over branches, and a unit's organisation sized by its members."""

import math
import random

from guifan.orgs.models import Organisation

from .names import ordinal
from .params import sample

Kind = Organisation.Kind


def scaled(count: int, density: float) -> int:
    """A count at the scale's density, keeping at least one where there was one."""
    return max(1, round(count * density)) if count else 0


def split_count(total: int, parts: int, rng: random.Random, floor: int = 1) -> list[int]:
    """`total` split into `parts` uneven shares of at least `floor` each (when total allows)."""
    low, high = sample()["split_unevenness"]
    weights = [rng.uniform(low, high) for _ in range(parts)]
    scale = max(total - floor * parts, 0) / sum(weights)
    shares = [floor + int(w * scale) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def chunks(items: list, parts: int) -> list[list]:
    """`items` in `parts` contiguous, non-empty runs of near-equal length."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def unit_organisation(reg, ctx, unit, members: int, profile: str, names: dict, parent=None,
                      full_floor: int = 0) -> Organisation:
    """The organisation of one unit: a branch, or a general branch / committee with department branches.

    `names` maps each kind to the organisation's name; department branches are "<unit>第N党支部".
    """
    kind = reg.kind_for(members)
    top = reg.org(ctx, unit, kind, names[kind], parent=parent)
    if kind == Kind.BRANCH:
        reg.add_members(ctx, top, members, profile, full_floor=full_floor)
        return top
    low, high = sample()["agency"]["department_branch_size"]
    count = max(2, math.ceil(members / ctx.rng.randint(low, high)))
    for i, share in enumerate(split_count(members, count, ctx.rng, floor=3), start=1):
        branch = reg.org(ctx, unit, Kind.BRANCH, f"{unit.name}{ordinal(i)}党支部", parent=top)
        reg.add_members(ctx, branch, share, profile)
    return top


def formal_names(prefix: str) -> dict:
    """中共<prefix>委员会 / 总支部委员会 / 支部委员会."""
    return {Kind.COMMITTEE: f"中共{prefix}委员会", Kind.GENERAL_BRANCH: f"中共{prefix}总支部委员会",
            Kind.BRANCH: f"中共{prefix}支部委员会"}


def short_names(prefix: str) -> dict:
    """<prefix>党委 / 党总支 / 党支部."""
    return {Kind.COMMITTEE: f"{prefix}党委", Kind.GENERAL_BRANCH: f"{prefix}党总支", Kind.BRANCH: f"{prefix}党支部"}
