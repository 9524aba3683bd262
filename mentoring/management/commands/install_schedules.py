from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from mentoring.schedules import install_schedules


class Command(BaseCommand):
    help = "Create or update the periodic jobs of mentoring/schedules.py for celery beat."

    def handle(self, *args, **options) -> None:
        for name in install_schedules(
            interval_model=IntervalSchedule, crontab_model=CrontabSchedule, task_model=PeriodicTask
        ):
            self.stdout.write(f"installed: {name}")
