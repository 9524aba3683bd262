"""One test per class of hostile input the issue found (the property test drives them all:
test_hostile_input.py); each answers in words, and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Profile
from accounts.tests.factories import UserFactory
from notifications.models import Notification


@pytest.mark.parametrize("value", ["9" * 5000, "²", "1e308", "-1", "abc"])
def test_a_level_that_is_no_number_or_overflows_changes_nothing(client, db, value):
    person = UserFactory()
    Profile.objects.create(user=person, title="Analyst", level=3)
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"), {"form": "profile", "title": "Analyst", "level": value}
    )
    # The level is HR's (read-only on the profile page): ignored there, never a 500.
    assert response.status_code in (200, 302)
    assert Profile.objects.get(user=person).level == 3


@pytest.mark.parametrize("value", ["9" * 5000, "²", "1" * 40, "abc", ""])
def test_a_notification_id_that_is_no_id_marks_nothing(client, db, value):
    person = UserFactory()
    unread = Notification.objects.create(recipient=person, kind="meeting_soon", title="t")
    client.force_login(person)
    response = client.post(reverse("notifications:mark_read"), {"notification": value})
    assert response.status_code == 302
    unread.refresh_from_db()
    assert unread.read_at is None
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nothing was marked" in page


def test_a_program_that_is_no_id_on_the_revoke_page_is_a_404(client, db):
    hr = UserFactory(hr_admin=True)
    client.force_login(hr)
    for value in ["²", "9" * 40, "abc"]:
        url = reverse("accounts:hr_role_revoke", args=[hr.pk])
        assert client.get(url, {"program": value}).status_code == 404


def test_an_imported_level_of_thousands_of_digits_is_a_rows_error(client, db):
    client.force_login(UserFactory(hr_admin=True))
    upload = SimpleUploadedFile("hr.csv", b"email,level\nleo@example.com," + b"9" * 5000 + b"\n")
    response = client.post(reverse("accounts:import_upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "unknown level" in response.content.decode()
