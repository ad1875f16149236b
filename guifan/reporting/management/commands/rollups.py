"""`guifan rollups`: rebuilds every stored roll-up that the register and reporting pages read."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from guifan.members import rollups as register
from guifan.reporting import completeness


class Command(BaseCommand):
    @property
    def help(self):
        return _("Rebuild the stored roll-ups: organisations, members and breaches per organisation and region, and "
                 "report completeness per region and period.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        found = register.rebuild()
        counted = time.perf_counter()
        periods = completeness.rebuild()
        done = time.perf_counter()
        self.stdout.write(_("Register roll-ups: %(orgs)s organisations, years %(years)s, in %(t).1f s; completeness: "
                            "%(periods)s periods in %(c).1f s.")
                          % {"orgs": f"{found['organisations']:,}", "years": ", ".join(map(str, found["years"])),
                             "t": counted - started, "periods": periods, "c": done - counted})
