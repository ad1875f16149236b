"""A year of the sample city's organisational life and training, written in bulk: meetings with their attendance
(and appraisal grades), course libraries, classes, enrolments with completions, an exam with its papers. Sample data,
so no action, no change log: the rows are written straight into the tables of guifan.meetings and guifan.training
(guifan.core.bulk: COPY on PostgreSQL), primary keys chosen here. A meeting's counts (`voting_members`,
`voting_present`, `present`) are computed from the attendance rows written with it, as meetings.actions would.

How often, who attends, the misses left on purpose: the `activities:` section of data/sample-figures.yaml
(docs/sample-city.md, "Meetings and training"). The living year stops at its "now" (`living_now`): nothing is held,
completed or sat after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.core import bulk
from guifan.facts.models import Period
from guifan.meetings.models import AbsenceCount, Appraisal, Attendance, Meeting
from guifan.meetings.rollups import refresh_absences
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.seeding import living
from guifan.seeding.progress import bar
from guifan.seeding.sample_figures import params
from guifan.training.models import Course, CourseLibrary, Enrolment, Exam, Paper, Question, TrainingClass

Kind = Organisation.Kind
FLUSH_ROWS = 200_000  # attendance rows kept in memory before they are written
GONE = GONE_STATUSES
TRAINING_MODELS = (CourseLibrary, Course, Question, TrainingClass, Exam)  # primary keys chosen here
ALL_MODELS = (AbsenceCount, Appraisal, Attendance, Meeting, Paper, Exam, Enrolment, TrainingClass, Question, Course,
              CourseLibrary)


def settings() -> dict:
    return params()["activities"]


def living_now(year: int) -> dt.date:
    """The living year's "now": its living periods' deadlines are set `deadline_in_days` from today, so today stands
    for the earliest of (a living period's end − its days); never after the real today."""
    spec = living.settings()["deadline_in_days"]
    months = iter(spec["monthly"])
    found = []
    for code, stage in living.stages(year).items():
        if stage != "living":
            continue
        kind = (Period.Kind.YEARLY if len(code) == 4 else Period.Kind.QUARTERLY if "Q" in code
                else Period.Kind.MONTHLY)
        number = 0 if kind == Period.Kind.YEARLY else int(code[5:]) if kind == Period.Kind.QUARTERLY else int(code[4:])
        period = Period.build(kind, year, number)
        days = next(months) if kind == Period.Kind.MONTHLY else spec[kind]
        found.append(period.end - dt.timedelta(days=days))
    return min([*found, timezone.localdate()]) if found else dt.date(year, 12, 31)


@dataclass
class Planted:
    """A miss left on purpose: the organisation, the meeting kind, what is missing (in words)."""

    organisation: int
    name: str
    kind: str
    what: str
    months: list[int] = field(default_factory=list)


@dataclass
class Written:
    rows: dict[str, int] = field(default_factory=dict)       # table label -> rows
    seconds: dict[str, float] = field(default_factory=dict)  # table label -> seconds writing it
    planted: list[Planted] = field(default_factory=list)
    until: dt.date | None = None

    def add(self, model, count: int, seconds: float) -> None:
        label = model._meta.label_lower
        self.rows[label] = self.rows.get(label, 0) + count
        self.seconds[label] = self.seconds.get(label, 0.0) + seconds


def _timed_insert(written: Written, model, names, rows, *, ready: bool = False) -> None:
    """bulk.insert, timed; `ready`: the rows hold what the driver takes already (ids, text, booleans, dates through
    `Dates`), so they go to COPY or executemany as they are, with no per-value preparation (10 million rows)."""
    if not rows:
        written.add(model, 0, 0.0)
        return
    started = time.perf_counter()
    if ready:
        _insert_ready(model, names, rows)
    else:
        bulk.insert(model, names, rows, 5000)
    written.add(model, len(rows), time.perf_counter() - started)


def _insert_ready(model, names, rows) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})", rows)


class Dates:
    """Dates and times as the driver takes them, each converted once."""

    def __init__(self):
        self.memo = {}

    def __call__(self, day):
        if day is None:
            return None
        try:
            return self.memo[day]
        except KeyError:
            value = self.memo[day] = connection.ops.adapt_datefield_value(day)
            return value


@dataclass
class Org:
    pk: int
    code: str
    name: str
    kind: str
    domain: str
    parent: int | None
    path: str
    founded: dt.date | None
    dissolved: dt.date | None
    secretary: int | None
    region: str
    county: str
    township: str
    village: bool


@dataclass
class People:
    """Members of one organisation (or group), by date of joining: (joined_on, pk, full, status)."""

    joined: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def add(self, row) -> None:
        self.rows.append(row)

    def done(self) -> None:
        self.rows.sort()
        self.joined = [r[0] for r in self.rows]

    def at(self, day: dt.date) -> list:
        return self.rows[:bisect.bisect_right(self.joined, day)]


class Register:
    """What the generator reads of the register, in a few queries."""

    def __init__(self, year: int):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        levels = dict(Region.objects.values_list("code", "level"))
        rows = (Organisation.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start))
                .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
                .values_list("pk", "code", "name", "kind", "domain", "parent_id", "path", "founded_on",
                             "dissolved_on", "secretary_id", "region__code", "region__path", "host_unit__kind")
                .order_by("code"))
        self.orgs: dict[int, Org] = {}
        for pk, code, name, kind, domain, parent, path, founded, dissolved, sec, region, rpath, host in rows:
            county, township = living._county_and_township(rpath, levels)
            self.orgs[pk] = Org(pk, code, name, kind, domain, parent, path, founded, dissolved, sec, region, county,
                                township, host in ("admin_village", "rural_community") and parent is None)
        self.members: dict[int, People] = {}   # branch -> its members
        self.groups: dict[int, People] = {}    # party group -> its members
        self.subtree: dict[int, People] = {}   # general branch / committee -> the full members below it
        self.names: dict[int, str] = {}
        self.member_org: dict[int, int] = {}
        self.status: dict[int, str] = {}
        top = {o.pk for o in self.orgs.values() if o.kind in (Kind.GENERAL_BRANCH, Kind.COMMITTEE)}
        members = (Member.objects.exclude(status__in=GONE).filter(joined_on__lte=end)
                   .values_list("pk", "organisation_id", "party_group_id", "category", "status", "joined_on", "name")
                   .order_by("pk"))
        for pk, org, group, category, status, joined, name in members:
            if org not in self.orgs:
                continue
            row = (joined, pk, category == Member.Category.FULL, status)
            self.members.setdefault(org, People()).add(row)
            if group in self.orgs:
                self.groups.setdefault(group, People()).add(row)
            if row[2]:
                for anc in self.orgs[org].path.strip("/").split("/")[:-1]:
                    if int(anc) in top:
                        self.subtree.setdefault(int(anc), People()).add(row)
            self.names[pk], self.member_org[pk], self.status[pk] = name, org, status
        for people in (*self.members.values(), *self.groups.values(), *self.subtree.values()):
            people.done()

    def holders(self, spec: dict) -> list[Org]:
        domains = spec.get("domains")
        out = []
        for org in self.orgs.values():
            if domains and org.domain not in domains:
                continue
            holder = spec["holder"]
            if holder == "group" and org.kind == Kind.GROUP and org.pk in self.groups:
                out.append(org)
            elif holder == "branch" and org.kind == Kind.BRANCH and org.pk in self.members:
                out.append(org)
            elif holder == "committee" and (
                    (org.kind == Kind.BRANCH and sum(r[2] for r in self.members.get(org.pk, People()).rows)
                     >= spec.get("min_full", 0))
                    or (org.kind in (Kind.GENERAL_BRANCH, Kind.COMMITTEE) and org.pk in self.subtree)):
                out.append(org)
        return out

    def people(self, org: Org, spec: dict) -> People:
        if spec["holder"] == "group":
            return self.groups[org.pk]
        if org.kind == Kind.BRANCH:
            return self.members[org.pk]
        return self.subtree[org.pk]

    def host(self, org: Org) -> int | None:
        if org.secretary:
            return org.secretary
        people = self.members.get(org.pk) or self.subtree.get(org.pk) or self.groups.get(org.pk)
        return people.rows[0][1] if people and people.rows else None


def _first_friday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def _schedule(spec: dict, year: int, rng: random.Random) -> list[tuple[int, dt.date]]:
    if spec.get("quarterly"):
        months = [3 * q + rng.randint(1, 3) for q in range(4)]
    elif "one_of" in spec:
        months = [rng.choice(spec["one_of"])]
    else:
        months = list(spec["months"])
    out = []
    for month in months:
        if spec.get("friday"):
            day = _first_friday(year, month) + dt.timedelta(days=7 * rng.randint(0, 3))
            if day.month != month:
                day -= dt.timedelta(days=7)
        else:
            day = dt.date(year, month, rng.randint(1, 28))
        out.append((month, day))
    return out


def _planted_orgs(reg: Register, holders: dict[str, list[Org]], spec: dict, kinds: dict, year: int) -> list[Planted]:
    """The organisations the `planted` section picks (among those with members the whole year), with what each
    misses."""
    start = dt.date(year, 1, 1)

    def whole_year(org: Org, kind: str) -> bool:
        return (not org.founded or org.founded < start) and not org.dissolved \
            and bool(reg.people(org, kinds[kind]).at(start))

    out = []
    for one in spec["skipped"]:
        found = [o for o in holders.get(one["kind"], []) if o.domain == one["domain"] and whole_year(o, one["kind"])]
        inside = [o for o in found if one.get("region") and o.region.startswith(one["region"])]
        for org in (inside or found)[:one["count"]]:
            out.append(Planted(org.pk, org.name, one["kind"], "skipped", list(one["months"])))
    quorum = spec["no_quorum"]
    taken = {p.organisation for p in out}
    found = [o for o in holders.get(quorum["kind"], [])
             if o.domain == quorum["domain"] and o.pk not in taken and whole_year(o, quorum["kind"])]
    for org in found[:quorum["count"]]:
        out.append(Planted(org.pk, org.name, quorum["kind"], "no_quorum"))
    return out


def _attend(rng, attendees, day, probs, reasons, meeting_id, rows) -> tuple[int, int, int]:
    """Appends the attendance rows of one meeting; returns (voting members, voting present, present)."""
    voting = voting_present = present = 0
    for joined, pk, full, status in attendees:
        p_present, p_leave = probs.get(status, probs[Member.Status.NORMAL])
        r = rng.random()
        vote = full and joined < day
        if r < p_present:
            rows.append((meeting_id, pk, "present", "", vote))
            present += 1
            voting_present += vote
        elif r < p_present + p_leave:
            rows.append((meeting_id, pk, "leave", reasons[int(r * 7919) % len(reasons)], vote))
        else:
            rows.append((meeting_id, pk, "absent", "", vote))
        voting += vote
    return voting, voting_present, present


def _without_quorum(rows: list, start: int, counts: tuple[int, int, int]) -> tuple[int, int, int]:
    """Members with a vote present turned to on leave until at most half of them are present (the planted meeting
    without a quorum); rows[start:] are the meeting's."""
    voting, voting_present, present = counts
    for i in range(start, len(rows)):
        if voting_present * 2 <= voting:
            break
        meeting, member, status, _reason, vote = rows[i]
        if vote and status == "present":
            rows[i] = (meeting, member, "leave", "因公出差", vote)
            voting_present -= 1
            present -= 1
    return voting, voting_present, present


def _with_quorum(rows: list, start: int, counts: tuple[int, int, int]) -> tuple[int, int, int]:
    """Members with a vote on leave or absent turned to present until more than half of them are: a meeting short
    of its quorum is put off until it has one (rows[start:] are the meeting's)."""
    voting, voting_present, present = counts
    for i in range(start, len(rows)):
        if voting_present * 2 > voting:
            break
        meeting, member, status, _reason, vote = rows[i]
        if vote and status != "present":
            rows[i] = (meeting, member, "present", "", vote)
            voting_present += 1
            present += 1
    return voting, voting_present, present


def write_meetings(reg: Register, year: int, until: dt.date, seed: int, written: Written) -> None:
    spec = settings()
    kinds = spec["kinds"]
    probs = {status: (p["present"], p["leave"]) for status, p in spec["attendance"].items()}
    reasons, texts, quorum_kinds = spec["leave_reasons"], spec["texts"], set(spec["quorum"])
    grades = list(spec["appraisal"].items())
    low, high = spec["committee_size"]
    holders = {kind: reg.holders(k) for kind, k in kinds.items()}
    planted = _planted_orgs(reg, holders, spec["planted"], kinds, year)
    skipped = {(p.organisation, p.kind): set(p.months) for p in planted if p.what == "skipped"}
    no_quorum = {(p.organisation, p.kind) for p in planted if p.what == "no_quorum"}
    dates = Dates()
    recorded_at = connection.ops.adapt_datetimefield_value(timezone.now())
    next_pk = (Meeting.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    meetings, attendance, appraisals, met = [], [], [], set()
    meeting_names = ("id", "organisation", "kind", "held_on", "place", "topic", "host", "minutes", "lecturer",
                     "preparation", "voting_members", "voting_present", "present", "recorded_by", "recorded_at")

    def flush():
        _timed_insert(written, Meeting, meeting_names, meetings, ready=True)
        _timed_insert(written, Attendance, ("meeting", "member", "status", "reason", "has_vote"), attendance,
                      ready=True)
        _timed_insert(written, Appraisal, ("meeting", "member", "grade"), appraisals, ready=True)
        meetings.clear()
        attendance.clear()
        appraisals.clear()

    orgs = sorted({o.pk: o for kind in holders.values() for o in kind}.values(), key=lambda o: o.code)
    held_by = {kind: {o.pk for o in found} for kind, found in holders.items()}
    for org in bar(orgs, desc=_("%(year)s meetings") % {"year": year},
                   unit=pgettext("progress bar unit", "organisations")):
        rng = random.Random(f"guifan-meetings:{seed}:{org.code}:{year}")
        place = spec["places"].get(org.domain, "")
        host_pk = reg.host(org)
        host = reg.names.get(host_pk, "")
        committee_size = rng.randint(low, high)
        for kind, kind_spec in kinds.items():
            if org.pk not in held_by[kind]:
                continue
            people = reg.people(org, kind_spec)
            skip = skipped.get((org.pk, kind), ())
            first = (org.pk, kind) in no_quorum
            for month, day in _schedule(kind_spec, year, rng):
                if month in skip or day > until or (org.founded and day < org.founded) \
                        or (org.dissolved and day > org.dissolved):
                    continue
                attendees = people.at(day)
                if kind_spec["attend"] == "committee":
                    full = [r for r in attendees if r[2] and r[1] != host_pk]
                    head = [r for r in attendees if r[1] == host_pk]
                    attendees = (head + full)[:committee_size]
                if not attendees:
                    continue
                topic = kind_spec["topics"][rng.randrange(len(kind_spec["topics"]))]
                chair = host or reg.names[attendees[0][1]]  # no secretary in the year: its first member chairs
                start = len(attendance)
                counts = _attend(rng, attendees, day, probs, reasons, next_pk, attendance)
                if first:
                    counts = _without_quorum(attendance, start, counts)
                    first = False
                elif kind in quorum_kinds:
                    counts = _with_quorum(attendance, start, counts)
                voting, voting_present, present = counts
                lecture = kind_spec.get("lecture")
                minutes = texts["minutes"].format(topic=topic, n=len(attendees), present=present)
                meetings.append((next_pk, org.pk, kind, dates(day), place, topic, chair, minutes,
                                 chair if lecture else "",
                                 texts["preparation"].format(topic=topic) if lecture else "",
                                 voting, voting_present, present, None, recorded_at))
                if kind_spec.get("appraisal"):
                    for row in attendance[start:]:
                        r, grade = rng.random(), grades[-1][0]
                        for name, share in grades:
                            if r < share:
                                grade = name
                                break
                            r -= share
                        appraisals.append((next_pk, row[1], grade))
                next_pk += 1
                met.add(org.pk)
        if len(attendance) >= FLUSH_ROWS:
            flush()
    flush()
    founded = [o for o in reg.orgs.values() if o.founded and o.founded.year == year and o.pk in met]
    planted += [Planted(o.pk, o.name, "", "founded", [o.founded.month])
                for o in founded[:spec["planted"]["founded_listed"]]]
    written.planted = planted


def _ensure_libraries(reg: Register, written: Written) -> dict:
    """The course libraries, their courses and the question bank: made once, kept across years. Returns
    {(level, owner): [(course pk, spec)]} and the question bank [(pk, answer, choices)]."""
    spec = settings()["training"]
    courses_by_level = spec["courses"]
    existing = {(lib.level, lib.region_id or lib.organisation_id): lib.pk for lib in CourseLibrary.objects.all()}
    regions = dict(Region.objects.values_list("code", "pk"))
    names = dict(Region.objects.values_list("code", "name"))
    city = Region.objects.current().filter(level=Region.Level.CITY).values_list("code", flat=True).first()
    owners = [("city", regions[city], names[city])] if city else []
    counties = sorted({o.county for o in reg.orgs.values() if o.county})
    townships = sorted({o.township for o in reg.orgs.values() if o.township})
    owners += [("county", regions[c], names[c]) for c in counties]
    owners += [("township", regions[t], names[t]) for t in townships]
    owners += [("village", o.pk, o.name) for o in reg.orgs.values() if o.village]
    new_libs, new_courses = [], []
    lib_pk = (CourseLibrary.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    course_pk = (Course.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    for level, owner, name in owners:
        if (level, owner) in existing:
            continue
        region, org = (None, owner) if level == "village" else (owner, None)
        new_libs.append((lib_pk, level, region, org, spec["libraries"][level].format(region=name, organisation=name)))
        for course in courses_by_level[level]:
            hours = Decimal(str(course["hours"]))
            new_courses.append((course_pk, lib_pk, course["title"], course["mode"], hours, hours,
                                course.get("audience", "")))
            course_pk += 1
        existing[(level, owner)] = lib_pk
        lib_pk += 1
    _timed_insert(written, CourseLibrary, ("id", "level", "region", "organisation", "name"), new_libs)
    _timed_insert(written, Course, ("id", "library", "title", "mode", "hours", "credits", "audience"), new_courses)
    city_lib = existing.get(("city", regions.get(city)))
    if city_lib and not Question.objects.filter(library_id=city_lib).exists():
        q_pk = (Question.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        rows = [(q_pk + i, city_lib, None, q["text"], q["choices"], q["answer"], 10)
                for i, q in enumerate(spec["questions"])]
        _timed_insert(written, Question, ("id", "library", "course", "text", "choices", "answer", "marks"), rows)
    by_library: dict = {}
    specs = {(level, c["title"]): c for level, courses in courses_by_level.items() for c in courses}
    lib_level = dict(CourseLibrary.objects.values_list("pk", "level"))
    for pk, library, title in Course.objects.values_list("pk", "library_id", "title").order_by("pk"):
        found = specs.get((lib_level[library], title))
        if found:
            by_library.setdefault(library, []).append((pk, found))
    questions = list(Question.objects.filter(library_id=city_lib).values_list("pk", "answer", "choices")
                     .order_by("pk"))
    return {"libraries": existing, "courses": by_library, "questions": questions, "regions": regions, "city": city}


def write_training(reg: Register, year: int, until: dt.date, seed: int, written: Written) -> None:
    spec = settings()["training"]
    made = _ensure_libraries(reg, written)
    libraries, courses, regions = made["libraries"], made["courses"], made["regions"]
    class_pk = (TrainingClass.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    classes, by_course = [], {}  # course pk -> [(class pk, starts, ends, hours)]
    lib_region = dict(CourseLibrary.objects.values_list("pk", "region_id"))
    org_region = {o.pk: regions.get(o.region) for o in reg.orgs.values()}
    lib_org = dict(CourseLibrary.objects.filter(organisation__isnull=False).values_list("pk", "organisation_id"))
    for library, found in courses.items():
        for course, course_spec in found:
            for i, month in enumerate(course_spec["months"], 1):
                starts = dt.date(year, month, 10)
                ends = starts + dt.timedelta(days=course_spec["days"] - 1)
                if starts > until:
                    continue
                region = lib_region.get(library) or org_region.get(lib_org.get(library))
                title = settings()["texts"]["class"].format(year=year, course=course_spec["title"], n=i)
                classes.append((class_pk, course, title, starts, ends, "", region))
                by_course.setdefault(course, []).append((class_pk, starts, ends, Decimal(str(course_spec["hours"]))))
                class_pk += 1
    _timed_insert(written, TrainingClass, ("id", "course", "title", "starts_on", "ends_on", "place", "region"),
                  classes)
    secretaries = {o.secretary: o for o in reg.orgs.values() if o.secretary}
    regions_pk = regions
    enrolments, exam_takers = [], {}
    short, secretary_short = spec["short_share"], spec["secretary_short_share"]
    dates, zero = Dates(), Decimal(0)
    for joined, member, org_pk in sorted((r[0], r[1], o) for o, p in reg.members.items() for r in p.rows):
        org = reg.orgs[org_pk]
        rng = random.Random(f"guifan-training:{seed}:{member}:{year}")
        top = reg.orgs.get(int(org.path.strip("/").split("/")[0]))
        owners = [("city", regions_pk.get(made["city"])), ("county", regions_pk.get(org.county)),
                  ("township", regions_pk.get(org.township))]
        if top and top.village:
            owners.append(("village", top.pk))
        led = secretaries.get(member)
        taken = []
        for owner in owners:
            library = libraries.get(owner)
            for course, course_spec in courses.get(library, ()):
                audience = course_spec.get("audience", "")
                if audience == "secretary" and not led:
                    continue
                if audience == "rural_secretary" and not (led and led.domain == "R"):
                    continue
                if course_spec.get("domains") and org.domain not in course_spec["domains"]:
                    continue
                runs = [c for c in by_course.get(course, ()) if c[1] >= joined]
                if runs:
                    taken.append((runs[rng.randrange(len(runs))], audience, course_spec))
        if not taken:
            continue
        plain = [i for i, t in enumerate(taken) if not t[1]]
        left_out = set()
        if plain and rng.random() < short:
            left_out.add(rng.choice(plain))
        if led and rng.random() < secretary_short:
            left_out.update(i for i, t in enumerate(taken) if t[1] == "secretary")
        for i, ((klass, _starts, ends, hours), _audience, course_spec) in enumerate(taken):
            done = ends <= until and i not in left_out
            enrolments.append((klass, member, dates(ends) if done else None, hours if done else zero,
                               hours if done else zero, None))
            if course_spec.get("exam") and done:
                exam_takers.setdefault(klass, []).append(member)
    _timed_insert(written, Enrolment, ("training_class", "member", "completed_on", "hours", "credits",
                                       "recorded_by"), enrolments, ready=True)
    _write_exams(year, until, seed, by_course, courses, exam_takers, made["questions"], written)


def _write_exams(year, until, seed, by_course, courses, takers, questions, written: Written) -> None:
    spec = settings()["training"]["exam"]
    exam_pk = (Exam.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    exams, papers = [], []
    per_question = spec["total"] // spec["questions"]
    for found in courses.values():
        for course, course_spec in found:
            if not course_spec.get("exam"):
                continue
            for klass, _starts, ends, _hours in by_course.get(course, ()):
                held = ends + dt.timedelta(days=1)
                if held > until or not questions:
                    continue
                title = settings()["texts"]["exam"].format(year=year, course=course_spec["title"])
                exams.append((exam_pk, klass, title, held, spec["scheme"], spec["questions"], spec["total"],
                              spec["pass_mark"]))
                for i, member in enumerate(sorted(takers.get(klass, ()))):
                    rng = random.Random(f"guifan-exam:{seed}:{member}:{exam_pk}")
                    planted = i < spec["planted_retakes"]  # these fail and pass the retake, on purpose
                    failed = planted or rng.random() < spec["fail_share"]
                    papers.append(_paper(rng, exam_pk, member, 1, held, failed, questions, spec, per_question))
                    retake = held + dt.timedelta(days=14)
                    if failed and (planted or rng.random() < spec["retake_share"]) and retake <= until:
                        papers.append(_paper(rng, exam_pk, member, 2, retake, False, questions, spec, per_question))
                exam_pk += 1
    _timed_insert(written, Exam, ("id", "training_class", "title", "held_on", "scheme", "questions", "total",
                                  "pass_mark"), exams)
    _timed_insert(written, Paper, ("exam", "member", "attempt", "drawn", "answers", "score", "total", "passed",
                                   "sat_on"), papers)


def _paper(rng, exam, member, attempt, day, failed, questions, spec, per_question):
    drawn = rng.sample(questions, min(spec["questions"], len(questions)))
    need = -(-spec["pass_mark"] // per_question)  # right answers to pass
    right = rng.randint(max(0, need - 4), need - 1) if failed else rng.randint(need, len(drawn))
    answers = {}
    for i, (pk, answer, choices) in enumerate(drawn):
        answers[str(pk)] = answer if i < right else [(answer[0] + 1) % len(choices)]
    score = right * per_question
    return (exam, member, attempt, [pk for pk, _a, _c in drawn], answers, score, spec["total"],
            score >= spec["pass_mark"], day)


def clear(year: int | None = None) -> dict:
    """Deletes the sample's records of `year` (every year: None, and the libraries too) in a few statements."""
    quote = connection.ops.quote_name
    counts = {}

    def run(model, where: str = "", params=()):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} {where}", params)
            counts[model._meta.label_lower] = cursor.rowcount

    if year is None:
        for model in ALL_MODELS:
            run(model)
        return counts
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    span = [connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)]
    meeting, klass, exam = (quote(m._meta.db_table) for m in (Meeting, TrainingClass, Exam))
    in_year = f"SELECT id FROM {meeting} WHERE held_on BETWEEN %s AND %s"
    classes = f"SELECT id FROM {klass} WHERE starts_on BETWEEN %s AND %s"
    run(AbsenceCount, "WHERE year = %s", [year])
    run(Appraisal, f"WHERE meeting_id IN ({in_year})", span)
    run(Attendance, f"WHERE meeting_id IN ({in_year})", span)
    run(Meeting, "WHERE held_on BETWEEN %s AND %s", span)
    run(Paper, f"WHERE exam_id IN (SELECT id FROM {exam} WHERE training_class_id IN ({classes}))", span)
    run(Exam, f"WHERE training_class_id IN ({classes})", span)
    run(Enrolment, f"WHERE training_class_id IN ({classes})", span)
    run(TrainingClass, "WHERE starts_on BETWEEN %s AND %s", span)
    return counts


@contextmanager
def indexes_after(models):
    """The tables' secondary indexes (and on PostgreSQL their foreign keys and unique constraints) dropped while
    millions of rows go in and made again afterwards, by their own definitions, in the same transaction: one sort
    per index and one query per foreign key instead of millions of scattered index inserts and deferred checks. On
    SQLite a larger page cache meanwhile. MariaDB: nothing (its DDL would commit)."""
    tables = [m._meta.db_table for m in models]
    quote = connection.ops.quote_name
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB instead of 2 MB
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           f"AND tbl_name IN ({marks})", tables)
            indexes, constraints = cursor.fetchall(), []
        else:
            # the checks still pending in this transaction (ALTER TABLE refuses a table with some) run now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                           "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                           "WHERE t.relname = ANY(%s) AND c.contype IN ('f', 'u') ORDER BY c.contype DESC", [tables])
            constraints = cursor.fetchall()
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname "
                           "NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))", [tables])
            indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
            for table, name, definition in constraints[::-1]:  # unique ones first, then the foreign keys
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -2000")


def reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Meeting, *TRAINING_MODELS])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def write_year(year: int, *, until: dt.date | None = None, seed: int = 1, analyze: bool = True) -> Written:
    """Meetings and training of `year` for the whole register, up to `until` (default: the year's end); replaces
    what the sample wrote for that year before. Call inside a transaction."""
    until = min(until or dt.date(year, 12, 31), dt.date(year, 12, 31))
    written = Written(until=until)
    clear(year)
    reg = Register(year)
    with indexes_after((Meeting, Attendance, Appraisal, Enrolment)):
        write_meetings(reg, year, until, seed, written)
        write_training(reg, year, until, seed, written)
    reset_sequences()
    refresh_absences(year)
    if analyze:
        if connection.vendor == "sqlite":  # statistics from a sample of each index, not all of millions of rows
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA analysis_limit = 2000")
        bulk.analyze((Meeting, ["organisation", "held_on", "kind"]), Attendance, Appraisal, AbsenceCount,
                     (TrainingClass, ["course", "ends_on", "region"]), Enrolment, Exam,
                     (Paper, ["exam", "member", "attempt", "score", "passed"]))
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA analysis_limit = 0")
    return written


def planted_in_words(planted: list[Planted]) -> list[str]:
    """One line per planted miss, in the current language, with no code: the organisation and what it misses."""
    labels = kind_labels()
    out = []
    for p in planted:
        if p.what == "skipped":
            what = _("no %(kind)s in months %(months)s") % {
                "kind": labels.get(p.kind, p.kind), "months": "、".join(str(m) for m in p.months)}
        elif p.what == "no_quorum":
            what = _("a %(kind)s held without a quorum (no more than half the members with a vote present)") % {
                "kind": labels.get(p.kind, p.kind)}
        else:
            what = _("founded in month %(month)s: meetings only from then") % {"month": p.months[0]}
        out.append(f"{p.name}：{what}")
    return out


def kind_labels() -> dict[str, str]:
    return {
        "member_meeting": _("branch member meeting"), "committee_meeting": _("branch committee meeting"),
        "group_meeting": _("party group meeting"), "party_lecture": _("party lecture"),
        "theme_day": _("theme party day"), "life_meeting": _("organisational life meeting"),
        "democratic_appraisal": _("democratic appraisal of members"), "heart_talk": _("heart-to-heart talks"),
        "poverty_relief_day": _("members' poverty relief day"), "homecoming_lecture": _("homecoming party lecture"),
        "friday_party_day": _("Friday party day"), "flag_leading": _("party flag leading activity"),
        "volunteer_activity": _("volunteer activity"), "public_interest_activity": _("public interest activity"),
    }
