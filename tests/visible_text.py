"""What a person sees of a page, and a crawler that follows the links a person could click.

`visible_text` keeps the text of an HTML page as shown: no attributes, no `<script>`, `<style>` or `<template>`, and
nothing inside a `<details>` toggle (详情, where codes for pack authors belong). `crawl` walks the pages of the site
reachable by links from the home page, as the logged-in client, a bounded number of URLs per view.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

HIDDEN = frozenset({"script", "style", "template", "details"})
# Links a crawl does not follow: files, the API's machine answers, leaving the session.
NOT_FOLLOWED = re.compile(r"^/(static|media)/|^/api/|logout|/i18n/|\.(xlsx|csv|json|pdf|zip)(\?|$)")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "a" and not self.hidden:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag in ("br", "p", "li", "tr", "td", "th", "div", "option", "h1", "h2", "h3", "title"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def read(html: str) -> tuple[str, list[str]]:
    """The visible text of a page and the links outside `<details>`."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.links


def visible_text(html: str) -> str:
    return read(html)[0]


def words(needles) -> re.Pattern:
    """One pattern finding any of the needles as a whole word of ASCII letters, digits, _ and - (a code inside
    Chinese text counts; ORG inside ORG-G-01 does not, that is the id ORG-G-01)."""
    alternatives = "|".join(re.escape(n) for n in sorted(set(needles), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{alternatives})(?![A-Za-z0-9_-])")


@dataclass
class Page:
    url: str
    view: str
    status: int
    text: str


def _view(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client, start=("/",), *, per_view: int = 3, limit: int = 300):
    """Yields each page (HTML answers only) reachable from `start` by links and redirects, at most `per_view` URLs
    of one view and `limit` pages in all."""
    queue, seen, per = deque(start), set(start), Counter()
    pages = 0
    while queue and pages < limit:
        url = queue.popleft()
        view = _view(urlsplit(url).path)
        if view is None or per[view] >= per_view:
            continue
        per[view] += 1
        response = client.get(url)
        found = []
        if response.status_code in (301, 302) and response.get("Location"):
            found = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            pages += 1
            text, found = read(response.content.decode())
            yield Page(url, view, response.status_code, text)
        for href in found:
            link = urljoin(url, href)
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver") or NOT_FOLLOWED.search(parts.path):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen:
                seen.add(local)
                queue.append(local)
