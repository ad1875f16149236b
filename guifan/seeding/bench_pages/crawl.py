"""`guifan bench pages --all`: every page of the sample city reachable from the home page, as the city user, timed
once each through Django's test client; the pages over the threshold (1 s: a user would wait) are listed.

Links are followed breadth-first from `/`; a URL pattern (its route and the names of its query parameters) is
visited at most `per_pattern` times, so 14,000 organisation pages count as a few. Files are not pages: exports,
downloads, documents and the API are left to their own benchmarks.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from .inprocess import measure
from .pages import CITY
from .table import columns, table
from .users import BenchUsers

HREF = re.compile(r'href="(/[^"#]*)')
# Not pages: files, the API and its schema, the admin, signing out, switching language, the vendored assets.
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/logout", "/i18n/", "/jobs/")
SKIPPED_WORDS = ("export", "download", "template", "docx", "pdf", "xlsx", "csv", "print", "logout", "file")


def pattern_of(url: str) -> str | None:
    """The route a URL resolves to and its query parameter names, or None for a URL that is not a page."""
    parts = urlsplit(url)
    if parts.path.startswith(SKIPPED_PREFIXES) or any(word in url.lower() for word in SKIPPED_WORDS):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return f"{match.route}?{'&'.join(keys)}" if keys else match.route


def run(write, users: BenchUsers, *, per_pattern: int = 2, max_pages: int = 1500, slow: float = 1.0) -> list:
    """Prints the crawl's summary and the pages slower than `slow` seconds; returns them as (seconds, url)."""
    language = translation.get_language()  # each request activates the city user's; the figures keep the command's
    client = Client()
    client.force_login(users.users[CITY])
    users.session_keys.append(client.session.session_key)
    users.pass_second_factor(CITY, client.session.session_key)
    queue, queued = deque(["/"]), {"/"}
    visits: Counter = Counter()
    timed, failed = [], []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        while queue and len(timed) < max_pages:
            url = queue.popleft()
            pattern = pattern_of(url)
            if pattern is None or visits[pattern] >= per_pattern:
                continue
            visits[pattern] += 1
            sample = measure(client, url, keep_body=True)
            links = HREF.findall(sample.body.decode(errors="replace"))
            if sample.status in (301, 302) and sample.location.startswith("/"):
                visits[pattern] -= 1  # a redirect is not a page: where it leads is
                links = [sample.location]
            elif sample.status != 200:
                failed.append((sample.status, url))
                continue
            else:
                timed.append((sample.seconds, sample.queries, url))
            for href in links:
                link = html.unescape(href)
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
    translation.activate(language)
    timed.sort(reverse=True)
    write(_("Crawled %(pages)d pages of %(patterns)d URL patterns as the city user (at most %(each)d per pattern); "
            "the slowest took %(max).0f ms, the median %(median).0f ms.")
          % {"pages": len(timed), "patterns": len(visits), "each": per_pattern,
             "max": timed[0][0] * 1000 if timed else 0, "median": timed[len(timed) // 2][0] * 1000 if timed else 0})
    over = [(seconds, url) for seconds, _queries, url in timed if seconds > slow]
    if over:
        write(_("Pages over %(slow).1f s:") % {"slow": slow})
        rows = [[f"{seconds * 1000:.0f}", str(queries), url] for seconds, queries, url in timed if seconds > slow]
        for line in table(columns("ms", "queries", "URL"), rows, right=range(0, 2)):
            write(line)
    else:
        write(_("No page took over %(slow).1f s.") % {"slow": slow})
    write(_("Slowest ten:"))
    for line in table(columns("ms", "queries", "URL"), [[f"{s * 1000:.0f}", str(q), u] for s, q, u in timed[:10]],
                      right=range(0, 2)):
        write(line)
    if failed:
        write(_("Pages that did not answer 200: %(pages)s")
              % {"pages": ", ".join(f"{url} ({status})" for status, url in failed[:20])})
    return over
