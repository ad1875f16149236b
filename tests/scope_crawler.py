"""A crawler over every URL pattern of guifan.urls, for proving that scope holds on every page, export and API.

It knows no page by name: it walks the resolver, fills each path parameter from candidates chosen by the
parameter's name and converter, keeps the URLs that resolve back to the same view, and reads every answer as
text (HTML and JSON, and the XML inside .xlsx and other zip files).
"""

import dataclasses
import html
import io
import itertools
import json
import re
import zipfile
from urllib.parse import quote, quote_plus, unquote

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

MAX_URLS_PER_PATTERN = 150


@dataclasses.dataclass
class Endpoint:
    """One URL pattern, includes flattened; `label` reads like a route: admin/orgs/organisation/<object_id>/."""

    fmt: str
    params: list[str]
    converters: dict
    callback: object
    name: str | None

    @property
    def label(self) -> str:
        return re.sub(r"%\((\w+)\)s", r"<\1>", self.fmt)


def endpoints(resolver: URLResolver | None = None) -> list[Endpoint]:
    """Every view-bearing pattern under the root URLconf, recursively (admin, API and app pages alike)."""
    found: dict[str, Endpoint] = {}

    def walk(patterns, fmt: str, params: list[str], converters: dict):
        for p in patterns:
            possibilities = normalize(p.pattern.regex.pattern)
            own_fmt, own_params = possibilities[0] if possibilities else ("", [])
            merged = {**converters, **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                walk(p.url_patterns, fmt + own_fmt, params + own_params, merged)
            elif isinstance(p, URLPattern):
                ep = Endpoint(fmt + own_fmt, params + own_params, merged, p.callback, p.name)
                found.setdefault(ep.label, ep)

    walk((resolver or get_resolver()).url_patterns, "", [], {})
    return sorted(found.values(), key=lambda e: e.label)


@dataclasses.dataclass
class Candidates:
    """Values to put in path parameters. `ids` and `codes` name objects outside the user's scope."""

    ids: list[str]  # primary keys no in-scope object of any table has: such a URL must not answer 2xx
    loose_ids: list[str]  # further out-of-scope keys that may collide with other tables: bodies are checked only
    codes: list[str]  # region, organisation and host-unit codes outside the scope
    content_type_ids: list[str]
    app_labels: list[str]
    model_names: list[str]
    kinds: list[str] = dataclasses.field(default_factory=lambda: [
        "organisations", "organisation", "orgs", "members", "member", "host-units", "host_units", "hostunits",
        "regions", "change-log", "changelog", "transfers"])
    formats: list[str] = dataclasses.field(default_factory=lambda: ["json", "api", "xlsx", "csv", ".json"])
    uuids: list[str] = dataclasses.field(default_factory=list)  # keys of objects (jobs) of other users

    def for_param(self, name: str, converter) -> list[tuple[str, bool]]:
        """(value, names an out-of-scope object) pairs for one parameter."""
        ident = [(v, True) for v in self.ids] + [(v, False) for v in self.loose_ids]
        codes = [(v, True) for v in self.codes]
        if name == "format":
            return [(v, False) for v in self.formats]
        if name == "app_label":
            return [(v, False) for v in self.app_labels]
        if name.endswith("content_type_id"):
            return [(v, False) for v in self.content_type_ids]
        if name in ("model", "model_name"):
            return [(v, False) for v in self.model_names + self.kinds]
        if isinstance(converter, UUIDConverter):
            return [(v, True) for v in self.uuids]
        if isinstance(converter, IntConverter) or name in ("pk", "id", "object_id") or name.endswith(("_id", "_pk")):
            return ident
        if "code" in name or "region" in name:
            return codes
        if name in ("kind", "what", "table", "report", "sheet", "type", "dataset", "export", "slug", "name"):
            return [(v, False) for v in self.kinds]
        if name == "url":  # the admin's catch-all
            return [("orgs/organisation/", False), ("no-such-page/", False)]
        return ident + codes + [(v, False) for v in self.kinds]


@dataclasses.dataclass
class FilledUrl:
    url: str
    names_outside_object: bool


def fill(endpoint: Endpoint, candidates: Candidates) -> tuple[list[FilledUrl], str]:
    """The URLs of an endpoint that resolve back to it, and a reason when there are none."""
    if not endpoint.params:
        urls = ["/" + endpoint.fmt]
    else:
        choices = [candidates.for_param(p, endpoint.converters.get(p)) for p in endpoint.params]
        urls, flags = [], []
        for combo in itertools.islice(itertools.product(*choices), MAX_URLS_PER_PATTERN * 20):
            values = {p: quote(v, safe="/") for p, (v, _flag) in zip(endpoint.params, combo, strict=True)}
            urls.append("/" + endpoint.fmt % values)
            flags.append(any(flag for _v, flag in combo))
    result = []
    for i, url in enumerate(urls):
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func is endpoint.callback or getattr(match.func, "__wrapped__", None) is endpoint.callback:
            result.append(FilledUrl(url, endpoint.params != [] and flags[i]))
        if len(result) >= MAX_URLS_PER_PATTERN:
            break
    return result, ("" if result else "no candidate value resolves to this pattern")


def body_text(response) -> str:
    """The readable text of a response: HTML unescaped, JSON with its escapes undone, xlsx/zip XML parts joined."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    headers = unquote(response.get("Content-Disposition", "")) + "\n" + unquote(response.get("Location", ""))
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                     if n.endswith((".xml", ".rels", ".csv", ".txt", ".json", ".html"))]
        return headers + html.unescape("\n".join(parts))
    if content[:5] == b"%PDF-":
        raise AssertionError(f"cannot read a PDF answer ({response.get('Content-Type')}): teach body_text to read it")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("gb18030", "replace")
    if "json" in response.get("Content-Type", ""):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return headers + html.unescape(text)


def strip_echo(text: str, value: str) -> str:
    """Removes a search term echoed back in a form field or a link (value="…", ?q=…, %3D…): that is not a leak."""
    for form in {value, quote(value), quote_plus(value), html.escape(value)}:
        text = re.sub(r"((?:=|%3D|%253D)[\"']?)" + re.escape(form) + r"(?=[\"'&\s<%]|$)", r"\1", text)
    return text


def found(text: str, needles) -> list[str]:
    return sorted({n for n in needles if n and n in text})
