"""The board's reads: other mentors and totals (pairing/selectors.py)."""

import pytest

from pairing.selectors import alternatives, board_totals, with_people
from pairing.services import pair_block

from .test_services import run

pytestmark = pytest.mark.django_db


def test_alternatives_list_other_allowed_mentors_with_free_places(program, cohort, hr):
    run(program, hr)
    options = alternatives(program=program, mentee=cohort["ceo"]).allowed
    assert [o["mentor"] for o in options] == [cohort["social"]]
    assert options[0]["free"] == 1  # two places, one taken by a proposal


def test_the_totals_follow_each_change(program, cohort, hr):
    run(program, hr)
    before = board_totals(program)
    assert before["matched"] == 2
    pair_block(pairing=program.pairings.get(mentee=cohort["ceo"]), by=hr)
    after = board_totals(program)
    assert after["matched"] == 1 and after["total_score"] < before["total_score"]


def test_pairings_come_with_their_people_and_one_whose_people_are_gone_is_left_out(
    program, cohort, hr, django_assert_num_queries
):
    run(program, hr)
    kept, gone = list(program.pairings.order_by("pk"))
    with django_assert_num_queries(1):  # both pairs' people, with their profiles, at once
        shown = with_people([kept, gone])
        names = [(p.mentee.user.profile.level, p.mentor.user.email) for p in shown]
    assert len(names) == 2
    gone.mentee.delete()  # its pairing goes with it, as when its program is deleted meanwhile
    assert with_people([kept, gone]) == [kept]
