"""The sample's recruitment files (guifan.seeding.recruitment): applicants at the stages, every recorded step
passing the pack's checks when replayed, the probation stage on the register's probationary members, some overdue."""

import datetime as dt

from guifan import testing as t
from guifan.core import idcard
from guifan.members.models import Member
from guifan.recruitment import selectors
from guifan.recruitment.checks import Proposed, check_step
from guifan.recruitment.models import Applicant
from guifan.seeding import recruitment as sample

TODAY = dt.date(2024, 6, 30)


def _proposed(r):
    return Proposed(date=r.done_on, people=list(r.people.all()), notes=r.notes, conclusion=r.reveal_conclusion(),
                    eligible_voters=r.eligible_voters, present_voters=r.present_voters, in_favour=r.in_favour,
                    training_days=r.training_days, training_hours=r.training_hours, notice_from=r.notice_from,
                    notice_until=r.notice_until, extension_months=r.extension_months)


def test_the_sample_files_pass_the_pack_when_replayed(two_counties, shipped_pack):
    rules = shipped_pack.pack().recruitment
    for key in ("yangshuo", "lingui"):
        t.member(two_counties[key]["branch"], category=Member.Category.PROBATIONARY, joined_on=dt.date(2024, 1, 5))
    counts = sample.write_sample(rules, today=TODAY, share=1.0)
    assert counts["applicants"] == Applicant.objects.count() >= 4
    assert Applicant.objects.exclude(member=None).count() == 2
    for a in Applicant.objects.all():
        records = list(a.steps.order_by("done_on", "id"))
        assert [r.step for r in records] == list(rules.order[:len(records)]) and records[-1].step == a.last_step
        done = {}
        birth = idcard.birth_date_of(a.reveal_id_number())
        for r in records:
            assert check_step(rules, rules.step(r.step), _proposed(r), done, birth, a.organisation_id, []) == [], \
                (a.pk, r.step)
            done[r.step] = r
        assert records[-1].done_on <= TODAY
    city = two_counties["yangshuo"]["county"].parent
    assert sum(selectors.pipeline(_All(), city, rules, TODAY)["totals"].values()) == counts["applicants"]


class _All:
    def organisations(self):
        from guifan.orgs.models import Organisation
        return Organisation.objects.all()
