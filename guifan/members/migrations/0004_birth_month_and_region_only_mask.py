"""The birth date is kept as its year and month only (birth_month, the first of the month), and the masked ID number
shows the region code only: the first 6 and last 4 characters with the full birth date gave the whole number back,
and with the birth month still left 2 to 4 candidates (docs/security.md, "Personal data").

Existing rows: the mask is recomputed from the decrypted number; change-log entries and unmasked-view records that
hold the old mask (in their values or in the object's name) get the new one. 0005 drops the full birth date."""

import re

from django.db import migrations, models

from guifan.core.crypto import decrypt

BATCH = 1000
# Kept here rather than read from crypto: a migration must not change when the code does.
OLD_MASK = re.compile(r"(\d{6})\*{8}[0-9X]{4}")
NEW_STARS = "*" * 12


def region_only(number: str) -> str:
    return number[:6] + "*" * (len(number) - 6) if number else ""


def _in_batches(queryset, fields, change):
    pending = []
    for obj in queryset.iterator(chunk_size=BATCH):
        if change(obj):
            pending.append(obj)
        if len(pending) >= BATCH:
            queryset.model.objects.bulk_update(pending, fields)
            pending = []
    if pending:
        queryset.model.objects.bulk_update(pending, fields)


def _member(member) -> bool:
    member.birth_month = member.birth_date.replace(day=1)
    member.id_number_masked = region_only(decrypt(member.id_number_encrypted))
    return True


def _new_mask(text):
    return OLD_MASK.sub(lambda m: m.group(1) + NEW_STARS, text) if isinstance(text, str) else text


def _log(log) -> bool:
    changed = False
    for data in (log.before, log.after):
        if isinstance(data, dict) and "id_number_masked" in data:
            new = _new_mask(data["id_number_masked"])
            changed |= new != data["id_number_masked"]
            data["id_number_masked"] = new
    new_repr = _new_mask(log.object_repr)
    changed |= new_repr != log.object_repr
    log.object_repr = new_repr
    return changed


def _access(access) -> bool:
    new_repr = _new_mask(access.object_repr)
    changed = new_repr != access.object_repr
    access.object_repr = new_repr
    return changed


def forward(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    ChangeLog = apps.get_model("core", "ChangeLog")
    SensitiveAccess = apps.get_model("core", "SensitiveAccess")
    _in_batches(Member.objects.order_by("pk").only("birth_date", "id_number_encrypted"),
                ["birth_month", "id_number_masked"], _member)
    _in_batches(ChangeLog.objects.filter(object_type="members.member").order_by("pk")
                .only("before", "after", "object_repr"), ["before", "after", "object_repr"], _log)
    _in_batches(SensitiveAccess.objects.filter(object_type="members.member").order_by("pk").only("object_repr"),
                ["object_repr"], _access)


def backward(apps, schema_editor):
    """The old first-6-and-last-4 mask and the full birth date, from the decrypted number (logs keep the new mask)."""
    Member = apps.get_model("members", "Member")

    def restore(member) -> bool:
        number = decrypt(member.id_number_encrypted)
        member.birth_date = member.birth_month.replace(day=int(number[12:14]))
        member.id_number_masked = number[:6] + "*" * (len(number) - 10) + number[-4:]
        return True

    _in_batches(Member.objects.order_by("pk").only("birth_month", "id_number_encrypted"),
                ["birth_date", "id_number_masked"], restore)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_member_work_unit"),
        ("core", "0003_change_log_like_objectchange"),
    ]

    operations = [
        migrations.AddField(
            model_name="member", name="birth_month",
            field=models.DateField(null=True, verbose_name="birth month",
                                   help_text="Year and month of birth; the day is always 1."),
        ),
        migrations.RunPython(forward, backward),
    ]
