"""N concurrent logged-in clients against a running server, one thread each (standard library only: http.client,
keep-alive where the server offers it). Each client logs in through the real login page with its own session, then
requests the pages of its role in a loop until the time is up; latency is measured by the client."""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from ipaddress import ip_address
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .pages import CITY, BenchError, Page
from .table import COLUMNS, columns, table
from .users import BenchUsers

TIMEOUT = 60  # seconds a request may take before it counts as an error
LOGINS_AT_ONCE = 4
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def loopback_target(url: str) -> tuple[str, int]:
    """Host and port of the server; only this machine (loopback) is a target."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or not loopback:
        raise BenchError(_("The load test drives a server on this machine only: give an http:// URL on a loopback "
                           "address, e.g. http://127.0.0.1:8001 (got %(url)s).") % {"url": url})
    return host, parts.port or 80


@dataclass
class Client:
    role: str
    pages: list[Page]
    conn: http.client.HTTPConnection
    cookies: dict = field(default_factory=dict)
    samples: list = field(default_factory=list)  # (page index, seconds, ok)
    failure: str = ""

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, content

    def login(self, username: str, password: str) -> None:
        path = reverse("login")
        status, content = self.request("GET", path)
        token = CSRF_INPUT.search(content)
        if status != 200 or token is None:
            raise BenchError(_("GET %(path)s answered %(status)s without a login form.")
                             % {"path": path, "status": status})
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        status, _content = self.request("POST", path, urlencode(form))
        if status != 302 or settings.SESSION_COOKIE_NAME not in self.cookies:
            raise BenchError(_("Logging in as %(user)s answered %(status)s instead of a redirect with a session.")
                             % {"user": username, "status": status})
        self.conn.close()  # the loop opens a fresh one: a kept-alive socket may have timed out by then

    def loop(self, start: int, deadline: float) -> None:
        i = start
        while time.perf_counter() < deadline:
            index = i % len(self.pages)
            i += 1
            started = time.perf_counter()
            try:
                status, _content = self.request("GET", self.pages[index].url)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                self.conn.close()
                ok = False
            self.samples.append((index, time.perf_counter() - started, ok))


def run(write, pages: list[Page], users: BenchUsers, *, url: str, clients: int, seconds: float) -> int:
    """Prints a line per page and a total; returns the number of errors."""
    host, port = loopback_target(url)
    roles = sorted({page.role for page in pages}, key=lambda r: r != CITY)
    by_role = {role: [p for p in pages if p.role == role] for role in roles}
    # Clients split between the roles in proportion to their pages, at least one each.
    county = 0 if len(roles) == 1 else max(1, round(clients * len(by_role[roles[1]]) / len(pages)))
    plan = [roles[0]] * (clients - county) + [roles[-1]] * county
    split = ", ".join(f"{plan.count(role)} {role}" for role in roles)
    write(_("Load test: %(n)d clients (%(split)s) against %(url)s for %(s)g s, one thread each. The client runs on "
            "the same machine as the server and takes CPU from it.") % {"n": clients, "split": split, "url": url,
                                                                           "s": seconds})
    workers = [Client(role, by_role[role], http.client.HTTPConnection(host, port, timeout=TIMEOUT))
               for role in plan]
    started = time.perf_counter()
    # A few logins at a time: each costs the server a slow password hash, and 50 at once would wait past the timeout.
    _in_threads(workers, lambda n, client: client.login(users.username(client.role), users.password),
                at_once=LOGINS_AT_ONCE)
    users.session_keys.extend(c.cookies[settings.SESSION_COOKIE_NAME] for c in workers
                              if settings.SESSION_COOKIE_NAME in c.cookies)
    for client in workers:
        if settings.SESSION_COOKIE_NAME in client.cookies:
            users.pass_second_factor(client.role, client.cookies[settings.SESSION_COOKIE_NAME])
    failures = [c.failure for c in workers if c.failure]
    if failures:
        raise BenchError(_("%(n)d clients could not log in: %(first)s") % {"n": len(failures), "first": failures[0]})
    write(_("logged in %(n)d sessions through the login page in %(s).1f s")
          % {"n": clients, "s": time.perf_counter() - started})
    begun = time.perf_counter()
    deadline = begun + seconds
    _in_threads(workers, lambda n, client: client.loop(n, deadline))
    elapsed = time.perf_counter() - begun
    for client in workers:
        client.conn.close()
    for failure in sorted({c.failure for c in workers if c.failure}):
        write(_("a client stopped: %(reason)s") % {"reason": failure})
    write(_("measured over %(elapsed).1f s: the requests under way at %(s)g s were waited for and counted.")
          % {"elapsed": elapsed, "s": seconds})
    return report(write, pages, workers, elapsed)


def _in_threads(workers: list[Client], task, at_once: int | None = None) -> None:
    """task(number, client) in a thread per client (at most `at_once` running); a client whose task fails keeps the
    reason and stops."""
    gate = threading.BoundedSemaphore(at_once or len(workers))

    def guarded(number: int, client: Client) -> None:
        try:
            with gate:
                task(number, client)
        except Exception as exc:  # reported with the figures, never dropped
            client.failure = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=guarded, args=(n, c), daemon=True) for n, c in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(write, pages: list[Page], workers: list[Client], elapsed: float) -> int:
    groups: dict[Page, list] = {page: [] for page in pages}  # in the order of the pages
    for client in workers:
        for index, seconds, ok in client.samples:
            groups[client.pages[index]].append((seconds, ok))
    rows = [_row(page.key, page.role, samples, elapsed) for page, samples in groups.items()]
    everything = [s for samples in groups.values() for s in samples]
    rows.append(_row(str(COLUMNS["total"]), "", everything, elapsed))
    headers = columns("page", "as", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    for line in table(headers, rows, right=range(2, 8)):
        write(line)
    write(_("latency as the client sees it (queueing for a worker included); errors: not 200, or no answer within "
            "%(timeout)d s.") % {"timeout": TIMEOUT})
    return sum(1 for _seconds, ok in everything if not ok)


def _row(key: str, role: str, samples: list, elapsed: float) -> list[str]:
    latencies = sorted(s for s, _ok in samples)
    errors = sum(1 for _s, ok in samples if not ok)
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        p50, p95, p99 = (f"{cuts[i] * 1000:.0f}" for i in (49, 94, 98))
    else:
        p50 = p95 = p99 = f"{latencies[0] * 1000:.0f}" if latencies else "-"
    return [key, role, str(len(samples)), f"{len(samples) / elapsed:.1f}" if elapsed else "-", p50, p95, p99,
            str(errors)]
