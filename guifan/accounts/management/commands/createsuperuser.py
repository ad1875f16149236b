"""Django's createsuperuser, recording the new account's password like any other (history, date, security log)."""

from django.contrib.auth.management.commands import createsuperuser

from guifan.accounts.password_commands import announce_passwords_stored
from guifan.accounts.signals import CREATED


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        with announce_passwords_stored(CREATED):
            return super().handle(*args, **options)
