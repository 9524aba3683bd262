"""The outbox of side effects, and its dispatcher among the periodic jobs."""

import django.utils.timezone
from django.db import migrations, models


def install(apps, schema_editor):
    from mentoring.schedules import install_schedules

    install_schedules(
        interval_model=apps.get_model("django_celery_beat", "IntervalSchedule"),
        crontab_model=apps.get_model("django_celery_beat", "CrontabSchedule"),
        task_model=apps.get_model("django_celery_beat", "PeriodicTask"),
    )


class Migration(migrations.Migration):


    dependencies = [
        ('mentoring', '0005_programs_moved'),
        ('notifications', '0002_install_schedules'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task', models.CharField(help_text="the Celery task's name", max_length=120)),
                ('kwargs', models.JSONField(default=dict)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('not_before', models.DateTimeField(default=django.utils.timezone.now)),
                ('handed_at', models.DateTimeField(blank=True, help_text='last given to the broker', null=True)),
                ('handovers', models.PositiveSmallIntegerField(default=0)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('failed_at', models.DateTimeField(blank=True, help_text='given up after retries', null=True)),
                ('last_error', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['pk'],
                'indexes': [models.Index(condition=models.Q(('done_at__isnull', True), ('failed_at__isnull', True)), fields=['not_before', 'handed_at'], name='outbox_pending')],
            },
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
