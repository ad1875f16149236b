"""`guifan evaluate --pack FILE_OR_ID --input FILE --format json|xlsx [--output F]`: stateless verdicts."""

import sys

from django.core.management.base import BaseCommand, CommandError

from guifan.assessment.engine import frames, outputs, vectorised
from guifan.standards.errors import PackError
from guifan.standards.pack import load_pack


class Command(BaseCommand):
    help = "Judge organisations (JSON, CSV or XLSX) against a standard pack; print or write the verdicts."

    def add_arguments(self, parser):
        parser.add_argument("--pack", required=True, help="pack file, or the id of a shipped pack (guilin-2018)")
        parser.add_argument("--input", required=True, help="organisations: .json, .csv or .xlsx")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="file to write (required for xlsx; json goes to stdout without it)")

    def handle(self, *args, **options):
        try:
            pack = load_pack(options["pack"])
        except PackError as exc:
            self.stderr.write(exc.report())
            raise CommandError("the pack is not valid") from None
        try:
            rows = frames.check_records(pack, frames.read_records(options["input"]))
        except (frames.InputError, OSError, ValueError) as exc:
            raise CommandError(f"input: {exc}") from None
        assessment = vectorised.assess(pack, frames.rows_to_frame(pack, rows))
        if options["format"] == "xlsx":
            if not options["output"]:
                raise CommandError("--format xlsx needs --output FILE")
            outputs.to_xlsx(pack, assessment, options["output"])
            self.stderr.write(f"wrote {options['output']}: {len(rows)} organisations")
            return
        text = outputs.to_json(pack, assessment)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text + "\n")
