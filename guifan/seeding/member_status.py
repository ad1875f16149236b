"""The sample city's member-status records and open transfers (issue 12 items 2 and 3; docs/member-status.md).

The register generator already gives some members a status (flowing, lost contact, pocket, unqualified:
seeding/data/sample-city.yaml `status`); this writes the record behind each, dated in the first demo year so that
every year's facts see it: a flowing member's flowing-out record (most under dual management with a receiving
organisation and an activity card, some not: flowing_members_dual_managed fails there), a lost-contact record with
its search, a pocket member's record (left unresolved: TEAM-R-02 fails there), an unqualified member's finding with
the appraisal and, for most, a disposal (correction within a set time). Then transfer letters between branches of
the same county: most accepted, some still open, some of them past the letter's validity (overdue). Deterministic
(seeded random), bulk-inserted, ANALYZE'd. Member statuses are not changed: the records match the register.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from guifan.core import bulk
from guifan.core.dates import add_months
from guifan.members.models import Member, StatusChange, Transfer
from guifan.orgs.models import Organisation

CHANGE_NAMES = ("member", "change", "from_status", "to_status", "from_category", "to_category", "date", "reason",
                "document_number", "details", "created")
TRANSFER_NAMES = ("member", "from_organisation", "from_outside_name", "to_organisation", "within_city",
                  "to_outside_name", "state", "letter_number", "deadline", "accepted_on", "date", "reason",
                  "return_reason", "created")
DESTINATIONS = ("广东省深圳市", "广东省广州市", "广东省东莞市", "广西南宁市", "浙江省杭州市", "湖南省长沙市")
SEARCHES = ("电话联系未果", "走访亲属未获联系方式", "发布寻人启事，委托流入地党组织查找")
LETTER_SHARE = 1 / 400  # of the normal members of branches: a transfer letter this year


def clear() -> None:
    StatusChange.objects.all().delete()
    Transfer.objects.exclude(letter_number="").delete()  # the letters this module wrote (moves recorded at once kept)


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def write(year: int, rules, *, seed: int = 1, today: dt.date | None = None) -> dict:
    """Writes the records for members of a tracked status and the transfer letters; returns counts."""
    rng = random.Random(f"member-status-{year}-{seed}")
    today = today or dt.date(year, 12, 31)
    clear()
    now = dt.datetime.now(dt.UTC)
    start, end = dt.date(year, 1, 15), min(dt.date(year, 11, 30), today)
    rows, counts = [], defaultdict(int)
    tracked = (Member.objects.filter(status__in=("flowing", "lost_contact", "pocket", "unqualified"))
               .order_by("pk").values_list("pk", "status", "category", "joined_on"))
    for pk, status, category, joined in tracked.iterator(chunk_size=20_000):
        day = max(_day(rng, start, end), joined)
        if day > today:
            continue
        base = (pk, category, category)
        if status == "flowing":
            dual = rng.random() < 0.85
            details = {"destination": rng.choice(DESTINATIONS), "dual_management": dual,
                       "receiving_organisation": "流入地党组织" if dual else "",
                       "activity_card": f"LD{year}{pk:07d}" if dual else ""}
            rows.append(_change(base, "flowing_out", "normal", "flowing", day, "外出务工", details, now))
        elif status == "lost_contact":
            since = _months_before(day, rules.lost_contact_months + rng.randint(0, 6))
            rows.append(_change(base, "lost_contact", "normal", "lost_contact", day, "长期失去联系",
                                {"since": since.isoformat(), "search": rng.choice(SEARCHES)}, now))
        elif status == "pocket":
            rows.append(_change(base, "pocket", "normal", "pocket", day, "组织关系介绍信未转递", {}, now))
        else:
            found = {"id": None, "date": (day - dt.timedelta(days=10)).isoformat(), "text": "民主评议党员评定为不合格"}
            rows.append(_change(base, "unqualified", "normal", "unqualified", day, "民主评议不合格",
                                {"appraisal": found}, now))
            disposed = day + dt.timedelta(days=rng.randint(10, 40))
            if rng.random() < 0.7 and disposed <= today:
                rows.append(_change(base, "disposal", "unqualified", "unqualified", disposed, "支部大会决定限期改正",
                                    {"disposal": "correct_within"}, now))
                counts["disposals"] += 1
        counts[status] += 1
    bulk.insert(StatusChange, CHANGE_NAMES, rows)
    counts["transfers_open"], counts["transfers_overdue"], counts["transfers"] = _letters(rng, year, rules, today, now)
    bulk.analyze(StatusChange, Transfer)
    counts["changes"] = len(rows)
    return dict(counts)


def _change(base, change, from_status, to_status, day, reason, details, now):
    pk, from_category, to_category = base
    return (pk, change, from_status, to_status, from_category, to_category, day, reason,
            f"党支〔{day.year}〕{pk % 97 + 1}号", details, now)


def _months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)


def _letters(rng, year: int, rules, today: dt.date, now) -> tuple[int, int, int]:
    """Letters between the branches of each county: one member in 400, a quarter still open (a third of those past
    the letter's validity). An open letter leaves the member where they are; an accepted one was a move the register
    already shows, so it is written as sent from another branch of the county."""
    branches = defaultdict(list)
    for pk, county in (Organisation.objects.filter(kind=Organisation.Kind.BRANCH, dissolved_on__isnull=True)
                       .order_by("pk").values_list("pk", "region__path")):
        branches[county.strip("/").split("/")[1] if county.count("/") > 2 else county].append(pk)
    members = (Member.objects.filter(status="normal", organisation__kind=Organisation.Kind.BRANCH)
               .order_by("pk").values_list("pk", "organisation_id", "organisation__region__path"))
    rows, opened, overdue, n = [], 0, 0, 0
    valid = dt.timedelta(days=rules.transfer_valid_days)
    for pk, org_id, path in members.iterator(chunk_size=20_000):
        if rng.random() >= LETTER_SHARE:
            continue
        county = path.strip("/").split("/")[1] if path.count("/") > 2 else path
        others = [b for b in branches[county] if b != org_id]
        if not others:
            continue
        other = rng.choice(others)
        is_open = rng.random() < 0.25
        if is_open:
            late = rng.random() < 1 / 3
            day = today - (valid + dt.timedelta(days=rng.randint(1, 60)) if late else
                           dt.timedelta(days=rng.randint(0, rules.transfer_valid_days - 1)))
            rows.append((pk, org_id, "", other, True, "", Transfer.State.ISSUED, f"桂组转〔{day.year}〕{pk}号",
                         day + valid, None, day, "工作调动", "", now))
            opened, overdue = opened + 1, overdue + late
        else:
            day = _day(rng, dt.date(year, 1, 10), min(dt.date(year, 11, 1), today))
            accepted = min(day + dt.timedelta(days=rng.randint(3, 30)), today)
            rows.append((pk, other, "", org_id, True, "", Transfer.State.ACCEPTED, f"桂组转〔{day.year}〕{pk}号",
                         day + valid, accepted, day, "工作调动", "", now))
        n += 1
    bulk.insert(Transfer, TRANSFER_NAMES, rows)
    return opened, overdue, n
