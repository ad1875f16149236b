# The change log becomes NetBox's ObjectChange: content type, related object and request id.
import django.db.models.deletion
from django.db import migrations, models


def fill_content_types(apps, schema_editor):
    ChangeLog = apps.get_model("core", "ChangeLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label in ChangeLog.objects.order_by().values_list("object_type", flat=True).distinct():
        app_label, _, model = label.partition(".")
        ct, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        ChangeLog.objects.filter(object_type=label).update(content_type=ct)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_change_log_birth_year_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="changelog", name="content_type",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="contenttypes.contenttype", verbose_name="object type"),
        ),
        migrations.RunPython(fill_content_types, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="changelog", name="content_type",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="contenttypes.contenttype", verbose_name="object type"),
        ),
        migrations.AddField(
            model_name="changelog", name="related_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="related object type"),
        ),
        migrations.AddField(
            model_name="changelog", name="related_id",
            field=models.CharField(blank=True, max_length=40, verbose_name="related object id"),
        ),
        migrations.AddField(
            model_name="changelog", name="related_repr",
            field=models.CharField(blank=True, max_length=200, verbose_name="related object"),
        ),
        migrations.AddField(
            model_name="changelog", name="request_id",
            field=models.UUIDField(blank=True, db_index=True, help_text="The web request (or command run) that made the change.",
                                   null=True, verbose_name="request"),
        ),
        migrations.AlterField(
            model_name="changelog", name="action",
            field=models.CharField(choices=[("create", "Created"), ("update", "Updated"), ("delete", "Deleted"),
                                            ("submit", "Submitted"), ("approve", "Approved"), ("return", "Returned"),
                                            ("run", "Run")], max_length=10, verbose_name="action"),
        ),
    ]
