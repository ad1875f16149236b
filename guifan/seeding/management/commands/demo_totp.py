"""`guifan demo_totp USER`: the second-factor code a demo account's authenticator app would show now."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guifan.seeding.demo import NotInDebug, RegisterNotSeeded, demo_code


class Command(BaseCommand):
    @property
    def help(self):
        return _("Print the current authenticator code of a demo account (DEBUG on only). Demo only.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            self.stdout.write(demo_code(options["username"]))
        except (RegisterNotSeeded, NotInDebug) as exc:
            raise CommandError(str(exc)) from exc
