"""`guifan seed_activities [--year Y] [--full] [--if-empty]`: the sample city's meetings, attendance, classes and
exams (guifan.seeding.activities): by default the demo's years (`activities.demo_years`), the living year up to its
"now"; `--full`: the whole year."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from guifan.meetings.models import Meeting
from guifan.points.actions import PointsError, compute_year
from guifan.seeding import activities, store
from guifan.seeding.management.commands.demo_figures import LIVING_YEAR
from guifan.standards.selectors import ensure_shipped_pack_loaded


def described(year: int, written: activities.Written, seconds: float) -> str:
    rows = written.rows
    return _("%(year)s meetings and training (up to %(until)s): %(meetings)s meetings, %(attendance)s attendance "
             "rows, %(appraisals)s appraisal grades, %(classes)s classes, %(enrolments)s enrolments, %(papers)s exam "
             "papers, in %(t).1f s.") % {
        "year": year, "until": written.until.isoformat(), "meetings": f"{rows.get('meetings.meeting', 0):,}",
        "attendance": f"{rows.get('meetings.attendance', 0):,}",
        "appraisals": f"{rows.get('meetings.appraisal', 0):,}",
        "classes": f"{rows.get('training.trainingclass', 0):,}",
        "enrolments": f"{rows.get('training.enrolment', 0):,}", "papers": f"{rows.get('training.paper', 0):,}",
        "t": seconds}


class Command(BaseCommand):
    @property
    def help(self):
        return _("Generate the sample city's meetings with attendance, training classes with enrolments and exams, "
                 "for the demo's years (the living year up to its reporting season's today).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help=_("repeat for several years"))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--full", action="store_true", help=_("the whole year, even the living one"))
        parser.add_argument("--if-empty", action="store_true", help=_("skip a year that has meetings already"))

    def handle(self, *args, year=None, seed, full, if_empty, **options):
        if store.register_is_empty():
            raise CommandError(_("The register is empty: run `guifan seed` first."))
        years = sorted(year or activities.settings()["demo_years"])
        for one in years:
            if if_empty and Meeting.objects.filter(held_on__year=one).exists():
                self.stdout.write(_("%(year)s already has meetings; nothing generated (--if-empty).") % {"year": one})
                continue
            until = None if full or one != LIVING_YEAR else activities.living_now(one)
            started = time.perf_counter()
            with transaction.atomic():
                written = activities.write_year(one, until=until, seed=seed)
            self.stdout.write(described(one, written, time.perf_counter() - started))
            lines = activities.planted_in_words(written.planted)
            self.stdout.write(_("Meetings missed on purpose in %(year)s: %(n)s") % {"year": one, "n": len(lines)})
            for line in lines:
                self.stdout.write(f"  {line}")
            self._points(one)
            self._dues(one, until)
        self._recruitment()
        self._member_status(years[0], seed)
        self._centres(LIVING_YEAR, seed)
        self._venues(years, seed, if_empty)

    def _centres(self, year: int, seed: int) -> None:
        """Party-mass service centres at every level, tourist stations and each county's platform rating (M15, C15,
        M17; guifan.seeding.centres)."""
        from guifan.seeding import centres

        version = ensure_shipped_pack_loaded()
        started = time.perf_counter()
        with transaction.atomic():
            counts = centres.write_sample(version, version.pack(), year, seed=seed)
        if counts:
            self.stdout.write(_("Service centres: %(centres)s centres (%(passed)s meet the standard), %(stations)s "
                                "tourist stations, %(ratings)s platform ratings of %(year)s (%(seconds).1f s)")
                              % {**counts, "year": year, "seconds": time.perf_counter() - started})

    def _venues(self, years, seed: int, if_empty: bool = False) -> None:
        """The venues and their ratings in the years the pack rates (M13; guifan.seeding.venues); with --if-empty
        none when there are venues already (those recorded on the demo stay)."""
        from guifan.seeding import venues
        from guifan.venues.models import Venue

        if if_empty and Venue.objects.exists():
            self.stdout.write(_("There are venues already; none generated (--if-empty)."))
            return

        ensure_shipped_pack_loaded()
        started = time.perf_counter()
        with transaction.atomic():
            counts = venues.write_sample(years, seed=seed)
        self.stdout.write(_("Venues: %(venues)s venues, %(ratings)s rated (%(confirmed)s confirmed), %(photos)s "
                            "photos (%(seconds).1f s)") % {**counts, "seconds": time.perf_counter() - started})

    def _member_status(self, year: int, seed: int) -> None:
        """The records behind the members' statuses and some transfer letters, open and overdue among them, dated in
        the first demo year so that every year's facts read them (guifan.seeding.member_status)."""
        from guifan.seeding import member_status

        rules = ensure_shipped_pack_loaded().pack().member_status
        if rules is None:
            return
        started = time.perf_counter()
        with transaction.atomic():
            counts = member_status.write(year, rules, seed=seed)
        self.stdout.write(_("Member status records from %(year)s: %(changes)s status changes, %(transfers)s transfer "
                            "letters (%(open)s open, %(overdue)s overdue) (%(seconds).1f s)")
                          % {"year": year, "changes": f"{counts.get('changes', 0):,}",
                             "transfers": counts.get("transfers", 0), "open": counts.get("transfers_open", 0),
                             "overdue": counts.get("transfers_overdue", 0), "seconds": time.perf_counter() - started})

    def _dues(self, year: int, until) -> None:
        """The year's party dues (GUAR-N-01): amounts, months paid with arrears, dues returned (guifan.seeding.dues)."""
        from guifan.seeding import dues

        rules = ensure_shipped_pack_loaded().pack().dues
        if rules is None:
            return
        started = time.perf_counter()
        with transaction.atomic():
            counts = dues.write_year(year, rules, until=until)
        self.stdout.write(_("Party dues of %(year)s: %(assessments)s members' amounts, %(payments)s months paid, "
                            "%(flagged)s members six months or more in arrears, %(returns)s returns (%(seconds).1f s)")
                          % {"year": year, "assessments": f"{counts['assessments']:,}",
                             "payments": f"{counts['payments']:,}", "flagged": counts["flagged"],
                             "returns": counts["returns"], "seconds": time.perf_counter() - started})

    def _recruitment(self) -> None:
        """Recruitment files at every stage, some overdue (ACT-G-03; guifan.seeding.recruitment), as of the living
        year's today."""
        from guifan.seeding import recruitment

        rules = ensure_shipped_pack_loaded().pack().recruitment
        if rules is None:
            return
        started = time.perf_counter()
        today = min(activities.living_now(LIVING_YEAR), dt.date.today())
        with transaction.atomic():
            counts = recruitment.write_sample(rules, today=today)
        self.stdout.write(_("Recruitment files: %(applicants)s applicants, %(steps)s steps, %(overdue)s overdue "
                            "(%(seconds).1f s)") % {**counts, "seconds": time.perf_counter() - started})

    def _points(self, year: int) -> None:
        """The year's points earned from the records just written (M08), as the worker would compute them."""
        started = time.perf_counter()
        ensure_shipped_pack_loaded()  # the point rules are the pack's (the demo loads it after this phase too)
        try:
            counts = compute_year(year)
        except PointsError as refused:
            self.stdout.write(str(refused))
            return
        self.stdout.write(_("Points of %(year)s: %(entries)s ledger entries for %(members)s members (%(seconds).1f s)")
                          % {"year": year, "entries": f"{counts['entries']:,}", "members": f"{counts['members']:,}",
                             "seconds": time.perf_counter() - started})
