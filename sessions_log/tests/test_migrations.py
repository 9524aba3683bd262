"""A meeting stored on 31 December 9999 (before the form bounded dates) is repaired by the
migration that bounds them: the pair's pages answer again instead of overflowing."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.tests.migrating import latest, migrate
from sessions_log.models import LAST_MEETING_END, Meeting

from .conftest import make_pair

BEFORE = [("sessions_log", "0002_topic_catalogue")]
AFTER = [("sessions_log", "0003_meetings_end_in_a_calendar")]
MEETING = datetime.timedelta(minutes=45)


@pytest.mark.django_db(transaction=True)
def test_a_meeting_in_year_9999_is_cancelled_into_a_calendar(client, reference_data):
    end = latest()
    try:
        pair = make_pair(mentee_zone="Asia/Tokyo", starts_on=None, ends_on=None)
        old = migrate(BEFORE).get_model("sessions_log", "Meeting")
        starts = datetime.datetime(9999, 12, 31, 22, 0, tzinfo=datetime.UTC)
        far = old.objects.create(pairing_id=pair.pk, starts_at=starts, ends_at=starts + MEETING)
        soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
        kept = old.objects.create(pairing_id=pair.pk, starts_at=soon, ends_at=soon + MEETING)
        called_off = old.objects.create(
            pairing_id=pair.pk,
            starts_at=starts,
            ends_at=starts + MEETING,
            status="cancelled",
            cancel_reason="Typed the wrong year",
        )

        migrate(AFTER)

        far = Meeting.objects.get(pk=far.pk)
        assert far.is_cancelled and far.ends_at < LAST_MEETING_END and far.minutes == 45
        assert "year 9999" in far.cancel_reason and far.sequence == 1
        assert Meeting.objects.get(pk=kept.pk).status == Meeting.Status.SCHEDULED  # left alone
        called_off = Meeting.objects.get(pk=called_off.pk)  # moved, with its own reason
        assert called_off.ends_at < LAST_MEETING_END
        assert called_off.cancel_reason == "Typed the wrong year"
        client.force_login(pair.mentee.user)  # in Tokyo, where 31 December 9999 overflowed
        for url in [
            reverse("home"),
            reverse("sessions_log:workspace", args=[pair.pk]),
            reverse("sessions_log:meeting", args=[far.pk]),
        ]:
            assert client.get(url).status_code == 200
        pair_page = client.get(reverse("sessions_log:workspace", args=[pair.pk])).content.decode()
        assert "beyond any calendar" in pair_page
        with pytest.raises(IntegrityError), transaction.atomic():  # and none is stored again
            Meeting.objects.create(pairing=pair, starts_at=starts, ends_at=starts + MEETING)
    finally:
        migrate(end)  # the schema the other tests expect, whatever happened
