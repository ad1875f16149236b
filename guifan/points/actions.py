"""Every change to member points (M08): the year's automatic points, requests and their approval.

The ledger (`PointEntry`) is never updated: `compute_year` only adds entries for records that have not earned yet,
and a correction is a new entry. The point values, caps, base, levels and uses are the pack's (`pack.points`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from django.db import connection, transaction
from django.db.models import Case, CharField, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit, bulk
from guifan.core.models import ChangeLog
from guifan.meetings.models import Attendance, Meeting
from guifan.members.models import GONE_STATUSES, Member
from guifan.points.models import PointEntry, PointTotal
from guifan.standards import point_rules as pr
from guifan.standards.selectors import pack_in_effect
from guifan.training.models import Enrolment, Paper

BASE_ITEM = pr.BASE_ITEM
COUNTED_STATUSES = [s for s in Member.Status.values if s not in GONE_STATUSES]
ENTRY_COLUMNS = ("member", "year", "item", "category", "points", "occurred_on", "source", "record_kind",
                 "record_id", "records", "state", "capped", "note", "created_at")
AUTOMATIC_SOURCES = (PointEntry.Source.AUTO, PointEntry.Source.DEDUCTION)


class PointsError(ValueError):
    """A points action refused, with a message for the user (nothing was written)."""


def rules_for_year(year: int, pack=None) -> tuple[pr.PointRules, object]:
    """The point rules of `pack` or of the stored pack in effect in `year`, and its stored version (or None)."""
    version = None
    if pack is None:
        version = pack_in_effect(year)
        if version is None:
            raise PointsError(_("No standard pack is in effect in %(year)s.") % {"year": year})
        pack = version.pack()
    if pack.points is None:
        raise PointsError(_("The standard pack in effect in %(year)s gives no point rules.") % {"year": year})
    return pack.points, version


def _period(column: pl.Expr, per: pl.Expr) -> pl.Expr:
    month = column.dt.month().cast(pl.Int32)
    return (pl.when(per == "month").then(month)
            .when(per == "quarter").then((month - 1) // 3 + 1)
            .otherwise(pl.lit(0, pl.Int32)))


def _members(year: int, organisations, rules: pr.PointRules) -> pl.DataFrame:
    """The members counted in `year` with their branch and category (a member with no category is left out)."""
    qs = Member.objects.filter(status__in=COUNTED_STATUSES, joined_on__lte=dt.date(year, 12, 31))
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    frame = bulk.read_frame(qs.annotate(
        m=F("pk"), org=F("organisation_id"), dom=F("organisation__domain"),
        flowing=Case(When(status=Member.Status.FLOWING, then=Value(1)), default=Value(0), output_field=IntegerField()),
        ret=Case(When(retired=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).values_list("m", "org", "dom", "flowing", "ret"),
        {"member": pl.Int64, "organisation": pl.Int64, "domain": pl.String, "flowing": pl.Int32, "retired": pl.Int32})
    keys = frame.select("domain", "flowing", "retired").unique(maintain_order=True)
    keys = keys.with_columns(pl.Series("category", [rules.category_of(d, bool(f), bool(r))
                                                    for d, f, r in keys.iter_rows()], dtype=pl.String))
    return (frame.join(keys, on=["domain", "flowing", "retired"], how="left", nulls_equal=True)
            .filter(pl.col("category").is_not_null()).select("member", "organisation", "category"))


def _events(year: int, members: pl.DataFrame, organisations, *, member=None) -> pl.DataFrame:
    """Every record of `year` that can earn or cost points: (member, kind, meeting_kind, record_kind, record_id,
    occurred_on, category). The attendance (millions of rows) is read as three integer-like columns and joined to
    its meetings in Polars, not in the database. `member`: that member's records only, each with its id."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    meetings = Meeting.objects.filter(held_on__range=(start, end))
    enrolments = Enrolment.objects.filter(completed_on__range=(start, end))
    papers = Paper.objects.filter(passed=True, sat_on__range=(start, end))
    attendance = Attendance.objects.filter(meeting__in=meetings.values("pk"),
                                           status__in=[Attendance.Status.PRESENT, Attendance.Status.ABSENT])
    if organisations is not None:
        attendance = attendance.filter(member__organisation__in=organisations)
        enrolments = enrolments.filter(member__organisation__in=organisations)
        papers = papers.filter(member__organisation__in=organisations)
    if member is not None:
        attendance, enrolments, papers = (qs.filter(member=member) for qs in (attendance, enrolments, papers))
        meetings = meetings.filter(pk__in=attendance.values("meeting_id"))  # the member's, not the city's
    meeting_frame = bulk.read_frame(
        meetings.annotate(i=F("pk"), mk=F("kind"), d=Cast("held_on", CharField())).values_list("i", "mk", "d"),
        {"meeting": pl.Int64, "meeting_kind": pl.String, "occurred_on": pl.String})
    present = (pl.col("status") == Attendance.Status.PRESENT.value)
    attended = _attendance(attendance, grouped=member is None).join(meeting_frame, on="meeting").select(
        "member", kind=pl.when(present).then(pl.lit(pr.MEETING)).otherwise(pl.lit(pr.ABSENT)),
        meeting_kind="meeting_kind", record_kind=pl.lit(PointEntry.Record.ATTENDANCE.value), record_id="record_id",
        occurred_on="occurred_on")
    schema = {"member": pl.Int64, "kind": pl.String, "meeting_kind": pl.String, "record_kind": pl.String,
              "record_id": pl.Int64, "occurred_on": pl.String}
    parts = [attended]
    parts.append(bulk.read_frame(enrolments.annotate(
        m=F("member_id"), k=Value(pr.COURSE, output_field=CharField()), mk=Value("", output_field=CharField()),
        rk=Value(PointEntry.Record.ENROLMENT, output_field=CharField()), r=F("pk"),
        d=Cast("completed_on", CharField()),
    ).values_list("m", "k", "mk", "rk", "r", "d"), schema))
    parts.append(bulk.read_frame(papers.annotate(
        m=F("member_id"), k=Value(pr.PAPER, output_field=CharField()), mk=Value("", output_field=CharField()),
        rk=Value(PointEntry.Record.PAPER, output_field=CharField()), r=F("pk"), d=Cast("sat_on", CharField()),
    ).values_list("m", "k", "mk", "rk", "r", "d"), schema))
    events = pl.concat(parts, how="vertical_relaxed").with_columns(
        pl.col("meeting_kind").fill_null(""), pl.col("occurred_on").str.slice(0, 10).str.to_date())
    return events.join(members.select("member", "category"), on="member")


def _attendance(attendance, *, grouped: bool = True) -> pl.DataFrame:
    """(record_id, member, meeting, status) of the attendance rows. On PostgreSQL the members come grouped per
    meeting and status (a tenth of the rows through COPY, split in Polars) and without their record ids, which only
    the order of records on one day would use: what a member earns from an item in a period does not depend on it."""
    if grouped and connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        grouped = bulk.read_frame(
            attendance.values("meeting_id", "status").annotate(
                i=F("meeting_id"), st=F("status"), ms=StringAgg(Cast("member_id", CharField()), " "))
            .values_list("i", "st", "ms"), {"meeting": pl.Int64, "status": pl.String, "members": pl.String})
        return grouped.select(pl.lit(None, pl.Int64).alias("record_id"), pl.col("members").str.split(" ")
                              .alias("member"), "meeting", "status").explode("member").with_columns(
            pl.col("member").cast(pl.Int64))
    return bulk.read_frame(attendance.annotate(r=F("pk"), m=F("member_id"), i=F("meeting_id"), st=F("status"))
                           .values_list("r", "m", "i", "st"),
                           {"record_id": pl.Int64, "member": pl.Int64, "meeting": pl.Int64, "status": pl.String})


def _items_frame(rules: pr.PointRules) -> pl.DataFrame:
    rows = [(item.code, category, item.kind, item.meeting_kind, float(item.points), item.cap_per or "",
             float(item.cap_points) if item.cap_points is not None else None)
            for item in rules.items.values() if item.automatic for category in item.categories]
    return pl.DataFrame(rows, orient="row", schema={
        "item": pl.String, "category": pl.String, "kind": pl.String, "meeting_kind": pl.String,
        "points": pl.Float64, "cap_per": pl.String, "cap_points": pl.Float64})


def earned_by_records(events: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """What each record earns (or costs): its item's points, in date order, as far as the item's cap for the period
    leaves room after the records before it. One row per record and item, with `granted` (0 where the cap left
    nothing) and `capped`. The same records always give the same points: nothing depends on what was written
    before, so a record changed or removed changes the result."""
    earning = events.join(items, on=["kind", "meeting_kind", "category"])
    if earning.is_empty():
        return earning.with_columns(pl.lit(0.0).alias("granted"), pl.lit(False).alias("capped"))
    group = ["member", "item", "period"]
    earning = (earning.with_columns(_period(pl.col("occurred_on"), pl.col("cap_per")).alias("period"))
               .sort("occurred_on", "record_id")
               .with_columns(before=(pl.col("points").abs().cum_sum().over(group) - pl.col("points").abs())))
    room = (pl.col("cap_points") - pl.col("before")).clip(lower_bound=0)
    size = pl.when(pl.col("cap_points").is_null()).then(pl.col("points").abs()).otherwise(
        pl.min_horizontal(pl.col("points").abs(), room))
    earning = earning.with_columns(granted=(size * pl.col("points").sign()).round(1))
    return earning.with_columns(capped=pl.col("granted").abs() < pl.col("points").abs())


def member_records(year: int, member: Member, rules: pr.PointRules) -> pl.DataFrame:
    """What each of `member`'s records of `year` earned or cost (earned_by_records): the same points the ledger's
    movements sum to, one row per record and item, in date order. Empty for a member outside every category."""
    category = rules.category_of(member.organisation.domain, member.status == Member.Status.FLOWING, member.retired)
    if category is None:
        return pl.DataFrame()
    members = pl.DataFrame({"member": [member.pk], "organisation": [member.organisation_id], "category": [category]})
    events = _events(year, members, None, member=member)
    return earned_by_records(events, _items_frame(rules)).sort("occurred_on", "record_id")


def _wanted(events: pl.DataFrame, items: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Per member and automatic item: the points the records give (per cap period, the records' points up to the
    cap: the same as `earned_by_records` summed, without ordering millions of records), how many records counted,
    the last day one did and whether a cap cut any; and how many records the caps cut."""
    earning = events.join(items, on=["kind", "meeting_kind", "category"]).with_columns(
        _period(pl.col("occurred_on"), pl.col("cap_per")).alias("period"))
    per_period = earning.group_by("member", "item", "period").agg(
        n=pl.len().cast(pl.Int64), each=pl.col("points").first(), cap=pl.col("cap_points").first(),
        kind=pl.col("kind").first(), category=pl.col("category").first(), last_on=pl.col("occurred_on").max())
    size = pl.col("each").abs()
    counted = pl.when(pl.col("cap").is_null()).then(pl.col("n")).otherwise(
        pl.min_horizontal(pl.col("n"), (pl.col("cap") / size).ceil().cast(pl.Int64)))
    granted = pl.when(pl.col("cap").is_null()).then(pl.col("n") * size).otherwise(
        pl.min_horizontal(pl.col("n") * size, pl.col("cap")))
    per_period = per_period.with_columns(granted=(granted * pl.col("each").sign()).round(1), counted=counted)
    per_period = per_period.with_columns(cut=pl.col("n") - pl.col("counted") + (
        (pl.col("granted").abs() < pl.col("counted") * size) & (pl.col("counted") > 0)).cast(pl.Int64))
    wanted = per_period.group_by("member", "item").agg(
        wanted=pl.col("granted").sum().round(1), kind=pl.col("kind").first(), category=pl.col("category").first(),
        records=pl.col("counted").sum().cast(pl.Int64),
        last_on=pl.col("last_on").filter(pl.col("granted") != 0).max(), capped=(pl.col("cut") > 0).any())
    return wanted, int(per_period["cut"].sum()) if per_period.height else 0


def _standing(year: int, organisations) -> pl.DataFrame:
    """Per member and item, the sum of the year's entries earned from the records (automatic and deductions)."""
    qs = PointEntry.objects.filter(year=year, source__in=AUTOMATIC_SOURCES, state=PointEntry.State.APPROVED)
    if organisations is not None:
        qs = qs.filter(member__organisation__in=organisations)
    return bulk.read_frame(
        qs.values("member_id", "item").annotate(m=F("member_id"), i=F("item"), p=Cast(Sum("points"), CharField()))
        .values_list("m", "i", "p"), {"member": pl.Int64, "item": pl.String, "standing": pl.String},
    ).with_columns(pl.col("standing").cast(pl.Float64))


def _deltas(wanted: pl.DataFrame, standing: pl.DataFrame) -> pl.DataFrame:
    """The entries that bring the ledger to what the records give: for each member and item, wanted minus standing
    (a meeting recorded adds, a member marked absent after all takes the points back and deducts)."""
    both = wanted.join(standing, on=["member", "item"], how="full", coalesce=True).with_columns(
        pl.col("wanted").fill_null(0.0), pl.col("standing").fill_null(0.0), pl.col("records").fill_null(0),
        pl.col("capped").fill_null(False))
    return both.with_columns(delta=(pl.col("wanted") - pl.col("standing")).round(1)).filter(pl.col("delta") != 0)


def _write_entries(year: int, members: pl.DataFrame, deltas: pl.DataFrame, rules: pr.PointRules,
                   organisations) -> tuple[int, int]:
    """The base entries of members who have none this year, and the deltas, in one bulk write (COPY)."""
    had_base = PointEntry.objects.filter(year=year, item=BASE_ITEM)
    if organisations is not None:
        had_base = had_base.filter(member__organisation__in=organisations)
    had = pl.DataFrame({"member": list(had_base.values_list("member_id", flat=True))}, schema={"member": pl.Int64})
    bases = pl.DataFrame([(code, float(c.base)) for code, c in rules.categories.items()], orient="row",
                         schema={"category": pl.String, "points": pl.Float64})
    base = (members.join(had, on="member", how="anti").join(bases, on="category").filter(pl.col("points") != 0)
            .select("member", "category", "points", occurred_on=pl.lit(dt.date(year, 1, 1)),
                    source=pl.lit(PointEntry.Source.BASE.value), record_kind=pl.lit(PointEntry.Record.YEAR.value),
                    record_id=pl.lit(year, pl.Int64), capped=pl.lit(False), item=pl.lit(BASE_ITEM),
                    records=pl.lit(0, pl.Int64)))
    categories = members.select("member", fallback="category")
    last_day = min(timezone.localdate(), dt.date(year, 12, 31))
    kinds = {item.code: item.kind for item in rules.items.values()}
    record_kinds = {pr.MEETING: PointEntry.Record.ATTENDANCE.value, pr.ABSENT: PointEntry.Record.ATTENDANCE.value,
                    pr.COURSE: PointEntry.Record.ENROLMENT.value, pr.PAPER: PointEntry.Record.PAPER.value}
    kind = pl.col("item").replace_strict(kinds, default=None)
    earned = deltas.join(categories, on="member", how="left").select(
        "member", category=pl.coalesce("category", "fallback", pl.lit("")), points=pl.col("delta"),
        occurred_on=pl.coalesce("last_on", pl.lit(last_day)),
        source=pl.when(kind == pr.ABSENT).then(pl.lit(PointEntry.Source.DEDUCTION.value))
        .otherwise(pl.lit(PointEntry.Source.AUTO.value)),
        record_kind=kind.replace_strict(record_kinds, default=""), record_id=pl.lit(None, pl.Int64),
        capped=pl.col("capped"), item=pl.col("item"), records=pl.col("records"))
    rows = pl.concat([base, earned], how="vertical_relaxed").with_columns(
        year=pl.lit(year, pl.Int64), state=pl.lit(PointEntry.State.APPROVED.value), note=pl.lit(""),
        created_at=pl.lit(timezone.now()), points=pl.col("points").round(1))
    bulk.insert_frame(PointEntry, rows.sort("member", "item").select(ENTRY_COLUMNS))
    return base.height, earned.height


def _totals(year: int, members: pl.DataFrame, rules: pr.PointRules, organisations,
            automatic: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each member's total, ranks, level and uses. `automatic`: (member, item, points) of the items earned from
    the records as the ledger now holds them (read from the ledger when None)."""
    qs = PointEntry.objects.filter(year=year, state=PointEntry.State.APPROVED)
    if organisations is not None:
        qs = qs.filter(member__organisation__in=organisations)
    if automatic is not None:
        qs = qs.exclude(source__in=AUTOMATIC_SOURCES)
    # Per item first: an item's entries add up (a delta taking points back is not a deduction); earned and deducted
    # are the items' totals above and below zero.
    per_item = bulk.read_frame(qs.values("member_id", "item").annotate(
        m=F("member_id"), i=F("item"), p=Cast(Sum("points"), CharField())).values_list("m", "i", "p"),
        {"member": pl.Int64, "item": pl.String, "points": pl.String}).with_columns(pl.col("points").cast(pl.Float64))
    if automatic is not None:
        per_item = pl.concat([per_item, automatic.select("member", "item", "points")], how="vertical_relaxed")
    sums = per_item.group_by("member").agg(
        points=pl.col("points").sum(),
        earned=pl.col("points").filter((pl.col("points") > 0) & (pl.col("item") != BASE_ITEM)).sum(),
        deducted=pl.col("points").filter(pl.col("points") < 0).sum())
    frame = (members.join(sums, on="member", how="left")
             .with_columns(pl.col(c).fill_null(0.0) for c in ("points", "earned", "deducted")))
    frame = frame.with_columns(
        rank=pl.col("points").rank("min", descending=True).over("organisation").cast(pl.Int64),
        rank_up=pl.col("points").rank("min").over("organisation").cast(pl.Int64),
        size=pl.len().over("organisation").cast(pl.Int64),
    )
    # 积分晋级: the level whose minimum was kept in each of its last N years (earlier years' stored totals).
    history = frame.select("member", pl.lit(year, pl.Int64).alias("year"), "points")
    if rules.levels and rules.max_years > 1:
        earlier = PointTotal.objects.filter(year__gte=year - rules.max_years + 1, year__lt=year)
        if organisations is not None:
            earlier = earlier.filter(member__organisation__in=organisations)
        history = pl.concat([history, bulk.read_frame(
            earlier.annotate(m=F("member_id"), y=F("year"), p=Cast("points", CharField())).values_list("m", "y", "p"),
            {"member": pl.Int64, "year": pl.Int64, "points": pl.String},
        ).with_columns(pl.col("points").cast(pl.Float64))])
    kept = history.group_by("member").agg(
        (((pl.col("year") > year - lv.years) & (pl.col("points") >= float(lv.min_points))).sum() == lv.years)
        .alias(f"level_{lv.level}") for lv in rules.levels) if rules.levels else None
    level = pl.lit(None, pl.Int64)
    for lv in rules.levels:  # lowest first: a higher level reached overrides
        level = pl.when(pl.col(f"level_{lv.level}")).then(pl.lit(lv.level, pl.Int64)).otherwise(level)
    if kept is not None:
        frame = frame.join(kept, on="member", how="left")
    top, bottom, below = rules.recommend_top_percent, rules.talk_with_bottom_percent, rules.talk_with_below
    recommended = (pl.col("rank") <= (pl.col("size") * float(top) / 100).ceil()) if top is not None else pl.lit(False)
    talk = pl.lit(False)
    if bottom is not None:
        talk = talk | (pl.col("rank_up") <= (pl.col("size") * float(bottom) / 100).ceil())
    if below is not None:
        talk = talk | (pl.col("points") < float(below))
    return frame.with_columns(level=level, recommended=recommended).with_columns(
        talk_with=talk & ~pl.col("recommended"))


def _write_totals(year: int, frame: pl.DataFrame, organisations) -> int:
    old = PointTotal.objects.filter(year=year)
    if organisations is not None:
        old = old.filter(Q(organisation__in=organisations) | Q(member__organisation__in=organisations))
    old.delete()  # a roll-up nothing points at: one DELETE (Django's fast delete)
    rows = frame.select(
        "member", "organisation", "category", pl.col("points").round(1), pl.col("earned").round(1),
        pl.col("deducted").round(1), rank_in_branch=pl.col("rank"), level=pl.col("level"),
        recommended=pl.col("recommended"), talk_with=pl.col("talk_with"),
        year=pl.lit(year, pl.Int64), computed_at=pl.lit(timezone.now()))
    bulk.insert_frame(PointTotal, rows)
    return rows.height


def compute_year(year: int, *, organisations=None, pack=None, user=None) -> dict:
    """Earns every automatic point of `year` from the records (meetings attended or missed without leave, courses
    completed, exams passed) and each member's base, in bulk; then recomputes the year's totals, ranks in the
    branch, promotion levels and uses. Idempotent: a record that earned once never earns again, and caps count
    the entries already in the ledger. `organisations` limits it to their members (all when None); `pack` is the
    compiled pack to apply (the stored pack in effect in `year` when None). Returns counts."""
    rules, version = rules_for_year(year, pack)
    with transaction.atomic():
        if version is not None:  # one computation of a year at a time: the deltas read what the last one wrote
            type(version).objects.select_for_update().filter(pk=version.pk).exists()
        members = _members(year, organisations, rules)
        events = _events(year, members, organisations)
        wanted, capped = _wanted(events, _items_frame(rules))
        deltas = _deltas(wanted, _standing(year, organisations))
        bases, entries = _write_entries(year, members, deltas, rules, organisations)
        totals = _totals(year, members, rules, organisations,
                         automatic=wanted.filter(pl.col("wanted") != 0).select("member", "item", points="wanted"))
        written = _write_totals(year, totals, organisations)
        counts = {"year": year, "members": members.height, "records": events.height, "base_entries": bases,
                  "entries": entries, "capped": capped,
                  "totals": written}
        if version is not None:
            audit.entry(version, ChangeLog.Action.RUN, user, source="points.compute_year", after=counts).save()
    transaction.on_commit(lambda: bulk.analyze((PointEntry, ("year", "member", "item", "state")),
                                               (PointTotal, ("year", "organisation", "rank_in_branch"))))
    return counts


def _category(member: Member, rules: pr.PointRules) -> str | None:
    return rules.category_of(member.organisation.domain, member.status == Member.Status.FLOWING, member.retired)


def request_points(member: Member, item: str, occurred_on: dt.date, note: str, user, *, pack=None) -> PointEntry:
    """Asks for a request item's points for `member` (a bonus or a penalty); counted only once someone else
    approves it (`decide`). Refuses an item the member's category does not have, an item earned from the records,
    a date outside a pack with point rules, and an empty note."""
    rules, _version = rules_for_year(occurred_on.year, pack)
    category = _category(member, rules)
    found = rules.items.get(item)
    if found is None or category is None or category not in found.categories:
        label = rules.categories[category].label["zh"] if category in rules.categories else _("no category")
        raise PointsError(_("The point item “%(item)s” does not exist for members of the category “%(category)s”.")
                          % {"item": found.label["zh"] if found else item, "category": label})
    if found.automatic:
        raise PointsError(_("The point item “%(item)s” is earned from the records (meetings, courses, exams) "
                            "and cannot be requested.") % {"item": found.label["zh"]})
    if not (note or "").strip():
        raise PointsError(_("Say what the points are for."))
    if occurred_on > timezone.localdate():
        raise PointsError(_("The date is in the future."))
    with transaction.atomic():
        entry = PointEntry.objects.create(
            member=member, year=occurred_on.year, item=item, category=category, points=found.points,
            occurred_on=occurred_on, source=PointEntry.Source.REQUEST, state=PointEntry.State.REQUESTED,
            requested_by=user, note=note.strip()[:200])
        audit.record(entry, ChangeLog.Action.CREATE, user, source="points.request")
    return entry


def decide(entry: PointEntry, approve: bool, user, *, pack=None) -> PointEntry:
    """Approves or refuses a requested entry (four eyes: never by its requester). An approved entry takes what its
    item's cap still leaves in the period (none left: refused with a message); then the member's yearly total is
    recomputed with the branch's ranks."""
    with transaction.atomic():
        entry = PointEntry.objects.select_for_update().select_related("member__organisation").get(pk=entry.pk)
        if entry.state != PointEntry.State.REQUESTED:
            raise PointsError(_("This request has already been decided."))
        if user is None or entry.requested_by_id == user.pk:
            raise PointsError(_("A request is approved or refused by someone other than the person who made it."))
        before = audit.snapshot(entry)
        if approve:
            rules, _version = rules_for_year(entry.year, pack)
            item = rules.items.get(entry.item)
            if item is None:
                raise PointsError(_("The point item of this request is no longer in the standard pack."))
            if item.cap_points is not None:
                used = abs(sum((p for p, day in PointEntry.objects.filter(
                    member=entry.member_id, item=entry.item, year=entry.year, state=PointEntry.State.APPROVED,
                ).values_list("points", "occurred_on") if _same_period(day, entry.occurred_on, item.cap_per)),
                    Decimal(0)))
                room = max(item.cap_points - used, Decimal(0))
                if room == 0:
                    raise PointsError(_("The cap of “%(item)s” for this period is reached: nothing more can be "
                                        "counted.") % {"item": item.label["zh"]})
                if room < abs(entry.points):
                    entry.points = room if entry.points > 0 else -room
                    entry.capped = True
        entry.state = PointEntry.State.APPROVED if approve else PointEntry.State.REFUSED
        entry.decided_by, entry.decided_at = user, timezone.now()
        PointEntry.objects.filter(pk=entry.pk).update(state=entry.state, decided_by=user, decided_at=entry.decided_at,
                                                      points=entry.points, capped=entry.capped)
        audit.record(entry, ChangeLog.Action.APPROVE if approve else ChangeLog.Action.RETURN, user, before=before,
                     source="points.decide")
        if approve:
            refresh_branch(entry.member.organisation, entry.year, pack=pack)
    return entry


def refresh_branch(organisation, year: int, *, pack=None) -> None:
    """The stored totals, ranks, levels and uses of one branch's members in `year`, from the ledger as it is."""
    rules, _version = rules_for_year(year, pack)
    organisations = [organisation]
    members = _members(year, organisations, rules)
    _write_totals(year, _totals(year, members, rules, organisations), organisations)


def _same_period(a: dt.date, b: dt.date, per: str | None) -> bool:
    if per == "month":
        return (a.year, a.month) == (b.year, b.month)
    if per == "quarter":
        return (a.year, (a.month - 1) // 3) == (b.year, (b.month - 1) // 3)
    return a.year == b.year


def correct(entry: PointEntry, points: Decimal, note: str, user) -> PointEntry:
    """A correction of a counted entry: a new entry of `points` (e.g. minus the entry's to cancel it), never an
    update of the old one."""
    if entry.state != PointEntry.State.APPROVED:
        raise PointsError(_("Only a counted entry can be corrected."))
    if not (note or "").strip():
        raise PointsError(_("Say why the entry is corrected."))
    if points == 0:
        raise PointsError(_("A correction changes the points by something other than zero."))
    with transaction.atomic():
        new = PointEntry.objects.create(
            member_id=entry.member_id, year=entry.year, item=entry.item, category=entry.category, points=points,
            occurred_on=entry.occurred_on, source=PointEntry.Source.CORRECTION, state=PointEntry.State.APPROVED,
            corrects=entry, requested_by=user, decided_by=user, decided_at=timezone.now(), note=note.strip()[:200])
        audit.record(new, ChangeLog.Action.CREATE, user, source="points.correct")
        refresh_branch(entry.member.organisation, entry.year)
    return new
