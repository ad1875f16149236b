"""Responses to signed-in users are not cached, static files and anonymous pages are left alone; a `next` is followed
only to a path of this site; old kept files are deleted."""

import os
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from guifan.core.middleware import NoStoreMiddleware
from guifan.core.redirects import safe_next
from guifan.core.spreadsheets.files import delete_older_than, private_directory


@pytest.mark.django_db
def test_no_store_for_signed_in_users_only(client, users):
    client.force_login(users["county"])
    page = client.get("/")
    assert "no-store" in page["Cache-Control"] and page["Pragma"] == "no-cache"
    static = client.get("/static/vendor/htmx/htmx.min.js")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_anonymous_answers_are_left_alone():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(lambda r: HttpResponse("public"))(request)
    assert not response.has_header("Cache-Control") and not response.has_header("Pragma")


@pytest.mark.parametrize(("target", "followed"), [
    ("/reporting/", True), ("/members/?page=2", True), ("https://evil.example/", False), ("//evil.example/x", False),
    ("http://testserver.evil/", False), ("javascript:alert(1)", False), ("", False), ("///evil.example", False),
])
def test_safe_next(target, followed):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request) == (target if followed else "")


def test_old_files_are_deleted_young_ones_kept(tmp_path):
    directory = private_directory(tmp_path / "kept")
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    old, young = directory / "old.xlsx", directory / "young.xlsx"
    old.write_bytes(b"x")
    young.write_bytes(b"x")
    then = time.time() - 25 * 3600
    os.utime(old, (then, then))
    assert delete_older_than(directory, "*.xlsx", hours=24) == 1
    assert not old.exists() and young.exists()
