"""Nothing of what a pair writes reaches a delegate, by any route.

A marker string sits in every kind of content (agenda items, a topic, a goal, a session log's
summary, both private notes, a cancellation's reason, concerns); the delegate then walks every
page of the pair (404, and nothing changes), their own pages, their calendar feed, every
e-mail and notification they receive (invitation, shared reminders) and the home page. No
marker may show anywhere. Ratings have no text: the delegate's pages show no rating at all.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns.services import concern_raise
from delegates.models import Delegation
from delegates.services import (
    delegate_feed_for,
    delegate_meeting_cancel,
    delegate_meeting_reschedule,
    delegate_meeting_schedule,
    delegation_answer,
    delegation_invite,
)
from notifications.models import Notification
from notifications.rules import run_rules
from outcomes.models import Moment, Question
from outcomes.services import check_in_submit, fit_check_submit, survey_for, thanks_save
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.models import AgendaItem, Meeting, TopicTemplate
from sessions_log.services import (
    agenda_item_add,
    goal_create,
    log_fingerprint,
    meeting_cancel,
    meeting_schedule,
    session_log_save,
)
from sessions_log.tests.test_views import NAMES, pair_urls

from .conftest import make_meeting

pytestmark = pytest.mark.django_db

MARKERS = [
    "AGENDA-MARK-TITLE",
    "AGENDA-MARK-DETAILS",
    "AGENDA-MARK-URL",
    "TOPIC-MARK",
    "GOAL-MARK-TITLE",
    "GOAL-MARK-SUCCESS",
    "SUMMARY-MARK",
    "PRIVATE-MARK-MENTOR",
    "PRIVATE-MARK-EXEC",
    "CANCEL-MARK",
    "CONCERN-MARK-NAMED",
    "CONCERN-MARK-ANON",
    "SURVEY-MARK",
    "THANKS-MARK",
]
RATING_WORDS = re.compile(r"your rating|rated it|\b[1-5]\s*/\s*5\b", re.IGNORECASE)


def _in(days: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)


@pytest.fixture
def world(pair, executive, mentor):
    """A pair in full swing, with a marker in every kind of content they write."""
    goal = goal_create(
        pairing=pair, by=executive, title="GOAL-MARK-TITLE", success="GOAL-MARK-SUCCESS"
    )
    topic = TopicTemplate.objects.create(
        title="TOPIC-MARK", items=[{"title": "TOPIC-MARK item", "details": "TOPIC-MARK"}]
    )
    upcoming = meeting_schedule(
        pairing=pair, by=mentor, starts_at=_in(0.5), minutes=45, topic=topic, notify=False
    )
    item = agenda_item_add(
        meeting=upcoming,
        by=mentor,
        title="AGENDA-MARK-TITLE",
        details="AGENDA-MARK-DETAILS",
        url="https://example.com/AGENDA-MARK-URL",
    )
    cancelled = make_meeting(pair, days=9)
    meeting_cancel(meeting=cancelled, by=mentor, reason="CANCEL-MARK", notify=False)
    past = make_meeting(pair, days=-7)
    session_log_save(
        meeting=past, by=mentor, version=0, base="", held=True, summary="SUMMARY-MARK",
        rating=4, private_note="PRIVATE-MARK-MENTOR",
    )  # fmt: skip
    session_log_save(
        meeting=past, by=executive, version=1, base=log_fingerprint(past.log), held=True,
        summary="SUMMARY-MARK", rating=5, private_note="PRIVATE-MARK-EXEC",
    )  # fmt: skip
    named = concern_raise(
        pairing=pair, by=executive, category="other", text="CONCERN-MARK-NAMED", named=True
    )
    concern_raise(pairing=pair, by=mentor, category="other", text="CONCERN-MARK-ANON", named=False)
    # Surveys and assessments: a written survey answer, a fit check, a line of thanks.
    survey = survey_for(program=pair.program, moment=Moment.MIDPOINT)
    written = Question.objects.get(survey=survey, kind="text")
    check_in_submit(
        enrolment=pair.mentee,
        moment=Moment.MIDPOINT,
        levels={},
        answers={written.pk: "SURVEY-MARK"},
    )
    fit_check_submit(pairing=pair, role=Role.MENTEE, fit=1, learning=2)
    thanks_save(pairing=pair, text="THANKS-MARK for your patience")
    return {
        "goal": goal,
        "upcoming": upcoming,
        "item": item,
        "past": past,
        "cancelled": cancelled,
        "concern": named.concern,
    }


@pytest.fixture
def quiet_pair(executive):
    """A second pairing of the executive, in another program, with nothing planned."""
    program = ProgramFactory(phase=Phase.RUNNING)
    return Pairing.objects.create(
        program=program,
        mentee=EnrolmentFactory(program=program, user=executive, role=Role.MENTEE),
        mentor=EnrolmentFactory(program=program, role=Role.MENTOR),
        status=Pairing.Status.ACTIVE,
        score=0.5,
        published_at=timezone.now() - datetime.timedelta(days=40),
    )


def assert_clean(text: str, where: str) -> None:
    leaked = [marker for marker in MARKERS if marker in text]
    assert leaked == [], f"{where} shows {leaked}"
    assert not RATING_WORDS.search(text), f"{where} shows a rating"


# The pair's pages: one more role in every view's matrix ------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_a_delegate_is_an_outsider_to_every_page_of_the_pair(
    client, pair, world, assistant, delegation, name
):
    client.force_login(assistant)
    method, url = pair_urls(pair, world)[name]
    data = {"title": "A question"} if method == "post" else None
    assert getattr(client, method)(url, data).status_code == 404
    assert AgendaItem.objects.filter(title="A question").count() == 0
    assert AgendaItem.objects.get(pk=world["item"].pk).title == "AGENDA-MARK-TITLE"


OUTCOME_PAGES = [
    ("outcomes:fit_check", "pair"),
    ("outcomes:can_do", "pair"),
    ("outcomes:thanks", "pair"),
    ("outcomes:my_growth", "program"),
    ("outcomes:certificate", "program"),
    ("outcomes:recognition", "program"),
]


@pytest.mark.parametrize(("url_name", "of"), OUTCOME_PAGES)
def test_a_delegate_reaches_no_survey_or_assessment_of_the_pair(
    client, pair, world, assistant, delegation, url_name, of
):
    client.force_login(assistant)
    url = reverse(url_name, args=[pair.pk if of == "pair" else pair.program_id])
    assert client.get(url).status_code == 404
    check_in = reverse("outcomes:check_in", args=[pair.program_id, "midpoint"])
    assert client.get(check_in).status_code == 404


@pytest.mark.parametrize("url_name", ["concerns:raise", "concerns:reveal"])
def test_a_delegate_cannot_raise_or_read_the_pairs_concerns(
    client, pair, world, assistant, delegation, url_name
):
    client.force_login(assistant)
    pk = world["concern"].pk if url_name == "concerns:reveal" else pair.pk
    assert client.get(reverse(url_name, args=[pk])).status_code == 404
    assert client.post(reverse(url_name, args=[pk]), {"confirm": "on"}).status_code == 404


# The delegate's own pages, feed, e-mails and bell ------------------------------------------


def test_nothing_confidential_reaches_a_delegate_by_any_route(
    client,
    pair,
    quiet_pair,
    world,
    executive,
    mentor,
    assistant,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The executive names the assistant, who accepts: both notices go out.
    with django_capture_on_commit_callbacks(execute=True):
        delegation = delegation_invite(executive=executive, email=assistant.email)
    with django_capture_on_commit_callbacks(execute=True):
        delegation_answer(delegation=delegation, accept=True)
    # The sweep: the meeting in twelve hours and the quiet pair's silence, shared with them.
    with django_capture_on_commit_callbacks(execute=True):
        created = run_rules()
    assert created["assist_meeting_soon"] == 1 and created["assist_no_meeting"] == 1
    # The delegate keeps the calendar: schedules, moves, cancels.
    with django_capture_on_commit_callbacks(execute=True):
        meeting = delegate_meeting_schedule(
            pairing=quiet_pair, delegate=assistant, starts_at=_in(5), minutes=30, place="Room 7"
        )
        delegate_meeting_reschedule(
            meeting=world["upcoming"], delegate=assistant, starts_at=_in(2), minutes=45,
            place="Room 8", video_url="https://meet.example.com/x",
        )  # fmt: skip
        delegate_meeting_cancel(meeting=meeting, delegate=assistant, reason="Travel")

    client.force_login(assistant)
    pages = {
        "home": reverse("home"),
        "assist": reverse("delegates:assist"),
        "pair": reverse("delegates:pair", args=[pair.pk]),
        "quiet pair": reverse("delegates:pair", args=[quiet_pair.pk]),
        "new meeting": reverse("delegates:meeting_new", args=[pair.pk]),
        "move": reverse("delegates:meeting_edit", args=[world["upcoming"].pk]),
        "cancel": reverse("delegates:meeting_cancel", args=[world["upcoming"].pk]),
        "my delegates": reverse("delegates:mine"),
        "calendar": reverse("delegates:calendar"),
        "notifications": reverse("notifications:list"),
        "my concerns": reverse("concerns:mine"),
        "my pairs": reverse("sessions_log:pair_list"),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_clean(response.content.decode(), where)
    assert "Room 8" in client.get(pages["pair"]).content.decode()

    feed = delegate_feed_for(user=assistant)
    body = client.get(reverse("delegates:feed", args=[feed.token])).content.decode()
    assert body.count("BEGIN:VEVENT") == Meeting.objects.count()
    assert_clean(body, "the delegate's calendar feed")

    to_delegate = [mail for mail in mailoutbox if mail.to == [assistant.email]]
    assert len(to_delegate) == 3  # the invitation and the two shared reminders
    for mail in to_delegate:
        text = mail.subject + mail.body
        text += "".join(str(content) for content, _ in mail.alternatives)
        text += "".join(str(attachment) for attachment in mail.attachments)
        assert_clean(text, f"the e-mail {mail.subject!r}")

    notes = Notification.objects.filter(recipient=assistant)
    assert notes.count() == 3
    for note in notes:
        assert_clean(f"{note.title} {note.body} {note.link}", f"the notification {note.title!r}")
        assert note.link.startswith(("/assist/", "/delegates/")), note.link


def test_the_pair_hears_who_changed_their_meeting_and_the_delegate_nothing_of_it(
    pair, world, executive, mentor, assistant, delegation, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        delegate_meeting_cancel(meeting=world["upcoming"], delegate=assistant, reason="Ill")
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([executive.email, mentor.email])
    for mail in mailoutbox:
        assert "Anna Assistant" in mail.body and "Why: Ill" in mail.body
        assert_clean(mail.body, "the pair's cancellation e-mail")


def test_a_removed_delegate_no_longer_receives_shared_reminders(
    pair, world, executive, assistant, delegation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as deliveries:
        run_rules()
    Delegation.objects.filter(pk=delegation.pk).update(status=Delegation.Status.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in deliveries:
            callback()
    assert [mail for mail in mailoutbox if mail.to == [assistant.email]] == []


def test_reminders_the_executive_does_not_share_do_not_reach_the_delegate(
    pair, world, quiet_pair, executive, assistant, delegation
):
    delegation.share_meeting_soon = delegation.share_no_meeting = False
    delegation.save()
    created = run_rules()
    assert created["assist_meeting_soon"] == 0 and created["assist_no_meeting"] == 0
    assert created["meeting_soon"] == 2  # the pair is still reminded
