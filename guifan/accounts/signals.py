"""Signals of the accounts app. `password_changed(sender, user, request)` is sent after a user's password changed."""

from django.dispatch import Signal

password_changed = Signal()
