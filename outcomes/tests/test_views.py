"""Who may open which outcome page, hostile input, and that no page shows one person's answers
to HR or to the partner."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Skill
from outcomes.models import Answer, CanDo, CanDoTick, CheckIn, FitCheck, SkillLevel
from outcomes.services import survey_for
from pairing.models import Pairing
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory

from .conftest import fill_outcomes, held_meeting, make_pairs, rate, running_program

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"outcomes:{name}", args=args)


def close(program) -> None:
    program.phase = Phase.CLOSED
    program.save()


@pytest.fixture
def unpaired(program):
    """Enrolled in the program, never in a published pair: the wrong role for its pages."""
    return EnrolmentFactory(program=program, role=Role.MENTOR).user


# Access: outsider 404, wrong role 403, the rightful user 200 ---------------------------------


@pytest.mark.parametrize("name", ["my_growth", "check_in"])
def test_participant_pages_by_role(client, program, pair, outsider, unpaired, name):
    args = (program.pk, "midpoint") if name == "check_in" else (program.pk,)
    for user, status in [(outsider, 404), (unpaired, 403), (pair.mentee.user, 200)]:
        client.force_login(user)
        assert client.get(url(name, *args)).status_code == status, user


@pytest.mark.parametrize("name", ["certificate", "recognition"])
def test_certificate_pages_are_for_the_junior_mentors_of_a_closed_program(
    client, program, pair, outsider, name
):
    client.force_login(pair.mentor.user)
    assert client.get(url(name, program.pk)).status_code == 403  # still running
    close(program)
    for user, status in [(outsider, 404), (pair.mentee.user, 403), (pair.mentor.user, 200)]:
        client.force_login(user)
        assert client.get(url(name, program.pk)).status_code == status
    if name == "certificate":
        response = client.get(url(name, program.pk) + "?thanks=hostile")
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        # A NUL byte in a query string is refused before any view (mentoring.middleware).
        assert client.get(url(name, program.pk) + "?thanks=\x00").status_code == 400


@pytest.mark.parametrize("name", ["fit_check", "can_do", "thanks"])
def test_pair_pages_by_role(client, pair, outsider, hr, name):
    for user in (outsider, hr):  # HR is an outsider to a pair
        client.force_login(user)
        assert client.get(url(name, pair.pk)).status_code == 404
    client.force_login(pair.mentee.user)
    assert client.get(url(name, pair.pk)).status_code == 200
    client.force_login(pair.mentor.user)
    wrong_role = {"thanks": 403}.get(name, 200)  # the executive writes the thanks
    assert client.get(url(name, pair.pk)).status_code == wrong_role
    Pairing.objects.filter(pk=pair.pk).update(status=Pairing.Status.ENDED)
    if name == "fit_check":  # answering needs a running pair
        assert client.get(url(name, pair.pk)).status_code == 403


def test_can_do_ticks_by_the_executive_and_confirmations_by_the_mentor(client, pair, outsider):
    can_do = CanDo.objects.first()
    mark = url("can_do_mark", pair.pk, can_do.pk)
    client.force_login(outsider)
    assert client.post(mark, {"action": "tick"}).status_code == 404
    client.force_login(pair.mentor.user)
    assert client.post(mark, {"action": "tick"}).status_code == 403
    client.force_login(pair.mentee.user)
    assert client.post(mark, {"action": "confirm"}).status_code == 403
    assert client.post(mark, {"action": "tick"}).status_code == 302
    client.force_login(pair.mentor.user)
    client.post(mark, {"action": "confirm"})
    assert CanDoTick.objects.get(pairing=pair, can_do=can_do).confirmed_at is not None
    assert client.post(url("can_do_mark", pair.pk, 10**12), {"action": "tick"}).status_code == 404
    response = client.post(mark, {"action": "\x00"}, follow=True)
    assert "Nothing was changed" in response.content.decode()


HR_PAGES = [
    ("report", ()),
    ("csv", ("meetings",)),
    ("survey_edit", ("midpoint",)),
    ("fit_list", ()),
]


@pytest.mark.parametrize("name, extra", HR_PAGES)
def test_hr_pages_by_role(client, program, pair, hr, name, extra):
    page = url(name, program.pk, *extra)
    assert client.get(page).status_code == 302  # to the login page
    client.force_login(pair.mentee.user)
    assert client.get(page).status_code == 403
    client.force_login(hr)
    assert client.get(page).status_code == 200
    assert client.get(url(name, 10**12, *extra)).status_code == 404


def test_re_pair_ends_the_pair_for_hr_only(client, program, pair, hr):
    repair = url("repair", program.pk, pair.pk)
    client.force_login(pair.mentee.user)
    assert client.post(repair).status_code == 403
    client.force_login(hr)
    other = make_pairs(running_program(), 1)[0]
    assert client.post(url("repair", program.pk, other.pk)).status_code == 404  # forged
    response = client.post(repair)
    assert response.url == reverse("pairing:board", args=[program.pk])
    pair.refresh_from_db()
    assert pair.status == Pairing.Status.ENDED and "poor early fit" in pair.end_reason
    assert "Only a published" in client.post(repair, follow=True).content.decode()


# Hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["\x00", "99999999999999999999999", "0", "-1", "9999-12-31", "", "<b>5</b>"]
)
def test_the_check_in_answers_hostile_values_with_a_message(client, program, pair, value):
    skill = Skill.objects.get(name="Social media for leaders")
    question = survey_for(program=program, moment="midpoint").questions.first()
    client.force_login(pair.mentee.user)
    response = client.post(
        url("check_in", program.pk, "midpoint"),
        {f"skill_{skill.pk}": value, f"q_{question.pk}": value, "skill_999999": "5"},
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not SkillLevel.objects.filter(moment="midpoint").exists()


def test_an_empty_post_or_a_nul_in_free_text_is_refused_with_a_message(client, program, pair):
    client.force_login(pair.mentee.user)
    page = url("check_in", program.pk, "midpoint")
    assert "is-invalid" in client.post(page, {}).content.decode()
    skill = Skill.objects.get(name="Social media for leaders")
    text = survey_for(program=program, moment="midpoint").questions.get(kind="text")
    response = client.post(page, {f"skill_{skill.pk}": "3", f"q_{text.pk}": "a\x00b"})
    assert "Null characters are not allowed" in response.content.decode()


def test_unknown_check_ins_and_tables_are_404(client, program, pair, hr):
    client.force_login(pair.mentee.user)
    assert client.get(url("check_in", program.pk, "start")).status_code == 404
    assert client.get(url("check_in", program.pk, "x" * 500)).status_code == 404
    client.force_login(hr)
    assert client.get(url("csv", program.pk, "people")).status_code == 404
    assert client.get(url("survey_edit", program.pk, "start")).status_code == 404


def test_a_closed_check_in_shows_a_message_and_takes_nothing(client, pair):
    program = running_program(starts_on=pair.program.starts_on.replace(year=2020),
                              ends_on=pair.program.ends_on.replace(year=2020))  # fmt: skip
    [old] = make_pairs(program, 1)
    client.force_login(old.mentee.user)
    response = client.post(url("check_in", program.pk, "midpoint"), {})
    assert "closed on" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("fit", ["0", "6", "\x00", "9" * 40, ""])
def test_the_fit_check_answers_hostile_values_with_a_message(client, pair, fit):
    held_meeting(pair, days_ago=2)
    client.force_login(pair.mentee.user)
    response = client.post(url("fit_check", pair.pk), {"fit": fit, "learning": "3"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not FitCheck.objects.exists()


def test_survey_questions_refuse_hostile_posts_and_lock_once_answered(client, program, hr):
    client.force_login(hr)
    page = url("survey_edit", program.pk, "end")
    assert client.get(page).status_code == 200
    assert client.post(page, {}).status_code == 200  # no management form: a message
    bad = {"form-TOTAL_FORMS": "99999999999", "form-INITIAL_FORMS": "\x00"}
    assert client.post(page, bad).status_code == 200
    Answer.objects.create(question=survey_for(program=program, moment="end").questions.first(),
                          role="mentee", scale=3)  # fmt: skip
    response = client.post(page, {}, follow=True)
    assert "questions stay as they were" in response.content.decode()


# Confidentiality -----------------------------------------------------------------------------


@pytest.mark.parametrize("people, shown", [(4, False), (5, True)])
def test_hr_sees_free_text_only_from_five_answers_and_never_a_name(
    client, program, hr, people, shown
):
    pairings = make_pairs(program, people)
    for index, pairing in enumerate(pairings):  # names no other word on the page can match
        pairing.mentee.user.last_name = f"Answererzq{index}"
        pairing.mentee.user.save(update_fields=["last_name"])
    text = survey_for(program=program, moment="midpoint").questions.get(kind="text")
    for index in range(len(pairings)):
        Answer.objects.create(question=text, role="mentee", text=f"Idea number {index}")
    client.force_login(hr)
    page = client.get(url("report", program.pk)).content.decode()
    assert ("Idea number 0" in page) is shown
    assert ("too few answers to show" in page) is True  # other questions have none
    for pairing in pairings:
        assert pairing.mentee.user.last_name not in page
    csv_text = client.get(url("csv", program.pk, "surveys")).content.decode()
    assert ("Idea number 0" in csv_text) is shown


def test_hr_cannot_tell_which_side_answered_the_fit_check_poorly(client, program, hr):
    [pair] = make_pairs(program, 1)
    client.force_login(hr)

    def page_when(role: str) -> str:
        FitCheck.objects.all().delete()
        FitCheck.objects.create(pairing=pair, role=role, fit=1, learning=1)
        body = client.get(url("fit_list", program.pk)).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert page_when(Role.MENTEE) == page_when(Role.MENTOR)
    assert pair.mentee.user.display_name in page_when(Role.MENTEE)


def test_the_partner_never_sees_the_others_levels_or_fit_answers(client, program, pair):
    rate(pair.mentee, "Social media for leaders", start=1, midpoint=4)
    rate(pair.mentor, "Negotiation", start=2, midpoint=3)
    held_meeting(pair, days_ago=2)
    FitCheck.objects.create(pairing=pair, role=Role.MENTEE, fit=1, learning=2)
    client.force_login(pair.mentor.user)
    growth = client.get(url("my_growth", program.pk)).content.decode()
    assert "Negotiation" in growth and "Social media for leaders" not in growth
    fit = client.get(url("fit_check", pair.pk)).content.decode()
    assert "answered already" not in fit  # the mentee's answer says nothing to the mentor
    workspace = client.get(reverse("sessions_log:workspace", args=[pair.pk])).content.decode()
    assert "poor" not in workspace.lower()


# The outcomes page: its figures, its speed ---------------------------------------------------


def _fill(program, count: int) -> None:
    fill_outcomes(program, make_pairs(program, count, wants=("Social media for leaders",)))


def test_the_outcomes_page_runs_the_same_queries_at_two_sizes(client, hr):
    client.force_login(hr)
    counts = []
    for size in (5, 15):
        program = running_program()
        _fill(program, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("report", program.pk))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    page = response.content.decode()
    assert "Generative AI assistants" in page and "<svg" in page and "Keep it going" in page


def test_every_csv_downloads(client, program, hr):
    _fill(program, 5)
    client.force_login(hr)
    for table in ("meetings", "cadence", "goals", "growth", "surveys", "retention"):
        response = client.get(url("csv", program.pk, table))
        assert response["Content-Type"].startswith("text/csv")
        assert f"program-{program.pk}-{table}.csv" in response["Content-Disposition"]
    growth = client.get(url("csv", program.pk, "growth")).content.decode().splitlines()
    assert growth[0].startswith("who_learns,skill,answered")
    assert "mentee,Generative AI assistants,5,1.00,3.00,2.00,100" in growth


def test_the_programs_list_sums_up_each_closed_program_in_a_line(client, hr):
    closed = running_program(phase=Phase.CLOSED)
    _fill(closed, 5)
    running_program()
    client.force_login(hr)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("hr_programs")).content.decode()
    assert "8 meetings held" in page  # five first meetings, three of the second
    assert "70 % of 10 people improved at least one skill" in page
    assert page.count("outcome-summary") == 1
    assert len(queries) < 18  # the counts, and the running program's health for "at risk"
