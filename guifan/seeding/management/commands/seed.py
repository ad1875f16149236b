"""`guifan seed --scale {tiny,county,city}`: the deterministic sample city (see docs/sample-city.md)."""

import datetime as dt
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.members import rollups
from guifan.members.models import Member
from guifan.orgs.models import Domain, HostUnit, Organisation
from guifan.regions.loader import load_divisions
from guifan.regions.models import Region
from guifan.seeding import findings, store
from guifan.seeding.generate import generate
from guifan.seeding.params import SCALES, reference_date

TITLES = {
    "regions": gettext_lazy("Regions (current)"),
    "host_units": gettext_lazy("Host units"),
    "organisations_by_kind": gettext_lazy("Organisations by kind"),
    "organisations_by_domain": gettext_lazy("Organisations by domain"),
    "members_by_category": gettext_lazy("Members by category"),
    "members_by_status": gettext_lazy("Members by status"),
}
LABELS = {
    "regions": dict(Region.Level.choices),
    "host_units": dict(HostUnit.Kind.choices),
    "organisations_by_kind": dict(Organisation.Kind.choices),
    "organisations_by_domain": dict(Domain.choices),
    "members_by_category": dict(Member.Category.choices),
    "members_by_status": dict(Member.Status.choices),
}
# The gaps left on purpose (guifan.seeding.findings: the register's rules of guifan.orgs.rules and the coverage).
GAPS = {
    "branch_too_few_full": gettext_lazy("Branches with too few full members"),
    "branch_too_large": gettext_lazy("Branches too large (should become a general branch)"),
    "general_branch_too_small": gettext_lazy("General branches too small for their kind"),
    "committee_too_small": gettext_lazy("Party committees too small for their kind"),
    "term_unknown": gettext_lazy("Organisations whose current term is not recorded"),
    "term_expired": gettext_lazy("Organisations whose term has ended (election overdue)"),
    "term_too_long": gettext_lazy("Organisations whose term is longer than allowed"),
    "no_secretary": gettext_lazy("Organisations without a secretary"),
    "uncovered_villager_group": gettext_lazy("Villager groups no organisation covers"),
    "big_enterprise_without_organisation": gettext_lazy("Enterprises of the set size without an organisation"),
}


class Command(BaseCommand):
    @property
    def help(self):
        return _("Generate the sample city of Guilin: divisions, host units, organisations and members.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="tiny", help=_("How much to generate."))
        parser.add_argument("--seed", type=int, default=1, help=_("The same seed gives the same data."))
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help=_("Reference date the sample is as at (YYYY-MM-DD); default %(date)s.")
                            % {"date": reference_date().isoformat()})
        parser.add_argument("--if-empty", action="store_true", help=_("Do nothing if the register has data."))
        parser.add_argument("--flush", action="store_true", help=_("Delete the existing register first."))
        parser.add_argument("--activities", action="store_true",
                            help=_("Then the meetings and training of the demo's years (guifan seed_activities)."))

    def handle(self, *args, scale, seed, today, if_empty, flush, activities=False, **options):
        if if_empty and flush:
            raise CommandError(_("--if-empty and --flush exclude each other."))
        today = today or reference_date()
        started = flushed = time.perf_counter()
        with transaction.atomic():
            load_divisions()
            if not store.register_is_empty():
                if if_empty:
                    self.stdout.write(_("The register already has data; nothing generated (--if-empty)."))
                    return
                if not flush:
                    raise CommandError(_("The register already has data: use --flush to replace it."))
                deleted = store.flush()
                flushed = time.perf_counter()
                self.stdout.write(_("Deleted: %(counts)s") % {"counts": ", ".join(f"{k} {v}" for k, v in
                                                                                  deleted.items())})
            register = generate(scale, seed, today)
            built = time.perf_counter()
            store.write(register)
        rollups.rebuild()  # the stored counts the pages read (and ANALYZE)
        written = time.perf_counter()
        self._report(today)
        self.stdout.write(self.style.SUCCESS(
            _("Sample city (scale %(scale)s, seed %(seed)s, as at %(today)s) in %(total).1f s: flushed in "
              "%(flush).1f s, generated in %(gen).1f s, written in %(write).1f s.") % {
                "scale": scale, "seed": seed, "today": today.isoformat(), "total": written - started,
                "flush": flushed - started, "gen": built - flushed, "write": written - built}))
        if activities:
            call_command("seed_activities", seed=seed, stdout=self.stdout)

    def _report(self, today):
        for section, rows in findings.counts().items():
            labels = LABELS[section]
            total = sum(rows.values())
            self.stdout.write(f"{TITLES[section]} ({total}):")
            for key, n in rows.items():
                self.stdout.write(f"  {labels.get(key, key)}: {n}")
        gaps = findings.gaps(today)
        self.stdout.write(_("Gaps found (%(today)s):") % {"today": today.isoformat()})
        for code, n in gaps.items():
            self.stdout.write(f"  {GAPS.get(code, _('Other gaps'))}: {n}")
