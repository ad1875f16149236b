"""`guifan assess --year 2018 [--approved-only] [--pack ID[@VERSION]]`: judge the register, store an official run."""

from django.core.management.base import BaseCommand, CommandError

from guifan.assessment.actions import default_pack_version, run_assessment
from guifan.assessment.summary import summary_lines


class Command(BaseCommand):
    help = "Judge every organisation's figures for a year against the standard pack and store the results."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--approved-only", action="store_true", help="read approved figures only")
        parser.add_argument("--pack", help="stored pack id or id@version (default: the pack in effect that year)")

    def handle(self, *args, year, approved_only, pack, **options):
        from guifan.standards import selectors
        from guifan.standards.models import PackVersion

        try:
            version = selectors.pack_version(pack) if pack and "@" in pack else default_pack_version(year, pack)
        except (PackVersion.DoesNotExist, OSError) as exc:
            raise CommandError(f"pack {pack}: {exc}") from None
        figures = "approved figures only" if approved_only else "all figures"
        self.stdout.write(f"assessing {year} against {version} ({figures})")

        def progress(stage, fraction):
            bar = "#" * round(fraction * 20)
            self.stdout.write(f"[{bar:<20}] {fraction:4.0%} {stage} done")
            self.stdout.flush()

        run = run_assessment(year, pack_version=version, approved_only=approved_only, progress=progress)
        for line in summary_lines(run):
            self.stdout.write(line)
