"""guifan bench_import members --rows N: times validating and writing N generated member rows, then the export.

Everything it writes is rolled back unless --keep is given. Run on a scratch database (GUIFAN_DATA_DIR)."""

import datetime as dt
import io
import random
import time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

from guifan.core import idcard
from guifan.core.spreadsheets import readers, writer
from guifan.core.spreadsheets.checks import parse_rows
from guifan.core.spreadsheets.results import ErrorCollector
from guifan.members.actions import members_import
from guifan.members.models import Member
from guifan.members.sheets import COLUMNS, SHEET
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.loader import load_divisions
from guifan.regions.models import Region


class _Rollback(Exception):
    pass


class _WholeRegister:
    """The scope of a superuser (the whole register), without the accounts app above this one."""

    is_all, region = True, None

    def organisations(self):
        return Organisation.objects.all()

    def members(self):
        return Member.objects.all()


def _workbook(rows: int, org_code: str, seed: int) -> bytes:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.key for c in COLUMNS])
    ws.append([str(c.header) for c in COLUMNS])
    seen = set()
    while len(seen) < rows:
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 60))
        male = rng.random() < 0.7
        number = idcard.generate(rng, "450321", birth, male)
        if number in seen:
            continue
        seen.add(number)
        ws.append([f"党员{len(seen)}", "男" if male else "女", "汉族", birth, number, f"139{rng.randrange(10**8):08d}",
                   "", birth + dt.timedelta(days=9138), "正式", "", org_code, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Times the member import (validation, write) and export on N generated rows."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["members"])
        parser.add_argument("--rows", type=int, default=1000)
        parser.add_argument("--keep", action="store_true", help="keep the imported rows instead of rolling back")

    def _line(self, step: str, rows: int, seconds: float) -> None:
        rate = rows / max(seconds, 1e-9)
        self.stdout.write(f"{step:<10} rows={rows:>8}  seconds={seconds:8.2f}  rows/s={rate:10.0f}")

    def handle(self, *args, kind, rows, keep, **options):
        if not Region.objects.exists():
            load_divisions()
        try:
            with transaction.atomic():
                self._run(rows)
                if not keep:
                    raise _Rollback
        except _Rollback:
            self.stdout.write("rolled back")

    def _run(self, rows: int) -> None:
        user, _ = get_user_model().objects.get_or_create(username="bench-import", defaults={"is_superuser": True})
        scope = _WholeRegister()
        stamp = f"{time.time_ns() % 10**9}"
        unit = HostUnit.objects.create(code=f"BENCH-U{stamp}", name="基准测试村", kind=HostUnit.Kind.ADMIN_VILLAGE,
                                       region=Region.objects.get(code="450321100"))
        org = Organisation.objects.create(code=f"BENCH-O{stamp}", name="基准测试党支部", kind=Organisation.Kind.BRANCH,
                                          host_unit=unit)
        content = _workbook(rows, org.code, seed=int(stamp))
        self.stdout.write(f"workbook: {len(content) / 1048576:.1f} MB")
        start = time.perf_counter()
        upload = SimpleUploadedFile("bench.xlsx", content)
        readers.check_upload(upload)
        sheet = readers.read_sheet(upload, COLUMNS, kind=SHEET.kind)
        self._line("read", len(sheet.rows), time.perf_counter() - start)
        start = time.perf_counter()
        errors = ErrorCollector(sheet.columns)
        checked = SHEET.check(parse_rows(sheet, errors), errors, scope=scope)
        self._line("validate", len(checked), time.perf_counter() - start)
        if errors:
            self.stderr.write(f"{len(errors.as_list())} errors, first: {errors.as_list()[:3]}")
            return
        start = time.perf_counter()
        written = members_import(checked, user=user)
        self._line("write", len(written), time.perf_counter() - start)
        start = time.perf_counter()
        handle = io.BytesIO()
        count = writer.write_export(SHEET, scope.members().filter(organisation=org), handle)
        self._line("export", count, time.perf_counter() - start)
