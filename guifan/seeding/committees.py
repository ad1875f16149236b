"""The sample city's branch committees (issue 11; docs/meetings.md, "Branch committee"): every branch with enough
full members to set up a committee (the pack's constant `branch_committee_min_full_members`) and a secretary gets
one of the usual size (the pack's `committee:` min_members to usual_max_members, fewer when it lacks full members):
its secretary in the 书记 post (as Organisation.secretary says), other full normal members in the other posts, each
since the branch was founded or the member became full (a year after joining), whichever is later: re-elected
term after term, so that every demo year sees the committee. Branches without a secretary (a gap of the sample)
get none. Built in memory with the register, written in bulk after its members (store.write)."""

from __future__ import annotations

import random

from guifan.members.models import Member, Post
from guifan.orgs.models import Organisation

from .params import shipped_pack
from .register import add_years

# The posts filled first, in this order, as far as the committee's size and the pack's posts go.
ORDER = ("secretary", "organisation_committee", "propaganda_committee", "discipline_committee", "deputy_secretary",
         "youth_committee", "committee_member")


def build(reg, seed: int) -> list[Post]:
    pack = shipped_pack()
    rules = pack.committee
    if rules is None:
        return []
    threshold = int(pack.constants["branch_committee_min_full_members"])
    usual = rules.usual_max_members or rules.max_members
    posts = [code for code in ORDER if code in rules]
    rng = random.Random(f"guifan-sample:{seed}:committees")
    found = []
    for org in reg.orgs:
        if org.kind != Organisation.Kind.BRANCH or not org.secretary_id or not rules.elects(org.kind):
            continue
        full = [m for m in reg.branch_members.get(org.pk, ()) if m.category == Member.Category.FULL
                and m.status == Member.Status.NORMAL]
        if len(full) < threshold:
            continue
        secretary = next((m for m in full if m.pk == org.secretary_id), None)
        if secretary is None:
            continue
        others = rng.sample([m for m in full if m.pk != secretary.pk],
                            min(rng.randint(rules.min_members, usual), len(posts)) - 1)
        since = org.founded_on or org.term_start or reg.today
        for code, member in zip(posts, [secretary, *others], strict=False):
            found.append(Post(organisation_id=org.pk, member_id=member.pk, post=code,
                              started_on=min(reg.today, max(since, add_years(member.joined_on, 1)))))
    return found
