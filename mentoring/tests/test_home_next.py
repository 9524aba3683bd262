"""The home page's "Next" lines are true for the person's actual state, whatever HR did: declined,
approved but not paired, paired before the program starts, pairing ended, program closed; each
pair card names its program; only programs the person may join are offered (issue 14, item 2
and "What employees get")."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from pairing.models import Pairing
from programs.models import EnrolmentStatus, Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory
from sessions_log.tests.conftest import add_pair, make_pair

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def next_lines(content: str) -> list[str]:
    lines = re.findall(r'data-testid="next"><strong>Next:</strong>(.*?)</p>', content, re.S)
    return [" ".join(line.split()) for line in lines]


def test_a_declined_mentor_is_not_told_they_take_part(client):
    enrolment = EnrolmentFactory(
        role=Role.MENTOR, status=EnrolmentStatus.DECLINED, decision_reason="Mentors are full"
    )
    content = home(client, enrolment.user)
    assert "You take part as a mentor" not in content
    assert "You applied as a mentor." in content
    assert next_lines(content) == ["HR declined your enrolment: Mentors are full."]


def test_an_approved_person_not_paired_in_a_running_program_is_not_told_to_meet_a_pair(client):
    enrolment = EnrolmentFactory(program=ProgramFactory(phase=Phase.RUNNING))
    [line] = next_lines(home(client, enrolment.user))
    assert "Meet your pair" not in line
    assert line.startswith("You are not paired yet.")


def test_someone_whose_pairing_ended_reads_that_it_ended(client):
    pair = make_pair()
    Pairing.objects.filter(pk=pair.pk).update(status="ended", ended_at=timezone.now())
    pair.mentee.paired_count = pair.mentor.paired_count = 0
    pair.mentee.save()
    pair.mentor.save()
    [line] = next_lines(home(client, pair.mentee.user))
    assert line.startswith("Your pairing with Leo Park ended on")
    assert "HR will tell you if they find you a new mentor." in line
    assert "Meet your pair" not in line


def test_a_published_pair_before_the_program_starts_is_not_still_being_made(client):
    pair = make_pair()
    pair.program.phase = Phase.MATCHING
    pair.program.save()
    [line] = next_lines(home(client, pair.mentor.user))
    assert "HR is making the pairs" not in line
    assert line.startswith("Your pair is published")


def test_a_paired_person_in_a_running_program_is_told_to_meet(client):
    pair = make_pair()
    [line] = next_lines(home(client, pair.mentee.user))
    assert line == "Meet your pair: a 45-minute meeting every 2 weeks."


def test_a_closed_program_gives_no_instruction_any_more(client):
    pair = make_pair()
    pair.program.phase = Phase.CLOSED
    pair.program.save()
    content = home(client, pair.mentee.user)
    assert next_lines(content) == [] and "My mentor's agenda" not in content


def test_each_pair_card_names_its_program(client):
    first = make_pair(name="Spring 2026")
    second = add_pair(ProgramFactory(name="Autumn 2026", phase=Phase.RUNNING))
    Pairing.objects.filter(pk=second.pk).update(mentor=first.mentor)
    content = home(client, first.mentor.user)
    programs = re.findall(r'data-testid="pair-program">(.*?)<', content)
    assert sorted(programs) == ["Autumn 2026", "Spring 2026"]


def test_programs_the_person_cannot_join_are_not_offered(client):
    junior = ProfileFactory(level=5, department="Sales").user  # between the two roles' levels
    ProgramFactory(name="Executives only", mentee_min_level=7, mentor_max_level=4)
    ProgramFactory(name="Finance cohort", departments=["Finance"])
    ProgramFactory(name="Open to all", mentee_min_level=5)
    content = home(client, junior)
    assert "Open to all" in content
    assert "Executives only" not in content and "Finance cohort" not in content


def test_an_open_program_is_quieter_than_the_persons_own_pair(client):
    pair = make_pair()
    ProgramFactory(name="Next cohort", mentee_min_level=1)
    content = home(client, pair.mentee.user)
    assert "Also open for enrolment" in content and "Next cohort" in content
    assert 'data-testid="open-program"' not in content  # no big card with a primary button
    assert content.index("My mentor's agenda") < content.index("Next cohort")

    newcomer = ProfileFactory(level=9).user
    assert 'data-testid="open-program"' in home(client, newcomer)
