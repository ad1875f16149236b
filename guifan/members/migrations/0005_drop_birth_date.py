"""The full birth date is dropped (0004 kept its year and month); in a migration of its own, so that PostgreSQL
alters the table after the data migration's transaction has committed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0004_birth_month_and_region_only_mask")]

    operations = [
        migrations.RemoveField(model_name="member", name="birth_date"),
        migrations.AlterField(
            model_name="member", name="birth_month",
            field=models.DateField(verbose_name="birth month", help_text="Year and month of birth; the day is always 1."),
        ),
    ]
