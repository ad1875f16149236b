
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('facts', '0003_move_workflow_to_reporting'),
        ('orgs', '0003_alter_organisation_is_regional'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were created by facts 0002 and keep their names (db_table): the models only change app.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ReportEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('action', models.CharField(choices=[('submit', 'Submitted'), ('approve', 'Approved'), ('return', 'Returned'), ('reopen', 'Reopened')], max_length=10, verbose_name='action')),
                    ('level', models.CharField(blank=True, max_length=10, verbose_name='level')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('time', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='time')),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='facts.factreport', verbose_name='report')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ],
                options={
                    'verbose_name': 'report event',
                    'verbose_name_plural': 'report events',
                    'db_table': 'facts_reportevent',
                    'ordering': ['-time', '-id'],
                },
            ),
            migrations.CreateModel(
                name='Notice',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('reminder', 'Reminder'), ('returned', 'Returned')], max_length=10, verbose_name='kind')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                    ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation', verbose_name='organisation')),
                    ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='facts.period', verbose_name='period')),
                    ('sender', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='from')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to=settings.AUTH_USER_MODEL, verbose_name='for')),
                ],
                options={
                    'verbose_name': 'notice',
                    'verbose_name_plural': 'notices',
                    'db_table': 'facts_notice',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['user', 'read_at'], name='facts_notic_user_id_598d07_idx')],
                },
            ),
        ]),
    ]
