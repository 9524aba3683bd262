"""A whole cohort in Chromium on a real Celery worker (issue 14, the proof): HR opens a program,
people enrol, HR approves and declines (both are told), runs the pairing, blocks a pair (the
mentee stays on the board), undoes the block, publishes after a confirmation with the count,
ends a pair (both told, not proposed again by "Pair late joiners"), and closes the program
(future meetings cancelled, calendar feeds updated, nobody can schedule). Every step is
photographed at laptop and phone width."""

import datetime
import time
from collections.abc import Callable

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from accounts.models import Skill, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from notifications.models import Notification
from pairing.models import Pairing
from programs.models import Enrolment, Phase, Program
from programs.services import EnrolmentData, enrolment_save
from programs.tests.factories import ProgramFactory
from sessions_log.calendar import feed_ics
from sessions_log.models import Meeting
from sessions_log.services import meeting_schedule

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def eventually(check: Callable[[], object], timeout: float = 30) -> None:
    """What the worker does arrives shortly after the page: wait for it, within reason."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {check.__doc__ or check}")
        time.sleep(0.2)


def person(first: str, last: str, level: int, offers=(), wants=(), **profile):
    user = ProfileFactory(level=level, user__first_name=first, user__last_name=last, **profile).user
    for name in offers:
        SkillOffered.objects.create(user=user, skill=Skill.objects.get(name=name), proficiency=5)
    for name in wants or ["Negotiation"]:
        SkillWanted.objects.create(
            user=user, skill=Skill.objects.get(name=name), priority=3, current_level=1
        )
    if not offers:
        SkillOffered.objects.create(
            user=user, skill=Skill.objects.get(name="Executive communication"), proficiency=4
        )
    return user


def told(user, words: str) -> bool:
    return Notification.objects.filter(recipient=user, title__contains=words).exists()


def test_a_cohort_from_opening_to_closing(
    page: Page, live_server, log_in, screenshot, celery_worker, mailoutbox
):
    def shoot(name: str) -> None:
        page.set_viewport_size(LAPTOP)
        screenshot(f"{name}-laptop")
        page.set_viewport_size(PHONE)
        screenshot(f"{name}-phone")
        page.set_viewport_size(LAPTOP)

    def go(path: str) -> None:
        page.goto(f"{live_server.url}{path}")

    hr = UserFactory(first_name="Helen", last_name="Ramirez", hr_admin=True)
    margaret = person(
        "Margaret",
        "Okafor",
        10,
        wants=["Generative AI assistants"],
        department="Finance",
        title="Chief Financial Officer",
    )
    ravi = person("Ravi", "Menon", 9, wants=["Social media for leaders"], department="Sales")
    leo = person("Leo", "Park", 2, offers=["Generative AI assistants"], department="Marketing")
    sofia = person("Sofia", "Reyes", 3, offers=["Social media for leaders"], department="Data")
    tom = person("Tom", "Baker", 3, offers=["Social media for leaders"], department="Data")
    program = ProgramFactory(
        name="Digital Leaders 2026", phase=Phase.DRAFT, requires_approval=True,
        default_capacity=1,
    )  # fmt: skip

    # HR opens the program.
    log_in(hr)
    go(f"/hr/programs/{program.pk}/")
    page.get_by_role("button", name="Open enrolment").click()
    expect(page.get_by_text("The program is now Enrolling.")).to_be_visible()
    shoot("hr-opens-enrolment")

    # People enrol: an executive and a junior through the page, the others alike by service.
    log_in(margaret)
    go(f"/programs/{program.pk}/")
    page.get_by_label("Mentee (executive who learns digital skills)").check()
    page.get_by_label("I have read the ground rules and accept them.").check()
    page.get_by_role("button", name="Enrol").click()
    expect(
        page.get_by_text("HR will confirm your enrolment, and you will hear from us")
    ).to_be_visible()
    shoot("executive-enrols")
    log_in(tom)
    go(f"/programs/{program.pk}/")
    page.get_by_label("Mentor (junior who teaches digital skills)").check()
    page.get_by_label("I have read the ground rules and accept them.").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("You are enrolled as a mentor: waiting for hr.")).to_be_visible()
    for user, role in [(ravi, "mentee"), (leo, "mentor"), (sofia, "mentor")]:
        enrolment_save(
            program=program,
            user=user,
            data=EnrolmentData(role, "", [], 1, accepts_ground_rules=True),
        )

    # HR's home says what waits and leads to it; HR approves four and declines Tom, with a
    # reason; both are told.
    log_in(hr)
    go("/hr/")
    shoot("hr-home")
    page.get_by_text("5 enrolments waiting for your decision").click()
    expect(page.get_by_label(f"Select {tom.display_name}")).to_be_visible()
    go(f"/hr/programs/{program.pk}/")
    for user in (margaret, ravi, leo, sofia):
        page.get_by_label(f"Select {user.display_name}").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text("4 enrolments approved.")).to_be_visible()
    page.get_by_label(f"Select {tom.display_name}").check()
    page.get_by_label("Reason (the employee sees it; required to decline)").fill(
        "We have enough mentors for social media this time"
    )
    page.get_by_role("button", name="Decline selected").click()
    expect(page.get_by_text("1 enrolment declined.")).to_be_visible()
    shoot("hr-decides")
    eventually(lambda: told(margaret, "You are in: Digital Leaders 2026"))
    eventually(lambda: told(tom, "Your enrolment in Digital Leaders 2026 is declined"))
    assert any(m.to == [tom.email] and "enough mentors" in m.body for m in mailoutbox)
    log_in(tom)
    expect(page.get_by_text("HR declined your enrolment: We have enough mentors")).to_be_visible()
    assert "You take part as a mentor" not in page.content()
    shoot("declined-mentor-home")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("HR's reason: We have enough mentors")).to_be_visible()
    shoot("declined-mentor-bell")

    # Matching: the run goes to the worker.
    log_in(hr)
    go(f"/hr/programs/{program.pk}/")
    page.get_by_role("button", name="Close enrolment and start matching").click()
    page.get_by_role("link", name="Pairing board").click()
    page.get_by_role("button", name="Run the pairing").click()
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Pairing under way…")).to_be_hidden(timeout=30_000)
    shoot("proposed")

    # Block Margaret and Leo: Margaret stays on the board, not matched, with "Find a mentor".
    page.locator("tr", has_text="Margaret Okafor").get_by_role("link", name="Block…").click()
    expect(page.get_by_text("No later run of this program pairs these two.")).to_be_visible()
    shoot("block-confirmation")
    page.get_by_role("button", name="Block the pair").click()
    not_matched = page.get_by_test_id("not-matched")
    expect(not_matched).to_contain_text("Margaret Okafor")
    expect(not_matched.get_by_role("link", name="Find a mentor")).to_be_visible()
    shoot("blocked-mentee-stays-visible")
    not_matched.get_by_role("link", name="Find a mentor").click()
    ruled_out = page.get_by_test_id("not-allowed")
    expect(ruled_out).to_contain_text("HR blocked Margaret and Leo on")
    shoot("other-mentors-with-the-ones-ruled-out")
    page.get_by_role("link", name="← Pairing board").click()

    # Undo the block, run again: they are proposed again.
    page.get_by_test_id("pair-rules").get_by_role("button", name="Unblock").click()
    expect(page.get_by_text("are unblocked")).to_be_visible()
    page.get_by_role("button", name="Run again, keeping the locks").click()
    expect(page.locator("tr", has_text="Margaret Okafor")).to_contain_text(
        "Leo Park", timeout=30_000
    )
    expect(page.get_by_text("Pairing under way…")).to_be_hidden(timeout=30_000)
    shoot("block-undone")

    # Publish, after a page that says how many and shows the introduction.
    page.get_by_role("link", name="Publish 2 pairs…").click()
    expect(page.get_by_text("4 people are introduced to their pair")).to_be_visible()
    shoot("publish-confirmation")
    page.get_by_role("button", name="Publish 2 pairs").click()
    expect(page.get_by_text("2 pairs are published")).to_be_visible()
    eventually(lambda: told(margaret, "Your mentor in Digital Leaders 2026: Leo Park"))
    go(f"/hr/programs/{program.pk}/")
    page.get_by_role("button", name="Start the program").click()
    expect(page.get_by_text("The program is now Running.")).to_be_visible()

    # The pairs plan meetings.
    margaret_pair = Pairing.objects.get(program=program, mentee__user=margaret)
    ravi_pair = Pairing.objects.get(program=program, mentee__user=ravi)
    soon = timezone.now() + datetime.timedelta(days=3)
    ended_meeting = meeting_schedule(pairing=margaret_pair, by=leo, starts_at=soon, minutes=45)
    closing_meeting = meeting_schedule(pairing=ravi_pair, by=sofia, starts_at=soon, minutes=45)

    # HR ends Margaret and Leo's pairing: both told, and "Pair late joiners" keeps them apart.
    go(f"/hr/programs/{program.pk}/pairing/")
    page.locator("tr", has_text="Margaret Okafor").get_by_role("link", name="End…").click()
    expect(page.get_by_text("Their 1 future meeting is cancelled")).to_be_visible()
    page.get_by_label("Why does the pairing end?").fill("Margaret moves to the Singapore office")
    shoot("end-confirmation")
    page.get_by_role("button", name="End the pairing").click()
    expect(page.get_by_text("has ended; both are told")).to_be_visible()
    eventually(lambda: told(leo, "Your pairing with Margaret Okafor has ended"))
    eventually(lambda: told(margaret, "Your pairing with Leo Park has ended"))
    eventually(lambda: Meeting.objects.get(pk=ended_meeting.pk).is_cancelled)
    page.get_by_role("button", name="Pair late joiners (published pairs stay)").click()
    expect(page.get_by_text("Pairing under way…")).to_be_hidden(timeout=30_000)
    page.reload()
    expect(page.get_by_test_id("not-matched")).to_contain_text("Margaret Okafor")
    expect(page.get_by_test_id("pair-rules")).to_contain_text("Singapore office")
    assert not program.pairings.proposed().filter(mentee__user=margaret, mentor__user=leo)
    shoot("ended-pair-kept-apart")
    log_in(margaret)
    expect(page.get_by_text("Your pairing with Leo Park ended on")).to_be_visible()
    shoot("executive-home-after-end")

    # HR closes the program: the page says what happens, then it happens.
    log_in(hr)
    go(f"/hr/programs/{program.pk}/")
    page.get_by_role("link", name="Close the program…").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("1 future meeting is cancelled")
    expect(page.get_by_test_id("preview")).to_contain_text("Your 1 future meeting is cancelled")
    shoot("close-confirmation")
    page.get_by_role("button", name="Close the program").click()
    expect(page.get_by_text("The program is closed: 1 future meeting is cancelled")).to_be_visible()
    shoot("closed")
    assert Program.objects.get(pk=program.pk).phase == Phase.CLOSED
    closing_meeting.refresh_from_db()
    assert closing_meeting.is_cancelled and closing_meeting.sequence == 1
    [event] = Calendar.from_ical(feed_ics(sofia)).events  # what her calendar app reads
    assert str(event["status"]) == "CANCELLED" and event["sequence"] == 1
    eventually(lambda: told(ravi, "Digital Leaders 2026 has closed"))
    assert not told(tom, "has closed")  # declined: the program was never his

    # Nobody can schedule in it any more: no button, and the form itself is refused.
    log_in(sofia)
    go(f"/pairs/{ravi_pair.pk}/")
    expect(page.get_by_role("heading", name="You and Ravi Menon")).to_be_visible()
    expect(page.get_by_role("link", name="Schedule a meeting")).to_have_count(0)
    shoot("mentor-workspace-read-only")
    response = page.goto(f"{live_server.url}/pairs/{ravi_pair.pk}/meetings/new/")
    assert response is not None and response.status == 403
    assert Enrolment.objects.get(program=program, user=tom).status == "declined"
