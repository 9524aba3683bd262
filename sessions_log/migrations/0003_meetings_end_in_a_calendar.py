"""Meetings end before the last day of year 9999, which every time zone can show.

Before the meeting form bounded its dates, a meeting could be stored on 31 December 9999: in
any zone east of UTC its local time overflows Python's datetime, and the home page, the pair
page and the meeting's own pages answered 500 to both people. Such a meeting cannot take place:
it is cancelled (with a reason in words, its calendar entry updated) and moved to the last day
a calendar can show, then a constraint keeps every meeting inside it.
"""

import datetime

from django.conf import settings
from django.db import migrations, models

LAST_MEETING_END = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)
REASON = "Its date, in the year 9999, is beyond any calendar: cancelled by the site."


def cancel_meetings_beyond_calendars(apps, schema_editor):
    """A meeting someone cancelled already keeps their reason; it is only moved."""
    Meeting = apps.get_model("sessions_log", "Meeting")
    now = datetime.datetime.now(datetime.UTC)
    for meeting in Meeting.objects.filter(ends_at__gte=LAST_MEETING_END):
        length = min(meeting.ends_at - meeting.starts_at, datetime.timedelta(hours=12))
        meeting.starts_at = LAST_MEETING_END - datetime.timedelta(days=1)
        meeting.ends_at = meeting.starts_at + length
        if meeting.status != "cancelled":
            meeting.status = "cancelled"
            meeting.cancel_reason = REASON
        meeting.sequence += 1  # calendars that hold it see the change
        meeting.updated_at = now  # and its DTSTAMP and LAST-MODIFIED move with it
        fields = ["starts_at", "ends_at", "status", "cancel_reason", "sequence", "updated_at"]
        meeting.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("pairing", "0004_ended_pairs_kept_apart"),
        ("sessions_log", "0002_topic_catalogue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(cancel_meetings_beyond_calendars, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(ends_at__lt=LAST_MEETING_END),
                name="meeting_ends_in_a_calendar",
            ),
        ),
    ]
