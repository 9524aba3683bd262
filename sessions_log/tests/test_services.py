import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Skill
from sessions_log.forms import MeetingForm
from sessions_log.models import (
    AgendaItem,
    Goal,
    GoalProgress,
    PrivateNote,
    Rating,
    SessionLog,
    TopicTemplate,
)
from sessions_log.services import (
    GoalConflict,
    LogConflict,
    ProgressChange,
    SessionsError,
    agenda_apply_topic,
    agenda_item_add,
    agenda_item_move,
    agenda_item_tick,
    calendar_feed_for,
    calendar_feed_reset,
    goal_create,
    goal_fingerprint,
    goal_update,
    log_fingerprint,
    meeting_cancel,
    meeting_reschedule,
    meeting_schedule,
    session_log_save,
)

from .conftest import make_meeting

pytestmark = pytest.mark.django_db

LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def last_sunday_of_march(year: int) -> datetime.date:
    day = datetime.date(year, 3, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def schedule_form(zone, day, time, **extra) -> MeetingForm:
    data = {"day": day.isoformat(), "time": time, "minutes": 45, **extra}
    return MeetingForm(data, zone=zone)


# Time zones -----------------------------------------------------------------------------------


def test_a_time_entered_in_london_is_stored_in_utc():
    day = timezone.localdate() + datetime.timedelta(days=30)
    form = schedule_form(LONDON, day, "10:00")
    assert form.is_valid(), form.errors
    expected = datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)
    assert form.cleaned_data["starts_at"] == expected
    assert form.cleaned_data["starts_at"].utcoffset() is not None


def test_the_same_wall_clock_time_moves_in_utc_across_the_daylight_saving_change(pair, mentor):
    """10:00 in London, the Friday before and the Monday after the clocks go forward; the
    junior in New York (whose clocks changed three weeks earlier) sees 06:00, then 05:00."""
    change = last_sunday_of_march(timezone.localdate().year + 1)
    before, after = change - datetime.timedelta(days=2), change + datetime.timedelta(days=1)
    meetings = []
    for day in (before, after):
        form = schedule_form(LONDON, day, "10:00")
        assert form.is_valid(), form.errors
        meetings.append(
            meeting_schedule(
                pairing=pair,
                by=mentor,
                starts_at=form.cleaned_data["starts_at"],
                minutes=45,
                notify=False,
            )
        )
    utc = [m.starts_at.astimezone(datetime.UTC).time() for m in meetings]
    assert utc == [datetime.time(10), datetime.time(9)]
    new_york = [m.starts_at.astimezone(NEW_YORK).time() for m in meetings]
    assert new_york == [datetime.time(6), datetime.time(5)]
    london = [m.starts_at.astimezone(LONDON).time() for m in meetings]
    assert london == [datetime.time(10), datetime.time(10)]


def test_a_time_the_clocks_skip_is_refused_not_moved():
    change = last_sunday_of_march(timezone.localdate().year + 1)
    form = schedule_form(LONDON, change, "01:30")
    assert not form.is_valid()
    assert "does not exist in Europe/London" in form.errors["time"][0]


def test_the_hour_that_happens_twice_means_the_first_one():
    october = datetime.date(timezone.localdate().year + 1, 10, 31)
    change = october - datetime.timedelta(days=(october.weekday() + 1) % 7)
    form = schedule_form(LONDON, change, "01:30")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"].astimezone(datetime.UTC).time() == datetime.time(0, 30)


def test_a_meeting_in_the_past_cannot_be_scheduled():
    form = schedule_form(LONDON, timezone.localdate() - datetime.timedelta(days=1), "10:00")
    assert not form.is_valid()
    assert "future" in form.errors["day"][0]


# Meetings -------------------------------------------------------------------------------------


def test_scheduling_emails_the_other_person_their_own_time_and_an_ics(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    starts_at = datetime.datetime(2030, 6, 4, 14, 0, tzinfo=NEW_YORK)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule(pairing=pair, by=mentor, starts_at=starts_at, minutes=45, place="Café")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentee.email]
    assert "Leo Park scheduled a meeting" in message.subject
    assert "19:00" in message.body and "Europe/London" in message.body  # her time, not his
    name, content, mimetype = message.attachments[0]
    assert name == "meeting.ics" and mimetype == "text/calendar"


def test_reschedule_keeps_the_uid_and_bumps_the_sequence(
    pair, mentor, django_capture_on_commit_callbacks
):
    meeting = make_meeting(pair, days=3)
    uid = meeting.uid
    new_start = meeting.starts_at + datetime.timedelta(days=1, hours=2)
    meeting = meeting_reschedule(
        meeting=meeting, by=mentor, starts_at=new_start, minutes=60, place="Room 4", video_url=""
    )
    assert (meeting.uid, meeting.sequence) == (uid, 1)
    assert meeting.starts_at == new_start and meeting.minutes == 60
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_reschedule(
            meeting=meeting,
            by=mentor,
            starts_at=new_start,
            minutes=30,
            place="Room 4",
            video_url="",
        )
    assert (meeting.uid, meeting.sequence) == (uid, 2)
    assert "moved your meeting" in mail.outbox[-1].subject


def test_cancel_keeps_the_reason_and_bumps_the_sequence(
    pair, mentee, mentor, django_capture_on_commit_callbacks
):
    meeting = make_meeting(pair, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_cancel(meeting=meeting, by=mentee, reason="Board meeting moved")
    assert meeting.is_cancelled and meeting.sequence == 1
    assert meeting.cancel_reason == "Board meeting moved" and meeting.cancelled_by == mentee
    assert mail.outbox[-1].to == [mentor.email]
    with pytest.raises(SessionsError):
        meeting_reschedule(
            meeting=meeting,
            by=mentor,
            starts_at=meeting.starts_at,
            minutes=45,
            place="",
            video_url="",
        )
    with pytest.raises(SessionsError):
        agenda_item_add(meeting=meeting, by=mentor, title="Too late")


def test_a_logged_meeting_cannot_be_cancelled(pair, mentor):
    meeting = make_meeting(pair, days=-1)
    session_log_save(meeting=meeting, by=mentor, version=0, base="", held=True, summary="Done")
    with pytest.raises(SessionsError):
        meeting_cancel(meeting=meeting, by=mentor, reason="Oops")


# Agenda ---------------------------------------------------------------------------------------


def titles(meeting) -> list[str]:
    return list(meeting.agenda.values_list("title", flat=True))


def test_a_meeting_can_start_from_a_topic(pair, mentor, topics):
    topic = TopicTemplate.objects.get(title="Generative AI at work: a first hour")
    meeting = meeting_schedule(
        pairing=pair,
        by=mentor,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        minutes=45,
        topic=topic,
        notify=False,
    )
    assert titles(meeting) == [item["title"] for item in topic.items]
    assert 3 <= len(topic.items) <= 5
    assert meeting.topic == topic
    assert set(meeting.agenda.values_list("added_by", flat=True)) == {mentor.pk}


def test_every_catalogue_topic_has_three_to_five_items(topics):
    counts = {t.title: len(t.items) for t in TopicTemplate.objects.all()}
    assert "LinkedIn for leaders: first post" in counts and len(counts) >= 4
    assert all(3 <= n <= 5 for n in counts.values())


def test_agenda_items_are_added_at_the_end_and_move_up_and_down(pair, mentor, mentee):
    meeting = make_meeting(pair, days=2)
    first = agenda_item_add(meeting=meeting, by=mentor, title="First")
    second = agenda_item_add(meeting=meeting, by=mentor, title="Second")
    question = agenda_item_add(meeting=meeting, by=mentee, title="My question")
    assert titles(meeting) == ["First", "Second", "My question"]

    agenda_item_move(item=question, direction="up")
    assert titles(meeting) == ["First", "My question", "Second"]
    agenda_item_move(item=question, direction="up")
    assert titles(meeting) == ["My question", "First", "Second"]
    agenda_item_move(item=question, direction="up")  # already first: nothing moves
    assert titles(meeting) == ["My question", "First", "Second"]
    agenda_item_move(item=first, direction="down")
    assert titles(meeting) == ["My question", "Second", "First"]
    agenda_item_move(item=first, direction="down")  # already last
    assert titles(meeting) == ["My question", "Second", "First"]
    assert sorted(meeting.agenda.values_list("position", flat=True)) == [0, 1, 2]
    assert second.added_by == mentor and question.added_by == mentee


def test_a_topic_added_later_goes_after_the_existing_items(pair, mentor, topics):
    meeting = make_meeting(pair, days=2)
    agenda_item_add(meeting=meeting, by=mentor, title="Catch up")
    topic = TopicTemplate.objects.get(title="Hybrid meetings that work")
    assert agenda_apply_topic(meeting=meeting, topic=topic, by=mentor) == len(topic.items)
    assert titles(meeting)[0] == "Catch up" and len(titles(meeting)) == 1 + len(topic.items)


def test_the_same_topic_cannot_be_added_twice_to_one_agenda(pair, mentor):
    meeting = make_meeting(pair, days=2)
    topic = TopicTemplate.objects.get(title="Hybrid meetings that work")
    agenda_apply_topic(meeting=meeting, topic=topic, by=mentor)
    with pytest.raises(SessionsError, match="already on this meeting's agenda"):
        agenda_apply_topic(meeting=meeting, topic=topic, by=mentor)
    assert len(titles(meeting)) == len(topic.items)


def test_items_are_ticked_off_and_back(pair, mentor):
    item = agenda_item_add(meeting=make_meeting(pair, days=0), by=mentor, title="Demo")
    agenda_item_tick(item=item, done=True)
    assert AgendaItem.objects.get(pk=item.pk).done
    agenda_item_tick(item=item, done=False)
    assert not AgendaItem.objects.get(pk=item.pk).done


# Goals ----------------------------------------------------------------------------------------


def new_goal(pair, by, **fields) -> Goal:
    return goal_create(pairing=pair, by=by, title="Post on LinkedIn every week", **fields)


def edit(goal: Goal, by, *, version=None, base=None, **changes) -> Goal:
    fields = {
        "title": goal.title,
        "direction": goal.direction,
        "success": goal.success,
        "target_date": goal.target_date,
        "skills": list(goal.skills.all()),
        "progress": goal.progress,
        "status": goal.status,
    }
    fields.update(changes)
    return goal_update(
        goal=goal,
        by=by,
        version=goal.version if version is None else version,
        base=goal_fingerprint(goal) if base is None else base,
        **fields,
    )


def test_each_progress_change_of_a_goal_is_kept_in_its_history(pair, mentee, mentor):
    skill = Skill.objects.get(name="Social media for leaders")
    goal = new_goal(pair, mentee, skills=[skill], target_date=datetime.date(2030, 1, 1))
    goal = edit(goal, mentor, progress=30)
    goal = edit(goal, mentee, success="Ten posts, one with a hundred reactions")  # not progress
    goal = edit(goal, mentee, progress=100, status=Goal.Status.ACHIEVED)
    history = list(GoalProgress.objects.filter(goal=goal).values_list("progress", "status", "by"))
    assert history == [
        (0, "open", mentee.pk),
        (30, "open", mentor.pk),
        (100, "achieved", mentee.pk),
    ]
    assert goal.version == 4 and list(goal.skills.all()) == [skill]


def test_a_stale_goal_edit_is_a_conflict_and_saves_nothing(pair, mentee, mentor):
    goal = new_goal(pair, mentee)
    seen = (goal.version, goal_fingerprint(goal))
    edit(goal, mentor, title="Post on LinkedIn twice a week")
    with pytest.raises(GoalConflict) as conflict:
        edit(goal, mentee, version=seen[0], base=seen[1], title="Post every Monday")
    assert conflict.value.goal.title == "Post on LinkedIn twice a week"
    assert Goal.objects.get(pk=goal.pk).title == "Post on LinkedIn twice a week"


def test_a_stale_goal_form_saved_unchanged_is_no_conflict(pair, mentee, mentor):
    goal = new_goal(pair, mentee)
    seen = (goal.version, goal_fingerprint(goal))
    edit(goal, mentor, progress=40)
    kept = edit(goal, mentee, version=seen[0], base=seen[1])
    assert kept.progress == 40


def test_goals_are_set_while_the_pairing_runs(pair, mentee):
    pair.status = "ended"
    pair.save()
    with pytest.raises(SessionsError):
        new_goal(pair, mentee)


# Session logs ---------------------------------------------------------------------------------


def log(meeting, by, *, version=0, base=None, summary="", **fields) -> SessionLog:
    current = SessionLog.objects.filter(meeting=meeting).first()
    return session_log_save(
        meeting=meeting,
        by=by,
        version=version,
        base=log_fingerprint(current) if base is None else base,
        held=fields.pop("held", True),
        summary=summary,
        **fields,
    )


def test_one_logs_and_the_other_adds_their_rating_and_private_note(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    skills = list(Skill.objects.filter(name__in=["Social media for leaders", "Negotiation"]))
    first = log(
        meeting,
        mentor,
        summary="We drafted her first post.",
        skills=skills,
        rating=4,
        private_note="She is quicker than she thinks.",
    )
    assert first.version == 1
    second = log(
        meeting,
        mentee,
        version=1,
        summary="We drafted her first post.",
        skills=skills,
        rating=5,
        private_note="Ask Leo about hashtags.",
    )
    assert second.pk == first.pk and second.version == 1  # the shared part is unchanged
    assert dict(Rating.objects.values_list("role", "score")) == {"mentor": 4, "mentee": 5}
    assert list(PrivateNote.objects.by(mentee).values_list("text", flat=True)) == [
        "Ask Leo about hashtags."
    ]
    assert list(PrivateNote.objects.by(mentor).values_list("text", flat=True)) == [
        "She is quicker than she thinks."
    ]
    assert set(second.skills_covered.all()) == set(skills)


def test_either_person_can_edit_the_shared_summary(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentor, summary="First post drafted.")
    edited = log(meeting, mentee, version=1, summary="First post drafted and published!")
    assert edited.version == 2 and edited.summary == "First post drafted and published!"
    assert edited.logged_by == mentor and edited.updated_by == mentee


def test_an_empty_private_note_removes_the_old_one(pair, mentee):
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentee, private_note="Secret")
    log(meeting, mentee, version=1, private_note="")
    assert not PrivateNote.objects.exists()


def test_a_stale_summary_is_a_conflict_that_saves_nothing(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentor, summary="Draft")
    both_saw = log_fingerprint(SessionLog.objects.get(meeting=meeting))
    log(meeting, mentor, version=1, base=both_saw, summary="Leo's longer summary")
    with pytest.raises(LogConflict) as conflict:
        log(
            meeting,
            mentee,
            version=1,
            base=both_saw,
            summary="Margaret's summary",
            rating=5,
            private_note="mine",
        )
    assert conflict.value.log.summary == "Leo's longer summary"
    saved = SessionLog.objects.get(meeting=meeting)
    assert (saved.summary, saved.version) == ("Leo's longer summary", 2)
    assert not Rating.objects.filter(by=mentee).exists()
    assert not PrivateNote.objects.by(mentee).exists()


def test_a_stale_form_that_left_the_summary_alone_saves_the_rating(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentor, summary="Draft")
    both_saw = log_fingerprint(SessionLog.objects.get(meeting=meeting))
    log(meeting, mentor, version=1, base=both_saw, summary="Leo's longer summary")
    log(meeting, mentee, version=1, base=both_saw, summary="Draft", rating=3)
    assert SessionLog.objects.get(meeting=meeting).summary == "Leo's longer summary"
    assert Rating.objects.get(by=mentee).score == 3


def test_two_people_logging_the_same_meeting_at_once_conflict(pair, mentee, mentor):
    meeting = make_meeting(pair, days=-1)
    blank = log_fingerprint(None)
    log(meeting, mentor, version=0, base=blank, summary="Leo's")
    with pytest.raises(LogConflict):
        log(meeting, mentee, version=0, base=blank, summary="Margaret's")
    assert SessionLog.objects.get().summary == "Leo's"


def test_goal_progress_logged_after_a_meeting_is_linked_to_it(pair, mentee, mentor):
    goal = new_goal(pair, mentee)
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentor, progress={goal.pk: ProgressChange(was=0, now=40)})
    step = GoalProgress.objects.filter(goal=goal).last()
    assert (step.progress, step.meeting, step.by) == (40, meeting, mentor)
    log(meeting, mentee, version=1, progress={goal.pk: ProgressChange(was=40, now=100)})
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.ACHIEVED


def test_goal_progress_changed_meanwhile_is_a_conflict(pair, mentee, mentor):
    goal = new_goal(pair, mentee)
    meeting = make_meeting(pair, days=-1)
    log(meeting, mentor, progress={goal.pk: ProgressChange(was=0, now=40)})
    with pytest.raises(LogConflict) as conflict:
        log(meeting, mentee, version=1, progress={goal.pk: ProgressChange(was=0, now=20)})
    assert [g.progress for g in conflict.value.goals] == [40]
    assert Goal.objects.get(pk=goal.pk).progress == 40


def test_a_meeting_is_logged_once_it_has_started_and_not_when_cancelled(pair, mentor):
    with pytest.raises(SessionsError):
        log(make_meeting(pair, days=1), mentor, summary="Too early")
    cancelled = make_meeting(pair, days=-1, status="cancelled")
    with pytest.raises(SessionsError):
        log(cancelled, mentor, summary="Cancelled")
    assert not SessionLog.objects.exists()


# Calendar feeds -------------------------------------------------------------------------------


def test_a_feed_token_is_made_once_and_reset_on_demand(mentee):
    feed = calendar_feed_for(user=mentee)
    assert calendar_feed_for(user=mentee).token == feed.token and len(feed.token) >= 40
    assert calendar_feed_reset(user=mentee).token != feed.token
