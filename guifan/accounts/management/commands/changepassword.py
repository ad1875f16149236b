"""Django's changepassword, recording the password like an administrator's reset (history, date, security log; the
user chooses their own at the next login)."""

from django.contrib.auth.management.commands import changepassword

from guifan.accounts.password_commands import announce_passwords_stored
from guifan.accounts.signals import RESET


class Command(changepassword.Command):
    def handle(self, *args, **options):
        with announce_passwords_stored(RESET):
            return super().handle(*args, **options)
