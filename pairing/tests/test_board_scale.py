"""The pairing board at thousands of pairs (issue 12): a page at a time, rule-breaking pairs
first, found by name and department, the program's totals whole, the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pairing.models import Pairing
from pairing.selectors import BOARD_PAGE
from programs.models import Role

from .conftest import enrol

pytestmark = pytest.mark.django_db


def make_pairs(program, count: int, *, department: str = "Sales", breaking: bool = False):
    for n in range(count):
        mentee = enrol(program, role=Role.MENTEE, level=9, department=department)
        mentor = enrol(program, role=Role.MENTOR, level=2, department="Legal")
        Pairing.objects.create(
            program=program, mentee=mentee, mentor=mentor, score=0.5 + n / 1000,
            breaks=["level_gap"] if breaking else [],
        )  # fmt: skip


def get_board(client, program, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pairing:board", kwargs={"pk": program.pk}), params)
    return response, len(queries)


def test_the_board_shows_a_page_of_pairs_in_the_same_queries_at_any_size(client, hr, program):
    client.force_login(hr)
    make_pairs(program, 3)
    get_board(client, program)
    _, few = get_board(client, program)
    make_pairs(program, BOARD_PAGE + 10)

    response, many = get_board(client, program)

    assert many == few
    assert len(response.context["proposed"].object_list) == BOARD_PAGE
    assert response.context["totals"]["proposed"] == BOARD_PAGE + 13
    assert f"Publish {BOARD_PAGE + 13} pairs" in response.content.decode()
    second, _ = get_board(client, program, proposed=2)
    assert len(second.context["proposed"].object_list) == 13


def test_rule_breaking_pairs_come_first_and_filters_find_a_department(client, hr, program):
    client.force_login(hr)
    make_pairs(program, 4)
    make_pairs(program, 1, department="Finance", breaking=True)

    first = get_board(client, program)[0].context["proposed"].object_list[0]
    assert first.breaks == ["level_gap"] and first.break_words

    finance = get_board(client, program, department="Finance")[0]
    assert [p.mentee.user.profile.department for p in finance.context["proposed"]] == ["Finance"]
    assert finance.context["totals"]["proposed"] == 5  # the whole program's, not the filter's
    # A name no other generated person can have (a random one sometimes repeats).
    first.mentee.user.__class__.objects.filter(pk=first.mentee.user_id).update(last_name="Zyxwvut")
    name = "Zyxwvut"
    found = get_board(client, program, q=name)[0].context["proposed"].object_list
    assert [p.pk for p in found] == [first.pk]
    breaking = get_board(client, program, broken="1")[0].context["proposed"].object_list
    assert [p.pk for p in breaking] == [first.pk]
    by_score = get_board(client, program, sort="score")[0].context["proposed"].object_list
    assert [p.score for p in by_score] == sorted((p.score for p in by_score), reverse=True)


def test_other_mentors_reads_the_same_queries_at_any_size_and_finds_a_mentor_by_name(
    client, hr, program
):
    client.force_login(hr)
    mentee = enrol(program, role=Role.MENTEE, level=9, wants=["Negotiation"])
    url = reverse("pairing:mentee_options", kwargs={"pk": program.pk, "enrolment_pk": mentee.pk})

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    make_pairs(program, 2)
    few = queries()
    make_pairs(program, 20)
    assert queries() == few

    wanted = enrol(program, role=Role.MENTOR, level=2, offers=["Negotiation"])
    # A name no generated person shares (a short one such as "Li" is part of many names).
    wanted.user.last_name = "Quennell-Oyelaran"
    wanted.user.save(update_fields=["last_name"])
    response = client.get(url, {"mentor_q": wanted.user.last_name})
    assert [m.pk for m in response.context["found"]] == [wanted.pk]
    assert response.context["choices"].allowed[0]["mentor"] == wanted
    assert "<select" not in response.content.decode()


def test_each_list_counts_its_own_rows_and_unfiltered_takes_them_from_the_totals(
    client, hr, program
):
    client.force_login(hr)
    make_pairs(program, 4)
    make_pairs(program, 1, department="Finance", breaking=True)
    enrol(program, role=Role.MENTEE, level=9)  # approved, with no pair
    get_board(client, program)

    whole, whole_queries = get_board(client, program)
    finance, finance_queries = get_board(client, program, department="Finance")

    assert whole.context["proposed"].paginator.count == 5
    assert whole.context["totals"]["unmatched"] == 1
    assert whole.context["not_matched"].paginator.count == 1
    assert [n.enrolment.role for n in whole.context["not_matched"]] == [Role.MENTEE]
    assert finance.context["proposed"].paginator.count == 1
    assert finance.context["totals"]["proposed"] == 5
    # Filtered, each list of pairs counts its own rows; unfiltered, the totals said how many.
    assert finance_queries == whole_queries + 2
