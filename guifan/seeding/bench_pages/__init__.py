"""`guifan bench pages`: the heavy pages timed in process, or under N concurrent clients against a running server
(--users N --url URL). The figures are printed; nothing here is a test."""

from __future__ import annotations

import os

from django.utils.translation import gettext as _

from . import crawl, inprocess, load
from .pages import BenchError, find_targets, heavy_pages, select
from .users import bench_users

__all__ = ["BenchError", "run"]


def run(write, *, repeat: int, only: list[str] | None, users: int | None, url: str | None,
        seconds: float, crawl_all: bool = False) -> None:
    if crawl_all and (users is not None or only):
        raise BenchError(_("--all crawls every page in process: it goes with neither --users nor --only."))
    if (users is None) != (url is None):
        raise BenchError(_("--users and --url go together: --users 50 --url http://127.0.0.1:8001"))
    if url is not None:
        load.loopback_target(url)
    targets = find_targets()
    pages = select(heavy_pages(targets), only)
    write(_("Sample: %(city)s %(city_code)s, county %(county)s %(county_code)s, year %(year)d, check-up of "
            "%(org)s (%(pk)d).") % {"city": targets.city.name, "city_code": targets.city.code,
                                    "county": targets.county.name, "county_code": targets.county.code,
                                    "year": targets.year, "org": targets.organisation.name,
                                    "pk": targets.organisation.pk})
    write(_("Load average %(load).1f on %(cpus)d cores at the start: other work on the machine slows the figures.")
          % {"load": os.getloadavg()[0], "cpus": os.cpu_count() or 1})
    with bench_users(targets) as accounts:
        if crawl_all:
            crawl.run(write, accounts)
        elif url is None:
            failed = inprocess.run(write, pages, accounts, repeat=repeat)
            if failed:
                raise BenchError(_("These pages did not answer 200: %(pages)s")
                                 % {"pages": ", ".join(f"{p.key} ({p.role})" for p in failed)})
        else:
            errors = load.run(write, pages, accounts, url=url, clients=users, seconds=seconds)
            if errors:
                write(_("%(n)d requests failed.") % {"n": errors})
