"""Change-log entries of members written before birth dates were logged as year and month only (YYYY-MM): with
the masked ID number, whose hidden middle is exactly the birth date, a full date gave the whole number back."""

from django.db import migrations

# Kept here rather than read from the models: a migration must not change when the models do.
YEAR_MONTH_FIELDS = {"members.member": ("birth_date",)}
BATCH = 1000


def _cut(data, fields) -> bool:
    changed = False
    for name in fields:
        value = (data or {}).get(name)
        if isinstance(value, str) and len(value) > 7:
            data[name] = value[:7]
            changed = True
    return changed


def cut_birth_dates(apps, schema_editor):
    ChangeLog = apps.get_model("core", "ChangeLog")
    for object_type, fields in YEAR_MONTH_FIELDS.items():
        pending = []
        for log in ChangeLog.objects.filter(object_type=object_type).only("before", "after").iterator(chunk_size=BATCH):
            if _cut(log.before, fields) | _cut(log.after, fields):
                pending.append(log)
            if len(pending) >= BATCH:
                ChangeLog.objects.bulk_update(pending, ["before", "after"])
                pending = []
        ChangeLog.objects.bulk_update(pending, ["before", "after"])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(cut_birth_dates, migrations.RunPython.noop)]
