"""The pairing board keeps every approved mentee in view, lists what HR decided with a way back,
says every rule as a sentence about the people, shows scores with their scale and asks before
publishing or blocking (issue 14, items 1, 4, 5 and 6)."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pairing import explain
from pairing.models import Pairing, PairingRun, PairRule
from pairing.services import pair_assign, pair_block, pair_lock, pairing_end, pairings_publish
from programs.models import Phase, Role
from programs.tests.factories import EnrolmentFactory, ProgramFactory

from .conftest import enrol
from .test_services import run

pytestmark = pytest.mark.django_db


def board(client, hr, program) -> str:
    client.force_login(hr)
    return client.get(reverse("pairing:board", kwargs={"pk": program.pk})).content.decode()


def section(content: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</section>', content, re.S)
    return html.unescape(" ".join(match.group(1).split())) if match else ""


def options_page(client, hr, program, mentee) -> str:
    client.force_login(hr)
    url = reverse("pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": mentee.pk})
    return client.get(url).content.decode()


# Item 4: every approved mentee stays visible ---------------------------------------------------


def test_a_mentee_left_without_a_pair_by_a_block_stays_on_the_board(client, hr, program, cohort):
    run(program, hr)
    pair_block(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    unmatched = section(board(client, hr, program), "not-matched")
    assert cohort["ceo"].user.display_name in unmatched
    ceo, ai = cohort["ceo"].user.first_name, cohort["ai"].user.first_name
    assert f"HR blocked {ai} as {ceo}'s mentor on" in unmatched
    find = reverse("pairing:mentee_options", args=[program.pk, cohort["ceo"].pk])
    assert find in unmatched and "Find a mentor" in unmatched
    assert cohort["cfo"].user.display_name not in unmatched  # still proposed


def test_a_mentee_whose_pairing_ended_is_listed_with_the_reason(client, hr, program, cohort):
    run(program, hr)
    pairings_publish(program=program, by=hr, introduce=False)
    pairing_end(pairing=program.pairings.get(mentee=cohort["cfo"]), reason="Moved abroad", by=hr)
    unmatched = section(board(client, hr, program), "not-matched")
    name = cohort["cfo"].user.first_name
    assert f"{name}'s pairing with {cohort['social'].user.first_name} ended on" in unmatched
    assert "Moved abroad" in unmatched


def test_a_mentee_approved_after_the_run_is_listed_too(client, hr, program, cohort):
    run(program, hr)
    late = enrol(program, role=Role.MENTEE, level=9, wants=["Negotiation"])
    unmatched = section(board(client, hr, program), "not-matched")
    assert f"{late.user.first_name} was approved after the last run" in unmatched


def test_the_not_matched_list_runs_the_same_queries_for_more_mentees(client, hr, program, cohort):
    run(program, hr)
    enrol(program, role=Role.MENTEE, level=9, wants=["Negotiation"])

    def queries() -> int:
        board(client, hr, program)
        with CaptureQueriesContext(connection) as captured:
            board(client, hr, program)
        return len(captured)

    few = queries()
    for level in range(7, 10):
        enrol(program, role=Role.MENTEE, level=level, wants=["Negotiation"])
    assert queries() == few


def test_blocks_locks_and_ended_pairs_are_listed_and_can_be_undone(
    client, hr, program, cohort, django_capture_on_commit_callbacks
):
    run(program, hr)
    pair_lock(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    pairings_publish(program=program, by=hr, introduce=False)
    program.phase = Phase.RUNNING
    program.save()
    with django_capture_on_commit_callbacks(execute=True):
        pairing_end(pairing=program.pairings.get(mentee=cohort["cfo"]), reason="No fit", by=hr)
    PairRule.objects.create(
        program=program, mentee=cohort["cfo"], mentor=cohort["ai"], kind="block", created_by=hr
    )
    rules = section(board(client, hr, program), "pair-rules")
    assert "Ended pairings: not paired again in this program (1)" in rules and "No fit" in rules
    assert "Blocked by HR (1)" in rules and "Locked together (1)" in rules

    block = PairRule.objects.get(kind="block")
    client.post(reverse("pairing:undo", args=[program.pk, block.pk]))
    assert not PairRule.objects.filter(pk=block.pk).exists()
    ended = program.pairings.get(status="ended")
    client.post(reverse("pairing:allow_again", args=[program.pk, ended.pk]))
    ended.refresh_from_db()
    assert ended.may_pair_again
    assert "Ended pairings" not in section(board(client, hr, program), "pair-rules")


def test_a_program_without_rules_reads_no_list_of_them(client, hr, program, cohort):
    run(program, hr)
    board(client, hr, program)
    with CaptureQueriesContext(connection) as captured:
        content = board(client, hr, program)
    rule_lists = [
        q["sql"] for q in captured if "pairing_pairrule" in q["sql"] and "accounts_user" in q["sql"]
    ]
    assert rule_lists == [] and 'data-testid="pair-rules"' not in content
    pair_lock(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    assert "Locked together (1)" in section(board(client, hr, program), "pair-rules")


def test_a_rule_of_another_program_cannot_be_undone(client, hr, program, cohort):
    run(program, hr)
    pair_block(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    rule = PairRule.objects.get()
    client.force_login(hr)
    other = ProgramFactory()
    assert client.post(reverse("pairing:undo", args=[other.pk, rule.pk])).status_code == 404
    assert PairRule.objects.filter(pk=rule.pk).exists()


# Item 5: rules as sentences, scores with their scale -------------------------------------------


def test_the_words_name_the_people_and_the_rule():
    assert explain.reports_to("Ravi", "Sofia", 2) == "Ravi reports to Sofia, two levels down"
    assert explain.reports_to("Ravi", "Sofia", 1) == "Ravi reports to Sofia directly"
    assert explain.paired_before("Leo", "Margaret", "Spring 2026") == (
        "Leo and Margaret were paired in Spring 2026"
    )
    assert explain.too_close("Ada", 5, "Cy", 4, 2) == (
        "Ada (level 5) is only one level above Cy (level 4); the program asks for 2"
    )
    said = explain.not_matched(
        "Ada", allowed=0, excluded={"level_gap": 2, "manager_chain": 1}, minimum=0, blocks=[]
    )
    assert said == (
        "No mentor is allowed for Ada: 2 are not junior enough to Ada, "
        "1 is in Ada's management chain."
    )


def test_a_pair_made_against_the_rules_says_which_in_words_on_the_board(
    client, hr, program, cohort
):
    run(program, hr)
    social = cohort["social"].user
    social.profile.manager = cohort["cfo"].user.profile.manager = None
    middle = enrol(program, role=Role.MENTOR, level=6, user__first_name="Mia")
    middle.user.profile.manager = cohort["cfo"].user
    middle.user.profile.save()
    social.profile.manager = middle.user
    social.profile.save()
    pair_assign(program=program, mentee=cohort["cfo"], mentor=cohort["social"], by=hr, confirm=True)
    content = board(client, hr, program)
    assert f"{social.first_name} reports to {cohort['cfo'].user.first_name}, two levels down" in (
        content
    )
    assert "manager_chain" not in content


def test_a_pair_from_an_earlier_program_is_named_with_that_program(client, hr, program, cohort):
    spring = ProgramFactory(name="Spring 2026", phase=Phase.CLOSED)
    Pairing.objects.create(
        program=spring,
        mentee=EnrolmentFactory(program=spring, role=Role.MENTEE, user=cohort["ceo"].user),
        mentor=EnrolmentFactory(program=spring, role=Role.MENTOR, user=cohort["ai"].user),
        status=Pairing.Status.ENDED,
        score=0.9,
        ended_at=timezone.now(),
    )
    run(program, hr)
    content = options_page(client, hr, program, cohort["ceo"])
    ruled_out = section(content, "not-allowed")
    ceo, ai = cohort["ceo"].user.first_name, cohort["ai"].user.first_name
    assert f"{ceo} and {ai} were paired in Spring 2026" in ruled_out


def test_other_mentors_also_lists_the_obvious_ones_not_allowed_and_why(client, hr, program, cohort):
    cohort["ceo"].user.profile.manager = cohort["ai"].user  # the best match, and her manager
    cohort["ceo"].user.profile.save()
    run(program, hr)
    content = options_page(client, hr, program, cohort["ceo"])
    ruled_out = section(content, "not-allowed")
    assert cohort["ai"].user.display_name in ruled_out
    ceo, ai = cohort["ceo"].user.first_name, cohort["ai"].user.first_name
    assert f"{ceo} reports to {ai} directly" in ruled_out
    assert "/ 1" in ruled_out  # scores with their scale


def test_an_unmatched_mentee_reads_why_in_words(client, hr, program, cohort):
    enrol(program, role=Role.MENTEE, level=2, user__first_name="Zoe", wants=["Negotiation"])
    run(program, hr)
    unmatched = section(board(client, hr, program), "not-matched")
    assert "No mentor is allowed for Zoe: 2 are not junior enough to Zoe." in unmatched
    assert "level_gap" not in unmatched


def test_scores_are_shown_with_their_scale(client, hr, program, cohort):
    program.weight_cross = 0.4  # the weights now add up to 1.3
    program.save()
    run(program, hr)
    content = board(client, hr, program)
    assert "/ 1.3" in content and "each pair scores 0 to 1.3" in content
    assert re.search(r"of 2\.6</span>", content)  # two pairs, each up to 1.3


# Item 6: publishing and blocking ask first ----------------------------------------------------


def test_publishing_first_says_how_many_and_shows_the_introduction(
    client, hr, program, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    run(program, hr)
    client.force_login(hr)
    content = board(client, hr, program)
    url = reverse("pairing:publish", kwargs={"pk": program.pk})
    assert f'href="{url}"' in content and "Publish 2 pairs…" in content
    page = client.get(url).content.decode()
    assert "2 proposed pairs become published" in page
    assert "4 people are introduced to their pair" in page
    assert cohort["ai"].user.email in page  # the introduction, with how to reach the mentor
    assert not program.pairings.active().exists() and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "2 pairs are published" in response.content.decode()
    assert program.pairings.active().count() == 2 and len(mailoutbox) == 4


def test_no_publish_button_for_zero_pairs(client, hr, program, cohort):
    content = board(client, hr, program)
    assert "Publish 0" not in content
    page = client.get(reverse("pairing:publish", kwargs={"pk": program.pk})).content.decode()
    assert (
        "There is no proposed pair to publish." in page and "Publish 0 pairs</button>" not in page
    )


def test_blocking_first_says_what_it_does(client, hr, program, cohort):
    run(program, hr)
    pairing = program.pairings.get(mentee=cohort["ceo"])
    url = reverse("pairing:block", kwargs={"pk": program.pk, "pairing_pk": pairing.pk})
    assert f'href="{url}"' in board(client, hr, program)
    page = client.get(url).content.decode()
    assert "appears under “Not matched”" in page and "You can undo the block" in page
    assert Pairing.objects.filter(pk=pairing.pk).exists()
    client.post(url)
    assert not Pairing.objects.filter(pk=pairing.pk).exists()
    assert PairRule.objects.get().kind == "block"


def test_the_run_keeps_how_many_mentors_were_allowed(program, cohort, hr):
    cohort["ai"].capacity = cohort["social"].capacity = 1
    cohort["ai"].save()
    cohort["social"].save()
    enrol(program, role=Role.MENTEE, level=9, wants=["Negotiation"])
    done = run(program, hr)
    [left_out] = done.unmatched
    assert left_out["allowed"] == 2  # both mentors were allowed, and both full
    assert isinstance(PairingRun.objects.get().unmatched[0]["allowed"], int)


def test_the_board_says_who_an_unmatched_mentee_is_kept_apart_from(client, hr, program, cohort):
    run(program, hr)
    pairings_publish(program=program, by=hr, introduce=False)
    program.phase = Phase.RUNNING
    program.save()
    pairing_end(pairing=program.pairings.get(mentee=cohort["cfo"]), reason="No fit", by=hr)
    cohort["ai"].capacity = 1  # the one other mentor is full
    cohort["ai"].save()
    run(program, hr, keep_active=True)
    unmatched = section(board(client, hr, program), "not-matched")
    cfo, social = cohort["cfo"].user.first_name, cohort["social"].user.first_name
    assert f"The one mentor allowed for {cfo} is full." in unmatched
    assert f"Kept apart: the pairing with {social} ended." in unmatched
