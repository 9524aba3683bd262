"""The board's reads: other mentors and totals (pairing/selectors.py)."""

import pytest

from pairing.selectors import alternatives, board_totals
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
