"""Forms as a browser would send them: the links and forms of a page, each form's own data (the inputs' current
values, the checked boxes, the selected or else the first option of each select), and an upload's file when the
page offers a template to download. For the POST crawl of tests/test_scope_crawl_posts.py."""

import dataclasses
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclasses.dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]]
    files: list[str]  # names of file inputs
    submits: list[tuple[str, str]]  # named submit buttons: (name, value)

    def data(self) -> dict:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        if self.submits:
            name, value = self.submits[0]
            data.setdefault(name, []).append(value)
        return data

    @property
    def signature(self) -> tuple:
        """The same form on many pages (the language switch, an edit form per object): posted once per path shape."""
        shape = "/".join("N" if part.isdigit() else part for part in urlsplit(self.action).path.split("/"))
        return shape, self.method, tuple(sorted({name for name, _v in self.fields}))


class _Page(HTMLParser):
    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.links, self.forms = url, [], []
        self._form = self._select = self._textarea = None
        self._options: list = []
        self._nav_depth = 0
        self.menu: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav":
            self._nav_depth += 1
        if tag == "a" and a.get("href"):
            href = urljoin(self.url, a["href"])
            self.links.append(href)
            if self._nav_depth:
                self.menu.append(href)
        elif tag == "form":
            self._form = Form(urljoin(self.url, a.get("action") or self.url), (a.get("method") or "get").lower(),
                              [], [], [])
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind == "submit":
                self._form.submits.append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("button", "image", "reset"):
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name") and (a.get("type") or "submit") == "submit":
            self._form.submits.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav_depth = max(0, self._nav_depth - 1)
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _s in self._options if v]
            if chosen and self._form is not None:
                self._form.fields.append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def parse(url: str, text: str) -> _Page:
    page = _Page(url)
    page.feed(text)
    return page


def same_site_path(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
