import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from sessions_log.models import AgendaItem, CalendarFeed, Goal, Meeting, SessionLog
from sessions_log.services import (
    agenda_item_add,
    calendar_feed_for,
    goal_create,
    log_fingerprint,
    session_log_save,
)

from .conftest import make_meeting, make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pair, mentee, mentor):
    """A pair in full swing: a goal, an upcoming meeting with an agenda, a logged past one."""
    goal = goal_create(pairing=pair, by=mentee, title="Post on LinkedIn every week")
    upcoming = make_meeting(pair, days=3)
    item = agenda_item_add(meeting=upcoming, by=mentor, title="Your profile as others see it")
    past = make_meeting(pair, days=-7)
    session_log_save(
        meeting=past,
        by=mentor,
        version=0,
        base="",
        held=True,
        summary="SUMMARY-TEXT",
        rating=4,
        private_note="LEO-PRIVATE",
    )
    session_log_save(
        meeting=past,
        by=mentee,
        version=1,
        base=log_fingerprint(past.log),
        held=True,
        summary="SUMMARY-TEXT",
        rating=5,
        private_note="MARGARET-PRIVATE",
    )
    return {"goal": goal, "upcoming": upcoming, "item": item, "past": past}


def pair_urls(pair, world) -> dict[str, tuple[str, str]]:
    meeting, past, item = world["upcoming"].pk, world["past"].pk, world["item"].pk
    return {
        "workspace": ("get", reverse("sessions_log:workspace", args=[pair.pk])),
        "goal_new": ("get", reverse("sessions_log:goal_new", args=[pair.pk])),
        "goal_edit": ("get", reverse("sessions_log:goal_edit", args=[world["goal"].pk])),
        "meeting_new": ("get", reverse("sessions_log:meeting_new", args=[pair.pk])),
        "meeting": ("get", reverse("sessions_log:meeting", args=[meeting])),
        "meeting_edit": ("get", reverse("sessions_log:meeting_edit", args=[meeting])),
        "meeting_cancel": ("get", reverse("sessions_log:meeting_cancel", args=[meeting])),
        "meeting_ics": ("get", reverse("sessions_log:meeting_ics", args=[meeting])),
        "log": ("get", reverse("sessions_log:log", args=[past])),
        "agenda_add": ("post", reverse("sessions_log:agenda_add", args=[meeting])),
        "agenda_topic": ("post", reverse("sessions_log:agenda_topic", args=[meeting])),
        "agenda_edit": ("get", reverse("sessions_log:agenda_edit", args=[item])),
        "agenda_delete": ("post", reverse("sessions_log:agenda_delete", args=[item])),
        "agenda_move": ("post", reverse("sessions_log:agenda_move", args=[item, "down"])),
        "agenda_tick": ("post", reverse("sessions_log:agenda_tick", args=[item])),
    }


NAMES = [
    "workspace",
    "goal_new",
    "goal_edit",
    "meeting_new",
    "meeting",
    "meeting_edit",
    "meeting_cancel",
    "meeting_ics",
    "log",
    "agenda_add",
    "agenda_topic",
    "agenda_edit",
    "agenda_delete",
    "agenda_move",
    "agenda_tick",
]
READS = ["workspace", "meeting", "meeting_ics"]
AUTHOR_ONLY = ["agenda_edit", "agenda_delete"]  # the item in `world` is the mentor's
PARTICIPANTS = [
    (who, name)
    for who in ("mentee", "mentor")
    for name in NAMES
    if not (who == "mentee" and name in AUTHOR_ONLY)
]


def request(client, pair, world, name):
    method, url = pair_urls(pair, world)[name]
    return getattr(client, method)(url, {"title": "A question"} if method == "post" else None)


@pytest.mark.parametrize("name", NAMES)
def test_an_outsider_gets_404_and_nothing_changes(client, pair, world, outsider, name):
    client.force_login(outsider)
    assert request(client, pair, world, name).status_code == 404
    assert AgendaItem.objects.count() == 1 and Meeting.objects.count() == 2


@pytest.mark.parametrize("name", NAMES)
def test_hr_is_an_outsider_to_a_pairs_content(client, pair, world, hr, name):
    client.force_login(hr)
    assert request(client, pair, world, name).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_people_are_sent_to_log_in(client, pair, world, name):
    response = request(client, pair, world, name)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("who", "name"), PARTICIPANTS)
def test_both_participants_may_open_everything(client, pair, world, who, name):
    client.force_login(getattr(pair, who).user)
    assert request(client, pair, world, name).status_code in (200, 302)


@pytest.mark.parametrize("name", AUTHOR_ONLY)
def test_only_the_author_may_change_an_agenda_item(client, pair, world, mentee, name):
    client.force_login(mentee)
    assert request(client, pair, world, name).status_code == 403
    assert AgendaItem.objects.filter(pk=world["item"].pk, title=world["item"].title).exists()


@pytest.mark.parametrize("name", sorted(set(NAMES) - set(READS)))
def test_an_ended_pairing_is_read_only(client, pair, world, mentee, name):
    pair.status, pair.ended_at = "ended", timezone.now()
    pair.save()
    client.force_login(mentee)
    assert request(client, pair, world, name).status_code == 403


@pytest.mark.parametrize("name", READS)
def test_an_ended_pairings_history_stays_readable(client, pair, world, mentee, name):
    pair.status = "ended"
    pair.save()
    client.force_login(mentee)
    assert request(client, pair, world, name).status_code == 200


def test_a_proposed_pairing_is_not_open_yet(client, pair, mentee):
    pair.status = "proposed"
    pair.save()
    client.force_login(mentee)
    assert client.get(reverse("sessions_log:workspace", args=[pair.pk])).status_code == 404


# Private notes ----------------------------------------------------------------------------------


def test_a_private_note_shows_to_its_author_alone(client, pair, world, mentee, mentor):
    past = world["past"]
    pages = [
        reverse("sessions_log:workspace", args=[pair.pk]),
        reverse("sessions_log:meeting", args=[past.pk]),
        reverse("sessions_log:log", args=[past.pk]),
    ]
    for user, mine, theirs in [
        (mentee, "MARGARET-PRIVATE", "LEO-PRIVATE"),
        (mentor, "LEO-PRIVATE", "MARGARET-PRIVATE"),
    ]:
        client.force_login(user)
        for page in pages:
            content = client.get(page).content.decode()
            assert mine in content and "SUMMARY-TEXT" in content
            assert theirs not in content


def test_one_sees_ones_own_rating_not_the_others(client, pair, world, mentee):
    client.force_login(mentee)
    content = client.get(reverse("sessions_log:meeting", args=[world["past"].pk])).content
    assert b"Your rating: 5/5" in content and b"4/5" not in content


# Scheduling and logging through the pages ----------------------------------------------------


def test_the_mentor_schedules_in_new_york_time_and_the_executive_sees_london_time(
    client, pair, mentor, mentee, topics
):
    client.force_login(mentor)
    day = datetime.date(timezone.localdate().year + 1, 1, 12)
    response = client.post(
        reverse("sessions_log:meeting_new", args=[pair.pk]),
        {"day": day.isoformat(), "time": "10:00", "minutes": "45", "place": "", "video_url": ""},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at.astimezone(datetime.UTC).time() == datetime.time(15)
    assert b"10:00" in client.get(response["Location"]).content
    client.force_login(mentee)
    content = client.get(reverse("sessions_log:meeting", args=[meeting.pk])).content.decode()
    assert "15:00–15:45" in content and "Europe/London" in content
    assert "Leo: " in content and "10:00 in America/New_York" in content


def test_the_schedule_form_offers_the_programs_meeting_length(client, pair, mentor):
    client.force_login(mentor)
    content = client.get(reverse("sessions_log:meeting_new", args=[pair.pk])).content.decode()
    assert 'name="minutes" value="45"' in content
    assert "Time (America/New_York)" in content


def test_a_question_added_on_the_home_page_goes_back_home(client, pair, world, mentee):
    client.force_login(mentee)
    url = reverse("sessions_log:agenda_add", args=[world["upcoming"].pk])
    response = client.post(url, {"title": "How often should I post?", "next": "/"})
    assert response["Location"] == "/"
    item = AgendaItem.objects.get(title="How often should I post?")
    assert item.added_by == mentee and item.position == 1


def test_a_question_never_redirects_off_site(client, pair, world, mentee):
    client.force_login(mentee)
    url = reverse("sessions_log:agenda_add", args=[world["upcoming"].pk])
    response = client.post(url, {"title": "Q", "next": "https://evil.example/"})
    assert "evil" not in response["Location"]


def test_a_conflicting_summary_shows_both_texts_and_keeps_the_persons_input(
    client, pair, world, mentee, mentor
):
    past = world["past"]
    client.force_login(mentee)
    form = client.get(reverse("sessions_log:log", args=[past.pk])).context["form"]
    seen = {"version": form.initial["version"], "base": form.initial["base"]}
    session_log_save(
        meeting=past,
        by=mentor,
        version=seen["version"],
        base=seen["base"],
        held=True,
        summary="LEO-REWRITE",
    )
    goal = world["goal"]
    response = client.post(
        reverse("sessions_log:log", args=[past.pk]),
        {
            **seen,
            "held": "yes",
            "summary": "MARGARET-REWRITE",
            "rating": "5",
            "private_note": "MARGARET-PRIVATE",
            f"progress_{goal.pk}": "0",
            f"was_{goal.pk}": "0",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Leo Park saved this log" in content
    assert "LEO-REWRITE" in content and "MARGARET-REWRITE" in content
    assert SessionLog.objects.get(pk=past.log.pk).summary == "LEO-REWRITE"
    # Saving the merged text again goes through.
    rebased = response.context["form"]
    response = client.post(
        reverse("sessions_log:log", args=[past.pk]),
        {**rebased.data.dict(), "summary": "LEO-REWRITE and MARGARET-REWRITE"},
    )
    assert response.status_code == 302
    assert SessionLog.objects.get(pk=past.log.pk).summary == "LEO-REWRITE and MARGARET-REWRITE"


def test_a_conflicting_goal_edit_shows_the_saved_version(client, pair, world, mentee, mentor):
    goal = world["goal"]
    client.force_login(mentee)
    form = client.get(reverse("sessions_log:goal_edit", args=[goal.pk])).context["form"]
    Goal.objects.filter(pk=goal.pk).update(
        title="LEO-TITLE", version=goal.version + 1, updated_by=mentor
    )
    response = client.post(
        reverse("sessions_log:goal_edit", args=[goal.pk]),
        {
            "version": form.initial["version"],
            "base": form.initial["base"],
            "direction": "mentee",
            "title": "MARGARET-TITLE",
            "progress": "10",
            "status": "open",
        },
    )
    content = response.content.decode()
    assert "Leo Park saved this goal" in content
    assert "LEO-TITLE" in content and "MARGARET-TITLE" in content
    assert Goal.objects.get(pk=goal.pk).title == "LEO-TITLE"


def test_logging_from_the_page_saves_rating_note_and_progress(client, pair, world, mentee):
    meeting, goal = make_meeting(pair, days=-1), world["goal"]
    client.force_login(mentee)
    response = client.post(
        reverse("sessions_log:log", args=[meeting.pk]),
        {
            "version": "0",
            "base": log_fingerprint(None),
            "held": "no",
            "summary": "",
            "rating": "2",
            "private_note": "",
            f"progress_{goal.pk}": "20",
            f"was_{goal.pk}": "0",
        },
    )
    assert response.status_code == 302
    log = SessionLog.objects.get(meeting=meeting)
    assert not log.held and log.ratings.get().score == 2
    assert Goal.objects.get(pk=goal.pk).progress == 20


def test_the_workspace_shows_the_programs_expectation_until_there_is_a_goal(client, pair, mentee):
    pair.program.goals = "Every executive posts with confidence."
    pair.program.save()
    client.force_login(mentee)
    content = client.get(reverse("sessions_log:workspace", args=[pair.pk])).content.decode()
    assert "Define expectations up front and have an end goal in mind" in content
    assert "Every executive posts with confidence." in content


def test_the_workspace_runs_a_fixed_number_of_queries(
    client, pair, world, mentee, django_assert_max_num_queries
):
    client.force_login(mentee)
    url = reverse("sessions_log:workspace", args=[pair.pk])
    # 18: the menu asks once whether the person manages a program (the HR role's scope), and
    # the person's enrolment ids are read before their pairings (pairing/models.py).
    with django_assert_max_num_queries(18) as few:
        client.get(url)
    for days in range(-60, -10, 5):
        meeting = make_meeting(pair, days=days)
        agenda_item_add(meeting=meeting, by=mentee, title="Q")
        session_log_save(
            meeting=meeting,
            by=mentee,
            version=0,
            base="",
            held=True,
            summary="S",
            rating=4,
            private_note="N",
        )
        goal_create(pairing=pair, by=mentee, title=f"Goal {days}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # The history shows the latest ten past meetings, and links to the older ones.
    content = response.content.decode()
    assert content.count("Your private note") == 10
    assert "Older meetings" in content
    with django_assert_max_num_queries(len(few.captured_queries)):
        older = client.get(url + "?history=2").content.decode()
    assert older.count("Your private note") == 1
    assert "Newer meetings" in older and "Older meetings" not in older
    for bad in ("x", "²", "9" * 5000):  # a bad page number: the first
        assert client.get(url, {"history": bad}).status_code == 200


# Calendar feed -------------------------------------------------------------------------------


def test_the_feed_answers_a_good_token_without_a_login(client, pair, world, mentee):
    token = calendar_feed_for(user=mentee).token
    response = client.get(reverse("sessions_log:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"Leo Park" in response.content
    assert "private" in response["Cache-Control"]


def test_a_reset_token_makes_the_old_feed_url_404(client, mentee):
    old = calendar_feed_for(user=mentee).token
    client.force_login(mentee)
    response = client.post(reverse("sessions_log:calendar_reset"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=mentee).token
    client.logout()
    assert client.get(reverse("sessions_log:feed", args=[old])).status_code == 404
    assert client.get(reverse("sessions_log:feed", args=[new])).status_code == 200


def test_the_feed_of_a_deactivated_person_is_404(client, mentee):
    token = calendar_feed_for(user=mentee).token
    mentee.is_active = False
    mentee.save()
    assert client.get(reverse("sessions_log:feed", args=[token])).status_code == 404


def test_a_future_meeting_cannot_be_logged_yet(client, pair, world, mentor):
    client.force_login(mentor)
    response = client.get(reverse("sessions_log:log", args=[world["upcoming"].pk]))
    assert response["Location"] == reverse("sessions_log:meeting", args=[world["upcoming"].pk])


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("sessions_log:feed", args=["guess"])).status_code == 404


def test_the_calendar_page_shows_the_persons_own_feed_url(client, mentee):
    client.force_login(mentee)
    content = client.get(reverse("sessions_log:calendar")).content.decode()
    assert CalendarFeed.objects.get(user=mentee).token in content
    assert "webcal://" in content


def test_the_calendar_reset_needs_a_post(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("sessions_log:calendar_reset")).status_code == 405


# My pairs ------------------------------------------------------------------------------------


def test_my_pairs_goes_straight_to_the_only_pair(client, pair, mentee):
    client.force_login(mentee)
    response = client.get(reverse("sessions_log:pair_list"))
    assert response["Location"] == reverse("sessions_log:workspace", args=[pair.pk])


def test_my_pairs_is_empty_for_someone_without_a_pair(client, pair, outsider):
    client.force_login(outsider)
    assert b"You have no pair yet" in client.get(reverse("sessions_log:pair_list")).content


# HR's health page ------------------------------------------------------------------------------


def test_the_health_page_is_for_hr_only(client, pair, mentee):
    url = reverse("sessions_log:program_health", args=[pair.program.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(mentee)
    assert client.get(url).status_code == 403


def test_the_health_page_of_an_unknown_program_is_404(client, hr):
    client.force_login(hr)
    assert client.get(reverse("sessions_log:program_health", args=[999])).status_code == 404


def test_hr_sees_the_numbers_and_nothing_of_the_content(client, pair, world, hr, mentee):
    world["goal"].progress = 60
    world["goal"].save()
    make_meeting(pair, days=-20, status="cancelled")
    missed = make_meeting(pair, days=-14)
    session_log_save(meeting=missed, by=mentee, version=0, base="", held=False, summary="")
    make_meeting(pair, days=-2)  # not logged yet
    client.force_login(hr)
    response = client.get(reverse("sessions_log:program_health", args=[pair.program.pk]))
    (row,) = response.context["rows"]
    assert (row.scheduled, row.upcoming, row.held, row.missed, row.unlogged, row.cancelled) == (
        4,
        1,
        1,
        1,
        1,
        1,
    )
    assert row.last_held == world["past"].starts_at
    assert row.goal_progress == 60 and (row.mentee_rating, row.mentor_rating) == (5, 4)
    content = response.content.decode()
    assert "Margaret Okafor" in content and "Leo Park" in content
    for secret in ["SUMMARY-TEXT", "PRIVATE", "Your profile as others see it", "LinkedIn"]:
        assert secret not in content


def test_a_quiet_pair_is_flagged_for_hr(client, pair, hr):
    pair.published_at = timezone.now() - datetime.timedelta(weeks=8)
    pair.save()
    client.force_login(hr)
    response = client.get(reverse("sessions_log:program_health", args=[pair.program.pk]))
    assert response.context["rows"][0].at_risk == ["no meeting held in 4 weeks"]


def test_the_health_page_runs_a_fixed_number_of_queries(
    client, pair, world, hr, django_assert_max_num_queries
):
    client.force_login(hr)
    url = reverse("sessions_log:program_health", args=[pair.program.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    few_count = len(few.captured_queries)  # each request empties Django's query log
    for _ in range(5):
        other = make_pair()
        other.program, other.mentee.program, other.mentor.program = (pair.program,) * 3
        other.save()
        meeting = make_meeting(other, days=-3)
        session_log_save(
            meeting=meeting,
            by=other.mentor.user,
            version=0,
            base="",
            held=True,
            summary="",
            rating=3,
        )
    cache.clear()  # the figures are kept a minute: read them again now
    # With Redis (CI) sessions are read from the cache: another page puts HR's back there.
    client.get(reverse("notifications:list"))
    with django_assert_max_num_queries(few_count):
        response = client.get(url)
    assert len(response.context["rows"]) == 6


def test_the_health_figures_are_kept_a_minute_and_the_page_says_when_they_were_read(
    client, pair, hr
):
    client.force_login(hr)
    url = reverse("sessions_log:program_health", args=[pair.program.pk])
    first = client.get(url)
    assert "Figures as of" in first.content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second.context["read_at"] == first.context["read_at"]
    assert not any("sessions_log_meeting" in q["sql"] for q in again.captured_queries)


def test_another_programs_pairs_are_not_on_the_health_page(client, pair, hr):
    make_pair()
    client.force_login(hr)
    response = client.get(reverse("sessions_log:program_health", args=[pair.program.pk]))
    assert len(response.context["rows"]) == 1


def test_an_hr_admin_in_a_pair_sees_their_own_workspace(client, db):
    pair = make_pair()
    executive = pair.mentee.user
    executive.groups.add(*UserFactory(hr_admin=True).groups.all())
    client.force_login(executive)
    assert client.get(reverse("sessions_log:workspace", args=[pair.pk])).status_code == 200


def test_rescheduling_shows_the_time_in_ones_own_zone_and_keeps_the_calendar_entry(
    client, pair, world, mentee
):
    meeting = world["upcoming"]
    local = meeting.starts_at.astimezone(ZoneInfo("Europe/London"))
    client.force_login(mentee)
    url = reverse("sessions_log:meeting_edit", args=[meeting.pk])
    content = client.get(url).content.decode()
    assert f'value="{local:%Y-%m-%d}"' in content and f'value="{local:%H:%M}"' in content
    new_day = (local + datetime.timedelta(days=1)).date()
    response = client.post(
        url,
        {"day": new_day.isoformat(), "time": "16:30", "minutes": "60", "place": "Room 2"},
    )
    assert response.status_code == 302
    moved = Meeting.objects.get(pk=meeting.pk)
    assert (moved.uid, moved.sequence, moved.minutes) == (meeting.uid, 1, 60)
    assert moved.starts_at.astimezone(ZoneInfo("Europe/London")).time() == datetime.time(16, 30)


def test_cancelling_needs_a_reason(client, pair, world, mentor):
    client.force_login(mentor)
    url = reverse("sessions_log:meeting_cancel", args=[world["upcoming"].pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not Meeting.objects.filter(status="cancelled").exists()
    client.post(url, {"reason": "I am ill"})
    assert Meeting.objects.get(pk=world["upcoming"].pk).cancel_reason == "I am ill"


def test_the_log_form_leaves_held_or_missed_for_the_person_to_answer(client, pair, mentee):
    meeting = make_meeting(pair, days=-1)
    client.force_login(mentee)
    page = client.get(reverse("sessions_log:log", args=[meeting.pk])).content.decode()
    radios = [tag for tag in page.split("<input") if 'name="held"' in tag]
    assert len(radios) == 2 and not any("checked" in tag for tag in radios)

    response = client.post(
        reverse("sessions_log:log", args=[meeting.pk]),
        {"version": "0", "base": log_fingerprint(None), "summary": "We talked", "rating": "4"},
    )
    assert response.status_code == 200
    assert "Say whether the meeting took place: yes or no." in response.content.decode()
    assert not SessionLog.objects.filter(meeting=meeting).exists()


def test_removing_an_agenda_item_asks_first(client, pair, world, mentor):
    item = world["item"]
    url = reverse("sessions_log:agenda_delete", args=[item.pk])
    client.force_login(mentor)
    meeting_page = client.get(reverse("sessions_log:meeting", args=[item.meeting_id])).content
    assert f'href="{url}"'.encode() in meeting_page  # a link to the question, not a form
    content = client.get(url).content.decode()
    assert "Remove “Your profile as others see it” from the agenda" in content
    assert "this cannot be undone" in content
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(url)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("name", sorted(set(NAMES) - set(READS)))
def test_a_closed_programs_pair_is_read_only(client, pair, world, mentee, name):
    pair.program.phase = "closed"
    pair.program.save()
    client.force_login(mentee)
    assert request(client, pair, world, name).status_code == 403
    assert AgendaItem.objects.count() == 1 and Meeting.objects.count() == 2


def test_the_workspace_lists_cancelled_meetings_and_says_when_only_the_latest(client, pair, mentee):
    client.force_login(mentee)
    url = reverse("sessions_log:workspace", args=[pair.pk])
    for days in range(-10, 0):
        make_meeting(pair, days=days, status="cancelled")
    assert "Cancelled meetings (10)" in client.get(url).content.decode()
    make_meeting(pair, days=-11, status="cancelled")
    assert "Cancelled meetings (the latest 10)" in client.get(url).content.decode()


@pytest.mark.parametrize("forged", ["99999999999999999999999", "-1"])
def test_a_goal_naming_a_forged_skill_id_is_refused_at_the_field(client, pair, mentee, forged):
    client.force_login(mentee)
    response = client.post(
        reverse("sessions_log:goal_new", args=[pair.pk]),
        {
            "direction": Goal.Direction.MENTEE_LEARNS,
            "title": "Post on LinkedIn every week",
            "success": "Four posts",
            "progress": "0",
            "skills": [forged],
        },
    )
    assert response.status_code == 200
    assert f"“{forged}” is not a valid value." in response.content.decode()
    assert not Goal.objects.exists()
