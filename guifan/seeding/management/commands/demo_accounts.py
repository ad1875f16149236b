"""`guifan demo_accounts`: one account per role on the sample register, printed with its password."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guifan.seeding.demo import NotInDebug, RegisterNotSeeded, ensure_demo_accounts


class Command(BaseCommand):
    @property
    def help(self):
        return _("Create (or reset) one demo account per role on the seeded register. Demo only.")

    def handle(self, *args, **options):
        try:
            accounts = ensure_demo_accounts()
        except (RegisterNotSeeded, NotInDebug) as exc:
            raise CommandError(str(exc)) from exc
        headers = (_("Username"), _("Password"), _("Role"), _("Scope"))
        rows = [headers] + [(a.username, a.password, a.role, a.scope) for a in accounts]
        widths = [max(_width(str(row[i])) for row in rows) for i in range(3)]
        for row in rows:
            cells = [str(cell) + " " * (width - _width(str(cell))) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, str(row[3])]))
        self.stdout.write(_("The admin, city, county and township accounts ask for a code from an authenticator app "
                            "after the password. For a demo account, `guifan demo_totp USER` prints the code its app "
                            "would show now (e.g. `guifan demo_totp county`)."))
        self.stdout.write(self.style.WARNING(_("Demo passwords: never use these accounts on a real register.")))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
