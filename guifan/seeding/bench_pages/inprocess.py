"""Each page through Django's test client in this process: a warm-up request, then N timed ones; SQL counted and timed
by a connection.execute_wrapper (cheaper than the debug cursor, which formats every statement)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from .pages import Page
from .table import columns, table
from .users import BenchUsers


@dataclass(frozen=True)
class Sample:
    status: int
    seconds: float
    queries: int
    sql_seconds: float
    size: int
    body: bytes = b""  # kept only when asked (the crawl reads the links)
    location: str = ""  # where a redirect leads


class _SqlMeter:
    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure(client: Client, url: str, keep_body: bool = False) -> Sample:
    meter = _SqlMeter()
    with connection.execute_wrapper(meter):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - started
    return Sample(response.status_code, seconds, meter.queries, meter.seconds, len(body), body if keep_body else b"",
                  response.get("Location", ""))


def run(write, pages: list[Page], users: BenchUsers, *, repeat: int) -> list[Page]:
    """Prints a line per page; returns the pages that did not answer 200."""
    vendor = connection.vendor
    name = connection.settings_dict.get("NAME")
    write(_("Pages in process on %(vendor)s (%(name)s): Django's test client, one warm-up request then %(n)d timed "
            "requests per page; server time includes rendering, not the network.")
          % {"vendor": vendor, "name": name, "n": repeat})
    clients = {}
    for role, user in users.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        users.session_keys.append(clients[role].session.session_key)
        users.pass_second_factor(role, clients[role].session.session_key)
    rows, failed = [], []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for page in pages:
            client = clients[page.role]
            warm = measure(client, page.url)
            if warm.status != 200:
                failed.append(page)
                rows.append([page.key, page.role, f"HTTP {warm.status}", "", "", "", "", page.url])
                continue
            samples = sorted((measure(client, page.url) for _i in range(repeat)), key=lambda s: s.seconds)
            middle = samples[(len(samples) - 1) // 2]
            rows.append([page.key, page.role, f"{statistics.median(s.seconds for s in samples) * 1000:.1f}",
                         f"{samples[0].seconds * 1000:.1f}", str(middle.queries),
                         f"{middle.sql_seconds * 1000:.1f}", f"{middle.size / 1024:.0f}", page.url])
    headers = columns("page", "as", "median ms", "best ms", "queries", "SQL ms", "KB", "URL")
    for line in table(headers, rows, right=range(2, 7)):
        write(line)
    write(_("queries and SQL ms: of the median request, session and user look-ups included. SQL ms is the time in "
            "execute: PostgreSQL and MariaDB receive the rows there, SQLite reads them afterwards (not counted)."))
    return failed
