"""`guifan bench import-facts`: writes the yearly figures template of the whole city with a value for every yearly fact
of every organisation (random, within each fact's type and the pack's validation rules), then times its import:
all-or-nothing, in one transaction, rolled back unless --keep. A second import of the same file must change
nothing."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.test.utils import override_settings

from guifan.facts.actions import pack_for
from guifan.facts.models import Period
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting.quality import ERROR, check_report

from . import template
from .importer import import_facts


class CityScope:
    """The whole register (the bench runs as the city office would)."""

    can_edit = True

    def organisations(self):
        return Organisation.objects.all()

    def covers_region(self, region) -> bool:
        return True


class _Rollback(Exception):
    pass


def sample_values(pack, organisations: list[dict], seed: int) -> dict[int, dict]:
    facts = pack.reported_facts()  # the yearly template's
    values = {}
    for org in organisations:
        rng = random.Random(f"bench-import-facts:{seed}:{org['code']}")
        row = {}
        for fact in facts:
            if org["domain"] not in fact.domains:
                continue
            if fact.type == "boolean":
                row[fact.code] = rng.random() < 0.85
            elif fact.type == "integer":
                row[fact.code] = rng.randint(0, 30)
            elif fact.type == "percent":
                row[fact.code] = rng.randint(40, 100)
            elif fact.type == "number":
                row[fact.code] = round(rng.uniform(1, 480), 1)
            elif fact.type == "enum":
                row[fact.code] = rng.choice(fact.values)
        for issue in check_report(pack, row, domain=org["domain"]):
            if issue.severity == ERROR:
                row.pop(issue.facts[0], None)  # keep the file valid under the pack's validation rules
        values[org["pk"]] = row
    return values


def run(write, *, year: int, region_code: str | None, seed: int, keep: bool) -> None:
    period = Period.yearly(year)
    pack = pack_for(period)
    region = (Region.objects.get(code=region_code) if region_code
              else Region.objects.filter(parent__isnull=True).order_by("code").first())
    scope = CityScope()
    organisations = template.organisations_of(period, pack, scope, region=region)
    started = time.perf_counter()
    values = sample_values(pack, organisations, seed)
    cells = sum(len(v) for v in values.values())
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "figures.xlsx"
        template.write_template(str(path), pack=pack, period=period, region=region, organisations=organisations,
                                values=values)
        size = path.stat().st_size
        facts = len(pack.reported_facts(period.kind))
        write(f"workbook: {len(organisations):,} organisations × {facts} reported facts "
              f"({cells:,} values) of {region.code} {region.name}, pack {pack.id} {pack.version}, written in "
              f"{time.perf_counter() - started:.1f} s, {size / 1048576:.1f} MB")
        with override_settings(IMPORT_MAX_BYTES=max(size + 1, 20 * 1048576)):
            try:
                with transaction.atomic():
                    _timed_imports(write, path, scope)
                    if not keep:
                        raise _Rollback
            except _Rollback:
                write("rolled back (use --keep to keep the figures)")


def _timed_imports(write, path: Path, scope) -> None:
    for attempt in ("first import", "same file again"):
        started = time.perf_counter()
        with path.open("rb") as handle:
            result = import_facts(File(handle, name=path.name), scope=scope, user=None)
        seconds = time.perf_counter() - started
        write(f"{attempt}: {result.rows:,} rows in {seconds:.1f} s ({result.rows / seconds:,.0f} rows/s): "
              f"{len(result.errors):,} errors, {len(result.warnings):,} warnings, {result.created:,} reports "
              f"changed, {result.changes:,} values written")
        if result.errors:
            for error in result.errors[:5]:
                write(f"  row {error.row} {error.key}: {error.reason}")
            raise SystemExit(1)
