"""`guifan pack validate FILE` and `guifan pack show FILE_OR_ID --format json|text`."""

import json

from django.core.management.base import BaseCommand, CommandError

from guifan.standards.errors import PackError
from guifan.standards.pack import load_pack


class Command(BaseCommand):
    help = "Standard packs: validate a pack file, or show its criteria with their SPEC ids."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="check a pack file; exit 1 with every problem and its line")
        validate.add_argument("file")
        show = sub.add_parser("show", help="list the criteria of a pack (file or shipped id)")
        show.add_argument("file")
        show.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, action, file, **options):
        try:
            pack = load_pack(file)
        except PackError as exc:
            self.stderr.write(exc.report())
            raise CommandError(f"{len(exc.problems)} problem(s) in the pack") from None
        if action == "validate":
            self.stdout.write(f"ok: {pack.id} {pack.version}: {len(pack.facts)} facts, {len(pack.checklists)} "
                              f"checklists, {len(pack.criteria)} criteria, sha256 {pack.checksum}")
            return
        criteria = [{"id": c.id, "spec": list(c.spec), "pillar": c.pillar, "level": c.applies.level,
                     "domains": list(c.applies.domains or ()), "check": c.text, "missing": c.missing,
                     "weight": c.weight, "severity": c.severity, "title": c.title, "quote": c.quote}
                    for c in pack.criteria]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"pack": pack.id, "version": pack.version, "checksum": pack.checksum,
                                          "criteria": criteria}, ensure_ascii=False, indent=2))
            return
        for c in criteria:
            self.stdout.write(f"{c['id']:<40} {','.join(c['spec']):<22} {c['level']:<12} {c['check']}")
