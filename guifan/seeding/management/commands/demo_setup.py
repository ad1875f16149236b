"""`guifan demo_setup`: what `make demo` does before it serves — the database migrated, the sample city seeded, its
meetings and training of the living year written, its figures (2017 closed, 2018 in its reporting season) assessed,
the demo accounts made, every table analysed — then the time of each phase, with the phases `make` timed before it
(installing the dependencies, making the keys) read from --phases."""

import io
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.core import bulk
from guifan.seeding.params import SCALES

PHASES = {
    "install": gettext_lazy("Installing the dependencies"),
    "keys": gettext_lazy("Making the keys"),
    "migrate": gettext_lazy("Migrating the database"),
    "seed": gettext_lazy("Seeding the sample city"),
    "activities": gettext_lazy("Sample meetings and training"),
    "figures": gettext_lazy("Sample figures and assessments"),
    "programmes": gettext_lazy("Sample ratings and funding"),
    "accounts": gettext_lazy("Demo accounts"),
    "statistics": gettext_lazy("Planner statistics"),
}


def read_phases(path: Path | None) -> dict[str, float]:
    """{phase: seconds} written by the Makefile, one 'name seconds' per line (a phase not run this time is absent)."""
    found = {}
    if path and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _sep, seconds = line.strip().partition(" ")
            if name in PHASES and seconds:
                found[name] = found.get(name, 0.0) + float(seconds)
    return found


def width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class Command(BaseCommand):
    @property
    def help(self):
        return _("Prepare the demo: migrate, seed the sample city, its figures and assessments, the demo accounts; "
                 "print the time of each phase.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="city", help=_("How much to generate."))
        parser.add_argument("--phases", type=Path, help=_("A file of phases timed before (by make): 'name seconds' "
                                                          "per line; read, then removed."))

    def handle(self, *args, scale, phases=None, **options):
        times = read_phases(phases)
        steps = [
            ("migrate", lambda: call_command("migrate", verbosity=0, stdout=io.StringIO())),
            ("seed", lambda: call_command("seed", scale=scale, if_empty=True, stdout=self.stdout)),
            # before the figures: deriving a year's facts reads its meetings and training
            ("activities", lambda: call_command("seed_activities", if_empty=True, stdout=self.stdout)),
            ("figures", lambda: call_command("demo_figures", stdout=self.stdout)),
            ("programmes", lambda: call_command("seed_programmes", stdout=self.stdout)),
            ("accounts", lambda: call_command("demo_accounts", stdout=self.stdout)),
            # every table the phases filled, analysed once (the database may not do it by itself: autovacuum off)
            ("statistics", bulk.analyze_all),
        ]
        for i, (name, run) in enumerate(steps, 1):
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{i}/{len(steps)}] {PHASES[name]}"))
            started = time.perf_counter()
            run()
            times[name] = time.perf_counter() - started
        self.write_times(times)
        if phases and phases.exists():
            phases.unlink()  # the next run times its own install and keys, or says they were not needed

    def write_times(self, times: dict[str, float]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(_("Time of each phase")))
        rows = [(str(label), _("%(s).1f s") % {"s": times[name]} if name in times else _("already done"))
                for name, label in PHASES.items()]
        rows.append((_("Total"), _("%(s).1f s") % {"s": sum(times.values())}))
        first = max(width(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"  {label}{' ' * (first - width(label))}  {value}")
