# ReportEvent and Notice belong to the reporting app now; their tables stay (state-only move).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("facts", "0002_reporting_approval")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("ReportEvent"), migrations.DeleteModel("Notice")],
        ),
    ]
