"""`guifan pack validate|load|list|show|diff`: standard pack files and the versions stored in the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.standards.actions import PackRefused, load_pack_text
from guifan.standards.diff import diff_packs
from guifan.standards.errors import PackError
from guifan.standards.models import PackVersion
from guifan.standards.pack import load_pack, resolve_pack_path
from guifan.standards.selectors import pack_version
from guifan.standards.yaml_lines import read_text


def _resolve(reference: str):
    """A stored version (`id` = latest, `id@version`), else a file path or a shipped pack id."""
    if not Path(reference).exists():
        try:
            return pack_version(reference).pack()
        except PackVersion.DoesNotExist:
            pass
    return load_pack(reference)


class Command(BaseCommand):
    help = "Standard packs: validate a file, load it as a stored version, list, show and compare versions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="check a pack file; exit 1 with every problem and its line")
        validate.add_argument("file")
        load = sub.add_parser("load", help="validate a pack file and store it as a new version")
        load.add_argument("file")
        sub.add_parser("list", help="the stored versions: id, version, checksum, loaded at, criteria")
        show = sub.add_parser("show", help="criteria of a stored pack (ID or ID@VERSION), a file or a shipped id")
        show.add_argument("file", metavar="ID_OR_FILE")
        show.add_argument("--format", choices=["json", "text"], default="text")
        diff = sub.add_parser("diff", help="criteria and facts added, removed and changed from A to B")
        diff.add_argument("a")
        diff.add_argument("b")
        diff.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except PackError as exc:
            self.stderr.write(exc.report())
            raise CommandError(f"{len(exc.problems)} problem(s) in the pack") from None
        except PackRefused as exc:
            raise CommandError(str(exc)) from None

    def _validate(self, file, **options):
        pack = load_pack(file)
        self.stdout.write(f"ok: {pack.id} {pack.version}: {len(pack.facts)} facts, {len(pack.checklists)} "
                          f"checklists, {len(pack.criteria)} criteria, sha256 {pack.checksum}")

    def _load(self, file, **options):
        path = resolve_pack_path(file)
        stored = load_pack_text(read_text(path), source_name=str(path))
        self.stdout.write(f"loaded {stored.pack_id} {stored.version}: {stored.criteria_count} criteria, "
                          f"{stored.facts_count} facts, sha256 {stored.checksum}")

    def _list(self, **options):
        rows = PackVersion.objects.order_by("pack_id", "loaded_at", "id")
        if not rows:
            self.stdout.write("no stored packs (guifan pack load FILE)")
        for v in rows:
            self.stdout.write(f"{v.pack_id:<20} {v.version:<10} {v.checksum[:12]}  "
                              f"{v.loaded_at:%Y-%m-%d %H:%M}  {v.criteria_count:>4} criteria")

    def _show(self, file, format, **options):
        pack = _resolve(file)
        criteria = [{"id": c.id, "spec": list(c.spec), "pillar": c.pillar, "level": c.applies.level,
                     "domains": list(c.applies.domains or ()), "check": c.text, "missing": c.missing,
                     "weight": c.weight, "severity": c.severity, "title": c.title, "quote": c.quote}
                    for c in pack.criteria]
        if format == "json":
            self.stdout.write(json.dumps({"pack": pack.id, "version": pack.version, "checksum": pack.checksum,
                                          "criteria": criteria}, ensure_ascii=False, indent=2))
            return
        for c in criteria:
            self.stdout.write(f"{c['id']:<40} {','.join(c['spec']):<22} {c['level']:<12} {c['check']}")

    def _diff(self, a, b, format, **options):
        result = diff_packs(_resolve(a), _resolve(b))
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        src, dst = result["from"], result["to"]
        self.stdout.write(f"{src['pack']} {src['version']} ({src['checksum'][:12]}) -> "
                          f"{dst['pack']} {dst['version']} ({dst['checksum'][:12]})")
        for cid in result["criteria"]["added"]:
            self.stdout.write(f"+ criterion {cid}")
        for cid in result["criteria"]["removed"]:
            self.stdout.write(f"- criterion {cid}")
        for change in result["criteria"]["changed"]:
            self.stdout.write(f"~ criterion {change['id']} {change['field']}: {change['old']} -> {change['new']}")
        for code in result["facts"]["added"]:
            self.stdout.write(f"+ fact {code}")
        for code in result["facts"]["removed"]:
            self.stdout.write(f"- fact {code}")
        for change in result["facts"]["changed"]:
            self.stdout.write(f"~ fact {change['code']} {change['field']}: {change['old']} -> {change['new']}")
        for name, change in result["constants"].items():
            self.stdout.write(f"~ constant {name}: {change['old']} -> {change['new']}")
        for name, change in result["register"].items():
            self.stdout.write(f"~ register rule {name}: {change['old']} -> {change['new']}")
        if not any(result["criteria"].values()) and not any(result["facts"].values()) and not result["constants"] \
                and not result["register"]:
            self.stdout.write("no differences in criteria, facts, constants or register rules")
