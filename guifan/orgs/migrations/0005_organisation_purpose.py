from django.db import migrations, models


class Migration(migrations.Migration):
    """What an organisation is for (M01 扩面): regular, task-specific or functional."""

    dependencies = [
        ("orgs", "0004_register_rollups"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="purpose",
            field=models.CharField(
                choices=[("regular", "Regular"), ("task_project", "Task-specific: key project"),
                         ("task_poverty", "Task-specific: poverty relief"),
                         ("task_pilot", "Task-specific: pilot or model work"),
                         ("functional_service", "Functional: social service"),
                         ("functional_culture", "Functional: culture and recreation"),
                         ("functional_sport", "Functional: sport and fitness")],
                db_index=True, default="regular",
                help_text="Task-specific organisations (projects, poverty relief, pilots) and functional ones (by "
                          "interest, in cities) are kinds in the register (M01).",
                max_length=20, verbose_name="purpose"),
        ),
    ]
