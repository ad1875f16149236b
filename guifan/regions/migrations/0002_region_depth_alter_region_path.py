"""Regions join the tree base (guifan.core.tree): a depth column, filled from the stored paths, and paths as long
as the organisations'."""

from django.db import migrations, models


def fill_depth(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    regions = list(Region.objects.only("pk", "path"))  # a city's divisions: a few hundred rows
    for region in regions:
        region.depth = region.path.count("/") - 2
    Region.objects.bulk_update(regions, ["depth"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="depth",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="depth"),
        ),
        migrations.AlterField(
            model_name="region",
            name="path",
            field=models.CharField(db_index=True, editable=False, max_length=255, verbose_name="path"),
        ),
        migrations.RunPython(fill_depth, migrations.RunPython.noop),
    ]
