"""The months-paid roll-up of each assessment (bit m-1: month m paid), filled from the monthly payments kept."""

from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    assessment, payment = apps.get_model("dues", "DuesAssessment"), apps.get_model("dues", "DuesPayment")
    for year in assessment.objects.values_list("year", flat=True).distinct():
        for month in range(1, 13):
            paid = payment.objects.filter(year=year, month=month, kind="monthly").values("member_id")
            assessment.objects.filter(year=year, member_id__in=paid).update(
                months_paid=F("months_paid").bitor(1 << (month - 1)))


class Migration(migrations.Migration):

    dependencies = [
        ("dues", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="duesassessment",
            name="months_paid",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False, verbose_name="months paid"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
