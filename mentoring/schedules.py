"""Every periodic job, in one place. `celery -A mentoring beat` runs them from the database
(django-celery-beat), where an administrator can see and change them in Django's admin."""

from typing import Any, TypedDict


class Schedule(TypedDict, total=False):
    task: str
    every_minutes: int  # an interval, or
    crontab: dict[str, str]  # a time of day and week


SCHEDULES: dict[str, Schedule] = {
    "Outbox: hand over side effects the broker missed": {
        "task": "mentoring.tasks.dispatch_outbox",
        "every_minutes": 1,
    },
    "Reminders: sweep for what is due": {
        "task": "notifications.tasks.sweep",
        "every_minutes": 15,
    },
    "Reminders: weekly digest for HR admins": {
        "task": "notifications.tasks.weekly_digest",
        "crontab": {"minute": "0", "hour": "7", "day_of_week": "1"},  # Mondays 07:00
    },
    "Audit log: remove entries older than AUDIT_RETENTION_YEARS": {
        "task": "audit.tasks.purge_expired_entries",
        "crontab": {"minute": "30", "hour": "3"},  # every night at 03:30
    },
}


def install_schedules(*, interval_model: Any, crontab_model: Any, task_model: Any) -> list[str]:
    """Create or update the periodic tasks; models are passed so a migration can call it."""
    installed = []
    for name, spec in SCHEDULES.items():
        defaults: dict[str, Any] = {"task": spec["task"], "enabled": True}
        if "every_minutes" in spec:
            interval, _ = interval_model.objects.get_or_create(
                every=spec["every_minutes"], period="minutes"
            )
            defaults.update(interval=interval, crontab=None)
        else:
            crontab, _ = crontab_model.objects.get_or_create(timezone="UTC", **spec["crontab"])
            defaults.update(crontab=crontab, interval=None)
        task_model.objects.update_or_create(name=name, defaults=defaults)
        installed.append(name)
    return installed
