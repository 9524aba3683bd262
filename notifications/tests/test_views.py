from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Notification, Preference, Reminder

pytestmark = pytest.mark.django_db


def notify(user, title="Log your session") -> Notification:
    return Notification.objects.create(recipient=user, kind="log_session", title=title)


def test_the_bell_counts_unread_notifications(client):
    user = UserFactory()
    notify(user)
    notify(user)
    notify(UserFactory())  # someone else's
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 2
    assert 'id="unread-count">2<' in response.content.decode()


def test_the_bell_is_read_with_the_person_in_the_query_of_every_page(client):
    user = UserFactory()
    notify(user)
    client.force_login(user)
    client.get(reverse("notifications:list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:list"))
    assert response.context["unread_notifications"] == 1
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert not [sql for sql in counts if '"read_at" IS NULL' in sql]  # no count of its own
    client.post(reverse("notifications:mark_read"))
    assert client.get(reverse("home")).context["unread_notifications"] == 0
    assert 'id="unread-count"' not in client.get(reverse("home")).content.decode()


def test_people_see_only_their_own_notifications(client):
    mine, theirs = UserFactory(), UserFactory()
    notify(mine, "Mine")
    notify(theirs, "Theirs")
    client.force_login(mine)
    content = client.get(reverse("notifications:list")).content.decode()
    assert "Mine" in content and "Theirs" not in content


def test_marking_one_or_all_as_read(client):
    user = UserFactory()
    first, second = notify(user), notify(user)
    other = notify(UserFactory())
    client.force_login(user)
    client.post(reverse("notifications:mark_read"), {"notification": [first.pk, other.pk]})
    assert list(Notification.objects.unread().filter(recipient=user)) == [second]
    assert Notification.objects.unread().filter(pk=other.pk).exists()  # not theirs to mark
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.unread().filter(recipient=user).exists()


def test_preferences_offer_no_off_switch_for_essential_reminders(client):
    user = UserFactory()
    client.force_login(user)
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert ("off", "Not at all") not in form.fields["meeting_soon"].choices
    assert ("off", "Not at all") in form.fields["enrolment_open"].choices
    assert "hr_digest" not in form.fields and "pairs_at_risk" not in form.fields  # HR's only
    data = {name: "email" for name in form.fields}
    data["meeting_soon"] = "off"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200 and not Preference.objects.exists()
    data["meeting_soon"], data["enrolment_open"] = "app", "off"
    client.post(reverse("notifications:preferences"), data)
    assert Preference.objects.get(user=user, kind="meeting_soon").channel == "app"
    assert Preference.objects.get(user=user, kind="enrolment_open").channel == "off"


@pytest.mark.parametrize("name", ["list", "preferences"])
def test_anonymous_people_log_in_first(client, name):
    assert "/accounts/login/" in client.get(reverse(f"notifications:{name}"))["Location"]


def test_failed_reminders_are_for_hr_only(client):
    Reminder.objects.create(
        kind="meeting_soon", subject="meeting:1", recipient=UserFactory(), status="failed",
        last_error="550 mailbox unavailable",
    )  # fmt: skip
    client.force_login(UserFactory())
    assert client.get(reverse("notifications:failed")).status_code == 403
    client.force_login(UserFactory(hr_admin=True))
    response = client.get(reverse("notifications:failed"))
    assert "550 mailbox unavailable" in response.content.decode()


def test_a_reminder_stuck_while_sending_is_shown_to_hr(client):
    stuck = Reminder.objects.create(
        kind="log_session", subject="meeting:2", recipient=UserFactory(), status="sending"
    )
    Reminder.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    Reminder.objects.create(
        kind="log_session", subject="meeting:3", recipient=UserFactory(), status="sending"
    )  # a worker is on it right now
    client.force_login(UserFactory(hr_admin=True))
    page = client.get(reverse("notifications:failed")).context["page"]
    assert [r.pk for r in page] == [stuck.pk]


def test_side_effects_the_outbox_gave_up_are_listed_for_hr_in_words(client):
    from mentoring import outbox
    from mentoring.models import OutboxMessage

    stuck = OutboxMessage.objects.create(
        task="pairing.tasks.execute_pairing_run",
        kwargs={"run_id": 1},
        handovers=outbox.MAX_HANDOVERS,
        handed_at=timezone.now() - timedelta(hours=1),
        last_error="Error 111 connecting to redis:6379. Connection refused.",
    )
    OutboxMessage.objects.create(  # still waiting for its time
        task="notifications.tasks.notify", kwargs={}, not_before=timezone.now() + timedelta(hours=1)
    )
    outbox.dispatch()
    stuck.refresh_from_db()
    assert stuck.failed_at is not None
    client.force_login(UserFactory(hr_admin=True))
    page = client.get(reverse("notifications:failed")).content.decode()
    assert "Other effects given up" in page
    assert "Run the pairing" in page and "Connection refused" in page
    assert "Tell people of a change" not in page
