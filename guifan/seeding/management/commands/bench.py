"""`guifan bench assess|import-facts|pages`: benchmarks that print figures, never tests. It lives in the top app
because `pages` reads every app's pages; each subcommand's body lives next to what it measures."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def _positive(kind, limit=None):
    def parse(text):
        value = kind(text)
        if value <= 0 or (limit is not None and value > limit):
            raise argparse.ArgumentTypeError(_("must be above 0 and at most %(limit)s") % {"limit": limit}
                                             if limit else _("must be above 0"))
        return value
    return parse


class Command(BaseCommand):
    @property
    def help(self):
        return _("Benchmarks that print figures: assess (the engine), import-facts (the figures workbook), pages "
                 "(the heavy pages in process, or under load against a running server), activities (a year of "
                 "meetings and training, the facts and points derived from them).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", required=True)
        assess = sub.add_parser("assess", help=_("time the whole pack over N random organisations"))
        assess.add_argument("--orgs", type=int, default=100_000)
        assess.add_argument("--pack", default="guilin-2018")
        assess.add_argument("--naive-orgs", type=int, default=None,
                            help=_("run the naive evaluator on the first K organisations only and scale its time up"))
        assess.add_argument("--seed", type=int, default=1)
        facts = sub.add_parser("import-facts", help=_("import one workbook with every fact of every organisation"))
        facts.add_argument("--year", type=int, default=2018)
        facts.add_argument("--region", default=None, help=_("region code (default: the top region, the city)"))
        facts.add_argument("--seed", type=int, default=1)
        facts.add_argument("--keep", action="store_true", help=_("keep the imported figures (default: roll back)"))
        act = sub.add_parser("activities", help=_("write a year of the city's meetings and training, time deriving "
                                                  "the facts and computing the points"))
        act.add_argument("--year", type=int, default=2018)
        act.add_argument("--seed", type=int, default=1)
        act.add_argument("--copies", type=_positive(int, 10), default=1,
                         help=_("draws of the year's meetings (2: about twice the meetings per organisation)"))
        act.add_argument("--keep", action="store_true", help=_("keep the records (default: roll back)"))
        dues = sub.add_parser("dues", help=_("compute a year of party dues for every member and record a month's "
                                             "payments for the whole city"))
        dues.add_argument("--year", type=int, default=2019)
        dues.add_argument("--seed", type=int, default=1)
        dues.add_argument("--keep", action="store_true", help=_("keep the records (default: roll back)"))
        pages = sub.add_parser("pages", help=_("the heavy pages of the sample city, in process or under load"))
        pages.add_argument("--repeat", type=_positive(int, 1000), default=5,
                           help=_("timed requests per page in process, after a warm-up"))
        pages.add_argument("--only", action="append", metavar="PAGE", help=_("this page only (repeatable)"))
        pages.add_argument("--all", action="store_true", dest="crawl_all",
                           help=_("crawl every page reachable from the home page as the city user, once each, and "
                                  "list those over 1 s"))
        pages.add_argument("--users", type=_positive(int, 500), default=None,
                           help=_("concurrent clients against --url instead of timing in process"))
        pages.add_argument("--url", default=None, help=_("the running server, e.g. http://127.0.0.1:8001"))
        pages.add_argument("--seconds", type=_positive(float, 3600), default=30.0,
                           help=_("how long the clients request pages"))

    def handle(self, *args, bench, **options):
        if bench == "import-facts":
            from guifan.facts.actions import FactError
            from guifan.reporting.excel.bench import run

            try:
                return run(self.stdout.write, year=options["year"], region_code=options["region"],
                           seed=options["seed"], keep=options["keep"])
            except FactError as exc:
                raise CommandError(str(exc)) from exc
        if bench == "activities":
            from guifan.seeding.bench_activities import run

            return run(self.stdout.write, year=options["year"], seed=options["seed"], copies=options["copies"],
                       keep=options["keep"])
        if bench == "dues":
            from guifan.seeding.bench_dues import run

            return run(self.stdout.write, year=options["year"], seed=options["seed"], keep=options["keep"])
        if bench == "pages":
            from guifan.seeding.bench_pages import BenchError, run

            try:
                return run(self.stdout.write, repeat=options["repeat"], only=options["only"],
                           users=options["users"], url=options["url"], seconds=options["seconds"],
                           crawl_all=options["crawl_all"])
            except BenchError as exc:
                raise CommandError(str(exc)) from exc
        from guifan.assessment.bench import run

        run(self.stdout.write, orgs=options["orgs"], pack=options["pack"], naive_orgs=options["naive_orgs"],
            seed=options["seed"])
