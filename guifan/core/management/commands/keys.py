"""`guifan keys generate|status|rotate`: the keys of personal data and of the audit chains (docs/deployment.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from guifan.core import archive, chain, crypto, encrypted_fields, keys_generate
from guifan.core.actions import CHUNK, rotate_encrypted_values


class Command(BaseCommand):
    help = "Keys of personal data: generate new keys, count the values under each key, re-encrypt with the current key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        keys_generate.add_arguments(sub.add_parser("generate", help="print new random keys, or write a key file"))
        sub.add_parser("status", help="key ids in use and how many values each encrypts (never a key)")
        rotate = sub.add_parser("rotate", help="re-encrypt every value with the current key, recompute keyed hashes")
        rotate.add_argument("--dry-run", action="store_true", help="count what would change, write nothing")
        rotate.add_argument("--chunk-size", type=int, default=CHUNK, help="rows per transaction")

    def handle(self, *args, action, **options):
        if action == "generate":
            if keys_generate.generate(options, self.stdout, self.stderr):
                raise CommandError(_("No keys were written."))
            return
        getattr(self, action)(**options)

    def _state(self, key_id: str, cipher: str) -> str:
        if key_id == crypto.LEGACY:
            return _("old form, no key id") if settings.FIELD_LEGACY_KEY else _("old form, no key to read it!")
        if key_id not in settings.FIELD_KEYS:
            return _("unknown key: cannot be read!")
        return _("current") if (key_id, cipher) == crypto.current() else _("to rotate")

    def status(self, **options):
        key_id, cipher = crypto.current()
        self.stdout.write(_("Current field key: %(key)s, cipher %(cipher)s; configured field keys: %(keys)s")
                          % {"key": key_id, "cipher": cipher, "keys": ", ".join(settings.FIELD_KEYS)})
        if settings.KEYRING_FILE:
            self.stdout.write(_("Key file: %(file)s") % {"file": settings.KEYRING_FILE})
        for (model, field), counts in encrypted_fields.key_usage().items():
            self.stdout.write(f"{model}.{field}")
            if not counts:
                self.stdout.write("  " + _("no values"))
            for (used_id, used_cipher), number in sorted(counts.items()):
                self.stdout.write(f"  {used_id:<20} {used_cipher:<8} {number:>9}  {self._state(used_id, used_cipher)}")
        self.audit_status()

    def _audit_state(self, key_id: str) -> str:
        if key_id not in settings.AUDIT_KEYS:
            return _("unknown key: cannot be verified!")
        if key_id == chain.current_key_id():
            return _("current")
        return _("made before audit key ids") if key_id == chain.LEGACY_KEY_ID else _("older key, kept to verify")

    def audit_status(self):
        self.stdout.write(_("Current audit key: %(key)s; configured audit keys: %(keys)s")
                          % {"key": chain.current_key_id(), "keys": ", ".join(settings.AUDIT_KEYS)})
        for model in archive.CHAINED_MODELS:
            self.stdout.write(chain.chain_name(model))
            counts = model._default_manager.order_by().values_list("key_id").annotate(n=Count("pk"))
            if not counts:
                self.stdout.write("  " + _("no rows"))
            for used_id, number in sorted(counts):
                self.stdout.write(f"  {used_id:<29} {number:>9}  {self._audit_state(used_id)}")

    def rotate(self, dry_run, chunk_size, verbosity, **options):
        if chunk_size < 1:
            raise CommandError(_("The chunk size must be at least 1."))
        key_id, cipher = crypto.current()
        self.stdout.write((_("Dry run: nothing is written. ") if dry_run else "")
                          + _("Re-encrypting with key %(key)s, cipher %(cipher)s.") % {"key": key_id, "cipher": cipher})
        failed = 0
        for model_label, specs in encrypted_fields.by_model().items():
            model = specs[0].model_class()

            def progress(counts, model_label=model_label):
                if verbosity > 1:
                    self.stdout.write(_("  %(model)s: %(rows)d rows read")
                                      % {"model": model_label, "rows": counts.rows})

            counts = rotate_encrypted_values(model, specs, chunk=chunk_size, dry_run=dry_run, progress=progress)
            self.stdout.write(_("%(model)s (%(fields)s): %(rows)d rows read, %(written)d rewritten, %(values)d values "
                                "re-encrypted, %(hashes)d keyed hashes recomputed")
                              % {"model": model_label, "fields": ", ".join(s.field for s in specs), "rows": counts.rows,
                                 "written": counts.written if not dry_run else 0, "values": counts.reencrypted,
                                 "hashes": counts.rehashed})
            for (field, used_id), number in sorted(counts.failed.items()):
                failed += number
                self.stderr.write(_("  %(number)d values of %(field)s under key %(key)s cannot be decrypted: configure "
                                    "that key (or FIELD_LEGACY_KEY for the old form) and run again")
                                  % {"number": number, "field": field, "key": used_id})
        self.stdout.write(_("Audit chains: new links are made with audit key %(key)s; older links keep the key they "
                            "were made with and are never signed again (a new audit key: `guifan keys generate "
                            "--file FILE --new-audit-key`).") % {"key": chain.current_key_id()})
        if failed:
            raise CommandError(_("%(number)d values could not be rotated.") % {"number": failed})
