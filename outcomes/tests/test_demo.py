import pytest

from mentoring.demo import seed_demo
from outcomes import selectors
from outcomes.demo import PILOT
from programs.models import Phase, Program

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_pilot_whose_outcomes_page_is_full(client):
    seed_demo()
    pilot = Program.objects.get(name=PILOT)
    assert pilot.phase == Phase.CLOSED
    assert any(row.shown for row in selectors.skill_growth(pilot) if row.role == "mentee")
    assert any(row.shown for row in selectors.skill_growth(pilot) if row.role == "mentor")
    assert all(q.shown for q in selectors.survey_results(pilot) if q.kind == "scale")
    assert all(r.shown for r in selectors.retention(pilot))
    assert sum(f.held for f in selectors.meetings_by_fortnight(pilot)) > 100
    assert selectors.summaries([pilot])[pilot.pk].improved_share is not None
    seed_demo()  # again: nothing added
    assert Program.objects.filter(name=PILOT).count() == 1
