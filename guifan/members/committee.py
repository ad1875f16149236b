"""The branch committee (支部委员会) of an organisation, read from its posts (members.Post) by the pack's `committee:`
rule (guifan/standards/committee_rules.py; docs/meetings.md, "Branch committee"): who holds which post now, since
when, and who held them before. Writes go through members.actions (appoint_committee_post, end_committee_post)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.orgs.models import Organisation
from guifan.standards.committee_rules import CommitteeRules
from guifan.standards.selectors import pack_in_effect, reporting_year

from .models import Post


def committee_rules(day: dt.date) -> CommitteeRules:
    """The committee rules of the pack in effect in `day`'s year (or the latest before it)."""
    version = pack_in_effect(reporting_year(day))
    found = version.pack().committee if version is not None else None
    if found is None:
        raise ValidationError(_("No standard pack with branch committee rules is in effect for %(year)s.")
                              % {"year": day.year})
    return found


def committee_posts(organisation: Organisation, rules: CommitteeRules):
    """The organisation's posts of the committee (the posts the pack lists), newest first."""
    return (Post.objects.filter(organisation=organisation, post__in=list(rules.posts))
            .select_related("member").order_by("-started_on", "-id"))


def open_posts(organisation: Organisation, rules: CommitteeRules, on: dt.date):
    """The committee posts held on or after `on` (not ended by then): those a post starting on `on` runs with. A post
    ended on `on` is handed over that day and does not count."""
    return [p for p in committee_posts(organisation, rules) if p.ended_on is None or p.ended_on > on]


def label(rules: CommitteeRules, code: str) -> str:
    post = rules.posts.get(code)
    return in_language(post.label) if post else str(dict(Post.Kind.choices).get(code, code))


def organisation_committee(organisation: Organisation, rules: CommitteeRules, today: dt.date) -> dict:
    """What the committee page shows: the current posts in the pack's order, the ended ones, the head count against
    the pack's sizes, and whether the register's secretary holds a recorded 书记 post."""
    posts = list(committee_posts(organisation, rules))
    order = {code: i for i, code in enumerate(rules.posts)}
    current = sorted((p for p in posts if p.ended_on is None and p.started_on <= today),
                     key=lambda p: (order[p.post], p.started_on))
    for p in posts:
        p.label = label(rules, p.post)
    holders = {p.member_id for p in current}
    secretary_post = next((p for p in current if p.post == "secretary"), None)
    return {
        "rules": rules,
        "current": current,
        "history": [p for p in posts if p not in current],
        "holders": len(holders),
        "recorded": rules.is_recorded(len(holders)),
        "full": len(holders) >= rules.max_members,
        "secretary_unrecorded": organisation.secretary_id is not None and (
            secretary_post is None or secretary_post.member_id != organisation.secretary_id),
    }
