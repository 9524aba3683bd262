import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delegates.models import DelegateFeed, Delegation
from delegates.services import delegate_feed_for
from sessions_log.models import Meeting

from .conftest import make_delegation, make_meeting, make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(pair):
    return make_meeting(pair, days=3, place="Room 4", video_url="https://meet.example.com/abc")


def delegate_urls(pair, meeting) -> dict[str, tuple[str, str]]:
    return {
        "pair": ("get", reverse("delegates:pair", args=[pair.pk])),
        "meeting_new": ("get", reverse("delegates:meeting_new", args=[pair.pk])),
        "meeting_edit": ("get", reverse("delegates:meeting_edit", args=[meeting.pk])),
        "meeting_cancel": ("get", reverse("delegates:meeting_cancel", args=[meeting.pk])),
    }


NAMES = ["pair", "meeting_new", "meeting_edit", "meeting_cancel"]


def request(client, pair, meeting, name):
    method, url = delegate_urls(pair, meeting)[name]
    return getattr(client, method)(url)


@pytest.mark.parametrize("name", NAMES)
def test_the_delegate_opens_their_pages(client, pair, meeting, assistant, delegation, name):
    client.force_login(assistant)
    assert request(client, pair, meeting, name).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "executive", "mentor", "hr"])
@pytest.mark.parametrize("name", NAMES)
def test_everyone_else_gets_404_on_a_delegates_pages(
    client, pair, meeting, delegation, who, name, request
):
    client.force_login(request.getfixturevalue(who))
    assert globals()["request"](client, pair, meeting, name).status_code == 404


@pytest.mark.parametrize("status", ["invited", "declined", "ended"])
@pytest.mark.parametrize("name", NAMES)
def test_a_delegate_not_or_no_longer_accepted_gets_404(
    client, pair, meeting, executive, assistant, status, name
):
    make_delegation(executive, assistant, status=status)
    client.force_login(assistant)
    assert request(client, pair, meeting, name).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_people_log_in_first(client, pair, meeting, name):
    response = request(client, pair, meeting, name)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_ended_pairing_leaves_the_delegates_pages(client, pair, meeting, assistant, delegation):
    pair.status, pair.ended_at = "ended", timezone.now()
    pair.save()
    client.force_login(assistant)
    assert request(client, pair, meeting, "pair").status_code == 404
    assert "Leo Park" not in client.get(reverse("delegates:assist")).content.decode()


def test_the_delegate_sees_who_when_and_where(client, pair, meeting, assistant, delegation):
    client.force_login(assistant)
    page = client.get(reverse("delegates:assist")).content.decode()
    assert "Margaret Okafor with Leo Park" in page
    assert "Room 4" in page and "https://meet.example.com/abc" in page
    assert "45 minutes" in page
    # In the delegate's own zone (Paris), and the executive's (London) beside it.
    paris = meeting.starts_at.astimezone(ZoneInfo("Europe/Paris"))
    london = meeting.starts_at.astimezone(ZoneInfo("Europe/London"))
    assert f"{paris:%H:%M}–" in page and "your time (Europe/Paris)" in page
    assert f"Margaret: {london:%a %H:%M} in Europe/London" in page


def test_the_delegate_schedules_from_their_page(
    client, pair, executive, assistant, delegation, django_capture_on_commit_callbacks
):
    client.force_login(assistant)
    day = timezone.localdate() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("delegates:meeting_new", args=[pair.pk]),
            {"day": day.isoformat(), "time": "10:00", "minutes": "30", "place": "Room 9"},
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("delegates:pair", args=[pair.pk]) + f"#meeting-{meeting.pk}"
    )
    assert meeting.created_by == assistant and meeting.minutes == 30
    # Entered in the delegate's own zone.
    assert meeting.starts_at == datetime.datetime(
        day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/Paris")
    )


def test_the_delegates_form_offers_no_agenda_topic(client, pair, assistant, delegation):
    client.force_login(assistant)
    page = client.get(reverse("delegates:meeting_new", args=[pair.pk])).content.decode()
    assert 'name="topic"' not in page and "agenda" not in page.lower()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"day": "2030-01-01\x00", "time": "10:00", "minutes": "30"},
        {"day": "9999-12-31", "time": "23:59", "minutes": "480"},
        {"day": "2030-01-01", "time": "10:00", "minutes": "99999999999999999999"},
        {"day": "2030-01-01", "time": "10:00", "minutes": "30", "place": "x" * 5000},
        {"day": "2030-01-01", "time": "10:00", "minutes": "30", "video_url": "javascript:alert(1)"},
        {"day": "2001-01-01", "time": "10:00", "minutes": "30"},
    ],
)
def test_hostile_meeting_input_gets_a_message_and_changes_nothing(
    client, pair, assistant, delegation, data
):
    client.force_login(assistant)
    response = client.post(reverse("delegates:meeting_new", args=[pair.pk]), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_delegate_moves_and_cancels(client, pair, meeting, assistant, delegation):
    client.force_login(assistant)
    day = timezone.localdate() + datetime.timedelta(days=6)
    client.post(
        reverse("delegates:meeting_edit", args=[meeting.pk]),
        {"day": day.isoformat(), "time": "11:00", "minutes": "45", "place": "Room 2"},
    )
    meeting.refresh_from_db()
    assert meeting.place == "Room 2" and meeting.sequence == 1
    response = client.post(reverse("delegates:meeting_cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 200 and not Meeting.objects.get().is_cancelled
    client.post(reverse("delegates:meeting_cancel", args=[meeting.pk]), {"reason": "Travel"})
    assert Meeting.objects.get().is_cancelled


def test_a_cancelled_meeting_cannot_be_moved(client, pair, meeting, assistant, delegation):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    client.force_login(assistant)
    day = timezone.localdate() + datetime.timedelta(days=6)
    response = client.post(
        reverse("delegates:meeting_edit", args=[meeting.pk]),
        {"day": day.isoformat(), "time": "11:00", "minutes": "45"},
        follow=True,
    )
    assert "This meeting is cancelled." in response.content.decode()


# The executive's page ---------------------------------------------------------------------------


def test_the_executive_names_a_delegate_and_sees_them(client, executive, assistant):
    client.force_login(executive)
    response = client.post(
        reverse("delegates:mine"),
        {"email": assistant.email, "share_meeting_soon": "on"},
        follow=True,
    )
    assert "Anna Assistant is invited" in response.content.decode()
    delegation = Delegation.objects.get()
    assert delegation.share_meeting_soon and not delegation.share_no_meeting
    assert "Invited, not answered yet" in client.get(reverse("delegates:mine")).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "Your delegates" in home and "Anna Assistant" in home


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "anna\x00@example.com"},
        {"email": "x" * 300 + "@example.com"},
        {"email": "nobody@example.com"},
    ],
)
def test_hostile_invitations_get_a_message(client, executive, data):
    client.force_login(executive)
    response = client.post(reverse("delegates:mine"), data)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Delegation.objects.exists()


def test_the_invited_person_answers_and_nobody_else_can(client, executive, assistant, outsider):
    delegation = make_delegation(executive, assistant, status=Delegation.Status.INVITED)
    url = reverse("delegates:invitation", args=[delegation.pk])
    for someone in (outsider, executive):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(assistant)
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "maybe"}).status_code == 200
    response = client.post(url, {"answer": "accept"})
    assert response["Location"] == reverse("delegates:assist")
    assert Delegation.objects.get().status == "accepted"
    assert client.get(url).status_code == 404  # answered: the invitation is gone


def test_only_the_executive_chooses_what_is_shared(
    client, executive, assistant, outsider, delegation
):
    url = reverse("delegates:share", args=[delegation.pk])
    client.force_login(outsider)
    assert client.post(url, {}).status_code == 404
    client.force_login(assistant)
    assert client.post(url, {}).status_code == 403
    client.force_login(executive)
    client.post(url, {f"d{delegation.pk}-share_no_meeting": "on"})
    delegation.refresh_from_db()
    assert not delegation.share_meeting_soon and delegation.share_no_meeting


def test_either_side_ends_it_and_nobody_else(client, executive, assistant, outsider, delegation):
    url = reverse("delegates:end", args=[delegation.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(executive)
    assert client.get(url).status_code == 405
    client.post(url)
    assert Delegation.objects.get().status == "ended"
    assert client.post(url).status_code == 404  # ended: nothing left to end


# The delegate's calendar feed ---------------------------------------------------------------------


def test_the_feed_has_the_executives_meetings_time_and_place(
    client, pair, meeting, assistant, delegation
):
    feed = delegate_feed_for(user=assistant)
    body = client.get(reverse("delegates:feed", args=[feed.token])).content.decode()
    assert "BEGIN:VEVENT" in body and "Room 4" in body and "meet.example.com/abc" in body
    assert "Margaret Okafor with Leo Park" in body
    assert f"/assist/pairs/{pair.pk}/" in body and "/meetings/" not in body


def test_the_feed_empties_when_the_delegation_ends(
    client, pair, meeting, executive, assistant, delegation
):
    feed = delegate_feed_for(user=assistant)
    delegation.status = Delegation.Status.ENDED
    delegation.save()
    body = client.get(reverse("delegates:feed", args=[feed.token])).content.decode()
    assert "BEGIN:VCALENDAR" in body and "BEGIN:VEVENT" not in body


def test_a_reset_feed_token_retires_the_old_url(client, assistant, delegation):
    old = delegate_feed_for(user=assistant).token
    client.force_login(assistant)
    assert client.get(reverse("delegates:calendar")).status_code == 200
    client.post(reverse("delegates:calendar_reset"))
    assert DelegateFeed.objects.get().token != old
    client.logout()
    assert client.get(reverse("delegates:feed", args=[old])).status_code == 404


def test_the_feed_of_a_deactivated_person_is_404(client, assistant, delegation):
    feed = delegate_feed_for(user=assistant)
    assistant.is_active = False
    assistant.save()
    assert client.get(reverse("delegates:feed", args=[feed.token])).status_code == 404


# HR ----------------------------------------------------------------------------------------------


def test_hr_sees_that_an_executive_has_a_delegate(client, hr, executive, assistant, delegation):
    client.force_login(hr)
    page = client.get(reverse("delegates:hr_list")).content.decode()
    assert "Margaret Okafor" in page and "Anna Assistant" in page


def test_the_hr_list_is_for_hr_only(client, executive, delegation):
    client.force_login(executive)
    assert client.get(reverse("delegates:hr_list")).status_code == 403


# Fixed query counts ----------------------------------------------------------------------------


def _world(n: int, assistant) -> None:
    for _ in range(n):
        pairing = make_pair()
        make_delegation(pairing.mentee.user, assistant)
        for days in (2, 4, -3):
            make_meeting(pairing, days=days, place="Room 1")


@pytest.mark.parametrize("url_name", ["delegates:assist", "delegates:mine", "delegates:hr_list"])
def test_the_delegates_pages_run_a_fixed_number_of_queries(
    client, hr, assistant, django_assert_num_queries, url_name
):
    viewer = hr if url_name == "delegates:hr_list" else assistant
    client.force_login(viewer)
    _world(1, assistant)
    client.get(reverse(url_name))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(url_name))
    _world(6, assistant)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_pair_page_runs_a_fixed_number_of_queries(client, assistant, django_assert_num_queries):
    pairing = make_pair()
    make_delegation(pairing.mentee.user, assistant)
    make_meeting(pairing, days=2)
    client.force_login(assistant)
    url = reverse("delegates:pair", args=[pairing.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for days in range(3, 30):
        make_meeting(pairing, days=days)
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_the_feed_goes_back_ninety_days(client, pair, meeting, assistant, delegation):
    old = make_meeting(pair, days=-120, place="Old room")
    feed = delegate_feed_for(user=assistant)
    body = client.get(reverse("delegates:feed", args=[feed.token])).content.decode()
    assert "Room 4" in body and "Old room" not in body and str(old.uid) not in body
