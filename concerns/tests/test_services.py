import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns.models import Concern, ConcernAuthorship
from concerns.services import (
    ConcernError,
    concern_acknowledge,
    concern_note_add,
    concern_raise,
    concern_resolve,
    concern_reveal,
)
from mentoring.models import OutboxMessage
from notifications.models import Notification, Reminder
from notifications.rules import concerns_open, run_rules

pytestmark = pytest.mark.django_db


def raise_one(pair, by, *, named=False, text="We have not met for two months."):
    return concern_raise(pairing=pair, by=by, category="not_meeting", text=text, named=named)


def test_an_anonymous_concern_keeps_neither_author_nor_pair_nor_time(pair, junior):
    authorship = raise_one(pair, junior)
    concern = Concern.objects.get()
    assert concern.raised_by_id is None and concern.pairing_id is None and not concern.named
    assert concern.program_id == pair.program_id
    assert isinstance(concern.raised_on, datetime.date)
    assert not isinstance(concern.raised_on, datetime.datetime)
    assert concern.raised_on == timezone.localdate()
    # The only link is the author's own row.
    assert authorship.author == junior and authorship.pairing == pair
    assert list(ConcernAuthorship.objects.by(pair.mentee.user)) == []


def test_the_database_refuses_an_anonymous_concern_with_an_author(pair, junior):
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.create(
            program=pair.program, category="other", text="x", raised_on=timezone.localdate(),
            named=False, raised_by=junior,
        )  # fmt: skip


def test_a_named_concern_says_who_and_which_pair(pair, junior):
    raise_one(pair, junior, named=True)
    concern = Concern.objects.get()
    assert concern.raised_by == junior and concern.pairing == pair


@pytest.mark.parametrize("named", [True, False])
def test_raising_a_concern_tells_nobody_at_that_moment(
    pair, junior, named, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        raise_one(pair, junior, named=named)
    assert callbacks == [] and mailoutbox == []
    assert not OutboxMessage.objects.exists() and not Reminder.objects.exists()


def test_only_the_two_people_raise_a_concern_about_their_pair(pair, outsider):
    with pytest.raises(ConcernError, match="Only the two people"):
        raise_one(pair, outsider)
    assert not Concern.objects.exists()


def test_a_proposed_pairing_has_no_concerns_yet(pair, junior):
    pair.status = "proposed"
    pair.save()
    with pytest.raises(ConcernError):
        raise_one(pair, junior)


def test_a_concern_about_an_ended_pairing_is_welcome(pair, junior):
    pair.status, pair.ended_at = "ended", timezone.now()
    pair.save()
    raise_one(pair, junior)
    assert Concern.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   \r\n  ", "x" * 4001])
def test_a_concern_needs_words_and_not_too_many(pair, junior, text):
    with pytest.raises(ConcernError):
        raise_one(pair, junior, text=text)
    assert not Concern.objects.exists() and not ConcernAuthorship.objects.exists()


def test_revealing_names_the_author_and_the_pair_once(pair, junior):
    authorship = raise_one(pair, junior)
    concern = concern_reveal(authorship=authorship)
    assert concern.named and concern.raised_by == junior and concern.pairing == pair
    assert concern.revealed_on == timezone.localdate()
    with pytest.raises(ConcernError, match="knows already"):
        concern_reveal(authorship=authorship)


def test_the_author_of_a_named_concern_hears_of_each_step_once(
    pair, junior, hr, mailoutbox, django_capture_on_commit_callbacks
):
    concern = raise_one(pair, junior, named=True).concern
    with django_capture_on_commit_callbacks(execute=True):
        concern_acknowledge(concern=concern, by=hr)
    with django_capture_on_commit_callbacks(execute=True):
        concern_resolve(concern=concern, by=hr, outcome="talked")
    titles = list(
        Notification.objects.filter(recipient=junior).order_by("pk").values_list("title", "body")
    )
    assert [title for title, _ in titles] == [
        "HR has your concern in hand",
        "Your concern is resolved",
    ]
    # The words say there is news, not what about: inboxes are read by assistants too.
    assert "We have not met" not in titles[1][1] and "We do not meet" not in titles[1][1]
    assert "HR talked" not in titles[1][1] and "concerns page" in titles[1][1]
    assert [mail.to for mail in mailoutbox] == [[junior.email], [junior.email]]
    with pytest.raises(ConcernError):
        concern_acknowledge(concern=concern, by=hr)
    with pytest.raises(ConcernError):
        concern_resolve(concern=concern, by=hr, outcome="talked")


def test_an_anonymous_concern_writes_no_notice_at_any_step(
    pair, junior, hr, mailoutbox, django_capture_on_commit_callbacks
):
    concern = raise_one(pair, junior).concern
    with django_capture_on_commit_callbacks(execute=True):
        concern_acknowledge(concern=concern, by=hr)
        concern_note_add(concern=concern, by=hr, text="Raise it at the next cohort briefing.")
        concern_resolve(concern=concern, by=hr, outcome="program")
    assert mailoutbox == [] and not Reminder.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_resolving_a_new_concern_acknowledges_it_on_the_way(pair, junior, hr):
    concern = raise_one(pair, junior).concern
    concern = concern_resolve(concern=concern, by=hr, outcome="no_action")
    assert concern.acknowledged_by == hr and concern.resolved_by == hr
    with pytest.raises(ConcernError, match="Choose"):
        concern_resolve(concern=raise_one(pair, junior).concern, by=hr, outcome="forged")


def test_hr_hears_of_waiting_concerns_the_day_after_at_most(
    pair, junior, hr, django_capture_on_commit_callbacks
):
    now = timezone.now()
    raise_one(pair, junior)
    # Raised today: nothing yet, so that the reminder's time does not point to the moment.
    assert list(concerns_open(now)) == []
    Concern.objects.update(raised_on=timezone.localdate() - datetime.timedelta(days=1))
    [due] = concerns_open(now)
    assert due.recipient_id == hr.pk and due.context == {"open": 1, "new": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert run_rules(now)["concerns_open"] == 1
        assert run_rules(now)["concerns_open"] == 0  # once a day
    [note] = Notification.objects.filter(recipient=hr, kind="concerns_open")
    assert note.title == "1 concern waits for HR" and note.link == "/hr/concerns/"
