"""A branch that reports its 三会一课 (ACT-G-01) by quarter and by month, and is assessed: shared by the check-up
tests here and the browser test."""

from guifan.facts.actions import get_report, set_values
from guifan.facts.derived import derive_facts
from guifan.facts.models import Period

YEAR = 2018
SUB_YEAR_CRITERIA = ("G-ACT-member-meetings", "G-ACT-party-lectures", "G-ACT-group-meetings")


def report_meetings(branch, pack, *, group_meetings_in_may: int = 1) -> None:
    """One member meeting and one party lecture every quarter, one party-group meeting every month (May's count
    as given); the register's facts (months and quarters existed, party groups) derived for the year."""
    derive_facts(pack, Period.yearly(YEAR))
    for quarter in range(1, 5):
        set_values(get_report(branch, Period.quarterly(YEAR, quarter)),
                   {"branch_member_meetings": 1, "party_lectures": 1}, pack=pack)
    for month in range(1, 13):
        set_values(get_report(branch, Period.monthly(YEAR, month)),
                   {"party_group_meetings_min": group_meetings_in_may if month == 5 else 1}, pack=pack)
    set_values(get_report(branch, Period.yearly(YEAR)), {"ledgers_complete": True}, pack=pack)
