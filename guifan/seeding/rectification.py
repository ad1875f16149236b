"""The sample year's weak and lax list (M03), laid by `guifan demo_figures` after the year's assessment: the list
proposed from the official run, most of it confirmed (its failed criteria become tasks), some tasks closed with a
photo as evidence, some overdue, a progress report on each, one 村霸 record. Idempotent: nothing is done when the
year already has a list. Everything goes through guifan.rectification.actions, as a user's changes would."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guifan.assessment.models import AssessmentRun
from guifan.rectification import actions
from guifan.rectification.models import Listing

# A 1×1 PNG: the sample's evidence photo.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
LEADERS = ("张明", "李强", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄敏")
SECRETARIES = ("周伟", "吴刚", "徐丽", "孙涛", "马骏", "朱琳", "胡斌", "郭华")


class _Everything:
    """The scope of the seeding: an administrator of everything (it confirms and signs off as the county would)."""

    is_all = True


def seed_rectification(year: int, *, confirm_share: float = 0.8, seed: int = 1) -> dict:
    """Proposes, confirms and progresses the year's list; returns what it did."""
    if Listing.objects.filter(year=year).exists():
        return {"proposed": 0}
    run = AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()
    if run is None:
        return {"proposed": 0}
    rng = random.Random(seed)
    proposed = actions.propose_from_run(run)
    today = timezone.localdate()
    confirmed = closed = 0
    for i, listing in enumerate(Listing.objects.filter(year=year).order_by("pk")):
        if rng.random() > confirm_share:
            continue  # left awaiting the county's confirmation
        # Half confirmed long enough ago for open tasks to be overdue, half recently.
        start = today - dt.timedelta(days=rng.choice((30, 200)))
        actions.confirm(listing, scope=_Everything(), responsible_leader=LEADERS[i % len(LEADERS)],
                        first_secretary=SECRETARIES[i % len(SECRETARIES)], today=start)
        confirmed += 1
        for task in listing.tasks.all():
            if rng.random() < 0.5:
                actions.add_task_file(task, SimpleUploadedFile("整改照片.png", PNG))
                actions.close_task(task)
                closed += 1
        actions.report_progress(listing, text="已召开专题组织生活会，制定整改方案，逐项落实整改任务。")
        if i == 0:
            actions.record_village_bully(listing, found=True, action="配合扫黑除恶专项斗争，依法处置村霸问题一起。")
    return {"proposed": proposed, "confirmed": confirmed, "closed": closed}
