import csv
import io
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Skill, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from programs.forms import ProgramForm
from programs.models import (
    Enrolment,
    EnrolmentStatus,
    Phase,
    Program,
    ProgramInvitation,
    Role,
)
from programs.selectors import SKILL_GAPS_KEPT

from .factories import EnrolmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HR_GET_PAGES = ["programs:dashboard", "programs:edit", "programs:invite"]
HR_POST_ACTIONS = ["programs:phase", "programs:copy", "programs:decide", "programs:announce"]


@pytest.fixture
def hr(db):
    return UserFactory(hr_admin=True)


@pytest.fixture
def program(db):
    return ProgramFactory()


def complete_profile(level: int):
    profile = ProfileFactory(level=level)
    SkillOffered.objects.create(user=profile.user, skill=Skill.objects.first(), proficiency=4)
    SkillWanted.objects.create(
        user=profile.user, skill=Skill.objects.last(), priority=2, current_level=1
    )
    return profile.user


# Access


@pytest.mark.parametrize("name", HR_GET_PAGES + ["hr_programs", "programs:create"])
def test_employee_gets_403_on_hr_program_pages(client, program, name):
    client.force_login(UserFactory())
    kwargs = {} if name in ("hr_programs", "programs:create") else {"pk": program.pk}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("name", HR_POST_ACTIONS)
def test_employee_gets_403_on_hr_program_actions(client, program, name):
    client.force_login(UserFactory())
    assert client.post(reverse(name, kwargs={"pk": program.pk})).status_code == 403
    program.refresh_from_db()
    assert program.phase == Phase.ENROLLING


@pytest.mark.parametrize("name", HR_GET_PAGES)
def test_hr_gets_404_for_a_program_that_does_not_exist(client, hr, name):
    client.force_login(hr)
    assert client.get(reverse(name, kwargs={"pk": 9999})).status_code == 404


@pytest.mark.parametrize("name", HR_GET_PAGES + ["hr_programs", "programs:create"])
def test_hr_opens_program_pages(client, hr, program, name):
    client.force_login(hr)
    kwargs = {} if name in ("hr_programs", "programs:create") else {"pk": program.pk}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_a_draft_program_is_404_for_employees(client):
    draft = ProgramFactory(phase=Phase.DRAFT)
    client.force_login(complete_profile(8))
    assert client.get(reverse("programs:enrol", kwargs={"pk": draft.pk})).status_code == 404
    assert client.post(reverse("programs:withdraw", kwargs={"pk": draft.pk})).status_code == 404


def test_a_closed_enrolment_is_404_for_someone_not_enrolled(client):
    running = ProgramFactory(phase=Phase.RUNNING)
    client.force_login(complete_profile(8))
    assert client.get(reverse("programs:enrol", kwargs={"pk": running.pk})).status_code == 404


def test_a_participant_still_sees_their_running_program(client):
    enrolment = EnrolmentFactory(program=ProgramFactory(phase=Phase.RUNNING))
    client.force_login(enrolment.user)
    response = client.get(reverse("programs:enrol", kwargs={"pk": enrolment.program.pk}))
    assert response.status_code == 200
    assert "Matching has started" in response.content.decode()


def test_anonymous_people_are_asked_to_log_in(client, program):
    response = client.get(reverse("programs:enrol", kwargs={"pk": program.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Employees enrol


def test_an_incomplete_profile_is_completed_first_and_comes_back(client, program):
    user = UserFactory()
    client.force_login(user)
    url = reverse("programs:enrol", kwargs={"pk": program.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:profile')}?next={url}"


def test_employee_enrols_as_mentee_through_the_page(client, program):
    user = complete_profile(8)
    client.force_login(user)
    url = reverse("programs:enrol", kwargs={"pk": program.pk})
    response = client.post(
        url,
        {"role": "mentee", "hopes": "LinkedIn", "availability": ["tue-morning", "thu-midday"],
         "accepts_ground_rules": "on"},
        follow=True,
    )  # fmt: skip
    assert "Thank you for taking part." in response.content.decode()
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.availability == ["tue-morning", "thu-midday"]


def test_the_page_says_why_an_employee_cannot_enrol_in_a_role(client, program):
    client.force_login(complete_profile(8))
    response = client.post(
        reverse("programs:enrol", kwargs={"pk": program.pk}),
        {"role": "mentor", "accepts_ground_rules": "on"},
    )
    assert "Mentors in this program are up to level 4." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_not_accepting_the_ground_rules_names_the_field(client, program):
    client.force_login(complete_profile(8))
    response = client.post(reverse("programs:enrol", kwargs={"pk": program.pk}), {"role": "mentee"})
    assert "Accept the ground rules to take part." in response.content.decode()


def test_employee_withdraws_through_the_page(client, program):
    enrolment = EnrolmentFactory(program=program)
    client.force_login(enrolment.user)
    client.post(reverse("programs:withdraw", kwargs={"pk": program.pk}))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_home_shows_the_employees_programs_and_what_comes_next(client, program):
    enrolment = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    client.force_login(enrolment.user)
    content = client.get(reverse("home")).content.decode()
    assert program.name in content
    assert "HR will confirm your enrolment" in content


# HR


def test_hr_creates_a_program_as_a_draft(client, hr):
    client.force_login(hr)
    response = client.post(
        reverse("programs:create"),
        {"name": "Pilot", "ground_rules": "Be kind.", "cadence_weeks": 2, "meeting_minutes": 45,
         "reminder_hours_before": 24,
         "default_capacity": 1, "min_level_gap": 1, "min_score": 0, "weight_learn": 0.6,
         "weight_give": 0.2, "weight_tz": 0.1, "weight_cross": 0.1, "mentee_min_level": 7,
         "mentor_max_level": 4},
    )  # fmt: skip
    assert response.status_code == 302
    program = Program.objects.get(name="Pilot")
    assert (program.phase, program.created_by) == (Phase.DRAFT, hr)


def test_hr_sees_why_a_phase_move_is_refused(client, hr):
    draft = ProgramFactory(phase=Phase.DRAFT, starts_on=None)
    client.force_login(hr)
    response = client.post(
        reverse("programs:phase", kwargs={"pk": draft.pk}), {"to": "enrolling"}, follow=True
    )
    assert "The program stays Draft: Set all four dates" in response.content.decode()


def test_hr_approves_selected_enrolments_and_must_give_a_reason_to_decline(client, hr):
    program = ProgramFactory(requires_approval=True)
    first, second = (EnrolmentFactory(program=program, status="pending") for _ in range(2))
    client.force_login(hr)
    url = reverse("programs:decide", kwargs={"pk": program.pk})
    response = client.post(url, {"enrolments": [first.pk], "decision": "decline"}, follow=True)
    assert "Say why: the employee sees the reason." in response.content.decode()
    client.post(url, {"enrolments": [first.pk, second.pk], "decision": "approve"})
    assert set(program.enrolments.values_list("status", flat=True)) == {"approved"}


def test_hr_cannot_decide_enrolments_of_another_program(client, hr):
    program, other = ProgramFactory(), ProgramFactory()
    foreign = EnrolmentFactory(program=other, status="pending")
    client.force_login(hr)
    client.post(
        reverse("programs:decide", kwargs={"pk": program.pk}),
        {"enrolments": [foreign.pk], "decision": "approve"},
    )
    foreign.refresh_from_db()
    assert foreign.status == "pending"


def test_hr_invites_people_once_each(
    client, hr, program, mailoutbox, django_capture_on_commit_callbacks
):
    invited = complete_profile(8)
    client.force_login(hr)
    url = reverse("programs:invite", kwargs={"pk": program.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"emails": invited.email.upper()})
        client.post(url, {"emails": invited.email})
    assert ProgramInvitation.objects.filter(program=program).count() == 1
    assert len(mailoutbox) == 1
    assert program.name in mailoutbox[0].subject
    assert f"/programs/{program.pk}/" in mailoutbox[0].body


def test_inviting_an_unknown_address_names_it(client, hr, program):
    client.force_login(hr)
    response = client.post(
        reverse("programs:invite", kwargs={"pk": program.pk}), {"emails": "ghost@nowhere.com"}
    )
    assert "Nobody works here with: ghost@nowhere.com" in response.content.decode()


def test_announcing_mails_everyone_eligible_who_is_not_enrolled(
    client, hr, program, mailoutbox, django_capture_on_commit_callbacks
):
    executive, junior, middle = complete_profile(8), complete_profile(2), complete_profile(5)
    EnrolmentFactory(program=program, user=complete_profile(9))
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:announce", kwargs={"pk": program.pk}))
    assert {m.to[0] for m in mailoutbox} == {executive.email, junior.email}
    assert middle.email not in {m.to[0] for m in mailoutbox}


def test_dashboard_shows_counts_capacity_and_skill_gaps(client, hr, program):
    ai = Skill.objects.get(name="Generative AI assistants")
    for _ in range(3):
        mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
        SkillWanted.objects.create(user=mentee.user, skill=ai, priority=3, current_level=1)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR, capacity=2)
    SkillOffered.objects.create(user=mentor.user, skill=ai, proficiency=5)
    client.force_login(hr)
    response = client.get(reverse("programs:dashboard", kwargs={"pk": program.pk}))
    assert response.context["capacity"] == {"mentor_slots": 2, "mentees": 3}
    gap = response.context["gaps"][0]
    assert (gap.name, gap.wanted, gap.offered, gap.gap) == ("Generative AI assistants", 3, 1, 2)
    assert "Too few mentor places" in response.content.decode()
    # Each row names the skills that matter: what a mentee wants, what a mentor offers.
    other = Skill.objects.exclude(pk=ai.pk)[0]
    SkillOffered.objects.create(user=mentee.user, skill=other, proficiency=3)
    rows = client.get(reverse("programs:dashboard", kwargs={"pk": program.pk})).context["page"]
    assert {(e.role, tuple(e.skill_names)) for e in rows} == {
        ("mentee", ("Generative AI assistants",)),
        ("mentor", ("Generative AI assistants",)),
    }


def test_the_skill_gaps_are_counted_once_a_minute_and_say_when(client, hr, program, monkeypatch):
    ai = Skill.objects.get(name="Generative AI assistants")

    def mentee_wanting_ai():
        mentee = EnrolmentFactory(program=program, role=Role.MENTEE)
        SkillWanted.objects.create(user=mentee.user, skill=ai, priority=3, current_level=1)

    mentee_wanting_ai()
    client.force_login(hr)
    url = reverse("programs:dashboard", kwargs={"pk": program.pk})
    first = client.get(url)
    assert first.context["gaps"][0].wanted == 1
    assert "Counted at " in first.content.decode()
    mentee_wanting_ai()
    kept = client.get(url)  # the counts of enrolments are live, the gaps a minute old at most
    assert kept.context["counts"]["mentee"]["approved"] == 2
    assert kept.context["gaps"][0].wanted == 1
    later = time.time() + SKILL_GAPS_KEPT + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(url).context["gaps"][0].wanted == 2


def test_dashboard_queries_do_not_grow_with_enrolments(
    client, hr, program, django_assert_num_queries
):
    def make(n):
        for _ in range(n):
            enrolment = EnrolmentFactory(program=program)
            SkillWanted.objects.create(
                user=enrolment.user, skill=Skill.objects.first(), priority=1, current_level=1
            )

    make(3)
    client.force_login(hr)
    url = reverse("programs:dashboard", kwargs={"pk": program.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(40)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_list_counts_what_each_filter_keeps_reading_the_figures_where_they_tell(
    client, hr, program
):
    EnrolmentFactory(program=program, role=Role.MENTEE)
    EnrolmentFactory(program=program, role=Role.MENTEE, status=EnrolmentStatus.WITHDRAWN)
    EnrolmentFactory(
        program=program, role=Role.MENTOR, user=ProfileFactory(department="Legal").user
    )
    EnrolmentFactory()  # in another program: not counted
    client.force_login(hr)
    url = reverse("programs:dashboard", kwargs={"pk": program.pk})
    client.get(url)

    def shown(**params):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, params).context["page"]
        counted = sum('SELECT COUNT(*) AS "__count"' in q["sql"] for q in queries)
        return page.paginator.count, len(page.object_list), counted

    everyone, mentees, withdrawn = shown(), shown(role="mentee"), shown(status="withdrawn")
    legal = shown(department="Legal")
    assert [everyone[:2], mentees[:2], withdrawn[:2], legal[:2]] == [(3, 3), (2, 2), (1, 1), (1, 1)]
    # By role and status the count comes from the figures; a department is counted apart.
    assert [everyone[2], mentees[2], withdrawn[2], legal[2]] == [0, 0, 0, 1]


def test_enrolment_export_queries_do_not_grow_and_skills_follow_the_role(client, hr, program):
    wanted, offered = Skill.objects.all()[:2]

    def make(n):
        for index in range(n):
            enrolment = EnrolmentFactory(
                program=program, role=[Role.MENTEE, Role.MENTOR][index % 2]
            )
            SkillWanted.objects.create(
                user=enrolment.user, skill=wanted, priority=1, current_level=1
            )
            SkillOffered.objects.create(user=enrolment.user, skill=offered, proficiency=4)

    def export():
        url = reverse("programs:dashboard", kwargs={"pk": program.pk})
        cache.clear()  # the departments of the filter are kept a minute: count every read
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"format": "csv"})
            text = b"".join(response.streaming_content).decode()
        return list(csv.DictReader(io.StringIO(text))), len(queries)

    client.force_login(hr)
    make(2)
    few_rows, few_queries = export()
    make(30)
    rows, queries = export()
    assert (len(few_rows), len(rows)) == (2, 32)
    assert queries == few_queries
    skills = {(row["role"], row["skills"]) for row in rows}
    assert skills == {("mentee", wanted.name), ("mentor", offered.name)}


def test_enrolment_list_filters_and_exports_csv(client, hr, program):
    EnrolmentFactory(program=program, role=Role.MENTEE)
    mentor = EnrolmentFactory(program=program, role=Role.MENTOR)
    client.force_login(hr)
    url = reverse("programs:dashboard", kwargs={"pk": program.pk})
    page = client.get(url, {"role": "mentor"}).context["page"]
    assert [e.pk for e in page] == [mentor.pk]
    response = client.get(url, {"role": "mentor", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["email"] for row in rows] == [mentor.user.email]
    assert rows[0]["role"] == "mentor"


def test_announcing_first_says_to_how_many_and_shows_the_invitation(
    client, hr, program, mailoutbox, django_capture_on_commit_callbacks
):
    complete_profile(8), complete_profile(2)
    client.force_login(hr)
    invite_page = client.get(reverse("programs:invite", kwargs={"pk": program.pk})).content
    assert b"Announce to 2 people" in invite_page
    url = reverse("programs:announce", kwargs={"pk": program.pk})
    content = client.get(url).content.decode()
    assert f"Announce {program.name} to 2 people" in content
    assert "2 eligible employees who were not invited yet get an e-mail" in content
    assert f"You are invited to {program.name}" in content  # the e-mail, as they will read it
    assert "Send 2 invitations" in content
    assert mailoutbox == []  # nothing is sent by looking
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mailoutbox) == 2


def test_nobody_left_to_announce_to_offers_no_button(client, hr, program):
    client.force_login(hr)
    invite_page = client.get(reverse("programs:invite", kwargs={"pk": program.pk})).content
    assert b"Announce to 0" not in invite_page
    content = client.get(reverse("programs:announce", kwargs={"pk": program.pk})).content.decode()
    assert "Every eligible employee has been invited already." in content
    assert "Send 0" not in content


def test_hr_pastes_an_outlook_list_of_names_and_addresses(
    client, hr, program, mailoutbox, django_capture_on_commit_callbacks
):
    ana, bo = complete_profile(8), complete_profile(8)
    pasted = f'"Silva, Ana" <{ana.email.upper()}>; Bo Park <{bo.email}>;\n'
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programs:invite", kwargs={"pk": program.pk}), {"emails": pasted}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ana.email, bo.email])


def test_text_that_is_not_an_address_is_named(client, hr, program):
    client.force_login(hr)
    response = client.post(
        reverse("programs:invite", kwargs={"pk": program.pk}), {"emails": "Ana Silva; bo@"}
    )
    assert "These are not e-mail addresses" in response.content.decode()


@pytest.mark.parametrize("cadence", ["0", "-1"])
def test_a_cadence_below_one_week_gets_one_message(client, hr, cadence):
    form = ProgramForm({"name": "Spring", "cadence_weeks": cadence})
    assert not form.is_valid()
    assert form.errors["cadence_weeks"] == ["Ensure this value is greater than or equal to 1."]
    assert 'min="1"' in str(form["cadence_weeks"])


def test_the_decision_message_counts_only_the_enrolments_that_changed(client, hr):
    program = ProgramFactory(requires_approval=True)
    waiting = EnrolmentFactory.create_batch(2, program=program, status=EnrolmentStatus.PENDING)
    already = EnrolmentFactory.create_batch(3, program=program, status=EnrolmentStatus.APPROVED)
    client.force_login(hr)
    response = client.post(
        reverse("programs:decide", kwargs={"pk": program.pk}),
        {"enrolments": [e.pk for e in waiting + already], "decision": "approve"},
        follow=True,
    )
    assert "2 enrolments approved" in response.content.decode()


@pytest.mark.parametrize("forged", ["1219089064169061529186758052282368", "-1", "²"])
def test_a_forged_enrolment_id_changes_nothing_and_says_so(client, hr, forged):
    program = ProgramFactory(requires_approval=True)
    waiting = EnrolmentFactory(program=program, status=EnrolmentStatus.PENDING)
    client.force_login(hr)
    response = client.post(
        reverse("programs:decide", kwargs={"pk": program.pk}),
        {"enrolments": [waiting.pk, forged], "decision": "approve"},
        follow=True,
    )
    assert response.status_code == 200
    assert f"Nothing was changed: “{forged}” is not a valid value." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.PENDING
