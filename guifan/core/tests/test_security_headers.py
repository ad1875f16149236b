"""The Content-Security-Policy holds on the pages (no inline script or style, no event-handler attribute anywhere),
and the production settings pass `check --deploy` without a warning."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from guifan.core.tests.test_keys_command import python

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"))
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.handlers, self.sources, self.styles = [], [], [], []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or tag == "style":
            self.styles.append(tag)
        self.handlers += [f"<{tag} {name}>" for name in attrs if name.startswith("on") or name.startswith("hx-on")]
        self.handlers += [f"<{tag} {name}>" for name, value in attrs.items()
                          if value and value.strip().lower().startswith("javascript:")]
        if tag == "script":
            if attrs.get("src"):
                self.sources.append(attrs["src"])
            elif attrs.get("type") not in DATA_SCRIPT_TYPES:
                self._open = []
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.sources.append(attrs.get("href", ""))

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.inline.append("".join(self._open)[:80])
            self._open = None


def scan(html: str) -> Scripts:
    parser = Scripts()
    parser.feed(html)
    return parser


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_template_has_inline_script_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    found = scan(text)
    assert found.inline == [] and found.handlers == []
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE)  # also inside {% if %} parts
    assert "<style" not in text and not re.search(r"\sstyle=", text)  # styles belong in static files (CSS classes)


def directives(response) -> dict:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


PAGES = ["home", "members:list", "search", "core:changelog", "admin:index", "api-docs"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_the_policy_and_keep_to_it(client, users, name):
    client.force_login(users["admin"])
    response = client.get(reverse(name), follow=True)  # home sends the city to its region page
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    found = scan(response.content.decode())
    assert found.inline == [] and found.handlers == []
    assert all(src.startswith("/") and not src.startswith("//") for src in found.sources), found.sources
    if name == "api-docs":  # its script comes as a file from the same page
        script = client.get(reverse(name) + "?script=")
        assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]
    else:
        assert policy["style-src"] == ["'self'"] and "style-src-attr" not in policy
        assert found.styles == []


def test_the_login_page_keeps_to_it_too(client):
    response = client.get(reverse("login"))
    assert directives(response)["script-src"] == ["'self'"]
    found = scan(response.content.decode())
    assert found.inline == [] and found.handlers == []


def production_env(tmp_path, **extra):
    keys = tmp_path / "keys.json"
    done = python("-m", "guifan.cli", "keys", "generate", "--file", str(keys), env={}, data_dir=str(tmp_path))
    assert done.returncode == 0, done.stderr
    return {"GUIFAN_DEBUG": "0", "GUIFAN_KEYRING_FILE": str(keys), "GUIFAN_HTTPS": "1",
            "GUIFAN_PROXY_SSL_HEADER": "X-Forwarded-Proto", "GUIFAN_ALLOWED_HOSTS": "guifan.example.cn", **extra}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = python("-m", "guifan.cli", "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path),
                  data_dir=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_https_settings_from_the_environment(tmp_path):
    show = ("import django; django.setup(); from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)")
    env = production_env(tmp_path, GUIFAN_HSTS_PRELOAD="0", GUIFAN_HSTS_SECONDS="600",
                         DJANGO_SETTINGS_MODULE="guifan.settings")
    done = python("-c", show, env=env, data_dir=str(tmp_path))
    assert done.stdout.split(" ", 6) == ["True", "600", "True", "False", "True", "True",
                                         "('HTTP_X_FORWARDED_PROTO', 'https') ['https://guifan.example.cn']\n"]


def test_check_deploy_warns_of_development_and_legacy_keys(settings):
    from guifan.core.checks import keys_for_production

    settings.DEVELOPMENT_KEYS_ALLOWED = True
    settings.FIELD_LEGACY_KEY = "old text"
    settings.KEYRING_FILE = str(settings.BASE_DIR.parent / "data" / "keys.json")
    assert [w.id for w in keys_for_production(None)] == ["guifan.W001", "guifan.W002", "guifan.W003"]
    settings.DEVELOPMENT_KEYS_ALLOWED, settings.FIELD_LEGACY_KEY, settings.KEYRING_FILE = False, "", "/etc/g/k.json"
    assert keys_for_production(None) == []
