"""`guifan reminders`: sends today's scheduled reminders now, or books the daily run in the job worker."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guifan.reporting import reminders


class Command(BaseCommand):
    @property
    def help(self):
        return _("Send the scheduled reminders (reports past due, probations and terms ending, rectification "
                 "deadlines) now, or book their daily run in the job worker (--schedule).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Send as if today were this day (YYYY-MM-DD)."))
        parser.add_argument("--source", action="append", choices=sorted(reminders.SOURCES),
                            help=_("Only this source (repeatable)."))
        parser.add_argument("--schedule", action="store_true",
                            help=_("Book the daily run in the job worker instead of sending now."))

    def handle(self, *args, **options):
        if options["schedule"]:
            booked = reminders.schedule()
            self.stdout.write(_("Daily reminders booked for %(when)s.") % {"when": reminders.next_run()}
                              if booked else _("Daily reminders are already booked."))
            return
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(_("The date must be written YYYY-MM-DD.")) from exc
        started = time.perf_counter()
        counts = reminders.send(today, options["source"])
        lines = [f"{name}: {n}" for name, n in counts.items()]
        self.stdout.write(_("Reminders sent in %(t).1f s: %(lines)s")
                          % {"t": time.perf_counter() - started, "lines": "; ".join(lines)})
