"""`guifan audit verify [--archive FILE]` checks the audit trail's hash chains; `guifan audit archive --before DATE
--output FILE` moves rows older than the retention to a file."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guifan.core import archive, chain, security_log


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains, or archive old audit rows."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify", help="walk the chains and name the first broken row")
        verify.add_argument("--archive", help="check an archive file instead of the database")
        arch = sub.add_parser("archive", help="write rows older than DATE to FILE; remove those past the retention")
        arch.add_argument("--before", required=True, help="YYYY-MM-DD")
        arch.add_argument("--output", required=True)

    def handle(self, *args, what, **options):
        return self.verify(options) if what == "verify" else self.archive(options)

    def verify(self, options):
        if options.get("archive"):
            with open(options["archive"], encoding="utf-8") as handle:
                count, problem = chain.verify_archive_lines(handle)
            if problem:
                raise CommandError(f"archive broken at {problem}")
            self.stdout.write(f"archive intact: {count} rows")
            return
        counts, breaks = archive.verify()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} rows checked")
        if breaks:
            raise CommandError("audit trail broken: " + "; ".join(str(b) for b in breaks))
        self.stdout.write("audit trail intact")

    def archive(self, options):
        try:
            day = dt.date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError("--before takes a date, YYYY-MM-DD") from exc
        before = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        output = Path(options["output"])
        if output.exists():
            raise CommandError(f"{output} exists: archives are never overwritten")
        try:
            with output.open("x", encoding="utf-8") as handle:
                done = archive.archive(before, handle)
        except archive.RetentionError as exc:
            output.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        for name, (written, removed) in done.items():
            self.stdout.write(f"{name}: {written} rows written, {removed} removed")
        security_log.record(security_log.Event.AUDIT_ARCHIVE, obj=None,
                            detail={"before": day.isoformat(), "file": output.name,
                                    "rows": {k: list(v) for k, v in done.items()}})
