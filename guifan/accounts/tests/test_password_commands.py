"""Every way a password is stored records it (issue 9 item 3): `createsuperuser`, `changepassword` and the admin's
add-user form keep the hash in the history, set the date the 90 days count from, and write the security log."""

import io

import pytest
from django.core.management import CommandError, call_command

from guifan import testing as t
from guifan.accounts.models import PasswordHistory, PasswordState, Role
from guifan.core.models import SecurityEvent

pytestmark = pytest.mark.django_db


def _recorded(user, reason):
    assert PasswordHistory.objects.filter(user=user, password=user.password).exists()
    state = PasswordState.objects.get(user=user)
    assert state.changed_at is not None
    event = SecurityEvent.objects.filter(event="password_change", object_id=str(user.pk)).latest("seq")
    assert event.detail == {"reason": reason}
    return state


def test_createsuperuser_records_the_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Qwmz7rtx!a")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.cn", stdout=io.StringIO())
    root = django_user_model.objects.get(username="root")
    assert root.check_password("Qwmz7rtx!a")
    assert _recorded(root, "created").must_change  # a first password: chosen anew at the first login


def test_changepassword_records_the_password_and_forces_a_change(monkeypatch, django_user_model):
    user = t.user("clerk")
    PasswordState.objects.filter(user=user).update(must_change=False)
    answers = iter(["Zx9-long-pass", "Zx9-long-pass"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("changepassword", "clerk", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password("Zx9-long-pass")
    assert _recorded(user, "reset").must_change
    assert PasswordHistory.objects.filter(user=user).count() == 2  # the earlier one is kept against reuse


def test_a_failed_changepassword_records_nothing(monkeypatch):
    user = t.user("clerk")
    answers = iter(["short", "short"] * 3)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError):
        call_command("changepassword", "clerk", stdout=io.StringIO(), stderr=io.StringIO())
    assert not SecurityEvent.objects.filter(event="password_change").exists()
    assert PasswordHistory.objects.filter(user=user).count() == 1


def test_the_admin_add_user_form_records_the_password(client, django_user_model):
    system_admin = t.user("system_admin", Role.Kind.SYSTEM_ADMIN)
    client.force_login(system_admin)
    response = client.post("/admin/auth/user/add/", {"username": "newclerk", "password1": "Qwmz7rtx!a",
                                                     "password2": "Qwmz7rtx!a", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = django_user_model.objects.get(username="newclerk")
    assert _recorded(user, "created").must_change
    event = SecurityEvent.objects.get(event="password_change")
    assert event.username == "system_admin"
