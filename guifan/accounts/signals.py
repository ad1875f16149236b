"""Signals of the accounts app that other parts (the audit trail) listen to.

`password_changed` is sent after a password is stored, by whoever set it: `user` is the account, `by` the user who
set it (the account itself, an administrator, or None from a command), `request` the request or None, and `reason`
one of "own" (the user changed it), "reset" (an administrator set it, on the admin page or with `changepassword`;
the user must change it at next login), "created" (a new account's first password: the admin's add-user form or
`createsuperuser`).
It is sent inside the writing transaction: a receiver's own writes (an audit record) commit or roll back with it.
Login, logout, failed logins and lockouts need no signal of ours: Django's `user_logged_in`, `user_logged_out`,
`user_login_failed` and django-axes's `user_locked_out` cover them.
"""

from django.dispatch import Signal

password_changed = Signal()
OWN, RESET, CREATED = "own", "reset", "created"
